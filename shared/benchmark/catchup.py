"""Catch-up (赶超) figures for one tenant of a peer group.

**Gaps** (raw units of each indicator, *positive = behind*, direction respected:
``reference − x`` when higher is better, ``x − reference`` when lower is better),
each taken over the tenants that reported the indicator:

* to the **leader** — the best value;
* to the **leading group's threshold** — the ``k``-th best value, ``k`` being the
  leading-group size the method gives for the number of reporting tenants
  (what it takes to be in the 第一方阵 *on that indicator*);
* to the **peer median**.

A gap is ``NaN`` where the tenant has no reported value (imputed values are not
the tenant's performance).

**Composite gaps**: leader's score − tenant's score, leading-group threshold
score − tenant's score, median score of the ranked tenants − tenant's score
(positive = behind; geometric composites are compared as they are).

**Each indicator's share of the gap on the composite** (``share_to_*``): the same
three references taken on the normalised column (best, k-th best, median of the
values that entered the aggregation). ``points_to_*[i] = w̃_i · (ref_i − z_i)``
are the composite points (log-points for geometric aggregation) the tenant would
gain by reaching the reference on indicator ``i`` alone, everything else fixed;
``share_to_*[i] = max(points_i, 0) / Σ_j max(points_j, 0)`` says which fraction
of what it could gain lies in indicator ``i`` (0 where it is already at or
beyond the reference; all 0 if it is nowhere behind). In addition
``leader_gap_by_indicator`` splits the composite gap to the leading *tenant*
exactly: ``w̃_L,i z_L,i − w̃_t,i z_t,i`` (sums to the composite gap for linear,
to ``ln`` of the score ratio for geometric; may be negative where the tenant
beats the leader).

**Next period** (who it can overtake): each tenant's every indicator is
projected one period ahead at its own last growth rate,
``x_next = x · (1 + g)`` with ``g = x / x_prev − 1`` clipped to
``[−max_growth, max_growth]`` (default ±100 %) when ``x_prev > 0`` and
``x >= 0``; when the previous value is zero or negative the last absolute change
is repeated (``x_next = 2x − x_prev``); when there is no previous value (or no
current one) nothing changes. The composite of the projected table is computed
with the same method (normalisation statistics recomputed on the projection),
and ``overtakes`` lists the peers ranked strictly ahead of the tenant now that
are ranked strictly behind it in the projection (``overtaken_by`` the reverse).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .composite import CompositeResult, Method, check_inputs, composite


@dataclass(frozen=True)
class CatchUp:
    """Catch-up figures of tenant ``tenant`` (indicator arrays have one entry per indicator)."""

    tenant: int
    score: float
    rank: int
    leader_score: float
    threshold_score: float
    median_score: float
    composite_gap_to_leader: float
    composite_gap_to_threshold: float
    composite_gap_to_median: float
    leader_value: np.ndarray
    threshold_value: np.ndarray
    median_value: np.ndarray
    gap_to_leader: np.ndarray
    gap_to_threshold: np.ndarray
    gap_to_median: np.ndarray
    points_to_leader: np.ndarray
    points_to_threshold: np.ndarray
    points_to_median: np.ndarray
    share_to_leader: np.ndarray
    share_to_threshold: np.ndarray
    share_to_median: np.ndarray
    leader_gap_by_indicator: np.ndarray
    growth: np.ndarray
    projected_score: float
    projected_rank: int
    overtakes: tuple[int, ...]
    overtaken_by: tuple[int, ...]


def project_next(values: np.ndarray, previous_values: np.ndarray, *, max_growth: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Project every cell one period ahead (see module docstring).

    Returns ``(projected values, relative growth used)``; growth is ``NaN`` where
    the absolute-change rule or no change was applied.
    """
    x = np.asarray(values, dtype=float)
    p = np.asarray(previous_values, dtype=float)
    if p.shape != x.shape:
        raise ValueError(f"previous_values shape {p.shape} differs from values {x.shape}")
    both = ~np.isnan(x) & ~np.isnan(p)
    rel = both & (p > 0) & (x >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(rel, x / np.where(rel, p, 1.0) - 1.0, np.nan)
    g = np.clip(g, -max_growth, max_growth)
    nxt = np.where(rel, x * (1.0 + g), np.where(both, 2.0 * x - p, x))
    return nxt, g


def _kth_best(col: np.ndarray, hib: bool, k: int) -> float:
    s = np.sort(col)
    return float(s[-k] if hib else s[k - 1])


def catch_up(
    values: np.ndarray,
    previous_values: np.ndarray,
    higher_is_better: np.ndarray,
    weights: np.ndarray | None,
    method: Method,
    tenant_index: int,
    *,
    max_growth: float = 1.0,
    current: CompositeResult | None = None,
    projected: CompositeResult | None = None,
) -> CatchUp:
    """Catch-up figures for ``tenant_index`` (see module docstring).

    ``current`` / ``projected`` may be passed to reuse composites already computed
    for the peer group (e.g. when building every tenant's page in one go).
    """
    x, hib, _w = check_inputs(values, higher_is_better, weights)
    n, m = x.shape
    if not 0 <= tenant_index < n:
        raise IndexError(f"tenant_index {tenant_index} out of range for {n} tenants")
    t = tenant_index
    cur = current if current is not None else composite(x, hib, weights, method)
    nxt_values, growth = project_next(x, previous_values, max_growth=max_growth)
    proj = projected if projected is not None else composite(nxt_values, hib, weights, method)

    obs = ~np.isnan(x)
    leader_v = np.full(m, np.nan)
    thr_v = np.full(m, np.nan)
    med_v = np.full(m, np.nan)
    geometric = method.aggregation == "geometric"
    y = cur.normalised
    yavail = ~np.isnan(y)
    z = np.log(np.where(yavail, y, 1.0)) if geometric else np.where(yavail, y, 0.0)
    ref_z = np.full((3, m), np.nan)
    for j in range(m):
        col = x[obs[:, j], j]
        if col.size:
            k = method.leading_group_size(col.size)
            leader_v[j] = _kth_best(col, bool(hib[j]), 1)
            thr_v[j] = _kth_best(col, bool(hib[j]), k)
            med_v[j] = float(np.median(col))
        zc = z[yavail[:, j], j]
        if zc.size:
            kz = method.leading_group_size(zc.size)
            ref_z[:, j] = (_kth_best(zc, True, 1), _kth_best(zc, True, kz), float(np.median(zc)))

    sign = np.where(hib, 1.0, -1.0)
    xt = x[t]
    gaps = [sign * (ref - xt) for ref in (leader_v, thr_v, med_v)]

    wt = cur.effective_weights[t]
    usable = yavail[t] & ~cur.imputed[t]
    points = [np.where(usable, wt * (rz - z[t]), np.nan) for rz in ref_z]
    shares = []
    for pts in points:
        pos = np.where(np.isnan(pts), 0.0, np.maximum(pts, 0.0))
        total = pos.sum()
        shares.append(pos / total if total > 0 else np.zeros(m))

    score = float(cur.scores[t])
    rank = int(cur.ranks[t])
    leader_score = median_score = float("nan")
    by_ind = np.full(m, np.nan)
    if cur.ranked.any():
        leader = int(np.flatnonzero(cur.ranks == 1)[0])
        leader_score = float(cur.scores[leader])
        median_score = float(np.median(cur.scores[cur.ranked]))
        if rank > 0:
            by_ind = cur.effective_weights[leader] * z[leader] - wt * z[t]
    threshold_score = cur.threshold

    pr = proj.ranks
    if rank > 0 and pr[t] > 0:
        both = (cur.ranks > 0) & (pr > 0)
        both[t] = False
        overtakes = tuple(int(j) for j in np.flatnonzero(both & (cur.ranks < rank) & (pr > pr[t])))
        overtaken_by = tuple(int(j) for j in np.flatnonzero(both & (cur.ranks > rank) & (pr < pr[t])))
    else:
        overtakes = overtaken_by = ()

    return CatchUp(
        tenant=t,
        score=score,
        rank=rank,
        leader_score=leader_score,
        threshold_score=threshold_score,
        median_score=median_score,
        composite_gap_to_leader=leader_score - score,
        composite_gap_to_threshold=threshold_score - score,
        composite_gap_to_median=median_score - score,
        leader_value=leader_v,
        threshold_value=thr_v,
        median_value=med_v,
        gap_to_leader=gaps[0],
        gap_to_threshold=gaps[1],
        gap_to_median=gaps[2],
        points_to_leader=points[0],
        points_to_threshold=points[1],
        points_to_median=points[2],
        share_to_leader=shares[0],
        share_to_threshold=shares[1],
        share_to_median=shares[2],
        leader_gap_by_indicator=by_ind,
        growth=growth[t],
        projected_score=float(proj.scores[t]),
        projected_rank=int(pr[t]),
        overtakes=overtakes,
        overtaken_by=overtaken_by,
    )
