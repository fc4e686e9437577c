"""Reads of 比学赶超: who sees what, the values matrix of a peer group, league tables, catch-up, trends.

Visibility (the issue's rule, applied here and nowhere else):
- the province (its provincial officers, and users of the province's own
  committee on its host) sees everything in its network, published or not;
- a committee sees the published league tables of its peer groups and its own
  values in any state, never a peer's unpublished value;
- nobody sees another province's data: every query below is limited to the
  requesting committee's province.
The requesting committee is the active tenant (`organisation_current()`); the
user only adds network powers through `roles.policy`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import F, Q
from django.utils.translation import gettext as _

from accounts.models import Role
from roles.policy import access_in
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current

from .catchup import CatchUp, catch_up
from .composite import CompositeResult, Method, competition_rank, composite, drivers
from .models import (
    AppliesTo, Basis, CommitteeProfile, Indicator, PeerGroup, PeerGroupKind, Period, PeriodKind,
    PeriodPublication, ReportedValue, ValueStatus,
)
from .uncertainty import RankBands, rank_bands

BAND_DRAWS = 1000
BAND_SEED = 20260101


class NotVisible(Exception):
    """The viewer may not see this (an unpublished period of its peers, another network)."""


# --------------------------------------------------------------------------- who is asking


@dataclass(frozen=True)
class Viewer:
    organisation: Organisation
    province: Organisation | None
    #: sees every committee of the province, published or not
    sees_network: bool
    #: may accept/return values and publish periods
    can_review: bool

    @property
    def is_province_host(self) -> bool:
        return self.organisation.level == Level.PROVINCE


def viewer_get(user) -> Viewer:
    organisation = organisation_current()
    province = organisation.province
    access = access_in(user, organisation)
    officer = Role.PROVINCIAL_OFFICER in access.roles
    on_province = organisation.level == Level.PROVINCE
    return Viewer(
        organisation=organisation,
        province=province,
        sees_network=officer or (on_province and access.is_member),
        can_review=officer or (on_province and Role.TENANT_ADMIN in access.roles),
    )


def network_list(viewer: Viewer):
    """The committees of the viewer's province (cities and counties), by region code."""
    if viewer.province is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(province=viewer.province, level__in=[Level.CITY, Level.COUNTY])
        .select_related("parent", "benchmark_profile")
        .order_by("region_code")
    )


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


# --------------------------------------------------------------------------- catalogue, periods, groups


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


def period_year_ago(period: Period) -> Period | None:
    kind, year, quarter = period.year_ago_key()
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


# --------------------------------------------------------------------------- the values matrix


def _statuses(viewer: Viewer, published: bool) -> list[str]:
    if published:
        return [ValueStatus.ACCEPTED]
    if viewer.sees_network:
        return [ValueStatus.ACCEPTED, ValueStatus.SUBMITTED]  # the province's preview
    raise NotVisible


SMALL_GROUP = 1000


