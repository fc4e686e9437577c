import random

import pytest

from search.query import (
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    Phrase,
    Query,
    Term,
    highlight,
    highlight_terms,
    parse_query,
    to_tsquery,
)


def clauses(q):
    return parse_query(q).clauses


# -- parser ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,expected",
    [
        ("金点子", (Term("金点子"),)),
        ("金点子 好品牌", (Term("金点子"), Term("好品牌"))),
        ("  金点子\t\n好品牌  ", (Term("金点子"), Term("好品牌"))),
        ("金点子　好品牌", (Term("金点子"), Term("好品牌"))),  # ideographic space
        ('"有事来协商"', (Phrase("有事来协商"),)),
        ("“两个薄弱”", (Phrase("两个薄弱"),)),
        ("「书香政协」", (Phrase("书香政协"),)),
        ("『同心圆』", (Phrase("同心圆"),)),
        ("＂同心圆＂", (Phrase("同心圆"),)),  # full-width ASCII quote
        ('“有事来协商"', (Phrase("有事来协商"),)),  # mixed quotes
        ("“有事来协商“", (Phrase("有事来协商"),)),  # two opening quotes (IME)
        ('"委员  协商\n议事厅"', (Phrase("委员 协商 议事厅"),)),
        ("-同心圆", (Term("同心圆", negated=True),)),
        ("－同心圆", (Term("同心圆", negated=True),)),  # full-width minus
        ("--同心圆", (Term("同心圆", negated=True),)),
        ('-"书香政协"', (Phrase("书香政协", negated=True),)),
        ("-“书香政协”", (Phrase("书香政协", negated=True),)),
        ("+金点子", (Term("金点子"),)),
        ("金点子 -好品牌 “两个薄弱” -“同心圆”",
         (Term("金点子"), Term("好品牌", True), Phrase("两个薄弱"), Phrase("同心圆", True))),
        ("2022-2024", (Term("2022-2024"),)),  # inner dash is not negation
        ("金点子-好品牌", (Term("金点子-好品牌"),)),
        ('abc"def ghi"jkl', (Term("abc"), Phrase("def ghi"), Term("jkl"))),
        ("Hello WORLD", (Term("hello"), Term("world"))),
        ("ＡＢＣ", (Term("abc"),)),
    ],
)
def test_parse(text, expected):
    assert clauses(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", None, "   ", '""', "“”", '" "', "-", "- -", "--", "+", "-+-", "，。！", '"，。"',
     "-“”", "\x00", "\ud800", "()", "&|!", []],
)
def test_empty_or_meaningless_input_gives_empty_query(text):
    q = parse_query(text)
    assert q == Query()
    assert q.is_empty and not q.has_positive
    assert to_tsquery(q) == ""


@pytest.mark.parametrize(
    "text,expected",
    [
        ('"有事来协商', (Phrase("有事来协商"),)),
        ('金点子 "有事 来协商', (Term("金点子"), Phrase("有事 来协商"))),
        ("“两个薄弱", (Phrase("两个薄弱"),)),
        ('-"书香', (Phrase("书香", negated=True),)),
        ('"a" "b', (Phrase("a"), Phrase("b"))),
        ('金点子"', (Term("金点子"),)),
        ('"', ()),
    ],
)
def test_unbalanced_quotes(text, expected):
    assert clauses(text) == expected


def test_non_string_input_is_stringified():
    assert clauses(2022) == (Term("2022"),)


def test_duplicates_removed_order_kept():
    assert clauses("金点子 好品牌 金点子 -金点子") == (
        Term("金点子"), Term("好品牌"), Term("金点子", negated=True))


def test_limits():
    q = parse_query(" ".join(f"词{i}" for i in range(100)))
    assert len(q.clauses) == MAX_CLAUSES
    q = parse_query("政" * (MAX_QUERY_CHARS * 10))
    assert q.clauses == (Term("政" * MAX_QUERY_CHARS),)


def test_positive_negative_and_str():
    q = parse_query('金点子 -好品牌 "两个薄弱" -“同心圆”')
    assert q.positive == (Term("金点子"), Phrase("两个薄弱"))
    assert q.negative == (Term("好品牌", True), Phrase("同心圆", True))
    assert str(q) == '金点子 -好品牌 "两个薄弱" -"同心圆"'
    assert parse_query(str(q)) == q


def test_only_exclusions():
    q = parse_query("-同心圆")
    assert not q.is_empty and not q.has_positive


