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


def index_reading(backend):
    backend.upsert([
        make_doc(21, "chengdu", "社区读书会",
                 "社区读书会每月举办一次，居民在图书角共读经典。书香社区建设推动阅读推广，"
                 "图书角覆盖所有小区，阅读推广志愿者带领居民读书。", year=2024),
        make_doc(22, "chengdu", "社区运动会",
                 "社区举办运动会，居民踊跃参加。运动会设篮球、跳绳项目，赛后还安排了读书时间，社区读书角同步开放。", year=2024),
        make_doc(23, "chengdu", "书香小区建设",
                 "小区设立图书角，志愿者开展阅读推广，书香氛围浓厚，居民在图书角读书。", year=2024),
        make_doc(24, "chengdu", "社区书屋里的读书声",
                 "社区书屋办起读书角，书香社区建设让社区居民爱上读书，图书角和阅读推广活动常年开展。",
                 year=2023),
        # other materials on the neighbourhood: what the first hits share is rare among them
        *(make_doc(30 + n, "chengdu", f"社区{subject}", f"社区居民议{subject}，{detail}。", year=2022)
          for n, (subject, detail) in enumerate([
              ("养老服务", "助餐点和日间照料中心办进小区"), ("停车管理", "错时共享车位缓解停车难"),
              ("垃圾分类", "定时定点投放，举办积分兑换"), ("物业纠纷", "协商议事化解业主与物业的矛盾"),
              ("老旧改造", "加装电梯、改造管网"), ("平安建设", "网格员巡查，举办消防演练")])),
    ])


def test_what_the_first_hits_say_brings_a_material_on_the_same_subject_forward(backend, monkeypatch):
    """社区 读书: 社区运动会 has both words, 书香小区建设 only 读书; but it says what the
    first hits say (图书角, 阅读推广, 书香), so it comes before the sports day."""
    from search.backends import ranking

    index_reading(backend)
    r = seen_by(org("chengdu"), search, "社区 读书", backend=backend)
    assert sorted(ids(r)[:2]) == [21, 24] and ids(r)[2:4] == [23, 22] and r.partial and r.total == 10
    monkeypatch.setattr(ranking, "FEEDBACK_WEIGHT", 0.0)  # without feedback: by coverage alone
    assert ids(seen_by(org("chengdu"), search, "社区 读书", backend=backend))[2:4] == [22, 23]


def test_a_query_whose_content_words_no_material_has_finds_its_other_words(backend):
    """协商进村: no material says 进村; rather than nothing, those saying 协商 (a word in
    nearly every material, so not enough alone when 进村 is found) are partial matches."""
    backend.upsert([
        make_doc(41, "chengdu", "院坝协商议出村里大事", "村民在院坝里协商，议定村里的大事小情。", year=2024),
        make_doc(42, "chengdu", "专题协商会", "围绕营商环境开展专题协商。", year=2023),
        make_doc(43, "chengdu", "书香政协", "组织委员读书。", year=2024),
    ])
    r = seen_by(org("chengdu"), search, "协商进村", backend=backend)
    assert sorted(ids(r)) == [41, 42] and r.total == 2 and r.partial and r.full_total == 0
    assert "<mark>协商</mark>" in r.hits[0].title_html
    # where a material has the content word, the generic one alone finds nothing more
    backend.upsert([make_doc(44, "chengdu", "送协商进村", "政协委员进村入户。", year=2022)])
    r = seen_by(org("chengdu"), search, "协商进村", backend=backend)
    assert ids(r) == [44]


def _scored(n, score, text, keywords=()):
    from search.backends.ranking import Scored

    return Scored(n, score, text, tuple(keywords))


def test_feedback_reorders_only_the_window_and_keeps_every_hit():
    from search.backends.ranking import FEEDBACK_WINDOW, feedback, plan
    from search.query import parse_query

    p = plan(parse_query("社区 读书"))
    top = _scored(0, 10.0, "社区读书会图书角阅读推广图书角", ["图书角", "阅读推广", "社区", "读书"])
    passing = _scored(1, 6.0, "社区运动会读书篮球")
    same = _scored(2, 4.0, "小区图书角阅读推广读书")
    rest = [_scored(n, 1.0, "图书角阅读推广" * 3) for n in range(3, FEEDBACK_WINDOW + 5)]
    got = feedback([top, passing, same, *rest], p)
    assert [h.id for h in got][:2] == [0, 2]
    assert sorted(h.id for h in got) == list(range(FEEDBACK_WINDOW + 5))
    # past the window: as they were, after every hit of the window
    assert [h.id for h in got][FEEDBACK_WINDOW:] == list(range(FEEDBACK_WINDOW, FEEDBACK_WINDOW + 5))
    assert [h.score for h in got] == sorted((h.score for h in got), reverse=True)


def test_feedback_lends_no_weight_to_the_querys_own_words_nor_to_fewer_than_three_hits():
    from search.backends.ranking import feedback, plan
    from search.query import parse_query

    p = plan(parse_query("社区 读书"))
    top = _scored(0, 10.0, "社区读书社区读书", ["社区", "读书"])  # only the query's words
    hits = [top, _scored(1, 6.0, "社区读书"), _scored(2, 4.0, "读书读书读书")]
    assert feedback(hits, p) == hits
    two = [_scored(0, 10.0, "图书角阅读", ["图书角"]), _scored(1, 1.0, "图书角图书角")]
    assert feedback(two, p) == two


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
