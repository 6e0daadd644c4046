"""项目支出绩效自评报告 (a form of label/value rows): project name, budget, supervising department."""

from __future__ import annotations

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.common import Context, emit_value
from ingest.extraction.forms.finder import FormSpan
from ingest.extraction.normalise import clean_text, money_unit_in, project_key, squash


def extract(span: FormSpan, ctx: Context) -> None:
    project_name = None
    pending: list[tuple[Cell, Row]] = []
    name_labels = lexicon.words("forms", "field_labels.project_name")
    supervisor_labels = lexicon.words("forms", "field_labels.supervising_department")
    budget_labels = lexicon.words("forms", "field_labels.budget_amount")
    for row in span.rows:
        texts = [squash(c.text) for c in row.cells]
        for i, t in enumerate(texts[:-1]):
            value_cell = row.cells[i + 1]
            value = clean_text(value_cell.text)
            if not value:
                continue
            if t in name_labels:
                project_name = project_key(value)
            elif t in supervisor_labels:
                ctx.out.supervising_departments.append(value)
            elif t.startswith(budget_labels):
                pending.append((Cell(value, value_cell.line), row))
    if not project_name:
        return
    for cell, row in pending:
        unit = money_unit_in(cell.text) or "万元"
        emit_value(
            ctx,
            "fct_budget_execution",
            {"scope": "project", "project_name": project_name, "line_item": "total_funds"},
            "budget_full_year_yuan",
            cell,
            unit,
            span.form_code,
            row,
        )
