"""Markers: lexemes without positions saying what a document is (who may see it, its
facets), so that visibility and filters are one GIN condition with the words."""
from __future__ import annotations

import hashlib
from dataclasses import replace

from search.backends.base import ViewerScope
from search.backends.postgres.compile import PgQuery
from search.contract import VISIBILITY_DRAFT, VISIBILITY_PLATFORM, VISIBILITY_PROVINCE, IndexedDocument
from search.query import _lexeme
from search.results import Filters
from search.visibility import OWNER, PROVINCE, RULE, alternatives, is_everyone

def _marker(kind: str, value) -> str:
    """A lexeme saying what a material is (who may see it, its facets), not what it says.
    Text values are hashed; '~' never occurs in a unit or a word, so no query term can
    match a marker."""
    value = str(value)
    if kind in ("c", "t", "x"):
        value = hashlib.blake2b(value.encode(), digest_size=8).hexdigest()
    return f"~{kind}{value}"


#: the marker letters of the visibility rule (``search.visibility.RULE``): a document of
#: a level that names an attribute carries ``~<attribute><level><value>`` (``~pv12``:
#: shared with province 12; ``~ov7``, ``~od7``: owned by 7, shared with its province or
#: a draft). Platform-shared documents need none.
_RULE_LEVEL = {VISIBILITY_PROVINCE: "v", VISIBILITY_DRAFT: "d"}
_RULE_ATTRIBUTE = {OWNER: "o", PROVINCE: "p"}


def _rule_marker(level: str, attribute: str) -> str:
    return _RULE_ATTRIBUTE[attribute] + _RULE_LEVEL[level]


def _rule_markers(d: IndexedDocument) -> list[str]:
    """The markers saying who may see ``d`` beyond its level (``~v<level>``)."""
    values = {OWNER: d.organisation_id, PROVINCE: d.province_id}
    attributes = dict.fromkeys(a for alternative in RULE[d.visibility] for a in alternative)
    return [_marker(_rule_marker(d.visibility, a), values[a]) for a in attributes if values[a] is not None]


def markers(d: IndexedDocument) -> list[str]:
    """The markers of a document: visibility (its level and, from the rule, who may see
    it), organisation, level, kind, province, year, occasion, themes. In the tsvector
    (without positions), so the viewer's visibility and the filters are one GIN condition
    with the words: no row is read to test them, and a count needs no row at all."""
    out = [_marker("v", d.visibility), _marker("o", d.organisation_id), _marker("l", d.level),
           _marker("k", d.kind), *_rule_markers(d)]
    if d.province_id is not None:
        out.append(_marker("p", d.province_id))
    if d.year is not None:
        out.append(_marker("y", d.year))
    # the date's year, "n" for none: newest-first pages are read bucket by bucket (``_walk``)
    out.append(_marker("d", d.published_on.year if d.published_on else "n"))
    if d.occasion:
        out.append(_marker("c", d.occasion))
    out.extend(_marker("t", t) for t in dict.fromkeys(d.themes))
    if d.outside:  # written outside the platform: its name, and "outside" (~w1) for any
        out += [_marker("x", d.outside), _marker(*OUTSIDE)]
    return out


#: the marker every document written outside the platform carries
OUTSIDE = ("w", 1)


def _m(kind: str, value) -> str:
    return _lexeme(_marker(kind, value))


def _any(kind: str, values) -> str:
    return "(" + " | ".join(_m(kind, v) for v in values) + ")"


def _alternative_tsquery(level: str, alternative: dict) -> str:
    return " & ".join(_m(_rule_marker(level, a), v) for a, v in alternative.items())


def _scope_parts(viewer: ViewerScope) -> list[tuple[str, bool]]:
    """What the viewer may see (``search.visibility.RULE``), as disjoint parts: one per
    level and alternative, less the level's earlier alternatives. Each with whether it
    is the same for other viewers (names no committee: cacheable across viewers)."""
    parts = []
    for level in RULE:
        earlier: list[str] = []
        for alternative in alternatives(viewer, level):
            if not alternative:  # everyone: the level alone
                parts.append((_m("v", level), True))
                break
            this = _alternative_tsquery(level, alternative)
            parts.append((" & ".join([_m("v", level), this, *(f"!{e}" for e in earlier)]),
                          OWNER not in alternative))
            earlier.append(this if len(alternative) == 1 else f"({this})")
    return parts


