"""Tests for tenants.programmes.work_points (work points → draft plan).

The parser is pure Python (no Django import, no database; the last tests check it).
The seed documents are read from ``<repo>/../shared/seeds/`` when present.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tenants.programmes.work_points import (
    ItemDraft,
    SectionDraft,
    WorkPointsDraft,
    WorkPointsImportError,
    chinese_numeral_to_int,
    extract_lead_units,
    parse_work_points,
    work_points_from_file,
)

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _seed(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not available under {SEEDS}")
    return matches[0].read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _docx_bytes(paragraphs: list[str]) -> bytes:
    """A .docx with one Word paragraph per paragraph; markdown headings become
    Word headings and horizontal rules are left out, as a typist would do."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in paragraphs:
        text = paragraph.strip()
        if re.fullmatch(r"-{3,}", text):
            continue
        m = re.match(r"^(#{1,6})\s*(.*)$", text)
        if m:
            document.add_heading(m.group(2), level=min(len(m.group(1)), 9))
        else:
            document.add_paragraph(text.replace("\n", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _has_extraction() -> bool:
    try:
        import documents.extraction  # noqa: F401
    except ImportError:
        return False
    return True


needs_extraction = pytest.mark.skipif(not _has_extraction(), reason="documents.extraction not available")


# ---------------------------------------------------------------------------
# Seed 002: 金华 2022 work points
# ---------------------------------------------------------------------------

JINHUA_HEADINGS = [
    "守好红色根脉，提升思想政治引领力",
    "紧扣“五大战略”，提升服务发展助推力",
    "聚焦共富共享，提升服务民生行动力",
    "凝聚奋进共识，提升团结民主向心力",
    "着眼提质增效，提升守正创新变革力",
    "抓实自身建设，提升争先创优驱动力",
]


@pytest.fixture(scope="module")
def jinhua_text() -> str:
    return _seed("002")


@pytest.fixture(scope="module")
def jinhua(jinhua_text) -> WorkPointsDraft:
    return parse_work_points(_paragraphs(jinhua_text))


def test_seed_002_sections_and_items(jinhua):
    assert [s.number for s in jinhua.sections] == [1, 2, 3, 4, 5, 6]
    assert [s.heading for s in jinhua.sections] == JINHUA_HEADINGS
    assert [len(s.items) for s in jinhua.sections] == [3, 3, 3, 3, 3, 5]
    # Numbering continues across sections and the document's numbers are kept.
    assert [item.number for item in jinhua.items] == list(range(1, 21))
    assert jinhua.warnings == []


def test_seed_002_title_preamble_and_item_titles(jinhua):
    assert jinhua.title == "中共政协金华市委员会党组2022年工作要点"
    # The document header and file number are not part of the preamble.
    assert "金政协党组" not in jinhua.preamble
    assert jinhua.preamble.startswith("(2022年5月13日")
    assert "总体要求" in jinhua.preamble
    # A word cut by a page break ("整" / "体性") is glued back together.
    assert "整体性" in jinhua.preamble

    by_number = {item.number: item for item in jinhua.items}
    assert by_number[1].title == "加强创新理论武装"
    assert by_number[4].title == "聚焦中心任务广泛协商议政"
    assert by_number[10].title == "浓厚“和合”氛围"
    assert by_number[13].title == "迭代深化“数字政协”建设"
    assert by_number[19].title == "推动县（市、区）政协协同共进创一流"
    assert by_number[20].title == "推动市政协机关实干奋进走前列"
    for item in jinhua.items:
        assert item.body.startswith(item.title)
        assert not re.match(r"^\d", item.body)  # the number is not in the body
        assert item.lead_units == []


def test_seed_002_continuations_and_closing_matter(jinhua):
    by_number = {item.number: item for item in jinhua.items}
    # Items split over a page break are one item, glued without a separator.
    assert "临时党组织" in by_number[3].body
    assert "\n" not in by_number[3].body
    assert "变革型组织" in by_number[20].body
    # Signature, date and distribution lines after the last item are dropped.
    last = by_number[20].body
    assert "抄报" not in last and "印发" not in last and "2022年5月17日" not in last
    assert last.endswith("。")


@needs_extraction
@pytest.mark.parametrize(
    "filename,encoding",
    [("jinhua.txt", "utf-8"), ("jinhua.txt", "gb18030"), ("jinhua.txt", "utf-16"), ("jinhua.md", "utf-8")],
)
def test_seed_002_text_encodings_give_identical_draft(jinhua, jinhua_text, filename, encoding):
    draft = work_points_from_file(filename, jinhua_text.encode(encoding))
    assert draft == jinhua


@needs_extraction
def test_seed_002_docx_gives_identical_draft(jinhua, jinhua_text):
    draft = work_points_from_file("金华2022工作要点.docx", _docx_bytes(_paragraphs(jinhua_text)))
    assert draft == jinhua


@needs_extraction
def test_seed_002_crlf_and_single_newlines(jinhua, jinhua_text):
    squeezed = "\r\n".join(_paragraphs(jinhua_text))
    assert work_points_from_file("a.txt", squeezed.encode("gb18030")) == jinhua


# ---------------------------------------------------------------------------
# A small document of our own
# ---------------------------------------------------------------------------

OWN_DOC = """\
# 政协青溪县委员会文件

青政协〔2024〕5号

## 政协青溪县委员会
## 2024年工作要点

今年是推进全县高质量发展的关键一年，县政协将围绕中心、服务大局，
认真履行各项职能。

### 一、强化学习，筑牢思想根基

1.抓好理论学习。全年安排集中学习不少于十次，每次明确一个主题。
（1）主席会议成员带头领学；
（2）各专委会每季度组织一次交流。
牵头单位：县政协办公室、研究室

2．办好委员讲堂。邀请本地专家围绕产业发展、生态保护等题目开讲，
并把讲稿汇编成册（文化文史和学习委牵头，各委室配合）。

**二、聚焦发展，提升建言质量**

1、开展重点调研。围绕茶叶产业链延伸、山区交通改善两个题目组织调研，形成报告后提交县委
参考。该项工作由经济委、农业农村委牵头，其他委室配合。

（一）调研前制定方案；

（二）调研后召开座谈会。

2.做好提案办理。责任单位为提案委。

三．密切联系，凝聚各方共识

1.深化界别活动。每个界别全年至少开展两次活动。
2.用好协商平台。县政协办公室牵头、各乡镇联络组配合，推动议事点常态运行。

政协青溪县委员会办公室
2024年2月1日印发
"""


@pytest.fixture(scope="module")
def own() -> WorkPointsDraft:
    return parse_work_points(OWN_DOC.splitlines())


def test_own_document_structure(own):
    assert own.title == "政协青溪县委员会2024年工作要点"
    assert own.preamble.startswith("今年是推进全县高质量发展的关键一年")
    # A hard-wrapped line in the preamble is glued back.
    assert "服务大局，认真履行" in own.preamble
    assert [(s.number, s.heading) for s in own.sections] == [
        (1, "强化学习，筑牢思想根基"),
        (2, "聚焦发展，提升建言质量"),
        (3, "密切联系，凝聚各方共识"),
    ]
    # Numbering restarts in each section: kept as written, no warning.
    assert [[i.number for i in s.items] for s in own.sections] == [[1, 2], [1, 2], [1, 2]]
    assert own.warnings == []


def test_own_document_items(own):
    learn, lecture = own.sections[0].items
    assert learn.title == "抓好理论学习"
    # Sub-points (1)(2) and the label line stay in the item's body.
    assert learn.body.splitlines() == [
        "抓好理论学习。全年安排集中学习不少于十次，每次明确一个主题。",
        "（1）主席会议成员带头领学；",
        "（2）各专委会每季度组织一次交流。",
        "牵头单位：县政协办公室、研究室",
    ]
    assert learn.lead_units == ["县政协办公室", "研究室"]

    assert lecture.title == "办好委员讲堂"
    assert "生态保护等题目开讲，并把讲稿" in lecture.body  # wrapped line glued
    assert lecture.lead_units == ["文化文史和学习委"]

    survey, proposals = own.sections[1].items
    assert survey.title == "开展重点调研"
    assert "提交县委参考" in survey.body
    assert "（一）调研前制定方案；" in survey.body.splitlines()
    assert "（二）调研后召开座谈会。" in survey.body.splitlines()
    assert survey.lead_units == ["经济委", "农业农村委"]
    assert proposals.lead_units == ["提案委"]

    groups, platform = own.sections[2].items
    assert groups.lead_units == []
    assert platform.lead_units == ["县政协办公室"]
    # The closing lines are not part of the last item.
    assert "印发" not in platform.body and "办公室\n" not in platform.body


def test_markdown_and_punctuation_variants():
    paragraphs = [
        "**某市政协2025年工作要点**",
        "#### 一．坚持正确方向",
        "1. **完善学习制度。**每月安排一次专题学习。",
        "**二、助推经济发展**",
        "3．**开展专题协商。**围绕营商环境组织协商。",
        "十一、加强自身建设",
        "4、建设学习型机关。推动机关干部读书。",
    ]
    draft = parse_work_points(paragraphs)
    assert draft.title == "某市政协2025年工作要点"
    assert [(s.number, s.heading) for s in draft.sections] == [
        (1, "坚持正确方向"),
        (2, "助推经济发展"),
        (11, "加强自身建设"),
    ]
    assert [i.title for i in draft.items] == ["完善学习制度", "开展专题协商", "建设学习型机关"]
    assert draft.items[0].body == "完善学习制度。每月安排一次专题学习。"
    # Gaps in numbering are reported, not fatal.
    assert any("编号 1 之后为 3" in w for w in draft.warnings)
    assert any("部分序号不连续" in w for w in draft.warnings)


def test_parenthesised_items_when_no_arabic_items():
    draft = parse_work_points([
        "县政协2025年工作安排",
        "一、协商议政",
        "（一）组织全会协商。围绕年度重点工作安排大会发言。",
        "1.发言材料提前一个月征集。",
        "（二）组织专题协商。每季度一次。",
        "二、民主监督",
        "（一）开展专项监督。聚焦河道治理。",
    ])
    assert draft.title == "县政协2025年工作安排"
    assert [[i.number for i in s.items] for s in draft.sections] == [[1, 2], [1]]
    first = draft.sections[0].items[0]
    assert first.title == "组织全会协商"
    assert first.body.endswith("1.发言材料提前一个月征集。")


def test_duplicate_and_out_of_order_numbers_warn():
    draft = parse_work_points([
        "一、第一部分",
        "1.甲事项。内容。",
        "2.乙事项。内容。",
        "2.丙事项。内容。",
        "二、第二部分",
        "5.丁事项。内容。",
        "4.戊事项。内容。",
    ])
    assert [i.number for i in draft.items] == [1, 2, 2, 5, 4]
    joined = "\n".join(draft.warnings)
    assert "编号 2 重复" in joined
    assert "编号 2 之后为 5" in joined
    assert "编号 5 之后为 4" in joined
    assert "未识别到文档标题" in joined


def test_section_intro_and_empty_section_warn():
    draft = parse_work_points([
        "一、总体安排。全年工作分三个阶段推进。",
        "1.第一阶段。完成准备工作。",
        "二、保障措施",
    ])
    assert draft.sections[0].heading == "总体安排"
    assert draft.sections[0].intro == "全年工作分三个阶段推进。"
    assert draft.sections[1].items == []
    assert any("已单独保留" in w for w in draft.warnings)
    assert any("第二部分" in w and "未识别到编号条目" in w for w in draft.warnings)


def test_closing_matter_detection_is_not_fooled_by_item_text():
    draft = parse_work_points([
        "一、办文",
        "1.规范公文处理。",
        "（一）做好文件印发",
        "（二）按时归档。",
        "2.落实保密要求。",
        "县政协办公室 2025年1月6日印发",
        "3.这一行在结尾之后，不应出现。",
    ])
    assert [i.number for i in draft.items] == [1, 2]
    assert draft.items[0].body.splitlines()[1] == "（一）做好文件印发"
    assert draft.items[1].body == "落实保密要求。"


def test_long_first_sentence_gives_truncated_title():
    body = "围绕" + "全县重点项目建设" * 10 + "开展跟踪监督。"
    draft = parse_work_points(["一、监督", f"1.{body}"])
    item = draft.items[0]
    assert item.body == body
    assert item.title.endswith("…") and len(item.title) <= 61


def test_numbers_that_are_not_item_markers_stay_in_body():
    draft = parse_work_points([
        "一、发展",
        "1.壮大特色产业。全年新增产值",
        "2.5亿元以上。",
        "3、4月份开展集中走访。",
    ])
    assert [i.number for i in draft.items] == [1]
    assert "全年新增产值2.5亿元以上。" in draft.items[0].body
    assert draft.items[0].body.endswith("3、4月份开展集中走访。")


# ---------------------------------------------------------------------------
# Lead units and numerals
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("牵头单位：县政协办公室；配合单位：各委室", ["县政协办公室"]),
        ("责任单位为市政协提案委。", ["市政协提案委"]),
        ("责任委（室）：地联委", ["地联委"]),
        ("此项工作由办公室、研究室牵头，其他委（室）配合。", ["办公室", "研究室"]),
        ("此项工作由办公室统筹，其他委（室）配合。", ["办公室"]),
        ("组织专题视察（市政协办公室牵头）。", ["市政协办公室"]),
        ("组织调研（民族宗教和外事侨务委员会牵头，有关委室配合）", ["民族宗教和外事侨务委员会"]),
        ("全面汇总，研究室牵头、各委室配合完成。", ["研究室"]),
        ("组织委员开展读书活动。", []),
    ],
)
def test_extract_lead_units(text, expected):
    assert extract_lead_units(text) == expected


