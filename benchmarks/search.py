"""Shared search on PostgreSQL: ingest throughput, query latency, naive icontains, concurrency.

Usage: .venv/bin/python benchmarks/search.py [--docs 100000] [--tenants 200] [--rounds 20]
                                             [--workers 2] [--naive-rounds 1] [--clients 4]

Runs in its own throw-away database (benchmarks/_django.py). Generates realistic
Chinese materials (1,000–6,000 characters; 政协 and 协商 in nearly every one; topic
vocabularies; domain terms of search/dictionary.txt), ingests them through
``PostgresBackend.upsert`` (segmentation in ``--workers`` processes), then times a
fixed query mix through ``search.selectors.search`` with highlights only and with
exact facets, the same mix as a naive ``icontains`` search (Django ORM on title/body,
visibility applied, newest first) and 4 concurrent clients.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _search_corpus import cpu_check, make_documents  # noqa: E402


def _ingest_worker(args):
    start, count, orgs, seed, batch = args
    import django
    from django.db import connection

    if not django.apps.apps.ready:
        django.setup()
    connection.close()
    from search.backends.postgres import PostgresBackend

    backend = PostgresBackend()
    gen = 0.0
    for s in range(start, start + count, batch):
        t0 = time.perf_counter()
        docs = make_documents(s, min(batch, start + count - s), orgs, seed)
        gen += time.perf_counter() - t0
        backend.upsert(docs)
    connection.close()
    return gen


MIX = [
    ("single word", "金点子", {}),
    ("single word", "养老服务", {}),
    ("single word", "河长制", {}),
    ("in nearly every doc", "政协", {}),
    ("in nearly every doc", "协商", {}),
    ("two-word AND", "乡村振兴 人才", {}),
    ("two-word AND", "老旧小区 电梯", {}),
    ("quoted phrase", '"有事来协商"', {}),
    ("quoted phrase", '"家庭医生"', {}),
    ("exclusion", "乡村振兴 -养老服务", {}),
    ("filters", "教育", {"year": [2021], "level": ["city"]}),
    ("filters", "协商", {"theme": ["提案"], "year": [2020, 2021]}),
    # issue 14: questions as people type them (function words dropped; few full matches
    # bring partial ones) and words the texts say otherwise (the thesaurus)
    ("question", "怎么推进乡村振兴人才返乡", {}),
    ("question", "老旧小区怎样加装电梯", {}),
    ("question", "有哪些养老院护理床位不足的问题", {}),
    ("question", "如何解决民营企业融资难", {}),
    ("synonym", "信息化", {}),
    ("synonym", "农业农村", {}),
    ("synonym", "看病就医 家庭医生", {}),
]


def _seen_by(viewer, fn):
    """``fn()`` with ``viewer`` as the active committee (the search reads connection.tenant)."""
    from django.db import connection

    connection.set_tenant(viewer)
    try:
        return fn()
    finally:
        connection.set_schema_to_public()


def run_mix(viewers, rounds, with_facets, rng):
    from search.selectors import search

    times: dict[str, list[float]] = {}
    all_times: list[float] = []
    totals = {}
    for _ in range(rounds):
        for kind, q, filters in MIX:
            viewer = rng.choice(viewers)
            t0 = time.perf_counter()
            r = _seen_by(viewer, lambda: search(q, filters=filters, with_facets=with_facets, page_size=10))
            _ = [h.snippet_html for h in r.hits]
            dt = (time.perf_counter() - t0) * 1000
            times.setdefault(kind, []).append(dt)
            all_times.append(dt)
            totals[q] = f"{r.total}" + (f" ({r.full_total} full, then partial)" if r.partial else "")
    return times, all_times, totals


def naive_search(q, viewer, filters):
    """What a first version would do: icontains on title and body, newest first."""
    from django.db.models import Q

    from search.models import Entry, Text
    from search.query import parse_query

    parsed = parse_query(q)
    texts = Text.objects.all()
    for c in parsed.clauses:
        cond = Q(title__icontains=c.text) | Q(body__icontains=c.text)
        texts = texts.exclude(cond) if c.negated else texts.filter(cond)
    vis = Q(visibility="platform") | Q(visibility="province", province_id=viewer.province_id) | \
        Q(visibility="draft", organisation_id=viewer.pk)
    entries = Entry.objects.filter(vis, doc_id__in=texts.values("doc_id"))
    if filters.get("year"):
        entries = entries.filter(year__in=filters["year"])
    if filters.get("level"):
        entries = entries.filter(level__in=filters["level"])
    if filters.get("theme"):
        entries = entries.filter(themes__overlap=filters["theme"])
    total = entries.count()
    page = list(entries.order_by("-published_on", "-doc_id").values_list("doc_id", flat=True)[:10])
    return total, page


def pct(values, q):
    from _django import percentile

    return percentile(values, q)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--tenants", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--naive-rounds", type=int, default=1)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--concurrent-seconds", type=float, default=15)
    ap.add_argument("--seed", type=int, default=20241127)
    ap.add_argument("--reuse", action="store_true",
                    help="keep the corpus of an earlier run with as many materials (measure queries again)")
    args = ap.parse_args()

    import _django

    _django.use_search_cluster("cppcc_bench_search")
    _django.REUSE = args.reuse
    info = _django.setup()
    from django.db import connection

    print(f"database: {info['where']}, PostgreSQL {_django.server_version()}")
    print(f"cpu check: a 5,000,000-step Python loop took {cpu_check():.2f} s")
    t0 = time.perf_counter()
    _django.grow_to(args.tenants, info["province"])
    from tenancy.models import Organisation

    orgs_qs = list(Organisation.objects.exclude(schema_name="public"))
    orgs = [(o.pk, o.name, o.level, o.province_id) for o in orgs_qs]
    print(f"tenants: {len(orgs)} committees made in {time.perf_counter() - t0:.1f} s")

    from search.segmentation import get_segmenter

    print(f"segmenter: {get_segmenter().engine}")
    # ingest
    per = -(-args.docs // args.workers)
    jobs = [(w * per, min(per, args.docs - w * per), orgs, args.seed, 250) for w in range(args.workers)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_entry")
        reused = args.reuse and cursor.fetchone()[0] == args.docs
    connection.close()
    if not reused:
        from search.backends.postgres import PostgresBackend

        PostgresBackend().clear()  # as ``reindex`` does: an empty index, this segmenter's fingerprint
        connection.close()  # never inherited by the forked workers (closing it there ends it here)
    t0 = time.perf_counter()
    if reused:
        gen = [0.0]
    elif args.workers == 1:
        gen = [_ingest_worker(jobs[0])]
    else:
        with mp.get_context("fork").Pool(args.workers) as pool:
            gen = pool.map(_ingest_worker, jobs)
    if not reused:
        from search.backends.postgres import PostgresBackend

        t1 = time.perf_counter()
        PostgresBackend().settle()  # the index work still pending is part of the ingest
        print(f"ingest: merging GIN's pending lists at the end took {time.perf_counter() - t1:.1f} s")
    ingest = time.perf_counter() - t0
    gen_s = sum(gen) / len(gen)
    with connection.cursor() as cursor:
        if not reused:
            cursor.execute("VACUUM ANALYZE search_entry")
            cursor.execute("VACUUM ANALYZE search_text")
        cursor.execute("SELECT count(*), avg(length(body)) FROM search_text")
        n, avg_len = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_entry')), "
                       "pg_size_pretty(pg_total_relation_size('search_text'))")
        entry_size, text_size = cursor.fetchone()
    print(f"corpus: {n} materials, average {avg_len:.0f} characters, {len(orgs)} tenants")
    if reused:
        print("ingest: not measured (--reuse kept the corpus of an earlier run)")
    else:
        print(f"ingest: {n / ingest:.0f} docs/s with {args.workers} workers ({ingest:.1f} s, of which "
              f"text generation ~{gen_s:.1f} s per worker; excluding generation "
              f"{n / max(ingest - gen_s, 1e-9):.0f} docs/s)")
    print(f"index size: search_entry {entry_size} (narrow, tsvectors), search_text {text_size}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_entry'), pg_total_relation_size('search_text')")
        entry_bytes, text_bytes = cursor.fetchone()
    print(f"index size per material: {entry_bytes / n / 1024:.1f} KB search_entry (vectors and GIN), "
          f"{text_bytes / n / 1024:.1f} KB search_text, for {avg_len:.0f} characters")

    rng = random.Random(args.seed)
    viewers = orgs_qs
    run_mix(viewers, 1, True, rng)  # warm caches
    print(f"\ncpu check: a 5,000,000-step Python loop took {cpu_check():.2f} s")
    print(f"query mix ({len(MIX)} queries × {args.rounds} rounds, random viewer, page of 10)")
    summary = {}
    for label, facets in (("highlights", False), ("highlights + exact facets", True)):
        times, all_times, totals = run_mix(viewers, args.rounds, facets, rng)
        summary[label] = all_times
        print(f"  {label}: p50 {pct(all_times, .5):.1f} ms, p95 {pct(all_times, .95):.1f} ms, "
              f"max {max(all_times):.1f} ms")
        for kind, ts in times.items():
            print(f"    {kind:<22} p50 {pct(ts, .5):7.1f} ms  p95 {pct(ts, .95):7.1f} ms")
    print("  hits per query: " + ", ".join(f"{q} {t}" for q, t in totals.items()))

    naive_times = []
    for _ in range(args.naive_rounds if args.naive_rounds else 0):
        for kind, q, filters in MIX:
            t0 = time.perf_counter()
            naive_search(q, rng.choice(viewers), filters)
            naive_times.append((time.perf_counter() - t0) * 1000)
    fast = summary["highlights + exact facets"]
    if naive_times:
        print(f"\nnaive icontains ({len(naive_times)} queries): p50 {pct(naive_times, .5):.0f} ms, "
              f"p95 {pct(naive_times, .95):.0f} ms → full text with facets is "
              f"{pct(naive_times, .5) / pct(fast, .5):.0f}× faster at p50")

    # concurrency: each thread has its own connection (Django connections are per thread)
    stop = time.perf_counter() + args.concurrent_seconds
    counts = [0] * args.clients
    lat: list[float] = []
    lock = threading.Lock()

    def client(n):
        from django.db import connection as conn

        from search.selectors import search

        r = random.Random(n)
        while time.perf_counter() < stop:
            kind, q, filters = r.choice(MIX)
            t = time.perf_counter()
            _seen_by(r.choice(viewers), lambda: search(q, filters=filters, with_facets=True))
            with lock:
                lat.append((time.perf_counter() - t) * 1000)
            counts[n] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    print(f"\n{args.clients} concurrent clients (threads, own connections, facets on), "
          f"{elapsed:.0f} s: {sum(counts) / elapsed:.1f} queries/s, p50 {pct(lat, .5):.1f} ms, "
          f"p95 {pct(lat, .95):.1f} ms")
    print(f"cpu check: a 5,000,000-step Python loop took {cpu_check():.2f} s")


if __name__ == "__main__":
    main()
