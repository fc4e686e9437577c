"""The committee's proposal figures for 比学赶超's computed indicators (shared.benchmark).

Shared code never reads a tenant schema, so the figures are computed here, in the committee's
schema, with the definitions of ``statistics`` (the year's figures page), and pushed through
``shared.benchmark.services.computed_value_set``: after the services that change them
(``benchmark_push_later``: a proposal accepted or declined, an answer delivered, a rating given),
and every night for every committee by the ``proposals.benchmark_push`` beat task (what changes
with time alone: a deadline passing counts against the on-time rate).

A period is a year or a quarter of ``shared.benchmark.Period``. The year's figures are those of
the statistics page for its ``ProposalYear``; a quarter takes the proposals of that year accepted
in it (``decided_at``), the deadlines falling in it (``first_due_on``) and the ratings given in
it. A committee with no submitted proposal in a year does not use the module for it: nothing is
pushed, and its values stay the ones it typed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared.benchmark.services import computed_push
from tenants.proposals.models import Proposal, ProposalYear, Rating, Satisfaction, Status
from tenants.proposals.statistics import ACCEPTED_STATES, on_time_ids

ACCEPTED = "proposals.accepted"
ON_TIME = "proposals.on_time_rate"
SATISFACTION = "proposals.satisfaction_rate"


@dataclass(frozen=True)
class Figure:
    """A computed value and the rows it came from (proposal ids; for satisfaction, rating ids)."""

    value: Decimal
    rows: tuple[int, ...]
    #: for a rate, the rows counted in the numerator (answered on time, satisfied or basically)
    part: tuple[int, ...] = ()


def period_days(period) -> tuple[dt.date, dt.date]:
    """First and last day of a shared.benchmark Period (a year, or a quarter of it)."""
    if period.quarter is None:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    first = dt.date(period.year, 3 * period.quarter - 2, 1)
    last = (dt.date(period.year + 1, 1, 1) if period.quarter == 4
            else dt.date(period.year, 3 * period.quarter + 1, 1)) - dt.timedelta(days=1)
    return first, last


def _in(period, day: dt.date | None) -> bool:
    first, last = period_days(period)
    return day is not None and first <= day <= last


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"))


def proposal_year_of(period) -> ProposalYear | None:
    """The period's proposal year, if the committee used the module that year (a proposal submitted)."""
    year = ProposalYear.objects.filter(year=period.year).first()
    if year is None or not Proposal.objects.filter(year=year).exclude(status=Status.DRAFT).exists():
        return None
    return year


def accepted_figure(period, *, today: dt.date | None = None) -> Figure | None:
    """立案: the year's accepted proposals (accepted, assigned, answered or closed); a quarter's, by decision day."""
    year = proposal_year_of(period)
    if year is None:
        return None
    rows = Proposal.objects.filter(year=year, status__in=ACCEPTED_STATES).order_by("number", "pk")
    ids = [pk for pk, decided in rows.values_list("pk", "decided_at")
           if period.quarter is None or _in(period, decided and timezone.localdate(decided))]
    return Figure(value=Decimal(len(ids)), rows=tuple(ids))


def on_time_figure(period, *, today: dt.date | None = None) -> Figure | None:
    """按期办复率: answered on time over the proposals counted (answered, or past their first deadline);
    a quarter counts those whose first deadline falls in it. None while nothing is counted."""
    year = proposal_year_of(period)
    if year is None:
        return None
    counted, on_time = on_time_ids(year, today=today)
    if period.quarter is not None:
        due = dict(Proposal.objects.filter(pk__in=counted).values_list("pk", "first_due_on"))
        counted = {pk for pk in counted if _in(period, due.get(pk))}
        on_time &= counted
    if not counted:
        return None
    return Figure(value=_rate(len(on_time), len(counted)), rows=tuple(sorted(counted)), part=tuple(sorted(on_time)))


def satisfaction_figure(period, *, today: dt.date | None = None) -> Figure | None:
    """满意率: ratings 满意 or 基本满意 over all ratings of the year's proposals; a quarter's, by rating day."""
    year = proposal_year_of(period)
    if year is None:
        return None
    ratings = [(pk, satisfaction) for pk, satisfaction, at in
               Rating.objects.filter(answer__proposal__year=year).order_by("pk")
               .values_list("pk", "satisfaction", "rated_at")
               if period.quarter is None or _in(period, timezone.localdate(at))]
    if not ratings:
        return None
    good = [pk for pk, s in ratings if s in (Satisfaction.SATISFIED, Satisfaction.BASIC)]
    return Figure(value=_rate(len(good), len(ratings)), rows=tuple(pk for pk, _s in ratings), part=tuple(good))


#: source code -> (label for the province's catalogue, value type, the function computing it)
SOURCES: dict[str, tuple[str, str, Callable]] = {
    ACCEPTED: (_("提案：立案件数"), "count", accepted_figure),
    ON_TIME: (_("提案：按期办复率"), "percent", on_time_figure),
    SATISFACTION: (_("提案：答复满意率"), "percent", satisfaction_figure),
}


def computed_sources_register() -> None:
    """Declare the sources to shared.benchmark (from the app's ``ready()``), each with its rows page."""
    from django.urls import reverse

    from shared.benchmark.computed import ComputedSource, computed_source_register

    for code, (label, value_type, _compute) in SOURCES.items():
        slug = code.split(".", 1)[1]
        computed_source_register(ComputedSource(
            code=code, label=label, value_type=value_type,
            rows_url=lambda period_id, slug=slug: reverse("proposals:benchmark_rows", args=[slug, period_id]),
        ))


def benchmark_figure(source: str, period, *, today: dt.date | None = None) -> Figure | None:
    return SOURCES[source][2](period, today=today)


def benchmark_push(*, today: dt.date | None = None) -> int:
    """Compute and push every proposal source the committee's catalogue uses, for each open period.

    Side effects: the committee's computed shared.benchmark ReportedValues. Returns the values changed.
    """
    return computed_push({source: (lambda period, source=source: benchmark_figure(source, period, today=today))
                          for source in SOURCES})


def benchmark_push_later() -> None:
    """Push once the current transaction commits (what a service calls after a change)."""
    transaction.on_commit(benchmark_push)


@shared_task(name="proposals.benchmark_push", acks_late=True)
def benchmark_push_task() -> dict:
    """Nightly (beat sends it to every committee): the computed benchmark values, recomputed."""
    return {"schema": connection.schema_name, "changed": benchmark_push()}
