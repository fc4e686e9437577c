"""Composite indicators for the 比学赶超 benchmark (pure numpy, no Django).

The Django app loads one peer group in ONE query as a ``tenants × indicators``
matrix (``NaN`` = no value reported), plus the indicators' directions and
catalogue weights, and calls :func:`composite`. Everything here follows the
OECD/JRC *Handbook on Constructing Composite Indicators* (2008):

1. **Missing data** (handbook step 3) — declared by :attr:`Method.missing`:

   * ``"exclude_rescale"``: a missing cell is left out and the tenant's weights
     are re-scaled to sum to 1 over the indicators it has.
   * ``"impute_mean"`` / ``"impute_median"``: the raw value is replaced by the
     peer mean / median of the observed values of that indicator, *before*
     normalisation (imputed cells are flagged in :attr:`CompositeResult.imputed`).

   A missing value is never read as zero. A tenant whose observed indicators
   carry less than :attr:`Method.min_coverage` of the total weight gets no
   score (``NaN``) and no rank (``0``); it is neither imputed nor ranked, but its
   observed values still count in the peer statistics (they are real data).
   An indicator nobody reported, or with weight 0, is left out (with a warning).

2. **Normalisation** (step 5), column by column over the observed values, always
   oriented so that *higher normalised = better* (``higher_is_better=False``
   indicators are mirrored):

   * ``"min_max"``: ``(x - worst) / (best - worst)`` in ``[0, 1]``.
   * ``"z_score"``: ``(x - mean) / std`` with the population std (``ddof=0``),
     sign flipped for lower-is-better.
   * ``"distance_to_leader"``: ratio to the leader (the best observed value):
     ``x / best`` if higher is better, ``best / x`` if lower is better; leader = 1.
     The ratio is only meaningful on positive data: if a higher-is-better
     indicator has a negative value or a best of 0, or a lower-is-better one has
     a value ``<= 0``, that indicator falls back to min-max (and a warning says so).
   * ``"rank"``: percentile rank ``(n_worse + 0.5 * n_tied_others) / (n_obs - 1)``
     in ``[0, 1]`` (best = 1, worst = 0; ties share the mid-rank).

   An indicator that does not discriminate (all observed values equal, or a
   single value) gets the neutral value: 0.5 for min-max and rank, 0 for
   z-score, 1 for distance to leader.

3. **Weights** (step 6): the catalogue's weights (equal by default), made to sum
   to 1; with missing cells the per-tenant weights are re-scaled
   (:attr:`CompositeResult.effective_weights`).

4. **Aggregation** (step 6): ``"linear"`` = weighted arithmetic mean;
   ``"geometric"`` = weighted geometric mean ``exp(sum w ln y)``. The geometric
   mean needs strictly positive inputs, so for geometric aggregation each
   normalised column whose smallest value is below ``ε``
   (:attr:`Method.geometric_floor`, default 0.1) is *shifted* by
   ``ε - min`` so that its worst tenant sits at ``ε`` (e.g. min-max becomes
   ``[ε, 1 + ε]``). Ratios that are already ``>= ε`` are left as they are. The
   shift preserves the order on every indicator, so no value is ever ``0`` or
   negative and no ``NaN`` is produced. :attr:`CompositeResult.normalised` holds
   the values that entered the aggregation (after that shift).

5. **Ranks**: standard competition ranking ("1224") on the composite, highest
   score = rank 1: ``rank = 1 + number of tenants with a strictly higher
   score``. Scores are compared after rounding to :data:`TIE_DECIMALS` decimals
   so that floating-point noise does not split genuine ties. Unranked = ``0``.

6. **Leading group (第一方阵)**: the top ``k = max(leading_group_min,
   floor(leading_group_share * n_ranked))`` ranks (capped at ``n_ranked``); every
   tenant with ``rank <= k`` is in it, so ties at the boundary are all included.
   The threshold is the lowest composite score inside the group.

Per-indicator *drivers* (attribution) are in :func:`drivers`; the uncertainty
analysis (rank bands) in :mod:`shared.benchmark.uncertainty`; catch-up figures in
:mod:`shared.benchmark.catchup`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

import numpy as np

Normalisation = Literal["min_max", "z_score", "distance_to_leader", "rank"]
Aggregation = Literal["linear", "geometric"]
MissingRule = Literal["exclude_rescale", "impute_mean", "impute_median"]

NORMALISATIONS: tuple[Normalisation, ...] = get_args(Normalisation)
AGGREGATIONS: tuple[Aggregation, ...] = get_args(Aggregation)
MISSING_RULES: tuple[MissingRule, ...] = get_args(MissingRule)

#: Version of the computation described by :meth:`Method.describe`; bump it
#: whenever a formula here changes so stored league tables stay explainable.
METHOD_VERSION = 1
#: Scores are rounded to this many decimals before ranking (tie detection).
TIE_DECIMALS = 10


@dataclass(frozen=True)
class Method:
    """A fully declared way of computing the composite (see module docstring)."""

    normalisation: Normalisation = "min_max"
    aggregation: Aggregation = "linear"
    missing: MissingRule = "exclude_rescale"
    #: leading group = top floor(share × ranked tenants), at least ``leading_group_min``
    leading_group_share: float = 1 / 3
    leading_group_min: int = 1
    #: minimum share of the total weight a tenant must have reported to be ranked
    min_coverage: float = 0.5
    #: ε: smallest normalised value allowed into a geometric mean
    geometric_floor: float = 0.1

    def __post_init__(self) -> None:
        if self.normalisation not in NORMALISATIONS:
            raise ValueError(f"unknown normalisation {self.normalisation!r}; expected one of {NORMALISATIONS}")
        if self.aggregation not in AGGREGATIONS:
            raise ValueError(f"unknown aggregation {self.aggregation!r}; expected one of {AGGREGATIONS}")
        if self.missing not in MISSING_RULES:
            raise ValueError(f"unknown missing rule {self.missing!r}; expected one of {MISSING_RULES}")
        if not 0.0 < self.leading_group_share <= 1.0:
            raise ValueError("leading_group_share must be in (0, 1]")
        if self.leading_group_min < 1:
            raise ValueError("leading_group_min must be at least 1")
        if not 0.0 <= self.min_coverage <= 1.0:
            raise ValueError("min_coverage must be in [0, 1]")
        if not 0.0 < self.geometric_floor <= 1.0:
            raise ValueError("geometric_floor must be in (0, 1]")

    def leading_group_size(self, n_ranked: int) -> int:
        """Number of leading ranks for ``n_ranked`` ranked tenants (0 if none)."""
        if n_ranked <= 0:
            return 0
        k = math.floor(self.leading_group_share * n_ranked + 1e-9)
        return min(n_ranked, max(self.leading_group_min, k))

    def describe(self) -> dict[str, Any]:
        """A JSON-serialisable, versioned description (store it with a league table)."""
        return {"version": METHOD_VERSION, **asdict(self)}

    @classmethod
    def from_description(cls, description: dict[str, Any]) -> "Method":
        """Inverse of :meth:`describe`; refuses descriptions of another version."""
        d = dict(description)
        version = d.pop("version", METHOD_VERSION)
        if version != METHOD_VERSION:
            raise ValueError(f"method description version {version} is not {METHOD_VERSION}")
        return cls(**d)


@dataclass(frozen=True)
class CompositeResult:
    """The composite for one peer group. Arrays are indexed like the input rows/columns."""

    method: Method
    #: composite score per tenant (NaN = not ranked)
    scores: np.ndarray
    #: competition rank ("1224"), 1 = best, 0 = not ranked
    ranks: np.ndarray
    #: tenants that received a score and a rank
    ranked: np.ndarray
    #: values that entered the aggregation (after the geometric shift); NaN = not used
    normalised: np.ndarray
    #: per-tenant weights actually used (rows sum to 1 for ranked tenants, 0 elsewhere)
    effective_weights: np.ndarray
    #: share of the catalogue weight each tenant reported (before imputation)
    coverage: np.ndarray
    #: cells whose raw value was imputed
    imputed: np.ndarray
    #: 第一方阵 membership
    leading_group: np.ndarray
    #: number of leading ranks k (members = tenants with rank <= k)
    leading_group_size: int
    #: lowest composite score inside the leading group (NaN if nobody is ranked)
    threshold: float
    #: catalogue weights after dropping unusable indicators, summing to 1
    weights: np.ndarray
    #: indicators that took part (observed somewhere and weight > 0)
    active: np.ndarray
    #: human-readable notes (fallbacks, dropped indicators)
    warnings: tuple[str, ...]

    @property
    def n_ranked(self) -> int:
        return int(self.ranked.sum())


# --------------------------------------------------------------------------- inputs


def check_inputs(
    values: np.ndarray, higher_is_better: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate and coerce inputs: returns (float matrix, bool vector, weights summing to 1)."""
    x = np.asarray(values, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"values must be a 2-D tenants × indicators array, got shape {x.shape}")
    n, m = x.shape
    if m == 0:
        raise ValueError("at least one indicator is needed")
    if np.isinf(x).any():
        raise ValueError("values contain ±inf; use NaN for a missing value")
    hib = np.asarray(higher_is_better)
    if hib.shape != (m,) or hib.dtype != bool:
        raise ValueError(f"higher_is_better must be a bool array of shape ({m},)")
    w = np.ones(m) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (m,):
        raise ValueError(f"weights must have shape ({m},), got {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be finite and non-negative")
    if w.sum() <= 0:
        raise ValueError("at least one weight must be positive")
    return x, hib, w / w.sum()


