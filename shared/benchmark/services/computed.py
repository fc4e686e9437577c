"""Computed values: figures the committee's own data gives (``computed.ComputedSource``), pushed, never typed.

Shared code never reads a tenant schema: the committee computes each figure in its own schema
(``tenants/proposals/benchmark_push.py``, ``tenants/opinions/benchmark_push.py``) and pushes it
here for the active committee. A value written here is marked computed (``computed_at``,
``computed_rows``); the reporting page, the API and the .xlsx import then refuse to change it
(``values_validate``). A committee that pushes nothing for a period (it does not use the module)
keeps reporting that indicator by hand.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sized
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from tenancy.models import Level
from tenancy.selectors import organisation_current

from .. import selectors
from ..models import (
    Collection, Indicator, Period, PeriodPublication, ReportedValue, ReportedValueVersion, ValueStatus, ValueType,
)


@dataclass(frozen=True)
class ComputedPlan:
    """What the active committee has to compute: the sources its catalogue uses and the open periods."""

    sources: frozenset[str]
    periods: tuple[Period, ...]


def computed_plan() -> ComputedPlan:
    """The sources of the committee's computed indicators, and the periods its province has not published.

    A published period is frozen (its league table was published with the values then
    accepted): the platform no more rewrites it than a committee could retype it.
    """
    organisation = organisation_current()
    if organisation.level not in (Level.CITY, Level.COUNTY) or organisation.province_id is None:
        return ComputedPlan(sources=frozenset(), periods=())
    sources = frozenset(
        selectors.indicator_list(province=organisation.province, level=organisation.level)
        .filter(collection=Collection.COMPUTED).exclude(computed_source="")
        .values_list("computed_source", flat=True)
    )
    if not sources:
        return ComputedPlan(sources=frozenset(), periods=())
    published = PeriodPublication.objects.filter(province=organisation.province_id).values_list("period_id")
    periods = tuple(selectors.period_list().exclude(pk__in=published))
    return ComputedPlan(sources=sources, periods=periods)


def _quantized(indicator: Indicator, value: Decimal) -> Decimal:
    if indicator.value_type == ValueType.COUNT:
        return value.to_integral_value()
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def computed_value_set(*, source: str, period: Period, value: Decimal | int | float, rows: int) -> list[ReportedValue]:
    """Store the active committee's computed figure of `source` for `period` in each indicator taking it.

    `rows` is how many rows (proposals, ratings, reports) the value came from; the
    committee's page listing them is the source's ``rows_url``. A period the province
    has published is left alone. An unchanged value changes nothing; a changed one (or
    a hand-typed value the platform takes over) gets a new version, marked computed and
    without an author, submitted for the province's review like any reported value.

    Side effects: ReportedValue rows (``computed_at``, ``computed_rows``), one
    ReportedValueVersion per change (``computed=True``). Returns the rows changed.
    """
    organisation = organisation_current()
    if organisation.level not in (Level.CITY, Level.COUNTY) or organisation.province_id is None:
        return []
    if PeriodPublication.objects.filter(province=organisation.province_id, period=period).exists():
        return []
    indicators = list(
        selectors.indicator_list(province=organisation.province, level=organisation.level)
        .filter(collection=Collection.COMPUTED, computed_source=source)
    )
    if not indicators:
        return []
    existing = {
        v.indicator_id: v for v in ReportedValue.objects.select_for_update().filter(
            organisation=organisation, period=period, indicator__in=indicators)
    }
    now = timezone.now()
    changed = []
    for indicator in indicators:
        figure = _quantized(indicator, Decimal(str(value)))
        row = existing.get(indicator.pk)
        if row is not None and row.value == figure and row.computed_at is not None:
            if row.computed_rows != rows:
                row.computed_rows, row.computed_at = rows, now
                row.save(update_fields=["computed_rows", "computed_at", "updated_at"])
            continue
        if row is None:
            row = ReportedValue(organisation=organisation, indicator=indicator, period=period,
                                value=figure, status=ValueStatus.SUBMITTED)
        else:
            if row.value != figure or row.status in (ValueStatus.DRAFT, ValueStatus.RETURNED):
                row.status = ValueStatus.SUBMITTED
                row.review_note = ""
            row.value = figure
            row.comment = ""
            row.version += 1
        row.computed_at, row.computed_rows = now, rows
        row.full_clean()
        row.save()
        ReportedValueVersion.objects.create(
            reported_value=row, version=row.version, value=row.value, comment="", status=row.status,
            changed_by=None, computed=True,
        )
        changed.append(row)
    return changed


@transaction.atomic
def computed_value_release(*, source: str, period: Period) -> list[ReportedValue]:
    """The active committee's values of `source` for `period` stop being computed: its data no longer
    gives a figure there (a module it stopped using, the year's rows removed). The value stays as it
    was, now the committee's to confirm or change by hand; a published period is left alone.

    Side effects: ReportedValue rows (``computed_at``, ``computed_rows`` cleared), one
    ReportedValueVersion each (``computed=False``, no author). Returns the rows changed.
    """
    organisation = organisation_current()
    if PeriodPublication.objects.filter(province=organisation.province_id, period=period).exists():
        return []
    rows = list(ReportedValue.objects.select_for_update().filter(
        organisation=organisation, period=period, indicator__computed_source=source, computed_at__isnull=False))
    for row in rows:
        row.computed_at, row.computed_rows = None, None
        row.version += 1
        row.save(update_fields=["computed_at", "computed_rows", "version", "updated_at"])
        ReportedValueVersion.objects.create(reported_value=row, version=row.version, value=row.value,
                                            comment=row.comment, status=row.status, changed_by=None, computed=False)
    return rows


class Figure(Protocol):
    """What a tenant app computes for one source and period: the value and the rows it counts."""

    value: Decimal
    rows: Sized


def computed_push(figures: Mapping[str, Callable[[Period], Figure | None]]) -> int:
    """Push the active committee's figures of the sources in `figures` that its catalogue uses, for
    each open period (`computed_plan`); a source giving None for a period pushes nothing there, and
    releases a value computed there before (`computed_value_release`).

    Side effects: those of `computed_value_set` and `computed_value_release`. Returns the values changed.
    """
    plan = computed_plan()
    changed = 0
    for source in sorted(plan.sources & figures.keys()):
        for period in plan.periods:
            figure = figures[source](period)
            if figure is None:
                changed += len(computed_value_release(source=source, period=period))
            else:
                changed += len(computed_value_set(source=source, period=period, value=figure.value,
                                                  rows=len(figure.rows)))
    return changed
