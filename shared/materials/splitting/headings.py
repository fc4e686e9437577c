"""Speech headings in the body of a compilation, and the volume's own title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.materials.splitting.drafts import TocEntry
from shared.materials.splitting.cleanup import SECTION_START
from shared.materials.splitting.matter import is_matter
from shared.materials.splitting.standalone import standalone_titles
from shared.materials.splitting.names import _AUTHOR_AFTER_ORG, AUTHOR_LINE, SPEAKER_LINE, _ORG, _clean_org, _org_key
from shared.materials.splitting.text import (
    _DATE_LINE, _PAGE_MARK, _SENTENCE_END, VOLUME_TITLE, _fold, _is_title_like, _key, _similar,
)
from shared.materials.splitting.toc import _Toc

# A body line that is an organisation, optionally ":" and the title, or a
# speaker after it ("xx市政协  张某", "成都市政协主席 王某某").
# Or the title after a wide gap ("政协成都市委员会  夯实履职基础提升履职质效").
# The line may be bracketed or dashed ("（成都市政协供稿）", "——xx县政协").
_BODY_ORG_LINE = re.compile(
    rf"^\s*(?:——|—|-{{1,2}}|[(\[【])?\s*(?P<org>{_ORG})\s*(?:供稿|提供|发言|交流发言)?"
    rf"(?:\s*:\s*(?P<title>.+?)|{_AUTHOR_AFTER_ORG}|\s{{2,}}(?P<spaced>[^。；;]{{2,60}}?))?\s*[)\]】]?\s*$"
)
# A speech's own number before its title in the body ("1.", "（一）", "一、").
_LEAD_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.、]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、)\s*")
# A document number ("资政协办〔2022〕38号") is no title.
_DOCUMENT_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
# A subtitle after a dash ("——在全市协商工作会上的发言", "——xx县的探索与思考").
_SUBTITLE = re.compile(r"^\s*(?:——|—)\s*[^\d\s—][^。；;]{1,38}$")
# A note in brackets above a title ("（内部资料 注意保存）") is no part of it.
_NOTE = re.compile(r"^\s*[(（][^()（）]{4,}[)）]\s*$")
# A title line wrapped onto the next: both short, neither a sentence or a section.
_TITLE_PART_MAX = 30


@dataclass
class _Heading:
    start: int  # first line of the heading
    end: int  # index after the heading
    organisation: str
    title: str
    entry: TocEntry | None
    author: str = ""
    matter: bool = False  # front or back matter (前言, 后记 ...): ends a speech, is none


def _title_candidates(paragraphs: list[str], org_line: int, lower: int):
    """Title spans around an organisation line: 1-3 lines before, then after (never
    across a sentence, a speaker or a date line)."""
    for size in (1, 2, 3):
        first = org_line - size
        if first < lower or not _heading_title_like(paragraphs[first]):
            break
        yield "before", first, org_line, "".join(p.strip() for p in paragraphs[first:org_line])
    for size in (1, 2, 3):
        last = org_line + 1 + size
        if last > len(paragraphs) or not _heading_title_like(paragraphs[last - 1]):
            break
        yield "after", org_line + 1, last, "".join(p.strip() for p in paragraphs[org_line + 1: last])


def _entry_for_org(org: str, entries: list[TocEntry], used: set[int]) -> TocEntry | None:
    org_key, short_key = _key(org), _org_key(org)
    for match_key in (lambda e: _key(e.organisation) == org_key, lambda e: _org_key(e.organisation) == short_key):
        for entry in entries:
            if entry.organisation and id(entry) not in used and match_key(entry):
                return entry
    return None


def is_title_part(line: str) -> bool:
    """A line that may be (part of) a speech title: short, not a sentence, not a numbered section."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= _TITLE_PART_MAX and not stripped.endswith(_SENTENCE_END + tuple("，,、：:—-"))
        and "。" not in stripped and not SECTION_START.match(stripped) and not _PAGE_MARK.match(stripped)
        and not _DATE_LINE.match(_fold(stripped)) and not VOLUME_TITLE.search(stripped)
        and not AUTHOR_LINE.match(_fold(stripped)) and not SPEAKER_LINE.match(_fold(stripped))
        and not _DOCUMENT_NUMBER.search(stripped)
    )


def _signature(paragraphs: list[str], index: int) -> bool:
    """An organisation line that signs a preface or an afterword: text ending a sentence
    above it, and a date or nothing below ("……敬请指正。" / "县政协办公室" / "2025年10月")."""
    above = paragraphs[index - 1].strip() if index else ""
    below = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
    return above.endswith(_SENTENCE_END) and (not below or bool(_DATE_LINE.match(_fold(below))))


