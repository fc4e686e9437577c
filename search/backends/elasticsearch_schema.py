"""Elasticsearch index definition and request bodies for exchange materials.

Built with ``elasticsearch_dsl`` and returned as plain dicts (``.to_dict()``), so this
module needs no node and tests can assert exact structures. The client code that sends
them (``Elasticsearch(ELASTICSEARCH_URL).search(index=…, body=…)``) lives elsewhere.

Analyzer strategy
-----------------
Hits are decided on ``content_seg`` only: a ``whitespace``+``lowercase`` text field fed
with ``search.segmentation.segmented()`` of title and body (``copy_to`` from
``title_seg``/``body_seg``). Those are the same character units and words, made by
*our* jieba/rjieba with *our* ``search/dictionary.txt``, that the PostgreSQL backend
indexes (it packs adjacent characters into bigrams for its GIN index, which finds the
same substrings), queried with the same clause semantics as ``search.query.to_tsquery``
(term = every one of its words as a substring; phrase = adjacent character units;
exclusion = must_not). So both backends return the same
hits, the domain dictionary is applied identically, and nothing depends on an ES
plugin: a vanilla node works.

Why not smartcn or IK for matching: smartcn takes no user dictionary at all (it would
split 有事来协商, 两个薄弱, 双助兴业 and could never match the PostgreSQL backend); IK
does take one (``IKAnalyzer.cfg.xml`` ``ext_dict`` file in the plugin's config dir, or
``remote_ext_dict`` — an HTTP URL it polls, which could serve
``search.segmentation.ik_dictionary_text()``), but IK's own segmentation still differs
from jieba's, needs the plugin on every node and a reindex on dictionary changes. Both
are therefore only *optional* ``.smartcn`` / ``.ik`` sub-fields of ``title``/``body``
(``index_body(plugin=…)``), used in ``should`` clauses for scoring only.

Raw ``title``/``body`` use the built-in ``standard`` tokenizer (one token per CJK
character) with ``cjk_width`` + ``lowercase``: that is what highlighting runs on.

What is indexed
---------------
The same bounds as the PostgreSQL backend (``search.backends.base``): ``title`` and
``body`` (and their segmented twins) hold the first ``INDEX_TITLE_CHARS`` /
``INDEX_BODY_CHARS`` characters; the rest of a longer text is kept in ``title_more`` /
``body_more`` (``index: false``: stored in ``_source``, never analysed), so
``Backend.document`` still shows the whole text. Highlighting analyses ``title`` and
``body`` only, which stay far under ``index.highlight.max_analyzed_offset`` (1,000,000
characters by default, so no setting is needed); the whitespace and standard tokenizers
cut tokens at 255 characters, far under Lucene's 32,766-byte term; the mapping is strict,
so ``index.mapping.total_fields.limit`` is never approached.

Visibility
----------
``visibility`` is one of ``public`` (shared with the whole network), ``province``
(shared within the owner's province) or ``draft`` (only the owner); who sees which is
``search.visibility.RULE``, from which ``visibility_filter`` is derived: public, or
province-shared in their own province or their own, or their own organisation's drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping as MappingT

from elasticsearch_dsl import (
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from search.backends.base import INDEX_BODY_CHARS, INDEX_TITLE_CHARS, text_keywords
from search.contract import VISIBILITY_PLATFORM
from search.query import Phrase, Query, Term, parse_query
from search.backends.ranking import B, FEEDBACK_WINDOW, K1, SYNONYM_SHARE, TITLE_BONUS, plan
from search.segmentation import char_units, segmented, tokens_for_query
from search.thesaurus import synonym_rules
from search.visibility import OWNER, PROVINCE, RULE, alternatives

__all__ = [
    "FACETS",
    "INDEX_NAME",
    "MAX_RESULT_WINDOW",
    "SearchFilters",
    "Viewer",
    "VISIBILITY_DRAFT",
    "VISIBILITY_PROVINCE",
    "VISIBILITY_PUBLIC",
    "clause_query",
    "document",
    "index_body",
    "related_body",
    "search_body",
    "visibility_filter",
    "whole_text",
]

INDEX_NAME = "materials"
MAX_RESULT_WINDOW = 10_000  # ES default index.max_result_window
MAX_PAGE_SIZE = 100

VISIBILITY_PUBLIC = "public"
VISIBILITY_PROVINCE = "province"
VISIBILITY_DRAFT = "draft"
VISIBILITIES = (VISIBILITY_PUBLIC, VISIBILITY_PROVINCE, VISIBILITY_DRAFT)

SEG_FIELD = "content_seg"

seg_ws = analyzer("seg_ws", tokenizer="whitespace", filter=["lowercase"])
#: The query side of ``content_seg`` with the domain thesaurus (``search/thesaurus.txt``)
#: as a synonym graph over character units: a word's clause also finds its synonyms,
#: as the PostgreSQL backend's expanded query does. Quoted phrases do not use it.
cppcc_synonyms = token_filter("cppcc_synonyms", type="synonym_graph", synonyms=synonym_rules())
seg_syn = analyzer("seg_syn", tokenizer="whitespace", filter=["lowercase", cppcc_synonyms])
cjk_units = analyzer("cjk_units", tokenizer="standard", filter=["cjk_width", "lowercase"])

PLUGIN_SUBFIELDS: dict[str, dict[str, str]] = {
    "smartcn": {"analyzer": "smartcn"},
    "ik": {"analyzer": "ik_max_word", "search_analyzer": "ik_smart"},
}

#: facet name → field, with terms-aggregation size
FACETS: dict[str, tuple[str, int]] = {
    "kind": ("kind", 10),
    "organisation": ("organisation_id", 50),
    "outside": ("outside", 30),
    "level": ("level", 10),
    "province": ("province", 50),
    "year": ("year", 30),
    "theme": ("themes", 50),
    "occasion": ("occasion", 30),
}


def _raw_text(plugin: str | None) -> Text:
    fields = {}
    if plugin:
        if plugin not in PLUGIN_SUBFIELDS:
            raise ValueError(f"unknown analysis plugin {plugin!r}")
        fields[plugin] = Text(**PLUGIN_SUBFIELDS[plugin])
    return Text(analyzer=cjk_units, fields=fields) if fields else Text(analyzer=cjk_units)


def index_mapping(plugin: str | None = None) -> Mapping:
    m = Mapping()
    m.field("material_id", Keyword())  # the object's id in its own table (named before kinds)
    m.field("kind", Keyword())
    m.field("schema_name", Keyword())
    m.field("organisation_id", Keyword())
    m.field("organisation_name", Text(analyzer=cjk_units, fields={"keyword": Keyword()}))
    m.field("owner_organisation_id", Keyword())
    # an author outside the platform: its name; organisation_id is then absent (the
    # keeper is the owner), so the organisation facet and filters leave the document out
    m.field("outside", Keyword())
    m.field("level", Keyword())
    m.field("province", Keyword())
    m.field("year", Integer())
    m.field("themes", Keyword())
    m.field("occasion", Keyword())
    m.field("visibility", Keyword())
    m.field("date", Date())
    m.field("title", _raw_text(plugin))
    m.field("body", _raw_text(plugin))
    m.field("title_more", Text(index=False))  # past INDEX_TITLE_CHARS: stored, not indexed
    m.field("body_more", Text(index=False))   # past INDEX_BODY_CHARS
    m.field("title_seg", Text(analyzer=seg_ws, copy_to=SEG_FIELD))
    m.field("body_seg", Text(analyzer=seg_ws, copy_to=SEG_FIELD))
    m.field(SEG_FIELD, Text(analyzer=seg_ws))
    # the words that say what it is about (base.keywords): read back by the ranking's
    # feedback (ranking.feedback), never searched
    m.field("keywords", Keyword(index=False, doc_values=False))
    m.meta("dynamic", "strict")
    return m


def index_body(
    name: str = INDEX_NAME, *, plugin: str | None = None, shards: int = 1, replicas: int = 0
) -> dict:
    """Settings + mappings for ``indices.create(index=name, body=...)``.

    ``plugin`` = None (default, vanilla ES), "smartcn" or "ik" adds ``title.<plugin>``
    and ``body.<plugin>`` sub-fields; the plugin must be installed on every node.
    """
    idx = Index(name)
    # the same BM25 as PostgreSQL's ``_scored`` (search.backends.ranking.K1, B)
    idx.settings(number_of_shards=shards, number_of_replicas=replicas,
                 similarity={"default": {"type": "BM25", "k1": K1, "b": B}})
    idx.analyzer(seg_ws)
    idx.analyzer(seg_syn)
    idx.analyzer(cjk_units)
    idx.mapping(index_mapping(plugin))
    return idx.to_dict()


def document(material: MappingT[str, Any]) -> dict:
    """The ``_source`` to index for one material (adds the segmented fields)."""
    visibility = material.get("visibility", VISIBILITY_DRAFT)
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, not {visibility!r}")
    date = material.get("date")
    doc = {
        "material_id": str(material["material_id"]),
        "kind": material.get("kind") or "material",
        "schema_name": material.get("schema_name") or "public",
        "organisation_id": _str_or_none(material.get("organisation_id")),
        "organisation_name": material.get("organisation_name") or "",
        "owner_organisation_id": _str_or_none(
            material.get("owner_organisation_id", material.get("organisation_id"))
        ),
        "level": material.get("level"),
        "province": _str_or_none(material.get("province")),
        "year": material.get("year"),
        "themes": list(material.get("themes") or []),
        "occasion": material.get("occasion"),
        "visibility": visibility,
        "date": date.isoformat() if hasattr(date, "isoformat") else date,
    }
    if material.get("outside"):  # an author outside the platform (absent otherwise)
        doc["outside"] = material["outside"]
    # what is indexed is bounded; the rest is stored in *_more (see "What is indexed")
    for name, limit in (("title", INDEX_TITLE_CHARS), ("body", INDEX_BODY_CHARS)):
        text = material.get(name) or ""
        doc[name] = text[:limit]
        if len(text) > limit:
            doc[f"{name}_more"] = text[limit:]
    doc["title_seg"] = segmented(doc["title"])
    doc["body_seg"] = segmented(doc["body"])
    doc["keywords"] = text_keywords(doc["title"], doc["body"])
    return doc


def whole_text(source: MappingT[str, Any], name: str) -> str:
    """The whole title or body of a document's ``_source`` (``document`` split it)."""
    return (source.get(name) or "") + (source.get(f"{name}_more") or "")


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Viewer:
    """Who is searching: their organisation (tenant) and its province."""

    organisation_id: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    occasions: tuple[str, ...] = ()
    outsides: tuple[str, ...] = ()
    not_organisations: tuple[str, ...] = ()
    not_outsides: tuple[str, ...] = ()

    def _author(self) -> list[Q]:
        """Who wrote it: the committees or outside organisations chosen (one facet, OR-ed)."""
        either = [Q("terms", **{fld: vals}) for fld, vals in (
            ("organisation_id", _dedupe(self.organisations)), ("outside", _dedupe(self.outsides))) if vals]
        if len(either) > 1:
            return [Q("bool", should=either, minimum_should_match=1)]
        return either

    def exclusions(self) -> list[Q]:
        """The must_not clauses: documents of the committees or outside organisations excluded."""
        return [Q("terms", **{fld: vals}) for fld, vals in (
            ("organisation_id", _dedupe(self.not_organisations)), ("outside", _dedupe(self.not_outsides))) if vals]

    def clauses(self) -> list[Q]:
        out = self._author()
        for fld, values in (
            ("kind", self.kinds),
            ("level", self.levels),
            ("province", self.provinces),
            ("year", self.years),
            ("themes", self.themes),
            ("occasion", self.occasions),
        ):
            vals = _dedupe(values)
            if vals:
                out.append(Q("terms", **{fld: vals}))
        return out


