"""Pages of exchange materials on a committee's host. Thin: forms parse, services write, selectors read."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.extraction import DocumentError
from operations.downloads import DOCX, download_audited
from roles.enforcement import request_access
from roles.policy import Capability
from ui.htmx import form_errors_add, int_or_none, redirect_after
from shared.materials import selectors, services
from shared.materials.dates import document_date_in
from shared.materials.export import compilation_docx
from shared.materials.forms import (
    CompilationBuildForm, MaterialEditForm, MaterialUploadForm, ShareForm,
)
from shared.materials.models import Compilation, Material, Visibility

READ_WRITE = {"GET": Capability.VIEW, "HEAD": Capability.VIEW, "POST": Capability.EDIT}


def _can_edit(request) -> bool:
    return request_access(request).allows(Capability.EDIT)


def _can_import_compilation(request) -> bool:
    return services.compilation_import_allowed(request.user, request.tenant)


def _can_administer(request) -> bool:
    return request_access(request).allows(Capability.ADMINISTER)


def _material_or_404(pk: int) -> Material:
    try:
        return selectors.material_get(pk)
    except Material.DoesNotExist:
        raise Http404("没有这份材料，或本会无权查看。") from None


# --- list and detail ---------------------------------------------------------------


def home(request):
    """The committee's own materials and those shared with it; filters by scope, theme and occasion."""
    own_only = request.GET.get("scope") == "own"
    theme_id, occasion_id = int_or_none(request.GET.get("theme")), int_or_none(request.GET.get("occasion"))
    materials = selectors.material_list(own_only=own_only, theme_id=theme_id, occasion_id=occasion_id)
    context = {
        "materials": materials[:200],
        "total": materials.count(),
        "own_only": own_only,
        "themes": selectors.theme_list().filter(is_listed=True),
        "occasions": selectors.occasion_list(),
        "theme_id": theme_id,
        "occasion_id": occasion_id,
        "can_edit": _can_edit(request), "can_import_compilation": _can_import_compilation(request),
    }
    if not request.htmx:
        context["credits_pending"] = list(selectors.material_credits_pending()[:50])
        context["can_decide_credit"] = _can_administer(request)
    template = "materials/partials/material_table.html" if request.htmx else "materials/home.html"
    return render(request, template, context)


def material_detail(request, pk: int):
    material = _material_or_404(pk)
    editable = selectors.material_editable(material) and _can_edit(request)
    return render(request, "materials/detail.html", {
        "material": material,
        "editable": editable,
        "deletable": editable and selectors.material_deletable(material),
        "can_decide_credit": (material.credited_elsewhere and material.organisation_id == request.tenant.pk
                              and _can_administer(request)),
        "share_form": ShareForm(initial={"visibility": material.visibility}),
        "paragraphs": [p for p in material.body.splitlines() if p.strip()],
    })


def material_file(request, pk: int):
    """The original file, to whoever may read the material."""
    material = _material_or_404(pk)
    if not material.file:
        raise Http404("这份材料没有原始文件。")
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404("原始文件已不存在。") from None
    filename = material.file_name or material.file.name.rsplit("/", 1)[-1]
    # The file is streamed from MEDIA_ROOT by this view (never a /media/ or /static/ URL):
    # always a download, and never content-sniffed into something a browser would run.
    return download_audited(request, handle, filename=filename, content_type="application/octet-stream",
                            kind="material_file", detail={"material_id": material.id,
                                                          "title": material.title[:200], "file_name": filename})


# --- upload with preview -------------------------------------------------------------


def _upload_form(request, data=None, files=None, initial=None):
    return MaterialUploadForm(
        data, files, initial=initial,
        themes=selectors.theme_list(), occasions=selectors.occasion_list(),
        committees=selectors.organisations_for_credit(),
    )


