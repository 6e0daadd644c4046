"""Reader for PDF files: ruled tables and the text around them, page by page, in reading order.

PDFium (pdf_layer.py) decodes each page's characters and ruling once; tables are found from the ruling
(pdf_tables.py) and only on pages that have some, and the characters outside them are grouped into lines
(pdf_words.py), both with pdfplumber's rules and tolerances.

Text lines are re-joined into paragraphs (a PDF breaks lines where the page ends, not where sentences do): a
new paragraph starts at an indented line, after a line that ends its sentence short of the margin or stops
well before it, or after a wider gap. A paragraph cut by a page break continues on the next page when its
last line ran to the margin mid-sentence and the next page opens on an unindented line. A table cut by a page
break continues when the next page opens on a table as wide. Cells' wrapped lines are joined the same way.
Page numbers, and running headers and footers (the same line at the same height on most pages), are dropped.
A PDF without a text layer (a scan) is refused: its figures need OCR first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.extraction.document import Document, ReadError
from ingest.extraction.readers.pdf_layer import Char, PageLayer, open_document, page_layers
from ingest.extraction.readers.pdf_tables import PageChars, TableGrid, find_tables, table_texts
from ingest.extraction.readers.pdf_words import Line, text_lines
from ingest.extraction.readers.rendering import Rendering

_SENTENCE_END = tuple("。；！？：!?;:")
_PAGE_NUMBER = re.compile(r"^[-—－\s]*(\d+|第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?)[-—－\s]*$")


def _outside(chars: list[Char], boxes: list[tuple[float, float, float, float]]) -> list[Char]:
    """The characters whose middle lies in none of the boxes (edges included)."""
    kept = []
    for char in chars:
        middle_x, middle_y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= middle_x <= x1 and top <= middle_y <= bottom:
                break
        else:
            kept.append(char)
    return kept


@dataclass
class _LaidParagraph:
    text: str
    indented: bool  # its first line starts right of the page's left margin
    runs_on: bool  # its last line ran to the page's right margin without ending a sentence


def _line_size(line: Line) -> float:
    return max(line.bottom - line.top, 1.0)


def _indented(line: Line, left: float) -> bool:
    """The line starts right of the page's left margin: a paragraph's first line, or a centred title."""
    return line.x0 - left > 0.8 * _line_size(line)


def _paragraphs(lines: list[Line]) -> list[_LaidParagraph]:
    """Join a page's text lines into paragraphs."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    paragraphs: list[list[Line]] = []
    previous: Line | None = None
    for line in lines:
        size = _line_size(line)
        shortfall = right - previous.x1 if previous else 0.0
        starts = (
            previous is None
            or _indented(line, left)
            # the previous line stopped short: at the end of its sentence, or well before the margin (a
            # heading); a few characters short without a full stop is a word that did not fit (a number)
            or (
                shortfall > 2 * size
                and (previous.text.rstrip().endswith(_SENTENCE_END) or shortfall > 8 * size)
            )
            or line.top - previous.bottom > 0.9 * size  # a wider gap
        )
        if starts:
            paragraphs.append([])
        paragraphs[-1].append(line)
        previous = line
    laid = []
    for group in paragraphs:
        last = group[-1]
        laid.append(
            _LaidParagraph(
                text=_join_wrapped([line.text.strip() for line in group]),
                indented=_indented(group[0], left),
                # a page's only line sets the margin itself: nothing shows that it ran on
                runs_on=(
                    len(lines) > 1
                    and right - last.x1 <= 2 * _line_size(last)
                    and not last.text.rstrip().endswith(_SENTENCE_END)
                ),
            )
        )
    return laid


def _without_running_furniture(pages: list[tuple[float, list[Line]]]) -> list[list[Line]]:
    """Each page's text lines without running headers and footers: a line in the top or bottom tenth of the
    page whose text (digits aside) recurs at the same height on at least two pages and half of them."""

    def key(line: Line, height: float) -> tuple[str, int] | None:
        if height * 0.1 < line.top < height * 0.9:
            return None
        return re.sub(r"\d+", "#", line.text.strip()), round(line.top)

    seen = Counter(k for height, lines in pages for k in {key(line, height) for line in lines} if k)
    recurring = {k for k, pages_with_it in seen.items() if pages_with_it >= max(2, len(pages) / 2)}
    return [[line for line in lines if key(line, height) not in recurring] for height, lines in pages]


