"""The standard tables of 部门预算 / 部门决算 disclosures, read by their header words.

A table is recognised by its title (lexicon `disclosure.table_titles`): one code for a 决算 table and its 预算
counterpart. Its columns get roles from their header words (code / name / measure / skipped), its rows from
their codes and labels; the same reading serves every format whose reader keeps the grid (PDF, Word, Excel, web
pages, and PDF-extracted text once its reader has rebuilt the table). Which year and kind of figure a column holds
(年初预算数 / 调整预算数 / 决算数, 2024年 beside 2025年, 增减) is read by disclosure_columns; tables that list items by
row (三公 by rows, 机关运行经费, 政府采购, a 预算's 项目支出表) by disclosure_listings. What a table holds that the
contract has no place for is counted as unmapped in the table's coverage, never forced into a measure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.forms import disclosure_listings as listings
from ingest.extraction.forms.common import Context, emit_value
from ingest.extraction.forms.disclosure_columns import (
    BUDGET_KINDS,
    NOT_THIS_YEAR,
    column_kind,
    department_measure,
    three_public_measure,
    word_kind,
)
from ingest.extraction.forms.header import (
    HeaderModel,
    aligned,
    grid_cells,
    header_word,
    is_amount,
    read_header,
)
from ingest.extraction.normalise import money_unit_in, squash

_FUNCTION_CODE = re.compile(r"^2\d{2}(\d{2}){0,2}$")
_ECONOMIC_CODE = re.compile(r"^[35]\d{2}(\d{2}){0,2}$")
_CODE_PART = re.compile(r"^\d{2,3}$")
# a code written in the name's cell: '2010101 行政运行', '[201]一般公共服务支出', '301 01 基本工资'
_CODE_AND_NAME = re.compile(
    r"^[\[【（(]?(?P<code>\d{3}(?:\s?\d{2}){0,2})[\]】）)]?\s*[-－—.、]?\s*(?P<name>[^\d\s].*)$"
)
# the nine tables of the national 决算 / 预算 templates (lexicon disclosure.yaml standard_tables)
STANDARD_TABLES = frozenset(lexicon.load("disclosure")["standard_tables"])
_BUDGET_MEASURES = ("budget_initial_yuan", "budget_full_year_yuan")
_FUNCTION_MEASURES = frozenset(
    {"total_yuan", "fiscal_appropriation_yuan", "basic_yuan", "project_yuan", *_BUDGET_MEASURES}
)
_ECONOMIC_MEASURES = frozenset({"total_yuan", "personnel_yuan", "public_yuan"})


@cache
def _words() -> dict:
    return lexicon.load("disclosure")


@cache
def _title_index() -> list[tuple[str, tuple[str, ...], tuple[re.Pattern, ...]]]:
    return [
        (
            entry["code"],
            tuple(header_word(w) for w in entry.get("words", [])),
            tuple(re.compile(p) for p in entry.get("patterns", [])),
        )
        for entry in _words()["table_titles"]
    ]


def table_code_of(title: str) -> str | None:
    """The code of a disclosure table from its title, or None when the title names none. The lexicon lists the
    more specific titles first ('一般公共预算财政拨款收入支出决算表' before '财政拨款收入支出决算表')."""
    word = header_word(title)
    for code, needles, patterns in _title_index():
        if any(n in word for n in needles) or any(p.search(word) for p in patterns):
            return code
    return None


def reported_code(table_code: str) -> str:
    """The code marts.document_tables shows: tables read here without a standard code of their own (a 预算's
    项目支出表) are `other` there."""
    return _words()["reported_codes"].get(table_code, table_code)


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
    """A word list of the lexicon as header words compare (header_word)."""
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


def _column_roles(
    header: HeaderModel, table_code: str = "", document_kind: str = "", fiscal_year: int | None = None
) -> _Columns:
    codes, names, measures, skipped, two_digit = [], [], {}, set(), set()
    values = _value_index()
    code_words, name_words, skip_words = (
        _word_set("code_columns"),
        _word_set("name_columns"),
        _word_set("skipped_columns"),
    )
    code_marks = _word_set("code_header_marks")
    code_parts, two_digit_parts = _word_set("code_part_columns"), _word_set("two_digit_code_columns")
    name_ends = tuple(_word_set("name_column_ends"))
    for column, words in enumerate(header.words):
        if not words:
            continue
        lowest = words[-1]
        if lowest in code_words or (any(m in w for w in words for m in code_marks) and lowest in code_parts):
            codes.append(column)
            if lowest in two_digit_parts:
                two_digit.add(column)
        elif lowest in values or word_kind(lowest) in BUDGET_KINDS | {"final"}:
            measure = _part_total(words, values) or values.get(lowest)
            measure = _scoped_measure(header, column, measure, table_code, document_kind, fiscal_year)
            if measure is None:
                skipped.add(column)
            else:
                measures[column] = measure
        elif lowest in name_words or any(w.endswith(name_ends) for w in words):
            names.append(column)
        elif lowest in skip_words or any(w in skip_words for w in words):
            skipped.add(column)
        elif column_kind(header, column, fiscal_year) in NOT_THIS_YEAR:
            skipped.add(column)  # 上年决算数, 增减: read on purpose as nothing
    return _Columns(codes, names[0] if names else None, measures, skipped, names, two_digit)


def _part_total(words: list[str], values: dict[str, str]) -> str | None:
    """小计 / 合计 under 基本支出 (基本支出 | 小计 · 人员经费 · 公用经费) is the part's total, not the row's."""
    if words[-1] not in _word_set("subtotal_columns"):
        return None
    return next(
        (values[w] for w in reversed(words[:-1]) if values.get(w, "total_yuan") != "total_yuan"), None
    )


def _scoped_measure(
    header: HeaderModel,
    column: int,
    measure: str | None,
    table_code: str,
    document_kind: str,
    fiscal_year: int | None,
) -> str | None:
    """A value column's measure once the words above it are read: 合计 under 年初结转和结余 or under an earlier
    year is no figure of the statement; 合计 under 年初预算数 / 调整预算数 in a 决算 is the subject's budget."""
    words = header.words[column]
    scopes = _excluded_scopes(table_code)
    if any(any(s in w for s in scopes) for w in words[:-1]):
        return None
    kind = column_kind(header, column, fiscal_year)
    if kind is None:
        return measure
    if kind in NOT_THIS_YEAR:
        return None
    this_years = {"final": ("final",), "budget": ("budget", "budget_initial")}.get(document_kind, ())
    if measure is None or measure == "total_yuan":
        if kind in this_years:
            return "total_yuan"
        if document_kind == "final" and kind in BUDGET_KINDS:
            return department_measure(kind, "final")  # the subject's budget: budget_initial / full_year
        return None  # a 预算's column of executed or adjusted figures: another period's
    # a part (基本支出 / 项目支出) of this year's figure; a budget's parts in a 决算 have no measure
    return measure if kind in this_years else None


