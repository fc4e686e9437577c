from django.http import HttpRequest
from django.shortcuts import render


def no_such_committee(request: HttpRequest):
    """A host that names no committee: a clear 404 page (django-tenants calls this)."""
    host = request.get_host().split(":")[0]
    return render(request, "ui/no_such_committee.html", {"host": host}, status=404)


no_such_committee.access_public = True


def page_not_found(request, exception=None):
    return render(request, "ui/404.html", status=404)


def server_error(request):
    return render(request, "ui/500.html", status=500)