# --------------------------------------------------------------------------- normalisation


def _masked_min_max(xo: np.ndarray, obs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo = np.where(obs, xo, np.inf).min(axis=0)
    hi = np.where(obs, xo, -np.inf).max(axis=0)
    empty = ~obs.any(axis=0)
    lo[empty] = 0.0
    hi[empty] = 0.0
    return lo, hi


def _min_max(xo: np.ndarray, obs: np.ndarray) -> np.ndarray:
    lo, hi = _masked_min_max(xo, obs)
    rng = hi - lo
    flat = rng <= 0
    y = (xo - lo) / np.where(flat, 1.0, rng)
    y[:, flat] = 0.5
    return np.where(obs, y, np.nan)


def normalise(
    values: np.ndarray, higher_is_better: np.ndarray, normalisation: Normalisation
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Normalise each column over its observed values, higher = better.

    Returns the normalised matrix (NaN where the input is NaN) and warnings
    (distance-to-leader fallbacks). See the module docstring for the formulas.
    """
    x = np.asarray(values, dtype=float)
    hib = np.asarray(higher_is_better, dtype=bool)
    obs = ~np.isnan(x)
    xo = np.where(hib, x, -x)  # oriented: higher = better
    notes: list[str] = []
    if normalisation == "min_max":
        return _min_max(xo, obs), ()
    if normalisation == "z_score":
        count = obs.sum(axis=0)
        safe = np.maximum(count, 1)
        filled = np.where(obs, xo, 0.0)
        mean = filled.sum(axis=0) / safe
        dev = np.where(obs, xo - mean, 0.0)
        std = np.sqrt((dev * dev).sum(axis=0) / safe)
        flat = std <= 1e-12 * np.maximum(np.abs(mean), 1.0)
        z = dev / np.where(flat, 1.0, std)
        z[:, flat] = 0.0
        return np.where(obs, z, np.nan), ()
    if normalisation == "distance_to_leader":
        lo, hi = _masked_min_max(np.where(obs, x, 0.0), obs)  # raw min / max
        has = obs.any(axis=0)
        ok_hib = hib & (lo >= 0) & (hi > 0)
        ok_lib = ~hib & (lo > 0)
        ok = has & (ok_hib | ok_lib)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(hib, x / np.where(hi > 0, hi, 1.0), lo / np.where(x > 0, x, 1.0))
        y = np.where(ok, ratio, _min_max(xo, obs))
        for j in np.flatnonzero(has & ~ok):
            notes.append(
                f"indicator {j}: distance to leader needs positive values; min-max used instead"
            )
        return np.where(obs, y, np.nan), tuple(notes)
    if normalisation == "rank":
        y = np.full(x.shape, np.nan)
        for j in range(x.shape[1]):
            rows = obs[:, j]
            col = xo[rows, j]
            k = col.size
            if k == 0:
                continue
            if k == 1:
                y[rows, j] = 0.5
                continue
            s = np.sort(col)
            less = np.searchsorted(s, col, side="left")
            leq = np.searchsorted(s, col, side="right")
            y[rows, j] = (less + 0.5 * (leq - less - 1)) / (k - 1)
        return y, ()
    raise ValueError(f"unknown normalisation {normalisation!r}")


def geometric_shift(y: np.ndarray, floor: float) -> np.ndarray:
    """Shift each column so its smallest value is at least ``floor`` (order kept)."""
    avail = ~np.isnan(y)
    lo = np.where(avail, y, np.inf).min(axis=0)
    lo[~avail.any(axis=0)] = floor
    shift = np.where(lo < floor, floor - lo, 0.0)
    return y + shift


# --------------------------------------------------------------------------- preparation


@dataclass(frozen=True)
class _Prepared:
    """Inputs of the aggregation for one (normalisation, aggregation, missing rule)."""

    z: np.ndarray  # n × m: value entering the weighted sum (y, or ln y for geometric), 0 if unused
    avail: np.ndarray  # n × m float 0/1: cell takes part
    y: np.ndarray  # n × m normalised (after geometric shift), NaN if unused
    imputed: np.ndarray  # n × m bool
    notes: tuple[str, ...]


def _impute(x: np.ndarray, obs: np.ndarray, rule: MissingRule, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Impute missing raw cells of ``rows`` with the column's peer mean/median."""
    has = obs.any(axis=0)
    fill = np.zeros(x.shape[1])
    if has.any():
        if rule == "impute_mean":
            fill[has] = np.nanmean(x[:, has], axis=0)
        else:
            fill[has] = np.nanmedian(x[:, has], axis=0)
    imputed = ~obs & rows[:, None] & has[None, :]
    return np.where(imputed, fill, x), imputed


def _prepare(
    x: np.ndarray,
    obs: np.ndarray,
    hib: np.ndarray,
    eligible: np.ndarray,
    normalisation: Normalisation,
    aggregation: Aggregation,
    missing: MissingRule,
    floor: float,
) -> _Prepared:
    if missing == "exclude_rescale":
        xi, imputed = x, np.zeros_like(obs)
    else:
        xi, imputed = _impute(x, obs, missing, eligible)
    y, notes = normalise(xi, hib, normalisation)
    if aggregation == "geometric":
        y = geometric_shift(y, floor)
    avail = ~np.isnan(y) & eligible[:, None]
    y = np.where(avail, y, np.nan)
    if aggregation == "geometric":
        z = np.log(np.where(avail, y, 1.0))
    else:
        z = np.where(avail, y, 0.0)
    return _Prepared(z=z, avail=avail.astype(float), y=y, imputed=imputed, notes=notes)


# --------------------------------------------------------------------------- ranking


def competition_rank(scores: np.ndarray) -> np.ndarray:
    """Standard competition ranks ("1224") along the last axis, highest score = 1.

    ``NaN`` scores get rank 0. Works on a vector or on a ``draws × tenants``
    matrix (vectorised with one sort, no loop over tenants). Scores are rounded
    to :data:`TIE_DECIMALS` decimals first.
    """
    s = np.asarray(scores, dtype=float)
    one_d = s.ndim == 1
    s2 = np.atleast_2d(s)
    nan = np.isnan(s2)
    key = np.where(nan, -np.inf, np.round(s2, TIE_DECIMALS))
    order = np.argsort(-key, axis=1, kind="stable")
    sk = np.take_along_axis(key, order, axis=1)
    n = s2.shape[1]
    pos = np.broadcast_to(np.arange(n), sk.shape)
    new = np.ones(sk.shape, dtype=bool)
    new[:, 1:] = sk[:, 1:] != sk[:, :-1]
    start = np.maximum.accumulate(np.where(new, pos, 0), axis=1)
    ranks = np.empty(sk.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, start + 1, axis=1)
    ranks[nan] = 0
    return ranks[0] if one_d else ranks


# --------------------------------------------------------------------------- composite


def _setup(
    values: np.ndarray, higher_is_better: np.ndarray, weights: np.ndarray | None, method: Method
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]
]:
    """Validated inputs: x, obs, hib, w, active, coverage, eligible, notes."""
    x, hib, w = check_inputs(values, higher_is_better, weights)
    obs = ~np.isnan(x)
    notes: list[str] = []
    active = obs.any(axis=0) & (w > 0)
    for j in np.flatnonzero(~obs.any(axis=0) & (w > 0)):
        notes.append(f"indicator {j}: no tenant reported a value; left out")
    if not active.any():
        raise ValueError("no indicator has both a positive weight and at least one value")
    w = np.where(active, w, 0.0)
    w = w / w.sum()
    x = np.where(active[None, :], x, np.nan)
    obs = obs & active[None, :]
    coverage = obs.astype(float) @ w
    eligible = (coverage >= method.min_coverage - 1e-12) & (coverage > 0)
    return x, obs, hib, w, active, coverage, eligible, notes


def _aggregate(prep: _Prepared, w: np.ndarray, aggregation: Aggregation) -> tuple[np.ndarray, np.ndarray]:
    den = prep.avail @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (prep.z @ w) / den
    s = np.where(den > 0, s, np.nan)
    if aggregation == "geometric":
        s = np.exp(s)
    eff = prep.avail * w[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        eff = np.where(den[:, None] > 0, eff / den[:, None], 0.0)
    return s, eff


def composite(
    values: np.ndarray,
    higher_is_better: np.ndarray,
    weights: np.ndarray | None,
    method: Method,
) -> CompositeResult:
    """Composite score, rank and leading group of every tenant of one peer group.

    ``values``: tenants × indicators (``NaN`` = missing); ``higher_is_better``:
    bool per indicator; ``weights``: catalogue weights per indicator (any
    non-negative scale, ``None`` = equal). See the module docstring for every rule.
    """
    x, obs, hib, w, active, coverage, eligible, notes = _setup(values, higher_is_better, weights, method)
    prep = _prepare(
        x, obs, hib, eligible, method.normalisation, method.aggregation, method.missing, method.geometric_floor
    )
    scores, eff = _aggregate(prep, w, method.aggregation)
    ranks = competition_rank(scores)
    ranked = ranks > 0
    k = method.leading_group_size(int(ranked.sum()))
    leading = ranked & (ranks <= k)
    threshold = float(scores[leading].min()) if leading.any() else float("nan")
    return CompositeResult(
        method=method,
        scores=scores,
        ranks=ranks,
        ranked=ranked,
        normalised=prep.y,
        effective_weights=eff,
        coverage=coverage,
        imputed=prep.imputed,
        leading_group=leading,
        leading_group_size=k,
        threshold=threshold,
        weights=w,
        active=active,
        warnings=tuple(notes) + prep.notes,
    )


# --------------------------------------------------------------------------- drivers


@dataclass(frozen=True)
class Drivers:
    """What drives each tenant's rank, indicator by indicator.

    **Attribution.** Let ``z`` be what enters the weighted sum (the normalised value
    ``y`` for linear aggregation, ``ln y`` for geometric) and ``w̃`` the tenant's
    effective (re-scaled) weights. The *baseline* of indicator ``i`` is the mean
    of ``z`` over the ranked tenants that have it (the "average peer"). Then

        contribution[t, i] = w̃[t, i] · (z[t, i] − baseline[i])

    and, exactly, ``Σ_i contribution[t, i] = S_t − Σ_i w̃[t, i] · baseline[i]``
    where ``S_t`` is the composite (linear) or its logarithm (geometric): the
    contributions split the distance between the tenant and an average peer
    with the same indicators. Positive = the indicator lifts the tenant.
    Units: composite points (linear) or log-points (geometric, ≈ relative change).

    **Rank effect.** ``rank_if_average[t, i]`` is the tenant's rank if it were
    at the baseline on indicator ``i`` (its score minus that contribution, every
    other tenant and the normalisation unchanged); ``rank_effect = rank_if_average
    − rank`` counts the places indicator ``i`` is worth (positive = it helps,
    negative = it holds the tenant back). Both are 0 for unranked tenants or
    unused cells.
    """

    contributions: np.ndarray
    baseline: np.ndarray
    rank_if_average: np.ndarray
    rank_effect: np.ndarray
    log_scale: bool

    def top(self, tenant: int, k: int = 5) -> list[tuple[int, float, int]]:
        """The ``k`` indicators with the largest |contribution| for ``tenant``:
        ``(indicator, contribution, rank_effect)``, largest first."""
        c = self.contributions[tenant]
        order = np.argsort(-np.abs(c), kind="stable")[:k]
        return [(int(i), float(c[i]), int(self.rank_effect[tenant, i])) for i in order if c[i] != 0]


def drivers(result: CompositeResult) -> Drivers:
    """Per-tenant, per-indicator attribution of a computed composite (see :class:`Drivers`)."""
    geometric = result.method.aggregation == "geometric"
    y = result.normalised
    avail = ~np.isnan(y) & result.ranked[:, None]
    z = np.log(np.where(avail, y, 1.0)) if geometric else np.where(avail, y, 0.0)
    count = avail.sum(axis=0)
    baseline = np.where(count > 0, np.where(avail, z, 0.0).sum(axis=0) / np.maximum(count, 1), 0.0)
    contrib = np.where(avail, result.effective_weights * (z - baseline), 0.0)

    scores = result.scores
    if geometric:
        cf = scores[:, None] * np.exp(-contrib)
    else:
        cf = scores[:, None] - contrib
    ranked_scores = np.sort(np.round(scores[result.ranked], TIE_DECIMALS))
    n_r = ranked_scores.size
    cf_r = np.round(np.where(avail, cf, 0.0), TIE_DECIMALS)
    greater = n_r - np.searchsorted(ranked_scores, cf_r.ravel(), side="right").reshape(cf_r.shape)
    own = np.round(np.where(result.ranked, scores, -np.inf), TIE_DECIMALS)[:, None] > cf_r
    rank_cf = 1 + greater - own.astype(np.int64)
    rank_cf = np.where(avail, rank_cf, 0)
    effect = np.where(avail, rank_cf - result.ranks[:, None], 0)
    return Drivers(
        contributions=contrib,
        baseline=baseline,
        rank_if_average=rank_cf,
        rank_effect=effect,
        log_scale=geometric,
    )
