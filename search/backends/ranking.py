"""What both backends rank by, decided once (``plan``): a query's *word groups*.

A positive clause gives groups: a quoted phrase is one group (itself, literally); a
term gives one group per word after the function words of questions are dropped
(``search.thesaurus.question_words``), each word matching as itself or any of its
thesaurus synonyms (``search.thesaurus``; a synonym may join words the segmenter
split: 营商 环境 → 营商环境). A document matching every group is a *full* match.

When full matches are few (``PARTIAL_BELOW``) and the query has two groups or more,
documents matching part of it join them: those matching at least ``minimum`` of the
query's *content* groups (groups whose words are not all ``GENERIC_WORDS``, which are
in nearly every material), ranked by BM25 over the groups, each weighted by its rarity
(an IDF), times the rarity-weighted share of the query they cover, plus a bonus where
the words of one typed term stand together (``proximity``); so full matches come first
unless a partial one is much better on what it has. Both backends use the same groups,
the same minimum and the same threshold.

A group also *backs off* to its component words (``backoff``): the search-mode words of
its typed text and of its synonyms (农村发展 → 农村, 发展; 乡村振兴 → 乡村, 振兴), each
weighted by its own IDF times BACKOFF_SHARE (times SYNONYM_SHARE for a synonym's). They
never make a full match; a non-generic one makes a partial hit and counts towards the
share of the query covered, so a text saying 农村 alone is found for 农村发展 as BM25
over single words finds it, after those having the group itself.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace

from search.backends.base import GENERIC_WORDS
from search.query import Phrase, Query, Term
from search.segmentation import char_units, tokens_for_index, tokens_for_query
from search.thesaurus import get_thesaurus, question_words

#: Partial matches are added when the full matches are fewer than this (two pages).
PARTIAL_BELOW = 20
#: At most this many groups count (a pasted paragraph is not a query).
MAX_GROUPS = 8
#: Score weights, in units of one group's IDF (``postgres.partial._scored``; on
#: Elasticsearch, boosts of the same clauses). TITLE_BONUS: a group found in the title
#: (judged set: nDCG@5 0.814 -> 0.820, synonyms 0.634 -> 0.665; 0.25-2.0 all gain).
PROXIMITY_BONUS = 0.5
TITLE_BONUS = 0.5
#: BM25's term-frequency saturation and length normalisation, on both backends (the
#: Elasticsearch index's default similarity is set to them). k1 2.0, not Lucene's 1.2: a
#: material about a subject says its word again and again, and 1.2 saturates by the
#: third time; on the judged set 2.0 raised nDCG@5 from 0.800 to 0.809, and the BM25
#: baseline's from 0.728 to 0.738 (benchmarks/README.md, "Ranking, session 12").
K1 = 2.0
B = 0.75
#: A synonym's share of the typed word's weight (both backends).
SYNONYM_SHARE = 0.6
#: A component word's share of its own IDF (``Plan.backoff``), and how many count.
BACKOFF_SHARE = 0.5
MAX_BACKOFF = 8


@dataclass(frozen=True)
class Group:
    """One thing the query asks for: any of ``alternatives`` as a literal substring
    (``phrase``: a quoted phrase, never expanded)."""

    alternatives: tuple[str, ...]
    phrase: bool = False

    @property
    def text(self) -> str:
        return self.alternatives[0]

    @property
    def generic(self) -> bool:
        return all(a in GENERIC_WORDS or len(char_units(a)) < 2 for a in self.alternatives)


@dataclass(frozen=True)
class Backoff:
    """A component word of ``Plan.groups[group]``, worth ``share`` of its own IDF."""

    group: int
    word: str
    share: float

    @property
    def generic(self) -> bool:
        return self.word in GENERIC_WORDS or len(char_units(self.word)) < 2


@dataclass(frozen=True)
class Plan:
    groups: tuple[Group, ...] = ()
    #: the texts whose words stand together in a typed term (2+ kept words in a row)
    proximity: tuple[str, ...] = ()
    negative: tuple = ()
    content: tuple[int, ...] = field(default=())
    #: the groups' component words (``_backoff``), in the order of their groups
    backoff: tuple[Backoff, ...] = ()

    @property
    def content_backoff(self) -> tuple[Backoff, ...]:
        """The component words that make a partial hit: not generic, of a content group."""
        return tuple(b for b in self.backoff if not b.generic and b.group in self.content)

    @property
    def minimum(self) -> int:
        """How many content groups a partial match needs: one (OR, as BM25 and
        Elasticsearch's default). How much of the query a match covers is in its order:
        a question typed in other words than the text's shares only one or two of them
        (half of them lost a fifth of the judged relevant materials: benchmarks/README.md)."""
        return 1

    @property
    def partial_possible(self) -> bool:
        """Whether partial matches can differ from full ones: 2+ groups and 1+ content
        group, or a content component word."""
        return (len(self.groups) >= 2 and bool(self.content)) or bool(self.content_backoff)

    def wants_partial(self, full_total: int) -> bool:
        return self.partial_possible and full_total < PARTIAL_BELOW

    def widened(self) -> Plan | None:
        """This plan with its generic groups counting as content too, for a query that
        found nothing: its content words are in no material (协商进村 where no text says
        进村), so the materials having its other words are shown, as partial matches,
        rather than none; a single character never counts (in nearly every text, and
        rarely what was meant). None where that finds nothing more: every such group
        counts already, or partial matches cannot differ from full ones."""
        every = tuple(i for i, g in enumerate(self.groups)
                      if i in self.content or any(len(char_units(a)) >= 2 for a in g.alternatives))
        if self.content == every:
            return None
        wider = replace(self, content=every)
        return wider if wider.partial_possible else None

    def highlight_words(self) -> list[str]:
        """Every alternative of every group (synonyms included) and the component words
        that make a partial hit: what a hit is marked for."""
        out: list[str] = []
        for g in self.groups:
            out.extend(a for a in g.alternatives if a not in out)
        out.extend(b.word for b in self.content_backoff if b.word not in out)
        return out


def idf(df: int, n: int) -> float:
    """Rarity of a group found in ``df`` of ``n`` documents (BM25's, never below 0.05)."""
    return max(0.05, math.log(1 + (n - df + 0.5) / (df + 0.5)))


#: directional complements a question puts after its verb (记录下来, 交上去, 说出来)
_COMPLEMENTS = ("上去", "下去", "上来", "下来", "起来", "出来", "过来", "过去", "进来", "进去", "回来", "回去")


def _without_complement(word: str) -> str:
    for c in _COMPLEMENTS:
        if word.endswith(c) and len(word) > len(c):
            return word[:-len(c)]
    return word


def _term_words(text: str) -> tuple[list[list[str]], list[str]]:
    """(runs of kept words, every word) of a term: the question words split the runs; a
    verb keeps no directional complement (记录下来 → 记录: the texts say 记录, and a
    word of four characters would have been matched as typed or not at all)."""
    words = tokens_for_query(text) or char_units(text)
    stop = question_words()
    if all(w in stop for w in words):
        return [words], words
    runs: list[list[str]] = [[]]
    for w in words:
        w = _without_complement(w)
        if w in stop:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(w)
    runs = [r for r in runs if r]
    return runs, [w for r in runs for w in r]


def _join_synonyms(words: list[str]) -> list[tuple[str, ...]]:
    """The run's words as groups, joining adjacent words that the thesaurus knows as one
    (longest first): each group is (word, its synonyms …)."""
    thesaurus = get_thesaurus()
    out: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            joined = "".join(words[i:j])
            if j - i == 1 or (len(joined) <= thesaurus.longest and joined in thesaurus):
                out.append(thesaurus.synonyms(joined) or (joined,))
                i = j
                break
    return out


def _backoff(groups: list[Group]) -> tuple[Backoff, ...]:
    """The component words of each group not a quoted phrase: the search-mode words
    (``tokens_for_index``) of its typed text, then of its synonyms (SYNONYM_SHARE of
    the share), that are not the alternative itself, an alternative of any group, nor a
    question word; each word once (its first, heaviest), MAX_BACKOFF at most."""
    taken = {a for g in groups for a in g.alternatives}
    stop = question_words()
    out: list[Backoff] = []
    for i, g in enumerate(groups):
        if g.phrase:
            continue
        for n, alternative in enumerate(g.alternatives):
            share = BACKOFF_SHARE * (1.0 if n == 0 else SYNONYM_SHARE)
            for word in tokens_for_index(alternative):
                if word in taken or word in stop or len(char_units(word)) < 2:
                    continue
                taken.add(word)
                out.append(Backoff(i, word, share))
    return tuple(out[:MAX_BACKOFF])


@functools.lru_cache(maxsize=512)
def plan(query: Query) -> Plan:
    """The query's word groups (module docstring). Memoised: a page asks for the plan of
    its query once for the search and again for every hit's title and snippet (30 times
    a page, 0.1 ms each); a Query and its Plan are immutable, and the thesaurus and the
    question words are read once per process."""
    groups: list[Group] = []
    proximity: list[str] = []
    for clause in query.positive:
        if not char_units(clause.text):
            continue
        if isinstance(clause, Phrase):
            groups.append(Group((clause.text,), phrase=True))
            continue
        assert isinstance(clause, Term)
        runs, _ = _term_words(clause.text)
        for run in runs:
            joined = _join_synonyms(run)
            if len(joined) > 1:  # words of one group standing together say nothing more
                proximity.append("".join(run))
            for alternatives in joined:
                g = Group(tuple(dict.fromkeys(alternatives)))
                if g not in groups:
                    groups.append(g)
    groups = groups[:MAX_GROUPS]
    content = tuple(i for i, g in enumerate(groups) if not g.generic)
    return Plan(groups=tuple(groups), proximity=tuple(dict.fromkeys(proximity)),
                negative=query.negative, content=content, backoff=_backoff(groups))


#: Pseudo-relevance feedback (``feedback``): the first FEEDBACK_DOCS hits lend their
#: FEEDBACK_WORDS most telling keywords to reorder the first FEEDBACK_WINDOW, each hit
#: gaining FEEDBACK_WEIGHT of the best one's score at most. Judged set: questions
#: 0.748 -> 0.764, overall 0.822 -> 0.837 (benchmarks/README.md, "Ranking, session 13");
#: 1-3 documents, 10-40 words, windows 20-50 and weights 0.5-1.5 all gained.
FEEDBACK_DOCS = 2
FEEDBACK_WORDS = 20
#: of each first hit's keywords (the most telling first), and of them the
#: FEEDBACK_COUNTED likeliest counted in the window's texts: what it costs
FEEDBACK_KEYWORDS = 24
FEEDBACK_COUNTED = 25
#: each text is read in its first FEEDBACK_CHARS characters (a material says what it is
#: about early; words x window x characters is the cost)
FEEDBACK_CHARS = 2000
FEEDBACK_WINDOW = 30
FEEDBACK_WEIGHT = 1.0


@dataclass(frozen=True)
class Scored:
    """A hit as ``feedback`` reads it: its score, its text (lower-cased, without spaces:
    ``compact``) and its stored keywords (``base.keywords``)."""

    id: object
    score: float
    text: str
    keywords: tuple[str, ...]


def reorders(plan_: Plan, partial: bool = False) -> bool:
    """Whether a relevance order is scored by the groups (PostgreSQL's BM25F rescoring),
    and so fed back (``feedback``): two groups or more (their rarity differs), synonyms
    (the typed word first), or partial matches added. One word alone keeps the index's
    order (ts_rank with its length normalisation): BM25F gave it the same figures at the
    cost of reading the texts (benchmarks/README.md)."""
    return partial or len(plan_.groups) > 1 or any(len(g.alternatives) > 1 for g in plan_.groups)


def compact(text: str) -> str:
    """``text`` lower-cased without its spaces and line breaks (a word wrapped over two
    lines still counts)."""
    return "".join(text.lower().split())


def feedback(hits: list[Scored], plan_: Plan) -> list[Scored]:
    """``hits`` (best first) with the first FEEDBACK_WINDOW ordered again by what the
    first FEEDBACK_DOCS say besides the query: the first hits of a query are nearly
    always about it (MRR 0.94 on the judged set) while the next relevant ones often say
    it in other words; a material sharing the first hits' telling words is more likely
    about the same thing. The words: the keywords of the first hits that are not the
    query's own, each weighted by its share of that hit's text and the hit's rank; the
    FEEDBACK_COUNTED likeliest are counted in the first FEEDBACK_CHARS characters of
    every text of the window, which gives each its rarity there (an IDF over the
    window: no index lookup), and the FEEDBACK_WORDS heaviest by share times rarity are
    kept. Each hit of the window then scores its own score plus the best score times
    FEEDBACK_WEIGHT times its BM25 over those words (each weighted again by its rarity)
    over the best such BM25. Only the order of hits the query found changes: totals,
    facets and highlights stay those of the query."""
    window = hits[:FEEDBACK_WINDOW]
    if len(window) < 3 or window[0].score <= 0:
        return hits
    texts = [h.text[:FEEDBACK_CHARS] for h in window]
    own = set(plan_.highlight_words()) | {b.word for b in plan_.backoff} | set(plan_.proximity)
    n = len(window)
    # each keyword's share of the first hits' texts, by their rank
    shares: dict[str, float] = {}
    for rank, h in enumerate(window[:FEEDBACK_DOCS]):
        text = texts[rank]
        size = max(len(text), 1)
        for word in h.keywords[:FEEDBACK_KEYWORDS]:
            if word and word not in own:
                shares[word] = shares.get(word, 0.0) + text.count(word) / size / (rank + 1)
    # the likeliest counted in every text of the window (the cost: words x window)
    likely = sorted((w for w, x in shares.items() if x > 0), key=lambda w: (-shares[w], w))
    counts = {w: [t.count(w) for t in texts] for w in likely[:FEEDBACK_COUNTED]}
    weights = []
    for word, found in counts.items():
        df = sum(1 for c in found if c)
        rarity = math.log(1 + (n - df + 0.5) / (df + 0.5))
        weights.append((word, shares[word] * rarity, rarity))
    words = sorted(weights, key=lambda w: (-w[1], w[0]))[:FEEDBACK_WORDS]
    if not words:
        return hits
    average = sum(map(len, texts)) / n

    def bm25(i: int) -> float:
        norm = K1 * (1 - B + B * len(texts[i]) / average)
        got = 0.0
        for word, weight, rarity in words:
            tf = counts[word][i]
            if tf:
                got += weight * rarity * tf * (K1 + 1) / (tf + norm)
        return got

    extra = [bm25(i) for i in range(n)]
    best, best_extra = window[0].score, max(extra) or 1.0
    # in the scale of the scores (a hit after the window scores no more than the last)
    final = [h.score + best * FEEDBACK_WEIGHT * x / best_extra for h, x in zip(window, extra)]
    order = sorted(range(n), key=lambda i: (-final[i], i))
    return [replace(window[i], score=final[i]) for i in order] + hits[FEEDBACK_WINDOW:]
