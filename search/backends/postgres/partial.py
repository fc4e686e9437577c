"""BM25 ordering and partial matches on PostgreSQL (``search.backends.ranking``).

``rescore``: the first hits of a query by ts_rank (which has no IDF and no length
normalisation) ordered again by BM25F over the query's groups (``_scored``): the IDF of
each group from the index's own document frequencies (``_weights``), term frequencies
counted in the indexed title and body, saturated and normalised by each field's length
against the index's averages (``corpus_stats``, cached per index version).

When a query's full matches are few, the materials matching at least ``Plan.minimum``
of its content groups, or one of their content component words (``Plan.backoff``),
join them. One GIN condition decides a partial hit, as for full
ones: the OR of every combination of ``minimum`` content groups
(``compile.at_least_tsquery``), with the viewer's markers and the filters. The total
and the facets are of that set. The order: the full matches and candidates scored
together — the newest hits of the combinations covering most of the query, then of the
rarest groups — each by BM25F times the rarity-weighted share of the query it covers;
then every other partial hit newest first.
"""
from __future__ import annotations

import json
from dataclasses import replace
from itertools import combinations

from search.backends.base import INDEX_BODY_CHARS
from search.backends.postgres.compile import PgQuery, at_least_tsquery, group_tsquery, substring_tsquery
from search.backends.postgres.markers import _excluded_ids, _where
from search.backends.postgres.walk import _DATE_ORDER
from search.backends.ranking import (
    B, K1, PROXIMITY_BONUS, SYNONYM_SHARE, TITLE_BONUS, Plan, Scored, compact, feedback, idf, reorders)
from search.segmentation import normalize

#: candidates scored one by one (each reads its vector), and combination lookups at most
CANDIDATES = 60
COMBINATION_LOOKUPS = 6
#: lookups of the texts having one component word (``ranking.Plan.backoff``) at most
BACKOFF_LOOKUPS = 3


def proximity_tsquery(plan: Plan) -> str:
    """A tsquery matching where the words of a typed term stand together ('' if none)."""
    parts = [f for f in (substring_tsquery(t) for t in plan.proximity) if f for f in [f[1]]]
    return " | ".join(dict.fromkeys(parts))


#: document frequencies are counted up to this (then estimated)
DF_CAP = 2000
#: the first hits of a full match by ts_rank scored again by ``rescore``
RESCORE_TOP = 50
#: an occurrence in the title counts as this many in the body (BM25F's field weight)
TITLE_TF = 3.0
#: the average length is sampled from about this many text rows beyond it
LENGTH_SAMPLE = 2000


def _occurrences(text: str, alternatives: tuple[str, ...]) -> tuple[int, int]:
    """(occurrences of the typed word, occurrences of its synonyms that are not inside
    one of the typed word's) in a compacted text."""
    typed, *others = alternatives
    n_typed = text.count(typed) if typed else 0
    n_others = 0
    for other in others:
        if other:
            n = text.count(other)
            n_others += max(0, n - n_typed) if other in typed else n
    return n_typed, n_others


def corpus_stats(cursor, n_rows: float, version) -> tuple[float, float, float]:
    """(documents, average title length, average body length) of the index, lengths in
    bytes (the unit of ``_scored``'s): counted over every text row of a small table (the
    planner's row estimate is 0 until the table is first analysed), over a fixed sample
    of a large one; cached per index version (every write changes it)."""
    from search.backends.postgres.backend import _cache, _cached  # the backend's cache guard

    key = f"search:corpus-stats:{version}" if version is not None else None
    got = _cached(key) if key else None
    if got is not None:
        return got
    sql = "SELECT count(*), avg(octet_length(t.title)), avg(octet_length(t.body)) FROM search_text t"
    row = None
    if n_rows > LENGTH_SAMPLE * 10:
        # pages, not rows: reads a share of the table; REPEATABLE: the same every time.
        # octet_length reads a TOASTed body's size from its pointer, without the body.
        cursor.execute(f"{sql} TABLESAMPLE SYSTEM ({100.0 * LENGTH_SAMPLE / n_rows:.4f}) REPEATABLE (0)")
        row = cursor.fetchone()
        row = (n_rows, *row[1:]) if row[0] else None
    if row is None:
        cursor.execute(sql)
        row = cursor.fetchone()
    got = (max(float(row[0] or 0), 1.0), max(float(row[1] or 0), 1.0), max(float(row[2] or 0), 1.0))
    if key:
        _cache(key, got)
    return got


