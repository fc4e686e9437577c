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

Front and back matter (前言, 序言, 编者按, 说明, 后记 ...) ends the speech before it
and is no material. Subheadings inside a speech (一、, （一）, or a title standing
alone in a volume whose speeches open with their organisation) stay in its text.

Pure Python, no Django import. The package: ``drafts`` (what it returns), ``text``
(folding, keys, line shapes), ``names`` (organisation names: committees, their
outposts, bare places, 界别 groups, parties; speaker lines), ``cleanup`` (PDF
artefacts, hard wraps), ``toc`` (the 目录), ``matter`` (front and back matter),
``standalone`` (titles alone on their lines, author and date lines), ``headings``
(speech headings, the volume title).
"""

from __future__ import annotations

from shared.materials.splitting.drafts import CompilationDraft, MaterialDraft, TocEntry
from shared.materials.splitting.headings import _compilation_title, _find_headings
from shared.materials.splitting.names import organisation_short_name
from shared.materials.splitting.text import _PAGE_MARK, _SENTENCE_END, VOLUME_TITLE, _is_title_like, _key
from shared.materials.splitting.cleanup import clean_lines, join_wraps
from shared.materials.splitting.matter import is_matter
from shared.materials.splitting.standalone import heading_extras, line_date
from shared.materials.splitting.toc import _find_toc

__all__ = [
    "CompilationDraft",
    "MaterialDraft",
    "TocEntry",
    "organisation_short_name",
    "split_compilation",
]


def split_compilation(paragraphs: list[str]) -> CompilationDraft:
    """Split the paragraphs of a compilation into material drafts."""
    first_line = next((p.strip() for p in paragraphs if p and p.strip()), "")
    paragraphs, breaks = clean_lines(paragraphs)
    warnings: list[str] = []

    toc = _find_toc(paragraphs)
    entries = toc.entries if toc else []
    body_start = toc.end if toc else 0
    paragraphs, breaks = join_wraps(paragraphs, breaks, body_start)

    headings = _find_headings(paragraphs, body_start, entries, warnings, breaks)
    if toc is None and headings:
        warnings.insert(0, "未找到目录，已按正文中单独成行的标题和单位名称拆分，请逐篇核对。")
    title = _compilation_title(paragraphs, toc, headings[0].start if headings else len(paragraphs))
    if title is None and VOLUME_TITLE.search(first_line) and _is_title_like(first_line) and (
        not paragraphs or paragraphs[0] != first_line
    ):
        title = first_line  # the volume's title, repeated on every page as its running header

    title_key = _key(title) if title else ""
    volume_date = next(
        (line_date(line) for line in paragraphs[body_start: headings[0].start if headings else 0] if line_date(line)),
        None,
    )
    materials: list[MaterialDraft] = []
    matched: set[int] = set()
    for position, heading in enumerate(headings):
        stop = headings[position + 1].start if position + 1 < len(headings) else len(paragraphs)
        if heading.matter:  # a 前言 or 后记: its TOC entry is found, and it is no material
            if heading.entry is not None:
                matched.add(id(heading.entry))
            continue
        body_from, author, date = heading_extras(paragraphs, heading.end, stop)
        body_lines = [
            p
            for p in paragraphs[body_from: stop]
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
        if speeches_after(headings, position) == 0 and not body_lines[-1].endswith(_SENTENCE_END + tuple("”」』）)")):
            warnings.append(f"{label}的正文似乎在句中结束，可能不完整。")
        materials.append(
            MaterialDraft(
                organisation=heading.organisation,
                title=heading.title,
                body="\n".join(body_lines),
                toc_number=heading.entry.number if heading.entry else None,
                author=heading.author or author,
                date=date or volume_date,
            )
        )

    for entry in entries:
        if id(entry) not in matched and not is_matter(entry.title):
            who = entry.organisation or "（未注明单位）"
            warnings.append(f"目录第 {entry.number} 项 {who}“{entry.title}”在正文中未找到，未生成材料。")

    if not materials:
        warnings.append(_nothing_found(toc, headings))
    return CompilationDraft(title=title, toc=entries, materials=materials, warnings=warnings, date=volume_date)


def speeches_after(headings, position: int) -> int:
    return sum(1 for heading in headings[position + 1:] if not heading.matter)


def _nothing_found(toc, headings) -> str:
    """Why a split found no speech, for the person who will add the rows by hand."""
    if toc is None and not headings:
        return "没有找到发言标题：未发现目录，也未发现单独成行的标题。可以手动添加条目。"
    if toc is not None and not headings:
        return f"没有找到发言标题：目录列出 {len(toc.entries)} 篇，但正文中没有找到对应的标题。可以手动添加条目。"
    return "没有找到发言正文：找到的标题下都没有正文。可以手动添加条目。"
