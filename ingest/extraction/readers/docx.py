"""Reader for Word .docx files (python-docx): paragraphs and tables in document order, merged cells honoured
(a horizontally merged cell once, a vertically merged continuation empty), nested paragraphs kept."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ingest.extraction.document import Document, ReadError
from ingest.extraction.readers.package import check_package
from ingest.extraction.readers.rendering import Rendering
from ingest.intake import read_bounded


def _cell_text(tc) -> str:
    """A cell's paragraphs (nested tables included) joined by line breaks."""
    texts = []
    for p in tc.iter(qn("w:p")):
        texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(t for t in texts if t.strip())


def _rows(table: DocxTable) -> list[list[str]]:
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continuation = v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue")
            cells.append("" if continuation else _cell_text(tc))
        rows.append(cells)
    return rows


def read_docx(path: Path, data: bytes | None = None) -> Document:
    """Read the package from `data` (the bytes the caller hashed and archives) or, without it, from `path`."""
    data = data if data is not None else read_bounded(path)
    check_package(data)  # what the parts inflate to, before python-docx inflates them
    try:
        word = open_docx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any unreadable package is one reason for quarantine
        raise ReadError(f"无法打开 Word 文件：{type(exc).__name__}") from exc
    out = Rendering()
    paragraph_no = table_no = 0
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph_no += 1
            out.paragraph(DocxParagraph(element, word).text, f"第{paragraph_no}段")
        elif element.tag == qn("w:tbl"):
            table_no += 1
            rows = _rows(DocxTable(element, word))
            out.table(
                rows,
                [
                    [f"表{table_no} 第{r}行第{c}列" for c in range(1, len(row) + 1)]
                    for r, row in enumerate(rows, start=1)
                ],
            )
    return out.document(path.name, "docx")
