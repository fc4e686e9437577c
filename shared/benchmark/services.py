"""Writes of 比学赶超: reporting values, reviewing them, publishing a period, peer groups and profiles.

Every write is all or nothing: values of a form or a sheet are validated
together and nothing is saved when one of them is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from operations.models import AuditEvent
from operations.services import audit_record
from roles.policy import Capability, access_in
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current
from ui.numbers import NotFinite, decimal_read

from . import selectors
from .composite import Method
from .models import (
    CommitteeProfile, Indicator, PeerGroup, PeerGroupKind, Period, PeriodKind, PeriodPublication,
    ReportedValue, ReportedValueVersion, ValueStatus, ValueType,
)
from .selectors import BAND_DRAWS, BAND_SEED, Viewer

#: a value more than this many times (or less than 1/this of) last period's needs a comment
JUMP_FACTOR = 3.0
MAX_VALUE = Decimal("999999999999")


@dataclass(frozen=True)
class Entry:
    """One cell a committee reports: the indicator, the text typed, an optional comment."""

    indicator_id: int
    raw: str
    comment: str = ""


def value_parse(indicator: Indicator, raw, *, previous: Decimal | None, comment: str) -> tuple[Decimal | None, list[str]]:
    """Check one cell: type, range, unit and the jump rule. Returns (value, messages); value None if empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    try:
        value = decimal_read(raw, percent=indicator.value_type == ValueType.PERCENT)
    except NotFinite:
        return None, [_("请填写有限的数字。")]
    except ValueError:
        return None, [_("“%(raw)s”不是数字，请填写%(unit)s数。") % {"raw": str(raw)[:20], "unit": indicator.unit}]
    if value is None:
        return None, []
    messages = []
    if value < 0:
        messages.append(_("不能为负数。"))
    if abs(value) > MAX_VALUE:
        messages.append(_("数值过大。"))
    if indicator.value_type == ValueType.COUNT and value != value.to_integral_value():
        messages.append(_("计数指标应为整数（单位：%(unit)s）。") % {"unit": indicator.unit})
    if indicator.value_type == ValueType.PERCENT and value > 100:
        messages.append(_("百分比不能超过 100。"))
    if not messages and previous is not None and not comment.strip():
        prev = float(previous)
        v = float(value)
        if prev > 0 and (v > prev * JUMP_FACTOR or v < prev / JUMP_FACTOR):
            messages.append(
                _("与上期（%(prev)s）相比变化超过 %(factor)s 倍，请在说明中写明原因。")
                % {"prev": f"{prev:g}", "factor": f"{JUMP_FACTOR:g}"}
            )
    return (value if not messages else None), messages


def _require_edit(actor, organisation: Organisation) -> None:
    if not access_in(actor, organisation).allows(Capability.EDIT):
        raise PermissionDenied(_("只有本委员会的管理员或委室工作人员可以填报。"))


def _require_review(viewer: Viewer) -> None:
    if not viewer.can_review:
        raise PermissionDenied(_("只有省政协可以审核和发布。"))


def values_validate(*, organisation: Organisation, period: Period, entries: list[Entry]) -> tuple[dict[int, tuple[Decimal, str]], dict[int, list[str]]]:
    """Check every entry; returns (clean values by indicator id, messages by indicator id). Writes nothing."""
    if PeriodPublication.objects.filter(province=organisation.province_id, period=period).exists():
        raise ValidationError(_("%(period)s已发布，数值已锁定。") % {"period": period.label})
    indicators = {
        i.pk: i for i in selectors.indicator_list(province=organisation.province, level=organisation.level)
    }
    previous_period = selectors.period_previous(period)
    previous = {}
    if previous_period is not None:
        previous = dict(
            ReportedValue.objects.filter(organisation=organisation, period=previous_period)
            .exclude(status=ValueStatus.RETURNED).values_list("indicator_id", "value")
        )
    clean: dict[int, tuple[Decimal, str]] = {}
    errors: dict[int, list[str]] = {}
    seen = set()
    for entry in entries:
        indicator = indicators.get(entry.indicator_id)
        if indicator is None:
            errors.setdefault(entry.indicator_id, []).append(_("该指标不在本委员会的指标目录中。"))
            continue
        if entry.indicator_id in seen:
            errors.setdefault(entry.indicator_id, []).append(_("同一指标填写了两次。"))
            continue
        seen.add(entry.indicator_id)
        comment = (entry.comment or "").strip()[:1000]
        value, messages = value_parse(indicator, entry.raw, previous=previous.get(indicator.pk), comment=comment)
        if messages:
            errors[indicator.pk] = messages
        elif value is not None:
            clean[indicator.pk] = (value, comment)
    return clean, errors