def _scored(cursor, ids: list[int], groups, weights: list[float], proximity: tuple[str, ...],
            stats: tuple[float, float, float],
            backoff: tuple[tuple[int, float, str], ...] = (), plan: Plan | None = None) -> list[tuple[int, float]]:
    """``ids`` ordered by BM25F over the query's groups: for each group its IDF times a
    saturating (K1) frequency, the sum of its literal occurrences in the indexed title
    (each TITLE_TF) and body, each field's normalised by its length against the
    field's average (``stats``, B). A synonym's occurrences count SYNONYM_SHARE of the
    typed word's: the score is that share of the saturated frequency of all
    alternatives plus the rest of the typed word's alone. Each text of ``proximity``
    (the words of a typed term standing together) scores as one more term,
    PROXIMITY_BONUS times the sum of its words' IDFs (Lucene's phrase weight). A group
    found in the title adds TITLE_BONUS times its IDF once more: an exchange material's
    title says what it is about, and a long report that mentions every word of a
    question in passing has them in its body only. The sum is times the share of the
    query's IDF the text covers. Each of ``backoff``
    (index of its group, weight, word: ``ranking.Plan.backoff``) scores as one more term
    of its own weight where the text has it but not its group, and covers that weight
    of its group (up to the group's): the ordering of texts having every group is
    unchanged. Given the ``plan``, the first hits' other words then reorder the first
    of them (``ranking.feedback``). Which rows match was
    decided by the GIN condition: this only orders them, reading their texts
    (RESCORE_TOP rows at most)."""
    if not ids:
        return []
    cursor.execute(
        # by the text table's key (a join to search_entry could scan its vectors)
        "SELECT t.doc_id, (SELECT e.published_on FROM search_entry e WHERE e.doc_id = t.doc_id), "
        "t.title, left(t.body, %s), octet_length(t.title), octet_length(t.body), t.keywords "
        "FROM search_text t WHERE t.doc_id = ANY(%s)",
        [INDEX_BODY_CHARS, list(ids)])
    terms = [(w, tuple(compact(normalize(a)) for a in g.alternatives)) for w, g in zip(weights, groups)]
    for text in proximity:
        near = compact(normalize(text))
        inside = sum(w for w, alts in terms[:len(groups)] if alts[0] and alts[0] in near)
        if near and inside:
            terms.append((PROXIMITY_BONUS * inside, (near,)))
    extra = [(i, w, compact(normalize(word))) for i, w, word in backoff]
    _, average_title, average_body = stats

    def saturated(tf: float) -> float:
        return tf * (K1 + 1) / (tf + K1)

    scored = []
    texts: dict[int, tuple[str, tuple[str, ...]]] = {}
    for doc_id, published_on, title, body, title_length, body_length, keywords in cursor.fetchall():
        title, body = compact(title), compact(body)
        title_norm = TITLE_TF / (1 - B + B * (title_length or 0) / average_title)
        body_norm = 1 / (1 - B + B * (body_length or 0) / average_body)
        score = 0.0
        covered = [0.0] * len(groups)
        for i, (w, alts) in enumerate(terms):
            title_typed, title_others = _occurrences(title, alts)
            body_typed, body_others = _occurrences(body, alts)
            typed = title_norm * title_typed + body_norm * body_typed
            every = typed + title_norm * title_others + body_norm * body_others
            score += w * ((1 - SYNONYM_SHARE) * saturated(typed) + SYNONYM_SHARE * saturated(every))
            if i < len(groups) and every:
                covered[i] = w
                if title_typed or title_others:  # the title says it: what the text is about
                    score += TITLE_BONUS * w
        having = [bool(c) for c in covered]
        for i, w, word in extra:
            tf = title_norm * title.count(word) + body_norm * body.count(word) if word else 0
            if tf and not having[i]:  # a back-off: only where its group itself is absent
                score += w * saturated(tf)
                covered[i] = min(weights[i], covered[i] + w)
        score *= sum(covered) / sum(weights)  # the rarity-weighted share of the query it covers
        scored.append((doc_id, published_on, score))
        if plan is not None:
            texts[doc_id] = (title + body, tuple(keywords.split()))
    # as _DATE_ORDER breaks ties: newest first, undated last, then the higher id
    scored.sort(key=lambda r: (-r[2], r[1] is None, -(r[1].toordinal() if r[1] else 0), -r[0]))
    if plan is None:
        return [(d, score) for d, _, score in scored]
    # the first hits' other telling words reorder the first of the rest (ranking.feedback)
    return [(h.id, h.score) for h in feedback([Scored(d, score, *texts[d]) for d, _, score in scored], plan)]


def _weights(cursor, fulls: list[str], n_rows: float, version=None) -> list[float]:
    """Each group's IDF from its document frequency: counted up to DF_CAP by GIN alone
    (the group's tokens without their order, a superset no row is read for), the
    planner's estimate beyond (frequent tokens are in its statistics). Each group's
    frequency is cached per index version (every write changes it), so a word another
    query has just counted costs nothing; ``version`` None: counted every time."""
    from search.backends.postgres.backend import _cache, _cached, _version_key  # the cache guard

    n = max(n_rows, 1.0)
    terms = [f.replace("<->", "&") for f in fulls]
    keys = [_version_key("df", version, t) if version is not None else None for t in terms]
    dfs: list[int | None] = [_cached(k) if k else None for k in keys]
    missing = [i for i, df in enumerate(dfs) if df is None]
    if missing:
        cursor.execute("SELECT " + ", ".join(
            "(SELECT count(*) FROM (SELECT FROM search_entry e WHERE e.vector @@ %s::tsquery LIMIT %s) s)"
            for _ in missing), [x for i in missing for x in (terms[i], DF_CAP)])
        for i, df in zip(missing, cursor.fetchone()):
            if df >= DF_CAP:
                df = max(df, int(_estimate(cursor, "e.vector @@ %s::tsquery", [terms[i]])))
            dfs[i] = df
            if keys[i]:
                _cache(keys[i], df)
    n = max(n, max(dfs))
    return [idf(df, int(n)) for df in dfs]


