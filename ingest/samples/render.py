"""Write a Document back out as .docx, .xlsx, .pdf or .html, the way units' files hold their reports.

Used to make sample corpora in every format (`jixiao sample --format`) and by the format tests, which read a
report, render it, and check that the rendering loads to the same facts. Tables whose rows are shorter than
the table span the last cell across (a merged cell), as real forms do."""

from __future__ import annotations

import html as html_escape
from pathlib import Path

from ingest.extraction.document import Document, Paragraph, Table

TITLE_MAX_CHARS = 60  # a paragraph this short right above a table is its title block (kept with it in Excel)


def _width(table: Table) -> int:
    return max(len(row.cells) for row in table.rows)


def to_docx(document: Document, target: Path) -> None:
    from docx import Document as new_docx

    word = new_docx()
    for block in document.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.text)
            continue
        width = _width(block)
        table = word.add_table(rows=len(block.rows), cols=width)
        for row, source_row in zip(table.rows, block.rows, strict=True):
            cells = row.cells
            if len(source_row.cells) < width:
                cells[len(source_row.cells) - 1].merge(cells[width - 1])
            for cell, source_cell in zip(row.cells, source_row.cells, strict=False):
                first, *rest = source_cell.text.split("\n")
                cell.paragraphs[0].text = first
                for more in rest:
                    cell.add_paragraph(more)
    word.save(str(target))


def to_xlsx(document: Document, target: Path) -> None:
    """One sheet per table, the short paragraphs right above it as merged title rows; the prose in between
    goes to its own sheet, one paragraph per row (as units paste a 自评报告 into a workbook)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    pending: list[str] = []

    def text_sheet(paragraphs: list[str]) -> None:
        if paragraphs:
            sheet = workbook.create_sheet(f"文字{len(workbook.worksheets) + 1}")
            for text in paragraphs:
                sheet.append([text])

    for block in document.blocks:
        if isinstance(block, Paragraph):
            pending.append(block.text)
            continue
        title_count = 0
        while (
            title_count < min(4, len(pending))
            and len(pending[len(pending) - 1 - title_count]) <= TITLE_MAX_CHARS
        ):
            title_count += 1
        split = len(pending) - title_count
        text_sheet(pending[:split])
        sheet = workbook.create_sheet(f"表{len(workbook.worksheets) + 1}")
        width = _width(block)
        for title in pending[split:]:
            sheet.append([title])
            if width > 1:
                sheet.merge_cells(
                    start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
                )
        for source_row in block.rows:
            sheet.append([cell.text for cell in source_row.cells])
            if len(source_row.cells) < width:
                row = sheet.max_row
                sheet.merge_cells(
                    start_row=row, start_column=len(source_row.cells), end_row=row, end_column=width
                )
        pending = []
    text_sheet(pending)
    workbook.save(str(target))


def to_pdf(document: Document, target: Path) -> None:
    """A printed report: wrapped paragraphs with indented first lines, ruled tables split across pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK", firstLineIndent=21
    )
    cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    page = SimpleDocTemplate(
        str(target), pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50
    )
    story = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            story.append(PdfParagraph(html_escape.escape(block.text), body))
            continue
        width = _width(block)
        rows, spans = [], []
        for r, source_row in enumerate(block.rows):
            cells = [
                PdfParagraph(html_escape.escape(c.text).replace("\n", "<br/>"), cell_style)
                for c in source_row.cells
            ]
            if len(cells) < width:
                spans.append(("SPAN", (len(cells) - 1, r), (width - 1, r)))
                cells += [""] * (width - len(cells))
            rows.append(cells)
        table = PdfTable(rows, colWidths=[page.width / width] * width, splitByRow=1)
        table.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]
            )
        )
        story += [Spacer(1, 6), table, Spacer(1, 6)]
    page.build(story)


def to_html(document: Document, target: Path) -> None:
    """A page as a government site publishes it: headings, paragraphs, bordered tables, some scripts."""
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>绩效自评</title>',
        "<style>td { border: 1px solid #999 }</style><script>var visits = 12345;</script></head><body>",
    ]
    for block in document.blocks:
        if isinstance(block, Paragraph):
            tag = "h3" if len(block.text) <= TITLE_MAX_CHARS else "p"
            parts.append(f"<{tag}>{html_escape.escape(block.text)}</{tag}>")
            continue
        width = _width(block)
        parts.append('<table border="1"><tbody>')
        for source_row in block.rows:
            cells = []
            for i, cell in enumerate(source_row.cells):
                span = width - len(source_row.cells) + 1 if i == len(source_row.cells) - 1 else 1
                attribute = f' colspan="{span}"' if span > 1 else ""
                text = "<br>".join(html_escape.escape(t) for t in cell.text.split("\n"))
                cells.append(f"<td{attribute}>{text}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("<script>document.title += '';</script></body></html>")
    target.write_text("\n".join(parts), encoding="utf-8")


RENDERERS = {"docx": to_docx, "xlsx": to_xlsx, "pdf": to_pdf, "html": to_html}
