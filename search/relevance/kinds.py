"""The shape of a judged query, and the kinds the relevance set is reported by."""
from __future__ import annotations

from dataclasses import dataclass

#: kind → the least number of judged queries of that kind the set must hold
#: (tests/search/test_relevance_set.py checks it).
KINDS: dict[str, int] = {
    "literal": 36,     # words the texts use: a programme name, a term, a title's words
    "question": 30,    # a question as people type it (怎么, 如何, 哪些 …), often in other words
    "synonym": 15,     # a near-synonym of what the texts say (网上议政 for 网络议政 …)
    "exclusion": 5,    # a positive part and `-word`: the user wants none of the excluded
    "multi": 5,        # several words, all of which matter
}


@dataclass(frozen=True)
class Judged:
    """One query with its graded materials (named by title; unjudged ones count as 0).

    Grades: 3 = what the query is about, 2 = substantially about it, 1 = touches it.
    An exclusion query is judged by what its user wants: a material of the excluded
    organisation or subject is 0 even when it matches the positive part.
    """

    query: str
    kind: str
    grades: dict[str, int]

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for {self.query!r}")
