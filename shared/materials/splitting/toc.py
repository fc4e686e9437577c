"""The table of contents (目录) of a compilation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.materials.splitting.drafts import TocEntry
from shared.materials.splitting.matter import is_matter
from shared.materials.splitting.names import _ORG, _clean_org
from shared.materials.splitting.text import _fold

_NUMBER = (
    r"(?:(?P<num>\d{1,3})\s*[.、,)]|\(\s*(?P<pnum>\d{1,3})\s*\)"
    r"|(?P<cnum>[一二三四五六七八九十]{1,3})\s*[、.]|\(\s*(?P<cpnum>[一二三四五六七八九十]{1,3})\s*\))"
)
_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}


def _entry_number(match) -> int | None:
    """The number of a TOC entry: "3." → 3, "（十二）" → 12."""
    if match.group("num") or match.group("pnum"):
        return int(match.group("num") or match.group("pnum"))
    numeral = match.group("cnum") or match.group("cpnum")
    if not numeral:
        return None
    if "十" not in numeral:
        return _DIGITS.get(numeral[-1])
    tens, _, units = numeral.partition("十")
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)

# Leaders: runs of dots, ellipses, middle dots, dashes or underscores (spaces
# allowed between them), or a wide gap; then the page number.
_LEADER_PAGE = re.compile(
    r"\s*(?:(?:[.…⋯·•‧_\-—]\s*){2,}|\s{2,}|\s+(?=\d+\s*$))(?P<page>\d{1,4})\s*$"
)
_SEP = r"(?:\s*:\s*|\s+)"

# A TOC line naming an organisation, optionally followed by the title.
_TOC_ORG_LINE = re.compile(
    rf"^\s*(?:{_NUMBER}\s*)?(?P<org>{_ORG})(?:{_SEP}(?P<rest>.*?))?\s*:?\s*$"
)
_NUMBERED_TITLE = re.compile(rf"^\s*{_NUMBER}\s*(?P<title>.+?)\s*$")
# A TOC title followed by its organisation, in brackets or after a dash or a wide gap.
_TRAILING_ORG = re.compile(rf"^(?P<title>.+?)\s*(?:[(\[【]\s*|——\s*|—\s*|\s{{2,}}|\s+)(?P<org>{_ORG})\s*[)\]】]?\s*$")
_TOC_HEADING = re.compile(r"^\s*目\s*录\s*$")
# The organisation on a dash line of its own under an entry's title ("——政协xx县委员会").
_DASH_ORG = re.compile(rf"^\s*(?:——|—|－－|--)\s*(?P<org>{_ORG})\s*$")


@dataclass
class _Toc:
    entries: list[TocEntry]
    start: int  # index of the first TOC line (the 目录 heading, if any)
    end: int  # index after the last TOC line


def _split_page(line: str) -> tuple[str, int | None]:
    """Separate a TOC title from its dot leaders and page number."""
    folded = _fold(line)
    match = _LEADER_PAGE.search(folded)
    if match and match.start() > 0:
        return line[: match.start()].strip(), int(match.group("page"))
    return line.strip(), None


def _parse_toc_at(paragraphs: list[str], start: int) -> tuple[list[TocEntry], int]:
    """Parse TOC entries from ``start``; return them and the index after them."""
    entries: list[TocEntry] = []
    pending: dict | None = None  # an organisation line still waiting for its title
    last_complete = start
    i = start
    carried = ""  # the first line of a title wrapped before its page number
    while i < len(paragraphs):
        line = carried + paragraphs[i]
        carried = ""
        text, page = _split_page(line)
        folded = _fold(text)
        org_match = _TOC_ORG_LINE.match(folded)
        dash = _DASH_ORG.match(folded) if page is None and pending is None else None
        if dash and entries and last_complete == i and not entries[-1].organisation:
            # "标题……2" then "——政协xx县委员会": the organisation of the entry above
            entries[-1].organisation = _clean_org(text[dash.start("org"): dash.end("org")])
            last_complete = i + 1
        elif dash:
            break
        elif org_match:
            if pending is not None:  # the previous organisation never got a title
                break
            number = _entry_number(org_match)
            rest = org_match.group("rest")
            title = text[org_match.start("rest"): org_match.end("rest")].strip() if rest else ""
            entry = {
                "number": number,
                "organisation": _clean_org(text[org_match.start("org"): org_match.end("org")]),
                "title": title,
                "page": page,
            }
            if title and page is not None:
                entries.append(_toc_entry(entry, entries))
                last_complete = i + 1
            else:
                pending = entry
        elif pending is not None and text:
            pending["title"] = (pending["title"] + text).strip()
            if page is not None:
                pending["page"] = page
                entries.append(_toc_entry(pending, entries))
                pending = None
                last_complete = i + 1
            elif len(pending["title"]) > 80:  # not a wrapped title after all
                break
        elif page is not None and text:
            # A title with a page but no organisation ("1.标题……3" or "标题……3").
            numbered = _NUMBERED_TITLE.match(_fold(text))
            number = None
            if numbered:
                number = _entry_number(numbered)
                text = text[numbered.start("title"): numbered.end("title")]
            organisation = ""
            trailing = _TRAILING_ORG.match(_fold(text))
            if trailing:  # "标题（xx市政协）……3", "标题——政协xx县委员会……3"
                organisation = _clean_org(text[trailing.start("org"): trailing.end("org")])
                text = text[: trailing.end("title")]
            entries.append(
                _toc_entry({"number": number, "organisation": organisation, "title": text, "page": page}, entries)
            )
            last_complete = i + 1
        elif page is None and pending is None and is_matter(text) and i + 1 < len(paragraphs) and (
            _split_page(paragraphs[i + 1])[1] is not None or _page_follows(paragraphs, i + 1, reach=3)
        ):
            # "序言" listed without a page, more entries after it: an entry of its own,
            # never the start of the next title
            entries.append(_toc_entry({"number": None, "organisation": "", "title": text, "page": None}, entries))
            last_complete = i + 1
        elif text and len(text) <= 40 and pending is None and _page_follows(paragraphs, i + 1):
            carried = text  # "1.坚持把政治建设摆在首位推动" / "机关党建和履职工作深度融合……1"
        else:
            break
        i += 1
    return entries, last_complete


def _page_follows(paragraphs: list[str], at: int, reach: int = 2) -> bool:
    """The rest of a wrapped TOC title ends in its page on the next line or the one after
    ("以界别活动日激发委员" / "履职活力" / "——什邡市政协……7"), and starts no entry of its own."""
    for ahead in range(at, at + reach):
        if ahead >= len(paragraphs):
            return False
        text, page = _split_page(paragraphs[ahead])
        folded = _fold(text)
        if _TOC_ORG_LINE.match(folded) or _NUMBERED_TITLE.match(folded):
            return False
        if page is not None:
            return True
        if len(text) > 40 or _DASH_ORG.match(folded):
            return False
    return False


def _toc_entry(raw: dict, previous: list[TocEntry]) -> TocEntry:
    number = raw["number"] if raw["number"] is not None else len(previous) + 1
    title = raw["title"].strip(" :：")
    return TocEntry(number=number, organisation=raw["organisation"], title=title, page=raw["page"])


def _find_toc(paragraphs: list[str]) -> _Toc | None:
    for index, line in enumerate(paragraphs):
        if _TOC_HEADING.match(line):
            entries, end = _parse_toc_at(paragraphs, index + 1)
            if entries:
                return _Toc(entries, index, end)
    # No 目录 heading: the first run of at least two entries with page numbers.
    index = 0
    while index < len(paragraphs):
        entries, end = _parse_toc_at(paragraphs, index)
        # Without a heading, only entries naming organisations make a TOC
        # (two lines ending in numbers may just be a table).
        if sum(1 for entry in entries if entry.organisation) >= 2:
            return _Toc(entries, index, end)
        index = max(end, index + 1)
    return None


# --- headings in the body ---------------------------------------------------------
