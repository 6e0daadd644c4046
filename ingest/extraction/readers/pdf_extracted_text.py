"""Reader for text extracted from a PDF (pdftotext, pypdf, pdfplumber output), as analysts often receive it.

Such text has no tab-led cells: a table row is one line of space-separated cells, its header spans several
lines, empty cells vanish, long names wrap onto the next line and page breaks cut (or glue) rows. The
numeric tables of 预算 / 决算 disclosures are rebuilt from it (ingest/extraction/readers/text_tables/):

- the pieces: a form feed ends a row; a row glued to the next row, to the next table's title or to the next
  section after its last value is split there, and so is a title glued after a sentence;
- a table starts after its caption ("编制部门：… 单位：元"): the lines up to its first row are its header,
  read into one flat row of column names (header.py); without a caption, a run of code rows takes the short
  lines above it as its header;
- the rows keep each code whole ("201 13 01" → "2011301") and a name without its letter spacing; a 收支总表
  line holds one row of each side;
- values are placed in their columns only where the table's own arithmetic (合计 = its parts, every parent
  code = its children, the 合计 row = the 类 rows) — helped by totals the document states elsewhere (the
  说明 prose, the 收支总表) — allows exactly one placement (placement.py). What cannot be placed stays ''
  with a finding naming the line; a table that does not add up under any placement keeps no figure.

Each table's title stays a Paragraph before it, then its caption; prose lines broken by the page width are
joined back into paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.extraction.document import Block, Document, Paragraph
from ingest.extraction.readers.text_tables.build import build_table
from ingest.extraction.readers.text_tables.header import read_header
from ingest.extraction.readers.text_tables.known_totals import (
    KnownTotal,
    column_aliases,
    from_prose,
    from_summary,
    merge_all,
)
from ingest.extraction.readers.text_tables.pieces import pieces as split_pieces
from ingest.extraction.readers.text_tables.reading import (
    YUAN_PER_UNIT,
    Pieces,
    RawTable,
    ends_table,
    is_caption,
    is_data_line,
    is_noise,
    is_title,
    read_rows,
)
from ingest.extraction.readers.text_tables.rows import code_segments

_HEADER_WORDS = ("项目", "科目", "编码", "名称", "栏次", "合计", "类", "款")
_VALUE_WORDS = ("合计", "总计", "支出", "收入", "拨款", "结转", "结余", "其他", "经费", "资金", "小计")
_SENTENCE_END = tuple("。；：！？!?;:")
_MAX_HEADER_LINES = 10
UNREADABLE_HEADER = "PDF 文本中的表格无法确定列（表头不可读），未读取其数字"


def _numeric_row(tokens: list[str]) -> bool:
    """A code (or 合计) row that ends in values: what a table of PDF-extracted text is made of."""
    segments = code_segments(tokens, 0, False)
    return segments is not None and bool(segments) and bool(segments[0].values)


def looks_like_pdf_text(lines: list[str]) -> bool:
    """No tab-led cells anywhere, and either several lines that are rows of numbers or prose cut by a page
    width (most long lines of about one width, ending mid-sentence; a Word export has a paragraph per line)."""
    if any(line.startswith("\t") for line in lines):
        return False
    if sum(1 for line in lines if _numeric_row(line.split())) >= 3:
        return True
    full = _full_line_length(lines)
    long_lines = [line.strip() for line in lines if full and _width(line.strip()) >= 0.9 * full]
    cut = [line for line in long_lines if not line.endswith(_SENTENCE_END)]
    return 0 < full <= 140 and len(long_lines) >= 10 and len(cut) >= 0.6 * len(long_lines)


@dataclass
class _Reading:
    blocks: list[Block | RawTable] = field(default_factory=list)
    findings: list[tuple[int, str]] = field(default_factory=list)


def parse_pdf_text(lines: list[str], source_file: str) -> Document:
    reading = _Reading()
    pieces = split_pieces(lines)
    widest = _full_line_length([text for _, text in pieces])
    paragraph: list[tuple[int, str]] = []

    def close_paragraph() -> None:
        if paragraph:
            reading.blocks.append(Paragraph("".join(t for _, t in paragraph), paragraph[0][0]))
            paragraph.clear()

    i = 0
    while i < len(pieces):
        number, text = pieces[i]
        stripped = text.strip()
        if is_noise(stripped):
            close_paragraph()
            i += 1
            continue
        if is_caption(stripped) or is_title(stripped):
            close_paragraph()
            reading.blocks.append(Paragraph(stripped, number))
            i += 1
            if caption := is_caption(stripped):
                i = _read_captioned_table(pieces, i, YUAN_PER_UNIT[caption.group(1)], reading)
            continue
        if _numeric_row(stripped.split()):
            close_paragraph()
            i = _read_unheaded_table(pieces, i, reading)
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
        blocks=_built_tables(reading),
        lines=[line.rstrip("\r\n") for line in lines],
        findings=sorted(reading.findings),
    )


def _built_tables(reading: _Reading) -> list[Block]:
    """Every table with its values placed, helped by the totals the whole document states."""
    tables = [b for b in reading.blocks if isinstance(b, RawTable)]
    known = _known_totals(reading.blocks, tables)
    blocks: list[Block] = []
    for block in reading.blocks:
        if isinstance(block, RawTable):
            table, findings = build_table(block, known)
            blocks.append(table)
            reading.findings += findings
        else:
            blocks.append(block)
    return blocks


def _known_totals(blocks: list[Block | RawTable], tables: list[RawTable]) -> dict[str, KnownTotal]:
    names = {
        alias
        for t in tables
        for side in t.header.sides
        for c in side.columns
        for alias in column_aliases(c, side)
    }
    prose = from_prose((b.text for b in blocks if isinstance(b, Paragraph)), names)
    summaries = []
    for table in tables:
        if table.yuan_per_unit is None:
            continue
        for index, side in enumerate(table.header.sides):
            if side.label == "label" and len(side.columns) == 1:
                segments = [segment for row in table.rows if (segment := row[index]) is not None]
                summaries.append(from_summary(segments, table.yuan_per_unit))
    return merge_all(prose, *summaries)


def _read_captioned_table(pieces: Pieces, start: int, yuan_per_unit: Decimal, reading: _Reading) -> int:
    """The header lines after a caption, then the table's rows. Returns where reading goes on: at the first
    line that is neither (or, when the lines are no readable header, right after the caption)."""
    header_lines: list[tuple[int, str]] = []
    i = start
    while i < len(pieces) and len(header_lines) < _MAX_HEADER_LINES:
        number, text = pieces[i]
        stripped = text.strip()
        if is_noise(stripped):
            i += 1
            continue
        if ends_table(stripped) or stripped.endswith("。") or _width(stripped) > 120:
            break
        if is_data_line(stripped) and not (_is_bare_total(stripped) and _header_goes_on(pieces, i + 1)):
            break
        header_lines.append((number, stripped))
        i += 1
    header = read_header([t for _, t in header_lines]) if header_lines else None
    if header is None:
        if (
            any(w in text for _, text in header_lines for w in _VALUE_WORDS)
            and i < len(pieces)
            and is_data_line(pieces[i][1])
            and not _numeric_row(pieces[i][1].split())
        ):
            # a 预算 / 决算 table by its header words (a run of code rows gets its finding below)
            reading.findings.append((pieces[i][0], UNREADABLE_HEADER))
        return start  # the lines go on as prose (and a run of code rows below them is read without a header)
    table = RawTable(header, [t for _, t in header_lines], header_lines[0][0], yuan_per_unit)
    end = read_rows(pieces, i, table)
    reading.blocks.append(table)
    return end


def _is_bare_total(text: str) -> bool:
    return text.split() == ["合计"] or text.split() == ["总计"]


def _header_goes_on(pieces: Pieces, start: int) -> bool:
    """Whether a bare 合计 line is a header cell (more header below it) rather than an empty table's 合计 row
    (followed by its note, the next table or the end)."""
    following = next((t.strip() for _, t in pieces[start:] if not is_noise(t.strip())), "")
    return bool(following) and not ends_table(following) and not is_data_line(following)


def _read_unheaded_table(pieces: Pieces, start: int, reading: _Reading) -> int:
    """A run of code rows without a caption: the short paragraphs right above it are its header."""
    header_lines = _header_lines(reading)
    header = read_header(header_lines) if header_lines else None
    if header is not None and header.sides[0].label == "code" and len(header.sides) == 1:
        table = RawTable(header, header_lines, pieces[start][0], None)
        end = read_rows(pieces, start, table)
        if table.rows:
            reading.blocks.append(table)
            return end
    # without a readable header the rows stay text: their figures are missing, not guessed
    reading.findings.append((pieces[start][0], UNREADABLE_HEADER))
    for text in header_lines:
        reading.blocks.append(Paragraph(text, pieces[start][0]))
    i = start
    while i < len(pieces) and _numeric_row(pieces[i][1].split()):
        reading.blocks.append(Paragraph(pieces[i][1].strip(), pieces[i][0]))
        i += 1
    return i


def _width(text: str) -> int:
    """A line's printed width: a CJK character (three bytes of UTF-8) takes two Latin ones' room."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def _full_line_length(texts: list[str]) -> int:
    """How long a line is when the page width ended it: the usual length of the longer prose lines (a few
    glued or tabular lines must not raise it)."""
    lengths = sorted(_width(t.strip()) for t in texts if len(t.strip()) >= 20 and not _numeric_row(t.split()))
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
