import datetime

import pytest

from search.backends.elasticsearch_schema import (
    FACETS,
    MAX_RESULT_WINDOW,
    SearchFilters,
    Viewer,
    clause_query,
    document,
    index_body,
    page_window,
    related_body,
    search_body,
    visibility_filter,
)
from search.query import Phrase, Term, parse_query
from search.backends.elasticsearch_schema import feedback_window, full_count_body, wants_partial
from search.backends.base import text_keywords
from search.backends.ranking import FEEDBACK_WINDOW
from search.thesaurus import synonym_rules

VIS_ME = {
    "bool": {
        "should": [
            {"term": {"visibility": "public"}},
            {"bool": {"filter": [{"term": {"visibility": "province"}},
                                 {"term": {"province": "510000"}}]}},
            # the owner sees what it shared with its province (search.visibility.RULE)
            {"bool": {"filter": [{"term": {"visibility": "province"}},
                                 {"term": {"owner_organisation_id": "org-7"}}]}},
            {"bool": {"filter": [{"term": {"visibility": "draft"}},
                                 {"term": {"owner_organisation_id": "org-7"}}]}},
        ],
        "minimum_should_match": 1,
    }
}
ME = Viewer(organisation_id="org-7", province="510000")

FACET_AGGS = {
    "kind": {"terms": {"field": "kind", "size": 10}},
    "organisation": {"terms": {"field": "organisation_id", "size": 50}},
    "outside": {"terms": {"field": "outside", "size": 30}},
    "level": {"terms": {"field": "level", "size": 10}},
    "province": {"terms": {"field": "province", "size": 50}},
    "year": {"terms": {"field": "year", "size": 30, "order": {"_key": "desc"}}},
    "theme": {"terms": {"field": "themes", "size": 50}},
    "occasion": {"terms": {"field": "occasion", "size": 30}},
}


# -- index ----------------------------------------------------------------------------

def test_index_settings_and_analyzers():
    body = index_body()
    assert body["settings"] == {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        # the same k1 and b as PostgreSQL's ranking
        "similarity": {"default": {"type": "BM25", "k1": 2.0, "b": 0.75}},
        "analysis": {
            "analyzer": {
                "seg_ws": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
                "cjk_units": {"type": "custom", "tokenizer": "standard",
                              "filter": ["cjk_width", "lowercase"]},
                "seg_syn": {"type": "custom", "tokenizer": "whitespace",
                            "filter": ["lowercase", "cppcc_synonyms"]},
            },
            # the domain thesaurus, over the character units content_seg holds
            "filter": {"cppcc_synonyms": {"type": "synonym_graph", "synonyms": synonym_rules()}},
        },
    }
    assert "提 案, 建 言, 建 议 案" in synonym_rules()


def test_index_mapping_exact():
    assert index_body()["mappings"] == {
        "dynamic": "strict",
        "properties": {
            "material_id": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "schema_name": {"type": "keyword"},
            "organisation_id": {"type": "keyword"},
            "organisation_name": {"type": "text", "analyzer": "cjk_units",
                                  "fields": {"keyword": {"type": "keyword"}}},
            "owner_organisation_id": {"type": "keyword"},
            "outside": {"type": "keyword"},
            "level": {"type": "keyword"},
            "province": {"type": "keyword"},
            "year": {"type": "integer"},
            "themes": {"type": "keyword"},
            "occasion": {"type": "keyword"},
            "visibility": {"type": "keyword"},
            "date": {"type": "date"},
            "title": {"type": "text", "analyzer": "cjk_units"},
            "body": {"type": "text", "analyzer": "cjk_units"},
            "title_more": {"type": "text", "index": False},
            "body_more": {"type": "text", "index": False},
            "title_seg": {"type": "text", "analyzer": "seg_ws", "copy_to": "content_seg"},
            "body_seg": {"type": "text", "analyzer": "seg_ws", "copy_to": "content_seg"},
            "content_seg": {"type": "text", "analyzer": "seg_ws"},
            "keywords": {"type": "keyword", "index": False, "doc_values": False},
        },
    }


@pytest.mark.parametrize(
    "plugin,sub",
    [
        ("smartcn", {"type": "text", "analyzer": "smartcn"}),
        ("ik", {"type": "text", "analyzer": "ik_max_word", "search_analyzer": "ik_smart"}),
    ],
)
def test_optional_plugin_subfields(plugin, sub):
    props = index_body(plugin=plugin)["mappings"]["properties"]
    for f in ("title", "body"):
        assert props[f] == {"type": "text", "analyzer": "cjk_units", "fields": {plugin: sub}}


