"""The date a document bears (成文日期), found in its text.

A speech or a report is dated by a line of its own: at the end, under the signature
(``乐山市政协`` / ``2022年5月17日``), or at the top, under the title
(``（2022年5月13日在全省政协工作交流会上的发言）``, ``发布时间：2023-01-01``). Dates
inside sentences (``2019年以来``, ``到2025年5月底``) are not the document's: only short
lines near either end are read, and the last one of the end wins over the top's.

Written forms: Arabic digits (``2022年5月17日``, ``2022 年 5 月``), Chinese numerals
(``二〇二二年五月十日``, ``二○二二年十二月``), and numeric forms on a line of their own or
after a label (``2022-05-17``, ``2022.5.17``, ``2022/5/17``). A date without a day is the
first of its month.
"""
from __future__ import annotations

import datetime as dt
import re

#: lines read at each end of the text (non-empty lines)
HEAD_LINES = 8
TAIL_LINES = 12
#: a date line is short: a date, its signature, a parenthesised occasion
MAX_LINE_CHARS = 60
EARLIEST_YEAR = 1949

_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零ＯOo一二三四五六七八九"

_ARABIC = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_CHINESE = re.compile(rf"([{_CN}]{{4}})\s*年\s*([十一二三四五六七八九]{{1,3}})\s*月"
                      rf"(?:\s*([十一二三四五六七八九]{{1,3}})\s*日)?")
_NUMERIC = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
# a numeric date counts only alone on its line or after a label (发布时间：2023-01-01)
_NUMERIC_LINE = re.compile(r"^[\s(（]*(?:[\u4e00-\u9fff]{2,6}\s*[:：]\s*)?" + _NUMERIC.pattern)
# a line that is a sentence (2022年5月，我们召开了……) is not a date line
_SENTENCE = re.compile(r"[，,。；;！!？?]")


def _cn_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31."""
    if not text:
        return None
    if "十" not in text:
        return _DIGIT.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    value = (_DIGIT.get(tens, 0) if tens else 1) * 10
    return value + (_DIGIT.get(ones, 0) if ones else 0)


def _date(year: int | None, month: int | None, day: int | None, today: dt.date) -> dt.date | None:
    if year is None or month is None:
        return None
    if not EARLIEST_YEAR <= year <= today.year + 1:
        return None
    try:
        return dt.date(year, month, day or 1)
    except ValueError:
        return None


def date_in_line(line: str, today: dt.date | None = None) -> dt.date | None:
    """The date written on one line, if the line is short enough to be a date line."""
    today = today or dt.date.today()
    line = line.strip()
    if not line or len(line) > MAX_LINE_CHARS or _SENTENCE.search(line.rstrip("。.")):
        return None
    if m := _ARABIC.search(line):
        return _date(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, today)
    if m := _CHINESE.search(line):
        year = int("".join(str(_DIGIT[c]) for c in m[1]))
        return _date(year, _cn_number(m[2]), _cn_number(m[3]) if m[3] else None, today)
    if m := _NUMERIC_LINE.search(line):
        return _date(int(m[1]), int(m[2]), int(m[3]), today)
    return None


def document_date_in(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date of a document from its text: the last date line of its end, else the
    first of its top; None when neither end has one."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return None
    tail = lines[-TAIL_LINES:]
    for line in reversed(tail):
        if found := date_in_line(line, today):
            return found
    for line in lines[:min(HEAD_LINES, max(0, len(lines) - len(tail)))]:
        if found := date_in_line(line, today):
            return found
    return None
