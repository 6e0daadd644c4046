"""Disclosure tables that list items by row rather than by 科目 code: a 三公 table with a category per row, the
机关运行经费 table, the 政府采购 table, and a 预算's 项目支出表 (a project per row).

A row's label says what it holds (lexicon `disclosure.listings`), the column's header words which figure
(disclosure_columns). Labels are compared whole, after numbering and '其中：' are taken off: '国内接待费' is a
part of 公务接待费 and never read as it. A listing whose rows do not add up to its own 合计 gives nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.disclosure_columns import column_kind, department_measure, three_public_measure
from ingest.extraction.forms.header import HeaderModel, aligned, header_word, is_amount
from ingest.extraction.normalise import parse_money, project_key, squash

if TYPE_CHECKING:
    from ingest.extraction.forms.disclosure import DisclosureReader


@cache
def _words() -> dict:
    return lexicon.load("disclosure")["listings"]


@cache
def _label_index(section: str) -> dict[str, str]:
    return {header_word(w): code for code, words in _words()[section].items() for w in words}


def row_label(text: str) -> str:
    """A row label for lookup: numbering, '其中：', a trailing unit and punctuation taken off."""
    return header_word(lexicon.label_key(text))


def _label_cell(cells: list[Cell | None]) -> tuple[int, Cell] | None:
    """The row's first written cell that is not a figure: its label."""
    for column, cell in enumerate(cells):
        if cell is not None and squash(cell.text):
            return None if is_amount(cell.text) else (column, cell)
    return None


def _is_part_column(header: HeaderModel, column: int) -> bool:
    """'其中：公共预算财政拨款' beside a total: a part of the row's figure, not the figure."""
    words = header.words[column] if column < header.width else []
    marks = tuple(header_word(w) for w in _words()["part_column_marks"])
    return any(w.startswith(marks) for w in words)


def _value_columns(header: HeaderModel, after: int) -> list[int]:
    return [c for c in range(after + 1, header.width) if not _is_part_column(header, c)]


def department_rows(
    reader: DisclosureReader, header: HeaderModel, columns: list[int]
) -> list[tuple[Row, list[Cell | None]]]:
    """The row that holds the department's figures in a table with one row per unit (单位名称 | 合计 | 因公出国…):
    the one row when there is one, the 合计 row, or a first row that the rows under it add up to. Rows that none
    of these settles give nothing (a finding says so): a unit's figures are not the department's."""
    rows = [(row, aligned(row, header.width)) for row in header.data_rows]
    rows = [(row, cells) for row, cells in rows if any(_figure(cells, c) for c in columns)]
    if len(rows) <= 1:
        return rows
    totals = {header_word(w) for w in _words()["total_rows"]}
    labelled = [(row, cells) for row, cells in rows if _label_in(cells, totals)]
    if len(labelled) == 1:
        return labelled
    first, rest = rows[0], rows[1:]
    if all(_sums_to(first[1], [cells for _, cells in rest], c, reader) for c in columns):
        return [first]
    reader.ctx.out.finding(
        "table_reading_unverified",
        "warning",
        "表中有多行数字，未能确定哪一行是部门合计（无“合计”行，首行也不等于其下各行之和），相应数字未读取",
        first[0].line,
        first[0].source_text(),
    )
    return []


def _figure(cells: list[Cell | None], column: int) -> Cell | None:
    cell = cells[column] if column < len(cells) else None
    return cell if cell is not None and is_amount(cell.text) else None


def _sums_to(
    whole: list[Cell | None], parts: list[list[Cell | None]], column: int, reader: DisclosureReader
) -> bool:
    written = [_figure(cells, column) for cells in [whole, *parts]]
    quantities = [parse_money(c.text, reader.unit or "元") if c is not None else None for c in written]
    if quantities[0] is None:
        return all(q is None for q in quantities)
    listed = [q for q in quantities[1:] if q is not None]
    total = sum((q.value for q in listed), Decimal(0))
    return abs(total - quantities[0].value) <= sum(
        (q.precision for q in [quantities[0], *listed]), Decimal(0)
    )


