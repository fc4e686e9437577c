"""Catch-up (赶) and learn from whom (学): gaps to the leaders, whom to overtake, their materials."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from tenancy.models import Level, Organisation

from ..catchup import CatchUp, catch_up
from ..composite import Method, drivers
from ..models import Indicator, PeerGroup, PeerGroupKind, Period
from .catalogue import peer_group_list
from .league import LeagueTable, league_table
from .viewer import NotVisible, Viewer


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
        # the search's viewer is the active committee, the viewer's own; exchange materials only
        result = search(query, filters={"kind": ["material"], "organisation": ids, **extra}, page_size=limit,
                        with_facets=False)
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
