"""A file's format by its content first (a .txt holding HTML or a PDF is read as such), then by its name."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

# the start of a file that is no text report, and what to call it in the quarantine reason
BINARY_MAGIC = {
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"PK\x03\x04": "ZIP/Office 文件",
    b"\xd0\xcf\x11\xe0": "旧版 Office (.doc/.xls) 文件",
}


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