def _excluded_scopes(table_code: str) -> tuple[str, ...]:
    scopes = _words()["excluded_column_scopes"]
    return tuple(header_word(w) for w in scopes["all"] + scopes.get(table_code, []))


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


def _row_code(
    cells: list[Cell | None], columns: _Columns, above: list[str] | None = None
) -> tuple[str | None, int]:
    """The subject code of a data row (类 / 款 / 项 parts joined) and the grid column after it. `above` holds the
    类 and 款 codes of the rows above (updated here): a 款 / 项 row whose 类 cell is left blank is under them."""
    texts = [squash(c.text) if c else "" for c in cells]
    if columns.codes:
        parts = []
        for i in columns.codes:
            part = texts[i].replace(" ", "") if i < len(texts) else ""
            # a 款 / 项 part is two digits; a publisher's number format may have dropped the leading zero
            if part.isdigit() and len(part) == 1 and i in columns.two_digit_codes:
                part = part.zfill(2)
            parts.append(part)
        code = _joined_code(parts, above)
        if not code and (joined := _code_in_name(cells, columns)):
            code = joined[0]
        if above is not None and code and code.isdigit() and len(code) in (3, 5, 7):
            above[:] = [code[:3], code[:5] if len(code) > 3 else ""]
        return (code or None), max(columns.codes) + 1
    # no code column in the header: leading cells that form a code
    parts, i = [], 0
    while i < len(texts) and (not texts[i] or re.fullmatch(r"\d{2,7}", texts[i].replace(" ", ""))):
        if texts[i]:
            parts.append(texts[i].replace(" ", ""))
        i += 1
    if not parts and (joined := _code_in_name(cells, columns)):
        return joined[0], i
    return ("".join(parts) or None), i


