"""Catch-up figures computed by hand on the small table of test_composite.

            ind1 (↑)  ind2 (↑)  ind3 (↓)   min-max linear score  rank
    A         10        5         2          0.694444             1
    B          8        7         5          0.444444             3
    C          6        3         3          0.277778             4
    D          4        9         1          0.666667             2
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from shared.benchmark.catchup import catch_up, project_next
from shared.benchmark.composite import Method

X = np.array([[10, 5, 2], [8, 7, 5], [6, 3, 3], [4, 9, 1]], dtype=float)
HIB = np.array([True, True, False])
HALF = Method(leading_group_share=0.5)  # 2 leading ranks / 2 best values per indicator


def approx(values, abs=1e-6):
    return pytest.approx(values, abs=abs, nan_ok=True)


def test_gaps_in_raw_units_positive_means_behind():
    c = catch_up(X, X, HIB, None, HALF, 1)  # tenant B
    # leader values 10, 9, 1 (ind3 lower is better): gaps 10-8, 9-7, 5-1
    assert c.leader_value.tolist() == [10, 9, 1]
    assert c.gap_to_leader.tolist() == [2, 2, 4]
    # 2nd best values 8, 7, 2: gaps 0, 0, 5-2 = 3
    assert c.threshold_value.tolist() == [8, 7, 2]
    assert c.gap_to_threshold.tolist() == [0, 0, 3]
    # medians 7, 6, 2.5: B is ahead on ind1 and ind2 (negative), behind on ind3: 5-2.5
    assert c.median_value.tolist() == [7, 6, 2.5]
    assert c.gap_to_median.tolist() == [-1, -1, 2.5]


def test_composite_gaps():
    c = catch_up(X, X, HIB, None, HALF, 1)
    # leader A 0.694444 - 0.444444 = 0.25 ; threshold = D 0.666667 -> 0.222222
    # median score (0.444444 + 0.666667)/2 = 0.555556 -> 0.111111
    assert c.score == pytest.approx(0.444444, abs=1e-6) and c.rank == 3
    assert c.composite_gap_to_leader == pytest.approx(0.25)
    assert c.composite_gap_to_threshold == pytest.approx(0.222222, abs=1e-6)
    assert c.composite_gap_to_median == pytest.approx(0.111111, abs=1e-6)


def test_shares_of_the_gap():
    c = catch_up(X, X, HIB, None, HALF, 1)
    # B's min-max values 2/3, 2/3, 0 ; best normalised 1, 1, 1 ; weight 1/3 each:
    # points (1/3)/3, (1/3)/3, 1/3 = 0.111111, 0.111111, 0.333333 ; total 0.555556
    assert c.points_to_leader.tolist() == approx([0.111111, 0.111111, 0.333333])
    assert c.share_to_leader.tolist() == approx([0.2, 0.2, 0.6])
    # 2nd best normalised 2/3, 2/3, 3/4: points 0, 0, 0.25 -> all of it in ind3
    assert c.points_to_threshold.tolist() == approx([0, 0, 0.25])
    assert c.share_to_threshold.tolist() == approx([0, 0, 1])
    # median normalised 0.5, 0.5, 0.625: points -0.055556, -0.055556, 0.208333
    assert c.points_to_median.tolist() == approx([-0.055556, -0.055556, 0.208333])
    assert c.share_to_median.tolist() == approx([0, 0, 1])
    # exact split of the 0.25 gap to A: (1-2/3)/3, (1/3-2/3)/3, (3/4-0)/3
    assert c.leader_gap_by_indicator.tolist() == approx([0.111111, -0.111111, 0.25])
    assert c.leader_gap_by_indicator.sum() == pytest.approx(c.composite_gap_to_leader)


def test_leader_has_nothing_to_gain_towards_itself():
    c = catch_up(X, X, HIB, None, HALF, 0)
    assert c.composite_gap_to_leader == 0
    assert c.leader_gap_by_indicator.tolist() == approx([0, 0, 0])
    # but A is not best on ind2 and ind3: points (1-1/3)/3 = 0.222222, (1-3/4)/3 = 0.083333
    assert c.points_to_leader.tolist() == approx([0, 0.222222, 0.083333])


def test_overtaking_next_period_by_hand():
    # Only C grew: ind1 4 -> 6 (+50 %), ind2 2 -> 3 (+50 %). Projection: C (9, 4.5, 3).
    # Projected min-max: ind1 (x-4)/6 -> A 1, B 0.666667, C 0.833333, D 0
    #                    ind2 (x-4.5)/4.5 -> A 0.111111, B 0.555556, C 0, D 1 ; ind3 unchanged
    # Scores: A 0.620370, B 0.407407, C 0.444444, D 0.666667 -> ranks D1 A2 C3 B4
    prev = X.copy()
    prev[2, 0] = 4
    prev[2, 1] = 2
    c = catch_up(X, prev, HIB, None, Method(), 2)
    assert c.growth.tolist() == approx([0.5, 0.5, 0])
    assert c.projected_score == pytest.approx(0.444444, abs=1e-6)
    assert c.projected_rank == 3
    assert c.overtakes == (1,)
    assert c.overtaken_by == ()
    b = catch_up(X, prev, HIB, None, Method(), 1)
    assert b.overtaken_by == (2,) and b.overtakes == () and b.projected_rank == 4
    d = catch_up(X, prev, HIB, None, Method(), 3)
    assert d.overtakes == (0,) and d.projected_rank == 1


def test_projection_rules():
    x = np.array([[10.0, 3.0, 5.0, np.nan, 30.0]])
    p = np.array([[8.0, 0.0, np.nan, 4.0, 10.0]])
    nxt, g = project_next(x, p, max_growth=1.0)
    # 10 after 8: +25 % -> 12.5 ; 3 after 0: repeat +3 -> 6 ; no previous -> 5 ;
    # no current -> NaN ; 30 after 10 is +200 %, clipped to +100 % -> 60
    assert nxt[0].tolist() == approx([12.5, 6.0, 5.0, float("nan"), 60.0])
    assert g[0].tolist() == approx([0.25, float("nan"), float("nan"), float("nan"), 1.0])


def test_missing_cell_has_no_gap_and_no_share():
    xm = X.copy()
    xm[1, 1] = np.nan
    c = catch_up(xm, xm, HIB, None, Method(missing="impute_mean"), 1)
    assert math.isnan(c.gap_to_leader[1]) and math.isnan(c.points_to_leader[1])
    assert c.share_to_leader[1] == 0
    assert c.share_to_leader.sum() == pytest.approx(1.0)


def test_reuses_precomputed_composites():
    from shared.benchmark.composite import composite

    cur = composite(X, HIB, None, Method())
    a = catch_up(X, X, HIB, None, Method(), 2, current=cur, projected=cur)
    b = catch_up(X, X, HIB, None, Method(), 2)
    assert a.share_to_leader.tolist() == b.share_to_leader.tolist()
    assert a.projected_rank == b.projected_rank == 4


def test_geometric_catch_up_is_finite():
    rng = np.random.default_rng(0)
    x = rng.lognormal(size=(20, 5))
    prev = x / rng.uniform(0.8, 1.2, x.shape)
    hib = np.array([True, False, True, True, False])
    for t in range(20):
        c = catch_up(x, prev, hib, None, Method("z_score", "geometric"), t)
        assert np.isfinite(c.points_to_leader).all()
        assert (c.points_to_leader >= -1e-12).all()
        assert c.share_to_leader.sum() == pytest.approx(1.0) or c.rank == 1
