"""What reading an upload in a bounded child process costs, and what real files need.

Run: ``.venv/bin/python benchmarks/extraction.py [--runs 21] [--full] [--bombs]``

No database. Prints, median (min) of ``--runs`` runs:

* the overhead of the child process per file (documents.sandbox: fork, limits,
  pipe) against reading the same file in the process, for an ordinary .docx
  (about 120 paragraphs) and a 10-page text PDF;
* with ``--full``: the two real-size documents the default limits must pass
  with room to spare (a 20 MB .docx of ordinary text, a 200-page text PDF):
  time, CPU and peak memory of the child, characters produced;
* with ``--bombs``: the hostile files of tests/platform/documents/bombs.py under
  the default limits (the PDF bomb runs into the 40 s limit).
"""
from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

import docx  # noqa: E402
import jieba  # noqa: E402  (its dictionary gives ordinary Chinese words)

from documents import extraction  # noqa: E402
from documents.errors import DocumentError  # noqa: E402
from documents.limits import limits_current  # noqa: E402
from documents.sandbox import run_bounded  # noqa: E402

MB = 1024 * 1024
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _words() -> list[str]:
    path = Path(jieba.__file__).parent / "dict.txt"
    with open(path, encoding="utf-8") as f:
        return [line.split()[0] for line in f if int(line.split()[1]) > 200]


WORDS = _words()


def sentence(rnd: random.Random, words: int) -> str:
    return "".join(rnd.choice(WORDS) for _ in range(words)) + "。"


def ordinary_docx(paragraphs: int, seed: int = 1) -> bytes:
    """python-docx's template with ``paragraphs`` paragraphs of distinct ordinary text."""
    rnd = random.Random(seed)
    base = io.BytesIO()
    docx.Document().save(base)
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
        f"<w:t>{sentence(rnd, rnd.randint(20, 60))}</w:t></w:r></w:p>"
        for _ in range(paragraphs)
    )
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{body}'
           "<w:sectPr/></w:body></w:document>").encode()
    template = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in template.infolist():
            archive.writestr(info.filename, xml if info.filename == "word/document.xml" else template.read(info))
    return out.getvalue()


def text_pdf(pages: int, lines: int = 40, seed: int = 2) -> bytes:
    """A text PDF: one Type0 font whose codes are the Unicode code points, with a ToUnicode map."""
    rnd = random.Random(seed)
    texts = [[sentence(rnd, 12)[:38] for _ in range(lines)] for _ in range(pages)]
    chars = sorted({ord(c) for page in texts for line in page for c in line if ord(c) < 0x10000})
    ranges = []
    for i in range(0, len(chars), 100):
        chunk = chars[i:i + 100]
        ranges.append(f"{len(chunk)} beginbfchar\n" + "\n".join(f"<{c:04X}> <{c:04X}>" for c in chunk) + "\nendbfchar")
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(ranges)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
           b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo "
           b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>",
        5: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        6: b"<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 0 1000 1000] "
           b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    }
    kids, number = [], 7
    for page in texts:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 760 Td"]
        ops += [f"<{''.join(f'{ord(c):04X}' for c in line if ord(c) < 0x10000)}> Tj T*" for line in page]
        content = "\n".join(ops + ["ET"]).encode()
        objects[number] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objects[number + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                               b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % number)
        kids.append(number + 1)
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = out.tell()
        out.write(b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n")
    xref, size = out.tell(), max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for n in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[n])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def in_process(name: str, data: bytes):
    return extraction._extract(name, data, extraction.DEFAULT_MAX_BYTES, limits_current(), extraction._in_process)


def overhead(runs: int) -> None:
    print(f"Child process overhead per file, median (min) of {runs} runs")
    for name, data in (("ordinary.docx", ordinary_docx(120)), ("ten-pages.pdf", text_pdf(10))):
        inside = timed(lambda: in_process(name, data), runs)
        child = timed(lambda: extraction.extract_document(name, data), runs)
        chars = len(extraction.extract_document(name, data).text)
        print(f"  {name:15} {len(data) / 1024:7.0f} KB {chars:7d} chars   in process "
              f"{statistics.median(inside) * 1000:7.1f} ms ({min(inside) * 1000:.1f})   child "
              f"{statistics.median(child) * 1000:7.1f} ms ({min(child) * 1000:.1f})   overhead "
              f"{(statistics.median(child) - statistics.median(inside)) * 1000:+.1f} ms")
    bare = timed(lambda: run_bounded(int, limits=limits_current()), runs)
    print(f"  an empty child (fork, limits, pipe, wait): {statistics.median(bare) * 1000:.1f} ms "
          f"({min(bare) * 1000:.1f})")


def measured_in_child(name: str, data: bytes) -> str:
    """Time, CPU and peak memory of the child that reads ``data``, and the outcome."""
    def read():
        started = time.process_time()
        document = extraction._extract(name, data, extraction.DEFAULT_MAX_BYTES, limits_current(),
                                       extraction._in_process)
        return len(document.text), time.process_time() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        chars, cpu, rss = run_bounded(read, limits=limits_current())
        outcome = f"read, {chars:,} characters, {cpu:.1f} s CPU, peak {rss / 1024:.0f} MB"
    except DocumentError as error:
        outcome = f"refused: {error.code}"
    return f"{time.perf_counter() - started:6.1f} s wall   {outcome}"


def full() -> None:
    limits = limits_current()
    print(f"Real-size documents under the default limits ({limits})")
    document = ordinary_docx(132_000)
    xml = zipfile.ZipFile(io.BytesIO(document)).getinfo("word/document.xml").file_size
    print(f"  20 MB .docx ({len(document) / MB:.1f} MB, {xml / MB:.0f} MB of XML): "
          f"{measured_in_child('ordinary.docx', document)}")
    pdf = text_pdf(200)
    print(f"  200-page PDF ({len(pdf) / MB:.1f} MB): {measured_in_child('compilation.pdf', pdf)}")


def bombs() -> None:
    from tests.platform.documents import bombs as hostile

    print("Hostile files under the default limits (extract_document, wall time, test process growth)")
    files = {
        "190 MB of XML in a .docx": ("bomb.docx", hostile.docx_with_document_xml(hostile.paragraphs_xml(190 * MB))),
        "40 MB of one-character runs": ("runs.docx", hostile.docx_with_document_xml(hostile.tiny_runs_xml(40 * MB))),
        "1001 pages": ("pages.pdf", hostile.many_pages_pdf(1001)),
        "200 pages of 5000 form draws": ("cpu.pdf", hostile.cpu_bomb_pdf()),
    }
    for label, (name, data) in files.items():
        before = hostile.peak_rss_mb()
        started = time.perf_counter()
        try:
            outcome = f"read, {len(extraction.extract_document(name, data).text):,} characters"
        except DocumentError as error:
            outcome = f"refused: {error.code}"
        print(f"  {label:30} {len(data) / 1024:7.0f} KB  {time.perf_counter() - started:6.1f} s  {outcome:28}"
              f" +{hostile.peak_rss_mb() - before:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--full", action="store_true", help="the 20 MB .docx and the 200-page PDF")
    parser.add_argument("--bombs", action="store_true", help="the hostile files of the tests")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    overhead(args.runs)
    if args.full:
        full()
    if args.bombs:
        bombs()


if __name__ == "__main__":
    main()
