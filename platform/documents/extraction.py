"""Safe text extraction from uploaded documents (.docx, .pdf, .txt, .md).

``extract_document(filename, data)`` returns the text of an upload as an
``ExtractedDocument`` or raises ``DocumentError`` with a stable ``code`` and a
user-facing message in Chinese. Bad input never raises anything else.

The format is detected from the content (zip signature, ``%PDF``, OLE2 compound
file) before the extension is consulted, so a renamed file is still read or
refused for what it is. Zip archives are checked from their central directory
before anything is decompressed.

Everything that reads the content (python-docx, pypdf, decoding) runs in a
child process under ``documents.limits`` (``documents.sandbox``): a file is
refused with ``too_large`` (parts to parse over ``max_uncompressed_mb``),
``too_long`` (text over ``max_chars``), ``too_many_pages``, ``timeout`` or
``too_much_memory`` instead of taking the web process down.

Pure Python, no Django: callable from views, Celery tasks and scripts (Django's
settings and translations are used when they are configured).
"""

from __future__ import annotations

import io
import math
import os
import re
import zipfile

from documents.errors import DocumentError, ExtractedDocument
from documents.limits import ExtractionLimits, gettext as _, limits_current
from documents.sandbox import run_bounded

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocumentError",
    "ExtractedDocument",
    "extract_document",
]

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB

# Zip (docx) limits, checked on the declared sizes in the central directory.
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * MB
MAX_ZIP_RATIO = 100
# Below this total a high ratio is harmless (tiny XML parts compress very well).
ZIP_RATIO_MIN_BYTES = 1 * MB
MAX_ZIP_ENTRIES = 10_000

# Share of control / private-use characters above which decoded text is refused.
MAX_SUSPICIOUS_CHAR_SHARE = 0.01

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# The PDF header may be preceded by junk; readers accept it within the first 1 KiB.
_PDF_HEADER_WINDOW = 1024

# Binary formats people rename to .txt or .docx by mistake.
_OTHER_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)

# C0/C1 controls other than whitespace, and private-use code points: common in
# binary data or text decoded with the wrong codec, rare in real documents.
_SUSPICIOUS_CHARS = re.compile(
    "[\x01-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]"
)

_EXTENSION_FORMATS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}

_SUPPORTED_HINT = "目前支持 .docx、.pdf（含文字层）、.txt 和 .md 文件。"


def extract_document(
    filename: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: ExtractionLimits | None = None,
) -> ExtractedDocument:
    """Extract the text of an uploaded file, or raise ``DocumentError``.

    The cheap checks (size, format, the zip directory) run here; the reading runs
    in a child process under ``limits`` (default: the settings, ``limits_current()``).
    """
    return _extract(filename, data, max_bytes, limits or limits_current(), _in_child)


def _in_child(reader, *args, limits: ExtractionLimits) -> ExtractedDocument:
    # The reader's library is imported here, once per process, not in every child.
    if reader is _extract_docx:
        import docx  # noqa: F401
    elif reader is _extract_pdf:
        import pypdf  # noqa: F401
    # Only the paragraphs cross the pipe; the text is joined again here.
    paragraphs, fmt, encoding = run_bounded(
        lambda: _parts(reader(*args, limits=limits)), limits=limits
    )
    return ExtractedDocument(
        text="\n".join(paragraphs), paragraphs=paragraphs, format=fmt, encoding=encoding
    )


def _in_process(reader, *args, limits: ExtractionLimits) -> ExtractedDocument:
    """The same reading without the child process (benchmarks/extraction.py compares them)."""
    return reader(*args, limits=limits)


def _parts(document: ExtractedDocument) -> tuple[list[str], str, str | None]:
    return document.paragraphs, document.format, document.encoding


