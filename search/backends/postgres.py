"""The embedded backend: PostgreSQL full-text search over segmented Chinese.

What is indexed (``search_entry``, narrow; the texts are in ``search_text``):

* ``vector``: one token per character unit of title and body, a CJK character followed
  by another as their *bigram* (``unit_tokens``), so a phrase is its bigrams adjacent and
  GIN's AND of them is already close to the true hits; the search-mode words of 3+
  characters (乡村振兴, 有事来协商) as lexemes of their own; and *markers* without
  positions (``~vplatform``, ``~p12``, ``~y2024`` …: visibility, organisation, level,
  province, year, the date's year ``~d2024``, hashed occasion and themes).
  ``title_vector``: the same for the title.
* Built in Python (``tsvector_text``) and sent as ``::tsvector`` literals: PostgreSQL's
  parser would cost more, and takes a run of Chinese as one token.

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
"""
from __future__ import annotations

import hashlib
import json
import math
import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import compress

from django.core.cache import cache
from django.db import connection, transaction

from search.backends.base import BULK_ROWS, Backend, ViewerScope, keywords, snippet_html, title_html
from search.contract import VISIBILITY_DRAFT, VISIBILITY_PLATFORM, VISIBILITY_PROVINCE, IndexedDocument
from search.query import Phrase, Query, _lexeme
from search.results import FACET_NAMES, FacetBucket, Filters, Hit, SearchResult
from search.segmentation import _CJK, char_units, get_segmenter, normalize, tokens_for_query

EXACT_RANK_LIMIT = 500
CANDIDATES = 200
#: Without facets the total is exact up to this (or DENSE_FRACTION of the table), like
#: Elasticsearch's track_total_hits; the page says "more than".
TOTAL_CAP = 10_000
#: Hits in at least this share of the table are "dense": pages come from a walk of the
#: date index (a few hundred rows tested) instead of a bitmap of every hit.
DENSE_FRACTION = 0.3
FACET_SIZE = 30
DF_CAP = 2000

#: At least this share of the viewer's scope matching: facets are the scope's (cached per
#: index version) minus those of the few materials that do not match.
COMPLEMENT_FRACTION = 0.5
#: ... tried only when the planner estimates at least this share of that many hits of the
#: whole table (an estimate, so generous; a scope smaller than the table is then counted directly).
COMPLEMENT_ESTIMATE = 0.6
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


_CJK_CHAR = re.compile(f"[{_CJK}]")


def _pairable(unit: str) -> bool:
    return len(unit) == 1 and _CJK_CHAR.match(unit) is not None


def unit_tokens(units: list[str]) -> list[str]:
    """The GIN index's tokens for a text's character units, one per unit (so unit i is at
    position i): a CJK character followed by another becomes their bigram, any other
    unit stands alone.

    Single characters are in nearly every material, so a phrase over them
    (``'乡' <-> '村' <-> '振' <-> '兴'``) made GIN recheck, i.e. read the whole tsvector of,
    nearly every material; bigrams are rare enough that GIN's AND of them is close to
    the true hits. A phrase's units give its bigrams, so matching stays exact (see
    ``substring_tsquery``). Every unit is paired by C code (``map``); only the few
    non-CJK units are then visited in Python."""
    if not units:
        return []
    following = units[1:]
    following.append("")
    tokens = list(map(operator.add, units, following))
    # a unit is CJK iff its first character is (a run of other letters never starts with one)
    for i in compress(range(len(units)), map(operator.not_, map(_CJK_CHAR.match, units))):
        tokens[i] = units[i]
        if i:
            tokens[i - 1] = units[i - 1]
    return tokens


def long_words(words: list[str]) -> list[str]:
    """Search-mode words of 3+ characters with a CJK one: indexed as lexemes of their own,
    so a query for such a word is answered by GIN exactly (no position recheck)."""
    return [w for w in words if len(w) > 2 and not w.isascii()]


def whole_words(text: str | None, positioned=()) -> list[str]:
    """The dictionary words of 3+ characters in a text (``Segmenter.whole_words``) that are
    not lexemes with positions already: lexemes without positions, like the markers."""
    return _whole_words(normalize(text), positioned)


