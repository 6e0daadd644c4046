"""Reader for Excel .xlsx workbooks (openpyxl): each visible sheet's used range is a table.

A merged range shows its value once: the columns it covers to the right are dropped from that row (as Word
holds a horizontally merged cell once) and the rows it covers below get an empty cell. Rows above the grid
holding a single value (the form's title, "填报单位：…") and such rows below it (notes) are paragraphs.

Only cells that exist in the file are visited (a sheet's dimension may claim A1:XFD1048576 for one far cell),
merged ranges are clamped to the used range before openpyxl loads the sheet (ingest/extraction/readers/xlsx_bounds.py),
and a sheet whose used rows × columns pass MAX_GRID_CELLS is refused."""

from __future__ import annotations

import datetime as dt
import io
from bisect import bisect_left, bisect_right
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ingest.extraction.document import Document, ReadError
from ingest.extraction.readers.rendering import Rendering
from ingest.extraction.readers.xlsx_bounds import bounded_workbook
from ingest.intake import read_bounded

MAX_GRID_CELLS = 250_000  # used rows × used columns of one sheet; a report's sheet has a few thousand


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def cell_text(value: object, number_format: str | None) -> str:
    """A cell as the sheet shows it: 0.95 formatted as a percentage is "95%", 30000.0 is "30000"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format:
            return _plain(number * 100) + "%"
        return _plain(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _sheet_grid(sheet) -> tuple[list[list[str]], list[list[str]]]:
    """The sheet's rows as cell texts and cell addresses, merged ranges honoured, empty rows and columns gone."""
    values = {}
    # the cells the file holds: iter_rows() would visit (and create) every cell of the sheet's dimension.
    # openpyxl has no public way to list only existing cells; `_cells` is the store it loads them into.
    for cell in list(sheet._cells.values()):
        if cell.value is not None:
            values[(cell.row, cell.column)] = cell_text(cell.value, cell.number_format)
    used_cols = sorted({c for (_, c), text in values.items() if text})
    used_rows = sorted({r for (r, _), text in values.items() if text})
    if len(used_rows) * len(used_cols) > MAX_GRID_CELLS:
        raise ReadError(
            f"工作表 {sheet.title} 过大：{len(used_rows)} 行 × {len(used_cols)} 列有内容，"
            f"超过 {MAX_GRID_CELLS} 个单元格，不像一份报告"
        )
    # merged ranges matter only where they cover used rows and columns
    covered_right: set[tuple[int, int]] = set()
    covered_below: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        rows = used_rows[bisect_left(used_rows, merged.min_row) : bisect_right(used_rows, merged.max_row)]
        cols = used_cols[bisect_left(used_cols, merged.min_col) : bisect_right(used_cols, merged.max_col)]
        for row in rows:
            for col in cols:
                if col > merged.min_col:
                    covered_right.add((row, col))
                elif row > merged.min_row:
                    covered_below.add((row, col))
    texts, addresses = [], []
    for r in used_rows:
        row_texts, row_addresses = [], []
        for c in used_cols:
            if (r, c) in covered_right:
                continue
            row_texts.append("" if (r, c) in covered_below else values.get((r, c), ""))
            row_addresses.append(f"{sheet.title}!{get_column_letter(c)}{r}")
        texts.append(row_texts)
        addresses.append(row_addresses)
    return texts, addresses


def _add_sheet(out: Rendering, texts: list[list[str]], addresses: list[list[str]]) -> None:
    def single(row: list[str]) -> bool:
        return sum(bool(t) for t in row) <= 1

    def paragraph(r: int) -> None:
        filled = next((c for c, text in enumerate(texts[r]) if text), 0)
        out.paragraph(texts[r][filled], addresses[r][filled])

    start, end = 0, len(texts)
    while start < end and single(texts[start]):
        start += 1
    while end > start and single(texts[end - 1]):
        end -= 1
    for r in range(start):
        paragraph(r)
    out.table(texts[start:end], addresses[start:end])
    for r in range(end, len(texts)):
        paragraph(r)


def read_xlsx(path: Path, data: bytes | None = None) -> Document:
    """Read the workbook from `data` (the bytes the caller hashed and archives) or, without it, from `path`."""
    package = bounded_workbook(data if data is not None else read_bounded(path))
    try:
        workbook = load_workbook(io.BytesIO(package), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable package is one reason for quarantine
        raise ReadError(f"无法打开 Excel 文件：{type(exc).__name__}") from exc
    out = Rendering()
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            _add_sheet(out, *_sheet_grid(sheet))
    return out.document(path.name, "xlsx")