def _join_wrapped(parts: list[str]) -> str:
    """Wrapped lines join without a space between CJK characters, with one between Latin words."""
    text = parts[0]
    for part in parts[1:]:
        ascii_edge = text[-1:].isascii() and text[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        text += (" " if ascii_edge else "") + part
    return text


def _display_width(text: str) -> int:
    return sum(1 if ch.isascii() else 2 for ch in text)


def _unwrap_cell(text: str) -> str:
    """A cell's lines with the page's wrapping undone: a line as wide as the cell's widest ran into the cell's
    edge and continues on the next line; a shorter one ended where its author ended it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return "\n".join(lines)
    widest = max(map(_display_width, lines))
    kept = [lines[0]]
    for line in lines[1:]:
        if _display_width(kept[-1].rsplit("\n", 1)[-1]) >= widest - 2:
            kept[-1] = _join_wrapped([kept[-1], line])
        else:
            kept.append(line)
    return "\n".join(kept)


def _outer_edges(table: TableGrid) -> tuple[int, int]:
    x0, _, x1, _ = table.bbox
    return round(x0), round(x1)


def _table_rows(table: TableGrid, chars: PageChars) -> tuple[list[list[str]], list[list[int]]]:
    """The table's rows with merged cells as Word holds them: a cell covered from the left is dropped (the cell
    it belongs to spans one more grid column), a cell covered from above is empty. Returns rows and spans."""
    grid = table_texts(table, chars)
    boxes = table.rows
    column_x0: dict[int, float] = {}
    for row in boxes:
        for c, box in enumerate(row):
            if box is not None:
                column_x0.setdefault(c, box[0])
    rows, spans = [], []
    for texts, row in zip(grid, boxes, strict=True):
        cells: list[str] = []
        cell_spans: list[int] = []
        for c, text in enumerate(texts):
            if text is not None:
                cells.append(_unwrap_cell(text))
                cell_spans.append(1)
                continue
            left = next((row[k] for k in range(c - 1, -1, -1) if row[k] is not None), None)
            if left is None or left[2] <= column_x0.get(c, left[2]) + 1:
                cells.append("")
                cell_spans.append(1)
            elif cell_spans:
                cell_spans[-1] += 1
        if any(cell.strip() for cell in cells):
            rows.append(cells)
            spans.append(cell_spans)
    return rows, spans


@dataclass
class _LaidPage:
    height: float
    has_text: bool
    tables: list[tuple[TableGrid, list[list[str]], list[list[int]]]]  # top to bottom, with rows and spans
    lines: list[Line]  # the text outside the tables, page numbers dropped


def _lay_out(layer: PageLayer) -> _LaidPage:
    """A page's tables (only where the page has ruling) and the lines of the text outside them."""
    tables = sorted(find_tables(layer.edges), key=lambda t: t.bbox[1]) if layer.edges else []
    outside = layer.chars
    read: list[tuple[TableGrid, list[list[str]], list[list[int]]]] = []
    if tables:
        outside = _outside(layer.chars, [t.bbox for t in tables])
        page_chars = PageChars(layer.chars)
        read = [(table, *_table_rows(table, page_chars)) for table in tables]
    lines = [line for line in text_lines(outside) if not _PAGE_NUMBER.match(line.text)]
    return _LaidPage(layer.height, bool(layer.chars), read, lines)


def read_pdf(path: Path, data: bytes | None = None) -> Document:
    document = open_document(data if data is not None else path.read_bytes())
    try:
        return document_from_pages(page_layers(document), path.name)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a page PDFium cannot read is one reason for quarantine
        raise ReadError(f"无法读取 PDF 页面：{type(exc).__name__}") from exc
    finally:
        document.close()


def document_from_pages(layers: Iterable[PageLayer], source_file: str) -> Document:
    """The Document of a PDF's pages, whichever library read their characters and ruling."""
    pages = [_lay_out(layer) for layer in layers]
    if not any(page.has_text for page in pages):
        raise ReadError("扫描件：PDF 没有文字层，需要先做 OCR 识别")
    page_lines_kept = _without_running_furniture([(page.height, page.lines) for page in pages])

    out = Rendering()
    last_was_table = False
    last_edges: tuple[int, int] = (0, 0)
    # the last paragraph of the previous page, held back while it may continue on this one
    held: tuple[str, str] | None = None

    def release_held() -> None:
        nonlocal held
        if held is not None:
            out.paragraph(*held)
            held = None

    for page_no, (page, lines) in enumerate(zip(pages, page_lines_kept, strict=True), start=1):
        where = f"第{page_no}页"
        tables = page.tables
        text_before: dict[int, list[Line]] = {}
        for line in lines:
            # a line belongs to the gap above the first table below it
            index = sum(1 for t, _, _ in tables if t.bbox[3] <= line.top)
            text_before.setdefault(index, []).append(line)
        # the page's text runs and tables in reading order
        items: list[list[Line] | tuple[TableGrid, list[list[str]], list[list[int]]]] = []
        for index, table in enumerate(tables):
            items.append(text_before.get(index, []))
            items.append(table)
        items.append(text_before.get(len(tables), []))
        first_on_page = True
        for position, content in enumerate(items):
            if isinstance(content, list):
                paragraphs = _paragraphs(content)
                for number, paragraph in enumerate(paragraphs):
                    text, paragraph_where = paragraph.text, where
                    if held is not None and first_on_page and not paragraph.indented:
                        text, paragraph_where = _join_wrapped([held[0], text]), held[1]
                        held = None
                    release_held()
                    page_ends_here = position == len(items) - 1 and number == len(paragraphs) - 1
                    if page_ends_here and paragraph.runs_on:
                        held = (text, paragraph_where)
                    else:
                        out.paragraph(text, paragraph_where)
                    last_was_table = False
                    first_on_page = False
                continue
            release_held()
            grid, rows, spans = content
            # a page that opens on a table as wide as the one the last page closed on continues it (its
            # first row may span other columns than the last row before the break)
            edges = _outer_edges(grid)
            continues = (
                first_on_page
                and last_was_table
                and all(abs(a - b) <= 2 for a, b in zip(edges, last_edges, strict=True))
            )
            out.table(rows, [[where] * len(row) for row in rows], continues_previous=continues, spans=spans)
            last_was_table, last_edges, first_on_page = True, edges, False
    release_held()
    return out.document(source_file, "pdf")