def _whole_words(norm: str, positioned=()) -> list[str]:
    if not norm:
        return []
    positioned = set(positioned)
    return [w for w in get_segmenter().whole_words(norm) if w not in positioned]


def index_streams(text: str | None) -> tuple[list[str], list[str], list[str]]:
    """(unit tokens, long words, all search-mode words) of a text: the same units and
    words as ``segmented_tokens``."""
    return _index_streams(normalize(text))


#: What lies between character units (punctuation, spaces): no unit; some CJK characters
#: (・, the kana sound marks) are units although \W.
_BETWEEN = f"(?:[^\\w{_CJK}]|_)"
_BETWEEN_RUN = re.compile(_BETWEEN + "+")
#: A text's pieces: a run of CJK characters with what lies between them, or a run of
#: other letters and digits (one unit).
_PIECE = re.compile(f"([{_CJK}](?:{_BETWEEN}*[{_CJK}])*)|([^\\W_{_CJK}]+)")


def text_unit_tokens(norm: str) -> list[str]:
    """``unit_tokens(segmentation._UNIT.findall(norm))`` (tested equal), with Python work
    per piece, not per character: a CJK run's bigrams are paired in C."""
    tokens: list[str] = []
    for run, other in _PIECE.findall(norm):
        if other:
            tokens.append(other)
            continue
        if not run.isalpha():  # perhaps punctuation or spaces inside the run
            run = _BETWEEN_RUN.sub("", run)
        tokens += map(operator.add, run, run[1:])
        tokens.append(run[-1])
    return tokens


def _index_streams(norm: str) -> tuple[list[str], list[str], list[str]]:
    tokens = text_unit_tokens(norm)
    if not tokens:
        return [], [], []
    words = get_segmenter().index_words_normalized(norm)
    return tokens, long_words(words), words


def tsvector_text(title_streams: list[list[str]], body_streams: list[list[str]] = (),
                  marks: list[str] = ()) -> str:
    """The tsvector, as text, of token streams: title streams weighted A, then the body's
    (unweighted = D), one position per token and one unused position between non-empty streams,
    so that no phrase spans two of them (the title's end and the body's start).
    Equal to ``to_tsvector('simple', …)`` of the same tokens with those positions (tested);
    built here because PostgreSQL's parser costs more than this. The only per-token
    Python work is one dict append of a ready-made position string."""
    title: dict[str, list[str]] = {}
    pos = 1
    for stream in title_streams:
        if not stream:
            continue
        for tok, p in zip(stream, _position_strings(pos, len(stream))):
            title.setdefault(tok, []).append(p + "A")
        pos += len(stream) + 1
    marked = "".join(f" '{m}'" for m in marks)
    if not body_streams:
        return " ".join(f"'{t}':" + ",".join(p[:MAX_POSITIONS]) for t, p in title.items()) + marked
    body: defaultdict[str, list[str]] = defaultdict(list)
    for stream in body_streams:
        if not stream:
            continue
        for tok, p in zip(stream, _position_strings(pos, len(stream))):
            body[tok].append(p)
        pos += len(stream) + 1
    parts = []
    for tok, t in title.items():
        b = body.pop(tok, None)
        if b is not None:
            t = t + b
        parts.append(f"'{tok}':" + ",".join(t[:MAX_POSITIONS]))
    for tok, p in body.items():
        parts.append(f"'{tok}':" + ",".join(p[:MAX_POSITIONS]))
    return " ".join(parts) + marked


# -- queries ---------------------------------------------------------------------------