def _extract(filename, data, max_bytes: int, limits: ExtractionLimits, run) -> ExtractedDocument:
    if data is None:
        raise DocumentError("empty", "文件为空，请重新选择文件。")
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError("data must be bytes")

    size = len(data)
    if size > max_bytes:
        raise DocumentError(
            "too_large",
            f"文件超过 {_format_limit_mb(max_bytes)} MB 上限"
            f"（本文件 {_format_size_mb(size)} MB）。",
        )
    if size == 0:
        raise DocumentError("empty", "文件为空，请重新选择文件。")

    extension = _extension(filename)
    kind = _sniff(data)

    if kind == "zip":
        names = _check_zip(data, limits)
        return run(_extract_docx, data, extension, names, limits=limits)
    if kind == "pdf":
        return run(_extract_pdf, data, limits=limits)
    if kind == "ole2":
        _refuse_ole2(data)
    if kind is not None:  # another binary format, named in ``kind``
        raise DocumentError(
            "unsupported", f"该文件是{kind}，不是文档。{_SUPPORTED_HINT}"
        )

    expected = _EXTENSION_FORMATS.get(extension)
    if expected == "docx":
        raise DocumentError(
            "corrupt", "文件扩展名是 .docx，但内容不是有效的 Word 文档，可能已损坏。"
        )
    if expected == "pdf":
        raise DocumentError(
            "corrupt", "文件扩展名是 .pdf，但内容不是有效的 PDF 文件，可能已损坏。"
        )
    if expected in ("txt", "md"):
        return run(_extract_text, data, expected, limits=limits)
    if extension == ".doc":
        raise DocumentError(
            "unsupported", "暂不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后重新上传。"
        )
    shown = extension or "（无扩展名）"
    raise DocumentError("unsupported", f"不支持的文件类型 {shown}。{_SUPPORTED_HINT}")


# --- helpers: sizes, names, sniffing ---------------------------------------


def _format_limit_mb(n: int) -> str:
    # Round the limit down and the file size up, so "over the limit" always reads true.
    value = math.floor(n / MB * 10) / 10
    return _strip_zero(f"{value:.1f}") if value >= 0.1 else f"{n / MB:.3g}"


def _format_size_mb(n: int) -> str:
    value = math.ceil(n / MB * 10) / 10
    return _strip_zero(f"{value:.1f}")


def _strip_zero(s: str) -> str:
    return s[:-2] if s.endswith(".0") else s


def _extension(filename: str | None) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return os.path.splitext(name.strip())[1].lower()


def _sniff(data: bytes) -> str | None:
    """Return "zip", "pdf", "ole2", a human name of another binary format, or None."""
    if data.startswith(_ZIP_SIGNATURES):
        return "zip"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_OLE2_SIGNATURE):
        return "ole2"
    for signature, name in _OTHER_BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    return None


# --- OLE2 (legacy .doc, or an encrypted Office file) -------------------------


def _refuse_ole2(data: bytes) -> None:
    # Directory entry names in a compound file are stored in UTF-16LE; an Office
    # file protected by a password is an OLE2 container holding "EncryptedPackage".
    if _OLE2_ENCRYPTED_PACKAGE in data:
        raise DocumentError(
            "encrypted", "文件设置了打开密码，无法读取。请取消密码后另存为 .docx 再上传。"
        )
    raise DocumentError(
        "unsupported",
        "暂不支持旧版 Word（.doc）等格式，请在 Word 中另存为 .docx 后重新上传。",
    )


# --- docx ---------------------------------------------------------------------