def _dedupe(values: Iterable) -> list:
    seen, out = set(), []
    for v in values or ():
        if v is None or v == "":
            continue
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


#: the index's field for each document attribute of the visibility rule, and its name
#: for each level where it differs from ours
VISIBILITY_FIELDS = {OWNER: "owner_organisation_id", PROVINCE: "province"}
INDEX_VISIBILITY = {VISIBILITY_PLATFORM: VISIBILITY_PUBLIC}


def visibility_filter(viewer: Viewer | None) -> Q:
    """What the viewer may see (``search.visibility.RULE``): one ``should`` per level and
    alternative that can hold for it (a level alone when it is everyone's)."""
    viewer = viewer or Viewer()
    scope = _RuleViewer(viewer.organisation_id, viewer.province)
    should = []
    for level in RULE:
        level_term = Q("term", visibility=INDEX_VISIBILITY.get(level, level))
        for alternative in alternatives(scope, level):
            if not alternative:
                should.append(level_term)
                break
            should.append(Q("bool", filter=[level_term, *(
                Q("term", **{VISIBILITY_FIELDS[a]: str(v)}) for a, v in alternative.items())]))
    return Q("bool", should=should, minimum_should_match=1)


@dataclass(frozen=True)
class _RuleViewer:
    """The schema's ``Viewer`` in the rule's terms (empty strings: not given)."""

    organisation_id: str | None
    province_id: str | None

    def __post_init__(self):
        object.__setattr__(self, "organisation_id", self.organisation_id or None)
        object.__setattr__(self, "province_id", self.province_id or None)