def _substring(text: str, whole: bool = False) -> tuple[str | None, str | None] | None:
    """(word, phrase) of ``text`` as a literal substring (see ``substring_tsquery``): the
    lexeme of the whole text (exact: no phrase operator) and the phrase of its tokens
    (rechecked against positions); either may be None, not both. None: no unit at all.
    ``whole``: the index holds every material's whole words (``whole_words``), so for a
    dictionary word its lexeme alone is exact and complete."""
    units = char_units(text)
    if not units:
        return None
    # the last unit, unless inside a bigram: a CJK one is a prefix (its follower unknown)
    last = _lexeme(units[-1]) + (":*" if _pairable(units[-1]) else "")
    if len(units) == 1:
        return last, None
    items = [_lexeme(t) for t in unit_tokens(units)[:-1]]
    if not (_pairable(units[-2]) and _pairable(units[-1])):
        items.append(last)
    if len(items) == 1:
        return items[0], None
    phrase = "(" + " <-> ".join(items) + ")"
    joined = "".join(units)
    if len(units) > 2 and not joined.isascii():
        if whole and get_segmenter().is_whole_word(joined):
            return _lexeme(joined), None
        return _lexeme(joined), phrase
    return None, phrase


def substring_tsquery(text: str, whole: bool = False) -> tuple[str | None, str] | None:
    """``text`` as a literal substring (its character units adjacent), over the index's
    tokens: (exact, full). ``full`` is what must match. ``exact`` has no phrase operator,
    so GIN answers it without reading any tsvector; it finds a subset of ``full`` (the
    materials having the text as a word of their own), or is None.

    Units ``乡 村 振 兴`` are the tokens ``乡村 <-> 村振 <-> 振兴``; the last unit of a text
    is followed by an unknown one, so where it is not inside a bigram it is a prefix
    (``'乡':*`` is every token starting with 乡). A 3+-character text is also a possible
    long word (``'乡村振兴'``)."""
    parts = _substring(text, whole)
    return _exact_full(*parts) if parts else None


def _exact_full(word: str | None, phrase: str | None) -> tuple[str | None, str]:
    """(exact, full) of a ``_substring`` (word, phrase)."""
    if phrase is None:
        return word, word
    if word is None:
        return None, phrase
    return word, f"({word} | {phrase})"


def _and(parts: list[str]) -> str:
    parts = list(dict.fromkeys(parts))
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _combine(parts: list[tuple[str | None, str]]) -> tuple[str | None, str]:
    """(exact, full) of parts that must all match: exact only if every part has one."""
    exact = None if any(e is None for e, _ in parts) else _and([e for e, _ in parts])
    return exact, _and([f for _, f in parts])


def _clause_texts(clause) -> list[str]:
    """The texts a clause needs as substrings: a phrase its text, a term each of its words."""
    if isinstance(clause, Phrase):
        return [clause.text]
    return tokens_for_query(clause.text) or char_units(clause.text)


def _clause_parts(clause, whole: bool = False) -> list[tuple[str | None, str | None]]:
    """The (word, phrase) of each text the clause needs (``_substring``)."""
    return [p for p in (_substring(t, whole) for t in _clause_texts(clause)) if p]


def clause_tsquery(clause, whole: bool = False) -> tuple[str | None, str] | None:
    """(exact, full) of one clause, ignoring its negation: a phrase is its text as a
    substring; a term is every one of its words as a substring (``search.query``)."""
    parts = [_exact_full(*p) for p in _clause_parts(clause, whole)]
    return _combine(parts) if parts else None


def _rest_candidates(parts: list[tuple[str | None, str | None]]) -> str:
    """A tsquery for a superset of ``full AND NOT exact`` with no OR around the long words:
    the materials having some text's phrase but not its word (``phrase & !word``).
    Without the viewer's markers and the OR it costs a third of the exact form (4 vs 10 ms
    for 金点子 at 100,000); the few it finds are then tested against the real condition."""
    return " | ".join(dict.fromkeys(f"({phrase} & !{word})" for word, phrase in parts if word and phrase))


