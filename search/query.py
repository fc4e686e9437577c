"""The user's query string → a small AST → a PostgreSQL tsquery string.

Syntax (what users type)::

    金点子 好品牌               terms, all required (AND)
    "有事来协商"  “两个薄弱”     quoted phrases: ASCII "…", Chinese “…”, 「…」, 『…』
    -同心圆  -"书香政协"        exclusion of a term or phrase
    -乐山                       also leaves out the materials OF 乐山 (a committee or an
                                outside organisation named so), not only texts saying it
    机构:乐山  org:"乐山市"      only materials of organisations so named (单位: too)
    -机构:乐山                  leave out materials of organisations so named (the texts
                                that merely mention 乐山 stay)

Parsing never raises: input is normalised (NFKC, lower-case, control characters and
lone surrogates removed), an unterminated quote makes the rest of the input a phrase,
empty phrases, lone dashes and pure punctuation are dropped, and input is capped at
``MAX_QUERY_CHARS`` characters and ``MAX_CLAUSES`` clauses.

Matching semantics (identical on PostgreSQL and Elasticsearch, see
``search.segmentation`` for what is indexed):

* a **term** matches a document that contains every one of its words (precise-mode
  jieba tokens, so a known term such as 有事来协商 is looked up whole) as a literal
  substring (the word's character units adjacent). So 协商, 来协商 and 有事来协商 all
  find a material about 有事来协商, whatever jieba made of its text;
* a **phrase** matches where its character units are adjacent (a substring, ignoring
  punctuation and whitespace);
* an **exclusion** removes documents matching the term or phrase.

tsquery rendering: every lexeme is single-quoted with quotes and backslashes escaped,
and lexemes consist only of letters and digits anyway, so no tsquery operator
(& | ! <-> ( ) : *) from user text can reach PostgreSQL. Use it as
``search_vector @@ to_tsquery('simple', %s)`` with the string as a bound parameter.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from search.segmentation import _CONTROLS, _FULLWIDTH, _ascii_of, char_units, normalize, tokens_for_query

__all__ = [
    "MAX_CLAUSES",
    "MAX_QUERY_CHARS",
    "Phrase",
    "Query",
    "Term",
    "highlight",
    "highlight_terms",
    "parse_query",
    "to_tsquery",
]

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 32

# Any of these opens a phrase; inside a phrase any of them closes it (users mix “…"
# and „…“ freely, and IMEs sometimes produce two opening quotes).
QUOTES = frozenset('"“”「」『』„‟«»')
NEGATION = "-"


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False

    def __str__(self) -> str:
        return ("-" if self.negated else "") + self.text


@dataclass(frozen=True)
class Phrase:
    text: str
    negated: bool = False

    def __str__(self) -> str:
        return ("-" if self.negated else "") + f'"{self.text}"'


Clause = Term | Phrase

#: the field forms naming who wrote a document (NFKC has made "：" a ":")
AUTHOR_FIELDS = ("机构:", "单位:", "org:")


@dataclass(frozen=True)
class Author:
    """``机构:乐山``: documents of organisations so named (``search.authors`` resolves the
    name to committees and outside organisations); negated, those are left out."""

    text: str
    negated: bool = False

    def __str__(self) -> str:
        return ("-" if self.negated else "") + f"机构:{self.text}"


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...] = ()
    authors: tuple[Author, ...] = ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def has_positive(self) -> bool:
        return any(not c.negated for c in self.clauses)

    def __str__(self) -> str:
        return " ".join([str(c) for c in self.clauses] + [str(a) for a in self.authors])


def _usable(text: str) -> bool:
    return bool(char_units(text))


def parse_query(text: object) -> Query:
    """Parse a user's query string. Never raises; returns an empty Query if nothing
    searchable is left."""
    try:
        return _parse(text)
    except Exception:  # pragma: no cover - defensive: user input must never crash
        return Query()


def _parse(text: object) -> Query:
    if text is None:
        return Query()
    if not isinstance(text, str):
        text = str(text)
    s = normalize(text[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    n = len(s)
    clauses: list[Clause] = []
    seen: set[Clause] = set()
    authors: list[Author] = []

    def add(clause: Clause) -> None:
        if clause.text and _usable(clause.text) and clause not in seen:
            seen.add(clause)
            clauses.append(clause)

    i = 0
    while i < n and len(clauses) < MAX_CLAUSES:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == NEGATION or ch == "+":
            j = i
            while j < n and s[j] in "-+":
                j += 1
            if j >= n or s[j].isspace():
                i = j  # a lone "-" or "+" means nothing
                continue
            negated = NEGATION in s[i:j]
            i = j
            ch = s[i]
        if field := _author_field(s, i):
            i, text = _author_value(s, i + len(field))
            author = Author(text, negated)
            if text and author not in authors and len(authors) < MAX_CLAUSES:
                authors.append(author)
            continue
        if ch in QUOTES:
            j = i + 1
            while j < n and s[j] not in QUOTES:
                j += 1
            # unterminated quote: the rest of the input is the phrase
            phrase = " ".join(s[i + 1 : j].split())
            add(Phrase(phrase, negated))
            i = j + 1
        else:
            j = i
            while j < n and not s[j].isspace() and s[j] not in QUOTES:
                j += 1
            add(Term(s[i:j], negated))
            i = j
    return Query(tuple(clauses), tuple(authors))


def _author_field(s: str, i: int) -> str | None:
    """The author field form starting at ``i`` (``机构:``), if any."""
    return next((f for f in AUTHOR_FIELDS if s.startswith(f, i)), None)


def _author_value(s: str, i: int) -> tuple[int, str]:
    """(end, name) of an author field's value at ``i``: quoted, or up to a space."""
    if i < len(s) and s[i] in QUOTES:
        j = i + 1
        while j < len(s) and s[j] not in QUOTES:
            j += 1
        return j + 1, " ".join(s[i + 1:j].split())
    j = i
    while j < len(s) and not s[j].isspace():
        j += 1
    return j, s[i:j].strip(":")


