"""Label the tables of a Document with the contract's form codes, from titles and header rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.document import Document, Paragraph, Row, Table
from ingest.extraction.forms.disclosure import disclosure_kind, table_code_of
from ingest.extraction.normalise import squash


@cache
def _title_row() -> re.Pattern:
    """A title's end (lexicon forms.yaml title_row_ends), maybe a closing bracket and the year after it."""
    ends = "|".join(re.escape(w) for w in lexicon.words("forms", "title_row_ends"))
    return re.compile(rf"({ends})[）)]?(\(?\d{{4}}年度\)?)?$")


def is_targets_title(text: str) -> bool:
    """A 预算's 绩效目标表 named in the text (forms.yaml targets_titles), not a self-evaluation's."""
    return any(w in text for w in lexicon.words("forms", "targets_titles")) and not any(
        w in text for w in lexicon.words("forms", "targets_title_blockers")
    )


@dataclass
class FormSpan:
    form_code: str  # contract form code
    kind: str  # which extractor reads it
    rows: list[Row]
    caption: str  # title row / preceding paragraphs, squashed
    table_code: str | None = None  # a 预算 / 决算 disclosure table's standard code (marts.document_tables)
    title: str = ""  # the table's title as written, where one was found
    note: str = ""  # the paragraphs right after the table (注：…), squashed


def _has(texts: list[str], sign: str) -> bool:
    """Whether a cell holds a word of the sign (lexicon forms.yaml form_signs)."""
    return any(any(n in t for t in texts) for n in lexicon.words("forms", "form_signs." + sign))


def _names(caption: str, words: str) -> bool:
    return any(w in caption for w in lexicon.words("forms", words))


def classify(rows: list[Row], caption: str) -> tuple[str, str]:
    texts = [squash(c.text) for r in rows for c in r.cells]
    if _has(texts, "basic_data"):
        return "basic_data_table", "basic_data"
    if _has(texts, "final_accounts") or (
        _has(texts, "final_accounts_names") and _has(texts, "final_accounts_totals")
    ):
        return "final_accounts", "final_accounts"
    if _has(texts, "project_report") and _has(texts, "project_report_fields"):
        return "project_self_eval_report", "project_report"
    is_project = _has(texts, "project_fields") or _names(caption, "project_caption_words")
    if _has(texts, "self_eval"):
        if _has(texts, "project_listing"):
            return "narrative_report", "project_listing"
        whole = _names(caption, "department_caption_words")  # 部门（单位）整体支出绩效自评表
        if _has(texts, "department_fields") or (whole and not _has(texts, "project_fields")):
            return "dept_self_eval", "self_eval"
        if is_project:
            return "project_self_eval", "self_eval"
        return "dept_self_eval", "self_eval"
    return "unknown", "unknown"


def _is_title_row(row: Row) -> bool:
    filled = [squash(c.text) for c in row.cells if squash(c.text)]
    return len(filled) == 1 and bool(_title_row().search(filled[0])) and len(filled[0]) <= 40


def _disclosure_title(texts: list[str]) -> tuple[str, str] | None:
    """(table code, title) from the nearest caption text that names a standard disclosure table."""
    for text in reversed(texts):
        if len(text) <= 60 and (code := table_code_of(text)):
            return code, text
    return None


def find_forms(doc: Document, budget_document: bool = False) -> list[FormSpan]:
    """`budget_document`: the document presents itself as a 预算 (its cover or first heading), which decides the
    form of a disclosure table whose title names neither 预算 nor 决算."""
    spans: list[FormSpan] = []
    recent: list[str] = []
    after_table: list[FormSpan] = []  # the spans of the table just read, whose notes follow it
    notes_read = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            recent = (recent + [squash(block.text)])[-3:]
            if after_table and notes_read < 2:
                after_table[-1].note += squash(block.text)
                notes_read += 1
            continue
        assert isinstance(block, Table)
        segments: list[tuple[str, list[str], list[Row]]] = []
        caption = "".join(recent)
        captions = list(recent)
        current: list[Row] = []
        for row in block.rows:
            if _is_title_row(row):
                if current:
                    segments.append((caption, captions, current))
                caption = squash(row.cells[0].text if row.cells else "") + "".join(
                    squash(c.text) for c in row.cells[1:]
                )
                captions = [caption]
                current = []
                continue
            current.append(row)
        if current:
            segments.append((caption, captions, current))
        added: list[FormSpan] = []
        for seg_caption, seg_captions, rows in segments:
            disclosure = _disclosure_title(seg_captions)
            if disclosure is not None:
                table_code, title = disclosure
                kind = disclosure_kind(title) or ("budget" if budget_document else "final")
                form_code = "budget_disclosure" if kind == "budget" else "final_accounts"
                added.append(FormSpan(form_code, "disclosure_" + kind, rows, seg_caption, table_code, title))
                spans.append(added[-1])
                continue
            previous = spans[-1] if spans else None
            if (
                previous is not None
                and previous.kind.startswith("disclosure_")
                and _same_header(previous, rows)
            ):
                # the rest of a disclosure table a page break cut off, its header repeated and no title of its own
                previous.rows.extend(rows)
                continue
            first_row = "".join(squash(c.text) for c in rows[0].cells) if rows else ""
            if is_targets_title(seg_caption + first_row[:40]):
                added.append(
                    FormSpan("performance_targets", "targets", rows, seg_caption, "performance_targets")
                )
                spans.append(added[-1])
                continue
            form_code, kind = classify(rows, seg_caption)
            added.append(
                FormSpan(form_code, kind, rows, seg_caption, None if kind == "unknown" else form_code)
            )
            spans.append(added[-1])
        recent = []
        after_table, notes_read = added, 0
    return spans


def _same_header(span: FormSpan, rows: list[Row]) -> bool:
    """The rows open with the span's own header rows (at least its first two, word for word)."""

    def texts(row: Row) -> list[str]:
        return [squash(c.text) for c in row.cells]

    depth = 2
    if len(span.rows) < depth or len(rows) < depth:
        return False
    head = [texts(r) for r in span.rows[:depth]]
    return [texts(r) for r in rows[:depth]] == head and any(any(t for t in h) for h in head)