def test_unknown_plugin_rejected():
    with pytest.raises(ValueError):
        index_body(plugin="hanlp")


def test_document_is_segmented_with_our_segmenter():
    doc = document({
        "material_id": 12, "organisation_id": 3, "organisation_name": "资阳市政协",
        "level": "city", "province": 510000, "year": 2022, "themes": ["双助"],
        "occasion": "经验交流会", "visibility": "province",
        "title": "有事来协商", "body": "推进双助兴业。", "date": datetime.date(2022, 5, 1),
    })
    assert doc == {
        "material_id": "12", "kind": "material", "schema_name": "public",
        "organisation_id": "3", "organisation_name": "资阳市政协", "owner_organisation_id": "3", "level": "city", "province": "510000", "year": 2022,
        "themes": ["双助"], "occasion": "经验交流会", "visibility": "province",
        "date": "2022-05-01", "title": "有事来协商", "body": "推进双助兴业。",
        "title_seg": "有 事 来 协 商 有事 协商 有事来协商",
        "body_seg": "推 进 双 助 兴 业 推进 双助 助兴 兴业 双助兴业",
        # the title's words count thrice, longer words first among equals; 协商, 推进 are generic
        "keywords": ["有事来协商", "有事", "双助兴业", "兴业", "助兴", "双助"],
    }


def test_document_indexes_the_beginning_of_a_long_text_and_stores_the_rest():
    """The same bound as the PostgreSQL backend: 2.2 MB of distinct words are indexed
    (analysed, segmented, highlighted) from their first INDEX_BODY_CHARS characters; the
    rest is stored unindexed, and the hit of the document gives the whole text back."""
    from search.backends.base import INDEX_BODY_CHARS, INDEX_TITLE_CHARS
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.query import Query

    words = [f"w{i:07d}x" for i in range(230_000)]
    body = "琥珀议事厅" + " ".join(words)
    title = "长" * (INDEX_TITLE_CHARS + 5)
    assert len(body.encode()) > 2_200_000
    doc = document({"material_id": 1, "organisation_id": 3, "visibility": "public", "title": title,
                    "body": body})
    assert doc["body"] == body[:INDEX_BODY_CHARS] and doc["body_more"] == body[INDEX_BODY_CHARS:]
    assert doc["title"] == "长" * INDEX_TITLE_CHARS and doc["title_more"] == "长" * 5
    assert doc["body_seg"].split()[:5] == ["琥", "珀", "议", "事", "厅"]
    assert words[-1] not in doc["body_seg"] and words[100] in doc["body_seg"].split()
    # highlighting analyses title and body: under the default index.highlight.max_analyzed_offset
    assert len(doc["body"]) < 1_000_000 and "highlight" not in index_body()["settings"]
    hit = ElasticsearchBackend._hit({"_source": doc, "_score": 1.0}, Query())
    assert hit.body == body
    short = document({"material_id": 2, "visibility": "public", "title": "短", "body": "短文。"})
    assert "body_more" not in short and "title_more" not in short


def test_document_rejects_unknown_visibility():
    with pytest.raises(ValueError):
        document({"material_id": 1, "visibility": "everyone"})


# -- clauses --------------------------------------------------------------------------

def test_clause_queries():
    # a term: every one of its words as a substring
    assert clause_query(Term("金点子")).to_dict() == {"match_phrase": {"content_seg": "金 点 子"}}
    assert clause_query(Term("来协商")).to_dict() == {"bool": {"must": [
        {"match_phrase": {"content_seg": "来"}}, {"match_phrase": {"content_seg": "协 商"}}]}}
    assert clause_query(Term("hello")).to_dict() == {
        "match": {"content_seg": {"query": "hello", "operator": "and"}}}
    assert clause_query(Phrase("有事来协商")).to_dict() == {
        "match_phrase": {"content_seg": "有 事 来 协 商"}}
    assert clause_query(Term("，。")) is None


# -- visibility -----------------------------------------------------------------------

def test_visibility_filter_full():
    assert visibility_filter(ME).to_dict() == VIS_ME


def test_visibility_filter_anonymous_sees_public_only():
    expected = {"bool": {"should": [{"term": {"visibility": "public"}}], "minimum_should_match": 1}}
    assert visibility_filter(None).to_dict() == expected
    assert visibility_filter(Viewer()).to_dict() == expected


# -- search body ----------------------------------------------------------------------

