"""Split a compilation (汇编) into its exchange materials.

A compilation is a volume of speeches from many organisations: a table of
contents (目录) whose entries name an organisation, a title and a page, then
the speeches, each opening with a heading that names its title and its
organisation, in either order or on one line.

``split_compilation(paragraphs)`` takes the paragraphs of the extracted text
(see ``documents.extraction``) and returns a ``CompilationDraft`` for a person
to review before anything is saved: the TOC, one ``MaterialDraft`` per speech
found, and warnings for what could not be matched (a TOC entry whose text is
missing, a speech that seems cut off ...).

Pure Python, no Django import.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "CompilationDraft",
    "MaterialDraft",
    "TocEntry",
    "organisation_short_name",
    "split_compilation",
]


@dataclass
class TocEntry:
    number: int
    organisation: str
    title: str
    page: int | None


@dataclass
class MaterialDraft:
    organisation: str
    title: str
    body: str
    toc_number: int | None


@dataclass
class CompilationDraft:
    title: str | None
    toc: list[TocEntry] = field(default_factory=list)
    materials: list[MaterialDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- text folding and keys ------------------------------------------------------

# One character for one character, so positions found in the folded text can
# slice the original (titles keep their own full-width punctuation).
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},  # full-width digits
        "：": ":",
        "﹕": ":",
        "．": ".",
        "（": "(",
        "）": ")",
        "\u3000": " ",
        "\u00a0": " ",
        "\t": " ",
    }
)


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _key(text: str) -> str:
    """Letters and digits only: compares titles and names across punctuation,
    spacing and full-/half-width differences."""
    normalised = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normalised if unicodedata.category(ch)[0] in "LN")


# --- organisation names ---------------------------------------------------------

_HAN = "\u4e00-\u9fff"
_ORG = (
    rf"(?:中国人民政治协商会议|政协)\s*[{_HAN}]{{2,24}}?\s*委员会"
    rf"|[{_HAN}]{{1,20}}?(?:省|市|州|县|区|旗|盟)政协"
)
_NUMBER = r"(?:(?P<num>\d{1,3})\s*[.、,)]|\(\s*(?P<pnum>\d{1,3})\s*\))"
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
# A body line that is an organisation, optionally ":" and the title.
_BODY_ORG_LINE = re.compile(rf"^\s*(?P<org>{_ORG})(?:\s*:\s*(?P<title>.+?))?\s*$")
_NUMBERED_TITLE = re.compile(rf"^\s*{_NUMBER}\s*(?P<title>.+?)\s*$")
_TOC_HEADING = re.compile(r"^\s*目\s*录\s*$")
_PAGE_MARK = re.compile(r"^\s*[-—–－]*\s*(?:\d{1,4}|[-—–－]\s*\d{1,4}\s*[-—–－])\s*[-—–－]*\s*$")
_DATE_LINE = re.compile(r"^\s*\(?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*\)?\s*$")
_SENTENCE_END = tuple("。！？!?；;")

_ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺 各"
).split()
_ETHNIC = "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?:{_ETHNIC})族)+自治(?:区|州|县|旗)$")
_UPPER_SUFFIXES = ("省", "市", "州", "地区", "盟")
_DIVISION_SUFFIXES = ("省", "市", "州", "地区", "盟", "县", "区", "旗")


def _lowest_division(name: str) -> str:
    """The last level of a nested place name: "自贡市自流井区" → "自流井区".

    Cuts after the first upper-level name (at least two characters before its
    suffix) that leaves a complete place behind, then repeats; so "荆州市沙市区"
    gives "沙市区" and "乐山市市中区" gives "市中区".
    """
    while True:
        for cut in range(3, len(name) - 1):
            head, tail = name[:cut], name[cut:]
            if head.endswith(_UPPER_SUFFIXES) and tail.endswith(_DIVISION_SUFFIXES):
                name = tail
                break
        else:
            return name


def organisation_short_name(full_name: str) -> str:
    """The name people use for a committee's place.

    "政协资阳市委员会" → "资阳", "政协甘孜藏族自治州委员会" → "甘孜",
    "政协自贡市自流井区委员会" → "自流井区" (districts keep 区), "成都市政协" → "成都".
    """
    name = re.sub(r"\s+", "", _fold(full_name)).strip(":：,，。 ")
    for prefix in ("中国人民政治协商会议", "政协"):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    for suffix in ("委员会", "政协"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if not name:
        return full_name.strip()

    place = _lowest_division(name)
    autonomous = _AUTONOMOUS.match(place)
    if autonomous:
        return autonomous.group("stem")
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    if place.endswith("区") and not place.endswith("地区"):  # districts keep 区
        return place
    for suffix in ("地区", "省", "市", "州", "盟", "县", "旗"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def _org_key(name: str) -> str:
    return _key(organisation_short_name(name))


def _clean_org(name: str) -> str:
    return re.sub(r"\s+", "", name)


# --- table of contents ------------------------------------------------------------


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
    while i < len(paragraphs):
        line = paragraphs[i]
        text, page = _split_page(line)
        folded = _fold(text)
        org_match = _TOC_ORG_LINE.match(folded)
        if org_match:
            if pending is not None:  # the previous organisation never got a title
                break
            number = org_match.group("num") or org_match.group("pnum")
            rest = org_match.group("rest")
            title = text[org_match.start("rest"): org_match.end("rest")].strip() if rest else ""
            entry = {
                "number": int(number) if number else None,
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
                number = int(numbered.group("num") or numbered.group("pnum"))
                text = text[numbered.start("title"): numbered.end("title")]
            entries.append(
                _toc_entry({"number": number, "organisation": "", "title": text, "page": page}, entries)
            )
            last_complete = i + 1
        else:
            break
        i += 1
    return entries, last_complete


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


@dataclass
class _Heading:
    start: int  # first line of the heading
    end: int  # index after the heading
    organisation: str
    title: str
    entry: TocEntry | None


def _is_title_like(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 60 and not stripped.endswith(_SENTENCE_END)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _title_candidates(paragraphs: list[str], org_line: int, lower: int):
    """Title spans around an organisation line: 1-3 lines before, then after."""
    for size in (1, 2, 3):
        first = org_line - size
        if first < lower:
            break
        yield "before", first, org_line, "".join(p.strip() for p in paragraphs[first:org_line])
    for size in (1, 2, 3):
        last = org_line + 1 + size
        if last > len(paragraphs):
            break
        yield "after", org_line + 1, last, "".join(p.strip() for p in paragraphs[org_line + 1: last])


def _entry_for_org(org: str, entries: list[TocEntry], used: set[int]) -> TocEntry | None:
    org_key, short_key = _key(org), _org_key(org)
    for match_key in (lambda e: _key(e.organisation) == org_key, lambda e: _org_key(e.organisation) == short_key):
        for entry in entries:
            if entry.organisation and id(entry) not in used and match_key(entry):
                return entry
    return None


def _find_headings(
    paragraphs: list[str], body_start: int, entries: list[TocEntry], warnings: list[str]
) -> list[_Heading]:
    headings: list[_Heading] = []
    used: set[int] = set()  # ids of matched TOC entries
    layouts: list[str] = []  # "before"/"after": where titles sat when the TOC confirmed them

    # Pass 1: organisation lines, titles confirmed by the TOC.
    lower = body_start
    for index in range(body_start, len(paragraphs)):
        match = _BODY_ORG_LINE.match(_fold(paragraphs[index]))
        if not match:
            continue
        line = paragraphs[index]
        org = _clean_org(line[match.start("org"): match.end("org")])
        entry = _entry_for_org(org, entries, used)
        if match.group("title"):
            title = line[match.start("title"): match.end("title")].strip()
            headings.append(_Heading(index, index + 1, entry.organisation if entry else org, title, entry))
        elif entry is not None:
            best = None
            for layout, first, last, candidate in _title_candidates(paragraphs, index, lower):
                score = 1.0 if _key(candidate) == _key(entry.title) else _similar(_key(candidate), _key(entry.title))
                if score >= 0.75 and (best is None or score > best[0]):
                    best = (score, layout, first, last, candidate)
                if score == 1.0:
                    break
            if best is None:
                # The TOC names this organisation but its heading title differs:
                # settle it in pass 2 with the layout the other headings use.
                used.add(id(entry))
                headings.append(_Heading(index, index + 1, entry.organisation, "", entry))
                continue
            _, layout, first, last, candidate = best
            layouts.append(layout)
            start, end = (first, index + 1) if layout == "before" else (index, last)
            headings.append(_Heading(start, end, entry.organisation, candidate, entry))
        else:
            headings.append(_Heading(index, index + 1, org, "", None))
        if entry is not None:
            used.add(id(entry))
        lower = headings[-1].end

    # Pass 2: headings whose title is not the TOC's (or without a TOC): the
    # title sits where it sits in the confirmed headings, or failing those,
    # on the side where most organisation lines have a title-like neighbour.
    headings.sort(key=lambda h: h.start)
    options: dict[int, tuple[bool, bool]] = {}
    for position, heading in enumerate(headings):
        if heading.title:
            continue
        index = heading.start
        previous_end = headings[position - 1].end if position else body_start
        following_start = headings[position + 1].start if position + 1 < len(headings) else len(paragraphs)
        options[position] = (
            index - 1 >= previous_end and _is_title_like(paragraphs[index - 1]),
            index + 2 <= following_start and _is_title_like(paragraphs[index + 1]),
        )
    if layouts:
        layout = max(("before", "after"), key=layouts.count)
    else:
        before_votes = sum(before for before, _ in options.values())
        after_votes = sum(after for _, after in options.values())
        layout = "before" if before_votes >= after_votes else "after"
    for position, (can_before, can_after) in options.items():
        heading = headings[position]
        index = heading.start
        if layouts:
            choice = layout if (can_before if layout == "before" else can_after) else None
        elif layout == "before":
            choice = "before" if can_before else ("after" if can_after else None)
        else:
            choice = "after" if can_after else ("before" if can_before else None)
        if choice == "before":
            heading.start, heading.title = index - 1, paragraphs[index - 1].strip()
        elif choice == "after":
            heading.end, heading.title = index + 2, paragraphs[index + 1].strip()
        elif heading.entry is not None:
            heading.title = heading.entry.title

    # Pass 3: TOC entries still unmatched, found by their title line alone
    # (e.g. the body writes the organisation in a form we do not recognise).
    taken = {i for h in headings for i in range(h.start, h.end)}
    for entry in entries:
        if id(entry) in used:
            continue
        title_key = _key(entry.title)
        for index in range(body_start, len(paragraphs)):
            if index not in taken and title_key and _key(paragraphs[index]) == title_key:
                end = index + 1
                org = entry.organisation
                if org and end < len(paragraphs) and len(paragraphs[end]) <= 40 and (
                    _org_key(paragraphs[end]) == _org_key(org)
                ):
                    end += 1  # an organisation line in a form the TOC did not use
                headings.append(_Heading(index, end, org, paragraphs[index].strip(), entry))
                used.add(id(entry))
                taken.update(range(index, end))
                break

    headings.sort(key=lambda h: h.start)
    for heading in headings:
        if heading.entry is not None and heading.title and _key(heading.title) != _key(heading.entry.title):
            warnings.append(
                f"{heading.organisation}的正文标题“{heading.title}”与目录标题“{heading.entry.title}”不一致，"
                "已采用正文标题，请核对。"
            )
    return [h for h in headings if h.title]


# --- compilation title ------------------------------------------------------------


def _compilation_title(paragraphs: list[str], toc: _Toc | None, first_heading: int) -> str | None:
    after = range(toc.end if toc else 0, first_heading)
    before = range(0, toc.start) if toc else range(0)
    for span in (after, before):
        for index in span:
            if "汇编" in paragraphs[index]:
                return paragraphs[index].strip()
    # Otherwise the first heading-like line of the front matter.
    for index in after:
        line = paragraphs[index]
        if _DATE_LINE.match(_fold(line)) or _PAGE_MARK.match(line):
            continue
        return line.strip() if _is_title_like(line) else None
    return None


# --- entry point ----------------------------------------------------------------


def split_compilation(paragraphs: list[str]) -> CompilationDraft:
    """Split the paragraphs of a compilation into material drafts."""
    paragraphs = [p.strip() for p in paragraphs if p and p.strip()]
    warnings: list[str] = []

    toc = _find_toc(paragraphs)
    entries = toc.entries if toc else []
    if toc is None:
        warnings.append("未找到目录，已按正文中的单位名称拆分，请逐篇核对。")
    body_start = toc.end if toc else 0

    headings = _find_headings(paragraphs, body_start, entries, warnings)
    title = _compilation_title(paragraphs, toc, headings[0].start if headings else len(paragraphs))

    title_key = _key(title) if title else ""
    materials: list[MaterialDraft] = []
    matched: set[int] = set()
    for position, heading in enumerate(headings):
        stop = headings[position + 1].start if position + 1 < len(headings) else len(paragraphs)
        body_lines = [
            p
            for p in paragraphs[heading.end: stop]
            # page numbers, and the volume's title repeated as a running header
            if not _PAGE_MARK.match(p) and not (title_key and _key(p) == title_key)
        ]
        label = f"{heading.organisation}“{heading.title}”"
        if not body_lines:
            warnings.append(f"{label}只有标题，没有正文，未生成材料。")
            continue
        if heading.entry is not None:
            matched.add(id(heading.entry))
        elif entries:
            warnings.append(f"{label}未列入目录，请核对。")
        if position + 1 == len(headings) and not body_lines[-1].endswith(_SENTENCE_END + tuple("”」』）)")):
            warnings.append(f"{label}的正文似乎在句中结束，可能不完整。")
        materials.append(
            MaterialDraft(
                organisation=heading.organisation,
                title=heading.title,
                body="\n".join(body_lines),
                toc_number=heading.entry.number if heading.entry else None,
            )
        )

    for entry in entries:
        if id(entry) not in matched:
            who = entry.organisation or "（未注明单位）"
            warnings.append(f"目录第 {entry.number} 项 {who}“{entry.title}”在正文中未找到，未生成材料。")

    return CompilationDraft(title=title, toc=entries, materials=materials, warnings=warnings)
