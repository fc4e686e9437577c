"""The embedded backend: PostgreSQL full-text search over segmented Chinese.

How a query runs (see ``benchmarks/search.py`` for the figures):

1. Facets and the total in ONE pass over the narrow ``search_entry`` table
   (``GROUPING SETS``; themes through an ``UNION ALL`` of their unnested rows so
   no other facet is counted twice). Without facets, a plain ``count(*)``.
2. Order: by date straight from the ``(published_on, material_id)`` index; by
   relevance with ``ts_rank`` over every hit only when there are at most
   ``EXACT_RANK_LIMIT`` hits. With more (a word found in nearly every material,
   such as 政协), ranking every hit would read every tsvector, so only a bounded
   candidate set is ordered, by ``ts_rank`` of the small, inline *title* vector then
   date: the newest ``CANDIDATES`` hits whose title matches plus the newest
   ``CANDIDATES`` hits; later pages continue by date. Exclusions: the ids of the
   would-be hits that match them are found once per search (GIN ANDs both bitmaps),
   then every query says ``NOT IN (those ids)`` (a hashed subplan).
3. Snippets only for the page shown, from ``search_text`` with
   ``search.query.highlight`` (PostgreSQL's own parser would take a whole run of
   Chinese as one token, so ``ts_headline`` misses).
"""
from __future__ import annotations

import math
from collections import defaultdict

from django.db import connection, transaction

from search.backends.base import Backend, ViewerScope, keywords, snippet_html, title_html
from search.contract import VISIBILITY_DRAFT, VISIBILITY_PLATFORM, VISIBILITY_PROVINCE, IndexedDocument
from search.query import Phrase, Query, _clause_tsquery, _lexeme
from search.results import FACET_NAMES, FacetBucket, Filters, Hit, SearchResult
from search.segmentation import char_units, segmented_tokens, tokens_for_query

EXACT_RANK_LIMIT = 500
CANDIDATES = 200
FACET_SIZE = 30
DF_CAP = 2000

LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级"}


#: ts_rank weights {D, C, B, A}: body positions carry no weight letter (D), title ones A.
RANK_WEIGHTS = [0.4, 0.2, 0.4, 1.0]
MAX_POSITION = 16383   # PostgreSQL clamps positions here
MAX_POSITIONS = 255    # and keeps this many per lexeme, as to_tsvector does


#: str(position) for every position PostgreSQL keeps: sliced, never formatted per token.
_POSITIONS = [str(i) for i in range(MAX_POSITION + 1)]


def _position_strings(start: int, n: int) -> list[str]:
    """The texts of positions start … start+n-1, clamped at MAX_POSITION as PostgreSQL does."""
    head = _POSITIONS[start:start + n]
    if len(head) < n:
        head += [_POSITIONS[MAX_POSITION]] * (n - len(head))
    return head


def tsvector_literal(title_seg: str, body_seg: str | None = None, *, counts: dict | None = None) -> str:
    """The tsvector, as text, of ``segmented()`` strings: the title's tokens weighted A,
    then the body's (unweighted = D) at the following positions. Equal to
    ``setweight(to_tsvector('simple', title_seg), 'A') || to_tsvector('simple', body_seg)``
    (tested), built here because PostgreSQL's parser costs more than this; the tokens
    are already normalised, so queries use ``::tsquery`` (no parser) too.
    ``counts``, if given, receives token → occurrences (title ones ×3) for ``keywords``."""
    return tsvector_from_tokens(title_seg.split(), None if body_seg is None else body_seg.split(),
                                counts=counts)


