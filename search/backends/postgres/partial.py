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


#: a synonym's share of the typed word's weight
SYNONYM_SHARE = 0.6
#: document frequencies are counted up to this (then estimated)
DF_CAP = 2000
#: the first hits of a full match by ts_rank scored again by ``rescore``
RESCORE_TOP = 100
#: ts_rank's weights {D, C, B, A} (body, -, -, title) for a group's term frequency
TF_WEIGHTS = [0.2, 0.1, 0.2, 0.5]


def _scored(cursor, ids: list[int], fulls: list[str], weights: list[float], prox: str,
            typed: list[str | None] | None = None) -> list[tuple[int, float]]:
    """``ids`` ordered by the groups they have: for each group its IDF, once for having it
    and once more times its term frequency (ts_rank, saturating, a title occurrence
    weighing more), TITLE_BONUS of it when the title has it, plus PROXIMITY_BONUS of the
    highest IDF where a term's words stand together. ``typed``: per group, the tsquery of
    the word as typed when the group has synonyms: the typed word counts in full, a
    synonym for SYNONYM_SHARE of it. One ts_rank per group and row (each reads the row's
    vector), two with synonyms: for RESCORE_TOP rows at most."""
    if not ids:
        return []
    typed = typed or [None] * len(fulls)
    columns, params = [], []
    for f, t in zip(fulls, typed):
        columns.append("ts_rank(%s::real[], e.vector, %s::tsquery, 0), (e.title_vector @@ %s::tsquery), "
                       + ("ts_rank(%s::real[], e.vector, %s::tsquery, 0)" if t else "NULL::real"))
        params += [TF_WEIGHTS, f, f] + ([TF_WEIGHTS, t] if t else [])
    columns.append("e.vector @@ %s::tsquery" if prox else "false")
    params += [prox] if prox else []
    cursor.execute(f"SELECT e.doc_id, e.published_on, {', '.join(columns)} FROM search_entry e "
                   f"WHERE e.doc_id = ANY(%s)", params + [list(ids)])
    top = max(weights)
    scored = []
    for row in cursor.fetchall():
        doc_id, published_on, *cells = row
        score = PROXIMITY_BONUS * top if cells[-1] else 0.0
        for i, w in enumerate(weights):
            tf, in_title, tf_typed = cells[3 * i:3 * i + 3]
            # tf > 0: the vector has the group's tokens (for a phrase, near enough for an
            # order: which rows match was decided by the GIN condition)
            if tf_typed is None:
                have = float(tf > 0)
            else:  # a synonym only: a share of the typed word's weight
                have = 1.0 if tf_typed > 0 else SYNONYM_SHARE * (tf > 0)
                tf = tf_typed + SYNONYM_SHARE * max(0.0, tf - tf_typed)
            score += w * (have + tf + TITLE_BONUS * bool(in_title))
        scored.append((doc_id, published_on, score))
    # as _DATE_ORDER breaks ties: newest first, undated last, then the higher id
    scored.sort(key=lambda r: (-r[2], r[1] is None, -(r[1].toordinal() if r[1] else 0), -r[0]))
    return [(d, score) for d, _, score in scored]


def _typed(groups, whole: bool) -> list[str | None]:
    """Per group, the tsquery of its word as typed if it has synonyms (else None)."""
    return [group_tsquery(replace(g, alternatives=g.alternatives[:1]), whole)[1]
            if len(g.alternatives) > 1 else None for g in groups]


def _weights(cursor, fulls: list[str], n_rows: float) -> list[float]:
    """Each group's IDF from its document frequency: counted up to DF_CAP by GIN alone
    (the group's tokens without their order, a superset no row is read for), the
    planner's estimate beyond (frequent tokens are in its statistics)."""
    n = max(n_rows, 1.0)
    cursor.execute("SELECT " + ", ".join(
        "(SELECT count(*) FROM (SELECT FROM search_entry e WHERE e.vector @@ %s::tsquery LIMIT %s) s)"
        for _ in fulls), [x for f in fulls for x in (f.replace("<->", "&"), DF_CAP)])
    dfs = list(cursor.fetchone())
    for i, (f, df) in enumerate(zip(fulls, dfs)):
        if df >= DF_CAP:
            dfs[i] = max(df, int(_estimate(cursor, "e.vector @@ %s::tsquery", [f.replace("<->", "&")])))
    n = max(n, max(dfs))
    return [idf(df, int(n)) for df in dfs]


def rescore(cursor, ranked: list[tuple[int, float]], plan: Plan, whole: bool,
            n_rows: float) -> list[tuple[int, float]]:
    """Full matches (``ranked``, by ts_rank) ordered by ``_scored`` over every group
    (a query of one group keeps its order)."""
    if not needs_rescore(plan) or len(ranked) < 2:
        return ranked
    fulls = [group_tsquery(g, whole)[1] for g in plan.groups]
    return _scored(cursor, [d for d, _ in ranked], fulls, _weights(cursor, fulls, n_rows),
                   proximity_tsquery(plan), _typed(plan.groups, whole))


def needs_rescore(plan: Plan) -> bool:
    """Two groups or more (their rarity differs), or synonyms (the typed word first)."""
    return len(plan.groups) > 1 or any(len(g.alternatives) > 1 for g in plan.groups)


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
    weights = _weights(cursor, fulls, n_rows)
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
    ranked = _scored(cursor, pool, fulls, weights, proximity_tsquery(plan), _typed(groups, whole))
    ordered = list(full) + ranked
    need = offset + page_size
    if len(ordered) < need and len(ordered) < total:
        cursor.execute(f"SELECT e.doc_id, 0 FROM search_entry e WHERE {where} AND NOT (e.doc_id = ANY(%s)) "
                       f"ORDER BY {_DATE_ORDER} LIMIT %s",
                       params + [[d for d, _ in ordered], need - len(ordered)])
        ordered += cursor.fetchall()
    return total, facets, ordered[offset:need]
