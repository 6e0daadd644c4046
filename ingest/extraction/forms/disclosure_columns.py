"""Which figure a column of a 预算 / 决算 table holds: its period and kind, from all of its header words.

One table may set several figures side by side: 年初预算数 | 调整预算数 | 决算数, 上年决算数 | 本年决算数 | 增减,
2024年执行数 | 2025年预算数. A column's lowest word says what it splits (合计 / 基本支出 / 项目支出); the words
above it, and the year its header names, say whose figure it is. A column of an earlier year, a change or a rate
holds no figure of this year's statement and is never read as one (lexicon `disclosure.column_kinds`)."""

from __future__ import annotations

from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.forms.header import HeaderModel, header_word

# kinds that hold no figure of the report's year
NOT_THIS_YEAR = frozenset({"prior", "other_year", "change", "rate"})
BUDGET_KINDS = frozenset({"budget", "budget_initial", "budget_full_year"})
EXPLICIT_KINDS = BUDGET_KINDS | {"final"}


@cache
def _kind_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    kinds = lexicon.load("disclosure")["column_kinds"]
    return tuple((kind, tuple(header_word(w) for w in words)) for kind, words in kinds.items())


def word_kind(word: str) -> str | None:
    """The kind one header word names ('年初预算数' → budget_initial), or None. The lexicon's order decides
    between kinds a word names together ('上年决算数' is prior before it is final)."""
    for kind, fragments in _kind_words():
        if any(f in word for f in fragments):
            return kind
    return None


def column_kind(header: HeaderModel, column: int, fiscal_year: int | None) -> str | None:
    """The kind of a grid column: a kind that excludes the column (prior / other_year / change / rate) named by
    any of its words wins; otherwise the lowest word that names a kind; None where no word names one."""
    words = header.words[column] if column < header.width else []
    year = header.year(column)
    if year is not None and fiscal_year is not None and year != fiscal_year:
        return "prior" if year < fiscal_year else "other_year"
    kinds = [word_kind(w) for w in words]
    excluded = next((k for k in kinds if k in NOT_THIS_YEAR), None)
    if excluded:
        return excluded
    return next((k for k in reversed(kinds) if k is not None), None)


def table_has_explicit_kinds(header: HeaderModel, fiscal_year: int | None) -> bool:
    """Some column names its period or kind (预算数 / 决算数 / 2025年…): then a column that names none (备注,
    其中：财政拨款) is no statement of the figure."""
    return any(column_kind(header, c, fiscal_year) is not None for c in range(header.width))


def department_measure(kind: str | None, document_kind: str) -> str | None:
    """fct_budget_execution measure of a column of this kind in a 预算 ('budget') or 决算 ('final') document."""
    if kind in NOT_THIS_YEAR:
        return None
    if kind == "final":
        return "executed_yuan" if document_kind == "final" else None
    if kind == "budget_initial":
        return "budget_initial_yuan"
    if kind == "budget_full_year":
        return "budget_full_year_yuan" if document_kind == "final" else None
    if kind == "budget":
        # a 预算's 预算数 is its year's budget; a 决算's 预算数 is the year's budget as adjusted (全年预算数)
        return "budget_initial_yuan" if document_kind == "budget" else "budget_full_year_yuan"
    return "budget_initial_yuan" if document_kind == "budget" else "executed_yuan"


def three_public_measure(
    header: HeaderModel, column: int, document_kind: str, fiscal_year: int | None
) -> str | None:
    """fct_three_public_expenses measure of a column: 预算数 → budget_yuan, 决算数 → final_yuan, 上年决算数 /
    an earlier year's 执行数 → prior_year_final_yuan; a change, a rate, an earlier year's budget, a 预算's
    executed column → None. A column that names no kind takes the document's (a 预算 states budgets, a 决算
    outcomes) unless the table sets figures of several kinds side by side, where it would be a guess."""
    kind = column_kind(header, column, fiscal_year)
    words = header.words[column] if column < header.width else []
    if kind == "prior":
        executed = any(word_kind(w) == "final" or any(f in w for f in _executed_fragments()) for w in words)
        return "prior_year_final_yuan" if executed else None
    if kind in NOT_THIS_YEAR:
        return None
    if kind is None:
        kinds = {column_kind(header, c, fiscal_year) for c in range(header.width)} & EXPLICIT_KINDS
        if len({"budget" if k in BUDGET_KINDS else k for k in kinds}) > 1:
            return None
        return "budget_yuan" if document_kind == "budget" else "final_yuan"
    if kind == "final":
        return "final_yuan" if document_kind == "final" else None
    if document_kind == "budget":
        return "budget_yuan" if kind in ("budget", "budget_initial") else None
    if kind == "budget_initial":
        # a 决算's 预算数 is the adjusted budget; a 年初预算数 beside it is another figure
        others = {column_kind(header, c, fiscal_year) for c in range(header.width)}
        return None if others & {"budget", "budget_full_year"} else "budget_yuan"
    return "budget_yuan"


@cache
def _executed_fragments() -> tuple[str, ...]:
    return tuple(header_word(w) for w in lexicon.load("disclosure")["column_kinds"]["final"])