def _joined_code(parts: list[str], above: list[str] | None) -> str:
    """类 / 款 / 项 parts as one code. A 款 / 项 column may repeat the whole code ('201' | '20101'): the longer one
    is the code. Blank leading parts take the codes of the rows above (201 | | ; | 03 | ; | | 01)."""
    if above is not None and len(parts) >= 2 and parts[0] == "" and any(parts[1:]):
        tail = [p for p in parts[1:] if p]
        if all(p.isdigit() and len(p) == 2 for p in tail):
            prefix = above[0] if parts[1] else above[1]
            return prefix + "".join(tail) if prefix else ""
    code = ""
    for part in parts:
        code = part if code and part.startswith(code) and len(part) > len(code) else code + part
    return code


def _code_in_name(cells: list[Cell | None], columns: _Columns) -> tuple[str, str] | None:
    """(code, name) of a row whose code is written in its name's cell ('2010101 行政运行', '[201]一般公共服务支出')."""
    column = columns.name
    if column is None:
        column = next((i for i, c in enumerate(cells) if c is not None and squash(c.text)), None)
    cell = cells[column] if column is not None and column < len(cells) else None
    if cell is None:
        return None
    found = _CODE_AND_NAME.match(" ".join(cell.text.split()))
    if found is None:
        return None
    return found.group("code").replace(" ", ""), squash(found.group("name"))


def _row_name(cells: list[Cell | None], columns: _Columns, after: int) -> str | None:
    if (joined := _code_in_name(cells, columns)) is not None:
        return joined[1]
    if columns.name is not None:
        cell = cells[columns.name] if columns.name < len(cells) else None
        name = squash(cell.text) if cell else ""
        if name and not is_amount(name):
            return name
    # no name column, or its cell holds a code part (a header narrower than its 类 / 款 / 项 cells)
    for cell in cells[after:]:
        text = squash(cell.text) if cell else ""
        if text and not is_amount(text):
            return text
    return None


def _is_total_row(cells: list[Cell | None]) -> bool:
    texts = [squash(c.text).replace(" ", "") for c in cells if c and squash(c.text)]
    return bool(texts) and texts[0] in lexicon.words("disclosure", "total_labels")


