"""部门整体 / 项目支出绩效自评表 and 项目绩效目标完成情况表: funds, indicators, totals."""

from __future__ import annotations

import re

from ingest import lexicon
from ingest.document import Cell, Row
from ingest.forms.common import Context, budget_column, emit_value, first_label, header_key
from ingest.forms.finder import FormSpan
from ingest.normalise import (
    Quantity,
    clean_text,
    indicator_name,
    is_empty_mark,
    money_unit_in,
    parse_bound,
    parse_chinese_count,
    parse_count,
    parse_money,
    parse_rate,
    project_key,
    squash,
)

_UNIT_LABEL = re.compile(r"(预算部门名称|部门名称|实施单位|预算单位|单位名称)$")
_PROJECT_LABEL = re.compile(r"^(项目支出名称|项目名称|专项名称)$")
_SUPERVISOR_LABEL = re.compile(r"^(项目)?主管部门$")
_TOTAL_LABEL = re.compile(r"^(总分|合计|总计|合计总得分|综合得分)$")
_INLINE = re.compile(r"^(.*?)[：:]([^：:]*)$")


def _indicator_columns(row: Row) -> dict[int, str]:
    cols: dict[int, str] = {}
    for i, cell in enumerate(row.cells):
        field = lexicon.lookup("line_items", "indicator_columns", header_key(cell.text))
        if field and field not in cols.values():
            cols[i] = field
    return cols


def _is_money_header(row: Row, fiscal_year: int | None) -> bool:
    measures = [budget_column(c.text, fiscal_year) for c in row.cells]
    return sum(m in ("budget_initial_yuan", "budget_full_year_yuan", "executed_yuan") for m in measures) >= 2


def _pair_columns(row: Row, fiscal_year: int | None) -> dict[int, str]:
    """'预算数: | 3 | 执行数: | 1.012' → the value cells and their measures."""
    cols = {}
    for i, cell in enumerate(row.cells[:-1]):
        text = squash(cell.text)
        if text.endswith((":", "：")):
            measure = budget_column(text, fiscal_year)
            if measure:
                cols[i + 1] = measure
    return cols


