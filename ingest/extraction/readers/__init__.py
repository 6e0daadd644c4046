"""Readers: a file in, a Document out. Formats differ only here.

`sniff.py` names a file's format from its bytes; `READERS` maps each format to its reader (every reader takes
the path and the bytes the caller hashed, and returns the same Document model); `REFUSED` gives the reason
for a format that is recognised but not read. Adding a format is one reader module and one line in
`READERS` (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.extraction.document import Document, ReadError
from ingest.extraction.readers.encoding import decode_text
from ingest.extraction.readers.flattened_text import read_plain_text
from ingest.extraction.readers.pdf_bounds import check_streams
from ingest.extraction.readers.sniff import BINARY_MAGIC, sniff_format
from ingest.intake import MAX_FILE_BYTES, read_bounded, too_large

Reader = Callable[[Path, bytes], Document]


def _docx(path: Path, data: bytes) -> Document:
    from ingest.extraction.readers.docx import read_docx

    return read_docx(path, data)


def _xlsx(path: Path, data: bytes) -> Document:
    from ingest.extraction.readers.xlsx import read_xlsx

    return read_xlsx(path, data)


def _pdf(path: Path, data: bytes) -> Document:
    from ingest.extraction.readers.pdf import read_pdf

    check_streams(data)  # a stream that inflates to gigabytes is refused before the PDF library inflates it
    return read_pdf(path, data)


def _html(path: Path, data: bytes) -> Document:
    from ingest.extraction.readers.html import decode_html, read_html_text

    return read_html_text(decode_html(_not_empty(data), decode_text), path.name)


def _text(path: Path, data: bytes) -> Document:
    if path.suffix.lower() == ".doc":
        raise ReadError(REFUSED["doc"])
    return read_text_file(data, path.name)


# the heavy libraries (python-docx, openpyxl, pypdfium2, lxml) are imported by the format that needs them
READERS: dict[str, Reader] = {"docx": _docx, "xlsx": _xlsx, "pdf": _pdf, "html": _html, "text": _text}

REFUSED: dict[str, str] = {
    "doc": "不支持旧版 Word (.doc) 文件：请另存为 .docx 后重新提交",
    "xls": "不支持旧版 Excel (.xls) 文件：请另存为 .xlsx 后重新提交",
    "zip": "不支持的格式：压缩包（不是 .docx 或 .xlsx）",
    "broken-zip": "压缩包已损坏或被截断，无法打开",
}


def read_document(path: Path, data: bytes | None = None) -> Document:
    """Recognise the format by content (and extension), then read it: every format yields the same Document.

    `data` are the file's bytes when the caller has read them (the same bytes are hashed, archived and parsed);
    otherwise the file is read here, its size checked before reading."""
    if data is None:
        data = read_bounded(path)
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(too_large(len(data), MAX_FILE_BYTES))
    file_format = sniff_format(path, data)
    if file_format in REFUSED:
        raise ReadError(REFUSED[file_format])
    return READERS[file_format](path, data)


def _not_empty(data: bytes) -> bytes:
    if not data.strip():
        raise ReadError("空文件")
    return data


def read_text_file(data: bytes, source_file: str) -> Document:
    """A text file's bytes: binary data refused, the text decoded and read by the flattened-text reader."""
    data = _not_empty(data)
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"不支持的格式：{what}")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("二进制文件，不是文本报告")
    # PDF-extracted text or a Word rendering, tables in any layout; a file cut inside a form loads with a
    # finding; JSON / CSV data are refused (ingest/extraction/readers/flattened_text.py)
    return read_plain_text(decode_text(data), source_file)


__all__ = ["READERS", "REFUSED", "decode_text", "read_document", "read_text_file", "sniff_format"]
