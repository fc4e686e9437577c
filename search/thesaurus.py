"""The query's vocabulary beside the dictionary: the domain thesaurus
(``thesaurus.txt``) and the function words of questions (``question_words.txt``).

Both backends use them the same way (``search.backends.ranking.word_groups``): a
question's function words are dropped, and each remaining word matches as itself or
any of its thesaurus synonyms. PostgreSQL expands the query with ``synonyms``;
Elasticsearch gets the same sets as a ``synonym_graph`` filter (``synonym_rules``, in
the character units its ``content_seg`` field holds).
"""
from __future__ import annotations

import functools
from pathlib import Path

from search.segmentation import char_units, normalize

HERE = Path(__file__).resolve().parent
THESAURUS_PATH = HERE / "thesaurus.txt"
QUESTION_WORDS_PATH = HERE / "question_words.txt"

__all__ = ["Thesaurus", "get_thesaurus", "question_words", "synonym_rules"]


def _lines(path: Path):
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield number, line


def _words(text: str) -> list[str]:
    return [w for w in (normalize(x).strip() for x in text.split(",")) if w]


class Thesaurus:
    """Sets of words read from a Solr-format file (``a, b, c`` or ``a => b, c``)."""

    def __init__(self, path: Path | str = THESAURUS_PATH):
        self.path = Path(path)
        #: each rule as (left words, right words); an equivalence has right == left
        self.rules: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self._of: dict[str, list[str]] = {}
        for number, line in _lines(self.path):
            if "=>" in line:
                left_text, right_text = line.split("=>", 1)
                left, right = _words(left_text), _words(right_text)
            else:
                left = right = _words(line)
            if not left or not right or any(len(char_units(w)) < 2 for w in left + right):
                raise ValueError(f"{self.path.name}:{number}: a set needs words of 2+ characters")
            self.rules.append((tuple(left), tuple(right)))
            for word in left:
                found = self._of.setdefault(word, [word])
                found.extend(w for w in right if w not in found)
        self.longest = max((len(w) for w in self._of), default=0)

    def synonyms(self, word: str) -> tuple[str, ...]:
        """``word`` first, then what it also finds (empty of others if it has no entry)."""
        word = normalize(word).strip()
        return tuple(self._of.get(word, [word] if word else []))

    def __contains__(self, word: str) -> bool:
        return normalize(word).strip() in self._of

    def words(self) -> set[str]:
        return set(self._of)


@functools.lru_cache(maxsize=1)
def get_thesaurus() -> Thesaurus:
    return Thesaurus()


@functools.lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    return frozenset(normalize(line) for _, line in _lines(QUESTION_WORDS_PATH))


def synonym_rules(thesaurus: Thesaurus | None = None) -> list[str]:
    """The thesaurus as ``synonym_graph`` rules over character units (``政 协 委 员, 委 员``):
    the tokens the whitespace analyser of ``content_seg`` sees."""
    thesaurus = thesaurus or get_thesaurus()

    def units(words):
        return ", ".join(" ".join(char_units(w)) for w in words)

    # a one-way rule keeps its left words (synonym_graph replaces them otherwise)
    return [units(left) if left == right else
            f"{units(left)} => {units(list(dict.fromkeys(left + right)))}"
            for left, right in thesaurus.rules]