def tsvector_from_tokens(title_tokens: list[str], body_tokens: list[str] | None = None, *,
                         counts: dict | None = None) -> str:
    """``tsvector_literal`` of token lists (``segmented_tokens`` output, concatenated).

    The only per-token Python work is one dict append of a ready-made position string
    (a material has ~5,000 tokens; everything else runs once per distinct token)."""
    title: dict[str, list[str]] = {}
    for tok, p in zip(title_tokens, _position_strings(1, len(title_tokens))):
        title.setdefault(tok, []).append(p + "A")
    if body_tokens is None:
        return " ".join(f"'{t}':" + ",".join(p[:MAX_POSITIONS]) for t, p in title.items())
    body: defaultdict[str, list[str]] = defaultdict(list)
    for tok, p in zip(body_tokens, _position_strings(len(title_tokens) + 1, len(body_tokens))):
        body[tok].append(p)
    parts = []
    for tok, t in title.items():
        t = t[:MAX_POSITIONS]
        b = body.pop(tok, None)
        if b is None:
            parts.append(f"'{tok}':" + ",".join(t))
            if counts is not None:
                counts[tok] = 3 * len(t)
        else:
            b = b[:MAX_POSITIONS]
            if counts is not None:
                counts[tok] = 3 * len(t) + len(b)
            parts.append(f"'{tok}':" + ",".join(t + b[:MAX_POSITIONS - len(t)]))
    for tok, p in body.items():
        if len(p) > MAX_POSITIONS:
            p = p[:MAX_POSITIONS]
        parts.append(f"'{tok}':" + ",".join(p))
        if counts is not None:
            counts[tok] = len(p)
    return " ".join(parts)


def _clause_expr(clause) -> str | None:
    """One clause as a positive tsquery (negation is applied by the caller)."""
    positive = type(clause)(clause.text)
    expr = _clause_tsquery(positive)
    if expr and isinstance(clause, Phrase):
        # A phrase that is itself one word (``"家庭医生"``) also matches that word's
        # lexeme. A word token is always a run of adjacent character units of the text,
        # so the hits are identical; but GIN answers the word exactly and rechecks
        # positions (reading the whole tsvector) only for materials without it.
        units = char_units(clause.text)
        joined = "".join(units)
        if len(units) > 1 and tokens_for_query(clause.text) == [joined]:
            expr = f"({_lexeme(joined)} | {expr})"
    return expr


def pg_tsquery_parts(query: Query) -> tuple[str, str]:
    """(what must match, what must not) as tsquery strings, '' when absent.

    Exclusions are kept apart and applied as ``NOT IN (ids matching any of them)``
    (see ``_excluded_ids``):
    inside one tsquery, ``a & !b`` makes GIN recheck (read the tsvector of) every
    material that has ``a`` but not the word ``b``."""
    pos = [e for e in (_clause_expr(c) for c in query.positive) if e]
    neg = [e for e in (_clause_expr(c) for c in query.negative) if e]
    return " & ".join(pos), " | ".join(neg)


def pg_tsquery(query: Query) -> str:
    """The same as one tsquery string (for comparing with ``search.query.to_tsquery``)."""
    pos, neg = pg_tsquery_parts(query)
    if neg:
        return f"{pos} & !({neg})" if pos else f"!({neg})"
    return pos


def _visibility_sql(viewer: ViewerScope) -> tuple[str, list]:
    """Platform-shared to all; province-shared within the province; drafts to the owner."""
    parts = ["e.visibility = %s"]
    params: list = [VISIBILITY_PLATFORM]
    if viewer.province_id is not None:
        parts.append("(e.visibility = %s AND e.province_id = %s)")
        params += [VISIBILITY_PROVINCE, viewer.province_id]
    if viewer.organisation_id is not None:
        parts.append("(e.visibility IN (%s, %s) AND e.organisation_id = %s)")
        params += [VISIBILITY_DRAFT, VISIBILITY_PROVINCE, viewer.organisation_id]
    return "(" + " OR ".join(parts) + ")", params


