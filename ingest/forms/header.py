"""The header model of a numeric table: which rows are header, and each grid column's header words.

A table reaches here as rows of cells in reading order; a merged header cell is kept once with the number of
grid columns it spans (readers that know it set `Cell.span`). Header rows are the rows above the first row that
holds a figure, a subject code or a 合计 label; a column's words are the texts of the header cells above it, top
to bottom (a merged cell lends its words to every column it spans). Roles are given from these words by the
forms that read the table, never from a column's position in a template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.document import Cell, Row
from ingest.normalise import squash

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_QUOTES = re.compile(r"[“”\"'‘’（）()〔〕\[\]【】、，,：:\s]")


def header_word(text: str) -> str:
    """A header text reduced for lookup: no whitespace, quotes, brackets or punctuation, no leading year."""
    word = _QUOTES.sub("", squash(text))
    return re.sub(r"^20\d{2}年度?", "", word)


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(squash(text)))


def _is_numbering_row(texts: list[str]) -> bool:
    """A 栏次 row: its figures are the column numbers 1, 2, 3… (or the row is labelled 栏次)."""
    filled = [t for t in texts if t]
    if any(t in ("栏次", "行次") for t in filled):
        return True
    numbers = [t for t in filled if t.isdigit()]
    return (
        len(numbers) >= 3
        and len(numbers) == len(filled)
        and numbers == [str(i + 1) for i in range(len(numbers))]
    )


def _is_data_row(row: Row) -> bool:
    texts = [squash(c.text) for c in row.cells]
    # a header row holds words only (a 合计 column heading included); the first figure or code starts the data,
    # and so does a 合计 row that holds no figure (a template, an empty table)
    filled = [t for t in texts if t]
    if filled and filled[0].replace(" ", "") in ("合计", "总计") and len(filled) == 1:
        return True
    return not _is_numbering_row(texts) and any(is_amount(t) for t in texts)


@dataclass
class HeaderModel:
    words: list[list[str]]  # per grid column: its header words, top to bottom, reduced by header_word
    header_rows: list[Row]
    data_rows: list[Row]

    @property
    def width(self) -> int:
        return len(self.words)

    def lowest(self, column: int) -> str:
        return self.words[column][-1] if column < self.width and self.words[column] else ""


def grid_cells(row: Row) -> list[Cell | None]:
    """The row laid on the grid: a cell at each column it spans (None past its first column)."""
    placed: list[Cell | None] = []
    for cell in row.cells:
        placed.append(cell)
        placed.extend([None] * (max(cell.span, 1) - 1))
    return placed


def read_header(rows: list[Row]) -> HeaderModel:
    first_data = next((i for i, row in enumerate(rows) if _is_data_row(row)), len(rows))
    header_rows, data_rows = rows[:first_data], rows[first_data:]
    width = max((sum(max(c.span, 1) for c in row.cells) for row in rows), default=0)
    words: list[list[str]] = [[] for _ in range(width)]
    for row in header_rows:
        column = 0
        for cell in row.cells:
            word = header_word(cell.text)
            span = max(cell.span, 1)
            if word:
                for covered in range(column, min(column + span, width)):
                    if not words[covered] or words[covered][-1] != word:
                        words[covered].append(word)
            column += span
    return HeaderModel(
        words, header_rows, [r for r in data_rows if not _is_numbering_row([squash(c.text) for c in r.cells])]
    )
