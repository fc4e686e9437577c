"""A committee's own figures: similar committees, trends, its values and the review queue."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tenancy.models import Organisation

from ..models import Indicator, Period, PeriodKind, ReportedValue, ValueStatus
from .catalogue import indicator_list, period_list, period_previous, publication_list
from .viewer import Viewer, network_list
from .matrix import values_matrix



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