def test_search_body_exact():
    body = search_body(
        '来协商 "两个薄弱" -同心圆',
        ME,
        SearchFilters(years=(2022, 2022), themes=("双助",), levels=("county", "")),
        page=2,
        page_size=10,
    )
    assert body == {
        "query": {
            "bool": {
                "filter": [
                    VIS_ME,
                    {"terms": {"level": ["county"]}},
                    {"terms": {"year": [2022]}},
                    {"terms": {"themes": ["双助"]}},
                ],
                # one clause per word group: a word through the synonym graph, a
                # quoted phrase literally
                "must": [
                    {"match_phrase": {"content_seg": {"query": "来", "analyzer": "seg_syn"}}},
                    {"match_phrase": {"content_seg": {"query": "协 商", "analyzer": "seg_syn"}}},
                    {"match_phrase": {"content_seg": "两 个 薄 弱"}},
                ],
                "must_not": [
                    {"match_phrase": {"content_seg": "同 心 圆"}},
                ],
                "should": [
                    # each group found in the title (ranking.TITLE_BONUS)
                    {"bool": {"should": [{"match_phrase": {"title_seg": {"query": "来", "analyzer": "seg_syn"}}}],
                              "boost": 0.5}},
                    {"bool": {"should": [{"match_phrase": {"title_seg": {"query": "协 商", "analyzer": "seg_syn"}}}],
                              "boost": 0.5}},
                    {"bool": {"should": [{"match_phrase": {"title_seg": "两 个 薄 弱"}}], "boost": 0.5}},
                    {"match_phrase": {"title_seg": {"query": "来 协 商", "boost": 3.0}}},
                    {"match_phrase": {"title_seg": {"query": "两 个 薄 弱", "boost": 3.0}}},
                    # the words of a term standing together
                    {"match_phrase": {"content_seg": {"query": "来 协 商", "boost": 2.0}}},
                ],
            }
        },
        "aggs": FACET_AGGS,
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "highlight_query": {"bool": {
                "should": [
                    {"match_phrase": {"title": "来协商"}},
                    {"match_phrase": {"body": "来协商"}},
                    {"match_phrase": {"title": "两个薄弱"}},
                    {"match_phrase": {"body": "两个薄弱"}},
                    {"match_phrase": {"title": "协商"}},
                    {"match_phrase": {"body": "协商"}},
                ],
                "minimum_should_match": 1,
            }},
            "fields": {
                "title": {"number_of_fragments": 0},
                "body": {"fragment_size": 120, "number_of_fragments": 3},
            },
        },
        "sort": ["_score", {"date": {"order": "desc"}}, {"material_id": {"order": "asc"}}],
        "from": 10,
        "size": 10,
        "track_total_hits": True,
        "_source": {"excludes": ["title_seg", "body_seg", "title_more", "body_more"]},
    }


def test_search_body_all_filters():
    f = SearchFilters(organisations=("o1", "o2"), levels=("city",), provinces=("510000",),
                      years=(2021,), themes=("金点子", "双助"), occasions=("交流会",))
    filt = search_body("金点子", ME, f)["query"]["bool"]["filter"]
    assert filt == [
        VIS_ME,
        {"terms": {"organisation_id": ["o1", "o2"]}},
        {"terms": {"level": ["city"]}},
        {"terms": {"province": ["510000"]}},
        {"terms": {"year": [2021]}},
        {"terms": {"themes": ["金点子", "双助"]}},
        {"terms": {"occasion": ["交流会"]}},
    ]


def test_empty_query_lists_newest_first_without_highlight():
    body = search_body("", ME)
    assert body["query"] == {"bool": {"filter": [VIS_ME]}}
    assert body["sort"] == [{"date": {"order": "desc"}}, "_score",
                            {"material_id": {"order": "asc"}}]
    assert "highlight" not in body
    assert body["aggs"] == FACET_AGGS


def test_only_exclusion_query():
    q = search_body("-abc", None)["query"]["bool"]
    assert q["must_not"] == [{"match": {"content_seg": {"query": "abc", "operator": "and"}}}]
    assert "must" not in q and "should" not in q


@pytest.mark.parametrize(
    "sort,expected",
    [
        ("date", [{"date": {"order": "desc"}}, "_score", {"material_id": {"order": "asc"}}]),
        ("date_asc", [{"date": {"order": "asc"}}, "_score", {"material_id": {"order": "asc"}}]),
        ("relevance", ["_score", {"date": {"order": "desc"}}, {"material_id": {"order": "asc"}}]),
        ("bogus", ["_score", {"date": {"order": "desc"}}, {"material_id": {"order": "asc"}}]),
    ],
)
def test_sort(sort, expected):
    assert search_body("金点子", ME, sort=sort)["sort"] == expected


