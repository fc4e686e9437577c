from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ui.api import error_body


def no_such_committee(request: HttpRequest):
    """A host that names no committee: a clear 404 page (django-tenants calls this)."""
    host = request.get_host().split(":")[0]
    return render(request, "ui/no_such_committee.html", {"host": host}, status=404)


no_such_committee.access_public = True


def page_not_found(request, exception=None):
    return render(request, "ui/404.html", status=404)


def bad_request(request, exception=None):
    """A request the project refuses as such (too many fields, a suspicious header): 400.

    Rendered without the request's context (it may be refused before sessions
    and users are read); on /api/ paths the API's one error body.
    """
    too_many = isinstance(exception, TooManyFieldsSent)
    if too_many:
        detail = _("请求的参数或表单字段过多（最多 %(limit)s 个）。") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    else:
        detail = _("请求无法处理，请检查地址或表单后重试。")
    if request.path.startswith("/api/"):
        body = error_body(code="too_many_fields" if too_many else "bad_request", detail=detail)
        return JsonResponse(body, status=400)
    return HttpResponseBadRequest(render_to_string("ui/400.html", {"detail": detail}))


def server_error(request):
    return render(request, "ui/500.html", status=500)
