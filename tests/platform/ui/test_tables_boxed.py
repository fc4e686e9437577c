"""Every table of the pages sits in a box that scrolls sideways (.overflow-auto).

On a phone a wide table then scrolls by itself and the page keeps the screen's
width (ARCHITECTURE.md, "Pages on a phone and on paper"). A partial's table counts
as boxed when every page including the partial puts the include in such a box.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("platform", "tenants", "shared", "search")
BOX = re.compile(r'<div[^>]*class="[^"]*\b(?:overflow-auto|table-scroll)\b[^"]*"[^>]*>')


def templates() -> dict[str, str]:
    found = {}
    for source in SOURCES:
        for path in (ROOT / source).rglob("templates/**/*.html"):
            name = path.as_posix().split("/templates/", 1)[1]
            found[name] = path.read_text(encoding="utf-8")
    return found


def boxed(text: str, at: int) -> bool:
    """Whether position `at` lies inside an open .overflow-auto <div> (no </div> since)."""
    before = text[:at]
    opening = None
    for opening in BOX.finditer(before):
        pass
    if opening is None:
        return False
    between = before[opening.end():]
    return between.count("</div>") < between.count("<div") + 1


def test_every_table_is_in_a_scrolling_box():
    pages = templates()
    assert len(pages) > 50  # the templates were found
    unboxed = []
    for name, text in pages.items():
        for table in re.finditer(r"<table\b", text):
            if boxed(text, table.start()):
                continue
            includes = [(other, m.start()) for other, body in pages.items()
                        for m in re.finditer(r'{%\s*include\s+"' + re.escape(name) + '"', body)]
            if includes and all(boxed(pages[other], at) for other, at in includes):
                continue
            line = text[:table.start()].count("\n") + 1
            unboxed.append(f"{name}:{line}")
    assert not unboxed, "tables outside an .overflow-auto box: " + ", ".join(unboxed)