def _visibility_tsquery(viewer: ViewerScope, *, positive: bool) -> str:
    """What the viewer may see, as a tsquery over the markers. ``positive``: the union of
    ``_scope_parts`` (for a query without words: GIN needs an entry that must be there).
    Else as NOT (what it may not see), whose entries are all small (~vprovince, ~vdraft
    and the viewer's own): ANDed with words, GIN then reads the big ~vplatform list not
    at all."""
    if positive:
        return "(" + " | ".join(f"({part})" for part, _ in _scope_parts(viewer)) + ")"
    hidden = []
    for level in RULE:
        if is_everyone(level):
            continue
        seen = [_alternative_tsquery(level, a) for a in alternatives(viewer, level)]
        hidden.append(_m("v", level) + "".join(f" & !{s}" if " " not in s else f" & !({s})" for s in seen))
    if not hidden:  # nothing is hidden from anyone
        return _visibility_tsquery(viewer, positive=True)
    return "!(" + " | ".join(f"({h})" for h in hidden) + ")"


def _committees(ids) -> str:
    """Documents written by these committees: owned by one, and not written outside."""
    return f"({_any('o', ids)} & !{_m(*OUTSIDE)})"


def _author_tsquery(filters: Filters) -> list[str]:
    """Who wrote it, as tsquery parts: the committees and outside organisations chosen
    (one facet: OR-ed), less the excluded ones."""
    parts = []
    chosen = ([_committees(filters.organisation)] if filters.organisation else []) + (
        [_any("x", filters.outside)] if filters.outside else [])
    if chosen:
        parts.append(chosen[0] if len(chosen) == 1 else f"({' | '.join(chosen)})")
    if filters.not_organisation:
        parts.append(f"!{_committees(filters.not_organisation)}")
    if filters.not_outside:
        parts.append(f"!{_any('x', filters.not_outside)}")
    return parts


def _filters_tsquery(filters: Filters) -> str:
    return " & ".join([_any(kind, values) for kind, values in (
        ("k", filters.kind), ("l", filters.level), ("p", filters.province),
        ("y", filters.year), ("c", filters.occasion), ("t", filters.theme)) if values] + _author_tsquery(filters))


def _filter_tsquery(viewer: ViewerScope, filters: Filters, *, positive: bool = True) -> str:
    """Visibility and filters as one tsquery over the markers."""
    only = _filters_tsquery(filters)
    vis = _visibility_tsquery(viewer, positive=positive)
    return f"{vis} & {only}" if only else vis


def _where(q: PgQuery, excluded_ids: list[int] | None, viewer: ViewerScope,
           filters: Filters, column: str = "e.vector", extra: str = "") -> tuple[str, list]:
    """The WHERE of one search: ONE tsquery condition (words, visibility, filters, an
    exact exclusion, ``extra`` markers); ``excluded_ids`` from ``_excluded_ids`` for an
    exclusion with a phrase (None: none)."""
    also = _filter_tsquery(viewer, filters, positive=not q.full)
    sql, params = q.match_sql(column, f"{also} & {extra}" if extra else also)
    if excluded_ids:
        # a hashed subplan; `<> ALL(array)` compared every row with every id
        sql += " AND e.doc_id NOT IN (SELECT unnest(%s::int[]))"
        params = params + [excluded_ids]
    return sql, params


def _excluded_ids(cursor, q: PgQuery, viewer: ViewerScope, filters: Filters) -> list[int]:
    """Ids of the would-be hits that an exclusion with a phrase removes, found ONCE per
    search: inside the same tsquery, ``a & !(phrase)`` made GIN recheck (read the
    tsvector of) every material having ``a``; here only rows matching both are read."""
    where, params = _where(replace(q, excluded=""), None, viewer, filters)
    cursor.execute(f"SELECT e.doc_id FROM search_entry e WHERE {where} AND e.vector @@ %s::tsquery",
                   params + [q.excluded])
    return [r[0] for r in cursor.fetchall()]
