"""Pages of the social-conditions reports: members, units and 界别 groups submit; the office edits,
decides, forwards and records what came back; authors follow their reports.

Thin: forms parse, services decide (and check who may), selectors read. Reads need VIEW; the actions
are POSTs any signed-in person of the committee may send (VIEW at the edge), because the services
decide per report who may act (the office, the author).
"""
from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from operations.downloads import download_audited
from roles.policy import Capability
from tenants.history.selectors import changelog_for
from tenants.opinions import forms, selectors
from tenants.opinions.models import OpinionReport, Status
from tenants.opinions.services import office, outcomes, submission
from tenants.opinions.services.upward import province_adoptions
from ui.htmx import form_errors_add, form_messages, redirect_after

READ_WRITE = {"GET": Capability.VIEW, "POST": Capability.VIEW}
PAGE_SIZE = 50


def _visible_or_404(request, pk: int) -> tuple[OpinionReport, selectors.OpinionActor]:
    who = selectors.opinion_actor(request.user)
    report = selectors.reports_visible(who).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report, who


def home(request):
    """社情民意: the reports the person may read, by state; their own marked."""
    who = selectors.opinion_actor(request.user)
    rows = selectors.reports_visible(who)
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        rows = rows.filter(selectors.own_q(who))
    counts = selectors.status_counts() if who.is_office else None
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "opinions/home.html", {
        "who": who, "page": page, "status": status, "mine": mine,
        "statuses": [(value, label, counts.get(value, 0) if counts is not None else None)
                     for value, label in Status.choices],
        "own_ids": {r.pk for r in page if selectors.is_author(who, r)},
        "settings": selectors.opinion_settings(),
    })


home.access_capability = Capability.VIEW


def report_new(request):
    who = selectors.opinion_actor(request.user)
    if not who.can_submit:
        messages.info(request, _("委员、委室工作人员可以报送社情民意信息；您的账号两者都不是。"))
        return redirect_after(request, reverse("opinions:home"))
    form = forms.SubmitForm(request.POST or None, request.FILES or None, who=who)
    if request.method == "POST" and form.is_valid():
        try:
            report = submission.report_submit(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已报送，社情民意工作机构会编辑处理。"))
            return redirect_after(request, reverse("opinions:detail", args=[report.pk]))
    return render(request, "opinions/new.html", {"form": form}, status=400 if form.errors else 200)


report_new.access_capability = READ_WRITE


def _detail_context(request, report: OpinionReport, who, given: dict | None = None) -> dict:
    given = given or {}
    province = province_adoptions([report.pk]).get(report.pk) if report.to_province else None
    adoptions = list(report.adoptions.all())
    can_record = who.is_office and report.status in (Status.USED, Status.FORWARDED)
    return {
        "report": report, "who": who, "is_author": selectors.is_author(who, report),
        "settings": selectors.opinion_settings(),
        "changes": selectors.changes_made(report) if (who.is_office or selectors.is_author(who, report)) else [],
        "province_adoption": province, "adoptions": adoptions, "instructions": list(report.instructions.all()),
        "history": list(changelog_for(report)[:30]) if who.is_office else [],
        "can_edit": who.is_office and report.status in office.EDITABLE_STATES,
        "can_decide": who.is_office and report.status == Status.SUBMITTED,
        "can_forward": who.is_office and report.status == Status.USED,
        "can_adopt": who.is_office and report.status == Status.FORWARDED and report.to_national
        and not any(a.level == "national" for a in adoptions),
        "can_instruct": can_record,
        "decide_form": given.get("decide") or forms.DecideForm(),
        "forward_form": given.get("forward") or forms.ForwardForm(initial={"to_province": True}),
        "adoption_form": given.get("adoption") or forms.AdoptionForm(),
        "instruction_form": given.get("instruction") or forms.InstructionForm(),
    }


def report_detail(request, pk: int):
    report, who = _visible_or_404(request, pk)
    return render(request, "opinions/detail.html", _detail_context(request, report, who))


report_detail.access_capability = Capability.VIEW


def report_edit(request, pk: int):
    report, who = _visible_or_404(request, pk)
    if not who.is_office:
        raise Http404  # the edit form is the office's: for anyone else there is none
    form = forms.EditForm(request.POST or None, instance=report if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            office.report_edit(actor=request.user, report=report, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("已保存编辑，编辑前的文本已留存，报送者可以看到改动。"))
            return redirect_after(request, reverse("opinions:detail", args=[report.pk]))
    return render(request, "opinions/edit.html", {"form": form, "report": report},
                  status=400 if form.errors else 200)


report_edit.access_capability = READ_WRITE


def _act(request, pk: int, name: str, form_class, run):
    """One action of the detail page: a bound form, the service, a message; the page again with the
    form's messages (400) when refused. A GET shows the report's page."""
    report, who = _visible_or_404(request, pk)
    if request.method != "POST":
        return render(request, "opinions/detail.html", _detail_context(request, report, who))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = run(report, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error)
        else:
            messages.success(request, message)
            return redirect_after(request, reverse("opinions:detail", args=[report.pk]))
    for text in form_messages(form):
        messages.error(request, text)
    report.refresh_from_db()
    return render(request, "opinions/detail.html", _detail_context(request, report, who, {name: form}), status=400)


def report_decide(request, pk: int):
    def run(report, data):
        report = office.report_decide(actor=request.user, report=report, use=data["use"], reason=data["reason"])
        if report.status == Status.USED:
            return _("已采用，刊于%(issue)s。") % {"issue": report.bulletin_label}
        return _("已决定不采用，报送者会看到理由。")
    return _act(request, pk, "decide", forms.DecideForm, run)


def report_forward(request, pk: int):
    def run(report, data):
        office.report_forward(actor=request.user, report=report, **data)
        return _("已报送。")
    return _act(request, pk, "forward", forms.ForwardForm, run)


def adoption_record(request, pk: int):
    def run(report, data):
        outcomes.national_adoption_record(actor=request.user, report=report, **data)
        return _("已登记全国政协采用。")
    return _act(request, pk, "adoption", forms.AdoptionForm, run)


def instruction_record(request, pk: int):
    def run(report, data):
        outcomes.instruction_record(actor=request.user, report=report, **data)
        return _("已登记领导批示。")
    return _act(request, pk, "instruction", forms.InstructionForm, run)


for _view in (report_decide, report_forward, adoption_record, instruction_record):
    _view.access_capability = READ_WRITE


def attachment(request, pk: int):
    report, _who = _visible_or_404(request, pk)
    if not report.attachment:
        raise Http404
    return download_audited(request, report.attachment.open("rb"), filename=Path(report.attachment.name).name,
                            content_type="application/octet-stream", kind="opinion_attachment",
                            detail={"report": report.pk})


attachment.access_capability = Capability.VIEW
