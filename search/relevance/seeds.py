"""Seeds 000, 002 and 003 (../shared/seeds, outside the repository) as relevance materials.

Seed 001 is a compilation: benchmarks/relevance.py splits it with
shared.materials.splitting (search may not import shared). The others are not:
- 000 is a notice with three attachments: the notice and each attachment are one
  material each (split at "## 附件 1", "## 附件 2" and the heading of the third);
- 002 (a committee's work points) and 003 (a year's review) are one material each.

``load(folder)`` returns ``[]`` when the folder or a file is missing: whoever uses it
skips what is absent. Titles are fixed here, because the judged set names them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

NOTICE = ("关于印发《“金点子”评选实施方案》《“好品牌”建设三年行动方案》"
          "《“同心圆”建设10大专项行动（2022—2024）》的通知")
GOLDEN_IDEAS = "“金点子”评选实施方案"
GOOD_BRANDS = "“好品牌”建设三年行动方案"
CONCENTRIC = "“同心圆”建设10大专项行动（2022—2024）"
JINHUA_POINTS = "中共政协金华市委员会党组2022年工作要点"
ZIYANG_REVIEW = "百舸争流万山过——资阳市政协2022年工作综述"

#: title → (organisation, year) of each material taken from seeds 000, 002, 003
TITLES: dict[str, tuple[str, int]] = {
    NOTICE: ("资阳市政协办公室", 2022), GOLDEN_IDEAS: ("资阳市政协办公室", 2022),
    GOOD_BRANDS: ("资阳市政协办公室", 2022), CONCENTRIC: ("资阳市政协办公室", 2022),
    JINHUA_POINTS: ("中共政协金华市委员会党组", 2022), ZIYANG_REVIEW: ("资阳市政协", 2023),
}


@dataclass(frozen=True)
class SeedMaterial:
    title: str
    organisation: str
    year: int
    body: str


def _clean(lines: list[str]) -> str:
    out = []
    for line in lines:
        line = re.sub(r"^#+\s*", "", line.strip()).replace("**", "").strip()
        if line and line != "---" and not line.startswith("返回首页"):
            out.append(line)
    return "\n".join(out)


def _one(folder: Path, prefix: str) -> list[str] | None:
    path = next(iter(sorted(folder.glob(f"{prefix}_*.txt"))), None)
    return path.read_text(encoding="utf-8").splitlines() if path else None


def _seed000(lines: list[str]) -> list[tuple[str, str]]:
    starts = [0]
    for marker in ("## 附件 1", "## 附件 2", "## “同心圆”建设"):
        starts.append(next(i for i, line in enumerate(lines) if line.startswith(marker) and i > starts[-1]))
    starts.append(len(lines))
    titles = [NOTICE, GOLDEN_IDEAS, GOOD_BRANDS, CONCENTRIC]
    return [(t, _clean(lines[a:b])) for t, a, b in zip(titles, starts, starts[1:])]


def load(folder: Path = SEEDS) -> list[SeedMaterial]:
    """The materials of seeds 000, 002, 003 found in ``folder`` (none if it is absent)."""
    if not folder.is_dir():
        return []
    pieces: list[tuple[str, str]] = []
    if (lines := _one(folder, "000")) is not None:
        pieces += _seed000(lines)
    if (lines := _one(folder, "002")) is not None:
        pieces.append((JINHUA_POINTS, _clean(lines)))
    if (lines := _one(folder, "003")) is not None:
        pieces.append((ZIYANG_REVIEW, _clean(lines[1:])))  # line 1 is the title
    return [SeedMaterial(t, TITLES[t][0], TITLES[t][1], body) for t, body in pieces]
