"""The domain thesaurus and the question words: well-formed files, and what they do."""
import pytest

from search.backends.ranking import plan
from search.query import parse_query
from search.segmentation import char_units, normalize
from search.thesaurus import (
    QUESTION_WORDS_PATH,
    THESAURUS_PATH,
    Thesaurus,
    get_thesaurus,
    question_words,
    synonym_rules,
)


def test_every_set_has_two_words_of_two_characters_and_no_word_is_on_two_lines():
    seen: dict[str, int] = {}
    for number, raw in enumerate(THESAURUS_PATH.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = [w.strip() for w in line.replace("=>", ",").split(",")]
        assert len(words) >= 2, f"line {number}: a set of one word"
        for w in words:
            assert len(char_units(w)) >= 2, f"line {number}: {w!r}"
            assert w == normalize(w), f"line {number}: {w!r} is not normalised"
            assert w not in seen or seen[w] == number, f"{w} on lines {seen[w]} and {number}"
            seen[w] = number


def test_the_thesaurus_covers_the_core_vocabulary_of_cppcc_work():
    t = get_thesaurus()
    assert "建言" in t.synonyms("提案")
    assert "委员" in t.synonyms("政协委员")
    assert "尽责" in t.synonyms("履职")
    assert "视察" in t.synonyms("调研")
    assert "民意" in t.synonyms("社情民意")
    assert "乡镇" in t.synonyms("基层")
    assert "信息化" in t.synonyms("数字化")
    assert "读书活动" in t.synonyms("书香政协")
    assert "优化服务" in t.synonyms("营商环境")
    # equivalence goes both ways; a word without an entry is itself only
    assert "提案" in t.synonyms("建言")
    assert t.synonyms("金点子") == ("金点子",)


def test_one_way_rules_and_bad_lines(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("# comment\n民主监督 => 监督性视察\n读书, 阅读\n", encoding="utf-8")
    t = Thesaurus(path)
    assert t.synonyms("民主监督") == ("民主监督", "监督性视察")
    assert t.synonyms("监督性视察") == ("监督性视察",)
    assert t.synonyms("阅读") == ("阅读", "读书")
    # Elasticsearch's rules are over character units; a one-way rule keeps its left side
    assert synonym_rules(t) == ["民 主 监 督 => 民 主 监 督, 监 督 性 视 察", "读 书, 阅 读"]
    path.write_text("读书, 书\n", encoding="utf-8")
    with pytest.raises(ValueError, match="t.txt:1"):
        Thesaurus(path)


def test_question_words_are_function_words_never_domain_words():
    words = question_words()
    for w in ("怎么", "如何", "哪些", "是否", "什么", "为什么", "怎样", "吗", "呢", "的", "了"):
        assert w in words
    lines = [ln.strip() for ln in QUESTION_WORDS_PATH.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert len(lines) == len(set(lines))
    assert not words & get_thesaurus().words()
    assert not {"协商", "提案", "委员", "调研", "履职"} & words


def groups(q):
    return [g.alternatives for g in plan(parse_query(q)).groups]


def test_a_question_drops_the_complement_after_its_verb():
    # 记录下来, 收集上来, 说出来: the texts say 记录, 收集, 说
    assert [g[0] for g in groups("老一辈人的亲身经历怎么记录下来")][-1] == "记录"
    assert "收集" in [g[0] for g in groups("基层群众的意见怎么收集上来")]
    # a word that only is a complement stays what it is (过去五年: the past)
    assert "过去" in [g[0] for g in groups("过去五年的提案")]


def test_a_question_keeps_its_content_words_with_their_synonyms():
    assert groups("怎么推进乡村振兴") == [("推进",), get_thesaurus().synonyms("乡村振兴")]
    assert [g[0] for g in groups("政协委员如何开展调研视察")] == ["政协委员", "开展调研", "视察"]
    # words the segmenter split that the thesaurus knows as one are one group
    assert groups("营商环境怎样优化")[0] == get_thesaurus().synonyms("营商环境")
    # a query of function words only is kept as typed
    assert groups("什么") == [("什么",)]
    # a quoted phrase is literal: neither dropped words nor synonyms
    assert groups('"怎么提案"') == [("怎么提案",)]


def test_proximity_texts_are_the_runs_of_kept_words():
    p = plan(parse_query("如何推进乡村振兴 金点子"))
    assert p.proximity == ("推进乡村振兴",)
    assert plan(parse_query("金点子")).proximity == ()


def test_partial_needs_two_groups_and_one_content_group():
    p = plan(parse_query("社情民意信息是否及时报送"))
    assert len(p.content) == 3 and p.minimum == 1
    assert p.wants_partial(0) and p.wants_partial(19) and not p.wants_partial(20)
    # one word with no component word (文史), or a quoted phrase: nothing partial
    assert not plan(parse_query("文史")).partial_possible
    assert not plan(parse_query('"农村发展"')).partial_possible
    # generic words (in nearly every material) do not count toward the minimum
    p = plan(parse_query("政协 协商"))
    assert p.content == () and not p.partial_possible


def test_a_group_backs_off_to_the_component_words_of_its_text_and_synonyms():
    p = plan(parse_query("农村发展"))
    # one group (the thesaurus joins 农村 发展); its typed words at half their IDF, its
    # synonyms' at SYNONYM_SHARE of that; each word once, none an alternative itself
    assert len(p.groups) == 1 and "乡村振兴" in p.groups[0].alternatives
    words = {b.word: b.share for b in p.backoff}
    assert words["农村"] == 0.5 and words["乡村"] == words["振兴"] == 0.3
    assert "乡村振兴" not in words and "农村发展" not in words
    # a generic word (发展) scores nothing alone and makes no partial hit
    assert "发展" not in [b.word for b in p.content_backoff]
    assert p.partial_possible and p.wants_partial(19) and not p.wants_partial(20)
    assert "农村" in p.highlight_words() and "发展" not in p.highlight_words()
    # a word that is another group's alternative is that group, not a back-off
    p = plan(parse_query("农村发展 农业"))
    assert [b for b in p.backoff if b.word == "农业"] == []
    # a component word of a generic group makes no partial hit either
    assert all(b.group in p.content for b in plan(parse_query("政协委员 读书")).content_backoff)


@pytest.mark.parametrize("typed, finds", [
    ("网上议政", "网络议政"),      # the same practice, said of the web or of the network
    ("线上议政", "远程协商"),
    ("镇街", "乡镇"),              # 镇街: 乡镇和街道
    ("老龄", "养老服务"),          # 老龄工作 and 养老服务 are one field of 民生 work
    ("为老服务", "老年人"),
    ("履职评价", "履职考核"),
    ("跟踪落实", "督办落实"),      # what is done with a proposal after it is answered
    ("化解矛盾", "纠纷调解"),      # 矛盾纠纷多元化解
    ("村民议事", "村级协商"),      # consultation at the level of the village
    ("履职能力", "履职本领"),
    ("职能部门", "政府部门"),
    ("华侨", "侨胞"),              # 侨务 work: 华侨, 归侨, 侨眷
    ("亲清政商", "政商关系"),
    ("五水共治", "治水"),          # water governance, as 浙江 names it
    ("红色文化", "革命历史"),
    ("恳谈会", "座谈会"),
])
def test_an_added_near_synonym_of_cppcc_work_finds_the_other_word(typed, finds):
    assert finds in get_thesaurus().synonyms(typed)
    assert typed in get_thesaurus().synonyms(finds)
    # and a query typing it is expanded with it
    assert any(finds in g for g in groups(typed))


def test_the_thesaurus_long_words_are_whole_words_of_the_index_without_changing_the_cut(tmp_path):
    """A synonym the dictionaries lack (为老服务) is indexed as a whole word, so GIN answers
    it exactly (no phrase rechecked against positions); jieba is not told, so the words a
    text is cut into stay as they were."""
    from search.segmentation import Segmenter

    text = normalize("社区开展为老服务，推动高质量发展，为老年人办实事。")
    plain = Segmenter(thesaurus_path=None)
    path = tmp_path / "t.txt"
    path.write_text("养老服务, 为老服务\n高质量发展, 提质增效\n", encoding="utf-8")
    with_thesaurus = Segmenter(thesaurus_path=path)
    assert not plain.is_whole_word("为老服务") and with_thesaurus.is_whole_word("为老服务")
    assert "为老服务" in with_thesaurus.whole_words(text) and "为老服务" not in plain.whole_words(text)
    assert "养老服务" not in with_thesaurus.whole_words(text)  # not in the text
    assert with_thesaurus.tokens_for_query(text) == plain.tokens_for_query(text)
    assert with_thesaurus.tokens_for_index(text) == plain.tokens_for_index(text)
    # an index built without them must not trust them: the fingerprint says so
    assert with_thesaurus.fingerprint != plain.fingerprint
    # the project's own thesaurus: every word of 3+ Han characters is whole
    seg = Segmenter()
    assert all(seg.is_whole_word(w) for w in get_thesaurus().words()
               if len(w) >= 3 and all("\u4e00" <= c <= "\u9fd5" for c in w))
