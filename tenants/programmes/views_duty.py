"""A member's own place: their duty record (履职档案), golden ideas and notices, and the yearly
履职 summaries (a member's .docx, the committee's .xlsx). Writes go through the duty service.

Who sees what: anyone of the committee reads a member's records (VIEW); the committee's staff
(EDIT) add records and take both exports; a member (委员) signed in reaches their own page from
the menu (我的履职), sees their own notices there and exports their own summary.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.selectors import notification_list
from operations.downloads import DOCX, XLSX, download_audited
from roles.enforcement import request_access
from roles.policy import Capability
from tenants.programmes import duty_exports, duty_points, duty_selectors
from tenants.programmes.duty_forms import DutyRecordForm
from tenants.programmes.services.duty import duty_record_add
from ui.htmx import form_errors_add, form_messages, redirect_after

NOTICES_SHOWN = 10


def _can(request, capability: Capability) -> bool:
    return request_access(request).allows(capability)


def _is_own(request, member) -> bool:
    return member is not None and member.user_id is not None and member.user_id == request.user.pk


def _notices(request) -> list:
    return list(notification_list(user=request.user, organisation=connection.tenant)[:NOTICES_SHOWN])


def _year(request, member) -> tuple[int, str | None]:
    """The year asked for in ``?year=``, or the default one; and a message when what was asked is no year."""
    raw = request.GET.get("year")
    if raw in (None, ""):
        return duty_selectors.year_default(member=member), None
    year = duty_selectors.year_parse(raw)
    if year is None:
        low, high = duty_selectors.YEAR_RANGE
        return duty_selectors.year_default(member=member), _("年度应为 %(a)s 至 %(b)s 之间的四位数年份。") % {"a": low, "b": high}
    return year, None


def _page(request, member, *, form=None, errors=(), status=200):
    year, year_error = _year(request, member)
    is_own = _is_own(request, member)
    can_edit = _can(request, Capability.EDIT)
    errors = [*errors, *([year_error] if year_error else [])]
    rules = duty_points.duty_rules()
    context = {
        "member": member,
        "is_own": is_own,
        "can_edit": can_edit,
        "can_export": is_own or can_edit,
        "year": year,
        "years": sorted({year, *duty_selectors.duty_years(member=member)}, reverse=True),
        "summary": duty_selectors.member_summary(member=member, year=year),
        "records": duty_points.records_with_points(duty_selectors.member_records(member=member), rules),
        "points": duty_points.member_points(member=member, year=year, rules=rules),
        "golden_ideas": duty_selectors.member_golden_ideas(member=member),
        "notices": _notices(request) if is_own else [],
        "form": form if form is not None else (DutyRecordForm(initial={"date": timezone.localdate().isoformat()})
                                               if can_edit else None),
        "errors": errors,
    }
    return render(request, "programmes/member_duty.html", context,
                  status=400 if errors and status == 200 else status)


def member_duty(request, pk: int):
    """A member's page; the staff add a record here (the item picked from the plans)."""
    member = duty_selectors.member_get(pk=pk)
    if member is None:
        raise Http404
    if request.method == "POST":
        form = DutyRecordForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = duty_record_add(actor=request.user, member=member, date=data["date"], text=data["text"],
                                         item=data["item"])
            except (ValidationError, PermissionDenied) as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("已记录%(name)s %(day)s 的履职：%(text)s") % {
                    "name": member.name, "day": f"{record.date:%Y-%m-%d}", "text": record.text[:60]})
                return redirect_after(request, reverse("programmes:member_duty", kwargs={"pk": member.pk}))
        return _page(request, member, form=form, errors=form_messages(form), status=400)
    return _page(request, member)


member_duty.access_capability = {"GET": Capability.VIEW, "HEAD": Capability.VIEW, "POST": Capability.EDIT}


def my_duty(request):
    """我的履职: the signed-in member's own page; others are told how to reach a member's page."""
    member = duty_selectors.member_of_user(request.user)
    if member is None:
        return render(request, "programmes/member_duty.html", {
            "member": None, "can_edit": _can(request, Capability.EDIT), "year": duty_selectors.year_default(),
            "years": duty_selectors.duty_years(),
        })
    return _page(request, member)


my_duty.access_capability = Capability.VIEW


def member_duty_docx(request, pk: int):
    """A member's yearly 履职 summary, as the office prints it for the 联络委员会 (the member: their own)."""
    member = duty_selectors.member_get(pk=pk)
    if member is None:
        raise Http404
    if not (_is_own(request, member) or _can(request, Capability.EDIT)):  # a refusal, said on the page
        return _page(request, member, errors=[_("只有委员本人和本会工作人员可以导出委员的年度履职情况。")], status=403)
    year, year_error = _year(request, member)
    if year_error:
        return _page(request, member)
    summary = duty_selectors.member_summary(member=member, year=year)
    content = duty_exports.member_summary_docx(summary, organisation_name=connection.tenant.name)
    return download_audited(
        request, content, filename=f"委员年度履职情况-{member.name}-{year}.docx", content_type=DOCX,
        ascii_name=f"duty-summary-{member.pk}-{year}.docx", kind="member_duty_docx",
        detail={"member_id": member.pk, "year": year, "records": summary.record_count},
    )


member_duty_docx.access_capability = Capability.VIEW


def committee_duty_xlsx(request):
    """The committee's yearly 履职 statistics: one row per member, counts by kind (staff only)."""
    year, year_error = _year(request, None)
    if year_error:
        messages.error(request, year_error)
        return redirect_after(request, reverse("structure:members"))
    rows = duty_selectors.committee_summary(year=year)
    content = duty_exports.committee_summary_xlsx(rows, year=year, organisation_name=connection.tenant.name)
    return download_audited(
        request, content, filename=f"委员履职统计-{year}.xlsx", content_type=XLSX,
        ascii_name=f"duty-summary-{year}.xlsx", kind="committee_duty_xlsx",
        detail={"year": year, "members": len(rows)},
    )


committee_duty_xlsx.access_capability = Capability.EDIT

urls = [
    path("me/", my_duty, name="my_duty"),
    path("duty.xlsx", committee_duty_xlsx, name="committee_duty_xlsx"),
    path("<int:pk>/duty/", member_duty, name="member_duty"),
    path("<int:pk>/duty.docx", member_duty_docx, name="member_duty_docx"),
]
