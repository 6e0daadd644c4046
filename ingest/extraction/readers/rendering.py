"""One flattened rendering for every structured format (docx, xlsx, pdf, html).

Readers of structured files add paragraphs and tables here; the result is the same Document the text reader
produces, and its `lines` are the text format's rendering of the file (one line per paragraph, one tab-led
line per table cell, a blank line after each row), so a figure's source_line points at a paragraph or a cell
whatever the format. `locations` says where that line sits in the original (page, sheet!cell, table row)."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.extraction.document import Block, Cell, Document, Paragraph, Row, Table


class Rendering:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locations: list[str | None] = []
        self.blocks: list[Block] = []

    def _line(self, text: str, location: str | None) -> int:
        self.lines.append(text)
        self.locations.append(location)
        return len(self.lines)

    def paragraph(self, text: str, location: str | None = None) -> None:
        for part in text.split("\n"):
            if part.strip():
                number = self._line(part, location)
                self.blocks.append(Paragraph(part.strip(" \u3000\t"), number))

    def table(
        self,
        rows: Sequence[Sequence[str]],
        locations: Sequence[Sequence[str | None]] | None = None,
        continues_previous: bool = False,
        spans: Sequence[Sequence[int]] | None = None,
    ) -> None:
        """Add a table; `continues_previous` appends its rows to the table just added (a table cut by a page
        break); `spans` gives the grid columns each cell covers where the reader knows them."""
        table_rows: list[Row] = []
        for r, texts in enumerate(rows):
            cells = []
            for c, text in enumerate(texts):
                location = locations[r][c] if locations else None
                parts = [p.strip(" \u3000\t\r") for p in (text or "").split("\n")]
                parts = [p for p in parts if p] or [""]
                number = self._line("\t" + parts[0], location)
                for more in parts[1:]:
                    self._line(more, location)
                span = spans[r][c] if spans and r < len(spans) and c < len(spans[r]) else 1
                cells.append(Cell("\n".join(parts), number, span))
            self._line("", None)
            if cells:
                table_rows.append(Row(cells))
        self._line("", None)
        if not table_rows:
            return
        if continues_previous and self.blocks and isinstance(self.blocks[-1], Table):
            self.blocks[-1].rows.extend(table_rows)
        else:
            self.blocks.append(Table(table_rows))

    def document(self, source_file: str, file_format: str) -> Document:
        return Document(
            source_file=source_file,
            file_format=file_format,
            blocks=self.blocks,
            lines=self.lines,
            locations=self.locations,
        )
