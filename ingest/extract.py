"""One Document → its identity, facts and findings: the form finder, then one extractor per form."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.document import Document
from ingest.facts import Extraction
from ingest.forms import basic_data, final_accounts, project_report, self_eval
from ingest.forms.common import Context
from ingest.forms.finder import find_forms
from ingest.identity import Identity, fiscal_year, identify
from ingest.normalise import squash
from ingest.prose import extract_prose

_EXTRACTORS = {
    "basic_data": basic_data.extract,
    "self_eval": self_eval.extract,
    "project_report": project_report.extract,
}

_NARRATIVE_MARKS = ("自评报告", "评价报告", "绩效情况", "部门概况", "基本情况")
_FINAL_ACCOUNTS_MARKS = ("部门决算", "决算情况说明", "收入支出决算")


@dataclass
class DocumentExtraction:
    identity: Identity
    extraction: Extraction


def extract_document(doc: Document) -> DocumentExtraction:
    out = Extraction()
    ctx = Context(fiscal_year=fiscal_year(doc), out=out)
    budget_disclosure = _is_budget_disclosure(doc)
    for span in find_forms(doc):
        if span.kind == "unknown":
            continue
        out.forms.add(span.form_code)
        if span.kind == "final_accounts":
            final_accounts.extract(span, ctx, "budget_" if budget_disclosure else "")
        elif span.kind in _EXTRACTORS:
            _EXTRACTORS[span.kind](span, ctx)
    prose_text = "".join(squash(p.text) for p in doc.paragraphs)
    if any(m in prose_text for m in _NARRATIVE_MARKS) and len(doc.paragraphs) >= 5:
        out.forms.add("narrative_report")
    if any(m in prose_text for m in _FINAL_ACCOUNTS_MARKS):
        out.forms.add("final_accounts")
    extract_prose(doc, ctx)
    for line, message in doc.findings:
        source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else None
        out.finding("table_reading_unverified", "warning", message, line, source)
    identity = identify(doc, out.unit_names)
    return DocumentExtraction(identity, out)


def _is_budget_disclosure(doc: Document) -> bool:
    head = "".join(squash(p.text) for p in doc.paragraphs[:30])
    return "预算" in head and "决算" not in head and "自评" not in head and "绩效" not in head
