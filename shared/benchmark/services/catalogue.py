"""Periods, peer groups, committee profiles and the province's indicator catalogue.

Changes of the catalogue and of custom peer groups are audited (action
"publication", detail kind benchmark_indicator / benchmark_peer_group: what the
province compares its network by is part of what it publishes).
"""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from operations.models import AuditEvent
from operations.services import audit_record
from tenancy.models import Organisation
from tenancy.selectors import organisation_current
from ui.numbers import decimal_read

from .. import selectors
from ..models import Collection, CommitteeProfile, Indicator, PeerGroup, PeerGroupKind, Period, PeriodKind
from .access import require_review


@transaction.atomic
def period_ensure(*, year: int, quarter: int | None = None) -> Period:
    kind = PeriodKind.YEAR if quarter is None else PeriodKind.QUARTER
    period = Period.objects.filter(kind=kind, year=year, quarter=quarter).first()
    if period is None:
        period = Period(kind=kind, year=year, quarter=quarter)
        period.full_clean()
        period.save()
    return period


@transaction.atomic
def peer_groups_ensure(*, province: Organisation) -> list[PeerGroup]:
    """The province's standard peer groups (its cities, its counties)."""
    groups = []
    for kind, name in ((PeerGroupKind.CITIES, _("全省市（州）政协")), (PeerGroupKind.COUNTIES, _("全省县（市、区）政协"))):
        group, _created = PeerGroup.objects.get_or_create(
            province=province, kind=kind, defaults={"name": f"{province.short_name}{name}"}
        )
        groups.append(group)
    return groups


MIN_GROUP_MEMBERS = 2


@transaction.atomic
def peer_group_save(*, actor, name: str, member_ids: list[int], group: PeerGroup | None = None) -> PeerGroup:
    """The province creates (group None) or changes a custom peer group of committees of its network.

    Side effects: the PeerGroup row (kind custom) and its member set, replaced
    as a whole. Raises ValidationError (by field) and saves nothing when the
    name is empty or taken, fewer than two committees are picked, or a picked
    committee is not a city or county of the province.
    """
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
    province = viewer.province
    if group is not None and (group.province_id != province.pk or group.kind != PeerGroupKind.CUSTOM):
        raise PermissionDenied(_("只能修改本省的自定义分组。"))
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写分组名称。")]
    elif len(name) > 60:
        errors["name"] = [_("分组名称不能超过 60 个字。")]
    elif PeerGroup.objects.filter(province=province, name=name).exclude(pk=getattr(group, "pk", None)).exists():
        errors["name"] = [_("本省已有名为“%(name)s”的分组。") % {"name": name}]
    wanted = set(member_ids)
    members = list(selectors.network_list(viewer).filter(pk__in=wanted))
    if len(members) != len(wanted):
        errors["members"] = [_("所选政协中有不属于本省市、县政协的。")]
    elif len(members) < MIN_GROUP_MEMBERS:
        errors["members"] = [_("请至少选择 %(n)d 个政协。") % {"n": MIN_GROUP_MEMBERS}]
    if errors:
        raise ValidationError(errors)
    if group is None:
        group = PeerGroup(province=province, kind=PeerGroupKind.CUSTOM)
    created = group is None or group.pk is None
    group.name = name
    group.full_clean()
    group.save()
    group.members.set(members)
    audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
        "kind": "benchmark_peer_group", "created": created, "group_id": group.pk, "name": group.name,
        "province_id": province.pk, "members": sorted(o.pk for o in members),
    })
    return group


@transaction.atomic
def peer_group_delete(*, actor, group: PeerGroup) -> None:
    """The province deletes one of its custom peer groups (the standard groups stay)."""
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
    if group.province_id != viewer.province.pk or group.kind != PeerGroupKind.CUSTOM:
        raise PermissionDenied(_("只能删除本省的自定义分组。"))
    audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
        "kind": "benchmark_peer_group", "deleted": True, "group_id": group.pk, "name": group.name,
        "province_id": group.province_id,
    })
    group.delete()


@transaction.atomic
def profile_set(*, member_count: int) -> CommitteeProfile:
    """Store the active committee's member count (per-member values, similar committees).

    Pushed by the committee's own structure services when members are added
    or removed, and daily by its safety-net task; shared code never reads the
    tenant schemas. Side effects: the committee's CommitteeProfile row.
    """
    organisation = organisation_current()
    profile, _created = CommitteeProfile.objects.get_or_create(organisation=organisation)
    if profile.member_count != member_count:
        profile.member_count = member_count
        profile.full_clean()
        profile.save()
    return profile


# --------------------------------------------------------------------------- the indicator catalogue

#: what the officer edits of an indicator; the code is given once, when it is created
EDITABLE = ("name", "unit", "definition", "value_type", "direction", "applies_to", "basis", "weight",
            "min_value", "max_value", "search_terms", "collection", "computed_source")
WEIGHT_MAX = 100


