"""Hostile files, generated (never shipped): each is small on disk and asks a naive reader for gigabytes of
memory or for ever. Used by tests/integration/test_hostile_inputs.py."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from docx import Document as WordDocument
from openpyxl import Workbook

MIB = 1024 * 1024


def html_colspan_loop() -> bytes:
    """A colspan of 10^12: a reader that walks the covered columns one by one never finishes."""
    return (
        b'<html><body><table><tr><td colspan="1000000000000">x</td></tr>'
        b"<tr><td>y</td></tr></table></body></html>"
    )


def html_spans() -> bytes:
    """Four KB of cells spanning 100,000 columns and rows: billions of cells laid out."""
    row = "<tr>" + '<td colspan="100000" rowspan="100000">1</td>' * 10 + "</tr>\n"
    return ("<html><body><table>" + row * 8 + "</table></body></html>").encode()


def _xlsx(edit_sheet_xml=None, far_cell: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "项目"
    sheet["B2"] = 1
    sheet.merge_cells("C3:D4")
    if far_cell:
        sheet["XFD1048576"] = 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    if edit_sheet_xml is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = edit_sheet_xml(data)
            target.writestr(part, data)
    return out.getvalue()


def xlsx_far_cell() -> bytes:
    """One value at XFD1048576: the sheet's dimension is 17 billion cells."""
    return _xlsx(far_cell=True)


def _merge_whole_sheet(xml: bytes) -> bytes:
    assert b'ref="C3:D4"' in xml
    return xml.replace(b'ref="C3:D4"', b'ref="A1:XFD1048576"')


def xlsx_whole_sheet_merge() -> bytes:
    """A merged range A1:XFD1048576 (openpyxl makes one object per covered cell while loading)."""
    return _xlsx(_merge_whole_sheet)


def xlsx_far_cell_and_whole_sheet_merge() -> bytes:
    """Both: the merged range cannot be clamped to less than the whole sheet."""
    return _xlsx(_merge_whole_sheet, far_cell=True)


def _repeated_deflate(prefix: bytes, filler: bytes, repeats: int, suffix: bytes) -> tuple[bytes, int]:
    """Raw deflate data of prefix + filler * repeats + suffix, made without inflating it all: a full flush
    makes the compressed filler independent of what came before, so the same bytes repeat."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(filler) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush(zlib.Z_FINISH)
    return head + piece * repeats + tail, len(prefix) + len(filler) * repeats + len(suffix)


def _zip(parts: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip file from (name, method, stored bytes, crc, inflated size) parts, written by hand (zipfile cannot
    store data compressed elsewhere)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, method, stored, crc, size in parts:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(stored), size, len(encoded), 0
            )
        )
        out.write(encoded + stored)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(stored),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(encoded)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory.getvalue()), start, 0
        )
    )
    return out.getvalue()


def docx_zip_bomb(inflated_mib: int = 3000) -> bytes:
    """A Word package whose document.xml inflates to about 3 GB from about 3 MB."""
    buffer = io.BytesIO()
    WordDocument().save(buffer)
    parts = []
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                stored, size = _repeated_deflate(
                    head + b"<w:body><w:p><w:r><w:t>",
                    b" " * MIB,
                    inflated_mib,
                    b"</w:t></w:r></w:p>" + tail.split(b"</w:body>", 1)[0] + b"</w:body></w:document>",
                )
                parts.append((part.filename, zipfile.ZIP_DEFLATED, stored, 0, size))  # crc never reached
            else:
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                stored = compressor.compress(data) + compressor.flush()
                parts.append((part.filename, zipfile.ZIP_DEFLATED, stored, zlib.crc32(data), len(data)))
    return _zip(parts)


def pdf_flate_bomb(inflated_mib: int = 3000) -> bytes:
    """A one-page PDF whose content stream inflates to about 3 GB from about 3 MB."""
    raw, _ = _repeated_deflate(b"BT /F1 12 Tf 72 720 Td (report) Tj ET\n", b" " * MIB, inflated_mib, b"\n")
    stream = b"\x78\xda" + raw + b"\x00\x00\x00\x00"  # zlib header; the checksum is never reached
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def oversized(path: Path, head: bytes, size: int = 21 * MIB) -> None:
    """A file over the 20 MB bound (sparse: nothing but its head is written)."""
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
