"""What the splitter returns: the volume's TOC and one draft per speech, for a person to review."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    author: str = ""
    date: str | None = None  # ISO date printed under the heading, else the volume's


@dataclass
class CompilationDraft:
    title: str | None
    toc: list[TocEntry] = field(default_factory=list)
    materials: list[MaterialDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    date: str | None = None  # the volume's date line ("（2021年9月28日）"), ISO
