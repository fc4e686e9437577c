"""The committee tells its province how its year goes (the network view, shared.network).

Shared code never reads a tenant schema, so the figures are computed here, in
the committee's schema, and pushed through ``shared.network.services.status_set``:
after a service changes what they count (``network_status_push_later``: monthly
reports filed or reviewed, golden ideas recommended or moved, the appraisal
computed), and every night for every committee by the
``programmes.network_status_push`` beat task, the safety net for what changes
without those services (targets, items, the admin, a new year).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from celery import shared_task
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from shared.network.services import StatusFigures, status_set
from tenants.programmes.models import MonthlyReport, ReportState, Target, report_due_on
from tenants.programmes.selectors import items_active_in, targets_reached


def item_completion(targets: list[Target], report: MonthlyReport | None) -> Decimal:
    """Share of an item's targets reached by its latest report, in percent (a missing value counts 0)."""
    return targets_reached(targets, report)


def _months_due(item, year: int, today: dt.date) -> list[dt.date]:
    if not item.first_year <= year <= item.last_year:
        return []
    return [month for month in (dt.date(year, m, 1) for m in range(1, 13)) if report_due_on(month) < today]


def _golden_ideas(year: int) -> Counter:
    from tenants.golden_ideas.models import GoldenIdea, Selection

    selection = Selection.objects.filter(year__lte=year).order_by("-year").first()
    if selection is None:
        return Counter()
    return Counter(GoldenIdea.objects.filter(selection=selection).values_list("stage", flat=True))


def network_status_compute(*, today: dt.date | None = None) -> StatusFigures:
    """The active committee's figures of this year (read-only)."""
    today = today or timezone.localdate()
    year = today.year
    items = list(
        items_active_in(year).filter(lead_unit__isnull=False).select_related("programme")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.filter(year=year)))
    )
    reports = (MonthlyReport.objects.filter(item__in=items, month__year=year)
               .prefetch_related("values").order_by("-month"))
    by_item: dict[int, list[MonthlyReport]] = defaultdict(list)
    for report in reports:
        by_item[report.item_id].append(report)
    completions = []
    due = on_time = late = overdue = 0
    for item in items:
        item_reports = by_item.get(item.pk, [])
        targets = list(item.targets.all())
        if targets:
            valid = [r for r in item_reports if r.state != ReportState.RETURNED]
            completions.append(item_completion(targets, valid[0] if valid else None))
        filed = {r.month: r for r in item_reports}
        for month in _months_due(item, year, today):
            due += 1
            report = filed.get(month)
            if report is None:
                overdue += 1
            elif report.filed_at is None or timezone.localdate(report.filed_at) <= report_due_on(month):
                on_time += 1
            else:
                late += 1
    ideas = _golden_ideas(year)
    return StatusFigures(
        year=year, items=len(items), items_with_targets=len(completions),
        plan_completion=(sum(completions) / len(completions)).quantize(Decimal("0.1")) if completions else None,
        reports_due=due, reports_on_time=on_time, reports_late=late, reports_overdue=overdue,
        ideas_recommended=ideas["recommended"], ideas_shortlisted=ideas["shortlisted"],
        ideas_approved=ideas["approved"], ideas_commended=ideas["commended"], ideas_rejected=ideas["rejected"],
    )


def network_status_push(*, today: dt.date | None = None) -> StatusFigures:
    """Compute and store the active committee's figures. Side effects: its shared.network CommitteeStatus."""
    figures = network_status_compute(today=today)
    status_set(figures=figures)
    return figures


def network_status_push_later() -> None:
    """Push once the current transaction commits (what a service calls after a change)."""
    transaction.on_commit(network_status_push)


@shared_task(name="programmes.network_status_push", acks_late=True)
def network_status_push_task() -> dict:
    """Nightly (beat sends it to every committee): the figures of the network view, recomputed."""
    figures = network_status_push()
    return {"schema": connection.schema_name, "year": figures.year, "items": figures.items}


def demo_fill(organisation) -> None:
    """The demo (inside each committee's schema, after the other apps' demos): its figures as the night would."""
    network_status_push()
