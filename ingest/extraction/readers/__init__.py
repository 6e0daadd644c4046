"""Readers: a file in, a Document out. Formats differ only here."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ingest.extraction.document import Document, ReadError
from ingest.extraction.readers.pdf_bounds import check_streams
from ingest.extraction.readers.text import read_plain_text
from ingest.intake import MAX_FILE_BYTES, read_bounded, too_large

_BINARY_MAGIC = {
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"PK\x03\x04": "ZIP/Office 文件",
    b"\xd0\xcf\x11\xe0": "旧版 Office (.doc/.xls) 文件",
}


MAX_TEXT_BYTES = MAX_FILE_BYTES  # the size bound of every format (checked before reading: ingest/intake.py)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the charset the bytes look like (GBK…)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            raise ReadError("文件被截断：末尾是不完整的字符") from exc
    for encoding in ("gb18030",):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum("\u4e00" <= ch <= "\u9fff" for ch in text[:2000]) > 10:
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("无法识别的文本编码")
    return str(best)


_HTML_START = re.compile(
    # an XML declaration, comments and server-side directives (<%@ page … %>, <?php … ?>) may come first
    rb"^\s*(<\?xml[^>]*>\s*|<%.*?%>\s*|<\?php.*?\?>\s*|<!--.*?-->\s*)*"
    rb"<(!doctype\s+html|html|head|body|meta|table|div|p)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def sniff_format(path: Path, data: bytes) -> str:
    """The file's format by its content first (a .txt holding HTML or a PDF is read as such), then its name."""
    suffix = path.suffix.lower()
    head = data[:4096]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return "broken-zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls" if suffix in (".xls", ".et") else "doc"
    if suffix in (".html", ".htm", ".shtml") or _HTML_START.match(_ascii_view(head)):
        return "html"
    return "text"


def _ascii_view(head: bytes) -> bytes:
    """The head with UTF-8/UTF-16 byte-order marks and UTF-16 zero bytes removed, for markup sniffing."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":
                head = head.replace(b"\x00", b"")
    return head


def read_document(path: Path, data: bytes | None = None) -> Document:
    """Recognise the format by content (and extension), then read it: every format yields the same Document.

    `data` are the file's bytes when the caller has read them (the same bytes are hashed, archived and parsed);
    otherwise the file is read here, its size checked before reading."""
    if data is None:
        data = read_bounded(path)
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(too_large(len(data), MAX_FILE_BYTES))
    file_format = sniff_format(path, data)
    if file_format == "pdf":
        check_streams(data)  # a stream that inflates to gigabytes is refused before pdfminer inflates it
    if file_format == "docx":
        from ingest.extraction.readers.docx import read_docx

        return read_docx(path, data)
    if file_format == "xlsx":
        from ingest.extraction.readers.xlsx import read_xlsx

        return read_xlsx(path, data)
    if file_format == "pdf":
        from ingest.extraction.readers.pdf import read_pdf

        return read_pdf(path, data)
    if file_format == "html":
        from ingest.extraction.readers.html import decode_html, read_html_text

        return read_html_text(decode_html(_not_empty(data), decode_text), path.name)
    if file_format == "doc":
        raise ReadError("不支持旧版 Word (.doc) 文件：请另存为 .docx 后重新提交")
    if file_format == "xls":
        raise ReadError("不支持旧版 Excel (.xls) 文件：请另存为 .xlsx 后重新提交")
    if file_format in ("zip", "broken-zip"):
        raise ReadError(
            "不支持的格式：压缩包（不是 .docx 或 .xlsx）"
            if file_format == "zip"
            else "压缩包已损坏或被截断，无法打开"
        )
    if path.suffix.lower() == ".doc":
        raise ReadError("不支持旧版 Word (.doc) 文件：请另存为 .docx 后重新提交")
    return read_text(data, path.name)


def _not_empty(data: bytes) -> bytes:
    if not data.strip():
        raise ReadError("空文件")
    return data


def read_text(data: bytes, source_file: str) -> Document:
    data = _not_empty(data)
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"不支持的格式：{what}")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("二进制文件，不是文本报告")
    # PDF-extracted text or a Word rendering, tables in any layout; a file cut inside a form loads with a
    # finding; JSON / CSV data are refused (ingest/extraction/readers/text.py)
    return read_plain_text(decode_text(data), source_file)
