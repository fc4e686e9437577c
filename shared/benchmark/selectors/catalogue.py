"""The catalogue a viewer may use: indicators, periods and publications, peer groups."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q

from tenancy.models import Level, Organisation

from ..models import AppliesTo, Indicator, PeerGroup, PeerGroupKind, Period, PeriodKind, PeriodPublication
from .viewer import NotVisible, Viewer, network_list


def indicator_list(*, province: Organisation | None, level: str | None = None):
    """Active indicators of the province's catalogue plus the platform-wide ones, for a level."""
    qs = Indicator.objects.filter(is_active=True).filter(Q(province=province) | Q(province__isnull=True))
    if level in (Level.CITY, Level.COUNTY):
        qs = qs.filter(applies_to__in=[level, AppliesTo.BOTH])
    return qs.order_by("order", "id")


def period_list(kind: str | None = None):
    qs = Period.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "kind", "-quarter")


def period_previous(period: Period) -> Period | None:
    kind, year, quarter = period.previous_key()
    return Period.objects.filter(kind=kind, year=year, quarter=quarter).first()


def publication_get(viewer: Viewer, period: Period) -> PeriodPublication | None:
    if viewer.province is None:
        return None
    return PeriodPublication.objects.filter(province=viewer.province, period=period).first()


def publication_list(viewer: Viewer):
    if viewer.province is None:
        return PeriodPublication.objects.none()
    return PeriodPublication.objects.filter(province=viewer.province).select_related("period").order_by(
        "-period__year", "period__kind", "-period__quarter"
    )


def periods_visible(viewer: Viewer) -> list[tuple[Period, bool]]:
    """(period, published) the viewer may open as a league table: all for the province, published ones otherwise."""
    published = set(publication_list(viewer).values_list("period_id", flat=True))
    return [(p, p.pk in published) for p in period_list() if viewer.sees_network or p.pk in published]


def peer_group_list(viewer: Viewer) -> list[PeerGroup]:
    if viewer.province is None:
        return []
    groups = PeerGroup.objects.filter(province=viewer.province).order_by("kind", "id")
    if viewer.sees_network:
        return list(groups)
    own_kind = {Level.CITY: PeerGroupKind.CITIES, Level.COUNTY: PeerGroupKind.COUNTIES}.get(
        viewer.organisation.level
    )
    return list(groups.filter(Q(kind=own_kind) | Q(kind=PeerGroupKind.CUSTOM, members=viewer.organisation)).distinct())


def peer_group_default(viewer: Viewer) -> PeerGroup | None:
    groups = peer_group_list(viewer)
    if not groups:
        return None
    wanted = PeerGroupKind.COUNTIES if viewer.organisation.level == Level.COUNTY else PeerGroupKind.CITIES
    return next((g for g in groups if g.kind == wanted), groups[0])


#: what a league table, its exports and the API read of a member (a country is 3,400 of them: no joins
#: to parent or profile objects, no timestamps to parse)
MEMBER_FIELDS = (
    "id", "schema_name", "name", "short_name", "level", "region_code", "population", "parent_id", "province_id",
)


def peer_group_members(group: PeerGroup) -> list[Organisation]:
    """The group's committees by region code, each with `benchmark_member_count` (None without a profile)."""
    if group.kind == PeerGroupKind.CUSTOM:
        qs = group.members.all()
    else:
        level = Level.CITY if group.kind == PeerGroupKind.CITIES else Level.COUNTY
        qs = Organisation.objects.filter(province=group.province, level=level)
    return list(
        qs.only(*MEMBER_FIELDS).annotate(benchmark_member_count=F("benchmark_profile__member_count"))
        .order_by("region_code")
    )


def peer_group_editable(viewer: Viewer, pk) -> PeerGroup | None:
    """A custom peer group of the viewer's province it may change (None for anyone who cannot review)."""
    if not viewer.can_review or viewer.province is None:
        return None
    return PeerGroup.objects.filter(province=viewer.province, kind=PeerGroupKind.CUSTOM, pk=pk).first()


def peer_group_level(group: PeerGroup) -> str | None:
    return {PeerGroupKind.CITIES: Level.CITY, PeerGroupKind.COUNTIES: Level.COUNTY}.get(group.kind)


def organisation_visible_get(viewer: Viewer, organisation_id: int) -> Organisation:
    """A committee of the viewer's network it may look at (itself, or any when it sees the network or shares a group)."""
    organisation = network_list(viewer).filter(pk=organisation_id).first()
    if organisation is None:
        raise NotVisible
    if viewer.sees_network or organisation.pk == viewer.organisation.pk:
        return organisation
    for group in peer_group_list(viewer):
        if any(m.pk == organisation.pk for m in peer_group_members(group)):
            return organisation
    raise NotVisible


def period_latest_visible(viewer: Viewer, kind: str | None = None) -> Period | None:
    for period, published in periods_visible(viewer):
        if kind and period.kind != kind:
            continue
        if published or viewer.sees_network:
            return period
    return None


def period_default(viewer: Viewer) -> Period | None:
    """The latest published year, else the latest visible period."""
    published = [p for p, pub in periods_visible(viewer) if pub]
    years = [p for p in published if p.kind == PeriodKind.YEAR]
    if years:
        return years[0]
    if published:
        return published[0]
    return period_latest_visible(viewer)


@dataclass(frozen=True)
class LeagueChoice:
    """The peer group and period a page or an API call asked for, among those the viewer may open."""

    groups: list[PeerGroup]
    group: PeerGroup | None
    periods: list[tuple[Period, bool]]
    period: Period | None
    #: a period was asked for by id and the viewer may not open it (the default was taken)
    period_refused: bool


def league_choice(viewer: Viewer, *, group_id: int | None, period_id: int | None) -> LeagueChoice:
    """Unknown or invisible ids fall back to the defaults (the viewer's own group, the latest published year)."""
    groups = peer_group_list(viewer)
    group = next((g for g in groups if g.pk == group_id), None) or peer_group_default(viewer)
    periods = periods_visible(viewer)
    period = next((p for p, _published in periods if p.pk == period_id), None)
    return LeagueChoice(groups=groups, group=group, periods=periods, period=period or period_default(viewer),
                        period_refused=period_id is not None and period is None)


def indicator_catalogue(viewer: Viewer):
    """The province's own indicators, retired ones included, as its officer edits them (none for anyone else)."""
    if not viewer.can_review or viewer.province is None:
        return Indicator.objects.none()
    return Indicator.objects.filter(province=viewer.province).order_by("-is_active", "order", "id")


def indicator_editable(viewer: Viewer, pk) -> Indicator | None:
    """An indicator of the viewer's province it may change (None for another province's or a platform one)."""
    return indicator_catalogue(viewer).filter(pk=pk).first()
