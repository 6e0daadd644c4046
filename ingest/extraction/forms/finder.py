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


@dataclass(frozen=True)
class FormRule:
    """A form a table can be (lexicon forms.yaml form_rules): its cells hold a word of every group of `cells`, its
    caption one of `caption` (when given), and no cell any of `not_cells`."""

    form_code: str
    kind: str
    cells: tuple[tuple[str, ...], ...]
    caption: tuple[str, ...] = ()
    not_cells: tuple[str, ...] = ()

    def matches(self, cells_text: str, caption: str) -> bool:
        """`cells_text`: the table's squashed cells joined by NUL, which no word holds (so a word found in it is
        found in one cell): one search per word instead of one per word and cell."""

        def held(words: tuple[str, ...]) -> bool:
            return any(word in cells_text for word in words)

        return (
            all(held(group) for group in self.cells)
            and (not self.caption or any(word in caption for word in self.caption))
            and not (self.not_cells and held(self.not_cells))
        )


@cache
def form_rules() -> tuple[FormRule, ...]:
    return tuple(
        FormRule(
            rule["form"],
            rule["kind"],
            tuple(tuple(group) for group in rule["cells"]),
            tuple(rule.get("caption", ())),
            tuple(rule.get("not_cells", ())),
        )
        for rule in lexicon.load("forms")["form_rules"]
    )


def classify(rows: list[Row], caption: str) -> tuple[str, str]:
    """(form code, kind) of the first form rule the table meets; ("unknown", "unknown") when none."""
    cells_text = "\0".join(squash(c.text) for r in rows for c in r.cells)
    for rule in form_rules():
        if rule.matches(cells_text, caption):
            return rule.form_code, rule.kind
    return "unknown", "unknown"


def _is_title_row(row: Row) -> bool:
    filled = [text for text in (squash(c.text) for c in row.cells) if text]
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
