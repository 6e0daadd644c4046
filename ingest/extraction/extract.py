"""One Document → its identity, facts and findings: the form finder, then one extractor per form."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ingest.extraction.document import Document
from ingest.extraction.facts import Extraction
from ingest.extraction.forms import disclosure, final_accounts
from ingest.extraction.forms.common import Context
from ingest.extraction.forms.finder import FormSpan, find_forms
from ingest.extraction.forms.header import is_amount
from ingest.extraction.identity import Identity, fiscal_year, identify
from ingest.extraction.normalise import squash
from ingest.extraction.prose import extract_prose
from ingest.extraction.prose.disclosure_notes import read_disclosure_notes

Extractor = Callable[[FormSpan, Context], None]


@cache
def extractor_of(kind: str) -> Extractor | None:
    """The extractor of a form kind: `extract` of the module ingest/extraction/forms/<kind>.py (a form rule of
    lexicon forms.yaml names the kind), None for a kind read by nothing (a narrative report's project listing)."""
    try:
        module = importlib.import_module(f"ingest.extraction.forms.{kind}")
    except ModuleNotFoundError:
        return None
    return getattr(module, "extract", None)


_NARRATIVE_MARKS = ("自评报告", "评价报告", "绩效情况", "部门概况", "基本情况")
_FINAL_ACCOUNTS_MARKS = ("部门决算", "决算情况说明", "收入支出决算")


@dataclass
class DocumentExtraction:
    identity: Identity
    extraction: Extraction


def extract_document(doc: Document) -> DocumentExtraction:
    out = Extraction()
    budget_cover = _is_budget_disclosure(doc)
    spans = find_forms(doc, budget_cover)
    disclosure_kinds = {span.kind for span in spans if span.kind.startswith("disclosure_")}
    # a 预算 by its cover, or by its tables' own titles when the cover was not read
    budget_disclosure = budget_cover or disclosure_kinds == {"disclosure_budget"}
    ctx = Context(
        fiscal_year=fiscal_year(doc), out=out, document_kind="budget" if budget_disclosure else None
    )
    for seq, span in enumerate(spans, start=1):
        if span.kind == "unknown":
            out.tables.append(_table_row(seq, "other", span, 0, None, None))
            continue
        out.forms.add(span.form_code)
        before = len(out.facts)
        if span.kind.startswith("disclosure_"):
            reading = disclosure.extract(
                span.rows,
                ctx,
                span.table_code or "other",
                span.kind.split("_", 1)[1],
                span.form_code,
                span.caption,
                span.title,
            )
            out.tables.append(
                _table_row(
                    seq,
                    reading.table_code,
                    span,
                    reading.fact_count,
                    reading.number_count,
                    reading.mapped_count,
                )
            )
            continue
        if span.kind == "final_accounts":  # its statements are a 预算's when the document is one
            final_accounts.extract(span, ctx, "budget_" if budget_disclosure else "")
        elif (extractor := extractor_of(span.kind)) is not None:
            extractor(span, ctx)
        numbers, mapped = _cell_coverage(
            span, {f.source_line for f in out.facts[before:] if f.origin == "table"}
        )
        out.tables.append(
            _table_row(seq, span.table_code or span.form_code, span, len(out.facts) - before, numbers, mapped)
        )
    prose_text = "".join(squash(p.text) for p in doc.paragraphs)
    if any(m in prose_text for m in _NARRATIVE_MARKS) and len(doc.paragraphs) >= 5:
        out.forms.add("narrative_report")
    if any(m in prose_text for m in _FINAL_ACCOUNTS_MARKS) and not budget_disclosure:
        out.forms.add("final_accounts")
    if budget_disclosure:
        out.forms.add("budget_disclosure")
    extract_prose(doc, ctx)
    kind = "budget" if budget_disclosure else "final" if "final_accounts" in out.forms else None
    if kind is not None and any(t["table_code"] in disclosure.STANDARD_TABLES for t in out.tables):
        read_disclosure_notes(doc, ctx, kind)
    for line, message in doc.findings:
        source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else None
        out.finding("table_reading_unverified", "warning", message, line, source)
    identity = identify(doc, out.unit_names)
    if identity.unit_name is None:
        out.finding(
            "unit_not_found",
            "warning",
            "未能识别报送单位（封面、标题或“预算主管部门：”等处均未写明）：请核对",
            1,
            doc.lines[0] if doc.lines else None,
        )
    return DocumentExtraction(identity, out)


def _table_row(
    seq: int, table_code: str, span: FormSpan, fact_count: int, numbers: int | None, mapped: int | None
) -> dict:
    title = span.title or span.caption[-60:]
    return {
        "table_seq": seq,
        "table_code": table_code,
        "form_code": span.form_code,
        "title": title or None,
        "marked_empty": any(mark in span.note for mark in disclosure.empty_table_marks()),
        "source_line": span.rows[0].line if span.rows else None,
        "row_count": len(span.rows),
        "fact_count": fact_count,
        "number_count": numbers,
        "mapped_count": mapped,
    }


def _cell_coverage(span: FormSpan, fact_lines: set[int]) -> tuple[int, int]:
    """Figures in a form's cells, and how many of them became facts (a fact points at its cell's line)."""
    numbers = mapped = 0
    for row in span.rows:
        for cell in row.cells:
            if is_amount(cell.text) and len(cell.text.strip()) < 20:
                numbers += 1
                mapped += cell.line in fact_lines
    return numbers, mapped


_BUDGET_COVER = ("部门预算", "单位预算", "预算主管部门", "预算单位：")


def _is_budget_disclosure(doc: Document) -> bool:
    """The document presents itself as a 预算 (cover, first headings), not a 决算 or a self-evaluation."""
    head = "".join(squash(p.text) for p in doc.paragraphs[:5])
    if any(m in head for m in _BUDGET_COVER) and "决算" not in head and "自评" not in head:
        return True
    head = "".join(squash(p.text) for p in doc.paragraphs[:30])
    return "预算" in head and "决算" not in head and "自评" not in head and "绩效" not in head