def test_never_raises_fuzz():
    rng = random.Random(1234)
    alphabet = list('"“”「」『』-+ \t\n&|!():*<>\'\\金点子有事来协商ab12，。') + ["\x00", "\ud800", "😀"]
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        q = parse_query(s)
        tsq = to_tsquery(q)
        assert isinstance(tsq, str)
        highlight("有事来协商金点子ab", q)


# -- tsquery --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,expected",
    [
        ("金点子", "('金' <-> '点' <-> '子')"),
        ("协商", "('协' <-> '商')"),
        ("来", "'来'"),
        ("hello", "'hello'"),
        ("Hello World", "'hello' & 'world'"),
        ("来协商", "('来' & ('协' <-> '商'))"),
        ("有事来协商", "('有' <-> '事' <-> '来' <-> '协' <-> '商')"),
        ('"有事来协商"', "('有' <-> '事' <-> '来' <-> '协' <-> '商')"),
        ('"来"', "'来'"),
        ('"hello world"', "('hello' <-> 'world')"),
        ('"两个，薄弱"', "('两' <-> '个' <-> '薄' <-> '弱')"),
        ("-同心圆", "!('同' <-> '心' <-> '圆')"),
        ("-abc", "!'abc'"),
        ('-"书香政协"', "!('书' <-> '香' <-> '政' <-> '协')"),
        ("金点子 -abc", "('金' <-> '点' <-> '子') & !'abc'"),
        ("2022-2024", "('2022' & '2024')"),
        ('abc "x y" -z', "'abc' & ('x' <-> 'y') & !'z'"),
    ],
)
def test_to_tsquery(text, expected):
    assert to_tsquery(parse_query(text)) == expected
    assert to_tsquery(text) == expected  # accepts the raw string too


@pytest.mark.parametrize(
    "text",
    ["a & b", "a|b", "!a", "a <-> b", "a<2>b", "(a)", "a:*", "a:AB", "'a'", "a\\b", "a''b",
     "x') | ('y", "金点子' | '有事"],
)
def test_tsquery_operators_from_user_text_are_neutralised(text):
    tsq = to_tsquery(text)
    # strip the lexemes we produced; what remains may only be our own operators
    import re

    lexemes = re.findall(r"'((?:[^']|'')*)'", tsq)
    assert all(lex.isalnum() for lex in lexemes), lexemes
    rest = re.sub(r"'(?:[^']|'')*'", "L", tsq)
    assert set(rest) <= set("L&|!()<-> "), rest
    assert ":" not in rest and "*" not in rest


def test_lexeme_escaping():
    from search.query import _lexeme

    assert _lexeme("a'b") == "'a''b'"
    assert _lexeme("a\\b") == "'a\\\\b'"


# -- highlighting ---------------------------------------------------------------------

def test_highlight_terms():
    assert highlight_terms(parse_query('来协商 "两个薄弱" -金点子')) == ["两个薄弱", "来协商", "协商"]


def test_highlight_marks_across_punctuation_and_case_and_escapes_html():
    q = parse_query("有事来协商 hello")
    out = highlight("我们开展“有事 来协商”活动，HELLO world <b>", q)
    assert out == ["我们开展“<mark>有事 来协商</mark>”活动，<mark>HELLO</mark> world &lt;b&gt;"]


def test_highlight_no_match_and_empty():
    q = parse_query("金点子")
    assert highlight("没有匹配的文本", q) == ["没有匹配的文本"]
    assert highlight("", q) == []
    assert highlight("<x>", Query()) == ["&lt;x&gt;"]


def test_highlight_fragments():
    text = ("甲" * 200 + "金点子" + "乙" * 200) * 5
    frags = highlight(text, parse_query("金点子"), fragment_size=40, max_fragments=2)
    assert len(frags) == 2
    assert all(f.count("<mark>金点子</mark>") == 1 and len(f) == 40 + 13 for f in frags)


def test_the_fast_fold_of_a_snippet_window_equals_the_per_character_one():
    """Highlighting matches on a folded copy aligned character by character with the text;
    the whole-string fast path must give exactly that copy, else marks land off by one."""
    import random

    from search.query import _folded
    from search.segmentation import normalize

    rng = random.Random(7)
    pool = [chr(c) for c in [*range(0x20, 0x250), *range(0x2460, 0x2500), *range(0x3000, 0x3100),
                             *range(0x4E00, 0x4E80), *range(0xFF00, 0xFF70)]]
    samples = ["ＡＢＣ协商，ｘｙｚ\u200b测试İ", "正常文字，ABC。", "㈠一二", "Ⅻ号文件", "e\u0301 café", "\x00控制"]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    for text in samples:
        assert _folded(text) == "".join((normalize(ch) or " ")[0] for ch in text), text
