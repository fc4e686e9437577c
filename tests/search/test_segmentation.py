import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import segmentation as seg
from search.segmentation import (
    Segmenter,
    char_units,
    dictionary_terms,
    ik_dictionary_text,
    normalize,
    segmented,
    tokens_for_index,
    tokens_for_query,
)

REQUIRED = {
    "有事来协商": {"有事", "协商"},
    "两个薄弱": {"两个", "薄弱"},
    "金点子": {"点子"},
    "委员协商议事厅": {"委员", "协商", "议事厅"},
}


@pytest.mark.parametrize("term,parts", REQUIRED.items())
def test_required_terms_whole_and_in_part_standalone(term, parts):
    tokens = tokens_for_index(term)
    assert term in tokens
    assert parts <= set(tokens)
    assert tokens_for_query(term) == [term]


@pytest.mark.parametrize("term,parts", REQUIRED.items())
def test_required_terms_whole_and_in_part_in_running_text(term, parts):
    text = f"我市深入开展“{term}”工作，取得明显成效。"
    tokens = tokens_for_index(text)
    assert term in tokens
    assert parts <= set(tokens)
    assert term in tokens_for_query(text)


def test_shuangzhu_xingye_kept_whole_not_cut_into_zhuxing():
    assert tokens_for_query("推进双助兴业行动") == ["推进", "双助兴业", "行动"]
    idx = tokens_for_index("推进双助兴业行动")
    assert "双助兴业" in idx and "双助" in idx
    assert "双" not in idx and "业" not in idx


def test_short_terms_do_not_overmerge():
    # 双助 is in the dictionary but must not glue 成双 + 助力
    assert tokens_for_query("成双助力乡村") == ["成", "双", "助力", "乡村"]
    assert tokens_for_query("开展双助工作") == ["开展", "双助", "工作"]


def test_jiebie_beats_biede_and_leaves_shijie_alone():
    # 界别 is what a question about sectors asks for; 别的 ("other") is noise
    assert tokens_for_query("怎样发挥界别的作用") == ["怎样", "发挥", "界别", "的", "作用"]
    assert "界别" in tokens_for_query("各界别委员")
    assert tokens_for_query("世界别的国家") == ["世界", "别的", "国家"]


@pytest.mark.parametrize(
    "term", ["书香政协", "小微协商", "比学赶超", "第一方阵", "社情民意", "月报季晒年评比", "同心圆", "好品牌"]
)
def test_other_domain_terms_whole(term):
    assert term in tokens_for_query(f"全面推进{term}建设")
    assert term in tokens_for_index(f"全面推进{term}建设")


def test_embedded_long_domain_term_emitted():
    assert "社情民意" in tokens_for_index("报送社情民意信息")
    assert "第一方阵" in tokens_for_index("走在全省第一方阵")


def test_index_tokens_parts_before_whole_in_text_order():
    assert tokens_for_index("开展有事来协商活动") == ["开展", "有事", "协商", "有事来协商", "活动"]


def test_punctuation_whitespace_dropped_latin_lowercased_fullwidth_folded():
    text = "  Hello，WORLD！　ＡＢＣ１２３ “金点子”…\n\t"
    assert tokens_for_index(text) == ["hello", "world", "abc123", "点子", "金点子"]
    assert tokens_for_query(text) == ["hello", "world", "abc123", "金点子"]


def test_tokens_with_inner_punctuation_are_split():
    assert tokens_for_query("2022-2024") == ["2022", "2024"]


def test_char_units():
    assert char_units("有事来协商！Hello world 2022年") == [
        "有", "事", "来", "协", "商", "hello", "world", "2022", "年",
    ]
    assert char_units("") == [] and char_units(None) == []


def test_segmented_is_units_then_words():
    assert segmented("有事来协商") == "有 事 来 协 商 有事 协商 有事来协商"
    assert segmented("") == ""
    assert segmented(None) == ""
    assert segmented("，。！  ") == ""


@pytest.mark.parametrize(
    "text", ["", None, "   ", "\x00\x01", "\ud800abc", "😀😀", "a" * 5000, "，。、；：？！", 12345]
)
def test_never_raises(text):
    tokens_for_index(text)
    tokens_for_query(text)
    segmented(text)
    char_units(text)


def test_control_chars_and_surrogates_removed():
    assert tokens_for_index("abc\x00def\ud800") == ["abc", "def"]
    assert normalize("A\u200bB") == "a b"


def test_deterministic_repeated_and_new_instance():
    text = "市政协委员协商议事厅揭牌，双助兴业、书香政协、两个薄弱问题。" * 20
    first = tokens_for_index(text)
    assert all(tokens_for_index(text) == first for _ in range(5))
    assert Segmenter().tokens_for_index(text) == first


def test_thread_safe():
    texts = [f"第{i}次有事来协商，解决两个薄弱问题，推进双助兴业。金点子{i}" for i in range(50)]
    expected = [tokens_for_index(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as ex:
        results = list(ex.map(tokens_for_index, texts * 4))
    assert results == expected * 4


def test_singleton_created_once_under_concurrency(monkeypatch):
    monkeypatch.setattr(seg, "_default", None)
    created = []
    orig = seg.Segmenter

    class Counting(orig):
        def __init__(self, *a, **kw):
            created.append(1)
            super().__init__(*a, **kw)

    monkeypatch.setattr(seg, "Segmenter", Counting)
    barrier = threading.Barrier(6)

    def go():
        barrier.wait()
        return seg.get_segmenter()

    with ThreadPoolExecutor(max_workers=6) as ex:
        segs = list(ex.map(lambda _: go(), range(6)))
    assert len(created) == 1
    assert all(s is segs[0] for s in segs)


def test_engine_is_rjieba_by_default():
    assert seg.get_segmenter().engine == "rjieba"


def test_jieba_engine_gives_same_words():
    text = "开展有事来协商活动，解决两个薄弱问题，评选金点子，建设委员协商议事厅，推进双助兴业。"
    j = Segmenter("jieba")
    r = Segmenter("rjieba")
    assert j.tokens_for_index(text) == r.tokens_for_index(text)
    assert j.tokens_for_query(text) == r.tokens_for_query(text)


def test_unknown_engine_rejected():
    with pytest.raises(ValueError):
        Segmenter("nope")


def test_dictionary_contents():
    terms = dictionary_terms()
    for t in ["有事来协商", "两个薄弱", "金点子", "好品牌", "同心圆", "书香政协", "双助", "双助兴业",
              "委员协商议事厅", "小微协商", "比学赶超", "第一方阵", "社情民意", "月报季晒年评比"]:
        assert t in terms
    assert len(terms) == len(set(terms))
    # terms only: no sentences, no punctuation
    assert all(t.isalnum() and len(t) <= 12 for t in terms)


def test_dictionary_file_format():
    for line in seg.DICTIONARY_PATH.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        assert 1 <= len(parts) <= 2
        if len(parts) == 2:
            assert parts[1].isdigit()


def test_load_dictionary_parses_freq_comments(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("# comment\n\n甲乙丙丁 50\n甲乙丙丁 60\n戊己\n坏，词\n", encoding="utf-8")
    entries = seg.load_dictionary(p)
    assert [(e.term, e.freq) for e in entries] == [("甲乙丙丁", 50), ("戊己", 20)]


def test_ik_dictionary_text():
    text = ik_dictionary_text()
    assert text.endswith("\n")
    assert text.splitlines() == list(dictionary_terms())
