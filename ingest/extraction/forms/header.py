"""The header model of a numeric table: which rows are header, and each grid column's header words.

A table reaches here as rows of cells in reading order; a merged header cell is kept once with the number of
grid columns it spans (readers that know it set `Cell.span`). Header rows are the rows above the first row that
holds a figure, a subject code or a 合计 label; a column's words are the texts of the header cells above it, top
to bottom (a merged cell lends its words to every column it spans). Roles are given from these words by the
forms that read the table, never from a column's position in a template."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.normalise import squash

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_QUOTES = re.compile(r"[“”\"'‘’（）()〔〕\[\]【】、，,：:\s]")
_LEADING_YEAR = re.compile(r"^(20\d{2})\s*(?:年度?|-|－)?(?!\d)")


def header_word(text: str) -> str:
    """A header text reduced for lookup: no whitespace, quotes, brackets or punctuation, no leading year."""
    word = _QUOTES.sub("", squash(text))
    return re.sub(r"^20\d{2}年度?", "", word)


def header_year(text: str) -> int | None:
    """The year a header cell names before its words ('2024年决算数' → 2024), or None."""
    found = _LEADING_YEAR.match(squash(text).replace(" ", ""))
    return int(found.group(1)) if found else None


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(squash(text)))


def _numbering_labels() -> tuple[str, ...]:
    """栏次 / 行次 (lexicon disclosure.yaml column_number_labels)."""
    return lexicon.words("disclosure", "column_number_labels")


def _is_numbering_row(texts: list[str]) -> bool:
    """A 栏次 row: its figures are the column numbers 1, 2, 3… (or the row is labelled 栏次)."""
    filled = [t for t in texts if t]
    if any(t in _numbering_labels() for t in filled):
        return True
    numbers = [t for t in filled if t.isdigit()]
    return (
        len(numbers) >= 3
        and len(numbers) == len(filled)
        and numbers == [str(i + 1) for i in range(len(numbers))]
    )


def _is_column_numbers(texts: list[str]) -> bool:
    """A header row that numbers the columns (栏次 | 1 | 栏次 | 2), not one that names a 行次 column."""
    filled = [t for t in texts if t]
    return any(t.isdigit() for t in filled) and all(t.isdigit() or t in _numbering_labels() for t in filled)


def _is_data_row(row: Row) -> bool:
    texts = [squash(c.text) for c in row.cells]
    # a header row holds words only (a 合计 column heading included); the first figure or code starts the data,
    # and so does a 合计 row that holds no figure (a template, an empty table)
    filled = [t for t in texts if t]
    total_labels = lexicon.words("disclosure", "total_labels")
    if filled and filled[0].replace(" ", "") in total_labels and len(filled) == 1:
        return True
    return not _is_numbering_row(texts) and any(is_amount(t) for t in texts)


@dataclass
class HeaderModel:
    words: list[list[str]]  # per grid column: its header words, top to bottom, reduced by header_word
    header_rows: list[Row]
    data_rows: list[Row]
    # per grid column: the year its lowest dated header cell names ('2024年预算数' over a 2025 column), or None;
    # header_word drops the year, and a column of another year than the report's is no figure of this year
    years: list[int | None] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.words)

    def lowest(self, column: int) -> str:
        return self.words[column][-1] if column < self.width and self.words[column] else ""

    def year(self, column: int) -> int | None:
        return self.years[column] if column < len(self.years) else None


def grid_cells(row: Row) -> list[Cell | None]:
    """The row laid on the grid: a cell at each column it spans (None past its first column)."""
    placed: list[Cell | None] = []
    for cell in row.cells:
        placed.append(cell)
        placed.extend([None] * (max(cell.span, 1) - 1))
    return placed


def aligned(row: Row, width: int) -> list[Cell | None]:
    """The row on the header's grid. A row narrower than the header lost cells a merge covered (a 合计 label
    over the code and name columns) or, holding no figure at all, its trailing empty cells; a wider row spends two
    cells on code and name where the header has one 项目 cell (flattened text). Figures sit at the right edge."""
    cells = grid_cells(row)
    if len(cells) < width:
        if not any(c is not None and is_amount(c.text) for c in cells):
            return cells + [None] * (width - len(cells))
        return [None] * (width - len(cells)) + cells
    return cells[len(cells) - width :] if len(cells) > width else cells


def _value_width(data_rows: list[Row], width: int) -> int:
    """How many grid columns at the right edge hold the figures: the shortest run of figures (or blanks) that ends
    a data row after its label. 0 where no row shows one."""
    starts = []
    for row in data_rows:
        cells = aligned(row, width)
        start = len(cells)
        while start > 0 and (
            (cell := cells[start - 1]) is None or not squash(cell.text) or is_amount(cell.text)
        ):
            start -= 1
        if 0 < start < len(cells):
            starts.append(start)
    return width - min(starts) if starts else 0


def _header_column(row: Row, index: int, column: int, width: int, values: int) -> int:
    """The grid column of a header row's cell. A row narrower than the grid whose reader gave no spans (a merged
    科目编码 cell kept once, flattened text) has its value headings at the right edge, over the figures, and its
    label headings at the left: its last cells take the value columns, at least its first cell stays at the left."""
    cells = row.cells
    covered = sum(max(c.span, 1) for c in cells)
    if (
        covered >= width
        or values == 0
        or any(c.span > 1 for c in cells)
        or sum(bool(squash(c.text)) for c in cells) < 2
    ):
        return column
    trailing = min(values, len(cells) - 1)
    return width - (len(cells) - index) if index >= len(cells) - trailing else column


def read_header(rows: list[Row]) -> HeaderModel:
    first_data = next((i for i, row in enumerate(rows) if _is_data_row(row)), len(rows))
    header_rows, data_rows = rows[:first_data], rows[first_data:]
    width = max((sum(max(c.span, 1) for c in row.cells) for row in rows), default=0)
    words: list[list[str]] = [[] for _ in range(width)]
    years: list[int | None] = [None] * width
    values = _value_width(data_rows, width)
    for row in header_rows:
        if _is_column_numbers([squash(c.text) for c in row.cells]):
            continue  # 栏次 | 1 | 2: numbers, no words
        column = 0
        for index, cell in enumerate(row.cells):
            column = _header_column(row, index, column, width, values)
            word = header_word(cell.text)
            span = max(cell.span, 1)
            # a year is kept even where the cell holds nothing else ('2024年' over 合计 | 基本支出)
            year = header_year(cell.text)
            for covered in range(column, min(column + span, width)):
                if word and (not words[covered] or words[covered][-1] != word):
                    words[covered].append(word)
                if year is not None:
                    years[covered] = year
            column += span
    return HeaderModel(
        words,
        header_rows,
        [r for r in data_rows if not _is_numbering_row([squash(c.text) for c in r.cells])],
        years,
    )
