"""The format-neutral document model every reader produces and every extractor consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str  # the cell's lines joined with "\n", blank lines dropped
    line: int  # 1-based line (or position) where the cell starts
    # grid columns the cell covers, where the reader knows it (a merged header cell of a PDF / Word table);
    # the flattened rendering keeps such a cell once, so a header model needs the span to place the cells after it
    span: int = 1


@dataclass
class Row:
    cells: list[Cell]
    # source_text() made once: every figure of the row carries it (a reader's rows are not changed once read)
    _source_text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def line(self) -> int:
        return self.cells[0].line if self.cells else 0

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def source_text(self) -> str:
        if self._source_text is None:
            self._source_text = " | ".join(" ".join(c.text.split()) for c in self.cells)
        return self._source_text


@dataclass
class Table:
    rows: list[Row]

    @property
    def line(self) -> int:
        return self.rows[0].line if self.rows else 0


@dataclass
class Paragraph:
    text: str
    line: int


Block = Paragraph | Table


@dataclass
class Document:
    source_file: str
    file_format: str
    blocks: list[Block]
    lines: list[str] = field(default_factory=list)  # the text as read, for provenance drill-down
    # where each line sits in the original file when that is not simply "line N" (page, sheet!cell, table row)
    locations: list[str | None] = field(default_factory=list)
    # what a reader could not read with certainty: (line, message), reported as findings, never guessed
    findings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class ReadError(Exception):
    """A file that cannot be read as a report: the message is the one-line reason."""
