"""Relevance of the shared search on the judged set: nDCG@5 and MRR, overall and per kind.

Usage:
  .venv/bin/python benchmarks/relevance.py [--backend postgres] [--database NAME] [-v]
  .venv/bin/python benchmarks/relevance.py --baseline bm25 [-v]    # no database needed
  .venv/bin/python benchmarks/relevance.py --check                 # corpus and judgments only

Corpus (all indexed as platform-shared, so ranking alone is judged; each material as
written outside the platform by its organisation, so ``-巴中`` leaves out 巴中's own
materials as the search does on a site):
- the demo materials (shared/materials/demo_texts.py);
- the speeches of seed 001 whose text survives (split by shared.materials.splitting), and
  seeds 000 (split at its attachments), 002 and 003 (search/relevance/seeds.py); each seed
  is skipped with a note if ../shared/seeds is absent;
- the project's own exchange materials (search/relevance/corpus/), with their own
  organisation, province, level and year.
Judgments: search/relevance/judged.py (kinds: literal, question, synonym, exclusion, multi).

Figures: nDCG@5 (gains 2^g - 1, ideal from the judged grades), MRR (first hit graded >= 2),
and "missed": judged pairs of grade >= 2 not among the first 50 results.
``-v`` lists every query with its figures and the relevant materials it missed.

``--baseline bm25`` ranks the same corpus with a Lucene-style BM25 written here in Python
(what Elasticsearch ranks by by default): title and body as one field, analysed into the
words of search.segmentation (jieba search mode for the documents, precise mode for the
query), OR semantics, k1 = 1.2, b = 0.75, idf = ln(1 + (N - n + 0.5) / (n + 0.5)); a
`-word` part removes the documents whose text contains it (not its author's other
materials: what Elasticsearch does by default). It needs no database.

The search run uses its own throw-away database (benchmarks/_django.py).
"""
from __future__ import annotations

import argparse
import datetime
import math
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "platform"))

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TOP = 50  # results fetched per query (the search's largest page)


@dataclass(frozen=True)
class Material:
    id: int
    title: str
    body: str
    author: str
    organisation: str
    province: str
    level: str
    year: int
    themes: tuple[str, ...]


def materials() -> tuple[list[Material], list[str]]:
    """Every material of the corpus, and notes on what was skipped or found."""
    from search.relevance import corpus, seeds
    from shared.materials.demo_texts import MATERIALS

    out: list[Material] = []
    notes: list[str] = []
    zhejiang = {"jinhua", "yiwu"}
    levels = {"sichuan": "province", "ziliujing": "county", "shunqing": "county", "wusheng": "county",
              "anyue": "county", "yanjiang": "county", "shehong": "county", "yiwu": "county"}
    for i, (slug, title, author, themes, _vis, paragraphs) in enumerate(MATERIALS, start=1):
        out.append(Material(i, title, "\n".join(paragraphs), author, slug,
                            "浙江" if slug in zhejiang else "四川", levels.get(slug, "city"), 2025,
                            tuple(themes)))
    notes.append(f"demo: {len(MATERIALS)}")
    seed = next(iter(sorted(SEEDS.glob("001_*.txt"))), None) if SEEDS.exists() else None
    if seed:
        from shared.materials.splitting import split_compilation

        draft = split_compilation([line.strip() for line in seed.read_text(encoding="utf-8").splitlines()
                                   if line.strip()])
        for j, m in enumerate(draft.materials, start=1001):
            out.append(Material(j, m.title, m.body, "", m.organisation, "四川", "city", 2022, ()))
        notes.append(f"seed 001: {len(draft.materials)} speeches")
    else:
        notes.append("seed 001 not found")
    found = seeds.load(SEEDS)
    for j, m in enumerate(found, start=2001):
        out.append(Material(j, m.title, m.body, "", m.organisation, "浙江" if "金华" in m.organisation else "四川",
                            "city", m.year, ()))
    notes.append(f"seeds 000/002/003: {len(found)} materials" if found else "seeds 000/002/003 not found")
    own = corpus.load()
    for j, m in enumerate(own, start=3001):
        out.append(Material(j, m.title, m.body, m.author, m.organisation, m.province, m.level, m.year,
                            m.themes))
    notes.append(f"own corpus: {len(own)}")
    return out, notes


