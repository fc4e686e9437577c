"""Timings of the benchmark maths (shared.benchmark) on seeded random data.

Run: ``.venv/bin/python benchmarks/composite_math.py [--runs 7]``

Goals (2-core machine): league table with composite for 200 tenants × 50
indicators well under 200 ms and for 3,400 × 50 under 2 s (the maths alone a
few ms); rank bands with 1,000 draws for 200 tenants under 1 s.
Prints the median (and min) of several runs for each step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared.benchmark.catchup import catch_up  # noqa: E402
from shared.benchmark.composite import Method, composite, drivers  # noqa: E402
from shared.benchmark.uncertainty import rank_bands  # noqa: E402


def make_data(tenants: int, indicators: int, seed: int = 20240601, missing: float = 0.05):
    rng = np.random.default_rng(seed)
    scale = rng.uniform(1, 1000, size=indicators)
    values = rng.lognormal(mean=0.0, sigma=0.5, size=(tenants, indicators)) * scale
    previous = values / rng.uniform(0.8, 1.25, size=values.shape)
    values[rng.random(values.shape) < missing] = np.nan
    higher_is_better = rng.random(indicators) < 0.8
    weights = rng.uniform(0.5, 2.0, size=indicators)
    return values, previous, higher_is_better, weights


def timeit(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = args.runs
    print(f"numpy {np.__version__}; median (min) of {runs} runs, milliseconds")
    rows: list[tuple[str, float, float, str]] = []

    for n in (200, 3400):
        values, previous, hib, w = make_data(n, 50)
        for method in (
            Method("min_max", "linear", "exclude_rescale"),
            Method("z_score", "geometric", "impute_median"),
            Method("distance_to_leader", "linear", "impute_mean"),
            Method("rank", "geometric", "exclude_rescale"),
        ):
            label = f"composite {n}×50 {method.normalisation}/{method.aggregation}/{method.missing}"
            goal = "< 200 ms" if n == 200 else "< 2 s"
            rows.append((label, *timeit(lambda: composite(values, hib, w, method), runs), goal))
        method = Method()
        res = composite(values, hib, w, method)
        rows.append((f"drivers {n}×50", *timeit(lambda: drivers(res), runs), ""))
        rows.append(
            (
                f"catch_up one tenant {n}×50 (2 composites)",
                *timeit(lambda: catch_up(values, previous, hib, w, method, 0), runs),
                "",
            )
        )
        draws_runs = runs if n == 200 else max(3, runs // 2)
        rows.append(
            (
                f"rank_bands 1000 draws {n}×50",
                *timeit(lambda: rank_bands(values, hib, w, method, draws=1000, seed=1), draws_runs),
                "< 1 s" if n == 200 else "",
            )
        )

    width = max(len(r[0]) for r in rows)
    for label, med, best, goal in rows:
        print(f"{label:<{width}}  {med:9.2f} ({best:8.2f})  {goal}")


if __name__ == "__main__":
    main()