@pytest.mark.parametrize(
    "text,value",
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("一百零三", 103), ("abc", None), ("", None)],
)
def test_chinese_numerals(text, value):
    assert chinese_numeral_to_int(text) == value


# ---------------------------------------------------------------------------
# Seed 000: 资阳 programmes — lead units in the ten actions
# ---------------------------------------------------------------------------


def test_seed_000_ten_actions_lead_units():
    text = _seed("000")
    start = text.index("10 大专项行动")
    paragraphs = _paragraphs(text[start:])
    # Each action ends with a sentence naming who leads it.
    leads = [extract_lead_units(p) for p in paragraphs if p.startswith("该项工作由")]
    assert leads == [
        ["办公室"],
        ["研究室"],
        ["办公室", "地联委", "研究室"],
        ["民宗外侨委"],
        ["地联委"],
        ["办公室"],
        ["文化文史学习委"],
        ["地联委"],
        ["农业农村委"],
        ["办公室"],
    ]
    # The actions are sections without numbered items: not importable as work points.
    with pytest.raises(WorkPointsImportError) as info:
        parse_work_points(paragraphs)
    assert info.value.code == "no_items"


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def _assert_chinese(exc: WorkPointsImportError) -> None:
    assert CHINESE.search(exc.message), exc.message
    assert str(exc) == exc.message


