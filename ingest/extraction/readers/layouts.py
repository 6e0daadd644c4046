"""Tables written without tab-led cells, as report text comes out of web pages and PDFs.

Three layouts are recognised in the lines a reader left as paragraphs:
- a row per line, cells joined by "|" (a web page's table copied as text; "| a | b |" too);
- a row per line, cells separated by runs of spaces (PDF text: empty cells are gone), or by single spaces
  when the cells are known header words or a label followed by figures ("年度资金总额: 880 880 880 10 10");
- one cell per line, rows separated by a blank line (empty cells gone), a cell's own line breaks kept: words
  of a header or label broken across lines ("年度" / "指标值", "产出指标" / "(50分)") are joined back.
A run of such rows becomes a Table only when one of its rows holds a form's signature word (lexicon
forms.yaml), so prose that happens to contain double spaces stays prose. Rows keep the cells they have: a
row that lost cells is placed by the form extractors, which know the header (never here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.document import Block, Cell, Document, Paragraph, Row, Table
from ingest.extraction.normalise import squash

_SPACE_RUN = re.compile(r"[ \u3000\u00a0]{2,}|\t")
_NUMBERISH = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[%％]*$|^(——|—|-|－|/|／)$")
_LEADER = re.compile(r"^[.…·]{3,}\s*\d*$")  # a contents line's dots (and page number)
_PAREN_NOTE = re.compile(r"^[（(][^（()）]{0,20}[)）]$")
_SENTENCE = re.compile(r"[。；;！？!?]|，.*，")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")


@dataclass
class _Unit:
    """One line the reader left as a paragraph, with what it could be."""

    line: int
    text: str  # the raw line, trailing whitespace removed
    blanks_before: int  # blank lines between the previous unit and this one
    cells: list[str] | None  # the row's cells when the line splits as a row of a table
    joined: bool = False  # a line of a paragraph the reader joined from several lines
    paragraph: Paragraph | None = None


@cache
def _signature_words() -> tuple[str, ...]:
    return tuple(lexicon.load("forms")["table_signature_words"])


@cache
def _known_words() -> frozenset[str]:
    """Header and label words a cell may be broken into across lines."""
    forms = lexicon.load("forms")
    items = lexicon.load("line_items")
    words = set(forms["form_words"]) | set(forms["indicator_level1"]) | set(forms["indicator_level2"])
    for section in ("budget_columns", "indicator_columns", "budget_line_items"):
        for labels in items[section].values():
            words.update(labels)
    return frozenset(squash(w) for w in words)


MAX_LABEL = 24  # a header or label cell is short: a sentence naming a form's word is prose, not a row


def has_signature(cells: list[str]) -> bool:
    """A row holding a form's header or label word in a cell of its own (not a 'label：value' line)."""
    return any(_is_label_cell(c) and any(w in squash(c) for w in _signature_words()) for c in cells)


def _is_label_cell(text: str) -> bool:
    s = squash(text)
    return len(s) <= MAX_LABEL and not re.search(r"[：:].", s)


def _pipe_cells(text: str) -> list[str] | None:
    stripped = text.strip()
    if "|" not in stripped:
        return None
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        stripped = stripped[1:-1]  # '| a | b |': borders; a '|' on one side only closes an empty cell
    cells = [c.strip(" \u3000\t") for c in stripped.split("|")]
    return cells if len(cells) >= 2 or text.strip().startswith("|") else None


def _space_cells(text: str) -> list[str] | None:
    cells = [c for c in _SPACE_RUN.split(text.strip(" \u3000\t")) if c.strip() and not _LEADER.match(c)]
    return cells if len(cells) >= 2 else None


def _word_cells(text: str) -> list[str] | None:
    """Cells run together with single spaces: known header words, or a label followed only by figures."""
    tokens = _join_notes(text.split())
    if len(tokens) < 2 or _SENTENCE.search(text):
        return None
    known = _known_words()
    if len(tokens) >= 3 and all(squash(_label_of(t)) in known for t in tokens):
        return tokens
    figures = 0
    while figures < len(tokens) and _NUMBERISH.match(tokens[-1 - figures]):
        figures += 1
    label = tokens[: len(tokens) - figures]
    if figures and label and len("".join(label)) <= MAX_LABEL and not any(_NUMBERISH.match(t) for t in label):
        return ["".join(label).rstrip(":："), *tokens[len(tokens) - figures :]]
    if squash(_label_of(tokens[0])) in known and len(squash(text)) <= 2 * MAX_LABEL:
        return tokens  # '项目名称 乡村阅读推广', '主管部门 某局 实施单位 某中心': labels and their values
    return None


