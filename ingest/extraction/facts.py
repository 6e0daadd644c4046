"""Raw facts: one measured figure with its key, its value and where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

KEY_COLUMNS = (
    "scope",
    "project_name",
    "line_item",
    "category",
    "scheme",
    "population",
    "flow",
    "measure",
    "level1",
    "level2",
    "level3",
    "statement",
    "subject_code",
)


@dataclass
class Fact:
    mart: str  # the contract's table name, e.g. 'fct_budget_execution'
    key: dict[str, str | None]
    measure_name: str  # the mart column, e.g. 'executed_yuan'
    value_num: Decimal | None
    value_text: str | None
    precision: Decimal | None  # half-width of the rounding interval of the written figure
    origin: str  # 'table' or 'prose'
    form_code: str
    source_line: int
    source_text: str


@dataclass
class Finding:
    check_code: str
    severity: str  # error / warning / info
    message: str
    source_line: int | None
    source_text: str | None = None


@dataclass
class Extraction:
    """What the extractors found in one document."""

    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unmapped: list[dict] = field(default_factory=list)
    unit_names: list[tuple[str, int]] = field(default_factory=list)  # candidates with their line
    supervising_departments: list[str] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)
    # one row per table found (marts.document_tables): code, title, line, rows, facts and coverage counts
    tables: list[dict] = field(default_factory=list)

    def add(
        self,
        mart: str,
        key: dict,
        measure_name: str,
        *,
        value_num: Decimal | None = None,
        value_text: str | None = None,
        precision: Decimal | None = None,
        origin: str = "table",
        form_code: str,
        source_line: int,
        source_text: str,
    ) -> None:
        if value_num is None and value_text is None:
            return
        self.facts.append(
            Fact(
                mart,
                dict(key),
                measure_name,
                value_num,
                value_text,
                precision,
                origin,
                form_code,
                source_line,
                source_text,
            )
        )

    def finding(
        self,
        check_code: str,
        severity: str,
        message: str,
        source_line: int | None,
        source_text: str | None = None,
    ) -> None:
        self.findings.append(Finding(check_code, severity, message, source_line, source_text))