def test_plugin_scoring_clause():
    should = search_body("金点子", ME, plugin="ik")["query"]["bool"]["should"]
    assert should[-1] == {"match": {"body.ik": "金点子"}}


@pytest.mark.parametrize(
    "page,size,expected",
    [(1, 20, (0, 20)), (3, 10, (20, 10)), (0, 0, (0, 1)), (-5, 1000, (0, 100)),
     ("x", "y", (0, 20)), (10**6, 50, (MAX_RESULT_WINDOW - 50, 50))],
)
def test_page_window(page, size, expected):
    assert page_window(page, size) == expected


@pytest.mark.parametrize(
    "page,size,expected",
    [(1, 10, (0, 10)), (3, 10, (20, 10)), (4, 10, None), (1, 50, (0, 50)), (2, 60, None),
     (1, 100, (0, 100))],
)
def test_the_feedback_window_is_the_pages_within_the_first_hits(page, size, expected):
    """A page beginning among the first FEEDBACK_WINDOW hits, in one request of 100 at most."""
    assert FEEDBACK_WINDOW == 30
    assert feedback_window(page, size) == expected


def test_facet_names():
    assert set(FACETS) == {"kind", "organisation", "outside", "level", "province", "year", "theme", "occasion"}


def test_search_body_accepts_parsed_query():
    assert search_body(parse_query("金点子"), ME) == search_body("金点子", ME)


# -- related --------------------------------------------------------------------------

def test_related_body_exact():
    assert related_body("m-1", ME, size=3) == {
        "query": {
            "bool": {
                "must": [{"more_like_this": {
                    "fields": ["title_seg", "body_seg"],
                    "like": [{"_id": "m-1"}],
                    "min_term_freq": 1,
                    "min_doc_freq": 2,
                    "max_query_terms": 25,
                    "min_word_length": 2,
                    "include": False,
                }}],
                "filter": [VIS_ME],
                "must_not": [{"ids": {"values": ["m-1"]}}],
            }
        },
        "size": 3,
        "_source": {"excludes": ["title_seg", "body_seg", "body", "title_more", "body_more"]},
    }


# -- the backend's mapping of the contract onto the index (no node needed) -------------

def test_backend_source_of_contract_document():
    from search.backends.elasticsearch import filters_of, source_of, viewer_of
    from search.backends.base import ViewerScope
    from search.contract import IndexedDocument
    from search.results import Filters

    d = IndexedDocument(
        id=7, title="有事来协商", body="群众有事来协商。", author="甲", organisation_id=12,
        organisation_name="政协成都市委员会", level="city", province_id=3, year=2024,
        published_on=datetime.date(2024, 5, 6), themes=("有事来协商",), occasion="交流会",
        visibility="platform",
    )
    src = source_of(d)
    assert src["visibility"] == "public"
    assert src["material_id"] == "7" and src["organisation_id"] == "12" and src["province"] == "3"
    assert src["owner_organisation_id"] == "12" and src["date"] == "2024-05-06"
    assert src["title_seg"].split()[-1] == "有事来协商"
    assert viewer_of(ViewerScope(12, 3)) == Viewer(organisation_id="12", province="3")
    assert viewer_of(ViewerScope()) == Viewer()
    f = filters_of(Filters.parse({"organisation": ["12"], "year": ["2024"], "theme": "党建"}))
    assert f == SearchFilters(organisations=("12",), years=(2024,), themes=("党建",))


# -- ranking for real queries ---------------------------------------------------------

def test_a_question_drops_its_function_words_and_words_find_their_synonyms():
    must = search_body("如何加强民主监督", ME)["query"]["bool"]["must"]
    # a word with synonyms: the typed word in full, a synonym for 0.6 of it
    assert must == [
        {"match_phrase": {"content_seg": {"query": "加 强", "analyzer": "seg_syn"}}},
        {"bool": {"should": [
            {"match_phrase": {"content_seg": {"query": "民 主 监 督", "boost": 0.4}}},
            {"match_phrase": {"content_seg": {"query": "民 主 监 督", "analyzer": "seg_syn", "boost": 0.6}}},
        ], "minimum_should_match": 1}},
    ]
    # synonyms are marked too
    hq = search_body("调研", ME)["highlight"]["highlight_query"]["bool"]["should"]
    assert {"match_phrase": {"body": "视察"}} in hq