def clause_query(clause: Term | Phrase, field_name: str = SEG_FIELD) -> Q | None:
    """The ES equivalent of ``search.query._clause_tsquery`` (ignoring negation): a phrase
    is its units adjacent; a term is every one of its words, each as its units adjacent."""
    units = char_units(clause.text)
    if not units:
        return None
    if isinstance(clause, Phrase):
        return Q("match_phrase", **{field_name: " ".join(units)})
    words = tokens_for_query(clause.text) or units
    if all(len(char_units(w)) == 1 for w in words):
        return Q("match", **{field_name: {"query": " ".join(units), "operator": "and"}})
    phrases = list(dict.fromkeys(" ".join(char_units(w)) for w in words if char_units(w)))
    if len(phrases) == 1:
        return Q("match_phrase", **{field_name: phrases[0]})
    return Q("bool", must=[Q("match_phrase", **{field_name: p}) for p in phrases])


#: Scores (see ``_query_parts``): a full match scores its groups twice, so it comes
#: before a partial one unless that one is much better on what it has (PostgreSQL
#: multiplies by the rarity-weighted share covered: ``postgres.partial._scored``).
FULL_BOOST = 1.0
TITLE_BOOST = 3.0
PROXIMITY_BOOST = 2.0


def group_query(group, field_name: str = SEG_FIELD) -> Q:
    """One word group of ``ranking.plan``: its text as adjacent units; a word's through
    the synonym graph (its thesaurus synonyms too), a quoted phrase literally. A word
    with synonyms matches either way, the typed word scoring in full and a synonym
    SYNONYM_SHARE of it (as PostgreSQL's ``_scored``)."""
    units = " ".join(char_units(group.text))
    if group.phrase:
        return Q("match_phrase", **{field_name: units})
    expanded = Q("match_phrase", **{field_name: {"query": units, "analyzer": "seg_syn"}})
    if len(group.alternatives) < 2:
        return expanded
    return Q("bool", should=[
        Q("match_phrase", **{field_name: {"query": units, "boost": round(1 - SYNONYM_SHARE, 3)}}),
        Q("match_phrase", **{field_name: {"query": units, "analyzer": "seg_syn", "boost": SYNONYM_SHARE}}),
    ], minimum_should_match=1)


