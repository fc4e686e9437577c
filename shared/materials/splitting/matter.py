"""Front and back matter of a compilation: the parts that are not speeches.

A volume opens with a 前言, 序言 or 编者按, may explain itself in a 说明, and closes
with a 后记 or 编后记; the TOC often lists them beside the speeches. Each is a line
of its own (possibly spaced out: "前  言") followed by the editors' text and a
signature. The splitter ends the speech before such a part, keeps the part out of
the materials and expects no material for its TOC entry.
"""

from __future__ import annotations

import re

from shared.materials.splitting.text import _key

_NAMES = {
    "前言", "序言", "序", "代序", "引言", "导言", "卷首语", "编者按", "编者的话", "编首语",
    "写在前面", "写在前面的话", "编委会", "编辑委员会",
    "说明", "编辑说明", "编印说明", "编写说明", "出版说明", "编选说明", "凡例",
    "后记", "编后记", "编后语", "编后", "跋", "致谢",
}
# "后记（代跋）", "序言：写在前面的话" — the name, then a subtitle in brackets or after a colon.
_WITH_SUBTITLE = re.compile(r"^\s*(?P<name>[\u4e00-\u9fff\s]{1,8}?)\s*(?:[(（].{0,20}[)）]|[:：].{0,30})\s*$")


def is_matter(line: str) -> bool:
    """A heading of front or back matter: "前  言", "编后记", "序言（代前言）"."""
    if _key(line) in _NAMES:
        return True
    match = _WITH_SUBTITLE.match(line)
    return bool(match) and _key(match["name"]) in _NAMES
