"""A parsed query compiled to tsqueries over the index's tokens (``pg_query``): each
clause a literal substring, split into the part GIN answers exactly and the rest."""
from __future__ import annotations

from dataclasses import dataclass

from search.backends.postgres.tokens import _pairable, unit_tokens
from search.query import Phrase, Query, _lexeme
from search.segmentation import char_units, get_segmenter, tokens_for_query

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
    Without the viewer's markers and the OR it costs a fraction of the exact form
    (benchmarks/README.md); the few it finds are then tested against the real condition."""
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
            return f"({column} @@ %s::tsquery OR e.doc_id = ANY(%s))", [exact, list(self.rest_ids)]
        return (f"({column} @@ %s::tsquery OR {column} @@ %s::tsquery)",
                [exact, self.rest_tsquery(also)])


def _any(parts: list[tuple[str | None, str]]) -> tuple[str | None, str]:
    """(exact, full) of parts of which one must match: exact only if every part has one."""
    parts = list(dict.fromkeys(parts))
    if len(parts) == 1:
        return parts[0]
    exact = None if any(e is None for e, _ in parts) else "(" + " | ".join(e for e, _ in parts) + ")"
    return exact, "(" + " | ".join(f for _, f in parts) + ")"


def group_parts(group, whole: bool = False) -> list[tuple[str | None, str | None]]:
    """The (word, phrase) of each alternative of a ``ranking.Group``."""
    return [p for p in (_substring(a, whole) for a in group.alternatives) if p]


def group_tsquery(group, whole: bool = False) -> tuple[str | None, str] | None:
    """(exact, full) of a ``ranking.Group``: any of its alternatives as a substring."""
    parts = group_parts(group, whole)
    return _any([_exact_full(*p) for p in parts]) if parts else None


def at_least_tsquery(fulls: list[str], minimum: int) -> str:
    """A tsquery matching ``minimum`` or more of ``fulls``: the OR of every combination."""
    from itertools import combinations

    minimum = max(1, min(minimum, len(fulls)))
    return " | ".join(_and(list(c)) for c in combinations(fulls, minimum))


def pg_query(query: Query, whole: bool = False) -> PgQuery:
    """``whole``: the index holds whole words for the current dictionary (``search_state``).
    The positive part is every word group of ``ranking.plan`` (question words dropped,
    each word or one of its synonyms)."""
    from search.backends.ranking import plan

    pos_parts = [p for p in (group_parts(g, whole) for g in plan(query).groups) if p]
    pos = [_any([_exact_full(*p) for p in parts]) for parts in pos_parts]
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
