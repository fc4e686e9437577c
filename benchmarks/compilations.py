"""How the compilation splitter does on held-out compilations of every shape.

Usage: .venv/bin/python benchmarks/compilations.py [-v] [--dir benchmarks/compilations]

Each ``<name>.txt`` in the folder is a compilation (汇编) of 4–8 short speeches written for
this check, one per shape: (a) a table of contents and organisation-first headers, (b) no
table of contents, title first, (c) titles wrapped over two lines, (d) organisations masked
or absent, (e) abbreviated organisations, (f) PDF-extraction artefacts (page numbers, a
running header on every page, hard line wraps). Beside it, ``<name>.json`` holds what a
person would split it into: ``{"shape": ..., "speeches": [{"title", "organisation"}]}``.

The text goes to ``shared.materials.splitting.split_compilation`` as an uploaded .txt
would (documents.extraction: lines stripped, empty ones dropped). Per file it prints the
speeches found / expected, the expected titles found (compared without spaces and
punctuation), the organisations right among those, the speeches whose text still holds a
page number or the running header, the lines of their text that stop mid-sentence
(hard wraps left unjoined), and the splitter's warnings. No database; the files
are held out from whoever tunes the splitter.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

FOLDER = Path(__file__).resolve().parent / "compilations"
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_ENDS = set("。！？；：…”’）)」》!?;:")
_PAGE = re.compile(r"(^|\n)\s*(—\s*\d+\s*—|-\s*\d+\s*-|第\s*\d+\s*页)\s*(\n|$)")


def key(text: str) -> str:
    """Text compared without case, width, spaces or punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def lines_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in text.split("\n") if line.strip()]


def running_headers(lines: list[str]) -> set[str]:
    """Lines repeated three times or more: a PDF's running header."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= 3 and len(line) >= 6}


def evaluate(path: Path, verbose: bool) -> dict:
    from shared.materials.splitting import split_compilation

    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    lines = lines_of(path)
    try:
        draft = split_compilation(lines)
        materials, warnings, error = draft.materials, list(draft.warnings), ""
    except Exception as exc:  # a crash is a result too: count it as nothing found
        materials, warnings, error = [], [], f"{type(exc).__name__}: {exc}"
    found = {key(m.title): m for m in materials}
    titles = orgs = 0
    for speech in expected["speeches"]:
        m = found.get(key(speech["title"]))
        if m is None:
            continue
        titles += 1
        orgs += key(m.organisation) == key(speech["organisation"])
    headers = running_headers(lines)
    dirty = sum(1 for m in materials
                if _PAGE.search(m.body) or any(h in m.body for h in headers))
    # a line of a body that stops mid-sentence, followed by another: a hard wrap left unjoined
    wraps = sum(1 for m in materials for line in m.body.split("\n")[:-1]
                if line and line[-1] not in _ENDS)
    row = {"file": path.name, "shape": expected["shape"][:1], "found": len(materials),
           "expected": len(expected["speeches"]), "titles": titles, "orgs": orgs,
           "dirty": dirty, "wraps": wraps, "warnings": warnings, "error": error}
    if verbose:
        print(f"\n{path.name}: {expected['shape']}")
        for m in materials:
            mark = "ok" if key(m.title) in {key(s["title"]) for s in expected["speeches"]} else "--"
            print(f"  {mark} {m.title} | {m.organisation or '(no organisation)'} | {len(m.body)} chars")
        for w in warnings:
            print(f"  warning: {w}")
        if error:
            print(f"  error: {error}")
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=FOLDER)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    rows = [evaluate(p, args.verbose) for p in sorted(args.dir.glob("*.txt"))
            if p.with_suffix(".json").exists()]
    if not rows:
        sys.exit(f"no compilation with its .json in {args.dir}")
    print(f"\n{'file':<26} {'shape':>5} {'found/expected':>15} {'titles':>7} {'orgs':>5} {'dirty':>5} {'wraps':>5}")
    for r in rows:
        print(f"{r['file']:<26} {r['shape']:>5} {r['found']:>7}/{r['expected']:<7} "
              f"{r['titles']:>4}/{r['expected']:<2} {r['orgs']:>3} {r['dirty']:>5} {r['wraps']:>5}"
              + (f"  {r['error']}" if r["error"] else ""))
    expected = sum(r["expected"] for r in rows)
    right = sum(r["found"] == r["expected"] and r["titles"] == r["expected"] for r in rows)
    print(f"titles found: {sum(r['titles'] for r in rows)} of {expected}; organisations right: "
          f"{sum(r['orgs'] for r in rows)}; speeches holding page artefacts: {sum(r['dirty'] for r in rows)}; "
          f"unjoined wraps: {sum(r['wraps'] for r in rows)}; "
          f"files split exactly: {right} of {len(rows)}")


if __name__ == "__main__":
    main()