def _heading_title_like(line: str) -> bool:
    """A line beside an organisation line that may be its title: not a sentence, nor the
    speaker or the date that sign a preface ("主席  黄某某", "2025年6月")."""
    folded = _fold(line)
    return _is_title_like(line) and not SPEAKER_LINE.match(folded) and not _DATE_LINE.match(folded)


def _title_block_start(paragraphs: list[str], last: int, lower: int, breaks: set[int]) -> int:
    """The first line of a title that ends at ``last``: up to two more title lines above it
    (a title wrapped over two or three lines), never across a page start."""
    first = last
    lower = max(lower, 1)  # the first line of a volume is its own title
    while (
        first - 1 >= lower and last - first < 2 and first not in breaks
        and is_title_part(paragraphs[first - 1]) and len(paragraphs[first - 1].strip()) >= 4
        and not _BODY_ORG_LINE.match(_fold(paragraphs[first - 1])) and not _NOTE.match(paragraphs[first - 1])
    ):
        first -= 1
    return first


def _title_block_end(paragraphs: list[str], first: int, upper: int) -> int:
    """The index after a title that starts at ``first`` (one to three lines, prose after it)."""
    last = first + 1
    while (
        last < upper and last - first < 3 and is_title_part(paragraphs[last])
        and not _BODY_ORG_LINE.match(_fold(paragraphs[last]))
        and last + 1 < upper and not is_title_part(paragraphs[last + 1])
        and len(paragraphs[last - 1].strip()) >= len(paragraphs[last].strip()) - 2
    ):
        last += 1
    if last + 1 < upper and _SUBTITLE.match(paragraphs[last]) and not _BODY_ORG_LINE.match(_fold(paragraphs[last])):
        last += 1  # "——在全市基层协商工作会上的发言": the title's subtitle, before the text
    return last


def _title_lines_matching(paragraphs: list[str], index: int, title_key: str, taken: set[int]) -> int:
    """How many lines from ``index`` (one to three) spell the title whose key is given; 0 if none."""
    if not title_key:
        return 0
    joined = ""
    for size in (1, 2, 3):
        at = index + size - 1
        if at >= len(paragraphs) or at in taken:
            return 0
        line = paragraphs[at]
        joined += _key(_LEAD_NUMBER.sub("", line, count=1) if size == 1 else line)
        if joined == title_key:
            return size
        if not title_key.startswith(joined):
            return 0
    return 0


