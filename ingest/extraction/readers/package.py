"""Bounds on Office packages (.docx / .xlsx are zip files): what the parts inflate to is checked before any
part is inflated, from the sizes the zip directory declares. Python's zipfile never inflates a part beyond its
declared size (it stops there and fails the CRC check), so the declared sizes are a real bound."""

from __future__ import annotations

import io
import zipfile

from ingest.extraction.document import ReadError

MAX_PARTS = 10_000
MAX_PART_BYTES = 32 * 1024 * 1024  # one part inflated: a report's document.xml or sheet is a few MB
MAX_PACKAGE_BYTES = 128 * 1024 * 1024  # all parts inflated
# inflating to over this many times the stored size, past SUSPECT_PART_BYTES, is a compression bomb: XML
# compresses 10-30 times, deflate cannot exceed about 1,030 times
MAX_RATIO = 300
SUSPECT_PART_BYTES = 4 * 1024 * 1024


def check_package(data: bytes) -> None:
    """Refuse a package whose parts would inflate beyond the bounds, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError("压缩包已损坏或被截断，无法打开") from exc
    if len(parts) > MAX_PARTS:
        raise ReadError(f"压缩包内的部件过多（{len(parts)} 个，上限 {MAX_PARTS}），不像一份报告")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_BYTES:
            raise ReadError(
                f"压缩包部件 {part.filename[:80]} 解压后过大（{_mb(part.file_size)}，上限 {_mb(MAX_PART_BYTES)}），"
                "可能是压缩炸弹"
            )
        if part.file_size > SUSPECT_PART_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise ReadError(
                f"压缩包部件 {part.filename[:80]} 的压缩比异常（{part.file_size // max(part.compress_size, 1)} 倍），"
                "可能是压缩炸弹"
            )
    if total > MAX_PACKAGE_BYTES:
        raise ReadError(f"压缩包解压后过大（{_mb(total)}，上限 {_mb(MAX_PACKAGE_BYTES)}），可能是压缩炸弹")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"
