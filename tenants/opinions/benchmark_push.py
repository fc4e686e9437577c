"""The committee's social-conditions figures for 比学赶超's computed indicators (shared.benchmark).

Shared code never reads a tenant schema, so the figure is computed here and pushed through
``shared.benchmark.services.computed_value_set``: after a national adoption is recorded
(``benchmark_push_later``) and every night for every committee by the ``opinions.benchmark_push``
beat task, which also picks up the province's adoptions (recorded on the province's site, in
shared.opinion_exchange, and read back from there).

Reports adopted by a higher level (被上级采用): the reports with an adoption by the province or the
national committee dated in the period, each counted once. A committee that submitted no report
in the period's year does not use the module then: nothing is pushed, its typed values stay.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from celery import shared_task
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from shared.benchmark.services import computed_push
from tenants.opinions.models import Adoption, Level, OpinionReport, Status
from tenants.opinions.services.upward import province_adoptions

ADOPTED = "opinions.adopted"
SOURCES = {ADOPTED: (_("社情民意信息：被上级采用条数"), "count")}


@dataclass(frozen=True)
class Adopted:
    report_id: int
    level: str          # Level.PROVINCE or Level.NATIONAL (the first adoption in the period)
    adopted_on: dt.date


@dataclass(frozen=True)
class Figure:
    value: Decimal
    rows: tuple[Adopted, ...]


def period_days(period) -> tuple[dt.date, dt.date]:
    if period.quarter is None:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    first = dt.date(period.year, 3 * period.quarter - 2, 1)
    last = (dt.date(period.year + 1, 1, 1) if period.quarter == 4
            else dt.date(period.year, 3 * period.quarter + 1, 1)) - dt.timedelta(days=1)
    return first, last


def adopted_figure(period) -> Figure | None:
    first, last = period_days(period)
    if not OpinionReport.objects.filter(submitted_at__year=period.year).exists():
        return None
    found: dict[int, Adopted] = {}
    for report_id, level, day in Adoption.objects.filter(
            level__in=[Level.PROVINCE, Level.NATIONAL], adopted_on__range=(first, last)
    ).values_list("report_id", "level", "adopted_on"):
        found[report_id] = Adopted(report_id, level, day)
    upward = OpinionReport.objects.filter(status=Status.FORWARDED, to_province=True).values_list("pk", flat=True)
    for report_id, (day, _issue) in province_adoptions(upward).items():
        if first <= day <= last and (report_id not in found or day < found[report_id].adopted_on):
            found[report_id] = Adopted(report_id, Level.PROVINCE, day)
    rows = tuple(sorted(found.values(), key=lambda a: (a.adopted_on, a.report_id)))
    return Figure(value=Decimal(len(rows)), rows=rows)


def computed_sources_register() -> None:
    """Declare the source to shared.benchmark (from the app's ``ready()``), with its rows page."""
    from django.urls import reverse

    from shared.benchmark.computed import ComputedSource, computed_source_register

    for code, (label, value_type) in SOURCES.items():
        computed_source_register(ComputedSource(
            code=code, label=label, value_type=value_type,
            rows_url=lambda period_id: reverse("opinions:benchmark_rows", args=[period_id]),
        ))


def benchmark_push() -> int:
    """Compute and push the opinions sources the committee's catalogue uses, for each open period.

    Side effects: the committee's computed shared.benchmark ReportedValues. Returns the values changed.
    """
    return computed_push({ADOPTED: adopted_figure})


def benchmark_push_later() -> None:
    """Push once the current transaction commits (what a service calls after a change)."""
    transaction.on_commit(benchmark_push)


@shared_task(name="opinions.benchmark_push", acks_late=True)
def benchmark_push_task() -> dict:
    """Nightly (beat sends it to every committee): the computed benchmark values, recomputed, and the
    duty records of the reports the province adopted on its site since."""
    from tenants.opinions.services.duty import province_adoptions_duty_sync

    with transaction.atomic():
        synced = province_adoptions_duty_sync()
    return {"schema": connection.schema_name, "changed": benchmark_push(), "duty_synced": synced}