def _query_parts(query: Query, plugin: str | None, partial: bool = False, wide: bool = False
                 ) -> tuple[list[Q], list[Q], list[Q], list[Q]]:
    """(must, must_not, should, filter) of a query's clauses. Full matches: every word
    group (``must``). With ``partial``: the hits are those matching ``minimum`` of the
    content groups or one of their component words (a ``filter`` with
    minimum_should_match), and a full match scores FULL_BOOST more (a ``should``), so
    full matches come first unless a partial one is much better, as on PostgreSQL.
    ``wide``: every group counts as content (``ranking.Plan.widened``: the query found
    nothing)."""
    p = (wide and plan(query).widened()) or plan(query)
    must_not = [q for q in (clause_query(c) for c in query.negative) if q is not None]
    groups = [group_query(g) for g in p.groups]
    # each group found in the title scores once more (PostgreSQL: TITLE_BONUS of its IDF)
    should: list[Q] = [Q("bool", should=[group_query(g, "title_seg")], boost=TITLE_BONUS) for g in p.groups]
    for clause in query.positive:
        units = " ".join(char_units(clause.text))
        if units:
            should.append(Q("match_phrase", title_seg={"query": units, "boost": TITLE_BOOST}))
            if plugin:
                should.append(Q("match", **{f"body.{plugin}": clause.text}))
    for text in p.proximity:
        should.append(Q("match_phrase", **{SEG_FIELD: {"query": " ".join(char_units(text)),
                                                       "boost": PROXIMITY_BOOST}}))
    if not partial or not p.partial_possible:
        return groups, must_not, should, []
    # a content group's component words (ranking.Plan.backoff) also make a partial hit,
    # each scoring its share of its own IDF (PostgreSQL: only where its group is absent)
    backoff = [backoff_query(b.word, b.share) for b in p.content_backoff]
    content = [groups[i] for i in p.content] + backoff
    at_least = Q("bool", should=content, minimum_should_match=p.minimum)
    should = [Q("bool", must=groups, boost=FULL_BOOST), *groups, *backoff, *should]
    return [], must_not, should, [at_least]