def organisation_name(m: Material) -> str:
    """Who wrote it, by name: a demo material's committee (its slug) by its full name."""
    from demo.network import ORGANISATIONS

    return {o.slug: o.name for o in ORGANISATIONS}.get(m.organisation, m.organisation)


def documents(mats: list[Material]):
    """The corpus as documents written outside the platform (no committee of this
    database wrote them), so ``-乐山`` leaves out 乐山's own materials as on a real site."""
    from search.contract import IndexedDocument

    org_ids: dict[str, int] = {}
    province_ids: dict[str, int] = {}
    docs = []
    for m in mats:
        org = org_ids.setdefault(m.organisation, 100 + len(org_ids))
        prov = province_ids.setdefault(m.province, 10 + len(province_ids))
        day = datetime.date(m.year, 1 + m.id % 12, 1 + m.id % 28)
        name = organisation_name(m)
        docs.append(IndexedDocument(
            id=m.id, title=m.title, body=m.body, author=m.author, organisation_id=org,
            organisation_name=name, level=m.level, province_id=prov, year=m.year,
            published_on=day, themes=m.themes, occasion="", visibility="platform", outside=name,
        ))
    return docs


def register_authors(docs) -> None:
    """A source naming the corpus's authors, as the materials app names its outside ones
    (``search.authors``: ``-乐山`` finds every author whose name contains 乐山)."""
    from search.sources import Source, source_register

    names = sorted({d.outside for d in docs if d.outside})
    source_register(Source(kind="relevance-corpus", label="relevance corpus", plural="materials",
                           documents=lambda ids: [], ids_all=lambda: [],
                           outside_names=lambda text: [n for n in names if text and text in n]))


# --- figures --------------------------------------------------------------------------

def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def judge(ranked: list[str], judged: dict[str, int]) -> tuple[float, float, list[str]]:
    """(nDCG@5, reciprocal rank, relevant titles missed) of one ranking."""
    grades = [judged.get(t, 0) for t in ranked]
    ideal = dcg(sorted(judged.values(), reverse=True)[:5])
    ndcg = dcg(grades[:5]) / ideal if ideal else 0.0
    rr = next((1 / (i + 1) for i, g in enumerate(grades) if g >= 2), 0.0)
    shown = set(ranked)
    missed = [t for t, g in judged.items() if g >= 2 and t not in shown]
    return ndcg, rr, missed


def report(rank, queries, verbose: bool) -> None:
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    missed_pairs = relevant_pairs = empty = 0
    for j in queries:
        ranked = rank(j.query)
        ndcg, rr, missed = judge(ranked, j.grades)
        by_kind[j.kind].append((ndcg, rr))
        relevant_pairs += sum(1 for g in j.grades.values() if g >= 2)
        missed_pairs += len(missed)
        empty += not ranked
        if verbose or ndcg < 0.5:
            print(f"  [{j.kind:<9}] {j.query:<22} nDCG@5 {ndcg:.3f} RR {rr:.2f} hits {len(ranked):>2}  "
                  f"top: {' | '.join(ranked[:3])}")
            if verbose and missed:
                print(f"      missed: {' | '.join(missed)}")
    every = [x for rows in by_kind.values() for x in rows]
    print(f"{'kind':<10} {'queries':>7} {'nDCG@5':>7} {'MRR':>6}")
    for kind in [*sorted(by_kind, key=lambda k: -len(by_kind[k])), "overall"]:
        rows = every if kind == "overall" else by_kind[kind]
        print(f"{kind:<10} {len(rows):>7} {sum(n for n, _ in rows) / len(rows):>7.3f} "
              f"{sum(r for _, r in rows) / len(rows):>6.3f}")
    print(f"relevant pairs (grade >= 2) not in the first {TOP}: {missed_pairs} of {relevant_pairs} "
          f"({missed_pairs / max(relevant_pairs, 1):.0%}); queries with no hit: {empty}")


