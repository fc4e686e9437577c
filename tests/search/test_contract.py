"""One contract for every backend: PostgreSQL always, Elasticsearch when a node answers.

The corpus: materials of 成都 and 资阳 (四川) and 金华 (浙江) with every visibility.
"""
import datetime

import pytest

from search.selectors import related, search
from tests.search.conftest import make_doc, org, seen_by, material_key

SECRET = "绝密草稿词"


@pytest.fixture
def corpus(backend):
    docs = [
        make_doc(1, "chengdu", "开展有事来协商活动的做法",
                 "成都市政协建立委员协商议事厅，群众有事来协商，三年办成实事一百二十件。",
                 themes=("有事来协商",), occasion="全省经验交流会", year=2023),
        make_doc(2, "chengdu", f"成都{SECRET}", f"内部讨论，{SECRET}，有事来协商的改进设想。",
                 visibility="draft", themes=("有事来协商",), occasion="内部会", year=2024),
        make_doc(3, "ziyang", "解决两个薄弱问题的探索",
                 "资阳市政协着力解决县级政协“两个薄弱”问题，有事来协商平台覆盖乡镇。",
                 visibility="province", themes=("党建",), occasion="全省经验交流会", year=2024),
        make_doc(4, "jinhua", "金点子征集与书香政协", "金华市政协开展金点子征集，建设书香政协。",
                 visibility="province", themes=("书香政协",), year=2022),
        make_doc(5, "jinhua", f"金华{SECRET}", f"{SECRET}：金点子初稿。", visibility="draft", year=2024),
        make_doc(6, "sichuan", "凝聚共识 <script>alert(1)</script> 与协商",
                 "四川省政协围绕凝聚共识开展协商，A&B 两项做法。", themes=("凝聚共识",), year=2024,
                 published_on=datetime.date(2024, 12, 1)),
    ]
    backend.upsert(docs)
    return backend


def ids(result):
    return [h.id for h in result.hits]


def test_anonymous_sees_platform_materials_only(corpus):
    r = seen_by(None, search, "", backend=corpus)
    assert ids(r) == [6, 1]
    assert r.total == 2


def test_same_province_sees_province_shared_other_province_does_not(corpus):
    assert set(ids(seen_by(org("chengdu"), search, "", backend=corpus))) == {1, 2, 3, 6}
    assert set(ids(seen_by(org("jinhua"), search, "", backend=corpus))) == {1, 4, 5, 6}
    assert set(ids(seen_by(org("zigong"), search, "", backend=corpus))) == {1, 3, 6}


def test_draft_never_found_by_other_committee(corpus):
    for slug in ("zigong", "ziyang", "sichuan", "yiwu"):
        r = seen_by(org(slug), search, SECRET, backend=corpus)
        assert r.total == 0 and r.hits == []
        assert all(b.count == 0 for buckets in r.facets.values() for b in buckets)
    assert ids(seen_by(org("chengdu"), search, SECRET, backend=corpus)) == [2]
    assert ids(seen_by(org("jinhua"), search, SECRET, backend=corpus)) == [5]


def test_facet_counts_exclude_foreign_drafts(corpus):
    r = seen_by(org("zigong"), search, "有事来协商", backend=corpus)
    assert sorted(ids(r)) == [1, 3]
    themes = {b.value: b.count for b in r.facets["theme"]}
    assert themes == {"有事来协商": 1, "党建": 1}
    occasions = {b.value: b.count for b in r.facets["occasion"]}
    assert occasions == {"全省经验交流会": 2}
    orgs = {b.label: b.count for b in r.facets["organisation"]}
    assert orgs == {"政协成都市委员会": 1, "政协资阳市委员会": 1}
    assert {b.value: b.count for b in r.facets["year"]} == {"2024": 1, "2023": 1}
    assert {b.label: b.count for b in r.facets["level"]} == {"市级": 2}
    # the owner sees its draft counted
    r = seen_by(org("chengdu"), search, "有事来协商", backend=corpus)
    assert {b.value: b.count for b in r.facets["theme"]} == {"有事来协商": 2, "党建": 1}
    assert {b.value: b.count for b in r.facets["occasion"]} == {"全省经验交流会": 2, "内部会": 1}