# -- PostgreSQL tsquery --------------------------------------------------------------


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _units_phrase(units: list[str]) -> str:
    phrase = " <-> ".join(_lexeme(u) for u in units)
    return phrase if len(units) == 1 else f"({phrase})"


def _clause_tsquery(clause: Clause) -> str | None:
    units = char_units(clause.text)
    if not units:
        return None
    if isinstance(clause, Phrase):
        expr = _units_phrase(units)
    else:
        # every word of the term, each as a literal substring (its units adjacent)
        words = tokens_for_query(clause.text) or units
        parts = list(dict.fromkeys(_units_phrase(char_units(w)) for w in words if char_units(w)))
        expr = parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"
    return f"!{expr}" if clause.negated else expr


def to_tsquery(query: Query | str) -> str:
    """Render the AST as a tsquery string for ``to_tsquery('simple', …)``.

    Clauses are AND-ed; returns '' for an empty query (the caller must then not search).
    A query with only exclusions renders as e.g. ``!'x'`` (matches everything else).
    """
    if isinstance(query, str):
        query = parse_query(query)
    parts = [p for p in (_clause_tsquery(c) for c in query.clauses) if p]
    return " & ".join(parts)


# -- Highlighting (used on the PostgreSQL path; Elasticsearch highlights itself) -----


def highlight_terms(query: Query) -> list[str]:
    """Surface strings to mark: the whole text of each positive clause and, for terms,
    its words of 2+ characters (marking every 来 of 来协商 would be noise); longest
    first. Mirrors the Elasticsearch highlight_query."""
    out: set[str] = set()
    for c in query.positive:
        units = char_units(c.text)
        if not units:
            continue
        out.add("".join(units))
    out.update(_group_words(query))
    return sorted(out, key=lambda t: (-len(t), t))


def _group_words(query: Query) -> set[str]:
    """The words a term matches by (``search.backends.ranking``: question words dropped,
    thesaurus synonyms added, and the component words that make a partial hit), of 2+
    characters."""
    from search.backends.ranking import plan  # the backends' package imports this module

    p = plan(query)
    return ({w for g in p.groups if not g.phrase for w in g.alternatives if len(w) > 1}
            | {b.word for b in p.content_backoff if len(b.word) > 1})


def _folded(text: str) -> str:
    """A normalised copy of ``text`` of the same length, character for character (NFKC
    may change lengths, so each character is mapped on its own). Most windows need no
    more than the full-width → ASCII map and lower-casing, both length-preserving when the
    length does not change: then whole, at C speed (character by character it cost a
    page of ten snippets several milliseconds: benchmarks/README.md)."""
    quick = _FULLWIDTH.sub(_ascii_of, _CONTROLS.sub(" ", text)).lower()
    if len(quick) == len(text) and unicodedata.is_normalized("NFKC", quick):
        return quick
    return "".join((normalize(ch) or " ")[0] for ch in text)


def highlight(
    text: str,
    query: Query,
    *,
    fragment_size: int = 120,
    max_fragments: int = 3,
    pre: str = "<mark>",
    post: str = "</mark>",
) -> list[str]:
    """HTML-escaped snippets of ``text`` with query matches wrapped in ``pre``/``post``.

    Matching is case- and width-insensitive on the original text, ignoring punctuation
    and whitespace between characters of a match (as the index does).
    """
    if not text:
        return []
    terms = highlight_terms(query)
    if not terms:
        return [html.escape(text[:fragment_size])]
    # pattern that allows non-word characters between the characters of each term
    sep = r"[\W_]*"
    pattern = re.compile(
        "|".join(sep.join(re.escape(ch) for ch in t) for t in terms), re.IGNORECASE
    )
    folded = _folded(text)
    spans = [(m.start(), m.end()) for m in pattern.finditer(folded) if m.end() > m.start()]
    if not spans:
        return [html.escape(text[:fragment_size])]
    fragments: list[str] = []
    used_until = -1
    for start, _ in spans:
        if len(fragments) >= max_fragments:
            break
        if start < used_until:
            continue
        f_start = max(0, start - fragment_size // 4)
        f_end = min(len(text), f_start + fragment_size)
        parts: list[str] = []
        pos = f_start
        for s0, e0 in spans:
            if e0 <= f_start or s0 >= f_end:
                continue
            s0, e0 = max(s0, f_start), min(e0, f_end)
            if s0 < pos:
                continue
            parts.append(html.escape(text[pos:s0]))
            parts.append(pre + html.escape(text[s0:e0]) + post)
            pos = e0
        parts.append(html.escape(text[pos:f_end]))
        fragments.append("".join(parts))
        used_until = f_end
    return fragments
