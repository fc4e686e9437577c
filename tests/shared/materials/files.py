"""Upload files built in the tests: good ones in every format, and every kind of bad one."""
from __future__ import annotations

import io
import zipfile

from documents.extraction import DEFAULT_MAX_BYTES


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_pdf_bytes() -> bytes:
    """A PDF page with no text layer: what a scan looks like to the extractor."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_docx_bytes() -> bytes:
    """A password-protected Office file: an OLE2 container holding an EncryptedPackage stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024


def corrupt_docx_bytes() -> bytes:
    return docx_bytes(["完好的开头"])[:700]


def zip_bomb_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    return buffer.getvalue()


def oversized_bytes() -> bytes:
    return "协".encode() * (DEFAULT_MAX_BYTES // 3 + 1)


BAD_FILES = {
    "corrupt": ("发言.docx", corrupt_docx_bytes),
    "encrypted": ("发言.docx", encrypted_docx_bytes),
    "encrypted_pdf": ("发言.pdf", encrypted_pdf_bytes),
    "scan": ("扫描件.pdf", blank_pdf_bytes),
    "empty": ("空白.txt", lambda: b""),
    "too_large": ("很长.txt", oversized_bytes),
    "zip_bomb": ("炸弹.docx", zip_bomb_bytes),
}
EXPECTED_CODES = {
    "corrupt": "corrupt", "encrypted": "encrypted", "encrypted_pdf": "encrypted", "scan": "no_text_layer",
    "empty": "empty", "too_large": "too_large", "zip_bomb": "zip_bomb",
}
