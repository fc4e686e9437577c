"""Rank bands: uncertainty analysis of the league table (OECD/JRC handbook, step 7).

Each *draw* recomputes the composite with a randomly chosen set of modelling
choices, all drawn independently and uniformly with a seeded
``numpy.random.Generator``:

* normalisation — one of ``normalisations`` (default: all four);
* aggregation — one of ``aggregations`` (default: linear and geometric);
* missing-data rule — one of ``missing_rules`` (default: all three);
* weights — every catalogue weight multiplied by ``U(1 − j, 1 + j)``
  (``weight_jitter`` j = 0.2, i.e. ±20 %), then re-scaled to sum to 1;
* indicator inclusion — if ``drop_indicator``, one of the ``m + 1`` outcomes
  "drop indicator 1", …, "drop indicator m", "keep all" is drawn uniformly
  (never when only one indicator is active).

The set of ranked tenants is the reference's (tenants the reference method
leaves unranked for lack of coverage stay unranked); a tenant left with no
indicator in a draw (its only indicator dropped) simply has no rank in that draw.
Ranks in a draw are standard competition ranks, as in the league table.

Per tenant, over the draws where it is ranked:

* ``p05`` / ``p95`` — the 5th and 95th percentiles of its rank, taken
  conservatively on the sorted ranks (lower index rounded down, upper rounded
  up), so the 90 % band has integer ends;
* ``band_low`` / ``band_high`` — that band widened, if need be, to contain the
  reference rank (a league table never shows "3rd, band 4–6");
* ``mean_shift`` — mean |rank in draw − reference rank| (the handbook's average
  shift in rank, per tenant); :attr:`RankBands.mean_shift_overall` averages it.

Vectorised: each distinct (normalisation, aggregation, missing rule) is
prepared once (at most 24 matrices), all its draws are scored with a single
matrix product, and the ranks of all draws come from one row-wise sort. There is
no Python loop over tenants or draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .composite import (
    AGGREGATIONS,
    MISSING_RULES,
    NORMALISATIONS,
    TIE_DECIMALS,
    Aggregation,
    Method,
    MissingRule,
    Normalisation,
    _prepare,
    _setup,
    competition_rank,
    composite,
)


@dataclass(frozen=True)
class RankBands:
    """Rank bands of one peer group (arrays indexed like the input rows; 0 = unranked)."""

    method: Method
    reference_rank: np.ndarray
    p05: np.ndarray
    p95: np.ndarray
    band_low: np.ndarray
    band_high: np.ndarray
    mean_shift: np.ndarray
    #: number of draws in which each tenant was ranked
    ranked_draws: np.ndarray
    settings: dict[str, Any]
    #: draws × tenants rank matrix, only when ``keep_draws=True``
    draw_ranks: np.ndarray | None = None

    @property
    def mean_shift_overall(self) -> float:
        """Average over ranked tenants of their mean rank shift."""
        v = self.mean_shift[self.reference_rank > 0]
        return float(v.mean()) if v.size else float("nan")

    def describe(self) -> dict[str, Any]:
        """JSON-serialisable description of how the bands were drawn."""
        return {"method": self.method.describe(), **self.settings}


def rank_bands(
    values: np.ndarray,
    higher_is_better: np.ndarray,
    weights: np.ndarray | None,
    method: Method,
    *,
    draws: int = 1000,
    weight_jitter: float = 0.2,
    seed: int = 0,
    normalisations: Sequence[Normalisation] = NORMALISATIONS,
    aggregations: Sequence[Aggregation] = AGGREGATIONS,
    missing_rules: Sequence[MissingRule] = MISSING_RULES,
    drop_indicator: bool = True,
    keep_draws: bool = False,
) -> RankBands:
    """Monte-Carlo rank bands around the reference league table (see module docstring)."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0.0 <= weight_jitter < 1.0:
        raise ValueError("weight_jitter must be in [0, 1)")
    norms = tuple(normalisations)
    aggs = tuple(aggregations)
    misses = tuple(missing_rules)
    for name, chosen, allowed in (
        ("normalisations", norms, NORMALISATIONS),
        ("aggregations", aggs, AGGREGATIONS),
        ("missing_rules", misses, MISSING_RULES),
    ):
        if not chosen or any(c not in allowed for c in chosen):
            raise ValueError(f"{name} must be a non-empty subset of {allowed}")

    reference = composite(values, higher_is_better, weights, method)
    x, obs, hib, w, active, _coverage, _eligible, _notes = _setup(values, higher_is_better, weights, method)
    eligible = reference.ranked
    n, m = x.shape

    rng = np.random.default_rng(seed)
    norm_idx = rng.integers(len(norms), size=draws)
    agg_idx = rng.integers(len(aggs), size=draws)
    miss_idx = rng.integers(len(misses), size=draws)
    jitter = rng.uniform(1.0 - weight_jitter, 1.0 + weight_jitter, size=(draws, m))
    active_idx = np.flatnonzero(active)
    dropped = rng.integers(active_idx.size + 1, size=draws)
    wd = w[None, :] * jitter
    if drop_indicator and active_idx.size > 1:
        rows = np.flatnonzero(dropped < active_idx.size)
        wd[rows, active_idx[dropped[rows]]] = 0.0
    wd /= wd.sum(axis=1, keepdims=True)

    scores = np.full((draws, n), np.nan)
    combo = (norm_idx * len(aggs) + agg_idx) * len(misses) + miss_idx
    for c in np.unique(combo):
        ni, rest = divmod(int(c), len(aggs) * len(misses))
        ai, mi = divmod(rest, len(misses))
        prep = _prepare(x, obs, hib, eligible, norms[ni], aggs[ai], misses[mi], method.geometric_floor)
        sel = np.flatnonzero(combo == c)
        wc = wd[sel].T  # m × draws_c
        den = prep.avail @ wc
        with np.errstate(invalid="ignore", divide="ignore"):
            s = (prep.z @ wc) / den
        s = np.where(den > 0, s, np.nan)
        if aggs[ai] == "geometric":
            s = np.exp(s)
        scores[sel] = s.T
    scores[:, ~eligible] = np.nan
    ranks = competition_rank(scores)  # draws × n, 0 = unranked

    ref = reference.ranks
    valid = ranks > 0
    k = valid.sum(axis=0)
    big = np.iinfo(np.int64).max
    srt = np.sort(np.where(valid, ranks, big), axis=0)
    km1 = np.maximum(k - 1, 0)
    lo_i = np.floor(0.05 * km1 + 1e-9).astype(np.int64)
    hi_i = np.ceil(0.95 * km1 - 1e-9).astype(np.int64)
    p05 = np.take_along_axis(srt, lo_i[None, :], axis=0)[0]
    p95 = np.take_along_axis(srt, hi_i[None, :], axis=0)[0]
    has = (k > 0) & (ref > 0)
    p05 = np.where(has, p05, 0)
    p95 = np.where(has, p95, 0)
    band_low = np.where(has, np.minimum(p05, ref), 0)
    band_high = np.where(has, np.maximum(p95, ref), 0)
    shift = np.where(valid, np.abs(ranks - ref[None, :]), 0).sum(axis=0)
    mean_shift = np.where(has, shift / np.maximum(k, 1), np.nan)

    settings = {
        "draws": draws,
        "seed": seed,
        "weight_jitter": weight_jitter,
        "normalisations": list(norms),
        "aggregations": list(aggs),
        "missing_rules": list(misses),
        "drop_indicator": drop_indicator,
        "band": [0.05, 0.95],
        "tie_decimals": TIE_DECIMALS,
    }
    return RankBands(
        method=method,
        reference_rank=ref,
        p05=p05,
        p95=p95,
        band_low=band_low,
        band_high=band_high,
        mean_shift=mean_shift,
        ranked_draws=k,
        settings=settings,
        draw_ranks=ranks if keep_draws else None,
    )
