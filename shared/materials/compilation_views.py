"""The compilation import page: upload a volume, review its split, correct it, save.

Thin: the splitter and the import live in ``shared.materials.compilation_import``,
the row edits (split at a line, add, merge, drop) in ``compilation_rows``. The
preview is one form: "拆分预览" splits the uploaded file; each row's buttons post
the rows as they stand with one operation and get them back changed (an HTMX
request swaps only the preview, a plain one renders the page again; neither
reads the file again); "确认保存" saves the included rows.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.extraction import DocumentError
from roles.policy import Capability
from shared.materials import compilation_import as importing
from shared.materials import services
from shared.materials.compilation_rows import PreviewRow, apply, bad_dates, rows_from_post
from shared.materials.credit import committees
from shared.materials.forms import CompilationUploadForm
from ui.htmx import form_errors_add, redirect_after

PARTIAL = "materials/partials/compilation_split.html"


def _rows_from_preview(preview: importing.SplitPreview) -> list[PreviewRow]:
    rows = []
    for row in preview.rows:
        date = row.document_date or preview.document_date
        rows.append(PreviewRow(
            title=row.title, organisation_name=row.organisation_name, author=row.author,
            document_date=date.isoformat() if date else "", body=row.body, toc_number=row.toc_number,
        ))
    return rows


def _shown(rows: list[PreviewRow]) -> list[dict]:
    """Each row with who it will be credited to, as the page says it."""
    credits: dict[tuple, importing.RowCredit] = {}
    shown = []
    for index, row in enumerate(rows):
        key = (row.organisation_id, row.organisation_name)
        if key not in credits:
            credits[key] = importing.row_credit(organisation_id=row.organisation_id,
                                                organisation_name=row.organisation_name)
        shown.append({"index": index, "row": row, "credit": credits[key], "lines": row.lines})
    return shown


def _import_rows(rows: list[PreviewRow]) -> list[importing.ImportRow]:
    return [
        importing.ImportRow(
            title=row.title, organisation_id=row.organisation_id, body=row.body, author=row.author,
            organisation_name=row.organisation_name, outside_region=row.outside_region,
            document_date=row.date(),
        )
        for row in rows if row.include
    ]


def compilation_upload(request):
    """Step 1 (action=split): split the volume and show its materials for review, saving nothing.
    Edits (op=split-N, add-N, add-end, merge-N, drop-N): change the rows shown, saving nothing.
    Step 2 (action=save): save the reviewed materials and the compilation together."""
    context = {"can_edit": services.compilation_import_allowed(request.user, request.tenant)}
    if request.method != "POST":
        context["form"] = CompilationUploadForm()
        context["committee_names"] = [o.name for o in committees()]
        return render(request, "materials/compilation_upload.html", context)
    if not context["can_edit"]:
        raise PermissionDenied(_("只有本会的管理员和委室工作人员（在省政协网站上还有省政协工作人员）可以导入汇编。"))

    operation = request.POST.get("op", "")
    action = "edit" if operation else request.POST.get("action", "split")
    form = CompilationUploadForm(request.POST, request.FILES)
    if action != "split":
        form.fields["file"].required = False  # the rows are in the form; the file was split already
    context.update(form=form, split_title=request.POST.get("split_title", ""), split_done=True)
    rows = rows_from_post(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            if action == "edit":
                rows, said = apply(rows, operation, request.POST)
                context["notice"] = said
            elif action == "save":
                problems = bad_dates(rows)
                if problems:
                    raise ValidationError({"__all__": problems})
                occasion = None
                if data.get("occasion_name"):
                    occasion = services.occasion_ensure(
                        name=data["occasion_name"], held_on=data["occasion_date"], host=request.tenant,
                    )
                file_data = upload.read() if upload else None
                default_title = upload.name.rsplit(".", 1)[0] if upload else context["split_title"]
                compilation = importing.compilation_import(
                    actor=request.user, title=data.get("title") or default_title,
                    rows=_import_rows(rows), occasion=occasion, visibility=data["visibility"],
                    file_name=upload.name if upload else None, file_data=file_data,
                )
                messages.success(request, _("已保存汇编“%(title)s”，共 %(count)s 篇材料。") % {
                    "title": compilation.title, "count": compilation.entries.count()})
                return redirect_after(request, reverse("materials:compilation_detail", args=[compilation.id]))
            else:
                preview = importing.compilation_split_preview(filename=upload.name, data=upload.read())
                rows = _rows_from_preview(preview)
                context["warnings"] = preview.warnings
                context["split_title"] = preview.title
        except services.AlreadySaved as retry:
            messages.info(request, retry.message)
            return redirect_after(request, reverse("materials:compilation_detail", args=[retry.saved.id]))
        except DocumentError as error:
            form.add_error("file", error.message)
            context["split_done"] = bool(rows)
        except ValidationError as error:
            form_errors_add(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    context["rows"] = _shown(rows)
    if request.htmx:
        return render(request, PARTIAL, context)
    context["committee_names"] = [o.name for o in committees()]
    return render(request, "materials/compilation_upload.html", context, status=400 if form.errors else 200)


# a provincial officer imports on the province's site without an editing role: the service decides
compilation_upload.access_capability = Capability.VIEW
