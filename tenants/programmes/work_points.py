"""Import an annual work-points document (工作要点) into a draft plan.

A *work points* plan (a ``Programme`` of kind ``work_points``, see GLOSSARY) is a
document made of sections numbered with Chinese numerals (一、二、三 …) that
contain numbered items (1. 2. 3. …).  This module turns the paragraphs of such
a document into a :class:`WorkPointsDraft` that a view can show for review
before anything is written to the database.

It is pure Python: no Django import, no database access.  ``work_points_from_file``
uses ``documents.extraction`` (imported lazily) to read .docx/.pdf/.txt/.md.

Recognition rules (all best effort, never guesses silently: anything odd is
reported in ``WorkPointsDraft.warnings``):

* **Cleaning.** Markdown heading marks (``### ``), bold marks (``**``),
  horizontal rules (``---``) and page numbers (``— 3 —``) are removed;
  full-width spaces are normalised; spaces between Chinese characters and
  digits (an artefact of PDF extraction: ``2022 年``) are removed.
  Paragraphs that contain line breaks are split into lines first.
* **Sections**: a paragraph starting with a Chinese numeral followed by
  ``、`` ``．`` ``.`` ``，`` or ``：`` (``一、`` … ``十一、`` … ``二十、``), or
  ``第一部分`` / ``第一章``.  The heading is the text after the marker; if the
  line also carries body text after a bold heading or after the first ``。``,
  that text becomes the section ``intro``.
* **Items** are numbered with Arabic numerals (``1.`` ``1．`` ``1、``) or,
  in documents that use them directly under sections, ``（一）``.  The item
  level is the style of the first numbered paragraph after the first section;
  markers of the other style, and ``（1）`` ``(1)`` ``1)`` ``①`` sub-points,
  stay in the body of the current item.  Numbers are kept exactly as written
  (金华's numbering continues across sections; others restart at 1 in each
  section); gaps, duplicates and numbers going backwards produce warnings.
* **Item title**: the bold lead-in when there is one (``**加强理论武装。**…``),
  else the first sentence (up to ``。！？：``) when it is at most
  ``TITLE_MAX_CHARS`` characters long, else the beginning of the text
  truncated with ``…``.  ``body`` is the full text of the item, without its
  number, including the title sentence.
* **A part without numbered items** but with text (``一、开展……行动。`` followed by its
  paragraphs and ``该项工作由A牵头``), in a document whose other parts have numbered items,
  becomes one item of that part, titled with its heading (a warning says so).
* **Continuation paragraphs** (anything that is not a new section or item)
  belong to the current item.  A paragraph that ends mid-sentence (page break
  in a PDF or a hard-wrapped .txt) is glued to the next one without a
  separator; otherwise paragraphs are joined with ``\\n``.
* **Preamble**: the text before the first section, after the title line.
  The **title** is the first short line before the first section that
  contains ``工作要点`` (else ``要点``, ``工作计划``, ``工作安排``); a short line right
  before it naming the body (``政协××市委员会``) is prefixed to it.  Lines
  before the title (document header, file number) are not kept.
* **Closing matter** after the last item (signature, date line, ``抄报``/
  ``抄送``/``印发`` lines, horizontal rule) ends the document and is dropped.
* **Who does an item** (lead units, cooperating units, responsible leaders),
  best effort, from the item text: ``tenants.programmes.responsibility``
  (``牵头单位：`` ``配合单位：`` ``责任领导：`` …, ``由A牵头，B配合``).  Names are
  returned as written; matching them to ``Unit`` and ``Leader`` records is the
  caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tenants.programmes.numerals import chinese_numeral
from tenants.programmes.responsibility import Responsibility, extract_lead_units, extract_responsibility

__all__ = [
    "ItemDraft",
    "SectionDraft",
    "WorkPointsDraft",
    "WorkPointsImportError",
    "parse_work_points",
    "work_points_from_file",
    "extract_lead_units",
    "extract_responsibility",
    "Responsibility",
    "chinese_numeral_to_int",
]

TITLE_MAX_CHARS = 40
TRUNCATED_TITLE_CHARS = 60


# --------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------


@dataclass
class ItemDraft:
    number: int
    title: str
    body: str
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)


@dataclass
class SectionDraft:
    number: int
    heading: str
    items: list[ItemDraft] = field(default_factory=list)
    # Text between the section heading and its first item (usually empty).
    intro: str = ""


@dataclass
class WorkPointsDraft:
    title: str | None
    preamble: str
    sections: list[SectionDraft]
    warnings: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[ItemDraft]:
        return [item for section in self.sections for item in section.items]


class WorkPointsImportError(ValueError):
    """The document cannot be imported as work points.

    ``message`` is a Chinese sentence that can be shown to the user as is;
    ``code`` is a stable machine-readable reason.
    """

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


# --------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL_CHARS = "〇零一二两三四五六七八九十百"


def chinese_numeral_to_int(text: str) -> int | None:
    """``"一"`` → 1, ``"十一"`` → 11, ``"二十"`` → 20, ``"一百零三"`` → 103."""
    if not text or any(ch not in _CN_NUMERAL_CHARS for ch in text):
        return None
    total = 0
    current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    total += current
    return total or None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# --------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
_SPACE_BETWEEN = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+(?=[{_CJK}{_CJK_PUNCT}0-9])"
    rf"|(?<=[{_CJK}{_CJK_PUNCT}0-9])[ \t]+(?=[{_CJK}{_CJK_PUNCT}])"
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*[=＝]{3,}\s*$")
_PAGE_NUMBER = re.compile(r"^[—\-－–―~～\s]*[0-9０-９]{1,3}[—\-－–―~～\s]*$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$")
_BOLD_LEAD = re.compile(r"^(?P<pre>[^*]{0,12}?)\*\*(?P<bold>.+?)\*\*")


def _clean(line: str) -> str:
    """Normalise one line; return ``""`` for lines that carry no content."""
    line = line.replace("\u3000", " ").replace("\xa0", " ").replace("\ufeff", "")
    line = line.replace("\u200b", "").strip()
    if not line or _RULE.match(line) or _PAGE_NUMBER.match(line):
        return ""
    line = _MD_HEADING.sub("", line)
    line = _MD_QUOTE.sub("", line)
    line = re.sub(r"[ \t]+", " ", line).strip()
    line = _SPACE_BETWEEN.sub("", line)
    return line


def _strip_bold(text: str) -> str:
    return text.replace("**", "").strip()


# --------------------------------------------------------------------------
# Paragraph classification
# --------------------------------------------------------------------------

_SECTION_RE = re.compile(
    rf"^(?:第(?P<num2>[{_CN_NUMERAL_CHARS}]+)(?:部分|章|篇)\s*[、．.，,：:]?"
    rf"|(?P<num>[{_CN_NUMERAL_CHARS}]+)\s*[、．.，,：:])\s*(?P<rest>.*)$"
)
_ARABIC_ITEM_RE = re.compile(r"^(?P<num>[0-9０-９]{1,3})\s*[.．、](?![0-9０-９])\s*(?P<rest>\S.*)$")
_PAREN_CN_ITEM_RE = re.compile(
    rf"^[（(]\s*(?P<num>[{_CN_NUMERAL_CHARS}]+)\s*[）)]\s*[、．.]?\s*(?P<rest>\S.*)$"
)
_SUBPOINT_RE = re.compile(
    r"^(?:[（(]\s*[0-9０-９一二三四五六七八九十]+\s*[）)]|[0-9０-９]{1,2}\s*[)）]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|[一二三四五六七八九十]是|[-*•·]\s)"
)
_TERMINAL_RE = re.compile(r"[。！？；：!?;:…][”’」』）)】》\"']*$")
_MID_SENTENCE_END = re.compile(r"[、，,（(“‘《]$")
_DATE_LINE = re.compile(
    r"^(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年\s*[0-9〇零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[0-9〇零一二三四五六七八九十]{1,3}\s*日(?:印发|发)?$"
)
_CLOSING_LINE = re.compile(r"^(?:抄\s*报|抄\s*送|主\s*送|分\s*送|报\s*送|发\s*送)\s*[：:]")
# "牵头单位：…", "配合单位：…", "责任领导：…": a label line is its own line.
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,10}[：:]")
# "××办公室 2022年5月17日印发" on one line.
_PRINTED_LINE = re.compile(r"^.{0,30}?(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}日\s*印发$")


def _section_match(line: str) -> tuple[int, str] | None:
    m = _SECTION_RE.match(_strip_bold(line))
    if not m:
        return None
    number = chinese_numeral_to_int(m.group("num") or m.group("num2"))
    rest = m.group("rest").strip()
    if number is None or not rest:
        return None
    return number, rest


def _item_match(line: str, style: str) -> tuple[int, str] | None:
    plain = _strip_bold(line)
    if style == "arabic":
        m = _ARABIC_ITEM_RE.match(plain)
        if m:
            return int(m.group("num").translate(_FULLWIDTH_DIGITS)), m.group("rest").strip()
    elif style == "paren_cn":
        m = _PAREN_CN_ITEM_RE.match(plain)
        if m:
            number = chinese_numeral_to_int(m.group("num"))
            if number is not None:
                return number, m.group("rest").strip()
    return None


def _bold_lead(line: str) -> tuple[str, str] | None:
    """``**1.加强理论武装。**正文`` → (``1.加强理论武装。``, ``正文``)."""
    m = _BOLD_LEAD.match(line)
    if not m:
        return None
    pre = m.group("pre").strip()
    # Only a number marker (or nothing) may precede the bold part.
    if pre and not re.fullmatch(r"[0-9０-９]{1,3}\s*[.．、]|[（(][^）)]{1,4}[）)]|[一二三四五六七八九十]+[、．.]", pre):
        return None
    return m.group("bold").strip(), _strip_bold(line[m.end():])


# --------------------------------------------------------------------------
# Text assembly
# --------------------------------------------------------------------------


def _ends_paragraph(text: str) -> bool:
    if _TERMINAL_RE.search(text):
        return True
    if re.fullmatch(r"[（(].*[）)]", text):  # a whole parenthesised note
        return True
    return False


def _join(parts: list[str]) -> str:
    """Join lines, gluing lines that were broken in mid-sentence."""
    out = ""
    for part in parts:
        if not out:
            out = part
            continue
        prev_line = out.rsplit("\n", 1)[-1]
        glue = (
            not _ends_paragraph(prev_line)
            and not _SUBPOINT_RE.match(part)
            and not _LABEL_LINE.match(part)
            and not _LABEL_LINE.match(prev_line)
            and (
                len(prev_line) >= 20
                or _MID_SENTENCE_END.search(prev_line) is not None
                # a short line with punctuation inside is a sentence, not a heading
                or re.search(r"[。，；！？,;]", prev_line) is not None
            )
        )
        out = out + ("" if glue else "\n") + part
    return out


def _title_of(text: str, bold: str | None) -> str:
    if bold:
        title = bold
    else:
        m = re.search(r"[。！？：:!?]", text)
        if m and 0 < m.start() <= TITLE_MAX_CHARS:
            title = text[: m.start()]
        elif len(text) <= TRUNCATED_TITLE_CHARS:
            title = text
        else:
            title = text[:TRUNCATED_TITLE_CHARS].rstrip() + "…"
    return title.strip().rstrip("。.：:；;，,").strip()


# --------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------

_TITLE_KEYWORDS = ("工作要点", "要点", "工作计划", "工作安排")


def _find_title(lines: list[str]) -> tuple[str | None, int]:
    """Return (title, index of the title line) among the lines before section 1."""
    for keyword in _TITLE_KEYWORDS:
        for index, line in enumerate(lines):
            text = _strip_bold(line)
            if keyword in text and len(text) <= 80 and not _TERMINAL_RE.search(text):
                title = text
                if index > 0:
                    prev = _strip_bold(lines[index - 1])
                    if (
                        len(prev) <= 30
                        and re.search(r"(?:委员会|党组|政协)$", prev)
                        and not title.startswith(prev)
                    ):
                        title = prev + title
                return title, index
    return None, -1


def _is_closing(lines: list[str], index: int) -> bool:
    """Does the closing matter (signature, date, 抄报 …) start at ``lines[index]``?"""
    line = _strip_bold(lines[index])
    if _DATE_LINE.match(line) or _CLOSING_LINE.match(line):
        return True
    if _PRINTED_LINE.match(line):
        return True
    # A short signature line without punctuation directly followed by a date.
    if (
        index + 1 < len(lines)
        and len(line) <= 30
        and not re.search(r"[，。；：！？,.;:!?]", line)
        and _DATE_LINE.match(_strip_bold(lines[index + 1]))
    ):
        return True
    return False


def _detect_item_style(lines: list[str]) -> str:
    for line in lines:
        if _section_match(line):
            continue
        plain = _strip_bold(line)
        if _ARABIC_ITEM_RE.match(plain):
            return "arabic"
        if _PAREN_CN_ITEM_RE.match(plain):
            return "paren_cn"
    return "arabic"


class _OpenItem:
    def __init__(self, number: int, first_line: str):
        self.number = number
        self.lines = [first_line]
        self.bold = None


def parse_work_points(paragraphs: list[str]) -> WorkPointsDraft:
    """Parse the paragraphs of a work-points document into a draft."""
    # Raw lines (markdown/bold still in place) but without empty/noise lines.
    raw_lines: list[str] = []
    for paragraph in paragraphs or []:
        for line in str(paragraph).splitlines():
            cleaned = _clean(line)
            if cleaned and _strip_bold(cleaned):
                raw_lines.append(cleaned)
    if not raw_lines:
        raise WorkPointsImportError("文档内容为空，未找到任何文字，请检查上传的文件。", code="empty")

    first_section = next((i for i, line in enumerate(raw_lines) if _section_match(line)), None)
    if first_section is None:
        raise WorkPointsImportError(
            "未识别到工作要点的部分标题。请确认文档按“一、二、三……”分部分，"
            "各部分下的条目按“1.”“2.”等编号。",
            code="no_sections",
        )

    warnings: list[str] = []
    head = raw_lines[:first_section]
    title, title_index = _find_title(head)
    preamble_lines = head[title_index + 1:] if title is not None else head
    preamble = _join([_strip_bold(line) for line in preamble_lines])

    body_lines = raw_lines[first_section:]
    style = _detect_item_style(body_lines)

    sections: list[SectionDraft] = []
    section_intro: list[str] = []
    item: _OpenItem | None = None

    def close_item() -> None:
        nonlocal item
        if item is None:
            return
        body = _join(item.lines)
        responsibility = extract_responsibility(body)
        sections[-1].items.append(
            ItemDraft(
                number=item.number,
                title=_title_of(body, item.bold),
                body=body,
                lead_units=responsibility.lead_units,
                cooperating_units=responsibility.cooperating_units,
                leaders=responsibility.leaders,
            )
        )
        item = None

    def close_section() -> None:
        nonlocal section_intro
        close_item()
        if sections:
            sections[-1].intro = _join(section_intro)
        section_intro = []

    for index, line in enumerate(body_lines):
        if sections and _is_closing(body_lines, index):
            break
        section = _section_match(line)
        if section is not None:
            close_section()
            number, rest = section
            lead = _bold_lead(line)
            if lead is not None:
                bold, intro_text = lead
                heading = _SECTION_RE.match(bold).group("rest") if _SECTION_RE.match(bold) else bold
                if not heading.strip():  # "**一、**heading": the bold part is only the marker
                    heading, intro_text = rest, ""
            else:
                heading, intro_text = rest, ""
                m = re.search(r"[。：:]", rest)
                if m and rest[m.end():].strip():
                    heading, intro_text = rest[: m.start()], rest[m.end():].strip()
            heading = heading.strip().rstrip("。.：:；;").strip()
            sections.append(SectionDraft(number=number, heading=heading, items=[]))
            if intro_text:
                section_intro.append(intro_text)
            continue

        numbered = _item_match(line, style)
        if numbered is not None:
            close_item()
            number, rest = numbered
            item = _OpenItem(number, rest)
            lead = _bold_lead(line)
            if lead is not None:
                item.bold = re.sub(r"^(?:[0-9０-９]{1,3}\s*[.．、]|[（(][^）)]{1,4}[）)])\s*", "", lead[0]) or None
            continue

        text = _strip_bold(line)
        if item is not None:
            item.lines.append(text)
        else:
            section_intro.append(text)
    close_section()

    # A part written as paragraphs (and who does it) without numbered items, in a document whose
    # other parts have them: that part is one item. (A document of such parts only is no work points.)
    if any(section.items for section in sections):
        previous = 0
        for section in sections:
            if not section.items and section.intro:
                responsibility = extract_responsibility(section.intro)
                section.items.append(ItemDraft(
                    number=previous + 1, title=section.heading, body=section.intro,
                    lead_units=responsibility.lead_units, cooperating_units=responsibility.cooperating_units,
                    leaders=responsibility.leaders,
                ))
                section.intro = ""
                warnings.append(
                    f"第{chinese_numeral(section.number)}部分“{section.heading}”没有编号条目，已将该部分作为一个事项导入。")
            previous = section.items[-1].number if section.items else previous

    # ---- consistency checks -> warnings ---------------------------------
    expected_section = 1
    seen_sections: set[int] = set()
    for section in sections:
        if section.number in seen_sections:
            warnings.append(f"部分序号“{chinese_numeral(section.number)}”重复出现（“{section.heading}”）。")
        elif section.number != expected_section:
            warnings.append(
                f"部分序号不连续：应为“{chinese_numeral(expected_section)}”，实际为“{chinese_numeral(section.number)}”（“{section.heading}”）。"
            )
        seen_sections.add(section.number)
        expected_section = section.number + 1
        if not section.items:
            warnings.append(f"第{chinese_numeral(section.number)}部分“{section.heading}”下未识别到编号条目。")
        if section.intro:
            warnings.append(f"第{chinese_numeral(section.number)}部分“{section.heading}”在第一个条目之前有说明文字，已单独保留。")

    all_items = [it for section in sections for it in section.items]
    if not all_items:
        raise WorkPointsImportError(
            "识别到部分标题，但未识别到任何编号条目。请确认条目以“1.”“2.”或“（一）”“（二）”开头。",
            code="no_items",
        )

    seen_items: set[int] = set()
    previous: int | None = None
    for section in sections:
        for position, it in enumerate(section.items):
            if position == 0 and it.number == 1 and previous is not None:
                seen_items = set()  # numbering restarts in this section
            if it.number in seen_items:
                warnings.append(f"条目编号 {it.number} 重复出现（第{chinese_numeral(section.number)}部分）。")
            elif previous is None:
                if it.number != 1:
                    warnings.append(f"第一个条目的编号为 {it.number}，不是 1。")
            elif not (it.number == previous + 1 or (position == 0 and it.number == 1)):
                warnings.append(
                    f"条目编号不连续：第{chinese_numeral(section.number)}部分中编号 {previous} 之后为 {it.number}。"
                )
            seen_items.add(it.number)
            previous = it.number

    if title is None:
        warnings.append("未识别到文档标题（如“××年工作要点”）。")

    return WorkPointsDraft(title=title, preamble=preamble, sections=sections, warnings=warnings)


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def work_points_from_file(filename: str, data: bytes) -> WorkPointsDraft:
    """Extract the text of an uploaded file and parse it as work points.

    Extraction errors (``documents.extraction.DocumentError``) are re-raised as
    :class:`WorkPointsImportError` with the same Chinese message and code.
    """
    from documents.extraction import DocumentError, extract_document

    try:
        document = extract_document(filename, data)
    except DocumentError as exc:
        message = getattr(exc, "message", None) or str(exc)
        raise WorkPointsImportError(message, code=getattr(exc, "code", "document")) from exc
    return parse_work_points(list(document.paragraphs))