def _filter_sql(viewer: ViewerScope, filters: Filters) -> tuple[list[str], list]:
    sql, params = _visibility_sql(viewer)
    conds = [sql]
    for column, values in (
        ("e.organisation_id", filters.organisation),
        ("e.level", filters.level),
        ("e.province_id", filters.province),
        ("e.year", filters.year),
        ("e.occasion", filters.occasion),
    ):
        if values:
            conds.append(f"{column} = ANY(%s)")
            params.append(list(values))
    if filters.theme:
        conds.append("e.themes && %s::varchar[]")
        params.append(list(filters.theme))
    return conds, params


def _where(tsq: str, excluded_ids: list[int] | None, viewer: ViewerScope,
           filters: Filters) -> tuple[str, list]:
    """The WHERE of one search; ``excluded_ids`` from ``_excluded_ids`` (None: no exclusion)."""
    conds, params = _filter_sql(viewer, filters)
    if tsq:
        conds.append("e.vector @@ %s::tsquery")
        params.append(tsq)
    if excluded_ids:
        # a hashed subplan; `<> ALL(array)` compared every row with every id
        conds.append("e.material_id NOT IN (SELECT unnest(%s::int[]))")
        params.append(excluded_ids)
    return " AND ".join(conds), params


def _excluded_ids(cursor, tsq: str, excluded: str, viewer: ViewerScope, filters: Filters) -> list[int]:
    """Ids of the would-be hits that an exclusion removes, found ONCE per search.

    Only rows matching the positive part (and the filters) are tested, so GIN ANDs the
    two bitmaps and rechecks (reads the tsvector of) only rows having both; before, a
    ``NOT IN (subquery)`` in the shared WHERE ran the whole exclusion over the table
    in each of the count/facets, candidates and page queries."""
    conds, params = _filter_sql(viewer, filters)
    if tsq:
        conds.append("e.vector @@ %s::tsquery")
        params.append(tsq)
    conds.append("e.vector @@ %s::tsquery")
    params.append(excluded)
    cursor.execute(f"SELECT e.material_id FROM search_entry e WHERE {' AND '.join(conds)}", params)
    return [r[0] for r in cursor.fetchall()]


def _facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    from tenancy.models import Organisation

    ids = {int(v) for v, _ in facets.get("organisation", []) + facets.get("province", [])}
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {
        "organisation": {str(k): v for k, v in names.items()},
        "province": {str(k): v for k, v in names.items()},
        "level": LEVEL_LABELS,
    }