class _Reader:
    def __init__(self, span: FormSpan, ctx: Context):
        self.span, self.ctx, self.form = span, ctx, span.form_code
        self.scope = "project" if span.form_code == "project_self_eval" else "department"
        self.project_name: str | None = None
        self.money_cols: dict[int, str] | None = None
        self.unit = "万元"
        self.nature_cols: dict[int, str] | None = None
        self.indicator_cols: dict[int, str] | None = None
        self.level1: str | None = None
        self.level2: str | None = None
        self.header_width = 0

    def key(self, **extra) -> dict:
        return {
            "scope": self.scope,
            "project_name": self.project_name if self.scope == "project" else None,
            **extra,
        }

    def read(self) -> None:
        for row in self.span.rows:
            self.read_row(row)

    def read_row(self, row: Row) -> None:
        texts = [squash(c.text) for c in row.cells]
        if self._read_names(row, texts):
            return
        if any(t in ("一级指标", "三级指标") for t in texts):
            self.indicator_cols = _indicator_columns(row)
            self.header_width = len(row.cells)
            self.money_cols = self.nature_cols = None
            self.level1 = self.level2 = None
            return
        if self.indicator_cols is not None:
            self._read_indicator(row, texts)
            return
        pairs = _pair_columns(row, self.ctx.fiscal_year)
        if len(pairs) >= 2:
            self.unit = next((u for u in map(money_unit_in, texts) if u), "万元")
            self.money_cols = pairs
            self.nature_cols = None
            self._read_money_row(row, label_override="total_funds")
            return
        if _is_money_header(row, self.ctx.fiscal_year):
            self.unit = next((u for u in map(money_unit_in, texts) if u), "万元")
            self.money_cols = {
                i: m for i, c in enumerate(row.cells) if (m := budget_column(c.text, self.ctx.fiscal_year))
            }
            self.nature_cols = None
            return
        if any(t.startswith("按收入性质分") for t in texts):
            self.nature_cols = {}
            for i, t in enumerate(texts):
                if t.startswith("按收入性质分"):
                    self.nature_cols[i] = "budget_full_year_yuan"
                elif t.startswith("按支出性质分"):
                    self.nature_cols[i] = "executed_yuan"
            self.money_cols = None
            return
        if any(t.startswith(("年度总体目标", "年度目标完成情况")) for t in texts):
            self.money_cols = self.nature_cols = None
            return
        if self.nature_cols:
            self._read_nature_row(row)
        elif self.money_cols:
            self._read_money_row(row)

    def _read_names(self, row: Row, texts: list[str]) -> bool:
        matched = False
        for i, t in enumerate(texts[:-1]):
            value = clean_text(row.cells[i + 1].text)
            if not value:
                continue
            if _PROJECT_LABEL.match(t):
                self.project_name = project_key(value)
                matched = True
            elif _SUPERVISOR_LABEL.match(t):
                self.ctx.out.supervising_departments.append(value)
                matched = True
            elif _UNIT_LABEL.search(t) and len(t) <= 12:
                self.ctx.out.unit_names.append((value, row.cells[i + 1].line))
                matched = True
        return matched

    def _read_money_row(self, row: Row, label_override: str | None = None) -> None:
        assert self.money_cols is not None
        if label_override:
            line_item = label_override
        else:
            found = first_label(row, skip=set(self.money_cols))
            if found is None:
                return
            line_item = lexicon.lookup("line_items", "budget_line_items", found[1].text)
            if line_item is None:
                self.ctx.out.finding(
                    "unmapped_row",
                    "info",
                    f"自评表中未识别的资金行「{squash(found[1].text)[:30]}」",
                    found[1].line,
                    row.source_text(),
                )
                return
        if self.scope == "project" and not self.project_name:
            return
        for i, measure in self.money_cols.items():
            if i < len(row.cells):
                emit_value(
                    self.ctx,
                    "fct_budget_execution",
                    self.key(line_item=line_item),
                    measure,
                    row.cells[i],
                    self.unit,
                    self.form,
                    row,
                )

    def _read_nature_row(self, row: Row) -> None:
        assert self.nature_cols is not None
        for i, measure in self.nature_cols.items():
            if i >= len(row.cells):
                continue
            m = _INLINE.match(squash(row.cells[i].text))
            if not m:
                continue
            line_item = lexicon.lookup("line_items", "budget_line_items", m.group(1))
            if line_item is None or not m.group(2):
                continue
            value_cell = Cell(m.group(2), row.cells[i].line)
            emit_value(
                self.ctx,
                "fct_budget_execution",
                self.key(line_item=line_item),
                measure,
                value_cell,
                self.unit,
                self.form,
                row,
            )

    def _read_indicator(self, row: Row, texts: list[str]) -> None:
        assert self.indicator_cols is not None
        label = next((t for t in texts if t), "")
        if _TOTAL_LABEL.match(label):
            self._read_total(row, texts.index(label))
            return
        offset = 0 if len(row.cells) == self.header_width else self.header_width - len(row.cells)
        fields: dict[str, Cell] = {}
        for i, field in self.indicator_cols.items():
            j = i - offset
            if 0 <= j < len(row.cells):
                fields[field] = row.cells[j]
        level1 = indicator_name(fields["level1"].text) if "level1" in fields else None
        if level1 and level1 != self.level1:
            self.level1, self.level2 = level1, None
        level2 = indicator_name(fields["level2"].text) if "level2" in fields else None
        if level2:
            self.level2 = level2
        level3 = indicator_name(fields["level3"].text) if "level3" in fields else None
        if not level3 or is_empty_mark(level3) or set(level3) <= set(".。…"):
            return
        if self.scope == "project" and not self.project_name:
            return
        key = self.key(level1=self.level1, level2=self.level2, level3=level3)
        source = row.source_text()
        for field in ("target_text", "actual_text", "deviation_note"):
            cell = fields.get(field)
            text = clean_text(cell.text) if cell else None
            if cell and text and not is_empty_mark(text):
                self.ctx.out.add(
                    "fct_performance_indicators",
                    key,
                    field,
                    value_text=text,
                    form_code=self.form,
                    source_line=cell.line,
                    source_text=source,
                )
                if field != "deviation_note":
                    self._indicator_value(key, field, cell, text, source)
        for field in ("weight", "score"):
            if field in fields:
                emit_value(
                    self.ctx, "fct_performance_indicators", key, field, fields[field], None, self.form, row
                )

    def _indicator_value(self, key: dict, field: str, cell: Cell, text: str, source: str) -> None:
        """A target or actual written as a figure ('95%', '≧95%', '400.735万元', '7.17万人') also gets its value."""
        bound = parse_bound(text)
        quantity = bound[1] if bound else _written_quantity(text)
        if quantity is None:
            return
        if quantity.typo == "double_percent":
            self.ctx.out.finding(
                "typo_number", "warning", f"数值书写有误「{text}」（多余的%）", cell.line, source
            )
        common = {"form_code": self.form, "source_line": cell.line, "source_text": source}
        self.ctx.out.add(
            "fct_performance_indicators",
            key,
            field.replace("_text", "_value"),
            value_num=quantity.value,
            precision=quantity.precision,
            **common,
        )
        self.ctx.out.add("fct_performance_indicators", key, "value_unit", value_text=quantity.unit, **common)

    def _read_total(self, row: Row, label_index: int) -> None:
        if self.scope == "project" and not self.project_name:
            return
        cells = [c for c in row.cells[label_index + 1 :] if not is_empty_mark(c.text)]
        measures = ["total_weight", "total_score"] if len(cells) >= 2 else ["total_score"]
        for measure, cell in zip(measures, cells, strict=False):
            emit_value(self.ctx, "fct_evaluation_summary", self.key(), measure, cell, None, self.form, row)


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
