"""部门决算 / 预算 tables by 支出功能分类科目: one row per subject code, plus the 合计 row."""

from __future__ import annotations

import re
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.document import Row
from ingest.extraction.forms.common import Context, emit_value, header_key
from ingest.extraction.forms.finder import FormSpan
from ingest.extraction.normalise import money_unit_in, parse_plain_number, squash


@cache
def _value_columns() -> dict[str, str]:
    """Header word → measure (lexicon forms.yaml final_accounts.columns)."""
    return {header_key(w): m for w, m in lexicon.word_map("forms", "final_accounts.columns").items()}


def _total_line_item(statement: str, measure: str) -> str | None:
    """The department line item a total row's column states (final_accounts.total_line_items)."""
    items = lexicon.section("forms", "final_accounts.total_line_items")
    return items.get(statement, {}).get(measure)


# 支出功能分类 codes (2xx); economic classification codes (3xx, 5xx) are not subjects of this mart.
_CODE = re.compile(r"^2\d{2}(\d{2}){0,2}$")


def _subject(row: Row) -> tuple[str, str | None, int] | None:
    """The subject code, its name and the index of the first value cell; None for other rows."""
    texts = [squash(c.text) for c in row.cells]
    if len(texts) >= 3 and re.fullmatch(r"2\d{2}", texts[0]) and re.fullmatch(r"\d{2}", texts[1]):
        code, i = texts[0] + texts[1], 2
        if re.fullmatch(r"\d{2}", texts[2]):
            code, i = code + texts[2], 3
        name = texts[i] if i < len(texts) and parse_plain_number(texts[i]) is None else None
        return code, name, i + (1 if name is not None else 0)
    if texts and _CODE.match(texts[0]):
        name = texts[1] if len(texts) > 1 and parse_plain_number(texts[1]) is None else None
        return texts[0], name, 1 + (1 if name is not None else 0)
    return None


def extract(span: FormSpan, ctx: Context, statement_prefix: str = "") -> None:
    # The value columns of the header, known or not, in order: data rows are read right-aligned against
    # them (a data row spends two cells on code and name where the header has one 项目 cell).
    value_names: list[str | None] = []
    statement = ""  # income or expenditure, from the header row (set with value_names)
    header_marks = lexicon.words("forms", "final_accounts.header_marks")
    expenditure_marks = lexicon.words("forms", "final_accounts.expenditure_marks")
    total_rows = lexicon.words("forms", "final_accounts.total_rows")
    unit = money_unit_in(span.caption)
    for row in span.rows:
        texts = [squash(c.text) for c in row.cells]
        unit = unit or next((u for u in map(money_unit_in, texts) if u), None)
        if not value_names:
            names = [_value_columns().get(header_key(t)) for t in texts[1:]]
            if any(n is not None for n in names) and any(m in t for t in texts for m in header_marks):
                value_names = names
                statement = (
                    "expenditure" if any(m in t for t in texts for m in expenditure_marks) else "income"
                )
            continue
        if unit is None:
            unit = "元"
            ctx.out.finding(
                "unit_assumed", "info", "决算表未注明金额单位，按“元”读取", row.line, row.source_text()
            )
        subject = _subject(row)
        values = row.cells[-len(value_names) :] if len(row.cells) >= len(value_names) else []
        full_statement = statement_prefix + statement
        if subject is None:
            if any(t in total_rows for t in texts):
                for name, cell in zip(value_names, values, strict=False):
                    line_item = _total_line_item(statement, name) if name else None
                    if line_item and not statement_prefix:
                        emit_value(
                            ctx,
                            "fct_budget_execution",
                            {"scope": "department", "project_name": None, "line_item": line_item},
                            "executed_yuan",
                            cell,
                            unit,
                            span.form_code,
                            row,
                        )
            continue
        code, name, _ = subject
        key = {"statement": full_statement, "subject_code": code}
        if name:
            ctx.out.add(
                "fct_final_accounts",
                key,
                "subject_name",
                value_text=name,
                form_code=span.form_code,
                source_line=row.line,
                source_text=row.source_text(),
            )
        for value_name, cell in zip(value_names, values, strict=False):
            if value_name:
                emit_value(ctx, "fct_final_accounts", key, value_name, cell, unit, span.form_code, row)
