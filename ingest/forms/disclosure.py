"""The standard tables of 部门预算 / 部门决算 disclosures, read by their header words.

A table is recognised by its title (lexicon `disclosure.table_titles`): one code for a 决算 table and its 预算
counterpart. Its columns get roles from their header words (code / name / measure / skipped), its rows from
their codes and labels; the same reading serves every format whose reader keeps the grid (PDF, Word, Excel, web
pages, and PDF-extracted text once its reader has rebuilt the table). What a table holds that the contract has
no place for is counted as unmapped in the table's coverage, never forced into a measure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ingest import lexicon
from ingest.document import Cell, Row
from ingest.forms.common import Context, emit_value
from ingest.forms.header import HeaderModel, grid_cells, header_word, is_amount, read_header
from ingest.normalise import money_unit_in, squash

_FUNCTION_CODE = re.compile(r"^2\d{2}(\d{2}){0,2}$")
_ECONOMIC_CODE = re.compile(r"^[35]\d{2}(\d{2}){0,2}$")
_CODE_PART = re.compile(r"^\d{2,3}$")
_TOTAL_LABELS = {"合计", "总计"}
# the nine tables of the national 决算 / 预算 templates
STANDARD_TABLES = frozenset({
    "summary", "income", "expenditure", "fiscal_summary", "general_budget_by_function",
    "general_budget_basic_by_economic", "government_fund", "state_capital", "three_public",
})
_MEASURE_WORDS = ("小计", "预算数", "决算数", "上年决算数", "本年预算数", "全年预算数")


def _words() -> dict:
    return lexicon.load("disclosure")


@cache
def _title_index() -> list[tuple[str, tuple[str, ...]]]:
    return [
        (entry["code"], tuple(header_word(w) for w in entry["words"])) for entry in _words()["table_titles"]
    ]


def table_code_of(title: str) -> str | None:
    """The standard code of a disclosure table from its title, or None when the title names none."""
    word = header_word(title)
    for code, needles in _title_index():
        if any(n in word for n in needles):
            return code
    return None


def empty_table_marks() -> list[str]:
    """Notes that declare a table empty (注：…故本表为空表)."""
    return list(_words()["empty_table_marks"])


def disclosure_kind(title: str) -> str | None:
    """'final' for a 决算 table, 'budget' for a 预算 table, from the title's own words."""
    word = header_word(title)
    if any(w in word for w in _words()["final_words"]):
        return "final"
    if any(w in word for w in _words()["budget_words"]):
        return "budget"
    return None


@cache
def _value_index() -> dict[str, str]:
    return {header_word(w): measure for measure, words in _words()["value_columns"].items() for w in words}


@cache
def _word_set(section: str) -> frozenset[str]:
    return frozenset(header_word(w) for w in _words()[section])


@dataclass
class TableReading:
    """What one table gave: for marts.document_tables and the document's coverage."""

    table_code: str
    title: str
    source_line: int
    row_count: int
    fact_count: int = 0
    number_count: int = 0
    mapped_count: int = 0
    mapped_lines: set[int] = field(default_factory=set)


@dataclass
class _Columns:
    codes: list[int]
    name: int | None
    measures: dict[int, str]  # grid column -> measure of the mart
    skipped: set[int]
    names: list[int] = field(default_factory=list)  # every name column (one per side-by-side block)
    two_digit_codes: set[int] = field(default_factory=set)  # the 款 / 项 columns of a code split in three


def _column_roles(header: HeaderModel) -> _Columns:
    codes, names, measures, skipped, two_digit = [], [], {}, set(), set()
    values = _value_index()
    code_words, name_words, skip_words = (
        _word_set("code_columns"),
        _word_set("name_columns"),
        _word_set("skipped_columns"),
    )
    for column, words in enumerate(header.words):
        if not words:
            continue
        lowest = words[-1]
        if lowest in code_words or (any("编码" in w for w in words) and lowest in ("类", "款", "项")):
            codes.append(column)
            if lowest in ("款", "项"):
                two_digit.add(column)
        elif lowest in values:
            measures[column] = values[lowest]
        elif lowest in name_words or any(w.endswith("科目名称") for w in words):
            names.append(column)
        elif lowest in skip_words or any(w in skip_words for w in words):
            skipped.add(column)
    return _Columns(codes, names[0] if names else None, measures, skipped, names, two_digit)


