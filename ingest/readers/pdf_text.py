"""Reader for text extracted from a PDF (pdftotext, pypdf, pdfplumber output), as analysts often receive it.

Such text has no tab-led cells: a table row is one line of space-separated cells, its header spans several
lines, empty cells vanish, long names wrap onto the next line and page breaks cut (or glue) rows. Numeric
tables (决算 / 预算 tables by 科目编码, 收支 tables) are rebuilt from it: the value columns come from the
header (or its 栏次 line), a row that lost cells is placed only where its own total (合计 = the other
columns) allows exactly one placement, and the whole reading is checked against the table's subtotals (the
合计 row adds up the 类 rows; every parent code adds up its children) before it is accepted. A reading that
cannot be placed or does not add up keeps its cells empty and leaves a finding: never a guessed figure.
Prose lines broken by the page width are joined back into paragraphs."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.document import Block, Cell, Document, Paragraph, Row, Table

_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_EMPTY = {"-", "—", "——", "－", "/"}
_CODE = re.compile(r"^[1-9]\d{2}(\d{2}){0,2}$")
_GLUED_CODE = re.compile(
    r"^(\D+?)([1-9]\d{2}(?:\d{2}){0,2})$"
)  # a wrapped name's tail glued to the next code
_GLUED_NUMBER_CODE = re.compile(r"^(-?[\d,]+\.\d{2})([1-9]\d{2}(?:\d{2}){0,2})$")  # a row glued to the next
_PAGE_NOISE = re.compile(r"^[-—－\s]*(\d+|第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?)[-—－\s]*$")
_HEADER_WORDS = ("项目", "科目", "编码", "名称", "栏次", "合计", "类", "款")
_VALUE_WORDS = ("合计", "总计", "支出", "收入", "拨款", "结转", "结余", "其他", "经费", "资金", "小计")
_SENTENCE_END = tuple("。；：！？!?;:")


def looks_like_pdf_text(lines: list[str]) -> bool:
    """No tab-led cells anywhere, and either several lines that are rows of numbers or prose cut by a page
    width (most long lines of about one width, ending mid-sentence; a Word export has a paragraph per line)."""
    if any(line.startswith("\t") for line in lines):
        return False
    if sum(1 for line in lines if _row_tokens(line.split()) is not None) >= 3:
        return True
    full = _full_line_length(lines)
    long_lines = [line.strip() for line in lines if full and _width(line.strip()) >= 0.9 * full]
    cut = [line for line in long_lines if not line.endswith(_SENTENCE_END)]
    return 0 < full <= 140 and len(long_lines) >= 10 and len(cut) >= 0.6 * len(long_lines)


def _is_value(token: str) -> bool:
    return bool(_NUMBER.match(token)) or token in _EMPTY


def _as_decimal(token: str) -> Decimal | None:
    return Decimal(token.replace(",", "")) if _NUMBER.match(token) else None


def _row_tokens(tokens: list[str]) -> tuple[str, str, list[str]] | None:
    """(code or 合计 label, name, value tokens) when the tokens are a table row: a subject code or a total label,
    then a name, then only values."""
    if not tokens:
        return None
    values = []
    while tokens and _is_value(tokens[-1]):
        values.insert(0, tokens.pop())
    if not values or not tokens:
        return None
    head = tokens[0]
    if _CODE.match(head) and len(tokens) >= 2:
        return head, "".join(tokens[1:]), values
    if head.replace(" ", "") in ("合计", "总计") and len(tokens) == 1:
        return head, "", values
    return None


@dataclass
class _TableRow:
    line: int
    code: str  # a subject code, or 合计 / 总计
    name: str
    values: list[str]
    placed: list[str | None] = field(default_factory=list)


def _split_glued(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) with rows glued across a page break split apart; numbering stays the original's."""
    out = []
    pieces = [(number, piece) for number, line in enumerate(lines, start=1) for piece in line.split("\f")]
    for number, line in pieces:  # a form feed (page break) ends a row even mid-line
        tokens = line.split()
        start = 0
        for i, token in enumerate(tokens):
            glued = _GLUED_NUMBER_CODE.match(token)
            if glued and i + 1 < len(tokens):
                out.append((number, " ".join([*tokens[start:i], glued.group(1)])))
                tokens[i] = glued.group(2)
                start = i
        out.append((number, " ".join(tokens[start:]) if start else line))
    return out


def _value_columns(header_lines: list[str], widest_row: int) -> list[str] | None:
    """The names of the value columns: the header line naming most of them, checked against the 栏次 numbering
    (or, without one, the widest row)."""
    numbered = None
    for line in header_lines:
        tokens = line.split()
        if "栏次" in tokens:
            numbered = len([t for t in tokens[tokens.index("栏次") + 1 :] if t.isdigit()])
    width = numbered or widest_row
    best: list[str] = []
    for line in header_lines:
        names = [t for t in line.split() if any(w in t for w in _VALUE_WORDS) and "科目" not in t]
        if len(names) > len(best):
            best = names
    return best if len(best) == width else None


