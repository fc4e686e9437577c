"""Pages of programmes and the reporting cycle; all writes go through services."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from operations.downloads import DOCX, XLSX, download_audited
from roles.enforcement import request_access
from roles.policy import Capability
from ui.htmx import form_errors_add, form_messages, redirect_after
from shared.programme_library.selectors import template_list_visible
from tenants.history.services import number_text
from tenants.programmes import exports, imports, selectors, services
from tenants.programmes.forms import (
    ImportAssignForm, ImportConfirmForm, ImportUploadForm,
    InstantiateForm, MonthForm, QuarterForm, ReportForm, ReportReviewForm, TargetForm,
)
from tenants.programmes.models import MonthlyReport, ReportStatus
from tenants.programmes.views_plan import plan_context
from tenants.structure.models import Leader, Unit


def _can(request, capability) -> bool:
    return request_access(request).allows(capability)


def home(request):
    scope = selectors.report_scope(request.user) if _can(request, Capability.EDIT) else None
    this_year = timezone.localdate().year
    return render(request, "programmes/home.html", {
        "report_scope": scope,
        "my_items": scope.items(year=this_year) if scope is not None and scope.is_limited else [],
        "programmes": selectors.programme_list(),
        "templates": template_list_visible(),
        "queue_count": selectors.report_review_queue().count(),
        "overdue": selectors.items_overdue(),
        "this_year": this_year,
        "can_administer": _can(request, Capability.ADMINISTER),
    })


def programme_instantiate(request):
    if request.method != "POST":
        return redirect("programmes:home")
    form = InstantiateForm(request.POST)
    if form.is_valid():
        try:
            programme = services.programme_from_template(
                actor=request.user, template_id=form.cleaned_data["template"],
                start_year=form.cleaned_data["start_year"], title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
    if form.errors:
        for message in form_messages(form):
            messages.error(request, message)
        return redirect("programmes:home")
    messages.success(request, f"已创建“{programme.title}”。")
    return redirect("programmes:programme", pk=programme.pk)


def programme_detail(request, pk: int):
    """The plan; its office edits it here (``views_plan``)."""
    programme = selectors.programme_get(pk=pk)
    if programme is None:
        raise Http404
    return render(request, "programmes/programme.html",
                  plan_context(programme, can_administer=_can(request, Capability.ADMINISTER)))


def item_detail(request, pk: int):
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404
    can_edit = _can(request, Capability.EDIT)
    return render(request, "programmes/item.html", {
        "item": item, "years": list(range(item.first_year, item.last_year + 1)),
        "reports": selectors.report_list_for_item(item=item),
        "history": selectors.changelog_for(item)[:30],
        "can_edit": can_edit,
        "report_refusal": selectors.report_scope(request.user).refusal(item) if can_edit else "",
        "can_administer": _can(request, Capability.ADMINISTER),
        "target_errors": [],
    })


def target_set(request, pk: int):
    if request.method != "POST":
        return item_detail(request, pk)
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_set(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
    errors = form_messages(form)
    item = selectors.item_get(pk=pk)
    context = {"item": item, "years": list(range(item.first_year, item.last_year + 1)), "target_errors": errors,
               "can_administer": True}
    if request.htmx:
        return render(request, "programmes/partials/targets.html", context)
    for message in errors:
        messages.error(request, message)
    return redirect("programmes:item", pk=pk)


def report_form(request, pk: int):
    """月报 form of an item: its lead unit's staff file it; a returned report is fixed and filed again.

    Staff of another unit see why they cannot file instead of the form (the service refuses them too).
    """
    item = selectors.item_get(pk=pk)
    if item is None:
        raise Http404
    month = MonthForm(request.POST if request.method == "POST" else request.GET).shown(
        default=selectors.report_month_due(item))
    targets = [t for t in item.targets.all() if t.year == month.year]
    existing = MonthlyReport.objects.filter(item=item, month=month).prefetch_related("values").first()
    errors, saved, refused = [], None, False
    values = {t.pk: "" for t in targets}
    if existing:
        values.update({v.target_id: number_text(v.actual) for v in existing.values.all()})
    data = {"progress": existing.progress if existing else "", "status": existing.status if existing else ""}
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, targets=targets)
        if form.is_valid():
            try:
                saved = services.report_file(
                    actor=request.user, item=item, month=form.cleaned_data["month"] or month,
                    progress=form.cleaned_data["progress"], status=form.cleaned_data["status"],
                    values=form.values(), attachments=form.cleaned_data["attachments"],
                )
            except (ValidationError, PermissionDenied) as error:
                form_errors_add(form, error)
                refused = isinstance(error, PermissionDenied)
            else:
                existing = saved
                if not request.htmx:
                    messages.success(request, "月报已报送，等待办公室审核。")
                    return redirect("programmes:item", pk=item.pk)
        errors = form_messages(form)
        data, values = form.typed()
    can_edit = _can(request, Capability.EDIT)
    context = {
        "item": item, "month": month, "targets": [(t, values.get(t.pk, "")) for t in targets],
        "data": data, "errors": errors, "saved": saved, "existing": existing,
        "statuses": ReportStatus.choices, "can_edit": can_edit,
        "refusal": selectors.report_scope(request.user).refusal(item) if can_edit else "",
    }
    template = "programmes/partials/report_form.html" if request.htmx else "programmes/report_form.html"
    status = 200 if request.htmx or not errors else (403 if refused else 400)
    return render(request, template, context, status=status)


report_form.access_capability = {"GET": Capability.VIEW, "HEAD": Capability.VIEW, "POST": Capability.EDIT}


def review_list(request):
    return render(request, "programmes/review.html", {
        "reports": selectors.report_review_queue(),
        "can_administer": _can(request, Capability.ADMINISTER),
    })


def report_review(request, pk: int):
    """The office returns or accepts a report (HTMX swaps the row)."""
    report = selectors.report_get(pk=pk)
    if report is None:
        raise Http404
    if request.method != "POST":
        return render(request, "programmes/review.html", {
            "reports": [report], "can_administer": _can(request, Capability.ADMINISTER),
        })
    form = ReportReviewForm(request.POST)
    if form.is_valid():
        review = services.report_accept if form.cleaned_data["action"] == "accept" else services.report_return
        try:
            review(actor=request.user, report=report, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form_errors_add(form, error)
    errors = form_messages(form)
    report = selectors.report_get(pk=pk)
    if request.htmx:
        return render(request, "programmes/partials/review_row.html",
                      {"report": report, "errors": errors, "can_administer": True})
    for message in errors:
        messages.error(request, message)
    return redirect("programmes:review")


def _year_quarter(request) -> tuple[int, int]:
    return QuarterForm(request.GET).year_quarter()


def showcase(request):
    year, quarter = _year_quarter(request)
    data = selectors.showcase_build(year=year, quarter=quarter)
    charts = [
        {"id": f"unit-chart-{g.key}", "name": g.name,
         "data": [g.done, g.on_track, g.at_risk, g.late, g.missing],
         "completion": float(g.completion) if g.completion is not None else None}
        for g in data.by_unit
    ]
    return render(request, "programmes/showcase.html", {
        "showcase": data, "charts": charts, "year": year, "quarter": quarter,
        "years": list(range(year - 3, year + 2)),
    })


def showcase_xlsx(request):
    year, quarter = _year_quarter(request)
    data = selectors.showcase_build(year=year, quarter=quarter)
    return download_audited(request, exports.showcase_xlsx(data), filename=f"showcase-{year}-Q{quarter}.xlsx",
                            content_type=XLSX, kind="showcase_xlsx", detail={"year": year, "quarter": quarter})


def showcase_docx(request):
    year, quarter = _year_quarter(request)
    data = selectors.showcase_build(year=year, quarter=quarter)
    name = getattr(connection.tenant, "name", "")
    return download_audited(request, exports.showcase_docx(data, organisation_name=name),
                            filename=f"showcase-{year}-Q{quarter}.docx", content_type=DOCX,
                            kind="showcase_docx", detail={"year": year, "quarter": quarter})


def _preview_context(draft, *, token: str, year, title: str | None = None, assignments=None,
                     errors=(), done: str = "") -> dict:
    """The import preview: each item with who the document says does it and what is chosen."""
    matched = selectors.draft_assignments(draft)
    chosen = assignments or matched
    rows, n = [], 0
    for section in draft.sections:
        items = []
        for item in section.items:
            items.append({"n": n, "item": item, "chosen": chosen[n], "unknown": matched[n].unknown})
            n += 1
        rows.append({"section": section, "items": items})
    return {
        "draft": draft, "token": token, "year": year, "title": draft.title if title is None else title,
        "rows": rows, "units": list(Unit.objects.all()), "leaders": list(Leader.objects.all()),
        "errors": list(errors), "done": done,
        "unassigned": sum(1 for a in chosen if a.lead_unit is None),
    }


def import_upload(request):
    """Step 1: upload and preview, with the units and leaders the document names. Nothing is saved."""
    context = {"year": timezone.localdate().year, "errors": [], "draft": None, "token": ""}
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            draft = form.cleaned_data["draft"]
            context = _preview_context(draft, token=imports.draft_sign(draft),
                                       year=form.cleaned_data["year"] or context["year"])
        else:
            context.update(errors=form_messages(form), year=form["year"].value() or context["year"])
    template = "programmes/partials/import_preview.html" if request.htmx else "programmes/import.html"
    return render(request, template, context, status=400 if context["errors"] and not request.htmx else 200)


def import_confirm(request):
    """Step 2: assign lead units and leaders to ticked items (the preview again), or write the
    previewed plan with what each item was given, all or nothing."""
    if request.method != "POST":
        return redirect("programmes:import")
    form = ImportConfirmForm(request.POST)
    assign = None
    if form.is_valid():
        draft = form.cleaned_data["token"]
        assign = ImportAssignForm(request.POST, draft=draft)
        if assign.is_valid() and assign.confirms():
            try:
                programme = services.work_points_import(
                    actor=request.user, draft=draft, year=form.cleaned_data["year"],
                    title=form.cleaned_data["title"], assignments=assign.assignments(),
                )
            except ValidationError as error:
                form_errors_add(assign, error)
            else:
                messages.success(request, f"已导入“{programme.title}”：{programme.sections.count()} 个部分，{programme.items.count()} 个事项。")
                return redirect_after(request, reverse("programmes:programme", kwargs={"pk": programme.pk}))
    template = "programmes/partials/import_preview.html" if request.htmx else "programmes/import.html"
    if assign is None:  # the token or the year is wrong
        context = {"year": form["year"].value(), "errors": form_messages(form), "draft": None, "token": ""}
        if form.cleaned_data.get("token") is not None and "token" not in form.errors:
            context = _preview_context(form.cleaned_data["token"], token=request.POST.get("token", ""),
                                       year=form["year"].value(), title=form["title"].value(),
                                       errors=form_messages(form))
        return render(request, template, context, status=200 if request.htmx else 400)
    errors = form_messages(assign)
    done = ""
    if not errors and assign.assigns():
        done = _("已为勾选的 %(n)s 个事项分配，确认导入后保存。") % {"n": len(assign.cleaned_data["pick"])}
    context = _preview_context(draft, token=request.POST.get("token", ""), year=form.cleaned_data["year"],
                               title=form.cleaned_data["title"],
                               assignments=assign.assignments() if not assign.errors else None,
                               errors=errors, done=done)
    return render(request, template, context, status=200 if request.htmx or not errors else 400)


def history(request):
    return render(request, "programmes/history.html", {"entries": selectors.changelog_recent(limit=100)})
