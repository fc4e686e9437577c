"""The PostgreSQL backend's index tokens: a text's character units as bigrams, its long
and whole words, and the tsvector literal built from them (``tsvector_text``).

PostgreSQL's limits on a tsvector, and what is done about each (the backend also indexes
only the first ``base.INDEX_BODY_CHARS`` characters of a body):

* 1 MB of lexemes and positions (``string is too long for tsvector``): ``tsvector_text``
  estimates the size from above and, given a ``budget``, raises ``TsvectorTooLarge``, so
  the backend indexes a shorter beginning of the text instead (``PostgresBackend.prepare``);
* a lexeme of 2,047 bytes or more (``word is too long``): such a token (a pasted blob of
  letters) is left out, its position unused;
* positions past 16,383 are clamped to 16,383 and 255 are kept per lexeme, as
  ``to_tsvector`` does; the clamped ones are written once per lexeme.
"""
from __future__ import annotations

import operator
import re
from collections import defaultdict
from itertools import compress

from search.segmentation import _CJK, get_segmenter, normalize

MAX_POSITION = 16383   # PostgreSQL clamps positions here
MAX_POSITIONS = 255    # and keeps this many per lexeme, as to_tsvector does
MAX_LEXEME_BYTES = 2046  # a longer lexeme is refused ("word is too long")
#: lexemes and positions of one tsvector, in bytes ("string is too long for tsvector")
MAX_TSVECTOR_BYTES = (1 << 20) - 1


class TsvectorTooLarge(ValueError):
    """The tsvector of these streams would hold about ``size`` bytes, over the budget."""

    def __init__(self, size: int, budget: int):
        super().__init__(f"tsvector of about {size} bytes, over {budget}")
        self.size = size
        self.budget = budget


#: str(position) for every position PostgreSQL keeps: sliced, never formatted per token.
_POSITIONS = [str(i) for i in range(MAX_POSITION + 1)]


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


def _fitting(stream: list[str]) -> list:
    """The stream with every token PostgreSQL would refuse as a lexeme (over
    MAX_LEXEME_BYTES) replaced by None, which keeps its position and is dropped."""
    if not stream or max(map(len, stream)) * 4 <= MAX_LEXEME_BYTES:  # 4 bytes a character at most
        return stream
    return [None if len(t) * 4 > MAX_LEXEME_BYTES and len(t.encode()) > MAX_LEXEME_BYTES else t
            for t in stream]


def _add_positions(lexemes: dict, stream: list, pos: int, weight: str) -> None:
    """Each token of ``stream`` (from position ``pos``) into ``lexemes``: token → its
    position strings. The tokens past MAX_POSITION, all clamped to it, get it once."""
    head = max(0, min(len(stream), MAX_POSITION - pos))
    if weight:
        for tok, p in zip(stream[:head], _POSITIONS[pos:pos + head]):
            lexemes.setdefault(tok, []).append(p + weight)
    else:
        for tok, p in zip(stream[:head], _POSITIONS[pos:pos + head]):
            lexemes[tok].append(p)
    if head < len(stream):
        last = _POSITIONS[MAX_POSITION] + weight
        for tok in dict.fromkeys(stream[head:]):
            positions = lexemes.setdefault(tok, []) if weight else lexemes[tok]
            if not positions or positions[-1] != last:
                positions.append(last)


def _entry_bytes(tok: str, positions: int) -> int:
    """An upper bound of what a lexeme with ``positions`` positions takes in a tsvector
    (its bytes, aligned to 2, a count and 2 bytes a position)."""
    return len(tok.encode()) + 1 + (2 + 2 * min(positions, MAX_POSITIONS) if positions else 0)


def _check_size(budget: int, marks, *lexemes: dict[str, list[str]]) -> None:
    """Raise ``TsvectorTooLarge`` if these lexemes (token → positions) and marks take
    more than ``budget`` bytes: first a bound counted in C (4 bytes a character), and
    only when that is over, lexeme by lexeme."""
    size = sum(len(m.encode()) + 1 for m in marks)
    bound = size + sum(4 * sum(map(len, d)) + 5 * len(d) + 2 * sum(map(len, d.values())) for d in lexemes)
    if bound <= budget:
        return
    size += sum(_entry_bytes(t, len(p)) for d in lexemes for t, p in d.items())
    if size > budget:
        raise TsvectorTooLarge(size, budget)


def tsvector_text(title_streams: list[list[str]], body_streams: list[list[str]] = (),
                  marks: list[str] = (), *, budget: int | None = None) -> str:
    """The tsvector, as text, of token streams: title streams weighted A, then the body's
    (unweighted = D), one position per token and one unused position between non-empty streams,
    so that no phrase spans two of them (the title's end and the body's start).
    Equal to ``to_tsvector('simple', …)`` of the same tokens with those positions (tested);
    built here because PostgreSQL's parser costs more than this. The only per-token
    Python work is one dict append of a ready-made position string.

    ``budget``: at most this many bytes (estimated from above), else ``TsvectorTooLarge``.
    """
    title: dict[str, list[str]] = {}
    pos = 1
    for stream in title_streams:
        if not stream:
            continue
        _add_positions(title, _fitting(stream), pos, "A")
        pos += len(stream) + 1
    title.pop(None, None)
    marked = "".join(f" '{m}'" for m in marks)
    if not body_streams:
        if budget is not None:
            _check_size(budget, marks, title)
        return " ".join(f"'{t}':" + ",".join(p[:MAX_POSITIONS]) for t, p in title.items()) + marked
    body: defaultdict[str, list[str]] = defaultdict(list)
    for stream in body_streams:
        if not stream:
            continue
        _add_positions(body, _fitting(stream), pos, "")
        pos += len(stream) + 1
    body.pop(None, None)
    for tok, t in title.items():
        b = body.pop(tok, None)
        if b is not None:
            title[tok] = t + b
    if budget is not None:
        _check_size(budget, marks, title, body)
    parts = [f"'{tok}':" + ",".join(t[:MAX_POSITIONS]) for tok, t in title.items()]
    parts += [f"'{tok}':" + ",".join(p[:MAX_POSITIONS]) for tok, p in body.items()]
    return " ".join(parts) + marked
