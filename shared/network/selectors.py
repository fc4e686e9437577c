"""Reads of the network view: one query for a page of committees, whatever their number.

Everything read here lives in the public schema: the figures the committees
pushed (``CommitteeStatus``), the materials they share (shared.materials) and
the indicator values they report (shared.benchmark).
"""
from __future__ import annotations

from dataclasses import dataclass
from django.db.models import (
    Case, Count, DecimalField, ExpressionWrapper, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf, Round

from accounts.models import Role
from roles.policy import access_in
from shared.benchmark.models import Period, PeriodKind, PeriodPublication, ReportedValue, ValueStatus
from shared.benchmark.selectors import indicator_list
from shared.materials.models import Credit, Material, Visibility
from tenancy.models import Domain, Level, Organisation
from tenancy.selectors import organisation_current

PAGE_SIZE = 100
#: sort key of the page -> the expression it orders by (anything else falls back to "name")
SORTS = {
    "name": "region_code",
    "completion": "plan_completion",
    "on_time": "on_time_rate",
    "late": "reports_late",
    "overdue": "reports_overdue",
    "recommended": "ideas_recommended",
    "shortlisted": "ideas_shortlisted",
    "approved": "ideas_approved",
    "commended": "ideas_commended",
    "materials": "materials_shared",
    "accepted": "values_accepted",
    "pending": "values_pending",
    "returned": "values_returned",
    "missing": "values_missing",
    "refreshed": "refreshed_at",
}
STATUS_FIELDS = [
    "year", "items", "items_with_targets", "plan_completion", "reports_due", "reports_on_time", "reports_late",
    "reports_overdue", "ideas_recommended", "ideas_shortlisted", "ideas_approved", "ideas_commended",
    "ideas_rejected", "refreshed_at",
]
#: the chart's bands of plan completion (percent, lower bound included)
BANDS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 101)]


def network_province(user) -> Organisation | None:
    """The province whose network the user oversees from the active site, or None (not a provincial officer)."""
    organisation = organisation_current()
    if organisation.level == Level.PLATFORM or Role.PROVINCIAL_OFFICER not in access_in(user, organisation).roles:
        return None
    return organisation.province


def quarter_open(province: Organisation) -> Period | None:
    """The quarter being reported: the latest one the province has not published, else the latest one."""
    quarters = Period.objects.filter(kind=PeriodKind.QUARTER).order_by("-year", "-quarter")
    published = PeriodPublication.objects.filter(province=province).values("period_id")
    return quarters.exclude(pk__in=published).first() or quarters.first()


def _count(queryset):
    """COUNT(*) of a correlated subquery (a plain function, so Django adds no GROUP BY)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _value_count(period: Period | None, *statuses: str):
    if period is None:
        return Value(0)
    values = ReportedValue.objects.filter(
        organisation=OuterRef("pk"), period=period, status__in=statuses, indicator__is_active=True,
    )
    return _count(values)


@dataclass(frozen=True)
class Network:
    province: Organisation
    period: Period | None
    #: how many indicators a city and a county report in the open quarter
    expected: dict[str, int]


def network_get(province: Organisation) -> Network:
    expected = {level: indicator_list(province=province, level=level).count() for level in (Level.CITY, Level.COUNTY)}
    return Network(province=province, period=quarter_open(province), expected=expected)


def network_rows(network: Network, *, sort: str = "name", descending: bool = False) -> QuerySet:
    """The province's cities and counties with their figures, as dicts, in one query.

    Committees that never pushed figures have None for them (shown as no data).
    """
    shared = Material.objects.filter(visibility__in=[Visibility.PROVINCE, Visibility.PLATFORM]).filter(
        Q(organisation=OuterRef("pk"), credit__in=[Credit.OWN, Credit.ACCEPTED])
        | Q(keeper=OuterRef("pk"), credit__in=[Credit.PENDING, Credit.REJECTED])
    )
    period = network.period
    expected = Case(
        When(level=Level.CITY, then=Value(network.expected[Level.CITY])),
        default=Value(network.expected[Level.COUNTY]), output_field=IntegerField(),
    )
    rows = (
        Organisation.objects.filter(province=network.province, level__in=[Level.CITY, Level.COUNTY])
        .annotate(**{name: F(f"network_status__{name}") for name in STATUS_FIELDS})
        .annotate(
            domain=Subquery(Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")[:1]),
            on_time_rate=Round(ExpressionWrapper(
                Cast(F("reports_on_time"), DecimalField(max_digits=12, decimal_places=2)) * 100
                / NullIf(F("reports_due"), 0),
                output_field=DecimalField(max_digits=6, decimal_places=1),
            ), 1),
            materials_shared=_count(shared),
            values_accepted=_value_count(period, ValueStatus.ACCEPTED),
            values_pending=_value_count(period, ValueStatus.SUBMITTED),
            values_returned=_value_count(period, ValueStatus.RETURNED),
        )
        .annotate(values_missing=Greatest(
            expected - F("values_accepted") - F("values_pending") - F("values_returned"), Value(0)))
    )
    column = F(SORTS.get(sort, SORTS["name"]))
    order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return rows.order_by(order, "region_code").values(
        "pk", "name", "short_name", "level", "region_code", "domain", *STATUS_FIELDS, "on_time_rate",
        "materials_shared", "values_accepted", "values_pending", "values_returned", "values_missing",
    )


def completion_bands(network: Network) -> list[tuple[str, int]]:
    """How many committees fall in each band of plan completion (and how many have no figure), in one query."""
    rows = Organisation.objects.filter(province=network.province, level__in=[Level.CITY, Level.COUNTY])
    field = "network_status__plan_completion"
    counts = {
        f"b{low}": Count("pk", filter=Q(**{f"{field}__gte": low, f"{field}__lt": high})) for low, high in BANDS
    }
    counts["none"] = Count("pk", filter=Q(**{f"{field}__isnull": True}))
    totals = rows.aggregate(**counts)
    bands = [(f"{low}–{min(high, 100)}%", totals[f"b{low}"]) for low, high in BANDS]
    return bands + [("—", totals["none"])]