# --- the BM25 baseline ------------------------------------------------------------------

class BM25:
    def __init__(self, mats: list[Material], k1: float = 1.2, b: float = 0.75):
        from search.segmentation import tokens_for_index

        self.k1, self.b = k1, b
        self.mats = mats
        self.texts = [f"{m.title}\n{m.body}" for m in mats]
        self.tf = [Counter(tokens_for_index(t)) for t in self.texts]
        self.length = [sum(c.values()) for c in self.tf]
        self.avg = sum(self.length) / len(self.length)
        self.df = Counter(w for c in self.tf for w in c)

    def idf(self, word: str) -> float:
        n = self.df.get(word, 0)
        return math.log(1 + (len(self.mats) - n + 0.5) / (n + 0.5))

    def rank(self, query: str) -> list[str]:
        from search.segmentation import tokens_for_query

        parts = query.replace('"', " ").split()
        negatives = [p[1:] for p in parts if p.startswith("-") and len(p) > 1]
        words = [w for p in parts if not p.startswith("-") for w in tokens_for_query(p)]
        scores = []
        for i, tf in enumerate(self.tf):
            if any(n in self.texts[i] for n in negatives):
                continue
            norm = self.k1 * (1 - self.b + self.b * self.length[i] / self.avg)
            score = sum(self.idf(w) * tf[w] * (self.k1 + 1) / (tf[w] + norm) for w in words if tf[w])
            if score > 0:
                scores.append((-score, i))
        return [self.mats[i].title for _, i in sorted(scores)[:TOP]]


def check(mats: list[Material], queries) -> int:
    """Print what the judgments name that the corpus lacks; the number of such titles."""
    titles = Counter(m.title for m in mats)
    doubles = [t for t, n in titles.items() if n > 1]
    missing = sorted({t for j in queries for t in j.grades if t not in titles})
    if doubles:
        print(f"WARNING titles used twice: {doubles}")
    if missing:
        print(f"WARNING judged titles not in the corpus ({len(missing)}): {missing}")
    return len(missing) + len(doubles)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="postgres", choices=["postgres", "elasticsearch"])
    ap.add_argument("--baseline", choices=["bm25"], help="rank with a baseline instead of the search")
    ap.add_argument("--check", action="store_true", help="check the corpus and the judgments, then stop")
    ap.add_argument("--database", default="cppcc_bench_relevance",
                    help="name of the throw-away database (dropped and made again)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    from search.relevance.judged import QUERIES

    if args.baseline or args.check:
        mats, notes = materials()
        print(f"corpus: {len(mats)} materials ({'; '.join(notes)}); {len(QUERIES)} judged queries")
        problems = check(mats, QUERIES)
        if args.check:
            sys.exit(1 if problems else 0)
        print(f"ranking: BM25 baseline (k1 1.2, b 0.75, OR, jieba words)")
        report(BM25(mats).rank, QUERIES, args.verbose)
        return

    import _django

    if os.environ.get("CPPCC_PGDATA") and not os.environ.get("DATABASE_URL"):
        _django.BENCH_PGDATA = Path(os.environ["CPPCC_PGDATA"]).parent / "bench-relevance-pgdata"
    _django.BENCH_DATABASE = args.database
    _django.setup()

    from search.backends import get_backend
    from search.selectors import search

    backend = get_backend(args.backend)
    backend.clear()
    mats, notes = materials()
    docs = documents(mats)
    backend.upsert(docs)
    register_authors(docs)
    title_of = {m.id: m.title for m in mats}
    print(f"corpus: {len(mats)} materials ({'; '.join(notes)}); {len(QUERIES)} judged queries; "
          f"backend {backend.name}")
    check(mats, QUERIES)

    def rank(q: str) -> list[str]:
        return [title_of[h.id] for h in search(q, backend=backend, page_size=TOP, with_facets=False).hits]

    report(rank, QUERIES, args.verbose)


if __name__ == "__main__":
    main()
