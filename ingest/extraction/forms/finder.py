"""Label the tables of a Document with the contract's form codes, from titles and header rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extraction.document import Document, Paragraph, Row, Table
from ingest.extraction.forms.disclosure import disclosure_kind, table_code_of
from ingest.extraction.normalise import squash

_TARGETS_TITLE = re.compile(r"绩效目标(表|填报表|申报表|设置表)")
_TITLE_ROW = re.compile(
    r"(自评表|完成情况表|基础数据表|决算表|预算表|情况表|明细表|自评报告|总表|支出表|收入表)[）)]?(\(?\d{4}年度\)?)?$"
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


def _has(texts: list[str], *needles: str) -> bool:
    return any(any(n in t for t in texts) for n in needles)


def classify(rows: list[Row], caption: str) -> tuple[str, str]:
    texts = [squash(c.text) for r in rows for c in r.cells]
    if _has(texts, "财政供养人员情况", "经费控制情况"):
        return "basic_data_table", "basic_data"
    if _has(texts, "支出功能分类科目", "科目编码") or (
        _has(texts, "科目名称") and _has(texts, "本年收入合计", "本年支出合计", "合计")
    ):
        return "final_accounts", "final_accounts"
    if _has(texts, "专项名称") and _has(texts, "年度预算金额", "项目主管部门"):
        return "project_self_eval_report", "project_report"
    is_project = _has(texts, "项目支出名称", "项目名称") or "项目" in caption
    if _has(texts, "年度资金总额", "预算执行情况", "一级指标"):
        if _has(texts, "排序序号"):
            return "narrative_report", "project_listing"
        whole = "部门整体" in caption or "整体支出" in caption  # 部门（单位）整体支出绩效自评表
        if _has(texts, "部门名称", "部门（单位）名称", "部门(单位)名称") or (
            whole and not _has(texts, "项目名称", "项目支出名称")
        ):
            return "dept_self_eval", "self_eval"
        if is_project:
            return "project_self_eval", "self_eval"
        return "dept_self_eval", "self_eval"
    return "unknown", "unknown"


def _is_title_row(row: Row) -> bool:
    filled = [squash(c.text) for c in row.cells if squash(c.text)]
    return len(filled) == 1 and bool(_TITLE_ROW.search(filled[0])) and len(filled[0]) <= 40


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
            if (
                _TARGETS_TITLE.search(seg_caption + first_row[:40])
                and "自评" not in seg_caption + first_row[:40]
            ):
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
