"""A proposal written in Word (or as text) → the draft form's fields, for the member to check and save.

Proposals come in two usual layouts: the traditional one (案由 / 理由 / 办法 or 建议) and the one with
numbered parts (一、基本情况 / 二、存在问题 / 三、对策建议, in any wording close to that). The title is
the 案由 line, or the first line that reads as a title (关于……的建议/提案). Lines that only carry the
form's metadata (提案人, 联名人, 界别, 联系电话, 日期 …) are left out. When no part heading is found the
whole text goes to the suggestions, so nothing is lost; the page says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_NUMBER = r"(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[、.．])?\s*"
_TITLE_LABEL = re.compile(r"^(?:案\s*由|题\s*目|标\s*题|提案名称)\s*[:：]\s*(?P<value>.+)$")
_GROUP_LABEL = re.compile(r"^(?:提案单位|提案者)\s*[:：]\s*(?P<value>.+)$")
_META = re.compile(r"^(?:领衔)?(?:提案人|联名人|联名委员|附议人|界\s*别|工作单位|职\s*务|联系电话|电\s*话|手\s*机|"
                   r"通讯地址|邮\s*编|日\s*期|提交日期|时\s*间|分\s*类|类\s*别|编\s*号|提案号)\s*[:：]")
_TITLE_LIKE = re.compile(r"^关于.{4,80}(?:的建议|的提案|建议案|的意见)$")
# (field, heading pattern): a heading line, alone or followed by its text after a colon
_HEADINGS = [
    ("situation", re.compile(_NUMBER + r"(?:理\s*由|基本情况|现状(?:及问题|与问题)?|背\s*景|情况(?:简介|概述)?|"
                                       r"现状分析|基本现状)\s*(?:[:：]\s*(?P<rest>.*))?$")),
    ("analysis", re.compile(_NUMBER + r"(?:存在(?:的)?(?:主要)?问题(?:及原因)?|问题(?:及原因)?分析|原因分析|"
                                      r"主要问题|问题与原因|问题及成因|困难和问题)\s*(?:[:：]\s*(?P<rest>.*))?$")),
    ("suggestions", re.compile(_NUMBER + r"(?:办\s*法|具体建议|对策建议|意见建议|建议(?:与对策|和对策|措施)?|"
                                         r"几点建议|对策(?:措施)?|措施建议|工作建议|解决办法)\s*(?:[:：]\s*(?P<rest>.*))?$")),
]
MAX_HEADING_CHARS = 24


@dataclass
class ImportedProposal:
    title: str = ""
    group_name: str = ""
    situation: str = ""
    analysis: str = ""
    suggestions: str = ""
    notes: list[str] = field(default_factory=list)  # what the page tells the member

    def fields(self) -> dict:
        values = {name: getattr(self, name) for name in ("title", "situation", "analysis", "suggestions")}
        if self.group_name:
            values["group_name"] = self.group_name
        return values


def _heading(line: str) -> tuple[str, str] | None:
    for name, pattern in _HEADINGS:
        match = pattern.match(line)
        if match and (len(line) <= MAX_HEADING_CHARS or match.group("rest")):
            return name, (match.group("rest") or "").strip()
    return None


def proposal_from_paragraphs(paragraphs: list[str]) -> ImportedProposal:
    result = ImportedProposal()
    parts: dict[str, list[str]] = {"situation": [], "analysis": [], "suggestions": []}
    current: str | None = None
    preamble: list[str] = []
    for raw in paragraphs:
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            continue
        label = _TITLE_LABEL.match(line)
        if label and not result.title:
            result.title = label.group("value").strip()
            continue
        group = _GROUP_LABEL.match(line)
        if group and not result.group_name:
            result.group_name = group.group("value").strip()
            continue
        if _META.match(line):
            continue
        heading = _heading(line)
        if heading:
            current, rest = heading
            if rest:
                parts[current].append(rest)
            continue
        if current is None:
            if not result.title and not preamble and (_TITLE_LIKE.match(line) or len(line) <= 40):
                result.title = line
                continue
            preamble.append(line)
        else:
            parts[current].append(line)
    if not any(parts.values()):
        parts["suggestions"] = preamble
        preamble = []
        result.notes.append(_("未识别出“基本情况、问题分析、具体建议”等分节，全文放在“具体建议”中，请分到各栏。"))
    elif preamble:
        parts["situation"] = preamble + parts["situation"]
    for name, lines in parts.items():
        setattr(result, name, "\n".join(lines))
    if not result.title:
        result.notes.append(_("未识别出案由，请填写。"))
    result.title = result.title[:200]
    return result