def _number(raw, *, field: str, errors: dict, required: bool = False, percent: bool = False) -> Decimal | None:
    try:
        value = decimal_read(raw, percent=percent)
    except ValueError:
        errors[field] = [_("“%(raw)s”不是数字。") % {"raw": str(raw)[:20]}]
        return None
    if value is None and required:
        errors[field] = [_("请填写权重。")]
    return value


def _code_new(province: Organisation) -> str:
    """A code nobody types: the template and the API name the indicator by it."""
    taken = set(Indicator.objects.filter(province=province).values_list("code", flat=True))
    number = Indicator.objects.filter(province=province).count() + 1
    while f"indicator-{number}" in taken:
        number += 1
    return f"indicator-{number}"


def _audit_value(value):
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def indicator_save(
    *, actor, indicator: Indicator | None = None, name: str, unit: str, definition: str = "",
    value_type: str, direction: str, applies_to: str, basis: str, weight, min_value=None, max_value=None,
    search_terms: str = "", computed_source: str = "",
) -> Indicator:
    """The province adds (indicator None) or changes an indicator of its own catalogue.

    Numbers come as typed (weight, bounds). A change applies to periods not yet
    published: a published period keeps the catalogue its publication froze.
    Side effects: the Indicator row; an audit event listing each changed field
    (before, after). Raises ValidationError by field, saving nothing, for an
    empty or taken name, an empty unit, a choice that does not exist, a weight
    that is no number or outside 0–100, bounds that contradict each other or
    the value type, a computed source that does not exist or gives another value
    type. Choosing a source makes the indicator computed (the committees that use
    that part of the platform push it, the others keep typing it); choosing none
    makes it reported again.
    """
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
    province = viewer.province
    if indicator is not None and indicator.province_id != province.pk:
        raise PermissionDenied(_("只能修改本省的指标。"))
    errors: dict[str, list[str]] = {}
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name:
        errors["name"] = [_("请填写指标名称。")]
    elif Indicator.objects.filter(province=province, name=name, is_active=True).exclude(
            pk=getattr(indicator, "pk", None)).exists():
        errors["name"] = [_("本省已有名为“%(name)s”的指标。") % {"name": name}]
    if not unit:
        errors["unit"] = [_("请填写单位，例如：场、件、%。")]
    weight_value = _number(weight, field="weight", errors=errors, required=True)
    if weight_value is not None and not 0 <= weight_value <= WEIGHT_MAX:
        errors["weight"] = [_("权重应在 0 到 %(max)d 之间。") % {"max": WEIGHT_MAX}]
    percent = value_type == "percent"
    low = _number(min_value, field="min_value", errors=errors, percent=percent)
    high = _number(max_value, field="max_value", errors=errors, percent=percent)
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(indicator, f) for f in EDITABLE} if indicator is not None else {}
    if indicator is None:
        indicator = Indicator(province=province, code=_code_new(province),
                              order=(Indicator.objects.filter(province=province).count()))
    indicator.name, indicator.unit = name, unit
    indicator.definition = (definition or "").strip()
    indicator.value_type, indicator.direction, indicator.applies_to, indicator.basis = (
        value_type, direction, applies_to, basis)
    indicator.weight = float(weight_value)
    indicator.min_value, indicator.max_value = low, high
    indicator.search_terms = (search_terms or "").strip()
    indicator.computed_source = (computed_source or "").strip()
    if indicator.computed_source:
        indicator.collection = Collection.COMPUTED
    elif indicator.pk is None or indicator.collection != Collection.COMPUTED or before.get("computed_source"):
        indicator.collection = Collection.REPORTED  # (a computed one without a source keeps its collection)
    indicator.full_clean()
    indicator.save()
    after = {f: getattr(indicator, f) for f in EDITABLE}
    changes = {f: [_audit_value(before.get(f)), _audit_value(after[f])] for f in EDITABLE
               if before.get(f) != after[f]}
    audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
        "kind": "benchmark_indicator", "created": not before, "indicator_id": indicator.pk,
        "code": indicator.code, "name": indicator.name, "province_id": province.pk, "changes": changes,
    })
    return indicator


@transaction.atomic
def indicator_retire(*, actor, indicator: Indicator, active: bool = False) -> Indicator:
    """The province retires an indicator (it is no longer reported nor ranked) or puts it back (active).

    Its values stay, and published periods keep it as their publication froze
    it. Side effects: `is_active`; an audit event.
    """
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
    if indicator.province_id != viewer.province.pk:
        raise PermissionDenied(_("只能修改本省的指标。"))
    if active and Indicator.objects.filter(province=indicator.province_id, name=indicator.name,
                                           is_active=True).exclude(pk=indicator.pk).exists():
        raise ValidationError(_("本省已有名为“%(name)s”的启用指标，不能恢复。") % {"name": indicator.name})
    if indicator.is_active != active:
        indicator.is_active = active
        indicator.save(update_fields=["is_active"])
        audit_record(AuditEvent.Action.PUBLICATION, actor=actor, detail={
            "kind": "benchmark_indicator", "indicator_id": indicator.pk, "code": indicator.code,
            "name": indicator.name, "province_id": indicator.province_id,
            "changes": {"is_active": [not active, active]},
        })
    return indicator