def material_upload(request):
    """Step 1 (action=preview): extract the text and show it, saving nothing.
    Step 2 (action=confirm): save the file and the confirmed text together."""
    context = {"can_edit": _can_edit(request), "extracted": None}
    if request.method != "POST":
        context["form"] = _upload_form(request)
        return render(request, "materials/upload.html", context)

    form = _upload_form(request, request.POST, request.FILES)
    context["form"] = form
    action = request.POST.get("action", "preview")
    if form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        file_data = upload.read() if upload else None
        try:
            if action == "confirm":
                material = services.material_create(
                    actor=request.user, title=data["title"], body=data.get("body") or "",
                    author=data.get("author") or "", occasion=data.get("occasion"),
                    theme_ids=[t.id for t in data.get("themes") or []], free_tags=data["free_tags"],
                    visibility=data["visibility"], document_date=data.get("document_date"),
                    file_name=upload.name if upload else None, file_data=file_data,
                    **form.credit_arguments(),
                )
                messages.success(request, f"已保存“{material.title}”。")
                return redirect_after(request, reverse("materials:detail", args=[material.id]))
            if upload:
                extracted = services.material_extract(filename=upload.name, data=file_data)
                post = request.POST.copy()
                post["body"] = extracted.text
                if not post.get("title"):
                    post["title"] = extracted.paragraphs[0][:200]
                if not post.get("document_date") and not data.get("occasion"):
                    found = document_date_in(extracted.text)
                    post["document_date"] = found.isoformat() if found else ""
                form = _upload_form(request, post, request.FILES)
                form.is_valid()
                context.update(form=form, extracted=extracted, upload_name=upload.name)
            else:
                context["previewed_text"] = True
        except services.AlreadySaved as retry:
            messages.info(request, retry.message)
            return redirect_after(request, reverse("materials:detail", args=[retry.saved.id]))
        except DocumentError as error:
            form.add_error("file", error.message)
        except ValidationError as error:
            form_errors_add(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    failed = bool(form.errors)
    template = "materials/partials/upload_details.html" if request.htmx else "materials/upload.html"
    return render(request, template, context, status=400 if failed and not request.htmx else 200)


material_upload.access_capability = READ_WRITE


# --- change, share, delete -----------------------------------------------------------


def _editable_or_404(request, pk: int) -> Material:
    material = _material_or_404(pk)
    if not selectors.material_editable(material):
        raise PermissionDenied("这份材料不属于本会，不能修改。")
    return material


def material_edit(request, pk: int):
    material = _editable_or_404(request, pk)
    choices = {"themes": selectors.theme_list(), "occasions": selectors.occasion_list(),
               "committees": selectors.organisations_for_credit(),
               "credit_editable": request.tenant.pk == material.keeper_id}
    if request.method == "POST":
        form = MaterialEditForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.material_update(
                    actor=request.user, material=material, title=data["title"], body=data["body"],
                    author=data["author"], occasion=data["occasion"],
                    theme_ids=[t.id for t in data["themes"]], free_tags=data["free_tags"],
                    visibility=data["visibility"], document_date=data.get("document_date"),
                    **form.credit_arguments(),
                )
            except ValidationError as error:
                form_errors_add(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "已保存修改。")
                return redirect("materials:detail", pk=material.id)
    else:
        form = MaterialEditForm(**choices, initial={
            "title": material.title, "author": material.author, "occasion": material.occasion_id,
            "credited": material.organisation_id if material.credited_elsewhere else None,
            "outside_organisation": material.outside_organisation, "outside_region": material.outside_region,
            "document_date": material.document_date,
            "themes": [t.id for t in material.themes.all() if t.is_listed],
            "free_tags": " ".join(t.name for t in material.themes.all() if not t.is_listed),
            "visibility": material.visibility, "body": material.body,
        })
    return render(request, "materials/edit.html", {"form": form, "material": material, "can_edit": _can_edit(request)},
                  status=400 if form.errors else 200)


material_edit.access_capability = READ_WRITE


def material_share(request, pk: int):
    material = _editable_or_404(request, pk) if request.method == "POST" else _material_or_404(pk)
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            try:
                services.material_share(actor=request.user, material=material, visibility=form.cleaned_data["visibility"])
                messages.success(request, f"公开范围已改为“{Visibility(material.visibility).label}”。")
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        else:
            messages.error(request, "公开范围无效。")
    return redirect("materials:detail", pk=material.id)


material_share.access_capability = READ_WRITE


def material_delete(request, pk: int):
    material = _editable_or_404(request, pk) if request.method == "POST" else _material_or_404(pk)
    if request.method != "POST":
        return redirect("materials:detail", pk=material.id)
    try:
        services.material_delete(actor=request.user, material=material)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("materials:detail", pk=material.id)
    messages.success(request, f"已删除“{material.title}”。")
    return redirect("materials:home")


material_delete.access_capability = READ_WRITE


def material_credit(request, pk: int):
    """The credited committee's administrator accepts (decision=accept) or rejects a credit."""
    material = _material_or_404(pk)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("accept", "reject"):
            messages.error(request, _("请选择确认或拒绝署名。"))
        else:
            try:
                services.material_credit_decide(actor=request.user, material=material, accept=decision == "accept")
            except PermissionDenied as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已确认以本会名义署名。") if decision == "accept"
                                 else _("已拒绝署名，材料将显示为上传单位的材料。"))
    return redirect("materials:detail", pk=material.id)


