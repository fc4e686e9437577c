"""The relevance corpus: exchange materials (经验交流发言) written for the judged set.

Each ``*.txt`` file beside this module holds several materials. A material starts with
a line ``=== 标题``, then header lines ``键：值`` up to the first blank line, then its
paragraphs, one per line::

    === 让提案更有“含金量”
    机构：xx市政协提案委员会
    省份：四川
    层级：city            (province | city | county)
    年份：2023
    主题：提案；委员管理    (optional)

    第一段……

The texts are the project's own writing (organisations masked or invented where a real
name would claim words nobody said); they vary as real ones do: several provinces,
city and county committees, long and short, the same thing said in different words.
``load()`` returns them in file order; titles are unique (the judged set names them).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
_KEYS = {"机构": "organisation", "省份": "province", "层级": "level", "年份": "year", "主题": "themes",
         "作者": "author"}


@dataclass(frozen=True)
class CorpusMaterial:
    title: str
    organisation: str
    province: str
    level: str
    year: int
    themes: tuple[str, ...]
    author: str
    body: str
    source: str  # the file it came from


def _parse(path: Path) -> list[CorpusMaterial]:
    out: list[CorpusMaterial] = []
    blocks = path.read_text(encoding="utf-8").split("\n=== ")
    for block in blocks[1:] if not blocks[0].startswith("=== ") else blocks:
        block = block.removeprefix("=== ")
        title, _, rest = block.partition("\n")
        head, _, body = rest.partition("\n\n")
        fields: dict[str, str] = {}
        for line in head.splitlines():
            key, sep, value = line.replace(":", "：", 1).partition("：")
            if not sep or key.strip() not in _KEYS:
                raise ValueError(f"{path.name}: bad header line {line!r} in {title!r}")
            fields[_KEYS[key.strip()]] = value.strip()
        paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
        if not paragraphs:
            raise ValueError(f"{path.name}: {title!r} has no text")
        out.append(CorpusMaterial(
            title=title.strip(), organisation=fields.get("organisation", ""),
            province=fields.get("province", ""), level=fields.get("level", "city"),
            year=int(fields.get("year") or 2024),
            themes=tuple(t.strip() for t in fields.get("themes", "").split("；") if t.strip()),
            author=fields.get("author", ""), body="\n".join(paragraphs), source=path.name,
        ))
    return out


def load() -> list[CorpusMaterial]:
    """Every material of the corpus files, in file order."""
    materials = [m for path in sorted(HERE.glob("*.txt")) for m in _parse(path)]
    seen: set[str] = set()
    for m in materials:
        if m.title in seen:
            raise ValueError(f"duplicate title in the relevance corpus: {m.title!r}")
        seen.add(m.title)
    return materials