# -- 三公 by rows -------------------------------------------------------------------------------------------------
def read_three_public_rows(reader: DisclosureReader, header: HeaderModel) -> None:
    """项目 | 预算数 | 决算数 with 合计 / 1.因公出国(境)费 / 其中：(1)公务用车运行维护费 … per row; the 机关运行经费 row
    of a combined table is the department's line, 公务接待批次 / 人次 its counts."""
    categories = _label_index("three_public_rows")
    agency = {header_word(w) for w in _words()["agency_operating_rows"]}
    counts = _label_index("three_public_counts")
    fy = reader.ctx.fiscal_year
    for row in header.data_rows:
        cells = aligned(row, header.width)
        labelled = _label_cell(cells)
        if labelled is None:
            continue
        column, cell = labelled
        label = row_label(cell.text)
        for value_column in _value_columns(header, column):
            value = cells[value_column]
            if value is None or not is_amount(value.text):
                continue
            if label in agency:
                measure = department_measure(column_kind(header, value_column, fy), reader.kind)
                if measure is not None:
                    reader.department("agency_operating_expenses", measure, value, row)
            elif label in categories:
                measure = three_public_measure(header, value_column, reader.kind, fy)
                if measure is not None:
                    reader.emit(
                        "fct_three_public_expenses", {"category": categories[label]}, measure, value, row
                    )
            elif (
                (count := _count_of(label, counts)) is not None
                and reader.kind == "final"
                and three_public_measure(header, value_column, reader.kind, fy) == "final_yuan"
            ):
                # counts of the year's receptions: only the executed column of a 决算 states them
                reader.emit(
                    "fct_three_public_expenses", {"category": "official_reception"}, count, value, row
                )


def _count_of(label: str, counts: dict[str, str]) -> str | None:
    """公务接待批次（个）, 公务接待人次（人）: the label's words before its unit."""
    return next((measure for word, measure in counts.items() if label.startswith(word)), None)


# -- 机关运行经费 ------------------------------------------------------------------------------------------------
def read_agency_operating(reader: DisclosureReader, header: HeaderModel) -> None:
    """The department's 机关运行经费: the 合计 / 机关运行经费 row's figure, or the one figure of a one-row table;
    the breakdown rows (办公费, 水电费…) are parts, not read here."""
    totals = {header_word(w) for w in _words()["agency_operating_rows"] + _words()["total_rows"]}
    rows = [(row, aligned(row, header.width)) for row in header.data_rows]
    with_figures = [(row, cells) for row, cells in rows if any(c and is_amount(c.text) for c in cells)]
    chosen = [(row, cells) for row, cells in with_figures if _label_in(cells, totals)]
    if not chosen and len(with_figures) == 1:
        chosen = with_figures
    if len(chosen) != 1:
        return
    row, cells = chosen[0]
    labelled = _label_cell(cells)
    start = labelled[0] if labelled else -1
    for value_column in _value_columns(header, start):
        value = cells[value_column]
        if value is None or not is_amount(value.text):
            continue
        measure = department_measure(column_kind(header, value_column, reader.ctx.fiscal_year), reader.kind)
        if measure is not None:
            reader.department("agency_operating_expenses", measure, value, row)
            return  # the first this-year column; the others split it


def _label_in(cells: list[Cell | None], labels: set[str]) -> bool:
    labelled = _label_cell(cells)
    return labelled is not None and row_label(labelled[1].text) in labels


# -- 政府采购 ----------------------------------------------------------------------------------------------------
def read_procurement(reader: DisclosureReader, header: HeaderModel) -> None:
    """The year's 政府采购 total: the 合计 row (or a one-row table) under the 实际采购金额 / 采购金额 / 预算金额
    column's total, or a 政府采购支出总额 row label. 采购计划金额 in a 决算 is the plan, not the contracts."""
    totals = {header_word(w) for w in _words()["procurement_rows"] + _words()["total_rows"]}
    rows = [(row, aligned(row, header.width)) for row in header.data_rows]
    with_figures = [(row, cells) for row, cells in rows if any(c and is_amount(c.text) for c in cells)]
    chosen = [(row, cells) for row, cells in with_figures if _label_in(cells, totals)]
    if not chosen and len(with_figures) == 1:
        chosen = with_figures
    if len(chosen) != 1:
        return
    row, cells = chosen[0]
    column = _procurement_column(header, reader)
    if column is None:
        return
    value = cells[column] if column < len(cells) else None
    measure = "budget_initial_yuan" if reader.kind == "budget" else "executed_yuan"
    if value is not None and is_amount(value.text):
        reader.department("government_procurement", measure, value, row)


