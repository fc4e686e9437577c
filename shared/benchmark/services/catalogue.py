"""Periods, peer groups and committee profiles."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenancy.models import Organisation
from tenancy.selectors import organisation_current

from .. import selectors
from ..models import CommitteeProfile, PeerGroup, PeerGroupKind, Period, PeriodKind
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
    group.name = name
    group.full_clean()
    group.save()
    group.members.set(members)
    return group


@transaction.atomic
def peer_group_delete(*, actor, group: PeerGroup) -> None:
    """The province deletes one of its custom peer groups (the standard groups stay)."""
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
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