def _check_zip(data: bytes, limits: ExtractionLimits) -> list[str]:
    """Check the central directory before any decompression; return member names.

    The declared sizes can be trusted: zipfile never returns more than an entry's
    declared size (and then fails its CRC check), so a lying entry is corrupt.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as exc:  # BadZipFile, struct/OS errors on truncated input
        raise DocumentError(
            "corrupt", "文件已损坏或不完整（压缩结构无法读取），请重新保存后上传。"
        ) from exc

    if len(infos) > MAX_ZIP_ENTRIES:
        raise DocumentError(
            "zip_bomb", f"文件内部包含的条目过多（{len(infos)} 个），已拒绝处理。"
        )
    total = sum(max(info.file_size, 0) for info in infos)
    compressed = sum(max(info.compress_size, 0) for info in infos)
    if total > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise DocumentError(
            "zip_bomb",
            f"文件解压后过大（约 {_format_size_mb(total)} MB，上限 "
            f"{_format_limit_mb(MAX_ZIP_UNCOMPRESSED_BYTES)} MB），已拒绝处理。",
        )
    if total > ZIP_RATIO_MIN_BYTES and total > MAX_ZIP_RATIO * max(compressed, 1):
        raise DocumentError(
            "zip_bomb", "文件压缩比异常（疑似“压缩炸弹”），已拒绝处理。"
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise DocumentError("encrypted", "文件已加密，无法读取。请取消密码后重新上传。")
    parsed = sum(max(info.file_size, 0) for info in infos if _is_parsed(info.filename))
    if parsed > limits.max_uncompressed_bytes:
        raise DocumentError("too_large", _(
            "文件中需要解析的内容解压后过大（约 %(size)s MB，上限 %(limit)s MB），已拒绝处理。"
            "请删除不需要的内容或拆分成几个文件后重新上传。"
        ) % {"size": _format_size_mb(parsed), "limit": _format_limit_mb(limits.max_uncompressed_bytes)})
    return [info.filename for info in infos]


def _is_parsed(name: str) -> bool:
    """An XML part (parsed into a tree); images and other binary parts are only copied."""
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _too_long(limits: ExtractionLimits) -> DocumentError:
    return DocumentError("too_long", _(
        "文件中的文字超过 %(limit)s 万字上限，已拒绝处理。请拆分成几个文件后分别上传。"
    ) % {"limit": _format_ten_thousands(limits.max_chars)})


def _format_ten_thousands(n: int) -> str:
    return _strip_zero(f"{math.floor(n / 10_000 * 10) / 10:.1f}")


def _extract_docx(
    data: bytes, extension: str, names: list[str], *, limits: ExtractionLimits
) -> ExtractedDocument:
    if not any(name.startswith("word/") for name in names):
        if any(name.startswith("xl/") for name in names):
            raise DocumentError("unsupported", f"暂不支持 Excel 表格。{_SUPPORTED_HINT}")
        if any(name.startswith("ppt/") for name in names):
            raise DocumentError("unsupported", f"暂不支持 PowerPoint 演示文稿。{_SUPPORTED_HINT}")
        if extension == ".docx":
            raise DocumentError(
                "corrupt", "文件扩展名是 .docx，但缺少 Word 正文部分，可能已损坏。"
            )
        raise DocumentError("unsupported", f"暂不支持压缩包。{_SUPPORTED_HINT}")

    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = _docx_paragraphs(document.element.body, limits)
    except (DocumentError, MemoryError):
        raise
    except ValueError as exc:
        if "not a Word file" in str(exc):  # e.g. a macro-enabled .docm
            raise DocumentError(
                "unsupported", "暂不支持此类 Word 文件（如含宏的 .docm），请另存为 .docx。"
            ) from exc
        raise _corrupt_docx() from exc
    except Exception as exc:  # KeyError, lxml errors, zipfile errors ...
        raise _corrupt_docx() from exc

    if not paragraphs:
        raise DocumentError("empty", "Word 文档中没有可提取的文字。")
    return ExtractedDocument(
        text="\n".join(paragraphs), paragraphs=paragraphs, format="docx", encoding=None
    )


def _corrupt_docx() -> DocumentError:
    return DocumentError("corrupt", "Word 文档已损坏，无法读取，请在 Word 中重新保存后上传。")


# Runs a paragraph shows as text: plain, in links, tracked insertions, fields,
# smart tags and inline content controls (document order is kept by XPath).
_RUN_XPATH = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:fldSimple/w:r"
    " | ./w:smartTag/w:r | ./w:customXml/w:r | ./w:sdt/w:sdtContent/w:r"
    " | ./w:hyperlink/w:ins/w:r | ./w:ins/w:hyperlink/w:r"
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml"})


def _docx_paragraphs(body, limits: ExtractionLimits) -> list[str]:
    """Body paragraphs and table-cell paragraphs, in document order.

    Walks the XML instead of ``table.rows[i].cells``: python-docx repeats merged
    cells there, which would duplicate their text. Stops with ``too_long`` once
    the text passes ``limits.max_chars``.
    """
    out: list[str] = []
    total = [0]  # characters so far, newlines included

    def walk(container) -> None:
        for child in _children(container, (_W_P, _W_TBL)):
            if child.tag == _W_P:
                text = "".join(run.text for run in child.xpath(_RUN_XPATH)).strip()
                if text:
                    total[0] += len(text) + 1
                    if total[0] > limits.max_chars + 1:
                        raise _too_long(limits)
                    out.append(text)
            else:
                for row in _children(child, (_W_TR,)):
                    for cell in _children(row, (_W_TC,)):
                        walk(cell)

    walk(body)
    return out


def _children(element, tags: tuple[str, ...]):
    """Direct children with one of ``tags``, looking through content controls
    (w:sdt/w:sdtContent) and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