def rescore(cursor, ranked: list[tuple[int, float]], plan: Plan, whole: bool,
            n_rows: float, version, fed_back: bool = True) -> list[tuple[int, float]]:
    """Full matches (``ranked``, by ts_rank) ordered by ``_scored`` over every group, and
    then by the first hits' other words (``ranking.feedback``) unless not ``fed_back``."""
    if not reorders(plan) or len(ranked) < 2:
        return ranked
    fulls = [group_tsquery(g, whole)[1] for g in plan.groups]
    stats = corpus_stats(cursor, n_rows, version)
    return _scored(cursor, [d for d, _ in ranked], plan.groups, _weights(cursor, fulls, stats[0], version),
                   plan.proximity, stats, plan=plan if fed_back else None)


def _estimate(cursor, where: str, params: list) -> float:
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT FROM search_entry e WHERE {where}", params)
    got = cursor.fetchone()[0]
    got = json.loads(got) if isinstance(got, str) else got
    return float(got[0]["Plan"]["Plan Rows"])


def _combinations(weights: list[float], minimum: int) -> list[tuple[int, ...]]:
    """The group combinations whose newest hits are the candidates, COMBINATION_LOOKUPS
    at most: the heaviest of each size from all groups but one down (the hits covering
    most of the query), then the heaviest of ``minimum`` groups (the rarest words)."""
    n = len(weights)

    def heaviest(size: int) -> list[tuple[int, ...]]:
        return sorted(combinations(range(n), size), key=lambda c: -sum(weights[i] for i in c))

    out = [heaviest(size)[0] for size in range(n - 1, minimum, -1)][:COMBINATION_LOOKUPS // 2]
    out += [c for c in heaviest(minimum) if c not in out]
    return out[:COMBINATION_LOOKUPS]


def search_partial(backend, cursor, *, plan: Plan, q: PgQuery, whole: bool, viewer, filters,
                   with_facets: bool, n_rows: float, version, full: list[tuple[int, float]], offset: int,
                   page_size: int, facet_buckets, cap: int):
    """(total, facets, page of (id, score)) of the full and partial matches together."""
    groups = [plan.groups[i] for i in plan.content]
    fulls = [group_tsquery(g, whole)[1] for g in groups]
    # the component words that make a partial hit, each with the index of its group here
    index = {g: n for n, g in enumerate(plan.content)}
    backs = plan.content_backoff
    back_fulls = [substring_tsquery(b.word, whole)[1] for b in backs]
    either = [f"({at_least_tsquery(fulls, plan.minimum)})"] if fulls else []
    pq = PgQuery(full="(" + " | ".join(either + back_fulls) + ")", excluded=q.excluded,
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
    stats = corpus_stats(cursor, n_rows, version)
    weights = _weights(cursor, fulls + back_fulls, stats[0], version)
    weights, back_idf = weights[:len(fulls)], weights[len(fulls):]
    backoff = tuple((index[b.group], b.share * w, b.word) for b, w in zip(backs, back_idf))
    lookups = ["(" + " & ".join(fulls[i] for i in combo) + ")" for combo in _combinations(weights, plan.minimum)]
    # then the texts having a component word alone, the rarest first
    lookups += [back_fulls[n] for n in sorted(range(len(backs)), key=lambda n: -back_idf[n])][:BACKOFF_LOOKUPS]
    pool: list[int] = []
    seen = set(full_ids)
    for lookup in lookups:
        cq = replace(pq, full=lookup)
        cwhere, cparams = _where(cq, excluded_ids, viewer, filters)
        cursor.execute(f"SELECT e.doc_id FROM search_entry e WHERE {cwhere} AND NOT (e.doc_id = ANY(%s)) "
                       f"ORDER BY {_DATE_ORDER} LIMIT %s", cparams + [list(seen), CANDIDATES - len(pool)])
        for (doc_id,) in cursor.fetchall():
            seen.add(doc_id)
            pool.append(doc_id)
        if len(pool) >= CANDIDATES:
            break
    # full and partial matches in one order: a full match covers the whole query, so
    # only a partial one much better on what it has goes before it
    ordered = _scored(cursor, full_ids + pool, groups, weights, plan.proximity, stats, backoff, plan=plan)
    need = offset + page_size
    if len(ordered) < need and len(ordered) < total:
        cursor.execute(f"SELECT e.doc_id, 0 FROM search_entry e WHERE {where} AND NOT (e.doc_id = ANY(%s)) "
                       f"ORDER BY {_DATE_ORDER} LIMIT %s",
                       params + [[d for d, _ in ordered], need - len(ordered)])
        ordered += cursor.fetchall()
    return total, facets, ordered[offset:need]