@pytest.mark.parametrize("viewer,q,expected", [
    ("zigong", "有事来协商", {1, 3}),
    ("zigong", "来协商", {1, 3}),
    ("zigong", "委员协商议事厅", {1}),
    ("zigong", "议事厅", {1}),
    ("zigong", "两个薄弱", {3}),
    ("zigong", "薄弱", {3}),
    ("zigong", '"两个薄弱"', {3}),
    ("zigong", '"薄弱两个"', set()),
    ("yiwu", "金点子", {4}),
    ("yiwu", "书香政协", {4}),
    ("zigong", "有事来协商 -薄弱", {1}),
    ("zigong", '有事来协商 -"两个薄弱"', {1}),
    ("zigong", "协商 凝聚共识", {6}),
    ("zigong", "不存在的词语", set()),
])
def test_words_phrases_and_exclusion(corpus, viewer, q, expected):
    assert set(ids(seen_by(org(viewer), search, q, backend=corpus))) == expected


def test_every_filter(corpus):
    me = org("chengdu")
    assert set(ids(seen_by(me, search, "", filters={"organisation": [org("ziyang").pk]}, backend=corpus))) == {3}
    assert set(ids(seen_by(me, search, "", filters={"level": ["province"]}, backend=corpus))) == {6}
    assert set(ids(seen_by(me, search, "", filters={"province": [org("sichuan").pk]}, backend=corpus))) == {1, 2, 3, 6}
    assert set(ids(seen_by(me, search, "", filters={"year": ["2023"]}, backend=corpus))) == {1}
    assert set(ids(seen_by(me, search, "", filters={"theme": ["党建", "凝聚共识"]}, backend=corpus))) == {3, 6}
    assert set(ids(seen_by(me, search, "", filters={"occasion": "全省经验交流会"}, backend=corpus))) == {1, 3}
    # nonsense filter values are ignored, never an error
    assert seen_by(me, search, "", filters={"year": ["x"], "level": ["moon"]}, backend=corpus).total == 4


def test_highlight_is_escaped_and_marked(corpus):
    r = seen_by(None, search, "凝聚共识", backend=corpus)
    (hit,) = r.hits
    assert hit.title_html == "<mark>凝聚共识</mark> &lt;script&gt;alert(1)&lt;/script&gt; 与协商"
    assert "<mark>凝聚共识</mark>" in hit.snippet_html
    assert "A&amp;B" in hit.snippet_html
    assert "<script>" not in hit.snippet_html


def test_sort_by_date_and_pagination(corpus):
    me = org("chengdu")
    r = seen_by(me, search, "", sort="date", page=1, page_size=2, backend=corpus)
    assert ids(r) == [6, 3] and r.total == 4 and r.pages == 2 and r.has_next
    r = seen_by(me, search, "", sort="date", page=2, page_size=2, backend=corpus)
    assert ids(r) == [2, 1] and not r.has_next  # same date: higher id first
    assert seen_by(me, search, "", page=99, page_size=2, backend=corpus).hits == []


def test_relevance_puts_title_match_first(corpus):
    r = seen_by(org("chengdu"), search, "有事来协商", backend=corpus)
    assert ids(r)[0] == 1


def test_related_never_shows_foreign_drafts(corpus):
    mine = [h.id for h in seen_by(org("chengdu"), related, material_key(1), backend=corpus)]
    assert 2 in mine and 1 not in mine
    theirs = [h.id for h in seen_by(org("zigong"), related, material_key(1), backend=corpus)]
    assert 2 not in theirs and 5 not in theirs and 3 in theirs
    # the related list of someone else's draft is empty, not a leak
    assert seen_by(org("zigong"), related, material_key(2), backend=corpus) == []
    assert seen_by(None, related, material_key(5), backend=corpus) == []


def test_delete_and_update(corpus):
    corpus.delete([material_key(1)])
    assert 1 not in ids(seen_by(None, search, "", backend=corpus))
    doc = make_doc(3, "ziyang", "解决两个薄弱问题的探索", "改为全平台共享。", visibility="platform")
    corpus.upsert([doc])
    assert ids(seen_by(None, search, "薄弱", backend=corpus)) == [3]
    assert seen_by(None, search, "乡镇", backend=corpus).total == 0


