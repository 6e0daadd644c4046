"""Reader for reports published as web pages (lxml.html): text and <table>s in document order.

Scripts, styles and other non-content elements are dropped; block elements (p, div, h1–h6, li, br…) end a
paragraph; a table's colspan cell is held once and a rowspan cell leaves empty cells in the rows it covers,
as Word holds merged cells. A table nested in a cell is read as that cell's text.

Spans are bounded as browsers bound them (colspan at most 1000) and by the table itself (a rowspan ends with
the table's rows), and a page whose tables lay out to more than MAX_TABLE_CELLS cells is refused: a few
bytes of markup (colspan="100000" rowspan="100000") must not lay out to billions of cells."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.extraction.document import Document, ReadError
from ingest.extraction.readers.rendering import Rendering

_DROPPED = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button", "select")
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "br",
    "hr",
    "tr",
    "caption",
    "center",
    "form",
    "fieldset",
    "address",
    "figure",
    "figcaption",
}
MAX_COLSPAN = 1000  # the HTML standard's bound on colspan, which browsers apply
MAX_TABLE_CELLS = 200_000  # a page's table grid cells once laid out, cells under rowspans included

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def decode_html(data: bytes, fallback) -> str:
    """The page's declared charset when there is one (GBK pages say so), else the text format's detection."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    return fallback(data)


def _text_with_breaks(element) -> str:
    """An element's text, with a line break wherever a block element starts or ends."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _DROPPED:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag.lower() in _BLOCK or tag.lower() in ("table", "td", "th")
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    text = "".join(parts).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _span(cell, attribute: str, limit: int) -> int:
    """The span the cell declares, at least 1 and at most `limit` (a digit string of any length is read
    without converting it whole: a 5,000-digit span is simply over the limit)."""
    value = (cell.get(attribute) or "1").strip()
    if not (value.isascii() and value.isdigit()):
        return 1
    return max(1, min(int(value) if len(value) <= len(str(limit)) else limit, limit))


class _CellBudget:
    """Counts the cells a page's tables lay out; refuses the page past MAX_TABLE_CELLS."""

    def __init__(self) -> None:
        self.cells = 0

    def spend(self, cells: int = 1) -> None:
        self.cells += cells
        if self.cells > MAX_TABLE_CELLS:
            raise ReadError(
                f"网页表格展开合并单元格后超过 {MAX_TABLE_CELLS} 个单元格（colspan/rowspan 异常），不像一份报告"
            )


def _table_rows(table, budget: _CellBudget | None = None) -> list[list[str]]:
    budget = budget or _CellBudget()
    rows: list[list[str]] = []
    spans_below: dict[int, int] = {}  # grid column → rows still covered by a rowspan cell above
    table_rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for index, tr in enumerate(table_rows):
        cells: list[str] = []
        column = 0
        for td in tr.xpath("./td | ./th"):
            while spans_below.get(column, 0) > 0:
                budget.spend()
                cells.append("")
                spans_below[column] -= 1
                column += 1
            # a rowspan cannot reach past the table's last row
            colspan = _span(td, "colspan", MAX_COLSPAN)
            rowspan = _span(td, "rowspan", len(table_rows) - index)
            budget.spend(colspan)  # the grid columns it covers in its row
            cells.append(_text_with_breaks(td))
            if rowspan > 1:
                for covered in range(column, column + colspan):
                    spans_below[covered] = rowspan - 1
            column += colspan
        while spans_below.get(column, 0) > 0:
            budget.spend()
            cells.append("")
            spans_below[column] -= 1
            column += 1
        rows.append(cells)
    return rows


def read_html_text(html: str, source_file: str) -> Document:
    try:
        root = lxml.html.document_fromstring(
            html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError) as exc:
        raise ReadError("无法解析的网页文件") from exc
    # collected first: dropping while iterating would skip the element after each dropped one
    for element in [*root.iter(*_DROPPED), *root.iter(etree.Comment)]:
        element.drop_tree()
    out = Rendering()
    budget = _CellBudget()
    buffer: list[str] = []
    paragraph_no = table_no = 0

    def flush() -> None:
        nonlocal paragraph_no
        text = "".join(buffer).replace("\xa0", " ")
        buffer.clear()
        for line in text.split("\n"):
            if line.strip():
                paragraph_no += 1
                out.paragraph(" ".join(line.split()), f"第{paragraph_no}段")

    def walk(node) -> None:
        nonlocal table_no
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag == "table":
            flush()
            table_no += 1
            rows = _table_rows(node, budget)
            out.table(rows, [[f"表{table_no} 第{r}行" for _ in row] for r, row in enumerate(rows, start=1)])
        else:
            block = tag in _BLOCK
            if block:
                flush()
            if node.text:
                buffer.append(node.text)
            for child in node:
                walk(child)
            if block:
                flush()
        if node.tail:
            buffer.append(node.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return out.document(source_file, "html")
