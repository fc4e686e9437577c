"""The PostgreSQL backend: writes of ``search_entry`` / ``search_text`` and searches.

How a query runs (figures in benchmarks/README.md):

1. ONE tsquery condition decides a hit: the words (``exact OR (full AND NOT exact)``,
   so materials having a long word are found without reading their positions; the
   rest, ``full AND NOT exact``, found once per search), the viewer's visibility and
   the filters as markers, and an exclusion without a phrase. Nothing is tested on the
   table's rows, and a plain count reads none of them.
2. Facets and the total in one pass over the hits (``GROUPING SETS``). When the words
   match most of the viewer's scope (政协), the facets are the scope's, cached per index
   version, minus those of the few materials that do not match. Without facets the
   count stops at a cap (``total_exact``).
3. Order: newest first year by year (``_Walk``: the same condition plus one ``~d``
   marker, so a page reads a year's hits, not all), or by walking the date index when
   the hits are dense; by relevance with ``ts_rank`` over every hit up to
   ``EXACT_RANK_LIMIT`` hits, else over candidates (the newest hits whose *title*
   matches, plus the newest hits) by the rank of the small, inline title vector.
4. Snippets only for the page shown, from ``search_text`` with ``search.query.highlight``.

The tuning constants below are read at call time (tests patch them on this module).
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import Counter
from dataclasses import replace

from django.core.cache import caches
from django.db import connection, transaction

from search.backends.base import (
    BULK_ROWS,
    INDEX_BODY_CHARS,
    INDEX_TITLE_CHARS,
    Backend,
    ViewerScope,
    keywords,
    snippet_html,
    title_html,
)
from search.backends.postgres.compile import PgQuery, pg_query
from search.backends.postgres.facets import facet_buckets, facets_run
from search.backends.postgres.markers import (
    _any,
    _excluded_ids,
    _m,
    _filter_tsquery,
    _filters_tsquery,
    _scope_parts,
    _visibility_tsquery,
    _where,
    markers,
)
from search.backends.postgres.tokens import TsvectorTooLarge, _index_streams, _whole_words, tsvector_text
from search.backends.postgres.partial import (
    RESCORE_TOP, proximity_tsquery, rescore, search_partial)
from search.backends.postgres.walk import _DATE_ORDER, _Walk, _table_rows
from search.backends.ranking import plan, reorders
from search.contract import DocumentKey, IndexedDocument
from search.query import Query, _lexeme
from search.results import FACET_NAMES, Filters, Hit, SearchResult
from search.segmentation import get_segmenter, normalize

logger = logging.getLogger(__name__)
_cache_down = False


def _cache_failed() -> None:
    global _cache_down
    if not _cache_down:  # once per outage
        _cache_down = True
        logger.warning("search: the facet cache is unreachable; facets are counted without it", exc_info=True)


def _shared_cache():
    """The cache of what the shared index gives every committee alike (the scope's facets,
    the index's statistics): ``global``, whose keys are the same on every host. The
    default cache's keys carry the tenant's schema, so there each committee counted the
    platform's facets for itself."""
    return caches["global"]


def _version_key(kind: str, version, text: str = "") -> str:
    """A key of the shared cache for ``text`` under the index ``version`` (every write
    replaces it, so nothing cached outlives the index it was counted on)."""
    return f"search:{kind}:" + hashlib.blake2b(f"{version}|{text}".encode(), digest_size=16).hexdigest()


def _cached(key: str):
    """The value cached under `key` (keys carry the index version), None when missing or
    when the cache is down."""
    global _cache_down
    try:
        got = _shared_cache().get(key)
    except Exception:
        _cache_failed()
        return None
    _cache_down = False
    return got


def _cache(key: str, value) -> None:
    try:
        _shared_cache().set(key, value, SCOPE_FACETS_SECONDS)
    except Exception:
        _cache_failed()

EXACT_RANK_LIMIT = 500
CANDIDATES = 200
#: Without facets the total is exact up to this (or DENSE_FRACTION of the table), like
#: Elasticsearch's track_total_hits; the page says "more than".
TOTAL_CAP = 10_000
#: Hits in at least this share of the table are "dense": pages come from a walk of the
#: date index (a few hundred rows tested) instead of a bitmap of every hit.
DENSE_FRACTION = 0.3
DF_CAP = 2000

#: At least this share of the viewer's scope matching: facets are the scope's (cached per
#: index version) minus those of the few materials that do not match. Not from half: the
#: complement pays a count to decide, and the facets of a rest as large as the hits cost
#: what theirs do (农业农村, 52 % of 100,000: 66 ms either way, plus the count's 13 ms).
COMPLEMENT_FRACTION = 0.7
#: ... tried only when the planner estimates at least this share of that many hits of the
#: whole table (its estimate of an OR of words runs high: 66,000 for 52,000 hits; a scope
#: smaller than the table is then counted directly).
COMPLEMENT_ESTIMATE = 1.0
SCOPE_FACETS_SECONDS = 3600
#: Every write replaces it, last in its transaction (the row lock is held only until
#: commit); random, so the version of a write rolled back never returns with other data.
_BUMP_VERSION = "UPDATE search_state SET version = gen_random_uuid()"
#: ... and keeps the dictionary fingerprint only if the write used the same one; into an
#: index empty before the write (second %s) with no fingerprint yet, sets the writer's.
#: Two first writers with different dictionaries: the second finds the first's, so ''.
_BUMP_AFTER_WRITE = ("UPDATE search_state SET version = gen_random_uuid(), "
                     "dictionary = CASE WHEN dictionary = %s THEN dictionary "
                     "WHEN %s AND dictionary = '' THEN %s ELSE '' END")

#: For a bulk write (``BULK_ROWS``): GIN's pending list and the memory to merge it.
_BULK_SETTINGS = ("SELECT set_config('work_mem', '64MB', true), "
                  "set_config('gin_pending_list_limit', '16MB', true)")  # true: this transaction

#: ts_rank weights {D, C, B, A}: body positions carry no weight letter (D), title ones A.
RANK_WEIGHTS = [0.4, 0.2, 0.4, 1.0]
#: The rank of a hit where the words of a typed term stand together is this much higher.
PROXIMITY_FACTOR = 0.5
#: From this many hits, newest-first hits are read year by year (``_Walk``); below it
#: the bitmap of every hit and a top-N sort cost little.
WALK_FROM = 2000
#: From this many hits (or dense ones), the newest *title* matches are read year by year too.
TITLE_WALK_FROM = 50_000


#: A tsvector's estimated bytes at most (``tokens.MAX_TSVECTOR_BYTES`` is refused; the
#: estimate is from above, with room for the markers).
TSVECTOR_BUDGET = 1_000_000


def _vectors(title: str, body: str, marks: list[str]) -> tuple[str, str, Counter]:
    """(title vector, vector, word counts) of a normalised title and a body. A body whose
    distinct tokens would make the vector too large (a text of distinct words: a new
    bigram at nearly every character) is indexed from a shorter beginning, cut in
    proportion to the excess, so every token of what is indexed is in the vector."""
    title_units, title_long, title_words = _index_streams(title)
    title_whole = _whole_words(title, title_long)
    title_vector = tsvector_text([title_units, title_long], marks=marks + title_whole)
    body = normalize(body)
    while True:
        body_units, body_long, body_words = _index_streams(body)
        body_whole = _whole_words(body, set(title_long) | set(body_long) | set(title_whole))
        try:
            vector = tsvector_text([title_units, title_long], [body_units, body_long],
                                   marks=marks + title_whole + body_whole, budget=TSVECTOR_BUDGET)
        except TsvectorTooLarge as too:
            if not body:
                raise
            logger.info("search: indexing a text of %s characters from its first %s only (%s)",
                        len(body), int(len(body) * too.budget / too.size * 0.9), too)
            body = body[:int(len(body) * too.budget / too.size * 0.9)]
            continue
        counts = Counter(body_words)
        for word in title_words:
            counts[word] += 3
        return title_vector, vector, counts


#: rows whose key is one of the keys given as three arrays (``_keys_params``)
_KEYS_SQL = ("(kind, schema_name, object_id) IN "
             "(SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::int[]))")


def _keys_params(keys: list[DocumentKey]) -> list[list]:
    return [[k.kind for k in keys], [k.schema for k in keys], [int(k.id) for k in keys]]


class PostgresBackend(Backend):
    name = "postgres"

    # -- writes ----------------------------------------------------------------------
    def upsert(self, documents: list[IndexedDocument]) -> None:
        # new documents take their surrogate doc_id in the order of their source's ids, so
        # newest-first listings break a tie of dates by creation, whatever order a loader
        # returned them in
        self.write(*self.prepare(sorted(documents, key=lambda d: (d.kind, d.schema, d.id))))

    @staticmethod
    def prepare(documents: list[IndexedDocument]) -> tuple[list, list]:
        """The rows to write (segmentation, the CPU part; no database). What is indexed
        is bounded (``base.INDEX_TITLE_CHARS``, ``INDEX_BODY_CHARS``, and a beginning of
        the body short enough for the tsvector: ``_vectors``); the text row keeps the
        whole title and body."""
        entry_rows, text_rows = [], []
        for d in documents:
            marks = markers(d)
            title = normalize(d.title[:INDEX_TITLE_CHARS])
            title_vector, vector, counts = _vectors(title, d.body[:INDEX_BODY_CHARS], marks)
            entry_rows.append((
                d.kind, d.schema, d.id, d.organisation_id, d.level, d.province_id, d.year, d.published_on,
                list(d.themes), d.occasion or "", d.visibility, title_vector, vector,
            ))
            text_rows.append((
                d.title, d.body, d.author or "", d.organisation_name or "",
                " ".join(keywords(counts)), d.kind, d.schema, d.id,
            ))
        return entry_rows, text_rows

    @staticmethod
    def write(entry_rows: list, text_rows: list) -> None:
        """Rows of ``prepare``: an entry by its document's key (kind, schema, object id), its
        surrogate ``doc_id`` given by the table; the text row under that ``doc_id``."""
        if not entry_rows:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if len(entry_rows) >= BULK_ROWS:
                # GIN adds new entries to a pending list and merges it into the index
                # when it outgrows the limit: a bigger list merged with more memory costs
                # less per material (benchmarks/README.md). Queries read the pending
                # list, so only bulk writes get it, and ``settle`` merges it at their end.
                cursor.execute(_BULK_SETTINGS)
            # is the index empty before this write? (no lock: see _BUMP_AFTER_WRITE)
            cursor.execute("SELECT NOT EXISTS (SELECT FROM search_entry)")
            was_empty = cursor.fetchone()[0]
            cursor.executemany(
                """
                INSERT INTO search_entry (kind, schema_name, object_id, organisation_id, level,
                    province_id, year, published_on, themes, occasion, visibility, title_vector, vector)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)
                ON CONFLICT (kind, schema_name, object_id) DO UPDATE SET
                    organisation_id = EXCLUDED.organisation_id, level = EXCLUDED.level,
                    province_id = EXCLUDED.province_id, year = EXCLUDED.year,
                    published_on = EXCLUDED.published_on, themes = EXCLUDED.themes,
                    occasion = EXCLUDED.occasion, visibility = EXCLUDED.visibility,
                    title_vector = EXCLUDED.title_vector, vector = EXCLUDED.vector
                """,
                entry_rows,
            )
            cursor.executemany(
                """
                INSERT INTO search_text (doc_id, title, body, author, organisation_name, keywords)
                SELECT e.doc_id, %s, %s, %s, %s, %s FROM search_entry e
                WHERE e.kind = %s AND e.schema_name = %s AND e.object_id = %s
                ON CONFLICT (doc_id) DO UPDATE SET
                    title = EXCLUDED.title, body = EXCLUDED.body, author = EXCLUDED.author,
                    organisation_name = EXCLUDED.organisation_name, keywords = EXCLUDED.keywords
                """,
                text_rows,
            )
            fingerprint = get_segmenter().fingerprint
            cursor.execute(_BUMP_AFTER_WRITE, [fingerprint, was_empty, fingerprint])

    def settle(self) -> None:
        """After bulk writes: merge GIN's pending lists, which every query would read."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('search_entry_vector_gin'), "
                           "gin_clean_pending_list('search_entry_title_gin')")

    def delete(self, keys: list[DocumentKey]) -> None:
        if not keys:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT doc_id FROM search_entry WHERE {_KEYS_SQL}", _keys_params(keys))
            doc_ids = [r[0] for r in cursor.fetchall()]
            cursor.execute("DELETE FROM search_entry WHERE doc_id = ANY(%s)", [doc_ids])
            cursor.execute("DELETE FROM search_text WHERE doc_id = ANY(%s)", [doc_ids])
            cursor.execute(_BUMP_VERSION)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_entry, search_text")
            # empty: every row to come is written with this fingerprint, until another writes
            cursor.execute("UPDATE search_state SET version = gen_random_uuid(), dictionary = %s",
                           [get_segmenter().fingerprint])

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_entry")
            return cursor.fetchone()[0]

    # -- reads -----------------------------------------------------------------------
    def search(self, query: Query, *, viewer: ViewerScope, filters: Filters, sort: str,
               page: int, page_size: int, with_facets: bool = True) -> SearchResult:
        offset = (page - 1) * page_size
        with transaction.atomic(), connection.cursor() as cursor:
            # A word in nearly every material makes the planner pick a sequential scan,
            # which reads every tsvector; the GIN bitmap answers it without reading any.
            # work_mem lets the facets' GROUPING SETS hash instead of sorting.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "
                           "SET LOCAL work_mem = '32MB'")
            n_rows = _table_rows(cursor)
            cursor.execute("SELECT version, dictionary FROM search_state")
            # no state row (a partial restore): no whole words trusted, no facets cached
            version, dictionary = cursor.fetchone() or (None, "")
            whole = dictionary == get_segmenter().fingerprint
            ranked = plan(query)
            q = pg_query(query, whole=whole)
            title_q = replace(q, exact=None)  # title vectors are inline: rechecking them is cheap
            if q.split:
                # the hits without the long word: found once (GIN rechecks a few), so the
                # count, facets and pages below each run the exact tsquery alone
                q = replace(q, rest_ids=self._rest_ids(cursor, q, viewer, filters))
            excluded_ids = _excluded_ids(cursor, q, viewer, filters) if q.excluded and not q.excluded_exact else None
            where, params = _where(q, excluded_ids, viewer, filters)

            def where_for(extra: str = "", title: bool = False) -> tuple[str, list]:
                """The WHERE with ``extra`` markers ANDed; without the rest ids (the
                caller adds those), or for the title vectors."""
                if title:
                    return _where(title_q, excluded_ids, viewer, filters, "e.title_vector", extra)
                return _where(replace(q, rest_ids=()), excluded_ids, viewer, filters, extra=extra)
            dense_from = max(TOTAL_CAP, int(DENSE_FRACTION * n_rows))
            total_exact = True
            complement = self._complement(cursor, q, viewer, filters, n_rows, version) if with_facets else None
            if complement is not None:
                total, facets = complement
            elif with_facets:
                total, raw = self._facets(cursor, where, params)
                facets = facet_buckets(raw, filters)
            else:
                # Exact up to the cap, as Elasticsearch's track_total_hits: counting
                # 95,000 hits of 政协 would take time, and nobody pages that far. Every
                # condition is in the GIN tsquery, so the count reads no row of the table
                # (PostgreSQL skips the rows of all-visible pages).
                # (``SELECT FROM``: an empty target list, without which it fetches rows)
                cursor.execute(f"SELECT count(*) FROM (SELECT FROM search_entry e WHERE {where} "
                               f"LIMIT %s) s", params + [dense_from + 1])
                total, facets = cursor.fetchone()[0], {}
                if total > dense_from:
                    total, total_exact = dense_from, False
            dense = not q.full or (total >= dense_from and total >= DENSE_FRACTION * n_rows)
            ids: list[tuple[int, float]] = []
            walk = _Walk(cursor, where_for, q.rest_ids or (), excluded_ids, filters.year)
            # an exclusion inside the tsquery, on a title vector, tests the title only
            body_exclusion = q.excluded if q.excluded and q.excluded_exact else ""
            prox = proximity_tsquery(ranked) if sort == "relevance" else ""
            full_total, partial = total, False

            def partial_of(plan_, full):
                """(total, facets, page) of ``full`` and the partial matches of ``plan_``."""
                return search_partial(
                    self, cursor, plan=plan_, q=q, whole=whole, viewer=viewer, filters=filters,
                    with_facets=with_facets, n_rows=n_rows, version=version, full=full, offset=offset,
                    page_size=page_size, facet_buckets=facet_buckets, cap=dense_from)

            if sort == "relevance" and total_exact and ranked.wants_partial(total):
                # few full matches: those matching part of the query follow them
                full = self._page(cursor, (where, params), walk, q.full, total, dense, sort, 0,
                                  total, body_exclusion, prox) if total else []
                # fed back once (ranking.feedback): by search_partial, or below if it adds none
                full = rescore(cursor, full, ranked, whole, n_rows, version, fed_back=False)
                all_total, all_facets, all_ids = partial_of(ranked, full)
                if all_total > total:
                    total, facets, ids, partial = all_total, all_facets, all_ids, True
                else:
                    ids = rescore(cursor, full, ranked, whole, n_rows, version)[offset:offset + page_size]
            elif total and offset < total and sort == "relevance" and offset < RESCORE_TOP \
                    and reorders(ranked):
                # the first hits by ts_rank, ordered again by the rarity of the words they have
                top = rescore(cursor, self._page(cursor, (where, params), walk, q.full, total, dense, sort,
                                                 0, RESCORE_TOP, body_exclusion, prox), ranked, whole, n_rows, version)
                ids = top[offset:offset + page_size]
                if offset + page_size > len(top) and len(top) == RESCORE_TOP:
                    ids += self._page(cursor, (where, params), walk, q.full, total, dense, sort, RESCORE_TOP,
                                      offset + page_size - RESCORE_TOP, body_exclusion, prox)
            elif total and offset < total:
                ids = self._page(cursor, (where, params), walk, q.full, total, dense, sort, offset,
                                 page_size, body_exclusion, prox)
            wider = ranked.widened() if total == 0 and sort == "relevance" and total_exact else None
            if wider:
                # no material has its content words: those having its others, as partial matches
                total, facets, ids = partial_of(wider, [])
                partial = total > 0
            hits = self._hits(cursor, ids, query)
        return SearchResult(query=str(query), hits=hits, total=total, facets=facets,
                            page=page, page_size=page_size, sort=sort, total_exact=total_exact,
                            partial=partial, full_total=full_total)

    @staticmethod
    def _rest_ids(cursor, q: PgQuery, viewer: ViewerScope, filters: Filters) -> tuple[int, ...]:
        """The hits ``exact`` misses (``full AND NOT exact`` and the viewer's markers): the
        cheap superset ``q.candidates`` by GIN, then those few tested row by row."""
        cursor.execute("SELECT e.doc_id FROM search_entry e WHERE e.vector @@ %s::tsquery",
                       [q.candidates])
        found = [r[0] for r in cursor.fetchall()]
        if not found:
            return ()
        cursor.execute("SELECT e.doc_id FROM search_entry e WHERE e.doc_id = ANY(%s) "
                       "AND e.vector @@ %s::tsquery",
                       [found, q.rest_tsquery(_filter_tsquery(viewer, filters, positive=False))])
        return tuple(r[0] for r in cursor.fetchall())

    def _complement(self, cursor, q: PgQuery, viewer: ViewerScope, filters: Filters, n_rows: float,
                    version):
        """(total, facets) of a query matching most of the viewer's scope (政协), counted
        as the scope's facets minus those of the materials NOT matching, which are few and
        found by GIN (``scope & !words``) without reading the matching ones. The scope's
        shared parts are cached per index version; None when this does not apply (then
        the hits are counted directly). ``version``: the index's, read by the search (None:
        no state row, so count directly, never cache)."""
        if not q.full or q.exact is None or q.excluded or version is None:
            return None
        where, params = _where(q, None, viewer, filters)
        # The planner's estimate first (no row, no bitmap): a word in a quarter of the
        # materials would otherwise pay a count here for nothing (benchmarks/README.md).
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT FROM search_entry e WHERE {where}", params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        if plan[0]["Plan"]["Plan Rows"] < COMPLEMENT_FRACTION * COMPLEMENT_ESTIMATE * n_rows:
            return None
        cursor.execute(f"SELECT count(*) FROM search_entry e WHERE {where}", params)
        hits = cursor.fetchone()[0]
        only = _filters_tsquery(filters)
        scope_total, scope = 0, {name: {} for name in FACET_NAMES}
        for part, shared in _scope_parts(viewer):
            tsq = f"{part} & {only}" if only else part
            key = _version_key("scope-facets", version, tsq)
            got = _cached(key) if shared else None
            if got is None:
                got = self._facets(cursor, "e.vector @@ %s::tsquery", [tsq])
                if shared:
                    _cache(key, got)
            scope_total += got[0]
            for name, values in got[1].items():
                for value, n in values.items():
                    scope[name][value] = scope[name].get(value, 0) + n
        if hits < COMPLEMENT_FRACTION * scope_total:
            return None
        also = _filter_tsquery(viewer, filters)
        rest_where, rest_params = "e.vector @@ %s::tsquery", [f"{also} & !({q.exact})"]
        if q.split:
            # materials without the long word that still match its phrase: hits too
            rest_where += " AND e.doc_id NOT IN (SELECT unnest(%s::int[]))"
            rest_params.append(list(q.rest_ids or ()))
        rest_total, rest = self._facets(cursor, rest_where, rest_params)
        cursor.execute("SELECT version FROM search_state")
        if cursor.fetchone() != (version,) or scope_total - rest_total != hits:
            return None  # the index changed meanwhile: count directly
        for name, values in rest.items():
            for value, n in values.items():
                scope[name][value] = scope[name].get(value, 0) - n
        return hits, facet_buckets(scope, filters)

    def _facets(self, cursor, where: str, params: list):
        """(total, facet → value → count) in ONE pass."""
        return facets_run(cursor, where, params)


    @staticmethod
    def _by_date(cursor, where: tuple[str, list], dense: bool, limit: int, offset: int = 0,
                 not_ids: list[int] | None = None, walk: _Walk | None = None,
                 total: int = 0) -> list[tuple[int, float]]:
        """Hits newest first. Dense (the words are in a large part of the table): walk the
        date index and test each row, as ~``limit / fraction`` rows give a page. Many hits:
        year by year (``_Walk``). Else the GIN bitmap plus a top-N sort of the narrow rows
        (``+ 0`` keeps the planner off the date index, whose walk would read the tsvector
        of every row it passes)."""
        if walk is not None and not dense and total >= WALK_FROM:
            need = offset + limit
            ids = walk.newest(need, not_ids or ())
            if len(ids) >= min(need, total - len(not_ids or ())):
                return [(m, 0) for m in ids[offset:need]]
            # fewer than there are: rows written before the date markers (reindex pending)
        sql, params = where
        if not_ids:
            sql += " AND NOT (e.doc_id = ANY(%s))"
            params = params + [not_ids]
        order = "e.published_on DESC NULLS LAST, e.doc_id DESC"
        if not dense:
            order = _DATE_ORDER
        else:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"SELECT e.doc_id, 0 FROM search_entry e WHERE {sql} "
                       f"ORDER BY {order} LIMIT %s OFFSET %s", params + [limit, offset])
        rows = cursor.fetchall()
        if dense:
            cursor.execute("SET LOCAL enable_bitmapscan = on")
        return rows

    def _page(self, cursor, where: tuple[str, list], walk: _Walk, tsq: str,
              total: int, dense: bool, sort: str, offset: int, size: int,
              body_exclusion: str = "", proximity: str = "") -> list[tuple[int, float]]:
        """The page's (id, score). ``body_exclusion``: a tsquery the title candidates'
        bodies must not match (the title vectors cannot say). ``proximity``: a tsquery
        whose match (the words of a term together) raises the rank by PROXIMITY_FACTOR."""
        if sort == "date" or not tsq:
            return self._by_date(cursor, where, dense, size, offset, walk=walk, total=total)
        sql, params = where
        if total <= EXACT_RANK_LIMIT:
            bonus, bonus_params = "", []
            if proximity:
                bonus, bonus_params = " * (1 + %s * (e.vector @@ %s::tsquery)::int)", [PROXIMITY_FACTOR, proximity]
            cursor.execute(
                f"SELECT e.doc_id, ts_rank(%s::real[], e.vector, %s::tsquery, 1){bonus} AS r "
                f"FROM search_entry e WHERE {sql} ORDER BY r DESC, {_DATE_ORDER} LIMIT %s OFFSET %s",
                [RANK_WEIGHTS, tsq] + bonus_params + params + [size, offset],
            )
            return cursor.fetchall()
        # Candidates: the newest hits whose title matches (title_vector @@ q implies
        # vector @@ q: the body vector holds the title's tokens at the same positions, and
        # GIN on the title vector alone never builds the bitmap of every hit) plus the
        # newest hits; ordered by ts_rank of the small, inline title vector.
        candidates = walk.newest(CANDIDATES, title=True) if dense or total >= TITLE_WALK_FROM else []
        if len(candidates) < CANDIDATES:
            tsql, tparams = walk.where_for(title=True)
            cursor.execute(f"SELECT e.doc_id FROM search_entry e WHERE {tsql} "
                           f"ORDER BY {_DATE_ORDER} LIMIT %s", tparams + [CANDIDATES])
            candidates = [r[0] for r in cursor.fetchall()]
        if body_exclusion and candidates:
            cursor.execute("SELECT e.doc_id FROM search_entry e WHERE e.doc_id = ANY(%s) "
                           "AND NOT e.vector @@ %s::tsquery", [candidates, body_exclusion])
            candidates = [r[0] for r in cursor.fetchall()]
        candidates += [m for m, _ in self._by_date(cursor, where, dense, CANDIDATES, walk=walk, total=total)]
        cursor.execute(
            f"SELECT e.doc_id, ts_rank(%s::real[], e.title_vector, %s::tsquery, 1) AS r "
            f"FROM search_entry e WHERE e.doc_id = ANY(%s) "
            f"ORDER BY r DESC, e.published_on DESC NULLS LAST, e.doc_id DESC",
            [RANK_WEIGHTS, tsq, list(set(candidates))],
        )
        ranked = cursor.fetchall()
        if offset + size <= len(ranked):
            return ranked[offset:offset + size]
        page = ranked[offset:]
        return page + self._by_date(cursor, where, dense, size - len(page), max(0, offset - len(ranked)),
                                    not_ids=[m for m, _ in ranked], walk=walk, total=total)

    def _hits(self, cursor, ids: list[tuple[int, float]], query: Query) -> list[Hit]:
        if not ids:
            return []
        cursor.execute(
            """
            SELECT e.doc_id, t.title, left(t.body, %s), t.author, t.organisation_name, e.organisation_id,
                   e.level, e.year, e.published_on, e.themes, e.occasion, e.visibility,
                   e.kind, e.schema_name, e.object_id
            FROM search_entry e JOIN search_text t USING (doc_id)
            WHERE e.doc_id = ANY(%s)
            """,
            # snippets come from the indexed part: a long body is not read whole per hit
            [INDEX_BODY_CHARS, [m for m, _ in ids]],
        )
        rows = {r[0]: r for r in cursor.fetchall()}
        hits = []
        for doc_id, score in ids:
            r = rows.get(doc_id)
            if r is None:
                continue
            (_, title, body, author, org_name, org_id, level, year, published_on, themes, occasion, vis,
             kind, schema, object_id) = r
            hits.append(Hit(
                id=object_id, kind=kind, schema=schema, title_html=title_html(title, query), snippet_html=snippet_html(body, query),
                organisation_id=org_id, organisation_name=org_name, author=author, level=level,
                year=year, published_on=published_on, themes=tuple(themes), occasion=occasion,
                visibility=vis, score=float(score or 0),
            ))
        return hits

    def document(self, key: DocumentKey, *, viewer: ViewerScope) -> Hit | None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.doc_id, t.body FROM search_entry e JOIN search_text t USING (doc_id) "
                "WHERE e.kind = %s AND e.schema_name = %s AND e.object_id = %s AND e.vector @@ %s::tsquery",
                [*key, _visibility_tsquery(viewer, positive=True)],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            hits = self._hits(cursor, [(row[0], 0)], Query())
        return replace(hits[0], body=row[1]) if hits else None

    def related(self, key: DocumentKey, *, viewer: ViewerScope, limit: int,
                kind: str | None = None, others_only: bool = False) -> list[Hit]:
        """Documents sharing the rarest of this document's keywords (``related.related``)."""
        from search.backends.postgres.related import related

        return related(self, key, viewer=viewer, limit=limit, kind=kind, others_only=others_only)