@dataclass(frozen=True)
class PgQuery:
    """A parsed query as tsqueries: ``full`` must match ('' = anything), ``exact`` is the
    part of it GIN answers without rechecking (None: not split), ``excluded`` must not
    match ('' = nothing excluded); ``excluded_exact``: it has no phrase operator, so GIN
    can apply it inside the same tsquery without rechecking."""

    full: str = ""
    exact: str | None = None
    excluded: str = ""
    excluded_exact: bool = True
    #: The hits that ``exact`` misses (``full AND NOT exact``), found once per search
    #: (``PostgresBackend.search``); None: not looked up yet.
    rest_ids: tuple[int, ...] | None = None
    #: ``_rest_candidates``: a cheaper superset of the rest.
    candidates: str = ""

    @property
    def split(self) -> bool:
        return bool(self.full) and self.exact is not None and self.exact != self.full

    def _also(self, also: str) -> str:
        """``also`` AND, for an exclusion without a phrase, NOT ``excluded``."""
        if self.excluded and self.excluded_exact:
            return f"{also} & !({self.excluded})" if also else f"!({self.excluded})"
        return also

    def _with(self, expr: str, also: str) -> str:
        also = self._also(also)
        return f"{expr} & {also}" if also else expr

    def rest_tsquery(self, also: str = "") -> str:
        return self._with(f"{self.full} & !{self.exact}", also)

    def match_sql(self, column: str = "e.vector", also: str = "") -> tuple[str, list]:
        """The WHERE condition for ``full`` AND ``also`` (the viewer's and the filters'
        markers; with an exact exclusion, NOT ``excluded`` too). Split as
        ``exact OR (full AND NOT exact)`` when that differs: the materials having the long
        word are then found exactly, and only the rest (a few) have their positions
        rechecked. Inside one tsquery ``'乡村振兴' | (phrase)`` GIN still rechecked every
        material having the word. With ``rest_ids`` known, the rest is those ids, and
        every query of the search is the exact tsquery alone."""
        if not self.full:
            return f"{column} @@ %s::tsquery", [self._also(also)]
        if not self.split:
            return f"{column} @@ %s::tsquery", [self._with(self.full, also)]
        exact = self._with(self.exact, also)
        if self.rest_ids is not None:
            if not self.rest_ids:
                return f"{column} @@ %s::tsquery", [exact]
            return f"({column} @@ %s::tsquery OR e.material_id = ANY(%s))", [exact, list(self.rest_ids)]
        return (f"({column} @@ %s::tsquery OR {column} @@ %s::tsquery)",
                [exact, self.rest_tsquery(also)])


def pg_query(query: Query, whole: bool = False) -> PgQuery:
    """``whole``: the index holds whole words for the current dictionary (``search_state``)."""
    pos_parts = [p for p in (_clause_parts(c, whole) for c in query.positive) if p]
    pos = [_combine([_exact_full(*p) for p in parts]) for parts in pos_parts]
    neg = [p for p in (clause_tsquery(c, whole) for c in query.negative) if p]
    excluded = " | ".join(f for _, f in neg)
    excluded_exact = all(e == f for e, f in neg)
    if not pos:
        return PgQuery(excluded=excluded, excluded_exact=excluded_exact)
    exact, full = _combine(pos)
    return PgQuery(full=full, exact=exact, excluded=excluded, excluded_exact=excluded_exact,
                   candidates=_rest_candidates([p for parts in pos_parts for p in parts]))


def pg_tsquery(query: Query) -> str:
    """The whole query as one tsquery string (tests compare it with ``search.query.to_tsquery``)."""
    q = pg_query(query)
    if q.excluded:
        return f"{q.full} & !({q.excluded})" if q.full else f"!({q.excluded})"
    return q.full


def _marker(kind: str, value) -> str:
    """A lexeme saying what a material is (who may see it, its facets), not what it says.
    Text values are hashed; '~' never occurs in a unit or a word, so no query term can
    match a marker."""
    value = str(value)
    if kind in ("c", "t"):
        value = hashlib.blake2b(value.encode(), digest_size=8).hexdigest()
    return f"~{kind}{value}"