def _procurement_column(header: HeaderModel, reader: DisclosureReader) -> int | None:
    scopes = tuple(header_word(w) for w in _words()["procurement_amount_columns"][reader.kind])
    plan = tuple(header_word(w) for w in _words()["procurement_plan_columns"])
    totals = {header_word(w) for w in _words()["total_columns"]}
    for column, words in enumerate(header.words):
        if not words or (reader.kind == "final" and any(any(p in w for p in plan) for w in words)):
            continue
        if column_kind(header, column, reader.ctx.fiscal_year) in ("prior", "other_year", "change", "rate"):
            continue
        scoped = any(any(s in w for s in scopes) for w in words)
        if scoped and (len(words) == 1 or words[-1] in totals):
            return column
    return None


# -- 项目支出表 of a 预算 ----------------------------------------------------------------------------------------
def read_projects(reader: DisclosureReader, header: HeaderModel) -> None:
    """A 预算's projects with their year's amount → scope project, total_funds. Unit subtotal rows leave the
    项目名称 cell empty; a 合计 row checks the reading: when the projects do not add up to it (a subtotal read as a
    project), nothing is kept and a finding says so."""
    if reader.kind != "budget":
        return
    name_words = {header_word(w) for w in _words()["project_name_columns"]}
    name_column = next((c for c, ws in enumerate(header.words) if ws and ws[-1] in name_words), None)
    amount_column = _project_amount_column(header, reader)
    if name_column is None or amount_column is None:
        return
    totals = {header_word(w) for w in _words()["total_rows"]}
    projects: list[tuple[str, Cell, Row]] = []
    stated_total: Cell | None = None
    for row in header.data_rows:
        cells = aligned(row, header.width)
        amount = cells[amount_column] if amount_column < len(cells) else None
        if amount is None or not is_amount(amount.text):
            continue
        labelled = _label_cell(cells)
        if labelled is not None and row_label(labelled[1].text) in totals:
            stated_total = amount if stated_total is None else stated_total
            continue
        name_cell = cells[name_column] if name_column < len(cells) else None
        name = project_key(name_cell.text) if name_cell is not None else None
        if name and row_label(name) not in totals:
            projects.append((name, amount, row))
    if not _adds_up(projects, stated_total, reader):
        return
    by_name: dict[str, set[Decimal]] = defaultdict(set)
    for name, amount, _ in projects:
        by_name[name].add(_value(amount, reader) or Decimal(-1))
    for name, amount, row in projects:
        if len(by_name[name]) > 1:
            continue  # one name, two amounts: which is the project's is not written
        key = {"scope": "project", "project_name": name, "line_item": "total_funds"}
        reader.emit("fct_budget_execution", key, "budget_initial_yuan", amount, row)


def _project_amount_column(header: HeaderModel, reader: DisclosureReader) -> int | None:
    amounts = {header_word(w) for w in _words()["project_amount_columns"]}
    for column, words in enumerate(header.words):
        if not words or _is_part_column(header, column):
            continue
        kind = column_kind(header, column, reader.ctx.fiscal_year)
        if kind is not None and department_measure(kind, "budget") != "budget_initial_yuan":
            continue
        if words[-1] in amounts or (len(words) == 1 and kind in ("budget", "budget_initial")):
            return column
    return None


def _value(cell: Cell, reader: DisclosureReader) -> Decimal | None:
    quantity = parse_money(cell.text, reader.unit or "元")
    return quantity.value if quantity is not None else None


def _adds_up(
    projects: list[tuple[str, Cell, Row]], stated_total: Cell | None, reader: DisclosureReader
) -> bool:
    if stated_total is None or not projects:
        return bool(projects)
    written = [parse_money(c.text, reader.unit or "元") for c in [stated_total] + [a for _, a, _ in projects]]
    if any(q is None for q in written):
        return False
    quantities = [q for q in written if q is not None]
    total, listed = quantities[0].value, sum(q.value for q in quantities[1:])
    # each written figure may be rounded by up to half its last digit
    if abs(listed - total) <= sum(q.precision for q in quantities):
        return True
    first = projects[0][2]
    reader.ctx.out.finding(
        "table_reading_unverified",
        "warning",
        f"项目支出表各项目合计 {listed} 元与表内合计 {total} 元不符（可能含单位小计行），项目金额未读取",
        first.line,
        first.source_text(),
    )
    return False


READERS: dict[str, Callable[[DisclosureReader, HeaderModel], None]] = {
    "agency_operating": read_agency_operating,
    "procurement": read_procurement,
    "projects": read_projects,
}
