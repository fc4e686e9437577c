from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from roles.policy import Capability
from tenants.structure import member_import, selectors, services
from tenants.structure.models import Sector
from ui.htmx import int_or_none

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def units(request):
    return render(request, "structure/units.html", {"units": selectors.unit_list()})


def unit_detail(request, pk: int):
    unit = get_object_or_404(selectors.unit_list(), pk=pk)
    members = selectors.member_list().filter(unit=unit)
    return render(request, "structure/unit_detail.html", {"unit": unit, "members": members})


def leaders(request):
    return render(request, "structure/leaders.html", {"leaders": selectors.leader_list()})


def members(request):
    """Members with a sector filter and a name search; HTMX swaps only the table."""
    sector_id = int_or_none(request.GET.get("sector"))
    query = request.GET.get("q", "").strip()[:30]
    context = {
        "members": selectors.member_list(sector_id=sector_id, query=query),
        "sectors": Sector.objects.all(),
        "sector_id": sector_id,
        "q": query,
    }
    template = "structure/partials/member_table.html" if request.htmx else "structure/members.html"
    return render(request, template, context)


# --- members imported from the .xlsx template (administrators) ----------------------------------


def member_template(request):
    """The import template of this committee, with its sectors and units to choose from."""
    response = HttpResponse(member_import.member_template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(_("委员导入模板") + ".xlsx")
    return response


member_template.access_capability = Capability.ADMINISTER


def member_import_page(request):
    """Step 1: upload a filled template; the preview lists each wrong cell. Nothing is saved."""
    context = {"preview": None, "token": "", "errors": []}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = [_("请选择要导入的 .xlsx 文件。")]
        elif upload.size > member_import.MAX_UPLOAD_BYTES:
            context["errors"] = [_("文件超过 %(mb)s MB 上限。") % {"mb": member_import.MAX_UPLOAD_BYTES // (1024 * 1024)}]
        else:
            preview = member_import.member_sheet_read(upload.read())
            context["preview"] = preview
            if preview.ok:
                context["token"] = member_import.rows_sign(preview.rows)
    failed = bool(context["errors"] or (context["preview"] and not context["preview"].ok))
    return render(request, "structure/member_import.html", context, status=400 if failed else 200)


member_import_page.access_capability = Capability.ADMINISTER


def member_import_confirm(request):
    """Step 2: save the previewed rows, all or nothing; new accounts' temporary passwords are shown once."""
    if request.method != "POST":
        return redirect("structure:member_import")
    try:
        imported = services.members_import(actor=request.user,
                                           rows=member_import.rows_unsign(request.POST.get("token", "")))
    except (ValidationError, PermissionDenied) as error:
        errors = getattr(error, "messages", None) or [str(error)]
        return render(request, "structure/member_import.html",
                      {"preview": None, "token": "", "errors": errors}, status=400)
    response = render(request, "structure/member_import_done.html", {"imported": imported})
    response["Cache-Control"] = "no-store"
    return response


member_import_confirm.access_capability = Capability.ADMINISTER