def _label_of(token: str) -> str:
    """'项目资金(万元)' → '项目资金': a header word without its unit note."""
    return re.sub(r"[（(][^）)]*[)）]$", "", token).rstrip(":：")


def _join_notes(tokens: list[str]) -> list[str]:
    """A note in brackets written apart ('项目资金 (万元)') belongs to the word before it."""
    joined: list[str] = []
    for token in tokens:
        if joined and _PAREN_NOTE.match(token):
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def split_row(text: str) -> list[str] | None:
    """The cells of a line written as a table row, or None for a line that is not one."""
    return _pipe_cells(text) or _space_cells(text) or _word_cells(text)


def join_broken_cells(lines: list[str]) -> list[str]:
    """Lines of one row written a cell per line, with the words of a cell that wrapped joined back:
    '年度' + '指标值', '绩' + '效' + '指' + '标', '满意度' + '指标' + '（10分）', '经济成' + '本指标'."""
    known = _known_words()
    cells: list[str] = []
    i = 0
    while i < len(lines):
        if cells and _PAREN_NOTE.match(squash(lines[i])):
            cells[-1] += squash(lines[i])  # '产出指标' + '(50分)'
            i += 1
            continue
        taken = 1
        for k in range(min(6, len(lines) - i), 1, -1):
            parts = [squash(p) for p in lines[i : i + k]]
            whole = "".join(parts)
            if whole in known and not all(p in known for p in parts):
                taken = k
                break
        else:
            first, second = squash(lines[i]), squash(lines[i + 1]) if i + 1 < len(lines) else ""
            if _wrapped_name(first, second):
                taken = 2
        cells.append("".join(squash(p) for p in lines[i : i + taken]) if taken > 1 else lines[i].strip())
        i += taken
    return cells


def _wrapped_name(first: str, second: str) -> bool:
    """'数量' + '指标', '经济效' + '益指标': a 二级指标 name wrapped in its cell (its second line ends with a word
    of lexicon forms.yaml wrapped_name_ends, its first does not)."""
    ends = lexicon.words("forms", "wrapped_name_ends")
    return (
        bool(_CJK_WORD.match(first))
        and not first.endswith(ends)
        and second.endswith(ends)
        and len(second) <= 4
        and len(first) <= 6
    )


def recover_tables(doc: Document) -> Document:
    """The paragraphs that are rows of a table written without tabs become that table."""
    blocks: list[Block] = []
    run: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            run.append(block)
            continue
        blocks.extend(_read_run(doc, run))
        run = []
        blocks.append(block)
    blocks.extend(_read_run(doc, run))
    doc.blocks = blocks
    return doc


def _units(doc: Document, run: list[Paragraph]) -> list[_Unit]:
    """A unit per line; the lines of a paragraph the reader joined (PDF text cut by the page width) are units
    of their own too, marked as such: a table row that was long enough to wrap is still a row."""
    units: list[_Unit] = []
    previous_last = run[0].line - 1 if run else 0
    for paragraph in run:
        raw = doc.lines[paragraph.line - 1] if 0 < paragraph.line <= len(doc.lines) else paragraph.text
        single = squash(raw) == squash(paragraph.text)
        last = paragraph.line if single else _last_line(doc, paragraph)
        for number in range(paragraph.line, last + 1):
            text = (doc.lines[number - 1] if single or number <= len(doc.lines) else "").rstrip()
            if not text.strip():
                continue
            blanks = max(0, number - previous_last - 1)
            units.append(_Unit(number, text, blanks, split_row(text), not single, paragraph))
            previous_last = number
    return units


def _last_line(doc: Document, paragraph: Paragraph) -> int:
    """The last line of a paragraph the reader joined from several lines."""
    wanted, seen, line = squash(paragraph.text), "", paragraph.line
    while line <= len(doc.lines) and len(seen) < len(wanted):
        seen += squash(doc.lines[line - 1])
        line += 1
    return line - 1


