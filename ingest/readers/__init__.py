"""Readers: a file in, a Document out. Formats differ only here."""

from __future__ import annotations

from pathlib import Path

from ingest.document import Document, ReadError, Table
from ingest.readers.text import parse_lines

_BINARY_MAGIC = {b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片", b"GIF8": "GIF 图片", b"PK\x03\x04": "ZIP/Office 文件",
                 b"%PDF": "PDF 文件", b"\xd0\xcf\x11\xe0": "旧版 Office (.doc/.xls) 文件"}


MAX_TEXT_BYTES = 20 * 1024 * 1024  # a text report is well under this; anything larger is not one


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


def read_document(path: Path) -> Document:
    """Recognise the format by content (and extension), then read it."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04") and (path.suffix.lower() == ".docx" or b"word/" in head):
        from ingest.readers.docx import read_docx

        return read_docx(path)
    if path.suffix.lower() == ".doc" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("不支持旧版 Word (.doc) 文件：请另存为 .docx 后重新提交")
    return read_text(path)


def read_text(path: Path) -> Document:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ReadError(f"文件过大（{size / 1024 / 1024:.0f} MB，超过 {MAX_TEXT_BYTES // 1024 // 1024} MB），不像一份文本报告")
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("空文件")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"不支持的格式：{what}")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("二进制文件，不是文本报告")
    text = decode_text(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    document = parse_lines(lines, path.name, "text")
    if not text.endswith("\n") and document.blocks and isinstance(document.blocks[-1], Table):
        raise ReadError("文件似乎被截断：在表格中间结束，且没有结尾换行")
    return document