def markers(d: IndexedDocument) -> list[str]:
    """The markers of a material: visibility (with, for a shared-with-province or draft
    one, who may see it: ``~pv``/``~ov`` province and owner, ``~od`` owner), organisation,
    level, province, year, occasion, themes. In the tsvector (without positions), so the
    viewer's visibility and the filters are one GIN condition with the words: no row is
    read to test them, and a count needs no row at all."""
    out = [_marker("v", d.visibility), _marker("o", d.organisation_id), _marker("l", d.level)]
    if d.visibility == VISIBILITY_PROVINCE:
        out.append(_marker("ov", d.organisation_id))
        if d.province_id is not None:
            out.append(_marker("pv", d.province_id))
    elif d.visibility == VISIBILITY_DRAFT:
        out.append(_marker("od", d.organisation_id))
    if d.province_id is not None:
        out.append(_marker("p", d.province_id))
    if d.year is not None:
        out.append(_marker("y", d.year))
    # the date's year, "n" for none: newest-first pages are read bucket by bucket (``_walk``)
    out.append(_marker("d", d.published_on.year if d.published_on else "n"))
    if d.occasion:
        out.append(_marker("c", d.occasion))
    out.extend(_marker("t", t) for t in dict.fromkeys(d.themes))
    return out


def _m(kind: str, value) -> str:
    return _lexeme(_marker(kind, value))


def _any(kind: str, values) -> str:
    return "(" + " | ".join(_m(kind, v) for v in values) + ")"


def _scope_parts(viewer: ViewerScope) -> list[tuple[str, bool]]:
    """What the viewer may see, as disjoint parts (tsquery, the same for other viewers):
    platform-shared to all; shared with a province to its committees and the owner;
    drafts to the owner."""
    parts = [(_m("v", VISIBILITY_PLATFORM), True)]
    p, o = viewer.province_id, viewer.organisation_id
    if p is not None:
        parts.append((f"{_m('v', VISIBILITY_PROVINCE)} & {_m('pv', p)}", True))
        if o is not None:
            parts.append((f"{_m('v', VISIBILITY_PROVINCE)} & {_m('ov', o)} & !{_m('pv', p)}", False))
    elif o is not None:
        parts.append((f"{_m('v', VISIBILITY_PROVINCE)} & {_m('ov', o)}", False))
    if o is not None:
        parts.append((f"{_m('v', VISIBILITY_DRAFT)} & {_m('od', o)}", False))
    return parts


def _visibility_tsquery(viewer: ViewerScope, *, positive: bool) -> str:
    """What the viewer may see, as a tsquery over the markers. ``positive``: the union of
    ``_scope_parts`` (for a query without words: GIN needs an entry that must be there).
    Else as NOT (what it may not see), whose entries are all small (~vprovince, ~vdraft
    and the viewer's own): ANDed with words, GIN then reads the big ~vplatform list not
    at all."""
    if positive:
        return "(" + " | ".join(f"({part})" for part, _ in _scope_parts(viewer)) + ")"
    p, o = viewer.province_id, viewer.organisation_id
    province = _m("v", VISIBILITY_PROVINCE) + "".join(
        f" & !{_m(kind, v)}" for kind, v in (("pv", p), ("ov", o)) if v is not None)
    draft = _m("v", VISIBILITY_DRAFT) + (f" & !{_m('od', o)}" if o is not None else "")
    return f"!(({province}) | ({draft}))"


def _filters_tsquery(filters: Filters) -> str:
    return " & ".join(_any(kind, values) for kind, values in (
        ("o", filters.organisation), ("l", filters.level), ("p", filters.province),
        ("y", filters.year), ("c", filters.occasion), ("t", filters.theme)) if values)


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
        sql += " AND e.material_id NOT IN (SELECT unnest(%s::int[]))"
        params = params + [excluded_ids]
    return sql, params


def _excluded_ids(cursor, q: PgQuery, viewer: ViewerScope, filters: Filters) -> list[int]:
    """Ids of the would-be hits that an exclusion with a phrase removes, found ONCE per
    search: inside the same tsquery, ``a & !(phrase)`` made GIN recheck (read the
    tsvector of) every material having ``a``; here only rows matching both are read."""
    where, params = _where(replace(q, excluded=""), None, viewer, filters)
    cursor.execute(f"SELECT e.material_id FROM search_entry e WHERE {where} AND e.vector @@ %s::tsquery",
                   params + [q.excluded])
    return [r[0] for r in cursor.fetchall()]


