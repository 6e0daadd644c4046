"""绩效目标表 of a 预算 (项目支出绩效目标申报 / 填报表): a project's requested funds and its indicator targets.

Targets only: nothing here is executed or scored, so the indicators carry target_text and nothing else, and the
funds are the year's budget (budget_initial_yuan). Several forms often follow each other in one table; each
starts at its title row."""

from __future__ import annotations

from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.common import Context, emit_value
from ingest.extraction.forms.finder import FormSpan
from ingest.extraction.forms.header import grid_cells, header_word, is_amount
from ingest.extraction.normalise import indicator_name, money_unit_in, project_key, squash


def _labels() -> dict:
    return lexicon.load("disclosure")["targets"]


def _is_title(row: Row) -> bool:
    filled = [squash(c.text) for c in row.cells if squash(c.text)]
    return len(filled) == 1 and any(w in filled[0] for w in lexicon.words("forms", "targets_titles"))


def _without_part_mark(text: str) -> str:
    """'其中当年财政拨款' → '当年财政拨款' (disclosure.yaml targets.part_marks)."""
    mark = next((m for m in _labels()["part_marks"] if text.startswith(m)), "")
    return text[len(mark) :]


@cache
def _level_words() -> frozenset[str]:
    """The words of the indicator header's level columns (一级指标 / 二级指标 / 三级指标)."""
    columns = _labels()["indicator_columns"]
    return frozenset(w for level in ("level1", "level2", "level3") for w in columns[level])


def _forms(rows: list[Row]) -> list[list[Row]]:
    forms: list[list[Row]] = [[]]
    for row in rows:
        if _is_title(row) and forms[-1]:
            forms.append([])
        forms[-1].append(row)
    return [form for form in forms if form]


def extract(span: FormSpan, ctx: Context) -> None:
    for rows in _forms(span.rows):
        _TargetsForm(rows, ctx, span.form_code, span.caption).read()


class _TargetsForm:
    def __init__(self, rows: list[Row], ctx: Context, form_code: str, caption: str) -> None:
        self.rows, self.ctx, self.form_code = rows, ctx, form_code
        self.unit = money_unit_in(caption)
        self.project: str | None = None
        self.level1: str | None = None
        self.level2: str | None = None
        self.columns: dict[str, int] = {}  # indicator role -> grid column, once the indicator header is read

    def read(self) -> None:
        words = _labels()
        name_labels = {header_word(w) for w in words["project_name"]}
        funds = {header_word(w): item for item, ws in words["funds"].items() for w in ws}
        for row in self.rows:
            cells = [c for c in row.cells if squash(c.text)]
            texts = [header_word(c.text) for c in cells]
            for i, text in enumerate(texts):
                if self.unit is None and (unit := money_unit_in(cells[i].text)):
                    self.unit = unit
                if text in name_labels and i + 1 < len(cells) and self.project is None:
                    self.project = project_key(cells[i + 1].text)
            if self.project is None:
                continue
            for i, text in enumerate(texts):
                item = funds.get(_without_part_mark(text))
                if item and i + 1 < len(cells) and is_amount(cells[i + 1].text):
                    self._fund(item, cells[i + 1], row)
            self._indicator(row)

    def _fund(self, line_item: str, cell: Cell, row: Row) -> None:
        key = {"scope": "project", "project_name": self.project, "line_item": line_item}
        emit_value(
            self.ctx,
            "fct_budget_execution",
            key,
            "budget_initial_yuan",
            cell,
            self.unit or "元",
            self.form_code,
            row,
        )

    def _indicator(self, row: Row) -> None:
        """Rows under the 一级 / 二级 / 三级指标 | 指标值 header, read by the header's grid columns: an empty level
        cell keeps the name above it within its block; the target is kept as written (with its operator and
        unit when the form has 指标性质 / 度量单位 columns)."""
        cells = grid_cells(row)
        texts = [squash(c.text) if c else "" for c in cells]
        if any(t in _level_words() for t in texts):
            self.columns = _indicator_columns(texts)
            return
        if not self.columns:
            return

        def at(role: str) -> str:
            column = self.columns.get(role)
            return texts[column] if column is not None and column < len(texts) else ""

        level3, target = at("level3"), at("target")
        if not level3 or not target:
            return
        if at("level1"):
            self.level1, self.level2 = indicator_name(at("level1")), None
        if at("level2"):
            self.level2 = indicator_name(at("level2"))
        if self.level1 is None:
            return
        written = "".join(part for part in (at("operator"), target, at("unit")) if part)
        key = {
            "scope": "project",
            "project_name": self.project,
            "level1": self.level1,
            "level2": self.level2,
            "level3": indicator_name(level3),
        }
        self.ctx.out.add(
            "fct_performance_indicators",
            key,
            "target_text",
            value_text=written,
            form_code=self.form_code,
            source_line=row.line,
            source_text=row.source_text(),
        )


def _indicator_columns(texts: list[str]) -> dict[str, int]:
    """Grid columns of the indicator header: each role at the first column whose word names it."""
    roles = {header_word(w): role for role, ws in _labels()["indicator_columns"].items() for w in ws}
    columns: dict[str, int] = {}
    for column, text in enumerate(texts):
        role = roles.get(header_word(text))
        if role and role not in columns:
            columns[role] = column
    return columns