def _read_run(doc: Document, run: list[Paragraph]) -> list[Block]:
    if len(run) < 2:
        return list(run)
    units = _units(doc, run)
    tables: dict[int, tuple[int, Table]] = {}  # first unit → (end, table)
    i = 0
    while i < len(units):
        end = _row_table_end(units, i)
        if end is not None:
            tables[i] = (end, _row_table(units[i:end]))
        elif (end := _cell_table_end(units, i)) is not None:
            tables[i] = (end, _cell_table(units[i:end]))
        i = end if end is not None else i + 1
    in_table = {j for first, (end, _) in tables.items() for j in range(first, end)}
    broken = {id(units[j].paragraph) for j in in_table}
    out: list[Block] = []
    emitted: set[int] = set()
    for j, unit in enumerate(units):
        if j in tables:
            out.append(tables[j][1])
        if j in in_table:
            continue
        paragraph = unit.paragraph
        if paragraph is not None and id(paragraph) not in broken:
            if id(paragraph) not in emitted:
                emitted.add(id(paragraph))
                out.append(paragraph)
        else:
            out.append(Paragraph(unit.text.strip(" \u3000\t"), unit.line))
    return out


def _row_table_end(units: list[_Unit], start: int) -> int | None:
    """A table of a row per line from `start`: rows next to each other (one blank line at most between two
    split rows); a line that does not split is a one-cell row only between two rows."""
    if units[start].cells is None:
        return None
    end = start + 1
    while end < len(units):
        unit = units[end]
        if unit.cells is not None and unit.blanks_before <= 1:
            end += 1
            continue
        if unit.cells is None and unit.blanks_before == 0 and _next_row_follows(units, end):
            end += 1
            continue
        break
    rows = [u.cells for u in units[start:end] if u.cells is not None]
    if len(rows) < 2 or not any(has_signature(cells) for cells in rows):
        return None
    return end


def _next_row_follows(units: list[_Unit], index: int) -> bool:
    for unit in units[index + 1 :]:
        if unit.blanks_before > 0:
            return False
        if unit.cells is not None:
            return True
    return False


def _row_table(units: list[_Unit]) -> Table:
    rows = []
    for unit in units:
        texts = unit.cells if unit.cells is not None else [unit.text.strip(" \u3000\t")]
        rows.append(Row([Cell(text, unit.line) for text in texts]))
    return Table(rows)


def _groups(units: list[_Unit], start: int) -> list[list[_Unit]]:
    """Lines next to each other form a group (a row); groups one blank line apart form a table."""
    groups: list[list[_Unit]] = []
    for i in range(start, len(units)):
        unit = units[i]
        if unit.joined or unit.cells is not None and "|" in unit.text:
            break
        if groups and unit.blanks_before == 0:
            groups[-1].append(unit)
        elif groups and unit.blanks_before >= 2:
            break
        else:
            groups.append([unit])
    return groups


def _cell_table_end(units: list[_Unit], start: int) -> int | None:
    """A table written a cell per line from `start`: it opens on a row holding a form's signature word."""
    if start > 0 and units[start].blanks_before == 0:
        return None  # a table starts at a row's first line
    groups = _groups(units, start)
    if len(groups) < 2 or len(groups[0]) < 2 or any(len(squash(u.text)) > 2 * MAX_LABEL for u in groups[0]):
        return None
    if not has_signature(join_broken_cells([u.text for u in groups[0]])):
        return None
    return start + sum(len(g) for g in groups)


def _cell_table(units: list[_Unit]) -> Table:
    rows: list[Row] = []
    group: list[_Unit] = []
    for unit in [*units, None]:
        if unit is not None and (not group or unit.blanks_before == 0):
            group.append(unit)
            continue
        texts = join_broken_cells([u.text for u in group])
        lines = _cell_lines(group, texts)
        rows.append(Row([Cell(text, line) for text, line in zip(texts, lines, strict=True)]))
        group = [unit] if unit is not None else []
    return Table(rows)


def _cell_lines(group: list[_Unit], texts: list[str]) -> list[int]:
    """The line each joined cell starts on."""
    lines, position, consumed = [], 0, ""
    for text in texts:
        lines.append(group[min(position, len(group) - 1)].line)
        wanted = squash(text)
        consumed = ""
        while position < len(group) and len(consumed) < len(wanted):
            consumed += squash(group[position].text)
            position += 1
    return lines
