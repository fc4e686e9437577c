"""What PDF extraction leaves in a compilation's lines: page numbers, running
headers and footers, and hard line wraps.

``clean_lines`` drops page numbers (— 3 —, -3-, 第3页, 第3页 共20页, 3/20, a bare
number) and lines repeated on many pages (a running header or footer, the same
text up to its page number); it returns the remaining lines and the positions
where a page ended, which the heading rules use (a speech often starts on a new
page). ``join_wraps`` joins the lines of one paragraph that extraction cut at
the page width, keeping real paragraph breaks: a line is a wrapped one when it
fills the text width (or, with no width to measure, when it is long prose) and
does not end a sentence, and the next line does not start a heading.
"""

from __future__ import annotations

import re
from collections import Counter

from shared.materials.splitting.names import _ORG
from shared.materials.splitting.text import _fold

_DASHES = "-—–－‒―~～·•"
PAGE_MARK = re.compile(
    rf"^\s*(?:"
    rf"[{_DASHES}\s]*\d{{1,4}}[{_DASHES}\s]*"  # 3, — 3 —, -3-, · 3 ·
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共20页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/20
    r"|(?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"  # Page 3 of 20
    r")\s*$",
    re.IGNORECASE,
)
# Lines that start a heading or a numbered section, never the tail of a wrapped line.
SECTION_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十\d]{1,3}[，,、部章节条]|[①-⑳]|——|—\s*[^\d\s—])"
)
_ORG_LINE = re.compile(rf"^\s*(?:{_ORG})\s*(?:[:：].*)?$")
_AUTHOR_START = re.compile(r"^\s*(?:发言人|执笔人|执笔|作者|撰稿人|撰稿|报告人|供稿)\s*[:：]")
_ENDS_PARAGRAPH = tuple("。！？!?；;：:”」』）)")
_ENDS_SPOKEN = tuple("。！？!?；;：:")
_CLOSING = tuple("”」』）)")  # "谢谢大家！", "各位领导：" — not a closing bracket
_PROSE_PUNCTUATION = re.compile(r"[，,。；;、]")


def _repeat_key(line: str) -> str:
    """The same running header on every page differs only by its page number."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", _fold(line)))


_MARKDOWN_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_MARKDOWN_LEAD = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)")
_MARKDOWN_STRONG = re.compile(r"(\*\*|__)(.+?)\1")


_SPACED_OUT = re.compile(r"^(?:[\u4e00-\u9fff][ \u3000]{1,3}){2,}[\u4e00-\u9fff]$")


def _plain(line: str) -> str:
    """A line as the text it shows: no Markdown heading or bold marks (a .md volume),
    no spaces between the characters of a spaced-out heading ("目  录", "汇 编")."""
    line = _MARKDOWN_LEAD.sub("", line.strip())
    line = _MARKDOWN_STRONG.sub(r"\2", line).strip()
    return re.sub(r"[ \u3000]+", "", line) if _SPACED_OUT.match(line) else line


def clean_lines(paragraphs: list[str]) -> tuple[list[str], set[int]]:
    """Lines without page numbers and running headers/footers, and the indexes
    (in the returned list) of the lines that begin a new page (a Markdown rule
    counts as one)."""
    lines = [
        "—" if _MARKDOWN_RULE.match(p) else _plain(p)
        for p in paragraphs if p and p.strip()
    ]
    lines = [line for line in lines if line]
    marks = [line == "—" or bool(PAGE_MARK.match(_fold(line))) for line in lines]
    pages = sum(marks)
    # A running header or footer: a short line repeated on several pages, not an
    # organisation line (every speech of a masked volume may read "xx市政协").
    # With page numbers, it stands next to one (within two lines) at most of its
    # places; without, it is repeated at least four times. A line ending a
    # sentence ("谢谢大家！", "各位领导：") is a speech's own, however often it recurs; one
    # ending in a bracket ("……交流材料（内部）") is not a sentence.
    counts = Counter(_repeat_key(line) for line, mark in zip(lines, marks) if not mark and len(line) <= 40)
    near_mark = Counter(
        _repeat_key(line) for index, (line, mark) in enumerate(zip(lines, marks))
        if not mark and any(marks[max(0, index - 2): index + 3])
    )
    threshold = max(3, pages // 3) if pages else 4
    repeated = {
        key for key, count in counts.items()
        if count >= threshold and not _ORG_LINE.match(key.replace("#", "1")) and not SECTION_START.match(key)
        and not key.endswith(_ENDS_SPOKEN) and (not pages or near_mark[key] * 2 >= count)
    }
    kept: list[str] = []
    breaks: set[int] = set()
    pending_break = False
    for line, mark in zip(lines, marks):
        if mark or _repeat_key(line) in repeated:
            pending_break = pending_break or mark or bool(kept)
            continue
        if pending_break and kept:
            breaks.add(len(kept))
        pending_break = False
        kept.append(line)
    return kept, breaks


def _text_width(lines: list[str]) -> int | None:
    """The width extraction wrapped at: the most common length of long lines, if
    enough of them share it (a .docx gives whole paragraphs: no width)."""
    long_lines = [len(line) for line in lines if len(line) >= 15]
    if len(long_lines) < 6:
        return None
    counts = Counter(long_lines)
    width, _ = max(counts.items(), key=lambda item: (item[1] + counts.get(item[0] - 1, 0) + counts.get(item[0] + 1, 0), item[0]))
    near = sum(counts.get(w, 0) for w in (width - 1, width, width + 1))
    return width if near >= max(4, len(long_lines) * 0.3) else None


def _wrapped(line: str, following: str, width: int | None) -> bool:
    full = width is not None and len(line) >= width - 2
    # A full line may end in a closing quote mid-sentence ("……的“双联系”" / "制度，……").
    closing = full and line.endswith(_CLOSING) and not line[:-1].endswith(_ENDS_SPOKEN)
    if (line.endswith(_ENDS_PARAGRAPH) and not closing) or _ORG_LINE.match(_fold(line)) or _AUTHOR_START.match(line):
        return False
    if SECTION_START.match(following) or _ORG_LINE.match(_fold(following)) or _AUTHOR_START.match(following):
        return False
    if _heading_like(line) and _heading_like(following):
        return False  # two title lines (a volume's, a speech's) are a heading, not a paragraph
    if width is not None:
        return full
    # No width to measure: a long line of prose cut before its sentence ends.
    return len(line) >= 28 and bool(_PROSE_PUNCTUATION.search(line))


def _heading_like(line: str) -> bool:
    return not _PROSE_PUNCTUATION.search(line) and not line.endswith(_ENDS_PARAGRAPH)


def join_wraps(lines: list[str], breaks: set[int], start: int = 0) -> tuple[list[str], set[int]]:
    """Join hard-wrapped lines from ``start`` on (a TOC before it stays as it is)."""
    width = _text_width(lines[start:])
    joined: list[str] = list(lines[:start])
    new_breaks = {b for b in breaks if b < start}
    glue = False
    for index in range(start, len(lines)):
        line = lines[index]
        if glue:
            joined[-1] += line
        else:
            if index in breaks:
                new_breaks.add(len(joined))
            joined.append(line)
        glue = index + 1 < len(lines) and _wrapped(line, lines[index + 1], width)
    return joined, new_breaks
