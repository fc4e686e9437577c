"""The rows of a compilation's split preview as a form posts them, and the edits a
person makes to them before saving: split a row at a line, add, merge, drop.

Pure Python on plain data (no database): the view reads the rows from the POST,
applies one operation, and renders them again; the import service receives them
as ``ImportRow``. Every row is a ``PreviewRow``; its body is kept as the lines
the user sees, so a row can be split at any of them without retyping.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

MAX_ROWS = 500


@dataclass
class PreviewRow:
    title: str = ""
    organisation_name: str = ""
    organisation_id: int | None = None
    outside_region: str = ""
    author: str = ""
    document_date: str = ""  # as the date input posts it (YYYY-MM-DD), "" when none
    body: str = ""
    include: bool = True
    toc_number: int | None = None

    @property
    def lines(self) -> list[str]:
        return [line for line in self.body.split("\n") if line.strip()]

    def date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.document_date) if self.document_date else None
        except ValueError:
            return None


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def rows_from_post(post) -> list[PreviewRow]:
    count = min(_int(post.get("row_count")) or 0, MAX_ROWS)
    rows = []
    for index in range(count):
        prefix = f"row-{index}-"
        rows.append(PreviewRow(
            title=post.get(prefix + "title", "").strip(),
            organisation_name=post.get(prefix + "organisation_name", "").strip(),
            organisation_id=_int(post.get(prefix + "organisation")),
            outside_region=post.get(prefix + "outside_region", "").strip(),
            author=post.get(prefix + "author", "").strip(),
            document_date=post.get(prefix + "document_date", "").strip(),
            body=post.get(prefix + "body", "").replace("\r\n", "\n"),
            include=post.get(prefix + "include") == "on",
            toc_number=_int(post.get(prefix + "toc_number")),
        ))
    return rows


def bad_dates(rows: list[PreviewRow]) -> list[str]:
    return [f"第 {number} 篇的日期“{row.document_date}”无法识别，请按“年-月-日”填写。"
            for number, row in enumerate(rows, start=1) if row.document_date and row.date() is None]


def apply(rows: list[PreviewRow], operation: str, post) -> tuple[list[PreviewRow], str]:
    """One edit named by the button pressed ("split-3", "add-3", "merge-3", "drop-3",
    "add-end", "keep"); returns the rows and a sentence saying what changed (or why not)."""
    if operation == "keep":  # Enter pressed in a field: the rows as typed, nothing else changes
        return rows, "已按填写内容更新预览，尚未保存。"
    kind, _, where = operation.partition("-")
    if kind == "add" and where == "end":
        return [*rows, PreviewRow(document_date=rows[-1].document_date if rows else "")], \
            f"已在末尾添加第 {len(rows) + 1} 篇，请填写标题、单位和正文。"
    index = _int(where)
    if index is None or not 0 <= index < len(rows):
        return rows, "没有找到要修改的那一篇，请重新拆分预览。"
    row, number = rows[index], index + 1
    if kind == "add":
        added = PreviewRow(document_date=row.document_date)
        return [*rows[: index + 1], added, *rows[index + 1:]], f"已在第 {number} 篇之后添加一篇，请填写标题、单位和正文。"
    if kind == "drop":
        return [*rows[:index], *rows[index + 1:]], f"已删除第 {number} 篇“{row.title[:20]}”。"
    if kind == "merge":
        if index == 0:
            return rows, "第 1 篇之前没有可以并入的一篇。"
        previous = rows[index - 1]
        lines = previous.lines + ([row.title] if row.title else []) + row.lines
        merged = replace(previous, body="\n".join(lines))
        return [*rows[: index - 1], merged, *rows[index + 1:]], \
            f"已把第 {number} 篇“{row.title[:20]}”并入第 {index} 篇，其标题成为正文的一行。"
    if kind == "split":
        lines = row.lines
        at = _int(post.get(f"row-{index}-split_at"))
        if at is None or not 0 <= at < len(lines):
            return rows, f"请先在第 {number} 篇中选择新一篇开始的那一行。"
        if at == 0:
            return rows, f"第 {number} 篇的第 1 行已是正文的开头，请选择后面的一行；标题可直接修改。"
        first = replace(row, body="\n".join(lines[:at]))
        second = PreviewRow(title=lines[at].strip()[:200], body="\n".join(lines[at + 1:]),
                            document_date=row.document_date)
        result = [*rows[:index], first, second, *rows[index + 1:]]
        return result, f"已从第 {number} 篇的第 {at + 1} 行拆出新的一篇“{second.title[:20]}”，请填写其单位。"
    return rows, "无法识别的操作。"