def values_matrix(
    organisations: list[Organisation], indicators: list[Indicator], periods: dict[int, list[str]]
) -> dict[int, np.ndarray]:
    """Raw values of every (organisation, indicator) for each period, in ONE query.

    `periods` maps a period id to the statuses that count in it. Returns period
    id -> organisations × indicators float matrix, NaN where no value counts.

    A country is 2 × 165,000 values: PostgreSQL joins the members and the
    indicators as arrays (hash joins, their positions from WITH ORDINALITY),
    computes each value's cell in the result and sends two packed arrays
    (`array_send`: cells as int8, values as float8), which numpy reads as they
    are. No row tuple, Decimal or model object is made per value. Up to
    SMALL_GROUP members the rows are also looked up by organisation (index);
    above, that list costs more than reading both periods whole.
    """
    n, m = len(organisations), len(indicators)
    out = {pid: np.full((n, m), np.nan) for pid in periods}
    if not n or not m or not periods:
        return out
    order = list(periods)
    offsets = " ".join(f"WHEN {int(pid)} THEN {k * n * m}" for k, pid in enumerate(order))
    conditions = " OR ".join("(v.period_id = %s AND v.status = ANY(%s::varchar[]))" for _ in order)
    params: list = [[o.pk for o in organisations], [i.pk for i in indicators]]
    for pid in order:
        params += [pid, list(periods[pid])]
    where = f"({conditions})"
    if n <= SMALL_GROUP:
        # a small group reads its members' rows through the (organisation, ...) index instead of the periods'
        where += " AND v.organisation_id = ANY(%s::bigint[])"
        params.append(params[0])
    sql = (
        "SELECT array_send(array_agg(((o.r - 1) * %d + (i.c - 1) + CASE v.period_id %s END)::int8)),"
        " array_send(array_agg(v.value::float8))"
        " FROM benchmark_reportedvalue v"
        " JOIN unnest(%%s::bigint[]) WITH ORDINALITY AS o(id, r) ON o.id = v.organisation_id"
        " JOIN unnest(%%s::bigint[]) WITH ORDINALITY AS i(id, c) ON i.id = v.indicator_id"
        " WHERE %s"
    ) % (m, offsets, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cells_raw, values_raw = cursor.fetchone()
    if cells_raw is None:
        return out
    cells = _array_recv(cells_raw, ">i8")
    values = _array_recv(values_raw, ">f8")
    flat = np.full(len(order) * n * m, np.nan)
    flat[cells] = values
    for k, pid in enumerate(order):
        out[pid] = flat[k * n * m:(k + 1) * n * m].reshape(n, m)
    return out


def _array_recv(raw, dtype: str) -> np.ndarray:
    """A one-dimensional PostgreSQL array without NULLs in its binary form (`array_send`) as numpy.

    Layout: ndim, has-nulls flag, element type, length, lower bound (int32
    each), then per element its byte length (int32) and the big-endian value.
    """
    buffer = bytes(raw)
    header = np.frombuffer(buffer, dtype=">i4", count=5)
    if header[0] != 1 or header[1] != 0:
        raise ValueError("expected a one-dimensional array without NULLs")
    items = np.frombuffer(buffer, dtype=np.dtype([("size", ">i4"), ("value", dtype)]), offset=20, count=int(header[3]))
    return items["value"].astype(dtype[1:] if dtype[0] == ">" else dtype)


def _member_count(organisation: Organisation) -> int:
    if hasattr(organisation, "benchmark_member_count"):  # annotated by peer_group_members
        return organisation.benchmark_member_count or 0
    return getattr(getattr(organisation, "benchmark_profile", None), "member_count", 0) or 0


def basis_apply(x: np.ndarray, organisations: list[Organisation], indicators: list[Indicator]) -> np.ndarray:
    """Values on each indicator's normalisation basis (per member, per 10,000 residents, as they are)."""
    y = x.copy()
    members = np.array([_member_count(o) or np.nan for o in organisations], dtype=float)
    population = np.array([o.population or np.nan for o in organisations], dtype=float)
    for j, indicator in enumerate(indicators):
        if indicator.basis == Basis.PER_MEMBER:
            y[:, j] = x[:, j] / members
        elif indicator.basis == Basis.PER_10K_RESIDENTS:
            y[:, j] = x[:, j] / population * 10_000
    return y


# --------------------------------------------------------------------------- league tables


def method_from(params, default: Method | None = None) -> Method:
    """A Method from request parameters (normalisation, aggregation, missing); unknown values fall back to the default."""
    base = default or Method()
    from .composite import AGGREGATIONS, MISSING_RULES, NORMALISATIONS

    def pick(name, allowed, current):
        value = params.get(name) or current
        return value if value in allowed else current

    return Method(
        normalisation=pick("normalisation", NORMALISATIONS, base.normalisation),
        aggregation=pick("aggregation", AGGREGATIONS, base.aggregation),
        missing=pick("missing", MISSING_RULES, base.missing),
        leading_group_share=base.leading_group_share,
        leading_group_min=base.leading_group_min,
        min_coverage=base.min_coverage,
        geometric_floor=base.geometric_floor,
    )


@dataclass
class LeagueRow:
    organisation: Organisation
    values: list[float]
    score: float
    rank: int
    previous_rank: int
    leading: bool
    band_low: int = 0
    band_high: int = 0
    mean_shift: float = float("nan")
    coverage: float = 0.0
    is_self: bool = False

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (positive = moved up)."""
        if self.rank and self.previous_rank:
            return self.previous_rank - self.rank
        return None


@dataclass
class LeagueTable:
    group: PeerGroup
    period: Period
    previous_period: Period | None
    method: Method
    indicators: list[Indicator]
    indicator: Indicator | None
    published: bool
    publication: PeriodPublication | None
    rows: list[LeagueRow]
    organisations: list[Organisation]
    values: np.ndarray
    previous_values: np.ndarray
    higher_is_better: np.ndarray
    weights: np.ndarray
    result: CompositeResult | None = None
    bands: RankBands | None = None
    leading_group_size: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mean_shift_overall(self) -> float:
        return self.bands.mean_shift_overall if self.bands is not None else float("nan")

    @property
    def ranked_rows(self) -> list[LeagueRow]:
        return [r for r in self.rows if r.rank]


def _league_inputs(viewer: Viewer, group: PeerGroup, period: Period):
    if viewer.province is None or group.province_id != viewer.province.pk:
        raise NotVisible
    publication = publication_get(viewer, period)
    statuses = _statuses(viewer, publication is not None)
    previous = period_previous(period)
    periods = {period.pk: statuses}
    if previous is not None:
        prev_pub = publication_get(viewer, previous)
        try:
            periods[previous.pk] = _statuses(viewer, prev_pub is not None)
        except NotVisible:
            pass
    organisations = peer_group_members(group)
    indicators = list(indicator_list(province=viewer.province, level=peer_group_level(group)))
    matrices = values_matrix(organisations, indicators, periods)
    x = basis_apply(matrices[period.pk], organisations, indicators)
    n, m = x.shape
    xprev = (
        basis_apply(matrices[previous.pk], organisations, indicators)
        if previous is not None and previous.pk in matrices else np.full((n, m), np.nan)
    )
    return publication, previous, organisations, indicators, x, xprev


def league_table(
    *, viewer: Viewer, group: PeerGroup, period: Period, method: Method | None = None,
    indicator: Indicator | None = None, draws: int = BAND_DRAWS,
) -> LeagueTable:
    """The league table of a peer group for a period: composite (or one indicator), ranks, bands, change.

    Raises NotVisible when the viewer may not see the period's values of its peers.
    """
    publication, previous, organisations, indicators, x, xprev = _league_inputs(viewer, group, period)
    if method is None:
        method = Method.from_description(publication.method["method"]) if publication else Method()
    hib = np.array([i.higher_is_better for i in indicators], dtype=bool)
    w = np.array([i.weight for i in indicators], dtype=float)
    table = LeagueTable(
        group=group, period=period, previous_period=previous, method=method, indicators=indicators,
        indicator=indicator, published=publication is not None, publication=publication, rows=[],
        organisations=organisations, values=x, previous_values=xprev, higher_is_better=hib, weights=w,
    )
    n = len(organisations)
    if n == 0 or not indicators:
        return table
    if indicator is not None:
        j = next((k for k, i in enumerate(indicators) if i.pk == indicator.pk), None)
        if j is None:
            raise NotVisible
        sign = 1.0 if hib[j] else -1.0
        ranks = competition_rank(sign * x[:, j])
        prev_ranks = competition_rank(sign * xprev[:, j])
        k = method.leading_group_size(int((ranks > 0).sum()))
        table.leading_group_size = k
        for t, org in enumerate(organisations):
            table.rows.append(LeagueRow(
                organisation=org, values=[float(x[t, j])], score=float(x[t, j]), rank=int(ranks[t]),
                previous_rank=int(prev_ranks[t]), leading=bool(0 < ranks[t] <= k),
                coverage=0.0 if math.isnan(x[t, j]) else 1.0, is_self=org.pk == viewer.organisation.pk,
            ))
    else:
        if np.isnan(x).all() or w.sum() <= 0:
            return table
        result = composite(x, hib, w, method)
        table.result = result
        table.warnings = result.warnings
        table.leading_group_size = result.leading_group_size
        prev_ranks = np.zeros(n, dtype=np.int64)
        if not np.isnan(xprev).all():
            prev_ranks = composite(xprev, hib, w, method).ranks
        bands = None
        if draws and result.n_ranked >= 2:
            bands = rank_bands(x, hib, w, method, draws=draws, seed=BAND_SEED)
            table.bands = bands
        for t, org in enumerate(organisations):
            table.rows.append(LeagueRow(
                organisation=org, values=x[t].tolist(), score=float(result.scores[t]),
                rank=int(result.ranks[t]), previous_rank=int(prev_ranks[t]),
                leading=bool(result.leading_group[t]),
                band_low=int(bands.band_low[t]) if bands is not None else 0,
                band_high=int(bands.band_high[t]) if bands is not None else 0,
                mean_shift=float(bands.mean_shift[t]) if bands is not None else float("nan"),
                coverage=float(result.coverage[t]), is_self=org.pk == viewer.organisation.pk,
            ))
    table.rows.sort(key=lambda r: (r.rank == 0, r.rank, r.organisation.region_code))
    return table


# --------------------------------------------------------------------------- catch-up


@dataclass
class GapRow:
    indicator: Indicator
    value: float
    leader_value: float
    threshold_value: float
    median_value: float
    gap_to_leader: float
    gap_to_threshold: float
    gap_to_median: float
    share_to_leader: float
    share_to_threshold: float
    growth: float
    leaders: list[Organisation]


@dataclass
class CatchUpView:
    table: LeagueTable
    organisation: Organisation
    figures: CatchUp
    gaps: list[GapRow]
    overtakes: list[Organisation]
    overtaken_by: list[Organisation]
    drivers: list[tuple[Indicator, float, int]]


def catch_up_get(
    *, viewer: Viewer, organisation: Organisation, period: Period, group: PeerGroup | None = None,
    method: Method | None = None,
) -> CatchUpView:
    """Gaps of `organisation` to the leader, the leading group and the median; whom it can overtake next."""
    if group is None:
        wanted = PeerGroupKind.COUNTIES if organisation.level == Level.COUNTY else PeerGroupKind.CITIES
        group = next((g for g in peer_group_list(viewer) if g.kind == wanted), None)
        if group is None:
            raise NotVisible
    table = league_table(viewer=viewer, group=group, period=period, method=method, draws=0)
    index = next((t for t, o in enumerate(table.organisations) if o.pk == organisation.pk), None)
    if index is None or table.result is None:
        raise NotVisible
    figures = catch_up(
        table.values, table.previous_values, table.higher_is_better, table.weights, table.method, index,
        current=table.result,
    )
    orgs = table.organisations
    gaps = []
    for j, indicator in enumerate(table.indicators):
        col = table.values[:, j]
        leaders = []
        if not math.isnan(figures.leader_value[j]):
            leaders = [orgs[t] for t in np.flatnonzero(col == figures.leader_value[j]) if t != index]
        gaps.append(GapRow(
            indicator=indicator, value=float(table.values[index, j]),
            leader_value=float(figures.leader_value[j]), threshold_value=float(figures.threshold_value[j]),
            median_value=float(figures.median_value[j]), gap_to_leader=float(figures.gap_to_leader[j]),
            gap_to_threshold=float(figures.gap_to_threshold[j]), gap_to_median=float(figures.gap_to_median[j]),
            share_to_leader=float(figures.share_to_leader[j]),
            share_to_threshold=float(figures.share_to_threshold[j]), growth=float(figures.growth[j]),
            leaders=leaders,
        ))
    top = drivers(table.result).top(index, k=5)
    return CatchUpView(
        table=table, organisation=organisation, figures=figures, gaps=gaps,
        overtakes=[orgs[t] for t in figures.overtakes],
        overtaken_by=[orgs[t] for t in figures.overtaken_by],
        drivers=[(table.indicators[i], c, effect) for i, c, effect in top],
    )


# --------------------------------------------------------------------------- learn from whom (学)


@dataclass
class LearnMaterial:
    """A leading committee's exchange material the viewer may read; `matches` when its themes or text fit."""

    hit: object  # search.results.Hit
    matches: bool


@dataclass
class LearnRow:
    indicator: Indicator
    share_to_leader: float
    leaders: list[Organisation]
    materials: list[LearnMaterial]


def indicator_terms(indicator: Indicator) -> list[str]:
    """The indicator's search terms (split on spaces, commas and 、), at most five."""
    import re

    terms = [t for t in re.split(r"[\s,，、;；]+", indicator.search_terms or "") if t]
    return list(dict.fromkeys(terms))[:5]


def leader_materials(*, viewer: Viewer, indicator: Indicator, leaders: list[Organisation], limit: int = 3) -> list[LearnMaterial]:
    """Exchange materials of `leaders` the viewer may read (search's visibility rule), best-fitting first.

    First those whose themes include one of the indicator's search terms or
    whose text matches one (by relevance), then the leaders' other visible
    materials, newest first. Drafts and other provinces' province-only
    materials never appear: the search applies the viewer's visibility.
    """
    from search.selectors import search

    if not leaders or limit <= 0:
        return []
    ids = [o.pk for o in leaders][:50]
    chosen: dict[int, LearnMaterial] = {}

    def take(query: str, extra: dict, matches: bool) -> None:
        if len(chosen) >= limit:
            return
        result = search(query, viewer=viewer.organisation, filters={"organisation": ids, **extra},
                        page_size=limit, with_facets=False)
        for hit in result.hits:
            if hit.id not in chosen and len(chosen) < limit:
                chosen[hit.id] = LearnMaterial(hit=hit, matches=matches)

    terms = indicator_terms(indicator)
    if terms:
        take("", {"theme": terms}, True)
        for term in terms:
            take(f'"{term}"', {}, True)
    take("", {}, False)
    return list(chosen.values())


def learn_from_list(*, viewer: Viewer, view: CatchUpView, indicators: int = 3, per_indicator: int = 3) -> list[LearnRow]:
    """For the `indicators` indicators where the gap is widest, the leading committees and their materials.

    The gap is measured by each indicator's share of the composite gap to the
    leader (`share_to_leader`, so indicators in different units compare);
    indicators where the committee is not behind are skipped. The leading
    committees on an indicator are the peers strictly ahead of it that reach
    the leading group's threshold on that indicator (best first), else the
    indicator's leader(s).
    """
    figures = view.figures
    index = figures.tenant
    order = sorted(
        (j for j in range(len(view.gaps)) if view.gaps[j].share_to_leader > 0),
        key=lambda j: (-view.gaps[j].share_to_leader, j),
    )[:indicators]
    orgs = view.table.organisations
    rows = []
    for j in order:
        gap = view.gaps[j]
        col = view.table.values[:, j]
        sign = 1.0 if view.table.higher_is_better[j] else -1.0
        mine = sign * col[index]
        threshold = sign * figures.threshold_value[j]
        ahead = [
            t for t in range(len(orgs))
            if t != index and not math.isnan(col[t]) and sign * col[t] > mine and sign * col[t] >= threshold
        ]
        ahead.sort(key=lambda t: (-sign * col[t], orgs[t].region_code))
        leaders = [orgs[t] for t in ahead][:5] or gap.leaders[:5]
        rows.append(LearnRow(
            indicator=gap.indicator, share_to_leader=gap.share_to_leader, leaders=leaders,
            materials=leader_materials(viewer=viewer, indicator=gap.indicator, leaders=leaders, limit=per_indicator),
        ))
    return rows


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


# --------------------------------------------------------------------------- similar committees


@dataclass
class SimilarRow:
    organisation: Organisation
    distance: float
    member_count: int
    same_region: bool
    rank: int = 0


def similar_list(*, viewer: Viewer, organisation: Organisation, limit: int = 5) -> list[SimilarRow]:
    """Nearest committees of the network by level, population, number of members and region.

    distance = |Δ ln population| / sd + |Δ members| / sd (over the network)
               + 2 if the level differs + 0.5 if the parent (region) differs.
    """
    others = list(network_list(viewer))
    if not others:
        return []

    def members(o):
        profile = getattr(o, "benchmark_profile", None)
        return profile.member_count if profile else 0

    pop = np.array([math.log(o.population) if o.population else np.nan for o in others])
    mem = np.array([members(o) for o in others], dtype=float)
    sd_pop = float(np.nanstd(pop)) or 1.0
    sd_mem = float(np.nanstd(mem)) or 1.0
    me_pop = math.log(organisation.population) if organisation.population else float("nan")
    me_mem = members(organisation)
    rows = []
    for k, other in enumerate(others):
        if other.pk == organisation.pk:
            continue
        d_pop = abs(pop[k] - me_pop) / sd_pop if not (math.isnan(pop[k]) or math.isnan(me_pop)) else 1.0
        d = d_pop + abs(mem[k] - me_mem) / sd_mem
        d += 0.0 if other.level == organisation.level else 2.0
        same_region = other.parent_id == organisation.parent_id or other.pk == organisation.parent_id \
            or other.parent_id == organisation.pk
        d += 0.0 if same_region else 0.5
        rows.append(SimilarRow(organisation=other, distance=round(float(d), 3), member_count=members(other),
                               same_region=same_region))
    rows.sort(key=lambda r: (r.distance, r.organisation.region_code))
    return rows[:limit]


# --------------------------------------------------------------------------- trends and own values


@dataclass
class TrendRow:
    indicator: Indicator
    values: list[float | None]
    growth: list[float | None]


def trends_get(*, viewer: Viewer, organisation: Organisation, kind: str = PeriodKind.YEAR) -> tuple[list[Period], list[TrendRow]]:
    """An organisation's values per period of a kind with year-on-year growth (%).

    Its own committee and the province see every value but drafts of others;
    peers see only values of published periods (accepted).
    """
    periods = sorted(period_list(kind), key=lambda p: p.sort_key)
    published = set(publication_list(viewer).values_list("period_id", flat=True))
    own = organisation.pk == viewer.organisation.pk
    if own:
        allowed = {p.pk: [s.value for s in ValueStatus] for p in periods}
    elif viewer.sees_network:
        allowed = {p.pk: [ValueStatus.ACCEPTED, ValueStatus.SUBMITTED] for p in periods}
    else:
        allowed = {p.pk: [ValueStatus.ACCEPTED] for p in periods if p.pk in published}
    indicators = list(indicator_list(province=viewer.province, level=organisation.level))
    matrices = values_matrix([organisation], indicators, allowed)
    by_key = {(p.kind, p.year, p.quarter): p for p in periods}
    rows = []
    for j, indicator in enumerate(indicators):
        values, growth = [], []
        for p in periods:
            v = matrices.get(p.pk, np.full((1, len(indicators)), np.nan))[0, j]
            values.append(None if math.isnan(v) else float(v))
            ago = by_key.get(p.year_ago_key())
            g = None
            if ago is not None and ago.pk in matrices:
                a = matrices[ago.pk][0, j]
                if not math.isnan(a) and not math.isnan(v) and a > 0:
                    g = round((v / a - 1) * 100, 1)
            growth.append(g)
        rows.append(TrendRow(indicator=indicator, values=values, growth=growth))
    return periods, rows


def own_values_list(*, viewer: Viewer, period: Period):
    """The requesting committee's values for a period, in any state (its own unpublished values)."""
    return ReportedValue.objects.filter(organisation=viewer.organisation, period=period).select_related("indicator")


def report_rows(*, viewer: Viewer, period: Period) -> list[dict]:
    """Rows of the report form: each applicable indicator with the current and the previous period's value."""
    indicators = list(indicator_list(province=viewer.province, level=viewer.organisation.level))
    current = {v.indicator_id: v for v in own_values_list(viewer=viewer, period=period)}
    previous = period_previous(period)
    prev = {}
    if previous is not None:
        prev = {v.indicator_id: v for v in own_values_list(viewer=viewer, period=previous)}
    return [{"indicator": i, "value": current.get(i.pk), "previous": prev.get(i.pk)} for i in indicators]


def review_list(*, viewer: Viewer, period: Period | None = None, status: str = ValueStatus.SUBMITTED):
    """Values of the province's network awaiting review (empty for anyone who cannot review)."""
    if not viewer.can_review or viewer.province is None:
        return ReportedValue.objects.none()
    qs = ReportedValue.objects.filter(organisation__province=viewer.province, status=status)
    if period is not None:
        qs = qs.filter(period=period)
    return qs.select_related("organisation", "indicator", "period").order_by(
        "period__year", "period__quarter", "organisation__region_code", "indicator__order"
    )


def profile_member_count(organisation: Organisation) -> int:
    profile = CommitteeProfile.objects.filter(organisation=organisation).first()
    return profile.member_count if profile else 0


def no_values_message() -> str:
    return _("本期尚无可比较的数值。")
