"""项目支出绩效自评报告 (a form of label/value rows): project name, budget, supervising department."""

from __future__ import annotations

from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.common import Context, emit_value
from ingest.extraction.forms.finder import FormSpan
from ingest.extraction.normalise import clean_text, money_unit_in, project_key, squash


def extract(span: FormSpan, ctx: Context) -> None:
    project_name = None
    pending: list[tuple[Cell, Row]] = []
    for row in span.rows:
        texts = [squash(c.text) for c in row.cells]
        for i, t in enumerate(texts[:-1]):
            value_cell = row.cells[i + 1]
            value = clean_text(value_cell.text)
            if not value:
                continue
            if t in ("专项名称", "项目名称", "项目支出名称"):
                project_name = project_key(value)
            elif t in ("项目主管部门", "主管部门"):
                ctx.out.supervising_departments.append(value)
            elif t.startswith("年度预算金额") or t.startswith("预算金额"):
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
