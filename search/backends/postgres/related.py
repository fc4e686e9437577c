"""Related documents on PostgreSQL: those sharing the rarest keywords of one."""
from __future__ import annotations

import math

from django.db import connection

from search.backends.base import ViewerScope
from search.backends.postgres.markers import _any, _m, _visibility_tsquery
from search.backends.postgres.walk import _table_rows
from search.contract import DocumentKey
from search.query import Query, _lexeme


def related(backend, key: DocumentKey, *, viewer: ViewerScope, limit: int,
            kind: str | None = None, others_only: bool = False) -> list:
    """Documents sharing the rarest of this document's keywords (idf-weighted), plus a
    little for shared themes. Document frequencies are counted up to DF_CAP, so a
    word found nearly everywhere costs a bounded scan and weighs almost nothing.
    ``kind``: only documents of that kind; ``others_only``: none of the viewer's own."""
    from search.backends.postgres import backend as tuning  # its constants, read at call time

    hidden = _visibility_tsquery(viewer, positive=False)
    if kind:
        hidden += f" & {_m('k', kind)}"
    if others_only and viewer.organisation_id is not None:
        hidden += f" & !{_m('o', viewer.organisation_id)}"
    with connection.cursor() as cursor:
        # The source itself must be visible to the viewer, else nothing (no leak of a draft).
        cursor.execute(
            "SELECT e.doc_id, t.keywords, e.themes FROM search_entry e JOIN search_text t USING (doc_id) "
            "WHERE e.kind = %s AND e.schema_name = %s AND e.object_id = %s AND e.vector @@ %s::tsquery",
            [*key, _visibility_tsquery(viewer, positive=True)],
        )
        row = cursor.fetchone()
        if not row:
            return []
        doc_id, words, themes = row[0], row[1].split()[:12], list(row[2])
        if not words and not themes:
            return []
        lexemes = [_lexeme(w) for w in words]
        n_docs = max(_table_rows(cursor), 1.0)
        weights: list[tuple[str, float]] = []
        if lexemes:
            cursor.execute(
                "SELECT " + ", ".join(
                    "(SELECT count(*) FROM (SELECT 1 FROM search_entry WHERE vector @@ %s::tsquery LIMIT %s) s)"
                    for _ in lexemes),
                [x for lx in lexemes for x in (lx, tuning.DF_CAP)],
            )
            dfs = cursor.fetchone()
            n = max(n_docs, max(dfs))
            # df counts the source itself: a word only it has finds nothing
            weights = sorted(((lx, math.log((n + 1) / (df + 0.5))) for lx, df in zip(lexemes, dfs)
                              if df > 1), key=lambda kv: -kv[1])
        # candidates: the newest visible materials having one of the rarest words, or a theme
        wanted = [lx for lx, w in weights[:4]] + ([_any("t", themes)] if themes else [])
        if not wanted:
            return []
        sources = ["(SELECT e.doc_id FROM search_entry e WHERE e.doc_id <> %s "
                   "AND e.vector @@ %s::tsquery ORDER BY e.published_on DESC NULLS LAST LIMIT 100)"] * len(wanted)
        params = [x for w in wanted for x in (doc_id, f"{w} & {hidden}")]
        score = " + ".join(["0"] + [f"%s * (e.vector @@ %s::tsquery)::int" for _ in weights])
        score_params = [x for lx, w in weights for x in (w, lx)]
        cursor.execute(
            f"""
            WITH candidates AS ({' UNION '.join(sources)})
            SELECT e.doc_id,
                   {score} + 0.5 * cardinality(ARRAY(
                       SELECT unnest(e.themes) INTERSECT SELECT unnest(%s::varchar[]))) AS r
            FROM search_entry e JOIN candidates c USING (doc_id)
            ORDER BY r DESC, e.published_on DESC NULLS LAST, e.doc_id DESC
            LIMIT %s
            """,
            params + score_params + [themes, limit],
        )
        ids = cursor.fetchall()
        return backend._hits(cursor, ids, Query())