def test_partial_body_gives_full_matches_a_bonus_and_needs_one_content_word():
    q = parse_query("委员如何在乡镇调研社情民意")
    count = full_count_body(q, ME)
    groups = count["query"]["bool"]["must"]
    # a word with synonyms is a bool of the typed word and the expanded one
    units = [(g["match_phrase"] if "match_phrase" in g else g["bool"]["should"][0]["match_phrase"])
             ["content_seg"]["query"] for g in groups]
    assert units == ["委 员", "乡 镇", "调 研", "社 情 民 意"]
    assert wants_partial(q, 0) and wants_partial(q, 19) and not wants_partial(q, 20)
    body = search_body(q, ME, partial=True)["query"]["bool"]
    assert "must" not in body
    at_least = body["filter"][-1]["bool"]
    # 委员 is in nearly every material: three content words, one needed; or one of their
    # component words (调查研究 → 调查, 研究 of 调研's synonyms …), literal, at its share
    backoff = [{"match_phrase": {"content_seg": {"query": " ".join(w), "boost": 0.3}}}
               for w in ("调查", "研究", "民情", "呼声")]
    assert at_least["minimum_should_match"] == 1 and at_least["should"] == groups[1:] + backoff
    full = body["should"][0]["bool"]
    assert full == {"must": groups, "boost": 1.0}
    assert body["should"][1:1 + len(groups) + len(backoff)] == groups + backoff
    # one word, or generic words only: no partial body
    assert full_count_body(parse_query("文史"), ME) is None
    assert "must" in search_body("文史", ME, partial=True)["query"]["bool"]


def test_a_joined_term_backs_off_to_its_words_in_the_partial_body():
    # 农村发展 is one group (a thesaurus set); a text saying 农村 alone is a partial hit
    q = parse_query("农村发展")
    assert full_count_body(q, ME) is not None
    at_least = search_body(q, ME, partial=True)["query"]["bool"]["filter"][-1]["bool"]["should"]
    assert {"match_phrase": {"content_seg": {"query": "农 村", "boost": 0.5}}} in at_least
    assert {"match_phrase": {"content_seg": {"query": "乡 村", "boost": 0.3}}} in at_least
    # the generic 发展 never makes a hit alone
    assert not any(c.get("match_phrase", {}).get("content_seg", {}).get("query") == "发 展" for c in at_least)
    # and the words it is found by are marked
    hq = search_body(q, ME)["highlight"]["highlight_query"]["bool"]["should"]
    assert {"match_phrase": {"body": "农村"}} in hq


def test_the_backend_feeds_back_its_raw_hits_in_the_shared_order():
    """Elasticsearch's first hits go through ranking.feedback as PostgreSQL's do: the hit
    sharing the first ones' keywords moves up, every hit stays, with the new scores."""
    from search.backends.elasticsearch import ElasticsearchBackend

    def raw(n, score, title, body):
        return {"_id": f"material:public:{n}", "_score": score,
                "_source": {"material_id": str(n), "title": title, "body": body,
                            "keywords": text_keywords(title, body)}}

    hits = [
        raw(1, 9.0, "社区读书会", "社区读书会在图书角举办，阅读推广志愿者带领居民共读，图书角常年开放。"),
        raw(2, 8.0, "社区书屋", "社区书屋设图书角，阅读推广活动让居民爱上读书，图书角有人值守。"),
        raw(3, 5.0, "社区运动会", "社区运动会后安排读书时间，篮球和跳绳项目最受欢迎，运动会年年办。"),
        raw(4, 4.5, "书香小区", "小区的图书角由志愿者管理，阅读推广每周一次，居民在图书角读书。"),
        *(raw(n, 1.0, f"社区议事{n}", "社区居民议停车、养老和垃圾分类。") for n in range(5, 9)),
    ]
    got = ElasticsearchBackend._fed_back(hits, parse_query("社区 读书"))
    order = [h["_source"]["material_id"] for h in got]
    assert order[:2] == ["1", "2"] and order.index("4") < order.index("3")
    assert sorted(order) == [str(n) for n in range(1, 9)]
    assert [h["_score"] for h in got] == sorted((h["_score"] for h in got), reverse=True)


def test_a_query_that_found_nothing_widens_to_its_generic_words():
    """协商进村 where no material says 进村: the wide body accepts 协商 (generic) as well,
    as partial matches; a query whose every group counts already has no wider form."""
    from search.backends.ranking import plan

    q = parse_query("协商进村")
    assert plan(q).content == (1,) and plan(q).widened().content == (0, 1)
    narrow = search_body(q, ME, partial=True)["query"]["bool"]["filter"][-1]["bool"]["should"]
    wide = search_body(q, ME, wide=True)["query"]["bool"]["filter"][-1]["bool"]["should"]
    assert len(narrow) == 1 and len(wide) == 2 and narrow[0] in wide
    assert plan(parse_query("乡镇 调研")).widened() is None