def _blocks(columns: _Columns) -> list[_Columns]:
    """Side-by-side blocks of one table (a 基本支出 table with 人员经费 codes on the left, 公用经费 codes on
    the right): a code column after a value or name column starts a new block."""
    starts = [c for i, c in enumerate(columns.codes) if i == 0 or c != columns.codes[i - 1] + 1]
    if len(starts) <= 1:
        return [columns]
    blocks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else 10**6
        blocks.append(
            _Columns(
                [c for c in columns.codes if start <= c < end],
                next((c for c in columns.names if start <= c < end), None),
                {c: m for c, m in columns.measures.items() if start <= c < end},
                {c for c in columns.skipped if start <= c < end},
                [c for c in columns.names if start <= c < end],
                {c for c in columns.two_digit_codes if start <= c < end},
            )
        )
    return blocks


def _aligned(row: Row, width: int) -> list[Cell | None]:
    """The row on the header's grid. A row narrower than the header lost cells a merge covered (a 合计 label
    over the code and name columns) or, holding no figure at all, its trailing empty cells; a wider row spends two
    cells on code and name where the header has one 项目 cell (flattened text). Figures sit at the right edge."""
    cells = grid_cells(row)
    if len(cells) < width:
        if not any(c is not None and is_amount(c.text) for c in cells):
            return cells + [None] * (width - len(cells))
        return [None] * (width - len(cells)) + cells
    return cells[len(cells) - width :] if len(cells) > width else cells


def _row_code(cells: list[Cell | None], columns: _Columns) -> tuple[str | None, int]:
    """The subject code of a data row (类 / 款 / 项 parts joined) and the grid column after it."""
    texts = [squash(c.text) if c else "" for c in cells]
    if columns.codes:
        parts = []
        for i in columns.codes:
            part = texts[i].replace(" ", "") if i < len(texts) else ""
            # a 款 / 项 part is two digits; a publisher's number format may have dropped the leading zero
            if part.isdigit() and len(part) == 1 and i in columns.two_digit_codes:
                part = part.zfill(2)
            parts.append(part)
        code = "".join(parts)
        return (code or None), max(columns.codes) + 1
    # no code column in the header: leading cells that form a code
    parts, i = [], 0
    while i < len(texts) and (not texts[i] or re.fullmatch(r"\d{2,7}", texts[i].replace(" ", ""))):
        if texts[i]:
            parts.append(texts[i].replace(" ", ""))
        i += 1
    return ("".join(parts) or None), i


def _row_name(cells: list[Cell | None], columns: _Columns, after: int) -> str | None:
    if columns.name is not None:
        cell = cells[columns.name] if columns.name < len(cells) else None
        name = squash(cell.text) if cell else ""
        return name if name and not is_amount(name) else None
    for cell in cells[after:]:
        text = squash(cell.text) if cell else ""
        if text and not is_amount(text):
            return text
    return None


def _is_total_row(cells: list[Cell | None]) -> bool:
    texts = [squash(c.text).replace(" ", "") for c in cells if c and squash(c.text)]
    return bool(texts) and texts[0] in _TOTAL_LABELS


