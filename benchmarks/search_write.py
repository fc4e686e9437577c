"""Where the ingest time of the PostgreSQL search backend goes: Python, then PostgreSQL alone.

Usage: .venv/bin/python benchmarks/search_write.py [--docs 100000] [--sample 2000] [--workers 2]

``benchmarks/search.py`` times ingest end to end (segmentation and writes together). This
script separates the two halves on the same synthetic corpus (benchmarks/_search_corpus.py):

1. **Python**: ``PostgresBackend.prepare`` (segmentation, tokens, tsvector literals) of
   ``--sample`` materials in one process, in ms per material (best of 3).
2. **PostgreSQL alone**: the prepared rows written ``--docs`` times over (new ids, the sample
   cycled) through ``PostgresBackend.write`` by ``--workers`` processes, in batches of 250,
   then ``settle`` (GIN's pending lists merged), twice: with the bulk settings a write of 50+
   materials gets, and with the server's defaults. No Python segmentation at all, so this is
   the most the backend's index could take in on this machine.

Runs in its own throw-away database (benchmarks/_django.py), on the cluster of search.py.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _search_corpus import cpu_check, make_documents  # noqa: E402

BATCH = 250
_rows: tuple[list, list] = ([], [])  # the prepared sample, inherited by the forked workers


def _write_worker(args) -> None:
    first_id, count, bulk = args
    from django.db import connection

    from search.backends.postgres import backend as postgres

    connection.close()  # never the parent's connection
    if not bulk:
        postgres.BULK_ROWS = 10 ** 9  # every write with the server's settings
    entry_rows, text_rows = _rows
    n = len(entry_rows)
    for start in range(first_id, first_id + count, BATCH):
        size = min(BATCH, first_id + count - start)
        picks = [(start + k) % n for k in range(size)]
        entries = [("material", "public", start + k + 1, *entry_rows[j][3:]) for k, j in enumerate(picks)]
        texts = [(*text_rows[j][:5], "material", "public", start + k + 1) for k, j in enumerate(picks)]
        postgres.PostgresBackend.write(entries, texts)
    connection.close()


def main() -> None:
    global _rows
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20241127)
    ap.add_argument("--without-gin", action="store_true",
                    help="also write with the body's GIN index dropped: what GIN costs")
    args = ap.parse_args()

    import _django

    _django.use_search_cluster("cppcc_bench_search_write")
    info = _django.setup()
    from django.db import connection

    from search.backends.postgres import PostgresBackend
    from search.segmentation import get_segmenter
    from tenancy.models import Organisation

    print(f"database: {info['where']}, PostgreSQL {_django.server_version()}")
    print(f"cpu check: a 5,000,000-step Python loop took {cpu_check():.2f} s")
    orgs = [(o.pk, o.name, o.level, o.province_id) for o in Organisation.objects.all()]
    docs = make_documents(0, args.sample, orgs, args.seed)
    print(f"sample: {len(docs)} materials, average {sum(len(d.body) for d in docs) / len(docs):.0f} "
          f"characters; segmenter {get_segmenter().engine}")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        _rows = PostgresBackend.prepare(docs)
        best = min(best, time.perf_counter() - t0)
    prep_ms = best * 1000 / len(docs)
    print(f"python: prepare {prep_ms:.2f} ms per material in one process (best of 3)")

    per = -(-args.docs // args.workers)
    modes = [("bulk settings (a write of 50+ materials)", True, False), ("server defaults", False, False)]
    if args.without_gin:
        modes.append(("bulk settings, body's GIN index dropped", True, True))
    for label, bulk, drop in modes:
        PostgresBackend().clear()
        if drop:  # a throw-away database: nothing else reads it
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX search_entry_vector_gin")
        connection.close()
        jobs = [(w * per, min(per, args.docs - w * per), bulk) for w in range(args.workers)]
        t0 = time.perf_counter()
        with mp.get_context("fork").Pool(args.workers) as pool:
            pool.map(_write_worker, jobs)
        if drop:
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list('search_entry_title_gin')")
        else:
            PostgresBackend().settle()
        elapsed = time.perf_counter() - t0
        write_docs_s = args.docs / elapsed
        print(f"postgresql alone, {label}: {args.docs} materials in {elapsed:.1f} s = "
              f"{write_docs_s:.0f} docs/s with {args.workers} workers")
        # both halves on the same cores: the CPU time per material adds up
        ceiling = 1 / (1 / write_docs_s + prep_ms / 1000 / args.workers)
        print(f"  with the Python half on the same {args.workers} cores: at most {ceiling:.0f} docs/s")
    PostgresBackend().clear()
    print(f"cpu check: a 5,000,000-step Python loop took {cpu_check():.2f} s")


if __name__ == "__main__":
    main()
