"""Publishing a period: the versioned method and catalogue, audited."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from operations.models import AuditEvent
from operations.services import audit_record

from .. import selectors
from ..composite import Method
from ..models import Indicator, Period, PeriodPublication, ReportedValue, ValueStatus
from ..selectors import BAND_DRAWS, BAND_SEED
from .access import require_review


def _indicator_snapshot(indicator: Indicator) -> dict:
    return {
        "code": indicator.code, "name": indicator.name, "definition": indicator.definition,
        "unit": indicator.unit, "direction": indicator.direction, "applies_to": indicator.applies_to,
        "collection": indicator.collection, "basis": indicator.basis, "weight": indicator.weight,
    }


@transaction.atomic
def period_publish(*, actor, period: Period, method: Method | None = None) -> PeriodPublication:
    """The province publishes a period: its peers then see the league tables, computed by `method`.

    Side effects: one PeriodPublication row holding the versioned method, the
    indicator catalogue as it stands and the rank-band settings; the period's
    values are locked. Needs at least one accepted value in the network.
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
    method = method or Method()
    version = PeriodPublication.objects.filter(province=province).count() + 1
    description = {
        "edition": version,
        "method": method.describe(),
        "values": "accepted",
        "indicators": [_indicator_snapshot(i) for i in selectors.indicator_list(province=province)],
        "rank_bands": {"draws": BAND_DRAWS, "seed": BAND_SEED, "weight_jitter": 0.2, "band": [0.05, 0.95]},
        "pending_at_publication": ReportedValue.objects.filter(
            organisation__province=province, period=period, status=ValueStatus.SUBMITTED
        ).count(),
    }
    publication = PeriodPublication(province=province, period=period, published_by=actor, method=description)
    publication.full_clean()
    publication.save()
    audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
        "kind": "benchmark_period", "publication_id": publication.pk, "province_id": publication.province_id,
        "period_id": period.pk, "period": period.label, "edition": version, "method": description["method"],
    })
    return publication