def test_no_sections_is_an_error():
    with pytest.raises(WorkPointsImportError) as info:
        parse_work_points(["这是一份普通的通知。", "请各单位按时参加会议。"])
    assert info.value.code == "no_sections"
    assert info.value.message.startswith("未识别到")
    _assert_chinese(info.value)


def test_sections_without_items_is_an_error():
    with pytest.raises(WorkPointsImportError) as info:
        parse_work_points(["一、总体要求", "全年工作要稳中求进。", "二、主要任务", "抓好各项落实。"])
    assert info.value.code == "no_items"
    _assert_chinese(info.value)


@pytest.mark.parametrize("paragraphs", [[], ["", "   ", "\u3000"], ["---", "— 2 —"]])
def test_empty_paragraphs_is_an_error(paragraphs):
    with pytest.raises(WorkPointsImportError) as info:
        parse_work_points(paragraphs)
    assert info.value.code == "empty"
    _assert_chinese(info.value)


@needs_extraction
@pytest.mark.parametrize(
    "filename,data",
    [
        ("empty.txt", b""),
        ("blank.txt", "\n \n\u3000\n".encode("utf-8")),
        ("broken.docx", b"PK\x03\x04" + b"\x00garbage" * 20),
        ("fake.docx", b"this is not a word file"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    ],
)
def test_unreadable_files_raise_import_error(filename, data):
    with pytest.raises(WorkPointsImportError) as info:
        work_points_from_file(filename, data)
    _assert_chinese(info.value)
    assert isinstance(info.value.__cause__, ValueError)


@needs_extraction
def test_document_error_message_is_passed_through():
    from documents.extraction import DocumentError, extract_document

    data = b"PK\x03\x04" + b"\x00garbage" * 20
    with pytest.raises(DocumentError) as original:
        extract_document("broken.docx", data)
    with pytest.raises(WorkPointsImportError) as info:
        work_points_from_file("broken.docx", data)
    assert info.value.message == original.value.message
    assert info.value.code == original.value.code


@needs_extraction
def test_docx_without_sections_raises_import_error():
    data = _docx_bytes(["会议通知", "请各位委员准时参加。"])
    with pytest.raises(WorkPointsImportError) as info:
        work_points_from_file("notice.docx", data)
    assert info.value.code == "no_sections"


def test_module_does_not_import_django():
    code = (
        "import sys; import tenants.programmes.work_points; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_draft_types_are_plain_dataclasses():
    item = ItemDraft(number=1, title="t", body="t。", lead_units=[])
    section = SectionDraft(number=1, heading="h", items=[item])
    draft = WorkPointsDraft(title=None, preamble="", sections=[section], warnings=[])
    assert draft.items == [item]
    assert section.intro == ""
