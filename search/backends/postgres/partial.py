"""Partial matches on PostgreSQL (``search.backends.ranking``): when a query's full
matches are few, the materials matching at least ``Plan.minimum`` of its content groups
follow them, ranked by the rarity-weighted share of the query they cover.

One GIN condition decides a partial hit, as for full ones: the OR of every combination
of ``minimum`` content groups (``compile.at_least_tsquery``), with the viewer's markers
and the filters. The total and the facets are of that set. The order: the full matches
as ranked by the backend, then candidates scored here — the newest hits of the
combinations of the rarest groups first, each scored by the groups its vector and its
title match — then every other partial hit newest first.
"""
from __future__ import annotations

import json
from dataclasses import replace
from itertools import combinations

from search.backends.postgres.compile import PgQuery, at_least_tsquery, group_tsquery, substring_tsquery
from search.backends.postgres.markers import _excluded_ids, _where
from search.backends.postgres.walk import _DATE_ORDER
from search.backends.ranking import PROXIMITY_BONUS, TITLE_BONUS, Plan, idf

#: candidates scored one by one (each reads its vector), and combination lookups at most
CANDIDATES = 60
COMBINATION_LOOKUPS = 6


def proximity_tsquery(plan: Plan) -> str:
    """A tsquery matching where the words of a typed term stand together ('' if none)."""
    parts = [f for f in (substring_tsquery(t) for t in plan.proximity) if f for f in [f[1]]]
    return " | ".join(dict.fromkeys(parts))


def _estimate(cursor, where: str, params: list) -> float:
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT FROM search_entry e WHERE {where}", params)
    got = cursor.fetchone()[0]
    got = json.loads(got) if isinstance(got, str) else got
    return float(got[0]["Plan"]["Plan Rows"])


def search_partial(backend, cursor, *, plan: Plan, q: PgQuery, whole: bool, viewer, filters,
                   with_facets: bool, n_rows: float, full: list[tuple[int, float]], offset: int,
                   page_size: int, facet_buckets, cap: int):
    """(total, facets, page of (id, score)) of the full and partial matches together."""
    groups = [plan.groups[i] for i in plan.content]
    fulls = [group_tsquery(g, whole)[1] for g in groups]
    pq = PgQuery(full=f"({at_least_tsquery(fulls, plan.minimum)})", excluded=q.excluded,
                 excluded_exact=q.excluded_exact)
    excluded_ids = _excluded_ids(cursor, pq, viewer, filters) if pq.excluded and not pq.excluded_exact else None
    where, params = _where(pq, excluded_ids, viewer, filters)
    if with_facets:
        total, raw = backend._facets(cursor, where, params)
        facets = facet_buckets(raw, filters)
    else:
        cursor.execute(f"SELECT count(*) FROM (SELECT FROM search_entry e WHERE {where} LIMIT %s) s",
                       params + [cap])
        total, facets = cursor.fetchone()[0], {}
    full_ids = [d for d, _ in full]
    total = max(total, len(full_ids))
    if offset >= total:
        return total, facets, []
    n = max(n_rows, 1.0)
    weights = [idf(int(_estimate(cursor, "e.vector @@ %s::tsquery", [f])), int(n)) for f in fulls]
    # candidates: the newest hits of the combinations carrying the most weight
    combos = sorted(combinations(range(len(fulls)), plan.minimum),
                    key=lambda c: -sum(weights[i] for i in c))[:COMBINATION_LOOKUPS]
    pool: list[int] = []
    seen = set(full_ids)
    for combo in combos:
        cq = replace(pq, full="(" + " & ".join(fulls[i] for i in combo) + ")")
        cwhere, cparams = _where(cq, excluded_ids, viewer, filters)
        cursor.execute(f"SELECT e.doc_id FROM search_entry e WHERE {cwhere} AND NOT (e.doc_id = ANY(%s)) "
                       f"ORDER BY {_DATE_ORDER} LIMIT %s", cparams + [list(seen), CANDIDATES - len(pool)])
        for (doc_id,) in cursor.fetchall():
            seen.add(doc_id)
            pool.append(doc_id)
        if len(pool) >= CANDIDATES:
            break
    ranked: list[tuple[int, float]] = []
    if pool:
        prox = proximity_tsquery(plan)
        top = max(weights)
        terms, score_params = [], []
        for f, w in zip(fulls, weights):
            terms.append("%s * (e.vector @@ %s::tsquery)::int + %s * (e.title_vector @@ %s::tsquery)::int")
            score_params += [w, f, TITLE_BONUS * w, f]
        if prox:
            terms.append("%s * (e.vector @@ %s::tsquery)::int")
            score_params += [PROXIMITY_BONUS * top, prox]
        cursor.execute(f"SELECT e.doc_id, {' + '.join(terms)} AS r FROM search_entry e "
                       f"WHERE e.doc_id = ANY(%s) ORDER BY r DESC, {_DATE_ORDER}",
                       score_params + [pool])
        ranked = [(d, float(r)) for d, r in cursor.fetchall()]
    ordered = list(full) + ranked
    need = offset + page_size
    if len(ordered) < need and len(ordered) < total:
        cursor.execute(f"SELECT e.doc_id, 0 FROM search_entry e WHERE {where} AND NOT (e.doc_id = ANY(%s)) "
                       f"ORDER BY {_DATE_ORDER} LIMIT %s",
                       params + [[d for d, _ in ordered], need - len(ordered)])
        ordered += cursor.fetchall()
    return total, facets, ordered[offset:need]