material_credit.access_capability = {"GET": Capability.VIEW, "HEAD": Capability.VIEW,
                                     "POST": Capability.ADMINISTER}


# --- compilations ------------------------------------------------------------------------


def compilation_list(request):
    return render(request, "materials/compilations.html", {
        "compilations": selectors.compilation_list(), "can_edit": _can_edit(request),
        "can_import_compilation": _can_import_compilation(request),
    })


def _compilation_or_404(pk: int):
    try:
        return selectors.compilation_get(pk)
    except Compilation.DoesNotExist:
        raise Http404("没有这本汇编。") from None


def compilation_detail(request, pk: int):
    compilation = _compilation_or_404(pk)
    return render(request, "materials/compilation_detail.html", {
        "compilation": compilation, "materials": selectors.compilation_materials(compilation),
        "deletable": _can_edit(request) and compilation.organisation_id == request.tenant.pk,
    })


def compilation_delete(request, pk: int):
    """The keeper deletes a compilation it made (its materials stay)."""
    compilation = _compilation_or_404(pk)
    if request.method != "POST":
        return redirect("materials:compilation_detail", pk=compilation.id)
    try:
        services.compilation_delete(actor=request.user, compilation=compilation)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("materials:compilation_detail", pk=compilation.id)
    messages.success(request, _("已删除汇编“%(title)s”，其中的材料仍保留。") % {"title": compilation.title})
    return redirect("materials:compilations")


compilation_delete.access_capability = READ_WRITE


def compilation_export(request, pk: int):
    """The compilation as a .docx volume with its table of contents."""
    compilation = _compilation_or_404(pk)
    materials = list(selectors.compilation_materials(compilation))
    return download_audited(
        request, compilation_docx(compilation, materials), filename=f"{compilation.title}.docx", content_type=DOCX,
        kind="compilation_docx",
        detail={"compilation_id": compilation.id, "title": compilation.title[:200], "materials": len(materials)},
    )


def compilation_new(request):
    """The builder: pick readable materials, number their order, save; then export."""
    form = CompilationBuildForm(request.POST or None, occasions=selectors.occasion_list())
    materials = list(selectors.material_list()[:300])
    chosen: dict[int, int] = {}
    if request.method == "POST":
        for material in materials:
            if request.POST.get(f"pick-{material.id}") == "on":
                chosen[material.id] = int_or_none(request.POST.get(f"order-{material.id}")) or 10_000
        if form.is_valid():
            ordered = sorted(chosen, key=lambda mid: (chosen[mid], [m.id for m in materials].index(mid)))
            try:
                compilation = services.compilation_build(
                    actor=request.user, title=form.cleaned_data["title"], material_ids=ordered,
                    occasion=form.cleaned_data["occasion"],
                )
            except ValidationError as error:
                form_errors_add(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"已建立汇编“{compilation.title}”，可导出 Word 文档。")
                return redirect("materials:compilation_detail", pk=compilation.id)
    return render(request, "materials/compilation_new.html", {
        "form": form, "materials": materials, "chosen": chosen, "can_edit": _can_edit(request),
    }, status=400 if form.errors else 200)


compilation_new.access_capability = READ_WRITE
