"""Bounds on an .xlsx workbook, applied to the sheets' XML before openpyxl loads them.

openpyxl expands some ranges cell by cell while loading: a merged range gets one object per covered cell and a
hyperlink on a range touches every cell of it, so 4 KB of XML merging A1:XFD1048576 asks for 17 billion cells.
A sheet with too many cells is refused. When a sheet's merged and hyperlinked ranges cover more than
MAX_RANGE_CELLS, the sheet is scanned (streaming): the cells that hold values give the used range, and the
ranges are clamped to it (dropped when they fall outside); a sheet whose ranges still cover too many cells
once clamped is refused. Ranges that cover fewer cells are left to openpyxl as they are (a report's merged
headers cover a few hundred cells; the reader looks only at used rows and columns anyway)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

from ingest.extraction.document import ReadError
from ingest.extraction.readers.package import check_package

MAX_SHEET_CELLS = 500_000  # <c> elements in one sheet; a report's sheet has a few thousand
MAX_RANGE_CELLS = 100_000  # cells covered by a sheet's merged and hyperlinked ranges (after clamping)

# the elements whose range openpyxl expands while loading, with their ref attribute (either quote style)
_RANGED = re.compile(rb"""<(?:[\w.-]+:)?(?:mergeCell|hyperlink)\b[^>]*?\bref\s*=\s*(["'])(.*?)\1[^>]*?>""")
_RANGED_ANY = re.compile(rb"<(?:[\w.-]+:)?(?:mergeCell|hyperlink)\b")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_PLAIN_RANGE = re.compile(r"^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass
class _SheetScan:
    cells: int = 0
    bounds: tuple[int, int, int, int] | None = None  # min_col, min_row, max_col, max_row of cells with values
    ranges: list[str] = field(default_factory=list)  # refs of merged and hyperlinked ranges


def bounded_workbook(data: bytes) -> bytes:
    """The package, with every sheet's merged and hyperlinked ranges clamped to the sheet's used range (the
    same bytes when nothing needed clamping). Raises ReadError for a sheet past the bounds."""
    check_package(data)  # nothing is inflated past the package bounds, even here
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            rewritten: dict[str, bytes] = {}
            for part in parts:
                if not part.filename.endswith(".xml"):
                    continue
                xml = package.read(part)
                if _SHEET_DATA.search(xml):
                    clamped = _clamped_sheet(xml, part.filename)
                    if clamped is not None:
                        rewritten[part.filename] = clamped
            if not rewritten:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
                for part in parts:
                    copy.writestr(part, rewritten.get(part.filename) or package.read(part))
            return out.getvalue()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ReadError("压缩包已损坏或被截断，无法打开") from exc


def _clamped_sheet(xml: bytes, name: str) -> bytes | None:
    """The sheet's XML with its ranges clamped, or None when it can be loaded as it is."""
    cells = len(_CELL.findall(xml))
    if cells > MAX_SHEET_CELLS:
        raise ReadError(f"工作表 {name} 的单元格过多（{cells} 个，上限 {MAX_SHEET_CELLS}），不像一份报告")
    # the quick look: every ranged element seen by the pattern, every ref a plain range, few cells covered
    refs = [match.group(2).decode("utf-8", "replace") for match in _RANGED.finditer(xml)]
    area = _area(refs)
    if area is not None and area <= MAX_RANGE_CELLS and len(refs) == len(_RANGED_ANY.findall(xml)):
        return None
    scan = _scan(xml, name)
    changed = False
    area = 0
    replacements: dict[bytes, bytes | None] = {}
    for ref in scan.ranges:
        clamped = _clamp(ref, scan.bounds)
        changed |= clamped != ref
        if clamped is not None:
            min_col, min_row, max_col, max_row = range_boundaries(clamped)
            area += (max_col - min_col + 1) * (max_row - min_row + 1)
        replacements[ref.encode()] = clamped.encode() if clamped is not None else None
    if area > MAX_RANGE_CELLS:
        raise ReadError(
            f"工作表 {name} 的合并单元格（或超链接）覆盖 {area} 个单元格，超过上限 {MAX_RANGE_CELLS}，不像一份报告"
        )
    if not changed:
        return None  # every range lies in the used range and covers few cells

    def clamp_element(match: re.Match[bytes]) -> bytes:
        new = replacements.get(match.group(2))
        if new is None:
            return b""
        start, end = match.span(2)
        element = match.group(0)
        base = match.start(0)
        return element[: start - base] + new + element[end - base :]

    clamped_xml, count = _RANGED.subn(clamp_element, xml)
    if count != len(scan.ranges):  # markup the pattern does not see would keep its range: refuse it instead
        raise ReadError(f"工作表 {name} 的合并单元格无法安全读取")
    return clamped_xml


def _area(refs: list[str]) -> int | None:
    """Cells the ranges cover; None when a ref is not a plain A1:B2 range (the sheet is then scanned)."""
    total = 0
    for ref in refs:
        match = _PLAIN_RANGE.match(ref)
        if match is None:
            return None
        first_col, first_row, last_col, last_row = match.groups()
        columns = _column(last_col or first_col) - _column(first_col) + 1
        rows = int(last_row or first_row) - int(first_row) + 1
        total += max(columns, 0) * max(rows, 0)
    return total


@lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    return column_index_from_string(letters)


def _clamp(ref: str, bounds: tuple[int, int, int, int] | None) -> str | None:
    """The range cut to the used range; None when nothing of it is left (or it is not a range at all)."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.strip())
    except (ValueError, TypeError):
        return None
    if bounds is None or None in (min_col, min_row, max_col, max_row):
        return None
    used_min_col, used_min_row, used_max_col, used_max_row = bounds
    min_col, min_row = max(min_col, used_min_col), max(min_row, used_min_row)
    max_col, max_row = min(max_col, used_max_col), min(max_row, used_max_row)
    if min_col > max_col or min_row > max_row:
        return None
    clamped = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
    return ref if clamped == ref.strip().replace("$", "").upper() else clamped


def _scan(xml: bytes, name: str) -> _SheetScan:
    """Count the sheet's cells, find the bounds of those holding a value, and list its ranges (streaming).

    Cells without an `r` address follow the one before, rows without one the row before, as Excel reads them."""
    scan = _SheetScan()
    row = column = 0
    bounds = None
    try:
        for event, element in etree.iterparse(
            io.BytesIO(xml), events=("start", "end"), tag=("{*}row", "{*}c", "{*}mergeCell", "{*}hyperlink")
        ):
            local = etree.QName(element).localname
            if local == "row":
                if event == "start":
                    address = element.get("r")
                    row = int(address) if address and address.isdigit() else row + 1
                    column = 0
                else:
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                continue
            if event != "end":
                continue
            if local == "c":
                scan.cells += 1
                if scan.cells > MAX_SHEET_CELLS:
                    raise ReadError(f"工作表 {name} 的单元格过多（超过 {MAX_SHEET_CELLS} 个），不像一份报告")
                cell_row, column = _address(element.get("r"), row, column)
                if _holds_value(element):
                    bounds = _extend(bounds, column, cell_row)
                element.clear()
            elif element.get("ref") is not None:
                scan.ranges.append(element.get("ref"))
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"工作表 {name} 的内容无法解析") from exc
    scan.bounds = bounds
    return scan


def _address(ref: str | None, row: int, column: int) -> tuple[int, int]:
    match = _CELL_REF.match(ref or "")
    if match is None:
        return row, column + 1
    return int(match.group(2)), _column(match.group(1).upper())


def _holds_value(cell) -> bool:
    return any(etree.QName(child).localname in ("v", "is") for child in cell)


def _extend(bounds: tuple[int, int, int, int] | None, column: int, row: int) -> tuple[int, int, int, int]:
    if bounds is None:
        return column, row, column, row
    return min(bounds[0], column), min(bounds[1], row), max(bounds[2], column), max(bounds[3], row)
