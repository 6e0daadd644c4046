"""部门整体 / 项目支出绩效自评表 and 项目绩效目标完成情况表: funds, indicators, totals.

Read by the header: each column gets its role from its words (lexicon line_items.yaml), a two-level header
(年度指标值 over 指标性质 / 指标值 / 度量单位) is merged into one, and a row that is not as wide as its header
(text without tab-led cells) is placed under it by ingest/extraction/forms/placement.py. A figure whose column is not
certain is left out with a finding; the funds rows of a block that lost cells are settled by their totals
(年度资金总额 = the sum of its parts) or left out."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from functools import cache, lru_cache

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.common import Context, budget_column, emit_value, header_key
from ingest.extraction.forms.finder import FormSpan
from ingest.extraction.forms.placement import Reading, agreed, readings
from ingest.extraction.normalise import (
    Quantity,
    clean_text,
    indicator_name,
    is_empty_mark,
    money_unit_in,
    parse_chinese_count,
    parse_count,
    parse_money,
    parse_plain_number,
    parse_rate,
    parse_score,
    project_key,
    squash,
)

_INLINE = re.compile(r"^(.*?)[：:]([^：:]*)$")
_POINTS = re.compile(r"[（(]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?")
_BARE_POINTS = re.compile(r"^[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]$")
_DIGIT_START = re.compile(r"^\d")

_MONEY = ("budget_initial_yuan", "budget_full_year_yuan", "executed_yuan")
_TARGET_PARTS = ("target_operator", "target_text", "value_unit")
_VALUE_ROLES = ("target_operator", "target_text", "value_unit", "actual_text", "weight", "score")
MAX_FUND_COMBINATIONS = 4096


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str], dict[str, str], frozenset[str]]:
    forms = lexicon.load("forms")
    level1, level2 = frozenset(forms["indicator_level1"]), frozenset(forms["indicator_level2"])
    operators = {squash(w): code for code, words in forms["target_operators"].items() for w in words}
    units = frozenset(squash(u) for u in forms["measure_units"])
    return level1, level2, operators, units


def _words(path: str) -> tuple[str, ...]:
    return lexicon.words("forms", path)


def _half_width(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


@cache
def _unit_label_ends() -> tuple[str, ...]:
    return tuple(_half_width(w) for w in _words("field_labels.unit_name"))


@lru_cache(maxsize=8192)  # every cell of every row of a 自评表 is asked
def _is_unit_label(text: str) -> bool:
    """'预算部门名称', '部门（单位）名称': a label ending with a word of forms.yaml field_labels.unit_name."""
    return _half_width(text).endswith(_unit_label_ends())


@cache
def _line_items(section: str) -> frozenset[str]:
    """A list of line item codes of line_items.yaml (fund_parts, expenditure_nature_lines)."""
    return frozenset(lexicon.words("line_items", section))


@cache
def _operator_words() -> tuple[str, ...]:
    """The target operators' words, the longest first (sorted once: every indicator's target is tried)."""
    return tuple(sorted(_vocabulary()[2], key=len, reverse=True))


@lru_cache(maxsize=4096)  # a target is tried for its operator as text and again for its value
def _operator_prefix(text: str) -> tuple[str, str] | None:
    """'≧95%' → ('>=', '95%'); '不低于90%' → ('>=', '90%'): a comparison written before a figure."""
    s = squash(text)
    operators = _vocabulary()[2]
    for word in _operator_words():
        if s.startswith(word) and _DIGIT_START.match(s[len(word) :]):
            return operators[word], s[len(word) :]
    return None


def _is_figure(text: str) -> bool:
    return parse_plain_number(text) is not None or parse_rate(text, bare_is_percent=False) is not None


def _fits_indicator(role: str | None, text: str) -> bool:
    """Whether a filled cell can stand in an indicator column (facts about the templates, not likelihoods)."""
    level1, level2, operators, units = _vocabulary()
    if role is None:
        return False
    if role in ("level1", "level2", "level3"):
        if _is_figure(text) or text in operators or _BARE_POINTS.match(text):
            return False
        name = indicator_name(text) or ""
        has_points = name != text
        if role == "level1":
            return has_points or name not in level2 - level1
        if has_points:
            return False
        if role == "level2":
            return name not in level1 - level2
        return name not in level1 | level2
    if role == "target_operator":
        return text in operators
    if role == "value_unit":
        return text in units or (len(text) <= 4 and not re.search(r"\d", text) and text not in operators)
    if role in ("weight", "score"):
        return parse_score(text) is not None
    if role == "deviation_note":
        return not _is_figure(text)
    return text not in operators  # target_text, actual_text


def _fits_money(role: str | None, text: str) -> bool:
    if role is None:
        return False
    if role == "label":
        return not _is_figure(text)
    if role in ("weight", "score"):
        return parse_score(text) is not None
    if role == "execution_rate_reported":
        return parse_rate(text) is not None
    return parse_money(text, "元") is not None


@lru_cache(maxsize=8192)
def _indicator_column(text: str) -> str | None:
    """The indicator column a header cell names (一级指标, 指标值, 得分…). Every row is tried as a header,
    and the same header and template words come back row after row: each is looked up once."""
    return lexicon.lookup("line_items", "indicator_columns", header_key(text))


def _indicator_roles(row: Row) -> list[str | None]:
    roles: list[str | None] = []
    for cell in row.cells:
        role = _indicator_column(cell.text)
        roles.append(role if role not in roles else None)
    return roles


def _is_money_header(row: Row, fiscal_year: int | None) -> bool:
    measures = [budget_column(c.text, fiscal_year) for c in row.cells]
    return sum(m in _MONEY for m in measures) >= 2


def _pair_columns(row: Row, fiscal_year: int | None) -> list[str]:
    """'预算数: | 3 | 执行数: | 1.012' → the measures of its label: value pairs, in order."""
    measures = []
    for cell in row.cells:
        text = squash(cell.text)
        if text.endswith((":", "：")) and (measure := budget_column(text, fiscal_year)):
            measures.append(measure)
    return measures


def _pairs(row: Row) -> list[tuple[Cell, Cell | None]]:
    """The 'label:' cells of a row, each with the figure after it (None where the figure is left out)."""
    found = []
    for i, cell in enumerate(row.cells):
        if squash(cell.text).endswith((":", "：")):
            after = row.cells[i + 1] if i + 1 < len(row.cells) else None
            value = after if after is not None and not squash(after.text).endswith((":", "：")) else None
            found.append((cell, value))
    return found


class _Reader:
    def __init__(self, span: FormSpan, ctx: Context):
        self.span, self.ctx, self.form = span, ctx, span.form_code
        self.scope = "project" if span.form_code == "project_self_eval" else "department"
        self.project_name: str | None = None
        self.caption_unit = money_unit_in(span.caption) or "万元"
        self.unit = self.caption_unit
        self.money_roles: list[str | None] | None = None
        self.pair_measures: list[str] | None = None
        self.nature_cols: dict[int, str] | None = None
        self.nature_width = 0
        self.fund_rows: list[tuple[Row, str, list[Reading]]] = []
        self.upper_header: list[str | None] | None = None
        self.indicator_roles: list[str | None] | None = None
        self.level1: str | None = None
        self.level2: str | None = None
        self.sections: set[tuple[str | None, str]] = set()
        self.weights: list[Decimal] = []
        self.scores: list[Decimal] = []
        self.funds_points: Decimal | None = None

    def key(self, **extra) -> dict:
        return {
            "scope": self.scope,
            "project_name": self.project_name if self.scope == "project" else None,
            **extra,
        }

    def read(self) -> None:
        for row in self.span.rows:
            self.read_row(row)
        self._settle_funds()

    def _reset(self) -> None:
        self._settle_funds()
        self.money_roles = self.pair_measures = self.nature_cols = None
        self.indicator_roles = self.upper_header = None

    def read_row(self, row: Row) -> None:
        texts = [squash(c.text) for c in row.cells]
        if self._read_names(row, texts):
            return
        roles = _indicator_roles(row)
        if any(r in ("level1", "level3") for r in roles):
            merged = self._merge_upper(roles)
            self._reset()
            self.indicator_roles = merged
            self.level1 = self.level2 = None
            return
        pairs = _pair_columns(row, self.ctx.fiscal_year)
        if len(pairs) >= 2:
            self._reset()
            self.unit = next((u for u in map(money_unit_in, texts) if u), self.caption_unit)
            self.pair_measures = pairs
            self._read_pair_row(row, total=True)
            return
        if _is_money_header(row, self.ctx.fiscal_year):
            self._reset()
            self.unit = next((u for u in map(money_unit_in, texts) if u), self.caption_unit)
            self.money_roles = [budget_column(c.text, self.ctx.fiscal_year) or "label" for c in row.cells]
            return
        if sum(r in ("target_text", "actual_text", "weight", "score") for r in roles) >= 2:
            self._reset()
            self.upper_header = roles  # the upper row of a two-level indicator header
            return
        income, expenditure = _words("self_eval.income_nature"), _words("self_eval.expenditure_nature")
        if any(t.startswith(income) for t in texts):
            self._reset()
            self.nature_cols = {}
            for i, t in enumerate(texts):
                if t.startswith(income):
                    self.nature_cols[i] = "budget_full_year_yuan"
                elif t.startswith(expenditure):
                    self.nature_cols[i] = "executed_yuan"
            self.nature_width = len(row.cells)
            return
        if any(t.startswith(_words("self_eval.block_ends")) for t in texts):
            self._reset()
            return
        if self._read_section_points(row, texts):
            return
        if self.indicator_roles is not None:
            self._read_indicator(row, texts)
        elif self.nature_cols is not None:
            self._read_nature_row(row)
        elif self.pair_measures:
            self._read_pair_row(row)
        elif self.money_roles:
            self._read_money_row(row)

    def _merge_upper(self, roles: list[str | None]) -> list[str | None]:
        """年度指标值 / 实际完成值 / 分值 / 得分 above 一级 / 二级 / 三级 / 指标性质 / 指标值 / 度量单位: the lower row's
        columns, then the upper row's columns it does not repeat (a merged upper cell is written once)."""
        upper, self.upper_header = self.upper_header, None
        if upper is None:
            return roles
        split_target = any(r in _TARGET_PARTS for r in roles)
        extra = [r for r in upper if r and r not in roles and not (split_target and r == "target_text")]
        return [*roles, *extra]

    def _read_names(self, row: Row, texts: list[str]) -> bool:
        matched = False
        project_labels = _words("field_labels.project_name")
        department_labels = _words("field_labels.supervising_department")
        for i, t in enumerate(texts[:-1]):
            value = clean_text(row.cells[i + 1].text)
            if not value:
                continue
            if t in project_labels:
                self._reset()
                self.project_name = project_key(value)
                self.weights, self.scores, self.funds_points = [], [], None
                matched = True
            elif t in department_labels:
                self.ctx.out.supervising_departments.append(value)
                matched = True
            elif _is_unit_label(t) and len(t) <= 12:
                self.ctx.out.unit_names.append((value, row.cells[i + 1].line))
                matched = True
        return matched

    # --- funds -------------------------------------------------------------------------------------------

    def _line_item(self, label: Cell, row: Row) -> str | None:
        line_item = lexicon.lookup("line_items", "budget_line_items", label.text)
        if line_item is None:
            self.ctx.out.finding(
                "unmapped_row",
                "info",
                f"自评表中未识别的资金行「{squash(label.text)[:30]}」",
                label.line,
                row.source_text(),
            )
        return line_item

    def _read_money_row(self, row: Row) -> None:
        assert self.money_roles is not None
        if not any(_is_figure(squash(c.text)) for c in row.cells):
            return  # a line left blank ("其他资金 | | | /"): nothing to place
        found = readings(row.cells, self.money_roles, _fits_money)
        labels = {id(cell): cell for reading in found if (cell := self._label_of(reading))}
        if len(labels) != 1:
            return  # no label (a note, a blank line) or no agreement on which cell names the row
        label_cell = next(iter(labels.values()))
        line_item = self._line_item(label_cell, row)
        if line_item is None or (self.scope == "project" and not self.project_name):
            return
        self.fund_rows.append((row, line_item, found))

    def _label_of(self, reading: Reading) -> Cell | None:
        """The row's label: its first filled cell under a label column (a 原因 note further right is not)."""
        roles = self.money_roles or []
        return next(
            (reading[i] for i in sorted(reading) if roles[i] == "label" and squash(reading[i].text)), None
        )

    def _settle_funds(self) -> None:
        """Emit the funds block: rows read one way as read; rows that lost cells and can be read several ways
        are settled by the block's total (年度资金总额 = the sum of its parts), else left out with a finding."""
        rows, self.fund_rows = self.fund_rows, []
        if not rows:
            return
        roles = self.money_roles or []
        ambiguous = [(row, item, found) for row, item, found in rows if len(found) > 1]
        choice: dict[int, Reading] = {id(row): found[0] for row, _, found in rows if len(found) == 1}
        if ambiguous:
            settled = self._settle_by_total(rows, roles, choice, ambiguous)
            for row, _, found in ambiguous:
                if settled is not None:
                    choice[id(row)] = settled[id(row)]
                    continue
                certain, _ = agreed(found, roles)
                self.ctx.out.finding(
                    "table_reading_unverified",
                    "warning",
                    "自评表资金行缺少单元格，无法确定各数字所在的列，已记为空值：" + row.source_text()[:60],
                    row.line,
                    row.source_text(),
                )
                choice[id(row)] = {
                    i: cell
                    for reading in found[:1]
                    for i, cell in reading.items()
                    if roles[i] == "label" or certain.get(roles[i] or "") is cell
                }
        for row, line_item, _ in rows:
            reading = choice[id(row)]
            for i, cell in sorted(reading.items()):
                role = roles[i]
                if role and role != "label":
                    self._emit_fund(line_item, role, cell, row)

    def _settle_by_total(
        self,
        rows: list[tuple[Row, str, list[Reading]]],
        roles: list[str | None],
        choice: dict[int, Reading],
        ambiguous: list[tuple[Row, str, list[Reading]]],
    ) -> dict[int, Reading] | None:
        totals = [r for r in rows if r[1] == "total_funds"]
        parts = [r for r in rows if r[1] in _line_items("fund_parts")]
        if len(totals) != 1 or any(r is totals[0] for r in ambiguous):
            return None
        if any(r not in parts for r in ambiguous):
            return None
        options = [found for _, _, found in ambiguous]
        if any(len(o) > MAX_FUND_COMBINATIONS for o in options):
            return None
        fitting = []
        for picks in itertools.islice(itertools.product(*options), MAX_FUND_COMBINATIONS):
            trial = dict(choice)
            trial.update({id(row): pick for (row, _, _), pick in zip(ambiguous, picks, strict=True)})
            if self._adds_up(trial[id(totals[0][0])], [trial[id(row)] for row, _, _ in parts], roles):
                fitting.append(trial)
        return fitting[0] if len(fitting) == 1 else None

    def _adds_up(self, total: Reading, parts: list[Reading], roles: list[str | None]) -> bool:
        for i, role in enumerate(roles):
            if role not in _MONEY:
                continue
            whole = self._amount(total.get(i))
            summed = sum((self._amount(p.get(i)) for p in parts), Decimal(0))
            if abs(whole - summed) > Decimal("0.011") * max(1, len(parts)) * self._unit_factor():
                return False
        return True

    def _unit_factor(self) -> Decimal:
        return {"万元": Decimal(10_000), "亿元": Decimal(100_000_000), "千元": Decimal(1000)}.get(
            self.unit, Decimal(1)
        )

    def _amount(self, cell: Cell | None) -> Decimal:
        if cell is None or is_empty_mark(cell.text):
            return Decimal(0)
        quantity = parse_money(cell.text, self.unit)
        return quantity.value if quantity else Decimal(0)

    def _emit_fund(self, line_item: str, measure: str, cell: Cell, row: Row) -> None:
        emit_value(
            self.ctx,
            "fct_budget_execution",
            self.key(line_item=line_item),
            measure,
            cell,
            self.unit,
            self.form,
            row,
        )
        if line_item == "total_funds" and measure == "weight":
            quantity = parse_score(cell.text)
            self.funds_points = quantity.value if quantity else None

    def _read_pair_row(self, row: Row, total: bool = False) -> None:
        """'其中-财政拨款: | 3 | 其中-财政拨款: | 1.012': the n-th label: value pair holds the header's n-th measure."""
        assert self.pair_measures is not None
        if self.scope == "project" and not self.project_name:
            return
        for (label, value), measure in zip(_pairs(row), self.pair_measures, strict=False):
            if value is None:
                continue
            line_item = "total_funds" if total else self._line_item(label, row)
            if line_item:
                self._emit_fund(line_item, measure, value, row)

    def _read_nature_row(self, row: Row) -> None:
        """'其中：一般公共预算：120.5' under 按收入性质分, '基本支出：80' under 按支出性质分. A row that lost cells
        is read by what its lines are: income lines are budgets, expenditure lines are executed amounts."""
        assert self.nature_cols is not None
        by_column = len(row.cells) == self.nature_width
        measures = set(self.nature_cols.values())
        for i, cell in enumerate(row.cells):
            m = _INLINE.match(squash(cell.text))
            if not m or not m.group(2):
                continue
            line_item = lexicon.lookup("line_items", "budget_line_items", m.group(1))
            if line_item is None:
                continue
            if by_column:
                measure = self.nature_cols.get(i)
            else:
                measure = (
                    "executed_yuan"
                    if line_item in _line_items("expenditure_nature_lines")
                    else "budget_full_year_yuan"
                )
                measure = measure if measure in measures else None
            if measure is None:
                continue
            emit_value(
                self.ctx,
                "fct_budget_execution",
                self.key(line_item=line_item),
                measure,
                Cell(m.group(2), cell.line),
                self.unit,
                self.form,
                row,
            )

    # --- indicators --------------------------------------------------------------------------------------

    def _read_section_points(self, row: Row, texts: list[str]) -> bool:
        """'注：产出指标50分，效益指标30分' under the form, or '(50分)' alone below its 一级指标: a section's points."""
        filled = [t for t in texts if t]
        if len(filled) != 1:
            return False
        text = filled[0]
        bare = _BARE_POINTS.match(text)
        if bare:
            if self.indicator_roles is not None and self.level1:
                self._emit_section(self.level1, Decimal(bare.group(1)), row)
            return True
        if not text.startswith(_words("self_eval.footnote_marks")):
            return False
        level1_names = sorted(_vocabulary()[0], key=len, reverse=True)
        names = "|".join(re.escape(n) for n in level1_names)
        found = re.findall(rf"({names})\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分", text)
        for name, points in found:
            self._emit_section(name, Decimal(points), row)
        return bool(found)

    def _emit_section(self, level1: str, points: Decimal, row: Row) -> None:
        if (self.project_name, level1) in self.sections or (
            self.scope == "project" and not self.project_name
        ):
            return
        self.sections.add((self.project_name, level1))
        self.ctx.out.add(
            "fct_performance_indicators",
            self.key(level1=level1, level2=None, level3=None),
            "weight",
            value_num=points,
            precision=Decimal("0.5"),
            form_code=self.form,
            source_line=row.line,
            source_text=row.source_text(),
        )

    def _indicator_gaps(self, reading: Reading) -> tuple[int, int]:
        """How unlikely a reading is: blank value cells first (rare), then a 一级指标 written with no 二级指标."""
        roles = self.indicator_roles or []
        placed = {roles[i] for i, cell in reading.items() if squash(cell.text)}
        values = sum(1 for r in _VALUE_ROLES if r in roles and r not in placed)
        names = int("level1" in placed and "level2" not in placed)
        return values, names

    def _read_indicator(self, row: Row, texts: list[str]) -> None:
        roles = self.indicator_roles
        assert roles is not None
        label = next((t for t in texts if t), "")
        if label in _words("self_eval.total_rows"):
            self._read_total(row, texts.index(label))
            return
        if "level3" not in roles:
            return
        cells = _merge_bare_points(row.cells)
        found = readings(cells, roles, _fits_indicator, frozenset({"level3"}), self._indicator_gaps)
        level3_column = roles.index("level3")
        if found and (level3_column not in found[0] or not squash(found[0][level3_column].text)):
            return  # a template line with no 三级指标
        if not found:
            self._unplaced(row, "无法对应到表头的列")
            return
        fields, differing = agreed(found, roles)
        if differing & {"level1", "level2", "level3"}:
            self._unplaced(row, "无法确定指标名称所在的列")
            return
        self._emit_indicator(row, fields, differing)

    def _unplaced(self, row: Row, why: str) -> None:
        if any(_is_figure(squash(c.text)) for c in row.cells):
            self.ctx.out.finding(
                "table_reading_unverified",
                "warning",
                f"自评表指标行{why}，未读取：{row.source_text()[:60]}",
                row.line,
                row.source_text(),
            )

    def _emit_indicator(self, row: Row, fields: dict[str, Cell | None], differing: set[str]) -> None:
        level1_cell = fields.get("level1")
        level1 = indicator_name(level1_cell.text) if level1_cell else None
        if level1 and level1 != self.level1:
            self.level1, self.level2 = level1, None
        if level1 and level1_cell and (points := _POINTS.search(squash(level1_cell.text))):
            self._emit_section(level1, Decimal(points.group(1)), row)
        level2_cell = fields.get("level2")
        level2 = indicator_name(level2_cell.text) if level2_cell else None
        if level2:
            self.level2 = level2
        level3_cell = fields.get("level3")
        level3 = _level3_name(level3_cell.text) if level3_cell else None
        if not level3 or is_empty_mark(level3) or set(level3) <= set(".。…"):
            return
        if self.scope == "project" and not self.project_name:
            return
        if differing:
            self._unplaced(row, "部分数字无法确定所在的列（" + "、".join(sorted(differing)) + "）")
        key = self.key(level1=self.level1, level2=self.level2, level3=level3)
        source = row.source_text()
        unit_cell = fields.get("value_unit")
        unit = clean_text(unit_cell.text) if unit_cell and not is_empty_mark(unit_cell.text) else None
        operator_cell = fields.get("target_operator")
        if operator_cell and (code := _vocabulary()[2].get(squash(operator_cell.text))):
            self._add_text(key, "target_operator", code, operator_cell, source)
        for field in ("target_text", "actual_text", "deviation_note"):
            cell = fields.get(field)
            text = clean_text(cell.text) if cell else None
            if not cell or not text or is_empty_mark(text):
                continue
            self._add_text(key, field, text, cell, source)
            if field == "deviation_note":
                continue
            if field == "target_text" and operator_cell is None and (prefix := _operator_prefix(text)):
                self._add_text(key, "target_operator", prefix[0], cell, source)
            self._indicator_value(key, field, cell, text, unit, source)
        for field in ("weight", "score"):
            cell = fields.get(field)
            if cell is not None:
                emit_value(self.ctx, "fct_performance_indicators", key, field, cell, None, self.form, row)
                quantity = parse_score(cell.text)
                if quantity is not None:
                    (self.weights if field == "weight" else self.scores).append(quantity.value)

    def _add_text(self, key: dict, field: str, text: str, cell: Cell, source: str) -> None:
        self.ctx.out.add(
            "fct_performance_indicators",
            key,
            field,
            value_text=text,
            form_code=self.form,
            source_line=cell.line,
            source_text=source,
        )

    def _indicator_value(
        self, key: dict, field: str, cell: Cell, text: str, unit: str | None, source: str
    ) -> None:
        """A target or actual written as a figure ('95%', '≧95%', '400.735万元', '7.17万人', or 735 with 度量单位
        人次) also gets its value."""
        prefix = _operator_prefix(text)
        figure = prefix[1] if prefix else squash(text)
        quantity = _written_quantity(figure + (unit or "")) if unit else _written_quantity(figure)
        value_unit = quantity.unit if quantity else None
        if quantity is None and unit and (number := parse_plain_number(figure)):
            quantity, value_unit = Quantity(number.value, unit, Decimal(0)), unit
        if quantity is None:
            return
        if quantity.typo == "double_percent":
            self.ctx.out.finding(
                "typo_number", "warning", f"数值书写有误「{text}」（多余的%）", cell.line, source
            )
        self.ctx.out.add(
            "fct_performance_indicators",
            key,
            field.replace("_text", "_value"),
            value_num=quantity.value,
            precision=quantity.precision,
            form_code=self.form,
            source_line=cell.line,
            source_text=source,
        )
        self.ctx.out.add(
            "fct_performance_indicators",
            key,
            "value_unit",
            value_text=value_unit,
            form_code=self.form,
            source_line=cell.line,
            source_text=source,
        )

    def _read_total(self, row: Row, label_index: int) -> None:
        """总分 / 合计: its 分值 and 得分. Read by position when the row fills the header's columns after its label,
        else: two figures are 分值 then 得分; a single one is whichever sum of the indicators it equals."""
        if self.scope == "project" and not self.project_name:
            return
        roles = self.indicator_roles or []
        tail = row.cells[label_index + 1 :]
        measures: list[tuple[str, Cell]] = []
        if "weight" in roles and len(tail) == len(roles) - roles.index("weight"):
            columns = roles[roles.index("weight") :]
            measures = [
                ({"weight": "total_weight", "score": "total_score"}[role], cell)
                for role, cell in zip(columns, tail, strict=True)
                if role in ("weight", "score")
            ]
        else:
            figures = [c for c in tail if not is_empty_mark(c.text)]
            if len(figures) >= 2:
                measures = [("total_weight", figures[0]), ("total_score", figures[1])]
            elif len(figures) == 1:
                measure = self._single_total(figures[0])
                if measure is None:
                    self.ctx.out.finding(
                        "table_reading_unverified",
                        "warning",
                        "总分行只有一个数字，无法确定是总分值还是总得分，已记为空值",
                        row.line,
                        row.source_text(),
                    )
                    return
                measures = [(measure, figures[0])]
        for measure, cell in measures:
            emit_value(self.ctx, "fct_evaluation_summary", self.key(), measure, cell, None, self.form, row)

    def _single_total(self, cell: Cell) -> str | None:
        quantity = parse_score(cell.text)
        if quantity is None:
            return None
        funds = self.funds_points or Decimal(0)
        sums = {
            "total_weight": {sum(self.weights, Decimal(0)), sum(self.weights, Decimal(0)) + funds},
            "total_score": {sum(self.scores, Decimal(0))} if self.scores else set(),
        }
        matches = [m for m, values in sums.items() if self.weights and quantity.value in values]
        return matches[0] if len(matches) == 1 else None


def _merge_bare_points(cells: list[Cell]) -> list[Cell]:
    """'产出指标' | '(50分)' as two cells of a row that lost its grid: the points belong to the name before."""
    merged: list[Cell] = []
    for cell in cells:
        if merged and squash(merged[-1].text) and _BARE_POINTS.match(squash(cell.text)):
            merged[-1] = Cell(merged[-1].text + squash(cell.text), merged[-1].line)
        else:
            merged.append(cell)
    return merged if len(merged) < len(cells) else cells


_INDICATOR_NUMBER = re.compile(r"^指标\s*\d+\s*[：:]")


def _level3_name(text: str) -> str | None:
    """三级指标 without a template's '指标1：' numbering."""
    name = indicator_name(text)
    return _INDICATOR_NUMBER.sub("", name) or None if name else None


def _written_quantity(text: str) -> Quantity | None:
    s = squash(text)
    if s.endswith(("%", "％")):
        return parse_rate(s, bare_is_percent=False)
    if s.endswith("元"):
        return parse_money(s, None)
    if s.endswith(("人", "名")):
        return parse_count(s)
    return parse_chinese_count(s)  # "一次", "两项"


def extract(span: FormSpan, ctx: Context) -> None:
    _Reader(span, ctx).read()
