"""Composite indicator computed by hand on a small table, for every normalisation
and both aggregations; ties, missing values, lower-is-better, leading group.

All expected numbers are literals worked out by hand (arithmetic in comments).

The table (4 tenants × 3 indicators; indicator 3 is lower-is-better):

            ind1 (↑)  ind2 (↑)  ind3 (↓)
    A         10        5         2
    B          8        7         5
    C          6        3         3
    D          4        9         1
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from shared.benchmark.composite import (
    AGGREGATIONS,
    NORMALISATIONS,
    Method,
    competition_rank,
    composite,
    drivers,
    normalise,
)

X = np.array([[10, 5, 2], [8, 7, 5], [6, 3, 3], [4, 9, 1]], dtype=float)
HIB = np.array([True, True, False])
NAN = float("nan")


def approx(values, abs=1e-6):
    return pytest.approx(values, abs=abs, nan_ok=True)


# ----------------------------------------------------------------- normalised values


def test_min_max_normalised_by_hand():
    # ind1: (x - 4) / 6 -> 1, 2/3, 1/3, 0
    # ind2: (x - 3) / 6 -> 1/3, 2/3, 0, 1
    # ind3 (lower): (5 - x) / 4 -> 3/4, 0, 1/2, 1
    y, notes = normalise(X, HIB, "min_max")
    assert notes == ()
    assert y.ravel().tolist() == approx(
        [1, 0.333333, 0.75, 0.666667, 0.666667, 0, 0.333333, 0, 0.5, 0, 1, 1]
    )


def test_z_score_normalised_by_hand():
    # ind1: mean 7, population variance (9+1+1+9)/4 = 5 -> z = dev/√5 = ±1.341641, ±0.447214
    # ind3: mean 2.75, variance (0.5625+5.0625+0.0625+3.0625)/4 = 2.1875, std 1.479020;
    #       lower is better so z = (2.75 - x)/1.479020 -> 0.507093, -1.521278, -0.169031, 1.183216
    y, _ = normalise(X, HIB, "z_score")
    assert y[:, 0].tolist() == approx([1.341641, 0.447214, -0.447214, -1.341641])
    assert y[:, 1].tolist() == approx([-0.447214, 0.447214, -1.341641, 1.341641])
    assert y[:, 2].tolist() == approx([0.507093, -1.521278, -0.169031, 1.183216])


def test_distance_to_leader_normalised_by_hand():
    # ind1: x/10 -> 1, .8, .6, .4 ; ind2: x/9 -> .555556, .777778, .333333, 1
    # ind3 (lower, leader 1): 1/x -> .5, .2, .333333, 1
    y, notes = normalise(X, HIB, "distance_to_leader")
    assert notes == ()
    assert y[:, 0].tolist() == approx([1, 0.8, 0.6, 0.4])
    assert y[:, 1].tolist() == approx([0.555556, 0.777778, 0.333333, 1])
    assert y[:, 2].tolist() == approx([0.5, 0.2, 0.333333, 1])


def test_rank_normalised_by_hand_with_ties():
    # percentile rank (n_worse + 0.5 n_tied_others) / (n - 1); column (1, 2, 2, 5):
    # 1 -> 0/3 = 0 ; 2 -> (1 + 0.5)/3 = 0.5 (both) ; 5 -> 3/3 = 1
    y, _ = normalise(np.array([[1.0], [2.0], [2.0], [5.0]]), np.array([True]), "rank")
    assert y[:, 0].tolist() == approx([0, 0.5, 0.5, 1])
    # lower is better mirrors it
    y, _ = normalise(np.array([[1.0], [2.0], [2.0], [5.0]]), np.array([False]), "rank")
    assert y[:, 0].tolist() == approx([1, 0.5, 0.5, 0])


def test_flat_indicator_gets_neutral_value():
    x = np.array([[3.0], [3.0], [3.0]])
    hib = np.array([True])
    assert normalise(x, hib, "min_max")[0][:, 0].tolist() == [0.5, 0.5, 0.5]
    assert normalise(x, hib, "rank")[0][:, 0].tolist() == [0.5, 0.5, 0.5]
    assert normalise(x, hib, "z_score")[0][:, 0].tolist() == [0.0, 0.0, 0.0]
    assert normalise(x, hib, "distance_to_leader")[0][:, 0].tolist() == [1.0, 1.0, 1.0]


# ----------------------------------------------------------------- composites by hand

# Expected scores, equal weights (1/3 each), tenants A, B, C, D.
HAND = {
    # min-max linear: A (1 + 1/3 + 3/4)/3 = 25/36 = 0.694444 ; B (2/3 + 2/3 + 0)/3 = 4/9
    # C (1/3 + 0 + 1/2)/3 = 5/18 = 0.277778 ; D (0 + 1 + 1)/3 = 2/3
    ("min_max", "linear"): ([0.694444, 0.444444, 0.277778, 0.666667], [1, 3, 4, 2]),
    # min-max geometric, each column shifted +0.1 (its min is 0 < ε = 0.1):
    # A (1.1 · 0.433333 · 0.85)^(1/3) = 0.405167^(1/3) = 0.739965
    # B (0.766667 · 0.766667 · 0.1)^(1/3) = 0.058778^(1/3) = 0.388810
    # C (0.433333 · 0.1 · 0.6)^(1/3) = 0.026^(1/3) = 0.296250
    # D (0.1 · 1.1 · 1.1)^(1/3) = 0.121^(1/3) = 0.494609
    ("min_max", "geometric"): ([0.739965, 0.388810, 0.296250, 0.494609], [1, 3, 4, 2]),
    # z-score linear: A (1.341641 - 0.447214 + 0.507093)/3 = 0.467173
    # B (0.447214 + 0.447214 - 1.521278)/3 = -0.208950
    # C (-0.447214 - 1.341641 - 0.169031)/3 = -0.652628
    # D (-1.341641 + 1.341641 + 1.183216)/3 = 0.394405
    ("z_score", "linear"): ([0.467173, -0.208950, -0.652628, 0.394405], [1, 3, 4, 2]),
    # z-score geometric: columns shifted so their min is 0.1:
    # ind1 + 1.441641 -> 2.783282, 1.888854, 0.994427, 0.1
    # ind2 + 1.441641 -> 0.994427, 1.888854, 0.1, 2.783282
    # ind3 + 1.621278 -> 2.128370, 0.1, 1.452247, 2.804494
    # A (2.783282 · 0.994427 · 2.128370)^(1/3) = 5.890838^(1/3) = 1.806033
    # B (1.888854 · 1.888854 · 0.1)^(1/3) = 0.356777^(1/3) = 0.709249
    # C (0.994427 · 0.1 · 1.452247)^(1/3) = 0.144415^(1/3) = 0.524652
    # D (0.1 · 2.783282 · 2.804494)^(1/3) = 0.780570^(1/3) = 0.920740
    ("z_score", "geometric"): ([1.806033, 0.709249, 0.524652, 0.920740], [1, 3, 4, 2]),
    # distance to leader linear: A (1 + .555556 + .5)/3 = 0.685185 ; B (.8 + .777778 + .2)/3 = 0.592593
    # C (.6 + .333333 + .333333)/3 = 0.422222 ; D (.4 + 1 + 1)/3 = 0.8
    ("distance_to_leader", "linear"): ([0.685185, 0.592593, 0.422222, 0.8], [2, 3, 4, 1]),
    # distance to leader geometric (every ratio >= 0.1, no shift):
    # A (1 · 5/9 · 1/2)^(1/3) = (5/18)^(1/3) = 0.652478 ; B (0.8 · 7/9 · 0.2)^(1/3) = 0.124444^(1/3) = 0.499258
    # C (0.6 · 1/3 · 1/3)^(1/3) = 0.066667^(1/3) = 0.405480 ; D (0.4 · 1 · 1)^(1/3) = 0.736806
    ("distance_to_leader", "geometric"): ([0.652478, 0.499258, 0.405480, 0.736806], [2, 3, 4, 1]),
    # rank linear: percentiles ind1 (1, 2/3, 1/3, 0), ind2 (1/3, 2/3, 0, 1), ind3 (2/3, 0, 1/3, 1)
    # A (1 + 1/3 + 2/3)/3 = 2/3 ; B (2/3 + 2/3 + 0)/3 = 4/9 ; C (1/3 + 0 + 1/3)/3 = 2/9 ; D (0+1+1)/3 = 2/3
    # A and D tie -> competition ranks 1, 3, 4, 1
    ("rank", "linear"): ([0.666667, 0.444444, 0.222222, 0.666667], [1, 3, 4, 1]),
    # rank geometric (+0.1): A (1.1 · 0.433333 · 0.766667)^(1/3) = 0.365444^(1/3) = 0.714947
    # B 0.388810 (as min-max) ; C (0.433333 · 0.1 · 0.433333)^(1/3) = 0.018778^(1/3) = 0.265796 ; D 0.494609
    ("rank", "geometric"): ([0.714947, 0.388810, 0.265796, 0.494609], [1, 3, 4, 2]),
}


@pytest.mark.parametrize("normalisation,aggregation", sorted(HAND))
def test_composite_by_hand(normalisation, aggregation):
    expected_scores, expected_ranks = HAND[(normalisation, aggregation)]
    res = composite(X, HIB, None, Method(normalisation, aggregation))
    assert res.scores.tolist() == approx(expected_scores)
    assert res.ranks.tolist() == expected_ranks
    assert res.warnings == ()
    assert res.ranked.all()


def test_every_method_is_covered_by_hand():
    assert set(HAND) == {(n, a) for n in NORMALISATIONS for a in AGGREGATIONS}


def test_catalogue_weights_and_competition_ties():
    # weights (2, 1, 1) -> (0.5, 0.25, 0.25), min-max linear:
    # A (2·1 + 1/3 + 3/4)/4 = 0.770833 ; B (2·2/3 + 2/3 + 0)/4 = 0.5
    # C (2·1/3 + 0 + 1/2)/4 = 0.291667 ; D (0 + 1 + 1)/4 = 0.5
    # B and D tie: standard competition ranking "1224"
    res = composite(X, HIB, np.array([2.0, 1.0, 1.0]), Method())
    assert res.scores.tolist() == approx([0.770833, 0.5, 0.291667, 0.5])
    assert res.ranks.tolist() == [1, 2, 4, 2]
    assert res.weights.tolist() == approx([0.5, 0.25, 0.25])


def test_identical_tenants_share_rank_1224():
    x = np.array([[5.0, 1.0], [3.0, 1.0], [3.0, 1.0], [1.0, 1.0]])
    for n in NORMALISATIONS:
        for a in AGGREGATIONS:
            res = composite(x, np.array([True, False]), None, Method(n, a))
            assert res.ranks.tolist() == [1, 2, 2, 4], (n, a)


def test_competition_rank_vectorised_matches_definition():
    rng = np.random.default_rng(3)
    s = rng.integers(0, 6, size=(50, 30)).astype(float)
    s[rng.random(s.shape) < 0.1] = np.nan
    r = competition_rank(s)
    for d in range(s.shape[0]):
        for t in range(s.shape[1]):
            if math.isnan(s[d, t]):
                assert r[d, t] == 0
            else:
                assert r[d, t] == 1 + int(np.nansum(s[d] > s[d, t]))
    assert competition_rank(np.array([0.3, 0.1 + 0.2, 0.1])).tolist() == [1, 1, 3]


def test_lower_is_better_equals_mirrored_higher_is_better():
    # Replacing ind3 by -ind3 declared higher-is-better must change nothing
    # for min-max, z-score and rank (all invariant under that mirror).
    mirrored = X.copy()
    mirrored[:, 2] = -mirrored[:, 2]
    for n in ("min_max", "z_score", "rank"):
        for a in AGGREGATIONS:
            a_res = composite(X, HIB, None, Method(n, a))
            b_res = composite(mirrored, np.array([True, True, True]), None, Method(n, a))
            assert a_res.scores.tolist() == approx(b_res.scores.tolist())


def test_lower_is_better_direction_matters():
    # Declaring ind3 higher-is-better by mistake flips its contribution:
    # min-max ind3 becomes (x-1)/4 -> 1/4, 1, 1/2, 0; D drops from 2nd to 3rd:
    # A (1 + 1/3 + 1/4)/3 = 0.527778 ; B (2/3 + 2/3 + 1)/3 = 0.777778
    # C (1/3 + 0 + 1/2)/3 = 0.277778 ; D (0 + 1 + 0)/3 = 0.333333
    res = composite(X, np.array([True, True, True]), None, Method())
    assert res.scores.tolist() == approx([0.527778, 0.777778, 0.277778, 0.333333])
    assert res.ranks.tolist() == [2, 1, 4, 3]


# ----------------------------------------------------------------- missing values

XM = X.copy()
XM[1, 1] = NAN  # B did not report ind2


def test_missing_excluded_with_weights_rescaled():
    # ind2 over A, C, D: min 3 max 9 -> A 1/3, C 0, D 1 (unchanged); others as before
    # B = (2/3 + 0) / 2 = 1/3 (weights 1/2, 1/2 on its two indicators)
    res = composite(XM, HIB, None, Method(missing="exclude_rescale"))
    assert res.scores.tolist() == approx([0.694444, 0.333333, 0.277778, 0.666667])
    assert res.ranks.tolist() == [1, 3, 4, 2]
    assert res.effective_weights[1].tolist() == approx([0.5, 0, 0.5])
    assert res.coverage.tolist() == approx([1, 0.666667, 1, 1])
    # never silently zero: reading B's ind2 as 0 would give min-max ind2 (0,0,.333,1)
    # -> B = (2/3 + 0 + 0)/3 = 0.222222 and rank 4; we must not get that
    assert res.scores[1] != pytest.approx(0.222222, abs=1e-6)
    assert not res.imputed.any()


def test_missing_imputed_with_peer_mean():
    # peer mean of ind2 = (5 + 3 + 9)/3 = 17/3 = 5.666667 -> min-max (5.666667-3)/6 = 0.444444
    # B = (2/3 + 0.444444 + 0)/3 = 10/27 = 0.370370
    res = composite(XM, HIB, None, Method(missing="impute_mean"))
    assert res.scores.tolist() == approx([0.694444, 0.370370, 0.277778, 0.666667])
    assert res.imputed[1, 1] and res.imputed.sum() == 1
    assert res.effective_weights[1].tolist() == approx([1 / 3, 1 / 3, 1 / 3])


def test_missing_imputed_with_peer_median():
    # peer median of ind2 = median(5, 3, 9) = 5 -> (5-3)/6 = 1/3 ; B = (2/3 + 1/3 + 0)/3 = 1/3
    res = composite(XM, HIB, None, Method(missing="impute_median"))
    assert res.scores.tolist() == approx([0.694444, 0.333333, 0.277778, 0.666667])


def test_missing_with_geometric_and_z_score_has_no_nan():
    for n in NORMALISATIONS:
        for a in AGGREGATIONS:
            for rule in ("exclude_rescale", "impute_mean", "impute_median"):
                res = composite(XM, HIB, None, Method(n, a, rule))
                assert np.isfinite(res.scores).all(), (n, a, rule)


def test_low_coverage_tenant_is_unranked_not_zero():
    # E reported only ind1 (weight 1/3 < min_coverage 0.5): no score, rank 0;
    # its value 7 lies inside [4, 10] so the others' figures are unchanged.
    xe = np.vstack([X, [7.0, NAN, NAN]])
    for rule in ("exclude_rescale", "impute_mean", "impute_median"):
        res = composite(xe, HIB, None, Method(missing=rule))
        assert math.isnan(res.scores[4]) and res.ranks[4] == 0 and not res.ranked[4]
        assert res.scores[:4].tolist() == approx([0.694444, 0.444444, 0.277778, 0.666667])
        assert res.ranks.tolist() == [1, 3, 4, 2, 0]
        assert not res.imputed[4].any()
    # with min_coverage 0 E is ranked on ind1 alone: (7-4)/6 = 0.5 -> rank 3
    res = composite(xe, HIB, None, Method(min_coverage=0.0))
    assert res.scores[4] == pytest.approx(0.5)
    assert res.ranks.tolist() == [1, 4, 5, 2, 3]


def test_indicator_nobody_reported_is_left_out_with_warning():
    xe = np.hstack([X, np.full((4, 1), NAN)])
    res = composite(xe, np.array([True, True, False, True]), None, Method())
    assert res.scores.tolist() == approx([0.694444, 0.444444, 0.277778, 0.666667])
    assert res.weights.tolist() == approx([1 / 3, 1 / 3, 1 / 3, 0])
    assert any("indicator 3" in w for w in res.warnings)


# ----------------------------------------------------------------- geometric safety


def test_geometric_with_zero_and_negative_values_never_nan():
    x = np.array([[0.0, -3.0, 0.0], [0.0, -1.0, 2.0], [5.0, 0.0, 4.0], [1.0, 2.0, 0.0]])
    hib = np.array([True, True, False])
    for n in NORMALISATIONS:
        res = composite(x, hib, None, Method(n, "geometric"))
        assert np.isfinite(res.scores).all(), n
        assert (res.normalised >= 0.1 - 1e-12).all(), n
        assert (res.scores > 0).all()


def test_distance_to_leader_falls_back_on_non_positive_data():
    # ind2 has a negative value -> ratio meaningless -> min-max for that indicator
    x = np.array([[10.0, -1.0], [5.0, 1.0], [2.0, 3.0]])
    y, notes = normalise(x, np.array([True, True]), "distance_to_leader")
    # ind1: x/10 -> 1, .5, .2 ; ind2 min-max (x+1)/4 -> 0, .5, 1
    assert y.ravel().tolist() == approx([1, 0, 0.5, 0.5, 0.2, 1])
    assert len(notes) == 1 and "indicator 1" in notes[0]
    # lower-is-better with a zero: fallback too
    _, notes = normalise(np.array([[0.0], [2.0]]), np.array([False]), "distance_to_leader")
    assert len(notes) == 1


# ----------------------------------------------------------------- leading group


def test_leading_group_top_third_at_least_one():
    m = Method()
    assert [m.leading_group_size(n) for n in (0, 1, 2, 3, 4, 6, 200)] == [0, 1, 1, 1, 1, 2, 66]
    # 4 tenants -> floor(4/3) = 1 -> A alone, threshold = A's score 0.694444
    res = composite(X, HIB, None, m)
    assert res.leading_group.tolist() == [True, False, False, False]
    assert res.threshold == pytest.approx(0.694444, abs=1e-6)
    # share 1/2 -> 2 leading ranks: A and D, threshold D's 2/3
    res = composite(X, HIB, None, Method(leading_group_share=0.5))
    assert res.leading_group.tolist() == [True, False, False, True]
    assert res.threshold == pytest.approx(0.666667, abs=1e-6)


def test_leading_group_includes_ties_at_boundary():
    # rank normalisation, linear: ranks 1, 3, 4, 1 -> k = 1 but A and D tie at rank 1
    res = composite(X, HIB, None, Method("rank"))
    assert res.leading_group.tolist() == [True, False, False, True]
    assert res.leading_group_size == 1


# ----------------------------------------------------------------- method description


def test_method_describe_round_trip_and_json():
    m = Method("z_score", "geometric", "impute_median", leading_group_share=0.25, geometric_floor=0.05)
    d = m.describe()
    assert d["version"] == 1 and d["normalisation"] == "z_score"
    assert Method.from_description(json.loads(json.dumps(d))) == m
    with pytest.raises(ValueError):
        Method.from_description({**d, "version": 99})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"normalisation": "percent"},
        {"aggregation": "harmonic"},
        {"missing": "zero"},
        {"leading_group_share": 0},
        {"leading_group_min": 0},
        {"min_coverage": 1.5},
        {"geometric_floor": 0},
    ],
)
def test_method_rejects_bad_parameters(kwargs):
    with pytest.raises(ValueError):
        Method(**kwargs)


def test_inputs_are_validated():
    with pytest.raises(ValueError):
        composite(X[0], HIB, None, Method())
    with pytest.raises(ValueError):
        composite(X, np.array([1, 1, 0]), None, Method())
    with pytest.raises(ValueError):
        composite(X, HIB, np.array([1.0, -1.0, 1.0]), Method())
    with pytest.raises(ValueError):
        composite(X, HIB, np.zeros(3), Method())
    bad = X.copy()
    bad[0, 0] = np.inf
    with pytest.raises(ValueError):
        composite(bad, HIB, None, Method())


# ----------------------------------------------------------------- drivers


def test_drivers_by_hand_min_max_linear():
    # baselines = column means of min-max values: ind1 0.5, ind2 0.5, ind3 (0.75+0+0.5+1)/4 = 0.5625
    # A: (1-0.5)/3 = 0.166667 ; (1/3-0.5)/3 = -0.055556 ; (0.75-0.5625)/3 = 0.0625
    # rank if A were average on ind1: 0.694444-0.166667 = 0.527778 < D 0.666667 -> 2nd
    # on ind2: 0.694444+0.055556 = 0.75 -> still 1st ; on ind3: 0.631944 -> 2nd
    res = composite(X, HIB, None, Method())
    d = drivers(res)
    assert d.baseline.tolist() == approx([0.5, 0.5, 0.5625])
    assert d.contributions[0].tolist() == approx([0.166667, -0.055556, 0.0625])
    assert d.rank_if_average[0].tolist() == [2, 1, 2]
    assert d.rank_effect[0].tolist() == [1, 0, 1]
    # B: ind3 (0-0.5625)/3 = -0.1875 holds it back; average there -> 0.631944 -> still 3rd
    assert d.contributions[1].tolist() == approx([0.055556, 0.055556, -0.1875])
    assert d.top(1, 1) == [(2, pytest.approx(-0.1875), 0)]
    # C on ind2: 0.277778 + 0.166667 = 0.444444 ties B -> rank 3 (competition ranking)
    assert d.rank_if_average[2].tolist() == [4, 3, 4]
    assert not d.log_scale


def test_drivers_sum_to_distance_from_average_peer():
    rng = np.random.default_rng(7)
    x = rng.lognormal(size=(30, 6))
    x[rng.random(x.shape) < 0.1] = NAN
    hib = np.array([True, False, True, True, False, True])
    for n in NORMALISATIONS:
        for a in AGGREGATIONS:
            res = composite(x, hib, rng.uniform(0.5, 2, 6), Method(n, a))
            d = drivers(res)
            s = np.log(res.scores) if a == "geometric" else res.scores
            expected = s - (res.effective_weights * d.baseline).sum(axis=1)
            assert d.contributions.sum(axis=1)[res.ranked].tolist() == approx(expected[res.ranked].tolist(), abs=1e-9)
