"""Rank bands on known answers."""

from __future__ import annotations

import time

import numpy as np
import pytest

from shared.benchmark.composite import AGGREGATIONS, NORMALISATIONS, Method, composite
from shared.benchmark.uncertainty import rank_bands

X = np.array([[10, 5, 2], [8, 7, 5], [6, 3, 3], [4, 9, 1]], dtype=float)
HIB = np.array([True, True, False])


def random_group(n=40, m=8, seed=11, missing=0.05):
    rng = np.random.default_rng(seed)
    x = rng.lognormal(size=(n, m)) * rng.uniform(1, 100, m)
    x[rng.random(x.shape) < missing] = np.nan
    hib = rng.random(m) < 0.7
    return x, hib, rng.uniform(0.5, 2.0, m)


@pytest.mark.parametrize("normalisation", NORMALISATIONS)
@pytest.mark.parametrize("aggregation", AGGREGATIONS)
def test_tenant_best_everywhere_has_band_1_1(normalisation, aggregation):
    x, hib, w = random_group(missing=0.0)
    # tenant 5 strictly best on every indicator (respecting direction)
    x[5] = np.where(hib, x.max(axis=0) * 1.5, x.min(axis=0) / 1.5)
    # and tenant 9 strictly worst everywhere
    x[9] = np.where(hib, x.min(axis=0) / 1.5, x.max(axis=0) * 1.5)
    bands = rank_bands(x, hib, w, Method(normalisation, aggregation), draws=300, seed=4)
    assert bands.reference_rank[5] == 1
    assert (bands.band_low[5], bands.band_high[5]) == (1, 1)
    assert bands.mean_shift[5] == 0.0
    assert (bands.band_low[9], bands.band_high[9]) == (40, 40)


def test_seeded_draws_are_reproducible():
    x, hib, w = random_group()
    a = rank_bands(x, hib, w, Method(), draws=500, seed=123, keep_draws=True)
    b = rank_bands(x, hib, w, Method(), draws=500, seed=123, keep_draws=True)
    assert np.array_equal(a.draw_ranks, b.draw_ranks)
    assert np.array_equal(a.band_low, b.band_low) and np.array_equal(a.band_high, b.band_high)
    assert np.array_equal(a.mean_shift, b.mean_shift)
    c = rank_bands(x, hib, w, Method(), draws=500, seed=124, keep_draws=True)
    assert not np.array_equal(a.draw_ranks, c.draw_ranks)


def test_bands_contain_reference_rank_and_are_ordered():
    x, hib, w = random_group()
    for method in (Method(), Method("z_score", "geometric", "impute_median"), Method("rank")):
        bands = rank_bands(x, hib, w, method, draws=400, seed=2)
        ref = composite(x, hib, w, method).ranks
        assert np.array_equal(bands.reference_rank, ref)
        r = ref > 0
        assert (bands.band_low[r] <= ref[r]).all() and (ref[r] <= bands.band_high[r]).all()
        assert (bands.band_low[r] <= bands.p05[r]).all() and (bands.p95[r] <= bands.band_high[r]).all()
        assert (bands.p05[r] <= bands.p95[r]).all()
        assert (bands.band_low[r] >= 1).all() and (bands.band_high[r] <= r.sum()).all()
        assert (bands.mean_shift[r] >= 0).all()
        assert bands.mean_shift_overall > 0


def test_no_uncertainty_means_zero_width_bands():
    # a single configuration, no jitter, no dropping: every draw is the reference
    x, hib, w = random_group()
    method = Method("z_score", "linear", "impute_mean")
    bands = rank_bands(
        x, hib, w, method, draws=50, weight_jitter=0.0, normalisations=["z_score"],
        aggregations=["linear"], missing_rules=["impute_mean"], drop_indicator=False,
    )
    r = bands.reference_rank > 0
    assert np.array_equal(bands.band_low[r], bands.reference_rank[r])
    assert np.array_equal(bands.band_high[r], bands.reference_rank[r])
    assert (bands.mean_shift[r] == 0).all()


def test_small_table_bands_by_hand():
    # Without weight jitter and without dropping, only normalisation (4) × aggregation (2)
    # vary (no missing values). From the hand-computed table in test_composite:
    # A's rank over the 8 configurations: 1,1,1,1,2,2,1,1 ; D's: 2,2,2,2,1,1,1,2
    # B always 3rd, C always 4th.
    bands = rank_bands(
        X, HIB, None, Method(), draws=400, weight_jitter=0.0, drop_indicator=False, seed=0,
        missing_rules=["exclude_rescale"],
    )
    assert bands.reference_rank.tolist() == [1, 3, 4, 2]
    assert bands.band_low.tolist() == [1, 3, 4, 1]
    assert bands.band_high.tolist() == [2, 3, 4, 2]
    assert bands.mean_shift[1] == 0 and bands.mean_shift[2] == 0
    # A is 2nd in 2 of 8 configurations -> mean shift ≈ 0.25 (400 draws, loose bound)
    assert 0.15 < bands.mean_shift[0] < 0.35


def test_unranked_tenant_has_no_band():
    x = np.vstack([X, [7.0, np.nan, np.nan]])
    bands = rank_bands(x, HIB, None, Method(), draws=100)
    assert bands.reference_rank[4] == 0
    assert bands.band_low[4] == 0 and bands.band_high[4] == 0
    assert np.isnan(bands.mean_shift[4])
    assert bands.band_high[:4].max() <= 4


def test_describe_is_json_ready():
    import json

    bands = rank_bands(X, HIB, None, Method(), draws=10, seed=5)
    d = json.loads(json.dumps(bands.describe()))
    assert d["draws"] == 10 and d["seed"] == 5 and d["method"]["version"] == 1


def test_bad_settings_rejected():
    with pytest.raises(ValueError):
        rank_bands(X, HIB, None, Method(), draws=0)
    with pytest.raises(ValueError):
        rank_bands(X, HIB, None, Method(), normalisations=["nope"])
    with pytest.raises(ValueError):
        rank_bands(X, HIB, None, Method(), weight_jitter=1.0)


def test_speed_1000_draws_200_tenants():
    # goal < 1 s on a 2-core machine (about 0.1 s measured); generous bound for CI noise
    x, hib, w = random_group(n=200, m=50, seed=1)
    t0 = time.perf_counter()
    bands = rank_bands(x, hib, w, Method(), draws=1000, seed=0)
    assert time.perf_counter() - t0 < 3.0
    assert (bands.band_low[bands.reference_rank > 0] >= 1).all()