# --- pdf ----------------------------------------------------------------------


def _extract_pdf(data: bytes, *, limits: ExtractionLimits) -> ExtractedDocument:
    try:
        from pypdf import PasswordType, PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs carry only an owner password (printing/copy rights) and
            # open with an empty user password; anything else we cannot read.
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = PasswordType.NOT_DECRYPTED
            if opened == PasswordType.NOT_DECRYPTED:
                raise DocumentError(
                    "encrypted", "PDF 文件设置了打开密码，无法读取。请取消密码后重新上传。"
                )
        pages = reader.pages
        if len(pages) == 0:
            raise DocumentError("corrupt", "PDF 文件中没有任何页面，可能已损坏。")
        if len(pages) > limits.max_pages:
            raise DocumentError("too_many_pages", _(
                "PDF 共 %(pages)s 页，超过 %(limit)s 页上限，已拒绝处理。请拆分成几个文件后分别上传。"
            ) % {"pages": len(pages), "limit": limits.max_pages})
        page_texts = []
        total = 0
        for page in pages:
            page_text = page.extract_text() or ""
            total += len(page_text) + 1
            if total > limits.max_chars + 1:
                raise _too_long(limits)
            page_texts.append(page_text)
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # PdfReadError, PdfStreamError, LimitReachedError ...
        raise DocumentError(
            "corrupt", "PDF 文件已损坏或不完整，无法读取，请重新导出后上传。"
        ) from exc

    paragraphs = _lines("\n".join(page_texts))
    if not paragraphs:
        raise DocumentError(
            "no_text_layer",
            "PDF 中没有可提取的文字（可能是扫描件或图片）。"
            "请上传带文字层的 PDF 或 Word 原文件。",
        )
    return ExtractedDocument(
        text="\n".join(paragraphs), paragraphs=paragraphs, format="pdf", encoding=None
    )


# --- plain text ---------------------------------------------------------------


def _extract_text(data: bytes, fmt: str, *, limits: ExtractionLimits) -> ExtractedDocument:
    text, encoding = _decode(data)
    if len(text) > limits.max_chars:
        raise _too_long(limits)
    paragraphs = _lines(text)
    if not paragraphs:
        raise DocumentError("empty", "文件中没有可提取的文字。")
    return ExtractedDocument(
        text="\n".join(paragraphs), paragraphs=paragraphs, format=fmt, encoding=encoding
    )


def _encoding_error() -> DocumentError:
    return DocumentError(
        "encoding",
        "无法识别文件的文字编码，请将文件另存为 UTF-8 编码的文本后重新上传。",
    )


def _decode(data: bytes) -> tuple[str, str]:
    """Decode text as UTF-8 (BOM optional), UTF-16 (BOM or NUL pattern) or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:], "utf-8", "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data, "utf-16", "utf-16")

    nuls = data.count(0)
    if nuls:
        # Real UTF-8 or GB18030 text never contains NUL; UTF-16 without a BOM
        # does, on odd offsets (little-endian) or even ones (big-endian).
        if len(data) % 2:
            raise _encoding_error()
        odd = data[1::2].count(0)
        even = nuls - odd
        if odd >= 0.9 * nuls:
            return _checked(data, "utf-16-le", "utf-16")
        if even >= 0.9 * nuls:
            return _checked(data, "utf-16-be", "utf-16")
        raise _encoding_error()

    try:
        return _checked(data, "utf-8", "utf-8")
    except DocumentError:
        pass
    return _checked(data, "gb18030", "gb18030")


def _checked(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise _encoding_error() from exc
    text = text.lstrip("\ufeff")
    if not _plausible(text):
        raise _encoding_error()
    return text, name


def _plausible(text: str) -> bool:
    """False for text that is really binary or decoded with the wrong codec."""
    if "\x00" in text:
        return False
    suspicious = len(_SUSPICIOUS_CHARS.findall(text))
    return suspicious <= MAX_SUSPICIOUS_CHAR_SHARE * len(text)


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in text.split("\n") if line.strip()]
