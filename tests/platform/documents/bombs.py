"""Hostile uploads built in memory: small files that cost a lot to read.

Each builder streams its parts into the archive, so building a bomb never holds
its uncompressed size in the test process.
"""
from __future__ import annotations

import io
import random
import resource
import zipfile

import docx

MB = 1024 * 1024
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_document_xml(chunks, *, compresslevel: int = 6) -> bytes:
    """A real .docx (python-docx's template) whose word/document.xml is ``chunks`` written in turn."""
    base = io.BytesIO()
    docx.Document().save(base)
    template = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, template.read(info.filename))
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'.encode())
            for chunk in chunks:
                part.write(chunk)
            part.write(b"<w:sectPr/></w:body></w:document>")
    return out.getvalue()


def paragraphs_xml(total_bytes: int, *, distinct: int = 30, seed: int = 1):
    """Chunks of <w:p> paragraphs, about ``total_bytes`` in all, drawn from ``distinct`` different ones.

    A few hundred distinct paragraphs in random order compress at a moderate ratio
    (about 60 for 30 of them), like the 4.5 MB report of issue 12 (41), far from the 1000:1 of zeros.
    """
    rnd = random.Random(seed)
    alphabet = "政协委员提案协商调研视察民主监督参政议政界别社情民意履职读书活动会议报告建议意见"
    pool = [
        f"<w:p><w:r><w:t>{''.join(rnd.choice(alphabet) for _ in range(rnd.randint(30, 80)))}。</w:t></w:r></w:p>".encode()
        for _ in range(distinct)
    ]
    written = 0
    while written < total_bytes:
        chunk = b"".join(rnd.choice(pool) for _ in range(2000))
        written += len(chunk)
        yield chunk


def tiny_runs_xml(total_bytes: int):
    """Chunks of paragraphs made of one-character runs: many XML elements, little text."""
    rnd = random.Random(2)
    runs = [f"<w:r><w:t>{c}</w:t></w:r>".encode() for c in "政协委员提案协商调研视察民主监督"]
    written = 0
    while written < total_bytes:
        chunk = b"".join(b"<w:p>" + b"".join(rnd.choices(runs, k=200)) + b"</w:p>" for _ in range(100))
        written += len(chunk)
        yield chunk


def uncompressed_size(data: bytes) -> int:
    return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())


# --- PDF ----------------------------------------------------------------------------


def pdf_from_objects(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(dictionary: bytes, content: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def cpu_bomb_pdf(*, pages: int = 200, draws: int = 5000, ops: int = 2000) -> bytes:
    """Pages that each draw one form ``draws`` times, the form showing ``ops`` tiny strings.

    About 80 KB for 200 pages; pypdf spends about 100 s of CPU on each page
    (it stops at 5000 form invocations per page, which is exactly what is drawn).
    """
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    form = _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 3 0 R >> >>",
                   b"BT /F1 1 Tf " + b"(a) Tj " * ops + b"ET")
    contents = _stream(b"", b"/X Do\n" * draws)
    first_page = 6
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               font, form, contents]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> /XObject << /X 4 0 R >> >> /Contents 5 0 R >>")
    objects += [page] * pages
    return pdf_from_objects(objects)


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` pages sharing one short text content stream."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    contents = _stream(b"", b"BT /F1 12 Tf 72 760 Td (page) Tj ET")
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               font, contents]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    objects += [page] * pages
    return pdf_from_objects(objects)


# --- measuring the test process -------------------------------------------------------


def peak_rss_mb() -> float:
    """The test process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_pids() -> list[int]:
    """Live children of this process (zombies included), from /proc."""
    import glob

    pids: list[int] = []
    for path in glob.glob("/proc/self/task/*/children"):
        with open(path) as f:
            pids += [int(p) for p in f.read().split()]
    return pids