def _find_headings(
    paragraphs: list[str], body_start: int, entries: list[TocEntry], warnings: list[str],
    breaks: set[int] = frozenset(),
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
        if _signature(paragraphs, index):
            continue
        author = (match.group("author") or "").strip()
        if author and headings and not headings[-1].author and index - headings[-1].start <= 2 and not (
            match.group("title") or match.group("spaced")
        ) and all(_heading_title_like(paragraphs[k]) for k in range(headings[-1].start + 1, index)):
            # "县政协主席  罗某某" just under a heading is its speaker, not a speech of its own
            headings[-1].author = author
            continue
        org = _clean_org(line[match.start("org"): match.end("org")])
        entry = _entry_for_org(org, entries, used)
        group = "title" if match.group("title") else ("spaced" if match.group("spaced") else None)
        if group:
            title = line[match.start(group): match.end(group)].strip()
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
        headings[-1].author = author
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
            index - 1 >= previous_end and _heading_title_like(paragraphs[index - 1]),
            index + 2 <= following_start and _heading_title_like(paragraphs[index + 1]),
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
        previous_end = headings[position - 1].end if position else body_start
        following_start = headings[position + 1].start if position + 1 < len(headings) else len(paragraphs)
        if choice == "before":
            first = _title_block_start(paragraphs, index - 1, previous_end, breaks)
            heading.start, heading.title = first, "".join(p.strip() for p in paragraphs[first:index])
        elif choice == "after":
            last = _title_block_end(paragraphs, index + 1, following_start)
            heading.end, heading.title = last, "".join(p.strip() for p in paragraphs[index + 1:last])
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
            size = _title_lines_matching(paragraphs, index, title_key, taken)
            if size:
                end = index + size
                org = entry.organisation
                if org and end < len(paragraphs) and len(paragraphs[end]) <= 40 and (
                    _org_key(paragraphs[end]) == _org_key(org)
                ):
                    end += 1  # an organisation line in a form the TOC did not use
                headings.append(_Heading(index, end, org, "".join(p.strip() for p in paragraphs[index:index + size]), entry))
                used.add(id(entry))
                taken.update(range(index, end))
                break

    # Pass 4: titles standing alone on their lines (no organisation line under them):
    # TOC entries still unmatched whose title the body words a little differently,
    # or, without a TOC, every such title when organisation lines did not split the volume.
    taken = {i for h in headings for i in range(h.start, h.end)}
    free = [
        (first, last) for first, last in standalone_titles(paragraphs, body_start, breaks, is_title_part)
        if not taken.intersection(range(first, last))
    ]
    if entries:
        for entry in entries:
            if id(entry) in used or not free:
                continue
            title_key = _key(entry.title)
            score, first, last = max(
                (_similar(_key("".join(paragraphs[a:b])), title_key), a, b) for a, b in free
            )
            if score >= 0.8:
                headings.append(_Heading(first, last, entry.organisation, "".join(p.strip() for p in paragraphs[first:last]), entry))
                used.add(id(entry))
                free.remove((first, last))
    elif len(headings) < 2 and len(free) >= 2:
        headings = [_Heading(first, last, "", "".join(p.strip() for p in paragraphs[first:last]), None) for first, last in free]
    elif headings:
        # Some speeches name their organisation, others do not: a standalone title after
        # another speech's text starts one of those, when there are few enough of them.
        # Not when organisation lines come first (each speech then opens with its
        # organisation: a title alone is a section of the speech above), nor when two
        # fall in one speech (its own unnumbered section headings).
        extra = [
            (first, last) for first, last in free
            if first > headings[0].start and all(first != h.end for h in headings)
        ]
        owner = [max(h.start for h in headings if h.start < first) for first, _ in extra]
        extra = [span for span, speech in zip(extra, owner) if owner.count(speech) == 1]
        if layout == "after" and not layouts:
            extra = []
        if 0 < len(extra) <= len(headings):
            headings += [_Heading(first, last, "", "".join(p.strip() for p in paragraphs[first:last]), None)
                         for first, last in extra]

    # Headings found by their organisation line whose TOC entry names no organisation:
    # the entry with the same (or nearly the same) title.
    for heading in headings:
        if heading.entry is not None or not heading.title:
            continue
        title_key = _key(_LEAD_NUMBER.sub("", heading.title, count=1))
        scored = [(_similar(title_key, _key(e.title)), e) for e in entries if id(e) not in used]
        score, entry = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if entry is not None and score >= 0.8:
            heading.entry = entry
            heading.organisation = heading.organisation or entry.organisation
            used.add(id(entry))

    # Front and back matter (前言, 编者按, 后记 ...) ends the speech before it and is none itself.
    taken = {i for h in headings for i in range(h.start, h.end)}
    for heading in headings:
        heading.matter = is_matter(heading.title)
    headings += [
        _Heading(index, index + 1, "", paragraphs[index].strip(), None, matter=True)
        for index in range(body_start, len(paragraphs)) if index not in taken and is_matter(paragraphs[index])
    ]

    headings.sort(key=lambda h: h.start)
    for heading in headings:  # a speech's own number is not part of its title
        unnumbered = _LEAD_NUMBER.sub("", heading.title, count=1).strip()
        if unnumbered and unnumbered != heading.title:
            heading.title = unnumbered
    for heading in headings:
        if heading.matter:
            continue
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
                return _wrapped_title(paragraphs, index, span)
    # Otherwise the first heading-like line of the front matter (after the TOC, else before it).
    for span in (after, before):
        for index in span:
            line = paragraphs[index]
            if _DATE_LINE.match(_fold(line)) or _PAGE_MARK.match(line):
                continue
            return _wrapped_title(paragraphs, index, span) if _is_title_like(line) else None
    return None


def _wrapped_title(paragraphs: list[str], index: int, span: range) -> str:
    """The volume's title with the other line it may be wrapped over: "南充市政协2025年度委员履职"
    and "经验交流材料", or "德阳市政协专委会工作交流会" and "发言材料汇编"."""
    line = paragraphs[index].strip()
    # Only a short last line ("发言材料汇编") is a wrap's tail; a whole title
    # ("全省政协工作经验交流会发言材料汇编") stands apart from a theme line above it.
    if _tail(line) and index - 1 in span and _volume_part(paragraphs[index - 1]):
        return paragraphs[index - 1].strip() + line
    if not VOLUME_TITLE.search(line) and index + 1 in span and _volume_part(paragraphs[index + 1]) and (
        _tail(paragraphs[index + 1])
    ):
        return line + paragraphs[index + 1].strip()
    return line


def _tail(line: str) -> bool:
    return len(line.strip()) <= 10 and bool(VOLUME_TITLE.search(line))


def _volume_part(line: str) -> bool:
    stripped = line.strip()
    return _is_title_like(stripped) and len(stripped) <= 30 and not _DATE_LINE.match(_fold(stripped)) and (
        not _BODY_ORG_LINE.match(_fold(stripped))
    )


# --- entry point ----------------------------------------------------------------