def _placements(row: _TableRow, columns: list[str]) -> list[list[str | None]]:
    """Every way the row's values fit the columns (in order, gaps empty) that its own total allows."""
    width, values = len(columns), row.values
    if len(values) == width:
        return [list(values)]
    if len(values) > width:
        return []
    total_index = next((i for i, name in enumerate(columns) if "合计" in name or "总计" in name), None)
    fitting = []
    for positions in itertools.combinations(range(width), len(values)):
        placed: list[str | None] = [None] * width
        for position, value in zip(positions, values, strict=True):
            placed[position] = value
        if total_index is None or width < 3:
            continue  # nothing to check a placement against
        amounts = [(_as_decimal(v) if v else None) or Decimal(0) for v in placed]
        parts = sum(a for i, a in enumerate(amounts) if i != total_index)
        if abs(amounts[total_index] - parts) <= Decimal("0.011"):
            fitting.append(placed)
    return fitting


MAX_COMBINATIONS = 4096  # ways to place the ambiguous rows tried against the subtotals


def _place_rows(rows: list[_TableRow], columns: list[str]) -> list[_TableRow]:
    """Place every row's values; a row its own total leaves ambiguous is settled by the subtotals (the
    placement of all such rows under which the table adds up, when there is exactly one). Returns the rows
    left unplaced (their cells stay empty)."""
    options = {id(row): _placements(row, columns) for row in rows}
    for row in rows:
        row.placed = options[id(row)][0] if len(options[id(row)]) == 1 else [None] * len(columns)
    ambiguous = [row for row in rows if len(options[id(row)]) > 1]
    unplaced = [row for row in rows if not options[id(row)]]
    combinations = 1
    for row in ambiguous:
        combinations *= len(options[id(row)])
    if ambiguous and combinations <= MAX_COMBINATIONS:
        placed_rows = [r for r in rows if r not in unplaced]
        fitting = []
        for choice in itertools.product(*(options[id(row)] for row in ambiguous)):
            for row, placed in zip(ambiguous, choice, strict=True):
                row.placed = placed
            if _adds_up(placed_rows, len(columns)):
                fitting.append(choice)
        if len(fitting) == 1:
            for row, placed in zip(ambiguous, fitting[0], strict=True):
                row.placed = placed
            return unplaced
    for row in ambiguous:
        row.placed = [None] * len(columns)
    return unplaced + ambiguous


def _adds_up(rows: list[_TableRow], width: int) -> bool:
    """The 合计 row equals the sum of the 类 rows, and every parent code the sum of its children, per column."""

    def amount(row: _TableRow, column: int) -> Decimal:
        value = row.placed[column]
        return (_as_decimal(value) if value else None) or Decimal(0)

    by_code = {r.code: r for r in rows if _CODE.match(r.code)}
    groups: list[tuple[_TableRow, list[_TableRow]]] = []
    total = next((r for r in rows if not _CODE.match(r.code)), None)
    classes = [r for r in by_code.values() if len(r.code) == 3]
    if total is not None and classes:
        groups.append((total, classes))
    for parent in by_code.values():
        children = [
            r
            for r in by_code.values()
            if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)
        ]
        if children:
            groups.append((parent, children))
    for parent, children in groups:
        for column in range(width):
            tolerance = Decimal("0.011") * len(children)
            if abs(amount(parent, column) - sum(amount(c, column) for c in children)) > tolerance:
                return False
    return True


@dataclass
class _Reading:
    blocks: list[Block]
    findings: list[tuple[int, str]]


def parse_pdf_text(lines: list[str], source_file: str) -> Document:
    reading = _Reading([], [])
    numbered = _split_glued(lines)
    widest = _full_line_length([text for _, text in numbered])
    i = 0
    paragraph: list[tuple[int, str]] = []

    def close_paragraph() -> None:
        if paragraph:
            reading.blocks.append(Paragraph("".join(t for _, t in paragraph), paragraph[0][0]))
            paragraph.clear()

    while i < len(numbered):
        number, text = numbered[i]
        stripped = text.strip().replace("\f", "")
        if not stripped or _PAGE_NOISE.match(stripped):
            close_paragraph()
            i += 1
            continue
        if _row_tokens(stripped.split()) is not None:
            close_paragraph()
            i = _read_table(numbered, i, reading)
            continue
        cut_by_page_width = widest >= 40 and _width(paragraph[-1][1]) >= 0.9 * widest if paragraph else False
        if paragraph and (not cut_by_page_width or paragraph[-1][1].endswith(_SENTENCE_END)):
            close_paragraph()
        paragraph.append((number, stripped))
        i += 1
    close_paragraph()
    return Document(
        source_file=source_file,
        file_format="text",
        blocks=reading.blocks,
        lines=[line.rstrip("\r\n") for line in lines],
        findings=reading.findings,
    )