class DisclosureReader:
    """Reads one recognised disclosure table into facts."""

    def __init__(self, ctx: Context, table_code: str, kind: str, form_code: str, caption: str) -> None:
        self.ctx, self.table_code, self.kind, self.form_code = ctx, table_code, kind, form_code
        self.caption = caption
        self.unit = money_unit_in(caption)
        self.lines_emitted: set[int] = set()

    # -- emission -------------------------------------------------------------------------------------------
    def emit(self, mart: str, key: dict, measure: str, cell: Cell | None, row: Row) -> None:
        if cell is None or not squash(cell.text):
            return
        before = len(self.ctx.out.facts)
        emit_value(self.ctx, mart, key, measure, cell, self.unit or "元", self.form_code, row)
        if len(self.ctx.out.facts) > before:
            self.lines_emitted.add(cell.line)

    def department(self, line_item: str, measure: str, cell: Cell | None, row: Row) -> None:
        key = {"scope": "department", "project_name": None, "line_item": line_item}
        self.emit("fct_budget_execution", key, measure, cell, row)

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
        columns = _column_roles(header, self.table_code, self.kind, self.ctx.fiscal_year)
        if self.table_code in ("summary", "fiscal_summary"):
            self._read_summary(header)
            self._summary_classes(header)
        elif self.table_code == "three_public":
            if not self._read_three_public(header):
                listings.read_three_public_rows(self, header)
        elif self.table_code in listings.READERS:
            listings.READERS[self.table_code](self, header)
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
        if economic and "total_yuan" not in columns.measures.values():
            # a 基本支出 table's 基本支出 column is its total
            columns.measures = {
                c: "total_yuan" if m == "basic_yuan" else m for c, m in columns.measures.items()
            }
        blocks = _blocks(columns)
        aboves: list[list[str]] = [["", ""] for _ in blocks]  # each block's 类 / 款 above the row
        for row in header.data_rows:
            cells = aligned(row, header.width)
            if _is_total_row(cells):
                for column, measure in columns.measures.items():
                    if measure in total_items:
                        self.department(total_items[measure], self._department_measure, cells[column], row)
                    elif measure in _BUDGET_MEASURES and "total_yuan" in total_items:
                        self.department(total_items["total_yuan"], measure, cells[column], row)
                continue
            if economic and len(blocks) > 1:
                self._labelled_lines(cells, labels, row)
            for block, above in zip(blocks, aboves, strict=True):
                self._classification_row(cells, block, row, mart, statement, pattern, economic, above)

    def _labelled_lines(self, cells: list[Cell | None], labels: dict[str, str], row: Row) -> None:
        """Label | value pairs inside a table (人员经费合计 | 95.36)."""
        for column, cell in enumerate(cells[:-1]):
            if cell is not None and (item := labels.get(header_word(cell.text))):
                value = next((c for c in cells[column + 1 :] if c is not None), None)
                self.department(item, self._department_measure, value, row)

    def _classification_row(
        self,
        cells: list[Cell | None],
        columns: _Columns,
        row: Row,
        mart: str,
        statement: str,
        pattern: re.Pattern,
        economic: bool,
        above: list[str],
    ) -> None:
        code, after = _row_code(cells, columns, above)
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
            if measure not in (_ECONOMIC_MEASURES if economic else _FUNCTION_MEASURES):
                continue
            self.emit(mart, key, measure, cells[column], row)
        economic_items = _words()["economic_line_items"]
        if economic and code in economic_items:
            total_column = next((c for c, m in columns.measures.items() if m == "total_yuan"), None)
            if total_column is not None:
                self.department(economic_items[code], self._department_measure, cells[total_column], row)

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
                for value_column, measure in self._values_after(header, cells, column):
                    self.department(item, measure, cells[value_column], row)

    def _values_after(
        self, header: HeaderModel, cells: list[Cell | None], column: int
    ) -> list[tuple[int, str]]:
        """The value columns that follow a row label, up to the next label, with their department measures: a
        行次 column and a column of another year are passed over; after the first, only columns of another kind
        (年初预算数 | 调整预算数 | 决算数) state the same line again, a split by fund does not."""
        found: list[tuple[int, str]] = []
        for value_column in range(column + 1, len(cells)):
            value = cells[value_column]
            if value is not None and squash(value.text) and not is_amount(value.text):
                break  # the next label
            if self._is_label_column(header, value_column):
                break
            if self._is_skipped_column(header, value_column):
                continue
            kind = column_kind(header, value_column, self.ctx.fiscal_year)
            measure = department_measure(kind, self.kind)
            if measure is None:
                continue
            if found and (kind is None or measure in {m for _, m in found}):
                break
            found.append((value_column, measure))
        return found

    @staticmethod
    def _is_label_column(header: HeaderModel, column: int) -> bool:
        return column < header.width and header.lowest(column) in _word_set("name_columns")

    @staticmethod
    def _is_skipped_column(header: HeaderModel, column: int) -> bool:
        return column < header.width and header.lowest(column) in _word_set("numbering_columns")

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
                    if self._is_label_column(header, value_column):
                        break
                    kind = column_kind(header, value_column, self.ctx.fiscal_year)
                    if self._is_skipped_column(header, value_column) or (
                        department_measure(kind, self.kind) != self._department_measure
                    ):
                        continue  # 行次, another year, a 决算's budget column: not the class's figure
                    words = header.words[value_column] if value_column < header.width else []
                    if self.table_code == "summary":
                        statement = _words()["summary_class_statement"]
                    else:
                        statement = next((by_fund[w] for w in reversed(words) if w in by_fund), None)
                        if statement is None:
                            continue
                    key = {"statement": prefix + statement, "subject_code": code}
                    self.emit("fct_final_accounts", key, "total_yuan", value, row)
                    if self.table_code == "summary":
                        break

    def _read_three_public(self, header: HeaderModel) -> bool:
        """A 三公 table laid out by columns (a category per column); False when no column names one (the
        categories are then row labels, read by listings.read_three_public_rows)."""
        categories = [
            (category, tuple(header_word(w) for w in words))
            for category, words in _words()["three_public_columns"].items()
        ]
        agency = tuple(header_word(w) for w in _words()["agency_operating_columns"])
        roles: dict[int, tuple[str, str]] = {}  # grid column -> (mart or line, category or line item)
        for column, words in enumerate(header.words):
            meaningful = [w for w in words if w not in _word_set("three_public_measure_words")]
            if meaningful and any(a in meaningful[-1] for a in agency):
                roles[column] = ("department", "agency_operating_expenses")
            elif (category := _three_public_category(words, categories)) is not None:
                roles[column] = ("fct_three_public_expenses", category)
        if not roles:
            return False
        fy = self.ctx.fiscal_year
        for row, cells in listings.department_rows(self, header, sorted(roles)):
            for column, (target, code) in roles.items():
                cell = cells[column] if column < len(cells) else None
                if cell is None or not is_amount(cell.text):
                    continue
                if target == "department":
                    measure = department_measure(column_kind(header, column, fy), self.kind)
                    if measure is not None:
                        self.department(code, measure, cell, row)
                    continue
                measure = three_public_measure(header, column, self.kind, fy)
                if measure is not None:
                    self.emit("fct_three_public_expenses", {"category": code}, measure, cell, row)
        return True

    # -- coverage -------------------------------------------------------------------------------------------
    def _coverage(self, header: HeaderModel, columns: _Columns) -> TableReading:
        reading = TableReading(
            reported_code(self.table_code),
            "",
            header.data_rows[0].line if header.data_rows else 0,
            len(header.data_rows),
        )
        not_figures = set(columns.codes) | columns.skipped
        for row in header.data_rows:
            for column, cell in enumerate(aligned(row, header.width)):
                if cell is None or column in not_figures or not is_amount(cell.text):
                    continue
                if not columns.codes and _CODE_PART.match(squash(cell.text)) and column < 3:
                    continue
                reading.number_count += 1
                reading.mapped_count += cell.line in self.lines_emitted
        return reading


def _three_public_category(words: list[str], categories: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The category of a 三公 column: its lowest word that names one (lexicon disclosure.yaml three_public_columns);
    小计 / 合计 under a category is that category's total, and 合计 under the “三公”经费 heading is the total of all
    three (three_public_total_columns)."""
    for word in reversed(words):
        if word in _word_set("three_public_measure_words"):
            continue
        for category, needles in categories:
            if any(n in word for n in needles):
                return category
            if category == "total" and word in _word_set("three_public_total_columns"):
                return "total"
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
