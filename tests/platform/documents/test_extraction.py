"""Tests for documents.extraction: every fixture file is built here, in memory."""

from __future__ import annotations

import io
import random
import zipfile

import docx
import pytest
from pypdf import PdfWriter

from documents import extraction
from documents.extraction import (
    DEFAULT_MAX_BYTES,
    DocumentError,
    ExtractedDocument,
    extract_document,
)

MB = 1024 * 1024

# Our own sentences (not from any seed document).
LINE_A = "本测试文件介绍某县政协委员开展读书活动的情况。"
LINE_B = "第二段说明：全年共组织协商活动 12 次，形成建议 35 条。"
LINE_C = "罕见字“𠮷”用于检验四字节编码。"


# --- builders -------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("委员履职情况报告", level=1)
    document.add_paragraph(LINE_A)
    document.add_paragraph("")  # blank paragraphs are dropped
    document.add_paragraph("   ")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "数量"
    table.cell(1, 0).text = "协商活动"
    table.cell(1, 1).text = "12"
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "合计说明跨两列"
    merged.add_paragraph("单元格中的第二段")
    paragraph = document.add_paragraph("  结尾一段，")
    paragraph.add_run("由两个文字块组成。  ")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_text_pdf(lines: list[str]) -> bytes:
    """A minimal valid PDF: one page, one Type0 font whose CIDs are the Unicode
    code points (BMP only), with a ToUnicode CMap so the text layer extracts."""
    chars = sorted({ord(c) for line in lines for c in line})
    bfchar = "\n".join(f"<{c:04X}> <{c:04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchar}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 760 Td"]
    ops += [f"<{''.join(f'{ord(c):04X}' for c in line)}> Tj T*" for line in lines]
    ops.append("ET")
    content = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /TestSong /Flags 4 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypt_pdf(data: bytes, *, user_password: str, owner_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    # RC4 needs no optional crypto dependency in pypdf.
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, payload in members.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


def make_ole2(stream_names: list[str]) -> bytes:
    """Bytes with the OLE2 signature and directory entries (UTF-16LE names)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entries = b""
    for name in ["Root Entry", *stream_names]:
        encoded = (name + "\x00").encode("utf-16-le")
        entries += encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little")
        entries += b"\x00" * 62
    return header + entries.ljust(512, b"\x00")


def error_of(filename: str, data: bytes, **kwargs) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        extract_document(filename, data, **kwargs)
    return caught.value


# --- docx ------------------------------------------------------------------------


def test_docx_body_and_table_paragraphs_in_document_order():
    result = extract_document("报告.docx", make_docx())
    assert result == ExtractedDocument(
        text="\n".join(
            [
                "委员履职情况报告",
                LINE_A,
                "项目",
                "数量",
                "协商活动",
                "12",
                "合计说明跨两列",
                "单元格中的第二段",
                "结尾一段，由两个文字块组成。",
            ]
        ),
        paragraphs=[
            "委员履职情况报告",
            LINE_A,
            "项目",
            "数量",
            "协商活动",
            "12",
            "合计说明跨两列",  # merged cell appears once, not once per grid column
            "单元格中的第二段",
            "结尾一段，由两个文字块组成。",
        ],
        format="docx",
        encoding=None,
    )


def test_docx_detected_from_content_whatever_the_name():
    result = extract_document("上传文件.txt", make_docx())
    assert result.format == "docx"
    assert result.paragraphs[1] == LINE_A


def test_docx_without_text_is_empty():
    document = docx.Document()
    document.add_paragraph("  ")
    buffer = io.BytesIO()
    document.save(buffer)
    assert error_of("空白.docx", buffer.getvalue()).code == "empty"


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_docx_is_corrupt(cut):
    data = make_docx()
    error = error_of("截断.docx", data[: int(len(data) * cut)])
    assert error.code == "corrupt"
    assert "损坏" in error.message


def test_zip_without_word_part():
    data = make_zip({"readme.txt": "压缩包里的说明文字。".encode()})
    assert error_of("伪装.docx", data).code == "corrupt"
    assert error_of("资料.zip", data).code == "unsupported"
    spreadsheet = make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"})
    assert error_of("表格.xlsx", spreadsheet).code == "unsupported"


def test_zip_bomb_refused_before_decompression(monkeypatch):
    bomb = make_zip({"word/document.xml": b"\x00" * (60 * MB)})
    assert len(bomb) < 100 * 1024  # zeros compress about 1000:1

    def no_decompression(*args, **kwargs):
        raise AssertionError("the archive must not be decompressed")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_decompression)
    error = error_of("炸弹.docx", bomb)
    assert error.code == "zip_bomb"
    assert "压缩" in error.message


def test_zip_declared_total_over_limit(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_ZIP_UNCOMPRESSED_BYTES", 1 * MB)
    noise = random.Random(7).randbytes(2 * MB)  # incompressible: ratio is about 1
    data = make_zip({"word/document.xml": noise}, compression=zipfile.ZIP_STORED)
    error = error_of("很大.docx", data)
    assert error.code == "zip_bomb"
    assert "上限 1 MB" in error.message


def test_small_but_highly_compressible_docx_is_accepted():
    # A ratio above 100 on a tiny total is not a bomb.
    document = docx.Document()
    document.add_paragraph("重复" * 20000)
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_document("重复.docx", buffer.getvalue()).paragraphs == ["重复" * 20000]


# --- OLE2 (legacy .doc, password-protected Office files) ----------------------------


def test_ole2_with_encrypted_package_is_encrypted():
    data = make_ole2(["EncryptionInfo", "EncryptedPackage"])
    error = error_of("加密.docx", data)
    assert error.code == "encrypted"
    assert "密码" in error.message


def test_ole2_without_encrypted_package_is_legacy_doc():
    error = error_of("旧版.doc", make_ole2(["WordDocument", "1Table"]))
    assert error.code == "unsupported"
    assert ".doc" in error.message and ".docx" in error.message


# --- pdf -------------------------------------------------------------------------


def test_pdf_text_layer():
    data = make_text_pdf([LINE_A, "第二行：全年 2024 年度。"])
    result = extract_document("材料.pdf", data)
    assert result == ExtractedDocument(
        text=LINE_A + "\n第二行：全年 2024 年度。",
        paragraphs=[LINE_A, "第二行：全年 2024 年度。"],
        format="pdf",
        encoding=None,
    )


def test_pdf_detected_from_content():
    assert extract_document("misnamed.txt", make_text_pdf([LINE_A])).format == "pdf"


def test_pdf_without_text_layer():
    error = error_of("扫描件.pdf", make_blank_pdf())
    assert error.code == "no_text_layer"
    assert "扫描件" in error.message


def test_pdf_with_open_password_is_encrypted():
    data = encrypt_pdf(make_text_pdf([LINE_A]), user_password="secret", owner_password="owner")
    assert error_of("加密.pdf", data).code == "encrypted"


def test_pdf_with_only_owner_password_is_read():
    data = encrypt_pdf(make_text_pdf([LINE_A]), user_password="", owner_password="owner")
    assert extract_document("受限.pdf", data).paragraphs == [LINE_A]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not a real pdf body",
        make_text_pdf([LINE_A])[:200],
        make_text_pdf([LINE_A])[:-300],
    ],
    ids=["garbage", "head-only", "truncated"],
)
def test_corrupt_pdf(data):
    assert error_of("坏文件.pdf", data).code == "corrupt"


def test_pdf_extension_with_other_content_is_corrupt():
    assert error_of("假的.pdf", LINE_A.encode()).code == "corrupt"


# --- plain text ------------------------------------------------------------------


TEXT = f"{LINE_A}\r\n\r\n  {LINE_B}  \r\n{LINE_C}\n"
TEXT_PARAGRAPHS = [LINE_A, LINE_B, LINE_C]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),  # no BOM: found by its NUL bytes
        (TEXT.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "utf16-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_text_encodings(data, encoding):
    result = extract_document("说明.txt", data)
    assert result == ExtractedDocument(
        text="\n".join(TEXT_PARAGRAPHS),
        paragraphs=TEXT_PARAGRAPHS,
        format="txt",
        encoding=encoding,
    )


def test_gbk_text_is_read_as_gb18030():
    data = f"{LINE_A}\n{LINE_B}".encode("gbk")
    result = extract_document("旧系统导出.txt", data)
    assert (result.encoding, result.paragraphs) == ("gb18030", [LINE_A, LINE_B])


def test_markdown():
    result = extract_document("笔记.MD", f"# 标题\n\n- {LINE_A}\n".encode())
    assert (result.format, result.paragraphs) == ("md", ["# 标题", f"- {LINE_A}"])


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xff\xff\xfe\x80\x80 not text",  # neither UTF-8 nor GB18030
        b"abc\x00def",  # odd length with NUL: not UTF-16 either
        bytes(range(1, 32)) * 20,  # control characters only
    ],
    ids=["bad-bytes", "odd-nul", "controls"],
)
def test_undecodable_text(data):
    error = error_of("乱码.txt", data)
    assert error.code == "encoding"
    assert "UTF-8" in error.message


def test_whitespace_only_text_is_empty():
    assert error_of("空.txt", " \r\n\t\u3000\n".encode()).code == "empty"


# --- size, emptiness, type -----------------------------------------------------------


def test_too_large_message_gives_both_sizes():
    data = b"a" * int(30.2 * MB)
    error = error_of("巨大.txt", data)
    assert error.code == "too_large"
    assert error.message == "文件超过 20 MB 上限（本文件 30.2 MB）。"
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_custom_size_limit():
    error = error_of("稍大.txt", b"a" * (MB + 1), max_bytes=MB)
    assert error.message == "文件超过 1 MB 上限（本文件 1.1 MB）。"
    assert DEFAULT_MAX_BYTES == 20 * MB


def test_empty_file():
    assert error_of("空.docx", b"").code == "empty"


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("图片.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        ("数据.csv", "甲,乙\n".encode()),
        ("无扩展名", "一些文字".encode()),
        ("旧文档.doc", "并非 OLE 文件".encode()),
    ],
)
def test_unsupported(filename, data):
    error = error_of(filename, data)
    assert error.code == "unsupported"
    assert ".docx" in error.message


def test_only_document_errors_escape_on_damaged_input():
    """Damaged copies of valid files never raise anything but DocumentError."""
    rng = random.Random(2024)
    samples = {
        "a.docx": make_docx(),
        "a.pdf": make_text_pdf([LINE_A, LINE_B]),
        "a.txt": TEXT.encode("utf-16"),
    }
    for filename, good in samples.items():
        for _ in range(40):
            damaged = bytearray(good)
            if rng.random() < 0.5:
                damaged = damaged[: rng.randrange(1, len(damaged))]
            else:
                for _ in range(rng.randrange(1, 20)):
                    damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                result = extract_document(filename, bytes(damaged))
            except DocumentError as error:
                assert error.code in {
                    "too_large", "empty", "corrupt", "encrypted",
                    "no_text_layer", "zip_bomb", "encoding", "unsupported",
                }
                assert error.message
            else:
                assert isinstance(result, ExtractedDocument)