#: The facets in ONE pass over the hits' rows, as two grouping sets: (organisation, level,
#: province, year), at most organisations × years groups, summed here into four facets
#: and the total; and (occasion, theme list), a hit's themes one hash key, split here.
#: Five sets, one per facet, cost 65 ms for 42,700 hits against 57; unnesting the themes
#: into a UNION ALL, or a MATERIALIZED CTE feeding the sets and the newest hits,
#: doubled the time (155 → 72 ms for 金点子's 24,600 hits).
_FACETS_SQL = """
    SELECT GROUPING(organisation_id, level, province_id, year, occasion, themes),
           organisation_id, level, province_id, year, occasion, themes, count(*)
    FROM search_entry e WHERE {where}
    GROUP BY GROUPING SETS ((organisation_id, level, province_id, year), (occasion, themes))
"""


def _table_rows(cursor) -> float:
    """The planner's estimate of the index's size (no count of 100,000 rows)."""
    cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_entry'::regclass")
    return float(cursor.fetchone()[0])


def _newest_first(rows: list[tuple[int, object]]) -> list[int]:
    """Ids of (id, published_on) rows ordered as ``published_on DESC NULLS LAST, id DESC``."""
    dated = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]), reverse=True)
    undated = sorted((r for r in rows if r[1] is None), key=lambda r: r[0], reverse=True)
    return [r[0] for r in dated + undated]


#: From this many hits, newest-first hits are read year by year (``_Walk``); below it
#: the bitmap of every hit and a top-N sort cost little.
WALK_FROM = 2000
#: From this many hits (or dense ones), the newest *title* matches are read year by year too.
TITLE_WALK_FROM = 50_000
_DATE_ORDER = "(e.published_on + 0) DESC NULLS LAST, e.material_id DESC"


