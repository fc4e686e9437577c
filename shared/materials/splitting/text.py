"""Text folding, comparison keys and line shapes shared by the splitter's parts."""

from __future__ import annotations

import difflib
import re
import unicodedata

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


_PAGE_MARK = re.compile(r"^\s*[-—–－]*\s*(?:\d{1,4}|[-—–－]\s*\d{1,4}\s*[-—–－])\s*[-—–－]*\s*$")
_DATE_LINE = re.compile(r"^\s*\(?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*\)?\s*$")
_SENTENCE_END = tuple("。！？!?；;")
# The volume's own title, or its wrapped last line ("……经验交流材料", "发言材料汇编").
VOLUME_TITLE = re.compile(r"(?:汇编|选编|文集|专辑|材料|资料|会刊)\s*$|汇编|选编")


def _is_title_like(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 60 and not stripped.endswith(_SENTENCE_END)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
