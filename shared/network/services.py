"""Writes of the network view: a committee stores its own status figures (never another's)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction

from tenancy.selectors import organisation_current

from .models import CommitteeStatus


@dataclass(frozen=True)
class StatusFigures:
    """What a committee tells its province about its year (computed in its own schema)."""

    year: int
    items: int = 0
    items_with_targets: int = 0
    plan_completion: Decimal | None = None
    reports_due: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_overdue: int = 0
    ideas_recommended: int = 0
    ideas_shortlisted: int = 0
    ideas_approved: int = 0
    ideas_commended: int = 0
    ideas_rejected: int = 0


@transaction.atomic
def status_set(*, figures: StatusFigures) -> CommitteeStatus:
    """Store the active committee's figures (the tenant is stamped here: callers cannot pick one).

    Pushed by the committee's own services when its reports, appraisal or golden
    ideas change, and nightly by its safety-net task; shared code never reads
    the tenant schemas. Side effects: the committee's CommitteeStatus row.
    """
    organisation = organisation_current()
    status = CommitteeStatus.objects.select_for_update().filter(organisation=organisation).first()
    status = status or CommitteeStatus(organisation=organisation)
    for name, value in asdict(figures).items():
        setattr(status, name, value)
    status.full_clean()
    status.save()
    return status
