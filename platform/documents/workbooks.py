"""The rows of an uploaded .xlsx, read under the same limits as documents.

A workbook is checked from its zip directory first (entries, ratio, the XML to
parse), then read in a child process (``documents.sandbox``) with openpyxl in
read-only mode: the first sheet's declared dimensions are checked before any
row is listed, and reading stops after ``max_rows`` rows (a sheet without a
declared size is read row by row, so the limit still holds).

A formula cell gives the value Excel computed and saved with it; a formula saved
without one (a file written by a program and never opened in a spreadsheet) gives
a ``Formula`` holding its text, so a reader can say so instead of skipping the cell.
"""
from __future__ import annotations

import dataclasses
import io

from documents.errors import DocumentError
from documents.extraction import _check_zip
from documents.limits import ExtractionLimits, gettext as _, limits_current
from documents.sandbox import out_of_memory, run_bounded

__all__ = ["Formula", "workbook_rows"]


@dataclasses.dataclass(frozen=True)
class Formula:
    """A formula cell saved without its computed value, e.g. ``=B4*2``."""

    text: str

    def __str__(self) -> str:
        return self.text


def workbook_rows(
    data: bytes,
    *,
    columns: int,
    max_rows: int,
    max_columns: int,
    max_uncompressed_mb: int | None = None,
    limits: ExtractionLimits | None = None,
) -> list[list]:
    """The first sheet's rows, each as its first ``columns`` cells; DocumentError if unusable.

    A sheet declaring more than ``max_rows`` rows or ``max_columns`` columns is refused
    before any row is read; one without a declared size is refused at row ``max_rows + 1``.

    Codes: ``corrupt`` (not a workbook), ``zip_bomb`` and ``too_large`` (the archive),
    ``too_many_rows`` (declared or actual), ``timeout``, ``too_much_memory``.
    """
    limits = limits or limits_current()
    if max_uncompressed_mb is not None:
        limits = dataclasses.replace(limits, max_uncompressed_mb=min(max_uncompressed_mb, limits.max_uncompressed_mb))
    if not data or not data.startswith(b"PK"):
        raise _not_a_workbook()
    _check_zip(data, limits)
    import openpyxl  # noqa: F401  (once per process, not in every child)

    return run_bounded(_read_rows, data, columns, max_rows, max_columns, limits=limits)


def _read_rows(data: bytes, columns: int, max_rows: int, max_columns: int) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), data_only=True, read_only=True).worksheets[0]
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
        if declared_rows > max_rows or declared_columns > max_columns:
            raise DocumentError("too_many_rows", _(
                "表格范围过大（%(rows)s 行 × %(columns)s 列），超过 %(max_rows)s 行 × %(max_columns)s 列的上限，"
                "已拒绝处理。"
            ) % {"rows": declared_rows, "columns": declared_columns, "max_rows": max_rows, "max_columns": max_columns})
        rows = _rows(sheet, columns, max_rows)
        if any(value is None for row in rows for value in row):
            # cells without a value may be formulas saved without their result: read them as written
            written = _rows(load_workbook(io.BytesIO(data), data_only=False, read_only=True).worksheets[0],
                            columns, max_rows)
            for row, formulas in zip(rows, written):
                for i, (value, formula) in enumerate(zip(row, formulas)):
                    if value is None and isinstance(formula, str) and formula.startswith("="):
                        row[i] = Formula(formula)
        return rows
    except DocumentError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a file that is not a workbook
        if out_of_memory(exc):
            raise MemoryError from exc
        raise _not_a_workbook() from exc


def _rows(sheet, columns: int, max_rows: int) -> list[list]:
    rows: list[list] = []
    for row in sheet.iter_rows(max_col=columns, values_only=True):
        if len(rows) == max_rows:
            raise DocumentError("too_many_rows", _(
                "表格超过 %(max_rows)s 行，已停止读取并拒绝处理。") % {"max_rows": max_rows})
        rows.append(list(row))
    return rows


def _not_a_workbook() -> DocumentError:
    return DocumentError("corrupt", _("不是有效的 .xlsx 文件。"))