@pytest.mark.parametrize("title,body", [
    ("开展有事来协商活动", "市政协委员协商议事厅揭牌，群众有事来协商。Hello World 2024"),
    ("", "只有正文"),
    ("标题", ""),
    ("重复", "协商" * 400),
    ("全角，标点：ＡＢＣ１２３", "（政协委员）" * 3500 + "末尾ｘｙｚ"),  # positions past 16383 are clamped
])
def test_tsvector_built_in_python_equals_postgresql(db, title, body):
    """The literal built in Python is what PostgreSQL's own parser makes of the same
    tokens: title streams weighted A, one unused position between non-empty streams."""
    from django.db import connection

    from search.backends.postgres import index_streams, tsvector_text

    t_units, t_long, _ = index_streams(title)
    b_units, b_long, _ = index_streams(body)
    gap = " zzgap "  # a filler token, deleted again: it leaves its position unused

    def joined(*streams):
        return gap.join(" ".join(s) for s in streams if s)

    title_text = joined(t_units, t_long) + (gap if t_units or t_long else "")
    body_text = joined(b_units, b_long)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::tsvector = (setweight(ts_delete(to_tsvector('simple', %s), 'zzgap'), 'A') "
            "                       || ts_delete(to_tsvector('simple', %s), 'zzgap')), "
            "%s::tsvector = setweight(ts_delete(to_tsvector('simple', %s), 'zzgap'), 'A')",
            [tsvector_text([t_units, t_long], [b_units, b_long]), title_text,
             ("zzgap " if t_units or t_long else "") + body_text,
             tsvector_text([t_units, t_long]), joined(t_units, t_long)],
        )
        assert cursor.fetchone() == (True, True)


def test_index_tokens_pair_chinese_characters_and_keep_words():
    from search.backends.postgres import index_streams

    units, long, words = index_streams("委员协商议事厅，Hello 2024年")
    assert units == ["委员", "员协", "协商", "商议", "议事", "事厅", "厅", "hello", "2024", "年"]
    assert "委员协商议事厅" in long and "议事厅" in long
    assert all(len(w) > 2 for w in long)


def test_index_tokens_of_a_text_equal_the_tokens_of_its_units():
    """The index side reads a text's tokens piece by piece: the same tokens as pairing its
    units one by one (CJK pairs across punctuation, kana and hangul, Latin and digit runs,
    full-width forms, characters outside the BMP, underscores, and the CJK characters that
    are units though no letters: ・ ゛ 〇)."""
    import random

    from search.backends.postgres import text_unit_tokens, unit_tokens
    from search.segmentation import _UNIT, normalize

    alphabet = list("政协委员协商议事厅有事来ひらカナ한국abcXYZ019，。 _-·\n、！ａ１・゛〇゠") + ["\U00020000", "\u3099"]
    rng = random.Random(7)
    for _ in range(5000):
        text = normalize("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
        assert text_unit_tokens(text) == unit_tokens(_UNIT.findall(text)), text
    assert text_unit_tokens("政协，委员 abc协商") == ["政协", "协委", "委员", "员", "abc", "协商", "商"]


def test_exclusion_applies_to_the_total_every_facet_and_every_page(corpus):
    # zigong (四川) may read 1 and 6 (platform) and 3 (province); all three say 协商; 3 says 薄弱
    first = seen_by(org("zigong"), search, "协商 -薄弱", page_size=1, backend=corpus)
    second = seen_by(org("zigong"), search, "协商 -薄弱", page_size=1, page=2, backend=corpus)
    assert first.total == second.total == 2
    assert sorted(ids(first) + ids(second)) == [1, 6]
    assert {b.label: b.count for b in first.facets["level"]} == {"市级": 1, "省级": 1}
    assert {b.label: b.count for b in first.facets["province"]} == {"政协四川省委员会": 2}
    assert {b.label: b.count for b in first.facets["organisation"]} == {
        "政协成都市委员会": 1, "政协四川省委员会": 1}
    assert {b.value: b.count for b in first.facets["theme"]} == {"有事来协商": 1, "凝聚共识": 1}
    # an exclusion that removes nothing the viewer may see changes nothing
    assert seen_by(org("zigong"), search, "协商 -绝密草稿词", backend=corpus).total == 3
    # and one that removes everything leaves no facet
    gone = seen_by(org("zigong"), search, "协商 -政协", backend=corpus)
    assert gone.total == 0 and all(not buckets for buckets in gone.facets.values())
