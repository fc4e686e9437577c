"""Relevance of the shared search on the judged set: nDCG@5 and MRR.

Usage: .venv/bin/python benchmarks/relevance.py [--backend postgres] [-v]

Corpus: the demo materials (shared/materials/demo_texts.py) and the speeches of seed
001 whose text survives (split by shared.materials.splitting; skipped with a note if
../shared/seeds is absent), all indexed as platform-shared so ranking alone is judged.
Judgments: search/relevance/judged.py. Runs in its own throw-away database.
"""
from __future__ import annotations

import argparse
import datetime
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def corpus(org_id: int):
    from search.contract import IndexedDocument
    from shared.materials.demo_texts import MATERIALS

    docs = []
    for i, (slug, title, author, themes, _visibility, paragraphs) in enumerate(MATERIALS, start=1):
        docs.append(IndexedDocument(
            id=i, title=title, body="\n".join(paragraphs), author=author, organisation_id=org_id,
            organisation_name=slug, level="city", province_id=org_id, year=2025,
            published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i), themes=tuple(themes),
            occasion="", visibility="platform",
        ))
    seed = next(iter(sorted(SEEDS.glob("001_*.txt"))), None) if SEEDS.exists() else None
    seed_note = "seed 001 not found: demo materials only"
    if seed:
        from shared.materials.splitting import split_compilation

        draft = split_compilation([line.strip() for line in seed.read_text(encoding="utf-8").splitlines()
                                   if line.strip()])
        for j, m in enumerate(draft.materials, start=1001):
            docs.append(IndexedDocument(
                id=j, title=m.title, body=m.body, author="", organisation_id=org_id,
                organisation_name=m.organisation, level="city", province_id=org_id, year=2024,
                published_on=datetime.date(2024, 1, 1), themes=(), occasion="", visibility="platform",
            ))
        seed_note = f"seed 001: {len(draft.materials)} speeches"
    return docs, seed_note


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="postgres", choices=["postgres", "elasticsearch"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    import _django

    if os.environ.get("CPPCC_PGDATA") and not os.environ.get("DATABASE_URL"):
        _django.BENCH_PGDATA = Path(os.environ["CPPCC_PGDATA"]).parent / "bench-relevance-pgdata"
    _django.BENCH_DATABASE = "cppcc_bench_relevance"
    info = _django.setup()

    from search.backends import get_backend
    from search.relevance.judged import JUDGED
    from search.selectors import search

    backend = get_backend(args.backend)
    backend.clear()
    docs, seed_note = corpus(info["province"].pk)
    backend.upsert(docs)
    title_of = {d.id: d.title for d in docs}
    titles = set(title_of.values())
    missing = sorted({t for judged in JUDGED.values() for t in judged if t not in titles})
    print(f"corpus: {len(docs)} materials ({seed_note}); {len(JUDGED)} judged queries; backend {backend.name}")
    if missing:
        print(f"WARNING judged titles not in the corpus: {missing}")
    ndcgs, rrs = [], []
    for q, judged in JUDGED.items():
        ranked = [title_of[h.id] for h in search(q, backend=backend, page_size=10).hits]
        grades = [judged.get(t, 0) for t in ranked]
        ideal = dcg(sorted(judged.values(), reverse=True)[:5])
        ndcg = dcg(grades[:5]) / ideal if ideal else 0.0
        rr = next((1 / (i + 1) for i, g in enumerate(grades) if g >= 2), 0.0)
        ndcgs.append(ndcg)
        rrs.append(rr)
        if args.verbose or ndcg < 0.8:
            print(f"  {q:<16} nDCG@5 {ndcg:.3f} RR {rr:.2f}  top: {' | '.join(ranked[:3])}")
    print(f"nDCG@5 {sum(ndcgs) / len(ndcgs):.3f}   MRR {sum(rrs) / len(rrs):.3f}   "
          f"(over {len(JUDGED)} queries)")


if __name__ == "__main__":
    main()
