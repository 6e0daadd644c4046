"""Reader for Word .docx files (python-docx): paragraphs and tables in document order, merged cells honoured.

The Document's `lines` are a flattened rendering of the file (one line per paragraph and per table cell, as
in the text format), so that every figure's source_line points to a paragraph or a table cell of it."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ingest.document import Block, Cell, Document, Paragraph, ReadError, Row, Table


def _cell_text(tc) -> str:
    """A cell's paragraphs (nested tables included) joined by line breaks."""
    texts = []
    for p in tc.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        texts.append(text)
    return "\n".join(t for t in texts if t.strip())


def _rows(table: DocxTable) -> list[list[tuple[str, bool]]]:
    """Each row's distinct cells (a horizontally merged cell once), vertically merged continuations empty."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continuation = v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue")
            cells.append(("" if continuation else _cell_text(tc), continuation))
        rows.append(cells)
    return rows


def read_docx(path: Path) -> Document:
    try:
        word = open_docx(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable package is one reason for quarantine
        raise ReadError(f"无法打开 Word 文件：{type(exc).__name__}") from exc
    lines: list[str] = []
    blocks: list[Block] = []
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = DocxParagraph(element, word).text
            for part in text.split("\n"):
                if part.strip():
                    lines.append(part)
                    blocks.append(Paragraph(part.strip(" \u3000\t"), len(lines)))
        elif element.tag == qn("w:tbl"):
            rows = []
            for row_cells in _rows(DocxTable(element, word)):
                cells = []
                for text, _ in row_cells:
                    first, *rest = text.split("\n") if text else [""]
                    lines.append("\t" + first)
                    cells.append(Cell("\n".join([first, *rest]).strip(), len(lines)))
                    lines.extend(rest)
                lines.append("")
                rows.append(Row(cells))
            lines.append("")
            if rows:
                blocks.append(Table(rows))
    return Document(source_file=path.name, file_format="docx", blocks=blocks, lines=lines)
