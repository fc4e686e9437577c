"""Publishing a period: the versioned method and catalogue, audited."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from operations.models import AuditEvent
from operations.services import audit_record

from .. import selectors
from ..composite import Method
from ..models import (
    Indicator, Period, PeriodPublication, PublicationVersion, ReportedValue, ReportedValueVersion, ValueStatus,
)
from ..selectors import BAND_DRAWS, BAND_SEED
from .access import require_review
from .notices import period_published_notify


def _indicator_snapshot(indicator: Indicator) -> dict:
    """What a publication freezes of an indicator (the league table of a published period uses it)."""
    return {
        "code": indicator.code, "name": indicator.name, "definition": indicator.definition,
        "unit": indicator.unit, "direction": indicator.direction, "applies_to": indicator.applies_to,
        "collection": indicator.collection, "basis": indicator.basis, "weight": indicator.weight,
    }


def _incomplete_message(period: Period, check: selectors.Completeness) -> str:
    return _(
        "%(period)s的数值尚未齐全：%(none)d 个政协未填报，%(partial)d 个政协有指标未填报，%(pending)d 项待审核，"
        "%(returned)d 项被退回待更正。核对后勾选“仍然发布”再发布。"
    ) % {"period": period.label, "none": len(check.not_reported), "partial": len(check.incomplete),
         "pending": check.pending, "returned": check.returned}


@transaction.atomic
def period_publish(*, actor, period: Period, method: Method | None = None, confirm: bool = False) -> PeriodPublication:
    """The province publishes a period: its peers then see the league tables, computed by `method`.

    Before publishing the completeness check runs: when a committee has not
    reported, or values are pending or returned, nothing is published unless
    `confirm` says the officer has seen it and publishes anyway.

    Side effects: one PeriodPublication row (version 1) holding the versioned
    method, the indicator catalogue as it stands (the weights the period keeps),
    the rank-band settings and what the completeness check found; its first
    PublicationVersion row; an audit event; a notice to every committee of the
    province. Values of the period are then locked except returned ones, whose
    accepted corrections republish the period (`publication_revise`). Needs at
    least one accepted value in the network.
    """
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
    province = viewer.province
    if PeriodPublication.objects.filter(province=province, period=period).exists():
        raise ValidationError(_("%(period)s已经发布。") % {"period": period.label})
    accepted = ReportedValue.objects.filter(
        organisation__province=province, period=period, status=ValueStatus.ACCEPTED
    )
    if not accepted.exists():
        raise ValidationError(_("%(period)s还没有已采纳的数值，不能发布。") % {"period": period.label})
    check = selectors.completeness_get(viewer=viewer, period=period)
    if not check.complete and not confirm:
        raise ValidationError({"confirm": [_incomplete_message(period, check)]})
    method = method or Method()
    edition = PeriodPublication.objects.filter(province=province).count() + 1
    description = {
        "edition": edition,
        "method": method.describe(),
        "values": "accepted",
        "indicators": [_indicator_snapshot(i) for i in selectors.indicator_list(province=province)],
        "rank_bands": {"draws": BAND_DRAWS, "seed": BAND_SEED, "weight_jitter": 0.2, "band": [0.05, 0.95]},
        "pending_at_publication": check.pending,
        "completeness": check.summary(),
    }
    publication = PeriodPublication(province=province, period=period, published_by=actor, method=description)
    publication.full_clean()
    publication.save()
    PublicationVersion.objects.create(publication=publication, version=1, published_by=actor, changes=[])
    audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
        "kind": "benchmark_period", "publication_id": publication.pk, "province_id": publication.province_id,
        "period_id": period.pk, "period": period.label, "edition": edition, "version": 1,
        "method": description["method"], "completeness": description["completeness"],
    })
    period_published_notify(publication=publication)
    return publication


def _accepted_before(row: ReportedValue) -> Decimal | None:
    """The value the cell had in the league table before this correction (its last accepted version), if any."""
    return (
        ReportedValueVersion.objects.filter(reported_value=row, status=ValueStatus.ACCEPTED, version__lt=row.version)
        .order_by("-id").values_list("value", flat=True).first()
    )


def publication_revise(
    *, actor, publication: PeriodPublication, rows: list[ReportedValue], withdrawn: bool = False,
) -> PublicationVersion:
    """Values of a published period that were accepted (or, `withdrawn`, returned after being accepted)
    republish it as its next version.

    Called by `values_review` inside its transaction, after the rows' status
    changed. The method and the frozen catalogue stay the publication's; only
    the values changed. Side effects: the publication's version + 1, one
    PublicationVersion row listing each changed value (before → after; after
    is None for a value taken out), an audit event, a notice to every committee
    of the province.
    """
    publication = PeriodPublication.objects.select_for_update().get(pk=publication.pk)
    changes = []
    for row in sorted(rows, key=lambda r: (r.organisation.region_code, r.indicator.order, r.indicator_id)):
        before = row.value if withdrawn else _accepted_before(row)
        changes.append({
            "organisation": row.organisation.short_name, "indicator": row.indicator.name, "unit": row.indicator.unit,
            "before": None if before is None else str(before), "after": None if withdrawn else str(row.value),
            "comment": row.comment, "value_id": row.pk, "value_version": row.version,
        })
    publication.version += 1
    publication.save(update_fields=["version"])
    version = PublicationVersion(publication=publication, version=publication.version, published_by=actor,
                                 changes=changes)
    version.full_clean()
    version.save()
    audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
        "kind": "benchmark_republication", "publication_id": publication.pk, "province_id": publication.province_id,
        "period_id": publication.period_id, "period": publication.period.label, "version": publication.version,
        "changes": len(changes),
    })
    period_published_notify(publication=publication)
    return version
