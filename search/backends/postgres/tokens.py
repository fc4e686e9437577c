"""The PostgreSQL backend's index tokens: a text's character units as bigrams, its long
and whole words, and the tsvector literal built from them (``tsvector_text``)."""
from __future__ import annotations

import operator
import re
from collections import defaultdict
from itertools import compress

from search.segmentation import _CJK, get_segmenter, normalize

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
