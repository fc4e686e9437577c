"""What extraction returns, and the error it raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DocumentError", "ExtractedDocument"]


class DocumentError(ValueError):
    """An upload that cannot be turned into text.

    ``code`` is stable and meant for programs (``too_large``, ``empty``,
    ``corrupt``, ``encrypted``, ``no_text_layer``, ``zip_bomb``, ``encoding``,
    ``unsupported``; over a limit of ``documents.limits``: ``too_large``,
    ``too_long``, ``too_many_pages``, ``too_many_rows``, ``timeout``,
    ``too_much_memory``); ``message`` is a complete sentence for the user.
    """

    code: str
    message: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"DocumentError(code={self.code!r}, message={self.message!r})"


@dataclass(frozen=True)
class ExtractedDocument:
    text: str  # whole text, paragraphs joined by "\n"
    paragraphs: list[str] = field(hash=False)  # non-empty, stripped, in order
    format: str  # "docx" | "pdf" | "txt" | "md"
    encoding: str | None  # txt/md: "utf-8" | "gb18030" | "utf-16"; else None