class DisclosureReader:
    """Reads one recognised disclosure table into facts."""

    def __init__(self, ctx: Context, table_code: str, kind: str, form_code: str, caption: str) -> None:
        self.ctx, self.table_code, self.kind, self.form_code = ctx, table_code, kind, form_code
        self.caption = caption
        self.unit = money_unit_in(caption)
        self.lines_emitted: set[int] = set()

    # -- emission -------------------------------------------------------------------------------------------
    def _emit(self, mart: str, key: dict, measure: str, cell: Cell | None, row: Row) -> None:
        if cell is None or not squash(cell.text):
            return
        before = len(self.ctx.out.facts)
        emit_value(self.ctx, mart, key, measure, cell, self.unit or "元", self.form_code, row)
        if len(self.ctx.out.facts) > before:
            self.lines_emitted.add(cell.line)

    def _department(self, line_item: str, measure: str, cell: Cell | None, row: Row) -> None:
        key = {"scope": "department", "project_name": None, "line_item": line_item}
        self._emit("fct_budget_execution", key, measure, cell, row)

    @property
    def _department_measure(self) -> str:
        return "budget_initial_yuan" if self.kind == "budget" else "executed_yuan"

    # -- tables ---------------------------------------------------------------------------------------------
    def read(self, rows: list[Row]) -> TableReading:
        header = read_header(rows)
        if self.unit is None:
            self.unit = next(
                (u for r in header.header_rows for c in r.cells if (u := money_unit_in(c.text))), None
            )
        if self.unit is None and header.data_rows:
            self.unit = "元"
            first = header.data_rows[0]
            self.ctx.out.finding(
                "unit_assumed", "info", "表格未注明金额单位，按“元”读取", first.line, first.source_text()
            )
        columns = _column_roles(header)
        if self.table_code in ("summary", "fiscal_summary"):
            self._read_summary(header)
            self._summary_classes(header)
        elif self.table_code == "three_public":
            self._read_three_public(header)
        elif self.table_code == "general_budget_basic_by_economic":
            self._read_classification(header, columns, economic=True)
        elif self.table_code in _words()["function_statements"]:
            self._read_classification(header, columns, economic=False)
        return self._coverage(header, columns)

    def _read_classification(self, header: HeaderModel, columns: _Columns, economic: bool) -> None:
        prefix = "budget_" if self.kind == "budget" else ""
        if economic:
            mart, statement = (
                "fct_economic_classification",
                "budget_basic" if self.kind == "budget" else "final_basic",
            )
        else:
            mart, statement = "fct_final_accounts", prefix + _words()["function_statements"][self.table_code]
        pattern = _ECONOMIC_CODE if economic else _FUNCTION_CODE
        total_items = _words()["total_row_line_items"].get(self.table_code, {})
        labels = {header_word(w): item for item, ws in _words()["economic_total_labels"].items() for w in ws}
        blocks = _blocks(columns)
        for row in header.data_rows:
            cells = _aligned(row, header.width)
            if _is_total_row(cells):
                for column, measure in columns.measures.items():
                    if measure in total_items:
                        self._department(total_items[measure], self._department_measure, cells[column], row)
                continue
            if economic and len(blocks) > 1:
                self._labelled_lines(cells, labels, row)
            for block in blocks:
                self._classification_row(cells, block, row, mart, statement, pattern, economic)

    def _labelled_lines(self, cells: list[Cell | None], labels: dict[str, str], row: Row) -> None:
        """Label | value pairs inside a table (人员经费合计 | 95.36)."""
        for column, cell in enumerate(cells[:-1]):
            if cell is not None and (item := labels.get(header_word(cell.text))):
                value = next((c for c in cells[column + 1 :] if c is not None), None)
                self._department(item, self._department_measure, value, row)

    def _classification_row(
        self,
        cells: list[Cell | None],
        columns: _Columns,
        row: Row,
        mart: str,
        statement: str,
        pattern: re.Pattern,
        economic: bool,
    ) -> None:
        code, after = _row_code(cells, columns)
        if code is None or not pattern.match(code):
            return
        key = {"statement": statement, "subject_code": code}
        name = _row_name(cells, columns, after)
        name_measure = "econ_name" if economic else "subject_name"
        if name:
            self.ctx.out.add(
                mart,
                key,
                name_measure,
                value_text=name,
                form_code=self.form_code,
                source_line=row.line,
                source_text=row.source_text(),
            )
        for column, measure in columns.measures.items():
            if measure in ("personnel_yuan", "public_yuan") and not economic:
                continue
            self._emit(mart, key, measure, cells[column], row)
        economic_items = _words()["economic_line_items"]
        if economic and code in economic_items:
            total_column = next((c for c, m in columns.measures.items() if m == "total_yuan"), None)
            if total_column is not None:
                self._department(economic_items[code], self._department_measure, cells[total_column], row)

    def _read_summary(self, header: HeaderModel) -> None:
        labels = {header_word(w): item for item, ws in _words()["summary_labels"].items() for w in ws}
        grand = {header_word(w): item for item, ws in _words()["summary_grand_totals"].items() for w in ws}
        carry = _words()["carryover_labels"]
        all_labels = [
            lexicon.label_key(c.text)
            for r in header.data_rows
            for c in r.cells
            if c.text and not is_amount(c.text)
        ]
        has_carryover = any(any(w in label for w in carry) for label in all_labels)
        has_year_totals = {item for label in all_labels if (item := labels.get(header_word(label)))}
        for row in header.data_rows:
            cells = grid_cells(row)
            for column, cell in enumerate(cells):
                if cell is None or not squash(cell.text) or is_amount(cell.text):
                    continue
                label = header_word(lexicon.label_key(cell.text))
                item = labels.get(label)
                if (
                    item is None
                    and label in grand
                    and not has_carryover
                    and grand[label] not in has_year_totals
                ):
                    item = grand[label]
                if item is None:
                    continue
                value_column = column + 1
                if value_column >= len(cells):
                    continue
                measure = self._measure_of(header.words[value_column] if value_column < header.width else [])
                self._department(item, measure, cells[value_column], row)

    def _summary_classes(self, header: HeaderModel) -> None:
        """The expenditure block's class rows ('一、一般公共服务支出 | 264.87'): each class's total, the same figure
        the function tables hold (two statements of one figure merge, a difference becomes a finding)."""
        classes = {
            header_word(name): code for code, names in _words()["function_classes"].items() for name in names
        }
        prefix = "budget_" if self.kind == "budget" else ""
        by_fund = {
            header_word(w): statement
            for statement, ws in _words()["fiscal_summary_columns"].items()
            for w in ws
        }
        for row in header.data_rows:
            cells = grid_cells(row)
            for column, cell in enumerate(cells):
                if cell is None or is_amount(cell.text):
                    continue
                code = classes.get(header_word(lexicon.label_key(cell.text)))
                if code is None:
                    continue
                for value_column in range(column + 1, len(cells)):
                    value = cells[value_column]
                    if value is not None and squash(value.text) and not is_amount(value.text):
                        break  # the next label: the class's values end here
                    words = header.words[value_column] if value_column < header.width else []
                    if self.table_code == "summary":
                        statement = _words()["summary_class_statement"]
                        if value_column > column + 1:
                            break
                    else:
                        statement = next((by_fund[w] for w in reversed(words) if w in by_fund), None)
                        if statement is None:
                            continue
                    key = {"statement": prefix + statement, "subject_code": code}
                    self._emit("fct_final_accounts", key, "total_yuan", value, row)

    def _measure_of(self, words: list[str]) -> str:
        for word in reversed(words):
            if "决算" in word or "执行" in word:
                return "executed_yuan"
            if "年初预算" in word:
                return "budget_initial_yuan"
            if "调整预算" in word or "全年预算" in word:
                return "budget_full_year_yuan"
        return self._department_measure

    def _read_three_public(self, header: HeaderModel) -> None:
        categories = [
            (category, tuple(header_word(w) for w in words))
            for category, words in _words()["three_public_columns"].items()
        ]
        agency = tuple(header_word(w) for w in _words()["agency_operating_columns"])
        for row in header.data_rows:
            cells = _aligned(row, header.width)
            for column, cell in enumerate(cells):
                if cell is None or not is_amount(cell.text):
                    continue
                words = header.words[column] if column < header.width else []
                meaningful = [w for w in words if w not in _MEASURE_WORDS]
                if meaningful and any(a in meaningful[-1] for a in agency):
                    self._department("agency_operating_expenses", self._measure_of(words), cell, row)
                    continue
                category = _three_public_category(words, categories)
                if category is None:
                    continue
                measure = "final_yuan" if self.kind == "final" else "budget_yuan"
                if words and "预算" in words[-1] and "决算" not in words[-1]:
                    measure = "budget_yuan"
                elif words and "决算" in words[-1]:
                    measure = "final_yuan"
                self._emit("fct_three_public_expenses", {"category": category}, measure, cell, row)

    # -- coverage -------------------------------------------------------------------------------------------
    def _coverage(self, header: HeaderModel, columns: _Columns) -> TableReading:
        reading = TableReading(
            self.table_code, "", header.data_rows[0].line if header.data_rows else 0, len(header.data_rows)
        )
        not_figures = set(columns.codes) | columns.skipped
        for row in header.data_rows:
            for column, cell in enumerate(_aligned(row, header.width)):
                if cell is None or column in not_figures or not is_amount(cell.text):
                    continue
                if not columns.codes and _CODE_PART.match(squash(cell.text)) and column < 3:
                    continue
                reading.number_count += 1
                reading.mapped_count += cell.line in self.lines_emitted
        return reading


def _three_public_category(words: list[str], categories: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The category of a 三公 column: its lowest word that names one; 小计 / 合计 under a category is that
    category's total, and 合计 under the “三公”经费 heading is the total of all three."""
    for word in reversed(words):
        if word in _MEASURE_WORDS:
            continue
        for category, needles in categories:
            if category == "total":
                if word == "合计" or "三公经费" in word:
                    return "total"
                continue
            if any(n == word or n in word for n in needles):
                return category
    return None


def extract(
    rows: list[Row], ctx: Context, table_code: str, kind: str, form_code: str, caption: str, title: str
) -> TableReading:
    reader = DisclosureReader(ctx, table_code, kind, form_code, caption)
    before = len(ctx.out.facts)
    reading = reader.read(rows)
    reading.title = title
    reading.fact_count = len(ctx.out.facts) - before
    if not reading.source_line and rows:
        reading.source_line = rows[0].line
    return reading
