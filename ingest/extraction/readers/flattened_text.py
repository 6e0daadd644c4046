"""Reader for the flattened text rendering of Word reports.

A table row is a block of tab-led lines (one cell each); an untabbed line right after a cell (or after a
single blank line) continues that cell; rows are separated by blank lines. Two or more blank lines before
an untabbed line end the table. Some renderings put a blank line between paragraphs inside a cell, so a
cell ending in an empty paragraph is followed by two blank lines: such a row fragment is re-joined with
the next one when together they have the table's usual width.

Tables written without tabs (" | " rows of a web page, PDF text with cells apart by spaces, one cell per
line) are recovered from the remaining paragraphs by layouts.py. `read_plain_text` is the entry for a
decoded text file: PDF-extracted text goes to pdf_extracted_text.py, JSON and CSV data are refused.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass

from ingest.extraction.document import Block, Cell, Document, Paragraph, ReadError, Row, Table
from ingest.extraction.readers.layouts import has_signature, recover_tables
from ingest.extraction.readers.pdf_extracted_text import looks_like_pdf_text, parse_pdf_text

_HEADING = re.compile(r"^\s*(附件\s*\d+|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")


@dataclass
class _RawRow:
    cells: list[Cell]
    blanks_before: int  # blank lines between the previous row fragment and this one


def _cell_text(parts: list[str]) -> str:
    if len(parts) == 1:  # nearly every cell: one line
        return parts[0].strip(" \u3000\t\r")
    kept = [p.strip(" \u3000\t\r") for p in parts]
    return "\n".join(p for p in kept if p)


def parse_lines(lines: list[str], source_file: str, file_format: str = "text") -> Document:
    blocks: list[Block] = []
    rows: list[_RawRow] = []
    cell_parts: list[str] | None = None
    cell_line = 0
    current_cells: list[Cell] = []
    blanks = 0
    pending_blanks_for_row = 0

    def close_cell() -> None:
        nonlocal cell_parts
        if cell_parts is not None:
            current_cells.append(Cell(_cell_text(cell_parts), cell_line))
            cell_parts = None

    def close_row() -> None:
        nonlocal current_cells
        close_cell()
        if current_cells:
            rows.append(_RawRow(current_cells, pending_blanks_for_row))
            current_cells = []

    def close_table() -> None:
        nonlocal rows
        close_row()
        if rows:
            blocks.append(Table(_join_fragments(rows)))
            rows = []

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if line.startswith("\t"):
            if cell_parts is not None or current_cells:
                if blanks >= 1:
                    close_row()
                    pending_blanks_for_row = blanks
                else:
                    close_cell()
            else:
                pending_blanks_for_row = blanks if rows else 0
            cell_parts = [line[1:]]
            cell_line = number
            blanks = 0
            continue
        if line.strip(" \t\r") == "":
            blanks += 1
            continue
        in_table = cell_parts is not None or bool(current_cells)
        if in_table and (blanks == 0 or (blanks == 1 and not _HEADING.match(line))):
            if cell_parts is None:  # continuation after a closed cell cannot happen; be safe
                cell_parts = []
                cell_line = number
            cell_parts.append(line)
            blanks = 0
            continue
        close_table()
        blocks.append(Paragraph(line.strip(" \u3000\t"), number))
        blanks = 0
    close_table()
    document = Document(
        source_file=source_file,
        file_format=file_format,
        blocks=blocks,
        lines=[ln.rstrip("\r\n") for ln in lines],
    )
    return recover_tables(document)


def _join_fragments(raw_rows: list[_RawRow]) -> list[Row]:
    widths = Counter(len(r.cells) for r in raw_rows)
    usual = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0] if widths else 0
    joined: list[Row] = []
    i = 0
    while i < len(raw_rows):
        cells = list(raw_rows[i].cells)
        while (
            i + 1 < len(raw_rows)
            and raw_rows[i + 1].blanks_before >= 2
            and len(cells) < usual
            and len(cells) + len(raw_rows[i + 1].cells) <= usual
        ):
            i += 1
            cells.extend(raw_rows[i].cells)
        joined.append(Row(cells))
        i += 1
    return joined


def read_plain_text(text: str, source_file: str) -> Document:
    """Decoded text → Document: PDF-extracted text or a Word rendering, tables in any layout recovered.
    Data files (JSON, CSV) are refused: they are not reports."""
    reason = non_report_reason(text)
    if reason:
        raise ReadError(reason)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if looks_like_pdf_text(lines):
        document = recover_tables(parse_pdf_text(lines, source_file))
    else:
        document = parse_lines(lines, source_file, "text")
    last = document.blocks[-1] if document.blocks else None
    if not text.endswith("\n") and isinstance(last, Table):
        # a copy cut short inside a table: what it holds of a form is still worth reading, with a warning
        if not any(has_signature(row.texts) for row in last.rows):
            raise ReadError("文件似乎被截断：在表格中间结束，且没有结尾换行")
        document.findings.append((len(lines), "文件在表格中间结束且没有结尾换行，可能被截断：已读取现有部分"))
    return document


def non_report_reason(text: str) -> str | None:
    """Why a text file is data rather than a report (JSON, CSV), or None."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
            return "不是报告：JSON 数据文件"
        except ValueError:
            if len(re.findall(r'^\s*"[^"\n]+"\s*:', stripped, re.MULTILINE)) >= 3:
                return "不是报告：JSON 数据文件（格式不完整）"
    rows = [line for line in stripped.splitlines() if line.strip()]
    if len(rows) >= 3 and "\t" not in stripped:
        widths = Counter(len(fields) for fields in csv.reader(rows))
        width, count = widths.most_common(1)[0]
        if width >= 3 and count >= 0.9 * len(rows):
            return "不是报告：CSV 数据文件（逗号分隔的数据）"
    return None
