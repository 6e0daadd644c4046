"""Helpers shared by the form extractors: header columns, cell values, row labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.facts import Extraction
from ingest.extraction.normalise import (
    Quantity,
    is_empty_mark,
    parse_count,
    parse_money,
    parse_plain_number,
    parse_rate,
    parse_score,
    squash,
)

_YEAR_PREFIX = re.compile(r"^(\d{4})年度?")
_PAREN_NOTE = re.compile(r"[（(][^）)]*[）)]")

RATE_MEASURES = {
    "execution_rate_reported",
    "control_rate_reported",
    "completion_rate_reported",
    "rate_reported",
}
SCORE_MEASURES = {"weight", "score", "total_weight", "total_score"}
COUNT_MEASURES = {
    "authorized_headcount",
    "actual_headcount",
    "retired_persons",
    "value",
    "reception_batches",
    "reception_persons",
}


@dataclass
class Context:
    """What an extractor knows of the document beyond its own span."""

    fiscal_year: int | None
    out: Extraction
    # 'budget' for a 预算 disclosure, whose amounts are all the year's initial budget; None otherwise
    document_kind: str | None = None


# header words repeat across rows and documents: each distinct cell is reduced and looked up once
@lru_cache(maxsize=8192)
def header_key(text: str) -> str:
    return _PAREN_NOTE.sub("", squash(text)).rstrip("：:")


@lru_cache(maxsize=8192)
def budget_column(text: str, fiscal_year: int | None) -> str | None:
    """'2019年决算数' in a 2020 report → prior_year_final_yuan; '全年执行数' → executed_yuan."""
    key = header_key(text)
    year = None
    m = _YEAR_PREFIX.match(key)
    if m:
        year, key = int(m.group(1)), key[m.end() :]
    measure = lexicon.lookup("line_items", "budget_columns", key)
    if measure is None:
        return None
    if (
        year is not None
        and fiscal_year is not None
        and year < fiscal_year
        and measure in ("executed_yuan", "budget_full_year_yuan")
    ):
        return "prior_year_final_yuan" if measure == "executed_yuan" else None
    return measure


def first_label(row: Row, skip: set[int] | None = None) -> tuple[int, Cell] | None:
    for i, cell in enumerate(row.cells):
        if skip and i in skip:
            continue
        if squash(cell.text) and parse_plain_number(cell.text) is None:
            return i, cell
    return None


def parse_measure(measure: str, text: str, money_unit: str | None) -> Quantity | None:
    if measure.endswith("_yuan"):
        return parse_money(text, money_unit)
    if measure in RATE_MEASURES:
        return parse_rate(text)
    if measure in SCORE_MEASURES:
        return parse_score(text)
    if measure in COUNT_MEASURES:
        return parse_count(text)
    n = parse_plain_number(text)
    return Quantity(n.value, "", Decimal(0)) if n else None


def emit_value(
    ctx: Context,
    mart: str,
    key: dict,
    measure: str,
    cell: Cell,
    money_unit: str | None,
    form_code: str,
    row: Row,
) -> None:
    """Parse one cell into a fact; an unreadable figure becomes a finding, never a guess."""
    if is_empty_mark(cell.text):
        return
    quantity = parse_measure(measure, cell.text, money_unit)
    source_text = row.source_text()
    if quantity is None:
        ctx.out.finding(
            "unparseable_cell",
            "warning",
            f"无法识别的数值「{squash(cell.text)[:40]}」（{mart}.{measure}），已记为空值",
            cell.line,
            source_text,
        )
        return
    if quantity.typo == "double_percent":
        ctx.out.finding(
            "typo_number",
            "warning",
            f"数值书写有误「{squash(cell.text)}」（多余的%）",
            cell.line,
            source_text,
        )
    ctx.out.add(
        mart,
        key,
        measure,
        value_num=quantity.value,
        precision=quantity.precision,
        form_code=form_code,
        source_line=cell.line,
        source_text=source_text,
    )


def is_placeholder(label: str) -> bool:
    fragments = lexicon.load("line_items")["placeholder_fragments"]
    s = squash(label)
    return not s or any(f in s for f in fragments) or set(s) <= set(".。…")