def _width(text: str) -> int:
    """A line's printed width: a CJK character takes two Latin ones' room."""
    return sum(1 if ch.isascii() else 2 for ch in text)


def _full_line_length(texts: list[str]) -> int:
    """How long a line is when the page width ended it: the usual length of the longer prose lines (a few
    glued or tabular lines must not raise it)."""
    lengths = sorted(_width(t.strip()) for t in texts if len(t.strip()) >= 20 and not _row_tokens(t.split()))
    return lengths[int(len(lengths) * 0.75)] if lengths else 0


def _header_lines(reading: _Reading) -> list[str]:
    """The short paragraphs right above the table that read like its header (taken out of the prose)."""
    header: list[str] = []
    while reading.blocks and isinstance(reading.blocks[-1], Paragraph) and len(header) < 5:
        text = reading.blocks[-1].text
        if (
            len(text) > 40
            or text.endswith(_SENTENCE_END)
            or not any(w in text for w in (*_HEADER_WORDS, *_VALUE_WORDS))
        ):
            break
        if "表" in text and not any(w in text for w in ("项目", "栏次", "科目")):
            break  # the table's title stays a paragraph: the form finder reads it as the caption
        header.insert(0, text)
        reading.blocks.pop()
    return header


def _wrapped_name(text: str) -> bool:
    return len(text) <= 12 and not re.search(r"[\d。，；：、（）()]", text)


def _next_is_row_or_end(numbered: list[tuple[int, str]], index: int) -> bool:
    """Whether what follows more of a wrapped name is a row (possibly with the name's tail glued to its code),
    a blank line or the end of the text."""
    for _, text in numbered[index:]:
        tokens = text.replace("\f", "").split()
        if not tokens:
            return True
        if _wrapped_name(" ".join(tokens)):
            continue
        glued = _GLUED_CODE.match(tokens[0])
        return _row_tokens([glued.group(2) if glued else tokens[0], *tokens[1:]]) is not None
    return True


def _read_table(numbered: list[tuple[int, str]], start: int, reading: _Reading) -> int:
    header = _header_lines(reading)
    rows: list[_TableRow] = []
    i = start
    while i < len(numbered):
        number, text = numbered[i]
        stripped = text.strip().replace("\f", "")
        tokens = stripped.split()
        if not stripped or _PAGE_NOISE.match(stripped) or stripped in header:
            i += 1
            continue
        glued = _GLUED_CODE.match(tokens[0]) if tokens else None
        if glued and rows and _row_tokens([glued.group(2), *tokens[1:]]) is not None:
            rows[-1].name += glued.group(1)  # the wrapped tail of the previous name, glued to this code
            tokens = [glued.group(2), *tokens[1:]]
        parsed = _row_tokens(list(tokens))
        if parsed is not None:
            rows.append(_TableRow(number, *parsed))
            i += 1
            continue
        if rows and _wrapped_name(stripped) and _next_is_row_or_end(numbered, i + 1):
            rows[-1].name += stripped  # a name wrapped onto its own line
            i += 1
            continue
        break
    columns = _value_columns(header, max(len(r.values) for r in rows))
    if columns is None:
        # without a readable header the rows stay text: their figures are missing, not guessed
        reading.findings.append((rows[0].line, "PDF 文本中的表格无法确定列（表头不可读），未读取其数字"))
        for row in rows:
            reading.blocks.append(Paragraph(" ".join([row.code, row.name, *row.values]).strip(), row.line))
        return i
    unplaced = _place_rows(rows, columns)
    for row in unplaced:
        reading.findings.append(
            (row.line, f"PDF 文本中该行缺少单元格，无法确定各数字所在的列：{row.code} {row.name}")
        )
    if not _adds_up([r for r in rows if r not in unplaced], len(columns)):
        reading.findings.append((rows[0].line, "PDF 文本表格的读数与表内合计不符，未采用该表的数字"))
        for row in rows:
            row.placed = [None] * len(columns)
    header_line = rows[0].line
    # the header names its label columns as 决算 tables do, so the form finder knows the table
    table_rows = [
        Row(
            [Cell("科目编码", header_line), Cell("科目名称", header_line)]
            + [Cell(name, header_line) for name in columns]
        )
    ]
    for row in rows:
        label = [Cell(row.code, row.line)] + ([Cell(row.name, row.line)] if row.name else [])
        table_rows.append(Row(label + [Cell(v or "", row.line) for v in row.placed]))
    reading.blocks.append(Table(table_rows))
    return i