def backoff_query(word: str, share: float, field_name: str = SEG_FIELD) -> Q:
    """A component word of a group, literally (no synonyms), boosted by its share."""
    return Q("match_phrase", **{field_name: {"query": " ".join(char_units(word)), "boost": round(share, 3)}})


def full_count_body(query: Query | str | None, viewer: Viewer | None,
                    filters: SearchFilters | None = None) -> dict | None:
    """A ``count`` body for the full matches of ``query``, or None when partial matches
    cannot apply (then ``search_body`` alone answers)."""
    if not isinstance(query, Query):
        query = parse_query(query)
    if not plan(query).partial_possible:
        return None
    # the search's own query: its must (every group) decides the hits, should only scores
    return {"query": search_body(query, viewer, filters)["query"]}


def wants_partial(query: Query, full_total: int) -> bool:
    return plan(query).wants_partial(full_total)


def _highlight_query(query: Query) -> Q | None:
    """Every positive clause's text, and every word of a group with its synonyms."""
    should = []
    texts: list[str] = []
    for clause in query.positive:
        texts.append("".join(char_units(clause.text)))
    texts += [w for w in plan(query).highlight_words() if len(w) > 1]
    for t in dict.fromkeys(texts):
        if t:
            should.append(Q("match_phrase", title=t))
            should.append(Q("match_phrase", body=t))
    return Q("bool", should=should, minimum_should_match=1) if should else None


SORTS = {
    "relevance": ["_score", {"date": {"order": "desc"}}, {"material_id": {"order": "asc"}}],
    "date": [{"date": {"order": "desc"}}, "_score", {"material_id": {"order": "asc"}}],
    "date_asc": [{"date": {"order": "asc"}}, "_score", {"material_id": {"order": "asc"}}],
}


