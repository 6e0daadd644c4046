"""基础数据表: staffing, 经费控制情况 (budget lines, 三公经费, projects)."""

from __future__ import annotations

from ingest.extraction import lexicon
from ingest.extraction.forms.common import Context, budget_column, emit_value, first_label, is_placeholder
from ingest.extraction.forms.finder import FormSpan
from ingest.extraction.normalise import money_unit_in, parse_plain_number, parse_rate, project_key, squash

_THREE_PUBLIC_MEASURE = {
    "prior_year_final_yuan": "prior_year_final_yuan",
    "budget_full_year_yuan": "budget_yuan",
    "executed_yuan": "final_yuan",
}


def _words(name: str) -> tuple[str, ...]:
    return lexicon.words("forms", "basic_data." + name)


def _holds(text: str, name: str) -> bool:
    return any(w in text for w in _words(name))


def _staffing_measure(header: str) -> str | None:
    """The measure of a staffing column: the first entry of basic_data.staffing_columns whose word it holds."""
    s = squash(header)
    return next(
        (m for k, m in lexicon.word_map("forms", "basic_data.staffing_columns").items() if k in s), None
    )


def extract(span: FormSpan, ctx: Context) -> None:
    form = span.form_code
    money_cols: dict[int, str] | None = None
    unit = "万元"  # the template's unit where the header does not say
    staffing_header = None
    in_projects = False
    for row in span.rows:
        texts = [squash(c.text) for c in row.cells]
        if any(_holds(t, "staffing_header") for t in texts):
            staffing_header = row
            continue
        if staffing_header is not None and any(parse_plain_number(t) or parse_rate(t) for t in texts):
            offset = len(staffing_header.cells) - len(row.cells)
            for i, cell in enumerate(row.cells):
                j = i + offset
                measure = (
                    _staffing_measure(staffing_header.cells[j].text)
                    if 0 <= j < len(staffing_header.cells)
                    else None
                )
                if measure:
                    emit_value(ctx, "fct_staffing", {}, measure, cell, None, form, row)
            staffing_header = None
            continue
        if any(_holds(t, "money_header") for t in texts):
            unit = money_unit_in(texts[0]) or unit
            money_cols = {}
            for i, cell in enumerate(row.cells):
                measure = budget_column(cell.text, ctx.fiscal_year)
                if measure:
                    money_cols[i] = measure
            continue
        if not money_cols:
            continue
        found = first_label(row, skip=set(money_cols))
        if found is None:
            continue
        _, label_cell = found
        label = squash(label_cell.text)
        if _holds(label, "money_end"):
            money_cols = None
            continue
        category = lexicon.lookup("line_items", "three_public_categories", label)
        if category:
            in_projects = False
            for i, measure in money_cols.items():
                if i < len(row.cells):
                    emit_value(
                        ctx,
                        "fct_three_public_expenses",
                        {"category": category},
                        _THREE_PUBLIC_MEASURE[measure],
                        row.cells[i],
                        unit,
                        form,
                        row,
                    )
            continue
        line_item = lexicon.lookup("line_items", "budget_line_items", label)
        if line_item:
            in_projects = line_item == "project_expenditure"
            key = {"scope": "department", "project_name": None, "line_item": line_item}
        elif in_projects and not is_placeholder(label):
            key = {"scope": "project", "project_name": project_key(label), "line_item": "total_funds"}
        else:
            if not is_placeholder(label) and any(
                squash(row.cells[i].text) for i in money_cols if i < len(row.cells)
            ):
                ctx.out.finding(
                    "unmapped_row",
                    "info",
                    f"基础数据表中未识别的行「{label[:30]}」",
                    label_cell.line,
                    row.source_text(),
                )
            continue
        for i, measure in money_cols.items():
            if i < len(row.cells):
                emit_value(ctx, "fct_budget_execution", key, measure, row.cells[i], unit, form, row)
