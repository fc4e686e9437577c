"""Who 比学赶超 tells what: a committee about its reviewed values, every committee of the province about a
published (or republished) period. Called inside the writing service's transaction; the inbox drops anyone
who holds no role in the committee concerned, so another province's people are never reached."""
from __future__ import annotations

import hashlib
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts.models import Role
from notifications.models import Kind
from notifications.selectors import recipients_with_role
from notifications.services import notify
from tenancy.models import Level, Organisation

from ..models import Period, PeriodPublication, ReportedValue, ReportedValueVersion, ValueStatus

#: who in a committee hears that the benchmark results of the province are out
PUBLICATION_ROLES = (Role.TENANT_ADMIN, Role.UNIT_STAFF)


def _report_url(period: Period) -> str:
    return f"{reverse('benchmark:report')}?period={period.pk}"


def _submitters(rows: list[ReportedValue]) -> set[int]:
    """The people who submitted the reviewed versions (the latest submitted version of each value)."""
    wanted = {(r.pk, r.version) for r in rows}
    people = set()
    for value_id, version, user_id in ReportedValueVersion.objects.filter(
        reported_value__in=[r.pk for r in rows], status=ValueStatus.SUBMITTED,
    ).values_list("reported_value_id", "version", "changed_by_id"):
        if (value_id, version) in wanted and user_id is not None:
            people.add(user_id)
    return people


def values_reviewed_notify(*, rows: list[ReportedValue], accepted: bool, note: str) -> None:
    """One notice per committee and period: to whoever submitted the values and to its administrators."""
    by_cell: dict[tuple[int, int], list[ReportedValue]] = defaultdict(list)
    for row in rows:
        by_cell[(row.organisation_id, row.period_id)].append(row)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in={k[0] for k in by_cell})}
    periods = {p.pk: p for p in Period.objects.filter(pk__in={k[1] for k in by_cell})}
    for (organisation_id, period_id), cell_rows in by_cell.items():
        organisation, period = organisations[organisation_id], periods[period_id]
        recipients = _submitters(cell_rows) | set(
            recipients_with_role(organisation=organisation, roles=[Role.TENANT_ADMIN])
        )
        names = "、".join(r.indicator.name for r in cell_rows)
        signature = ",".join(f"{r.pk}:{r.version}" for r in sorted(cell_rows, key=lambda r: r.pk))
        digest = hashlib.sha1(signature.encode()).hexdigest()[:16]
        params = {"period": period.label, "n": len(cell_rows), "indicators": names[:500], "note": note}
        if accepted:
            notify(
                organisation=organisation, recipients=recipients, kind=Kind.VALUE_ACCEPTED,
                title=gettext_noop("%(period)s的 %(n)s 项比学赶超数值已采纳"),
                body=gettext_noop("已采纳：%(indicators)s。"), params=params, url=_report_url(period),
                key=f"benchmark:accepted:{digest}",
            )
        else:
            notify(
                organisation=organisation, recipients=recipients, kind=Kind.VALUE_RETURNED,
                title=gettext_noop("%(period)s的 %(n)s 项比学赶超数值被退回"),
                body=gettext_noop("被退回：%(indicators)s。审核意见：%(note)s 请更正后重新提交。"),
                params=params, url=_report_url(period), key=f"benchmark:returned:{digest}",
            )


def period_published_notify(*, publication: PeriodPublication) -> None:
    """Every city and county of the province: the period's league tables are out (or a new version is)."""
    period = publication.period
    url = f"{reverse('benchmark:home')}?period={period.pk}"
    params = {"period": period.label, "version": publication.version}
    if publication.version == 1:
        title = gettext_noop("%(period)s比学赶超结果已发布")
        body = gettext_noop("省政协已发布%(period)s的比学赶超排名，请查看本会的名次和赶超分析。")
    else:
        title = gettext_noop("%(period)s比学赶超结果已更新为版本 %(version)s")
        body = gettext_noop("省政协采纳了更正后的数值，%(period)s的排名已更新；方法说明列出了变更内容。")
    committees = Organisation.objects.filter(
        province=publication.province_id, level__in=[Level.CITY, Level.COUNTY],
    ).order_by("region_code")
    for organisation in committees:
        notify(
            organisation=organisation,
            recipients=recipients_with_role(organisation=organisation, roles=PUBLICATION_ROLES),
            kind=Kind.QUARTER_PUBLISHED, title=title, body=body, params=params, url=url,
            key=f"benchmark:published:{publication.pk}:{publication.version}",
        )