def page_window(page: int, page_size: int) -> tuple[int, int]:
    """(from, size) clamped to 1 ≤ size ≤ 100 and from + size ≤ MAX_RESULT_WINDOW."""
    try:
        size = int(page_size)
    except (TypeError, ValueError):
        size = 20
    try:
        page = int(page)
    except (TypeError, ValueError):
        page = 1
    size = min(max(size, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    start = min((page - 1) * size, MAX_RESULT_WINDOW - size)
    return start, size


def search_body(
    query: Query | str | None,
    viewer: Viewer | None,
    filters: SearchFilters | None = None,
    *,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    plugin: str | None = None,
    partial: bool = False,
    wide: bool = False,
) -> dict:
    """Request body for ``search(index=INDEX_NAME, body=...)``. ``partial``: documents
    matching part of the query too, after the full matches (``_query_parts``); ``wide``:
    its generic words too, for a query that found nothing (``ranking.Plan.widened``)."""
    if not isinstance(query, Query):
        query = parse_query(query)
    filters = filters or SearchFilters()
    must, must_not, should, at_least = _query_parts(query, plugin, partial or wide, wide)
    bool_args: dict[str, Any] = {"filter": [visibility_filter(viewer), *filters.clauses(), *at_least]}
    if must:
        bool_args["must"] = must
    must_not = must_not + filters.exclusions()
    if must_not:
        bool_args["must_not"] = must_not
    if should:
        bool_args["should"] = should
    s = Search().query(Q("bool", **bool_args))
    for name, (fld, size) in FACETS.items():
        agg: dict[str, Any] = {"field": fld, "size": size}
        if name == "year":
            agg["order"] = {"_key": "desc"}
        s.aggs.bucket(name, "terms", **agg)
    hq = _highlight_query(query)
    if hq is not None:
        s = s.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            highlight_query=hq.to_dict(),
        )
        s = s.highlight("title", number_of_fragments=0)
        s = s.highlight("body", fragment_size=120, number_of_fragments=3)
    if sort not in SORTS:
        sort = "relevance"
    if sort == "relevance" and not must and not at_least:
        sort = "date"  # nothing to rank by: newest first
    s = s.sort(*SORTS[sort])
    start, size = page_window(page, page_size)
    s = s.extra(from_=start, size=size, track_total_hits=True)
    s = s.source(excludes=["title_seg", "body_seg", "title_more", "body_more"])
    return s.to_dict()


def feedback_window(page: int, page_size: int) -> tuple[int, int] | None:
    """(start, size) of the page within the first hits that ``ranking.feedback`` orders
    again, when the page begins among them and they fit one request (the backend then
    asks for the first ``FEEDBACK_WINDOW`` hits or more, from the first): None otherwise."""
    start, size = page_window(page, page_size)
    if start >= FEEDBACK_WINDOW or max(start + size, FEEDBACK_WINDOW) > MAX_PAGE_SIZE:
        return None
    return start, size


def related_body(material_id: str, viewer: Viewer | None, *, size: int = 5, kind: str | None = None,
                 not_organisation: str | None = None) -> dict:
    """"Related materials": more_like_this on the segmented fields, same visibility.
    ``material_id``: the document's ``_id``; ``kind``: only documents of that kind;
    ``not_organisation``: none of that committee's."""
    size = min(max(int(size), 1), 20)
    mlt = Q(
        "more_like_this",
        fields=["title_seg", "body_seg"],
        like=[{"_id": str(material_id)}],
        min_term_freq=1,
        min_doc_freq=2,
        max_query_terms=25,
        min_word_length=2,
        include=False,
    )
    s = Search().query(
        Q(
            "bool",
            must=[mlt],
            filter=[visibility_filter(viewer)] + ([Q("term", kind=kind)] if kind else []),
            must_not=[Q("ids", values=[str(material_id)])]
            + ([Q("term", organisation_id=str(not_organisation))] if not_organisation else []),
        )
    )
    s = s.extra(size=size).source(excludes=["title_seg", "body_seg", "body", "title_more", "body_more"])
    return s.to_dict()
