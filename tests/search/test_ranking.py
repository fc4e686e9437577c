"""Ranking for real queries on every backend: full matches first, then partial ones by
rarity-weighted coverage; question words dropped; synonyms found and marked."""
import pytest

from search.selectors import search
from tests.search.conftest import make_doc, org, seen_by


@pytest.fixture
def questions(backend):
    index_questions(backend)
    return backend


def index_questions(backend):
    filler = "市政协围绕中心工作开展协商，推动各项工作落实落地。"
    docs = [
        make_doc(11, "chengdu", "委员走进乡镇开展专题调研",
                 filler + "委员深入乡镇了解群众诉求，形成调研报告，推动问题解决。", year=2024),
        make_doc(12, "chengdu", "数字化赋能履职平台",
                 filler + "建设信息化平台，委员在线提交社情民意信息，及时报送。", year=2023),
        make_doc(13, "ziyang", "助力乡村振兴的几点做法",
                 filler + "围绕乡村振兴开展视察，推进农村人居环境整治。", year=2024),
        make_doc(14, "chengdu", "书香政协建设", filler + "组织委员读书活动，推动学习成果转化。", year=2022),
        make_doc(15, "chengdu", "优化营商环境的建议",
                 filler + "聚焦营商环境开展民主监督，推动政务服务提速。", year=2024),
        make_doc(16, "chengdu", "一般工作安排", filler * 3, year=2024),
    ]
    backend.upsert(docs)


def ids(result):
    return [h.id for h in result.hits]


def test_question_words_are_dropped(questions):
    r = seen_by(org("chengdu"), search, "怎么推进乡村振兴", backend=questions)
    # 推进 and 乡村振兴 (no material says 怎么); the others lack 乡村振兴 and its synonyms
    assert ids(r) == [13] and not r.partial


def test_a_synonym_finds_the_text_that_says_it_otherwise_and_is_marked(questions):
    r = seen_by(org("chengdu"), search, "阅读", backend=questions)
    assert ids(r) == [14] and "<mark>读书</mark>" in r.hits[0].snippet_html
    r = seen_by(org("chengdu"), search, "提升信息化水平", backend=questions)
    assert 12 in ids(r)


def test_full_matches_first_then_partial_ones_by_rarity_and_the_result_says_so(questions):
    r = seen_by(org("chengdu"), search, "委员如何在乡镇调研社情民意", backend=questions)
    # none has every word; 11 has two of the three content words (乡镇, 调研), 12 and 13
    # one (社情民意, the rarer; 视察 for 调研), 16 only the generic 委员: one is enough
    assert r.partial and r.full_total == 0
    assert ids(r) == [11, 12, 13] and r.total == 3
    r = seen_by(org("chengdu"), search, "委员如何调研社情民意", backend=questions)
    # two content words, one needed: 11 (调研 as typed, in its title too: what it is
    # about), then 12 (社情民意, the rarer word, in its body only: a platform's material
    # that mentions it), then 13 (视察, a synonym of 调研)
    assert r.partial and r.full_total == 0 and ids(r) == [11, 12, 13]
    assert "<mark>视察</mark>" in r.hits[2].snippet_html
    assert sum(b.count for b in r.facets["year"]) == r.total
    # date order shows full matches only
    d = seen_by(org("chengdu"), search, "委员如何在乡镇调研社情民意", sort="date", backend=questions)
    assert not d.partial and d.total == 0


def test_no_partial_matches_when_full_ones_are_many(questions):
    questions.upsert([make_doc(20 + i, "chengdu", f"营商环境第{i}题", "营商环境", year=2020)
                      for i in range(20)])
    r = seen_by(org("chengdu"), search, "营商环境", backend=questions)
    # 13 (环境 alone) is not among them: every hit has the word
    assert not r.partial and r.full_total == r.total == 21 and 13 not in ids(r)


def test_a_term_backs_off_to_its_words_after_its_full_matches(questions):
    questions.upsert([make_doc(17, "chengdu", "农村道路建设", "委员建议加快农村道路建设。", year=2021)])
    # 农村发展 is one group with its synonyms (乡村振兴 …): 13 has it; 17 says only 农村,
    # one of its words: found after it, marked, counted in the total and the facets
    r = seen_by(org("chengdu"), search, "农村发展", backend=questions)
    assert ids(r) == [13, 17] and r.partial and r.full_total == 1 and r.total == 2
    assert "<mark>农村</mark>" in r.hits[1].snippet_html
    assert sum(b.count for b in r.facets["year"]) == r.total
    # a word alone: 15 has 营商环境, 13 only 环境 (人居环境)
    r = seen_by(org("chengdu"), search, "营商环境", backend=questions)
    assert ids(r) == [15, 13] and r.partial and r.full_total == 1


QUESTIONS = ["怎么推进乡村振兴", "委员如何在乡镇调研社情民意", "委员如何调研社情民意", "阅读",
             "优化营商环境有哪些建议", "数字化履职"]


def test_both_backends_put_the_same_first_hits_first(db):
    """Where an Elasticsearch node answers: the same hits, the same first one, and the same
    partial flag as PostgreSQL for each question (skipped without a node)."""
    from tests.search.conftest import _elasticsearch_reason

    reason = _elasticsearch_reason()
    if reason:
        pytest.skip(reason)
    import os

    from search.backends.elasticsearch import ElasticsearchBackend
    from search.backends.postgres import PostgresBackend

    pg = PostgresBackend()
    pg.clear()
    es = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], index="test_ranking", refresh=True)
    es.clear()
    try:
        for b in (pg, es):
            index_questions(b)
        for q in QUESTIONS:
            got = [seen_by(org("chengdu"), search, q, backend=b) for b in (pg, es)]
            assert set(ids(got[0])) == set(ids(got[1])), q
            assert ids(got[0])[:1] == ids(got[1])[:1], q
            assert got[0].partial == got[1].partial, q
    finally:
        es.drop()
