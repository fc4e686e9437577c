"""Newest-first hits read one date bucket (``~d<year>`` marker) at a time."""
from __future__ import annotations

from search.backends.postgres.markers import _m

def _table_rows(cursor) -> float:
    """The planner's estimate of the index's size (no count of 100,000 rows)."""
    cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_entry'::regclass")
    return float(cursor.fetchone()[0])


def _newest_first(rows: list[tuple[int, object]]) -> list[int]:
    """Ids of (id, published_on) rows ordered as ``published_on DESC NULLS LAST, id DESC``."""
    dated = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]), reverse=True)
    undated = sorted((r for r in rows if r[1] is None), key=lambda r: r[0], reverse=True)
    return [r[0] for r in dated + undated]




_DATE_ORDER = "(e.published_on + 0) DESC NULLS LAST, e.doc_id DESC"


class _Walk:
    """Newest-first hits read one date bucket at a time (the ``~d<year>`` markers: the
    newest year first, undated last), each by the same GIN condition plus the bucket's
    marker: for a word in 25 % of 100,000 materials the newest 200 come from the
    newest year's ~2,500 hits instead of all 25,000 (benchmarks/README.md). The order is exact: a
    bucket's hits all sort before the next bucket's. ``where_for(extra, title=)`` gives
    the search's WHERE with markers ANDed and without the rest ids, added here."""

    def __init__(self, cursor, where_for, rest_ids: tuple[int, ...] = (), excluded_ids=None,
                 only_years=()):
        self.cursor, self.where_for = cursor, where_for
        self.rest_ids, self.excluded_ids = rest_ids, set(excluded_ids or ())
        self.only_years = {int(y) for y in only_years}
        self._years: list[int] | None = None

    def years(self) -> list[int]:
        if self._years is None:
            # two ends of the date index
            self.cursor.execute("SELECT extract(year FROM max(published_on))::int, "
                                "extract(year FROM min(published_on))::int FROM search_entry")
            hi, lo = self.cursor.fetchone()
            self._years = [] if hi is None else list(range(hi, lo - 1, -1))
            if self.only_years:  # a year filter: no other bucket can hold a hit (year is the date's)
                self._years = [y for y in self._years if y in self.only_years]
        return self._years

    def newest(self, need: int, not_ids=(), title: bool = False) -> list[int]:
        """Ids of the ``need`` newest hits outside ``not_ids`` (fewer: there are fewer with
        the markers; the caller then asks the plain way)."""
        not_sql = " AND NOT (e.doc_id = ANY(%s))" if not_ids else ""
        not_params = [list(not_ids)] if not_ids else []
        got: list[tuple[int, object]] = []
        for bucket in [*self.years(), "n"]:
            sql, params = self.where_for(_m("d", bucket), title=title)
            self.cursor.execute(f"SELECT e.doc_id, e.published_on FROM search_entry e "
                                f"WHERE {sql}{not_sql} ORDER BY {_DATE_ORDER} LIMIT %s",
                                params + not_params + [need - len(got)])
            got += self.cursor.fetchall()
            if len(got) >= need:
                break
        skip = set(not_ids) | self.excluded_ids
        rest = [] if title else [m for m in self.rest_ids if m not in skip]
        if rest:
            self.cursor.execute("SELECT doc_id, published_on FROM search_entry "
                                "WHERE doc_id = ANY(%s)", [rest])
            got += self.cursor.fetchall()
        return _newest_first(got)[:need]
