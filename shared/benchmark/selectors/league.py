"""League tables: the composite (or one indicator) of a peer group for a period, ranks, bands, change."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from tenancy.models import Organisation

from ..composite import AGGREGATIONS, MISSING_RULES, NORMALISATIONS, CompositeResult, Method, competition_rank, composite
from ..models import AppliesTo, Indicator, PeerGroup, Period, PeriodPublication
from ..uncertainty import RankBands, rank_bands
from .catalogue import (
    indicator_list, peer_group_level, peer_group_list, peer_group_members, period_list, period_previous,
    publication_get, publication_list,
)
from .matrix import _statuses, basis_apply, values_matrix
from .publishing import publication_indicators
from .viewer import NotVisible, Viewer

BAND_DRAWS = 1000
BAND_SEED = 20260101


def method_from(params, default: Method | None = None) -> Method:
    """A Method from request parameters (normalisation, aggregation, missing); unknown values fall back to the default."""
    base = default or Method()

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
    level = peer_group_level(group)
    if publication is not None:
        indicators = publication_indicators(publication, level)
    else:
        indicators = list(indicator_list(province=viewer.province, level=level))
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
    indicator: Indicator | None = None, draws: int = BAND_DRAWS, weights: dict[int, float] | None = None,
) -> LeagueTable:
    """The league table of a peer group for a period: composite (or one indicator), ranks, bands, change.

    A published period is computed with the catalogue its publication froze
    (weights, directions, bases); an unpublished one with the catalogue as it
    stands. `weights` (indicator id -> weight) tries other weights (the
    catalogue page's preview). Raises NotVisible when the viewer may not see
    the period's values of its peers.
    """
    publication, previous, organisations, indicators, x, xprev = _league_inputs(viewer, group, period)
    if method is None:
        method = Method.from_description(publication.method["method"]) if publication else Method()
    hib = np.array([i.higher_is_better for i in indicators], dtype=bool)
    w = np.array([(weights or {}).get(i.pk, i.weight) for i in indicators], dtype=float)
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
        if j is None:  # not in the period's catalogue (added after its publication, or of another level)
            return table
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


@dataclass
class WeightEffectRow:
    organisation: Organisation
    rank_now: int
    rank_then: int

    @property
    def change(self) -> int | None:
        """Places gained with the new weight (positive = moves up)."""
        if self.rank_now and self.rank_then:
            return self.rank_now - self.rank_then
        return None


@dataclass
class WeightEffect:
    """What a new weight does to the next computation: the first unpublished period, per standard group."""

    period: Period | None
    groups: list[tuple[PeerGroup, list[WeightEffectRow]]] = field(default_factory=list)

    @property
    def moved(self) -> int:
        return sum(1 for _g, rows in self.groups for r in rows if r.change)


def period_next_computation(viewer: Viewer) -> Period | None:
    """The latest period the province has not published: the next league table a catalogue change affects."""
    published = set(publication_list(viewer).values_list("period_id", flat=True))
    return next((p for p in period_list() if p.pk not in published), None)


def weight_effect(*, viewer: Viewer, indicator: Indicator, weight: float) -> WeightEffect:
    """Ranks of the next computation with the indicator's current weight and with `weight` (no bands)."""
    period = period_next_computation(viewer)
    effect = WeightEffect(period=period)
    if period is None or not viewer.sees_network:
        return effect
    for group in peer_group_list(viewer):
        level = peer_group_level(group)
        if level is None or indicator.applies_to not in (level, AppliesTo.BOTH):
            continue
        now = league_table(viewer=viewer, group=group, period=period, draws=0)
        then = league_table(viewer=viewer, group=group, period=period, draws=0, weights={indicator.pk: weight})
        ranks = {r.organisation.pk: r.rank for r in then.rows}
        rows = [WeightEffectRow(organisation=r.organisation, rank_now=r.rank, rank_then=ranks.get(r.organisation.pk, 0))
                for r in now.rows]
        effect.groups.append((group, rows))
    return effect