@transaction.atomic
def values_report(*, actor, period: Period, entries: list[Entry], submit: bool = True) -> list[ReportedValue]:
    """The requesting committee reports values for a period (as drafts, or submitted for review).

    Side effects: ReportedValue rows created or given a new version (status
    draft/submitted), one ReportedValueVersion row per change. Unchanged cells
    are left alone. Raises ValidationError (messages by indicator id) and saves
    nothing if any cell is wrong.
    """
    organisation = organisation_current()
    _require_edit(actor, organisation)
    if organisation.level not in (Level.CITY, Level.COUNTY):
        raise ValidationError(_("只有市、县政协填报比学赶超数值。"))
    clean, errors = values_validate(organisation=organisation, period=period, entries=entries)
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    status = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    existing = {
        v.indicator_id: v
        for v in ReportedValue.objects.select_for_update().filter(organisation=organisation, period=period)
    }
    saved = []
    for indicator_id, (value, comment) in clean.items():
        row = existing.get(indicator_id)
        if row is not None:
            if row.value == value and row.comment == comment and (
                row.status == status or row.status == ValueStatus.ACCEPTED
            ):
                continue
            row.value, row.comment, row.status = value, comment, status
            row.version += 1
            row.review_note = ""
        else:
            row = ReportedValue(
                organisation=organisation, indicator_id=indicator_id, period=period,
                value=value, comment=comment, status=status,
            )
        row.full_clean()
        row.save()
        ReportedValueVersion.objects.create(
            reported_value=row, version=row.version, value=value, comment=comment, status=status, changed_by=actor
        )
        saved.append(row)
    return saved


@transaction.atomic
def values_review(*, actor, value_ids: list[int], accept: bool, note: str = "") -> int:
    """The province accepts or returns submitted values of its network.

    Side effects: status accepted/returned on each value, one version row each.
    Returning needs a note. Returns the number of values changed.
    """
    viewer = selectors.viewer_get(actor)
    _require_review(viewer)
    note = (note or "").strip()[:1000]
    if not accept and not note:
        raise ValidationError(_("退回时请写明原因。"))
    rows = list(
        ReportedValue.objects.select_for_update().filter(
            pk__in=value_ids, organisation__province=viewer.province, status=ValueStatus.SUBMITTED
        )
    )
    if len(rows) != len(set(value_ids)):
        raise ValidationError(_("有的数值不存在、不在本省或不是待审核状态。"))
    published = set(
        PeriodPublication.objects.filter(province=viewer.province).values_list("period_id", flat=True)
    )
    if any(r.period_id in published for r in rows):
        raise ValidationError(_("已发布统计期的数值不能再审核。"))
    status = ValueStatus.ACCEPTED if accept else ValueStatus.RETURNED
    for row in rows:
        row.status = status
        row.review_note = note
        row.save(update_fields=["status", "review_note", "updated_at"])
        ReportedValueVersion.objects.create(
            reported_value=row, version=row.version, value=row.value, comment=row.comment,
            status=status, note=note, changed_by=actor,
        )
    return len(rows)


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
    _require_review(viewer)
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
    _require_review(viewer)
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
    group.name = name
    group.full_clean()
    group.save()
    group.members.set(members)
    return group


@transaction.atomic
def peer_group_delete(*, actor, group: PeerGroup) -> None:
    """The province deletes one of its custom peer groups (the standard groups stay)."""
    viewer = selectors.viewer_get(actor)
    _require_review(viewer)
    if group.province_id != viewer.province.pk or group.kind != PeerGroupKind.CUSTOM:
        raise PermissionDenied(_("只能删除本省的自定义分组。"))
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