class _Walk:
    """Newest-first hits read one date bucket at a time (the ``~d<year>`` markers: the
    newest year first, undated last), each by the same GIN condition plus the bucket's
    marker: for a word in 25 % of 100,000 materials the newest 200 come from the
    newest year's ~2,500 hits instead of all 25,000 (22 → 7 ms). The order is exact: a
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
        not_sql = " AND NOT (e.material_id = ANY(%s))" if not_ids else ""
        not_params = [list(not_ids)] if not_ids else []
        got: list[tuple[int, object]] = []
        for bucket in [*self.years(), "n"]:
            sql, params = self.where_for(_m("d", bucket), title=title)
            self.cursor.execute(f"SELECT e.material_id, e.published_on FROM search_entry e "
                                f"WHERE {sql}{not_sql} ORDER BY {_DATE_ORDER} LIMIT %s",
                                params + not_params + [need - len(got)])
            got += self.cursor.fetchall()
            if len(got) >= need:
                break
        skip = set(not_ids) | self.excluded_ids
        rest = [] if title else [m for m in self.rest_ids if m not in skip]
        if rest:
            self.cursor.execute("SELECT material_id, published_on FROM search_entry "
                                "WHERE material_id = ANY(%s)", [rest])
            got += self.cursor.fetchall()
        return _newest_first(got)[:need]



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
            title, body = normalize(d.title), normalize(d.body)
            title_units, title_long, title_words = _index_streams(title)
            body_units, body_long, body_words = _index_streams(body)
            marks = markers(d)
            counts = Counter(body_words)
            for word in title_words:
                counts[word] += 3
            title_whole = _whole_words(title, title_long)
            body_whole = _whole_words(body, set(title_long) | set(body_long) | set(title_whole))
            entry_rows.append((
                d.id, d.organisation_id, d.level, d.province_id, d.year, d.published_on,
                list(d.themes), d.occasion or "", d.visibility,
                tsvector_text([title_units, title_long], marks=marks + title_whole),
                tsvector_text([title_units, title_long], [body_units, body_long],
                              marks=marks + title_whole + body_whole),
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
            fingerprint = get_segmenter().fingerprint
            cursor.execute(_BUMP_AFTER_WRITE, [fingerprint, was_empty, fingerprint])

    def settle(self) -> None:
        """After bulk writes: merge GIN's pending lists, which every query would read."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('search_entry_vector_gin'), "
                           "gin_clean_pending_list('search_entry_title_gin')")

    def delete(self, material_ids: list[int]) -> None:
        if not material_ids:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry WHERE material_id = ANY(%s)", [list(material_ids)])
            cursor.execute("DELETE FROM search_text WHERE material_id = ANY(%s)", [list(material_ids)])
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
            q = pg_query(query, whole=dictionary == get_segmenter().fingerprint)
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
                facets = self._buckets(raw, filters)
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
            if total and offset < total:
                walk = _Walk(cursor, where_for, q.rest_ids or (), excluded_ids, filters.year)
                # an exclusion inside the tsquery, on a title vector, tests the title only
                body_exclusion = q.excluded if q.excluded and q.excluded_exact else ""
                ids = self._page(cursor, (where, params), walk, q.full, total, dense, sort, offset,
                                 page_size, body_exclusion)
            hits = self._hits(cursor, ids, query)
        return SearchResult(query=str(query), hits=hits, total=total, facets=facets,
                            page=page, page_size=page_size, sort=sort, total_exact=total_exact)

    @staticmethod
    def _rest_ids(cursor, q: PgQuery, viewer: ViewerScope, filters: Filters) -> tuple[int, ...]:
        """The hits ``exact`` misses (``full AND NOT exact`` and the viewer's markers): the
        cheap superset ``q.candidates`` by GIN, then those few tested row by row."""
        cursor.execute("SELECT e.material_id FROM search_entry e WHERE e.vector @@ %s::tsquery",
                       [q.candidates])
        found = [r[0] for r in cursor.fetchall()]
        if not found:
            return ()
        cursor.execute("SELECT e.material_id FROM search_entry e WHERE e.material_id = ANY(%s) "
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
        # materials would otherwise pay a count here for nothing (~10 ms at 100,000).
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
            key = "search:scope-facets:" + hashlib.blake2b(f"{version}|{tsq}".encode(), digest_size=16).hexdigest()
            got = cache.get(key) if shared else None
            if got is None:
                got = self._facets(cursor, "e.vector @@ %s::tsquery", [tsq])
                if shared:
                    cache.set(key, got, SCOPE_FACETS_SECONDS)
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
            rest_where += " AND e.material_id NOT IN (SELECT unnest(%s::int[]))"
            rest_params.append(list(q.rest_ids or ()))
        rest_total, rest = self._facets(cursor, rest_where, rest_params)
        cursor.execute("SELECT version FROM search_state")
        if cursor.fetchone() != (version,) or scope_total - rest_total != hits:
            return None  # the index changed meanwhile: count directly
        for name, values in rest.items():
            for value, n in values.items():
                scope[name][value] = scope[name].get(value, 0) - n
        return hits, self._buckets(scope, filters)

    def _facets(self, cursor, where: str, params: list):
        """(total, facet → value → count) in ONE pass."""
        cursor.execute(_FACETS_SQL.format(where=where), params)
        return self._counts(cursor.fetchall())

    @staticmethod
    def _counts(rows) -> tuple[int, dict[str, dict[str, int]]]:
        """(total, facet → value → count) from the GROUPING SETS rows of ``_FACETS_SQL``."""
        total = 0
        raw: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}

        def add(name, value, count):
            if value is not None and value != "":
                raw[name][str(value)] = raw[name].get(str(value), 0) + count

        # GROUPING bits, most significant first: organisation, level, province, year, occasion, themes
        for grouping, org, level, prov, year, occasion, themes, count in rows:
            if grouping == 0b000011:  # every hit is in one group of this set
                total += count
                add("organisation", org, count)
                add("level", level, count)
                add("province", prov, count)
                add("year", year, count)
            elif grouping == 0b111100:
                add("occasion", occasion, count)
                for theme in dict.fromkeys(themes or ()):
                    add("theme", theme, count)
        return total, raw

    @staticmethod
    def _buckets(raw: dict[str, dict[str, int]], filters: Filters) -> dict[str, list[FacetBucket]]:
        lists = {name: [(v, c) for v, c in values.items() if c > 0] for name, values in raw.items()}
        labels = _facet_labels(lists)
        facets = {}
        for name, buckets in lists.items():
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
        return facets

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
            sql += " AND NOT (e.material_id = ANY(%s))"
            params = params + [not_ids]
        order = "e.published_on DESC NULLS LAST, e.material_id DESC"
        if not dense:
            order = _DATE_ORDER
        else:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"SELECT e.material_id, 0 FROM search_entry e WHERE {sql} "
                       f"ORDER BY {order} LIMIT %s OFFSET %s", params + [limit, offset])
        rows = cursor.fetchall()
        if dense:
            cursor.execute("SET LOCAL enable_bitmapscan = on")
        return rows

    def _page(self, cursor, where: tuple[str, list], walk: _Walk, tsq: str,
              total: int, dense: bool, sort: str, offset: int, size: int,
              body_exclusion: str = "") -> list[tuple[int, float]]:
        """The page's (id, score). ``body_exclusion``: a tsquery the title candidates'
        bodies must not match (the title vectors cannot say)."""
        if sort == "date" or not tsq:
            return self._by_date(cursor, where, dense, size, offset, walk=walk, total=total)
        sql, params = where
        if total <= EXACT_RANK_LIMIT:
            cursor.execute(
                f"SELECT e.material_id, ts_rank(%s::real[], e.vector, %s::tsquery, 1) AS r "
                f"FROM search_entry e WHERE {sql} ORDER BY r DESC, {_DATE_ORDER} LIMIT %s OFFSET %s",
                [RANK_WEIGHTS, tsq] + params + [size, offset],
            )
            return cursor.fetchall()
        # Candidates: the newest hits whose title matches (title_vector @@ q implies
        # vector @@ q: the body vector holds the title's tokens at the same positions, and
        # GIN on the title vector alone never builds the bitmap of every hit) plus the
        # newest hits; ordered by ts_rank of the small, inline title vector.
        candidates = walk.newest(CANDIDATES, title=True) if dense or total >= TITLE_WALK_FROM else []
        if len(candidates) < CANDIDATES:
            tsql, tparams = walk.where_for(title=True)
            cursor.execute(f"SELECT e.material_id FROM search_entry e WHERE {tsql} "
                           f"ORDER BY {_DATE_ORDER} LIMIT %s", tparams + [CANDIDATES])
            candidates = [r[0] for r in cursor.fetchall()]
        if body_exclusion and candidates:
            cursor.execute("SELECT e.material_id FROM search_entry e WHERE e.material_id = ANY(%s) "
                           "AND NOT e.vector @@ %s::tsquery", [candidates, body_exclusion])
            candidates = [r[0] for r in cursor.fetchall()]
        candidates += [m for m, _ in self._by_date(cursor, where, dense, CANDIDATES, walk=walk, total=total)]
        cursor.execute(
            f"SELECT e.material_id, ts_rank(%s::real[], e.title_vector, %s::tsquery, 1) AS r "
            f"FROM search_entry e WHERE e.material_id = ANY(%s) "
            f"ORDER BY r DESC, e.published_on DESC NULLS LAST, e.material_id DESC",
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
        hidden = _visibility_tsquery(viewer, positive=False)
        with connection.cursor() as cursor:
            # The source itself must be visible to the viewer, else nothing (no leak of a draft).
            cursor.execute(
                "SELECT t.keywords, e.themes FROM search_entry e JOIN search_text t USING (material_id) "
                "WHERE e.material_id = %s AND e.vector @@ %s::tsquery",
                [material_id, _visibility_tsquery(viewer, positive=True)],
            )
            row = cursor.fetchone()
            if not row:
                return []
            words, themes = row[0].split()[:12], list(row[1])
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
                    [x for lx in lexemes for x in (lx, DF_CAP)],
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
            sources = ["(SELECT e.material_id FROM search_entry e WHERE e.material_id <> %s "
                       "AND e.vector @@ %s::tsquery ORDER BY e.published_on DESC NULLS LAST LIMIT 100)"] * len(wanted)
            params = [x for w in wanted for x in (material_id, f"{w} & {hidden}")]
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