class PostgresBackend(Backend):
    name = "postgres"

    # -- writes ----------------------------------------------------------------------
    def upsert(self, documents: list[IndexedDocument]) -> None:
        self.write(*self.prepare(documents))

    @staticmethod
    def prepare(documents: list[IndexedDocument]) -> tuple[list, list]:
        """The rows to write (segmentation, the CPU part; no database)."""
        entry_rows, text_rows = [], []
        for d in documents:
            title_units, title_words = segmented_tokens(d.title)
            body_units, body_words = segmented_tokens(d.body)
            title_tokens = title_units + title_words
            counts: dict[str, int] = {}
            vector = tsvector_from_tokens(title_tokens, body_units + body_words, counts=counts)
            entry_rows.append((
                d.id, d.organisation_id, d.level, d.province_id, d.year, d.published_on,
                list(d.themes), d.occasion or "", d.visibility, tsvector_from_tokens(title_tokens), vector,
            ))
            text_rows.append((
                d.id, d.title, d.body, d.author or "", d.organisation_name or "",
                " ".join(keywords(counts)),
            ))
        return entry_rows, text_rows

    @staticmethod
    def write(entry_rows: list, text_rows: list) -> None:
        if not entry_rows:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                """
                INSERT INTO search_entry (material_id, organisation_id, level, province_id, year,
                    published_on, themes, occasion, visibility, title_vector, vector)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)
                ON CONFLICT (material_id) DO UPDATE SET
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
                INSERT INTO search_text (material_id, title, body, author, organisation_name, keywords)
                VALUES (%s, %s, %s, %s, %s, %s)
                ON CONFLICT (material_id) DO UPDATE SET
                    title = EXCLUDED.title, body = EXCLUDED.body, author = EXCLUDED.author,
                    organisation_name = EXCLUDED.organisation_name, keywords = EXCLUDED.keywords
                """,
                text_rows,
            )

    def delete(self, material_ids: list[int]) -> None:
        if not material_ids:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry WHERE material_id = ANY(%s)", [list(material_ids)])
            cursor.execute("DELETE FROM search_text WHERE material_id = ANY(%s)", [list(material_ids)])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_entry, search_text")

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_entry")
            return cursor.fetchone()[0]

    # -- reads -----------------------------------------------------------------------
    def search(self, query: Query, *, viewer: ViewerScope, filters: Filters, sort: str,
               page: int, page_size: int, with_facets: bool = True) -> SearchResult:
        tsq, excluded = pg_tsquery_parts(query)
        with transaction.atomic(), connection.cursor() as cursor:
            # A word in nearly every material makes the planner pick a sequential scan,
            # which reads every tsvector; the GIN bitmap answers it without reading any.
            # work_mem lets the facets' GROUPING SETS hash instead of sorting.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "
                           "SET LOCAL work_mem = '32MB'")
            excluded_ids = _excluded_ids(cursor, tsq, excluded, viewer, filters) if excluded else None
            where, params = _where(tsq, excluded_ids, viewer, filters)
            if with_facets:
                total, facets = self._facets(cursor, where, params, filters)
            else:
                cursor.execute(f"SELECT count(*) FROM search_entry e WHERE {where}", params)
                total, facets = cursor.fetchone()[0], {}
            offset = (page - 1) * page_size
            ids: list[tuple[int, float]] = []
            if total and offset < total:
                ids = self._page(cursor, where, params, tsq, total, sort, offset, page_size)
            hits = self._hits(cursor, ids, query)
        return SearchResult(query=str(query), hits=hits, total=total, facets=facets,
                            page=page, page_size=page_size, sort=sort)

    def _facets(self, cursor, where: str, params: list, filters: Filters):
        cursor.execute(
            f"""
            WITH hits AS MATERIALIZED (
                SELECT e.organisation_id, e.level, e.province_id, e.year, e.occasion, e.themes
                FROM search_entry e WHERE {where}
            ), facet_rows AS (
                SELECT 0 AS kind, organisation_id, level, province_id, year, occasion,
                       NULL::varchar AS theme FROM hits
                UNION ALL
                SELECT 1, NULL, NULL, NULL, NULL, NULL, unnest(themes) FROM hits
            )
            SELECT GROUPING(organisation_id, level, province_id, year, occasion, theme),
                   organisation_id, level, province_id, year, occasion, theme,
                   count(*) FILTER (WHERE kind = 0), count(*) FILTER (WHERE kind = 1)
            FROM facet_rows
            GROUP BY GROUPING SETS ((), (organisation_id, level, province_id), (year),
                                    (occasion), (theme))
            """,
            params,
        )
        # GROUPING bits, most significant first: organisation, level, province, year, occasion, theme.
        # Level and province are properties of the organisation: one grouping set gives all
        # three (fewer hash keys over every hit), summed here.
        set_of = {0b000111: "organisation", 0b111011: "year", 0b111101: "occasion", 0b111110: "theme"}
        total = 0
        raw: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_NAMES}
        by_level: dict[str, int] = {}
        by_province: dict[str, int] = {}
        for grouping, org, level, prov, year, occasion, theme, n0, n1 in cursor.fetchall():
            if grouping == 0b111111:
                total = n0
                continue
            name = set_of.get(grouping)
            count = n1 if name == "theme" else n0
            if not count:
                continue
            if name == "organisation":
                if level:
                    by_level[level] = by_level.get(level, 0) + count
                if prov is not None:
                    by_province[str(prov)] = by_province.get(str(prov), 0) + count
            value = {"organisation": org, "year": year, "occasion": occasion, "theme": theme}.get(name)
            if value is None or value == "":
                continue
            raw[name].append((str(value), count))
        raw["level"] = list(by_level.items())
        raw["province"] = list(by_province.items())
        labels = _facet_labels(raw)
        facets = {}
        for name, buckets in raw.items():
            if name == "year":
                buckets.sort(key=lambda b: -int(b[0]))
            else:
                buckets.sort(key=lambda b: (-b[1], b[0]))
            chosen = filters.selected(name)
            kept = buckets[:FACET_SIZE] + [b for b in buckets[FACET_SIZE:] if b[0] in chosen]
            facets[name] = [
                FacetBucket(value=v, label=labels.get(name, {}).get(v, v), count=c, selected=v in chosen)
                for v, c in kept
            ]
        return total, facets

    def _page(self, cursor, where, params, tsq, total, sort, offset, size) -> list[tuple[int, float]]:
        date_order = "e.published_on DESC NULLS LAST, e.material_id DESC"
        if tsq:
            # Not the date index: walking it would test `vector @@` row by row, reading
            # each tsvector; the GIN bitmap plus a top-N sort of the narrow rows reads none.
            date_order = "(e.published_on + 0) DESC NULLS LAST, e.material_id DESC"
        if sort == "date" or not tsq:
            cursor.execute(
                f"SELECT e.material_id, 0 FROM search_entry e WHERE {where} "
                f"ORDER BY {date_order} LIMIT %s OFFSET %s",
                params + [size, offset],
            )
            return cursor.fetchall()
        if total <= EXACT_RANK_LIMIT:
            cursor.execute(
                f"SELECT e.material_id, ts_rank(%s::real[], e.vector, %s::tsquery, 1) AS r "
                f"FROM search_entry e WHERE {where} ORDER BY r DESC, {date_order} LIMIT %s OFFSET %s",
                [RANK_WEIGHTS, tsq] + params + [size, offset],
            )
            return cursor.fetchall()
        cursor.execute(
            f"""
            WITH candidates AS (
                (SELECT e.material_id FROM search_entry e
                 WHERE {where} AND e.title_vector @@ %s::tsquery
                 ORDER BY {date_order} LIMIT %s)
                UNION
                (SELECT e.material_id FROM search_entry e WHERE {where}
                 ORDER BY {date_order} LIMIT %s)
            )
            SELECT e.material_id, ts_rank(%s::real[], e.title_vector, %s::tsquery, 1) AS r
            FROM search_entry e JOIN candidates c USING (material_id)
            ORDER BY r DESC, {date_order}
            """,
            params + [tsq, CANDIDATES] + params + [CANDIDATES, RANK_WEIGHTS, tsq],
        )
        ranked = cursor.fetchall()
        if offset + size <= len(ranked):
            return ranked[offset:offset + size]
        page = ranked[offset:]
        cursor.execute(
            f"SELECT e.material_id, 0 FROM search_entry e WHERE {where} "
            f"AND NOT (e.material_id = ANY(%s)) ORDER BY {date_order} LIMIT %s OFFSET %s",
            params + [[m for m, _ in ranked], size - len(page), max(0, offset - len(ranked))],
        )
        return page + cursor.fetchall()

    def _hits(self, cursor, ids: list[tuple[int, float]], query: Query) -> list[Hit]:
        if not ids:
            return []
        cursor.execute(
            """
            SELECT e.material_id, t.title, t.body, t.author, t.organisation_name, e.organisation_id,
                   e.level, e.year, e.published_on, e.themes, e.occasion, e.visibility
            FROM search_entry e JOIN search_text t USING (material_id)
            WHERE e.material_id = ANY(%s)
            """,
            [[m for m, _ in ids]],
        )
        rows = {r[0]: r for r in cursor.fetchall()}
        hits = []
        for material_id, score in ids:
            r = rows.get(material_id)
            if r is None:
                continue
            _, title, body, author, org_name, org_id, level, year, published_on, themes, occasion, vis = r
            hits.append(Hit(
                id=material_id, title_html=title_html(title, query), snippet_html=snippet_html(body, query),
                organisation_id=org_id, organisation_name=org_name, author=author, level=level,
                year=year, published_on=published_on, themes=tuple(themes), occasion=occasion,
                visibility=vis, score=float(score or 0),
            ))
        return hits

    def related(self, material_id: int, *, viewer: ViewerScope, limit: int) -> list[Hit]:
        """Materials sharing the rarest of this material's keywords (idf-weighted), plus a
        little for shared themes. Document frequencies are counted up to DF_CAP, so a
        word found nearly everywhere costs a bounded scan and weighs almost nothing."""
        vis, vparams = _visibility_sql(viewer)
        with connection.cursor() as cursor:
            # The source itself must be visible to the viewer, else nothing (no leak of a draft).
            cursor.execute(
                f"SELECT t.keywords, e.themes FROM search_entry e JOIN search_text t USING (material_id) "
                f"WHERE e.material_id = %s AND {vis}",
                [material_id] + vparams,
            )
            row = cursor.fetchone()
            if not row:
                return []
            words, themes = row[0].split()[:12], list(row[1])
            if not words and not themes:
                return []
            lexemes = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words]
            cursor.execute("SELECT greatest(reltuples, 1) FROM pg_class WHERE relname = 'search_entry'")
            n_docs = max(float(cursor.fetchone()[0]), 1.0)
            weights: list[tuple[str, float]] = []
            if lexemes:
                cursor.execute(
                    "SELECT " + ", ".join(
                        "(SELECT count(*) FROM (SELECT 1 FROM search_entry WHERE vector @@ %s::tsquery LIMIT %s) s)"
                        for _ in lexemes),
                    [x for lx in lexemes for x in (lx, DF_CAP)],
                )
                dfs = cursor.fetchone()
                n = max(n_docs, max(dfs))
                # df counts the source itself: a word only it has finds nothing
                weights = sorted(((lx, math.log((n + 1) / (df + 0.5))) for lx, df in zip(lexemes, dfs)
                                  if df > 1), key=lambda kv: -kv[1])
            rare = [lx for lx, w in weights[:4]]
            sources, params = [], []
            for lx in rare:
                sources.append(
                    f"(SELECT e.material_id FROM search_entry e WHERE {vis} AND e.material_id <> %s "
                    f"AND e.vector @@ %s::tsquery ORDER BY e.published_on DESC NULLS LAST LIMIT 100)")
                params += vparams + [material_id, lx]
            if not sources and not themes:
                return []
            if themes:
                sources.append(
                    f"(SELECT e.material_id FROM search_entry e WHERE {vis} AND e.material_id <> %s "
                    f"AND e.themes && %s::varchar[] ORDER BY e.published_on DESC NULLS LAST LIMIT 100)")
                params += vparams + [material_id, themes]
            score = " + ".join(["0"] + [f"%s * (e.vector @@ %s::tsquery)::int" for _ in weights])
            score_params = [x for lx, w in weights for x in (w, lx)]
            cursor.execute(
                f"""
                WITH candidates AS ({' UNION '.join(sources)})
                SELECT e.material_id,
                       {score} + 0.5 * cardinality(ARRAY(
                           SELECT unnest(e.themes) INTERSECT SELECT unnest(%s::varchar[]))) AS r
                FROM search_entry e JOIN candidates c USING (material_id)
                ORDER BY r DESC, e.published_on DESC NULLS LAST, e.material_id DESC
                LIMIT %s
                """,
                params + score_params + [themes, limit],
            )
            ids = cursor.fetchall()
            return self._hits(cursor, ids, Query())
