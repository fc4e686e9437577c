"""Speeches found by the shape of their lines, when neither a TOC nor organisation
lines mark them, and the author and date lines under a heading.

A standalone title is a block of one to three short lines that are not
sentences, not numbered sections (一、, （一）, 1.) and not the volume's own
title, that starts where a paragraph or a page ended, and that is followed
(after any author or date lines) by prose.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.materials.splitting.names import AUTHOR_LINE, SPEAKER_LINE
from shared.materials.splitting.text import VOLUME_TITLE, _DATE_LINE, _fold

_PROSE_MIN = 20
_DATE_IN_LINE = re.compile(
    r"^\s*[(（]?\s*(?P<y>(?:19|20)\d{2})\s*[年.\-/]\s*(?P<m>\d{1,2})\s*[月.\-/]\s*(?P<d>\d{1,2})\s*日?\s*[)）]?\s*$"
)
_ENDS = tuple("。！？!?；;”」』）)")


def line_date(line: str) -> str | None:
    """"（2022年9月28日）" → "2022-09-28"; None for any other line."""
    match = _DATE_IN_LINE.match(_fold(line))
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def is_prose(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= _PROSE_MIN or stripped.endswith(_ENDS)


def heading_extras(paragraphs: list[str], end: int, stop: int) -> tuple[int, str, str | None]:
    """Author lines ("发言人：张某", "主任  刘某某") and date lines right after a heading:
    (index after them, author, date)."""
    author, date = "", None
    while end < stop:
        line = paragraphs[end]
        match = AUTHOR_LINE.match(_fold(line)) or SPEAKER_LINE.match(_fold(line))
        if match and not author:
            name = "named" if match.groupdict().get("named") else "author"
            author = line[match.start(name): match.end(name)].strip()
            rest = line[match.start(name):].strip()
            speaker = SPEAKER_LINE.match(_fold(rest))  # "发言人：县政协主席 何某" → "何某"
            if speaker:
                name = "named" if speaker.group("named") else "author"
                author = rest[speaker.start(name): speaker.end(name)].strip()
        elif line_date(line) and date is None:
            date = line_date(line)
        else:
            break
        end += 1
    return end, author, date


def standalone_titles(
    paragraphs: list[str], body_start: int, breaks: set[int], is_title_part
) -> list[tuple[int, int]]:
    """(first line, index after the title) of each title standing alone on its lines."""
    found: list[tuple[int, int]] = []
    index = max(body_start, 0)
    while index < len(paragraphs):
        previous = paragraphs[index - 1].strip() if index else ""
        opens = (
            index == body_start or index in breaks or previous.endswith(_ENDS)
            # after the volume's title or its date ("……经验交流材料", "2024年5月")
            or (index - 1 <= 2 and (VOLUME_TITLE.search(previous) or _DATE_LINE.match(_fold(previous))))
        )
        if not opens or not is_title_part(paragraphs[index]):
            index += 1
            continue
        last = index + 1
        while last < len(paragraphs) and last - index < 3 and is_title_part(paragraphs[last]) and last not in breaks:
            last += 1
        after, _, _ = heading_extras(paragraphs, last, len(paragraphs))
        if after < len(paragraphs) and is_prose(paragraphs[after]) and last - index <= 3:
            found.append((index, last))
            index = after + 1
        else:
            index = last
    if found and found[0][0] == 0 and found[0][1] - found[0][0] >= 2:
        found[0] = (1, found[0][1])  # the first line of a volume without a TOC is its own title
    return found
