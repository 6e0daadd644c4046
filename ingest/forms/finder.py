"""Label the tables of a Document with the contract's form codes, from titles and header rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.document import Document, Paragraph, Row, Table
from ingest.normalise import squash

_TITLE_ROW = re.compile(
    r"(自评表|完成情况表|基础数据表|决算表|预算表|情况表|明细表|自评报告)[）)]?(\(?\d{4}年度\)?)?$"
)


@dataclass
class FormSpan:
    form_code: str  # contract form code
    kind: str  # which extractor reads it
    rows: list[Row]
    caption: str  # title row / preceding paragraphs, squashed


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
        if _has(texts, "部门名称") or ("部门整体" in caption and not _has(texts, "项目名称", "项目支出名称")):
            return "dept_self_eval", "self_eval"
        if is_project:
            return "project_self_eval", "self_eval"
        return "dept_self_eval", "self_eval"
    return "unknown", "unknown"


def _is_title_row(row: Row) -> bool:
    filled = [squash(c.text) for c in row.cells if squash(c.text)]
    return len(filled) == 1 and bool(_TITLE_ROW.search(filled[0])) and len(filled[0]) <= 40


def find_forms(doc: Document) -> list[FormSpan]:
    spans: list[FormSpan] = []
    recent: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            recent = (recent + [squash(block.text)])[-3:]
            continue
        assert isinstance(block, Table)
        segments: list[tuple[str, list[Row]]] = []
        caption = "".join(recent)
        current: list[Row] = []
        for row in block.rows:
            if _is_title_row(row):
                if current:
                    segments.append((caption, current))
                caption = squash(row.cells[0].text if row.cells else "") + "".join(
                    squash(c.text) for c in row.cells[1:]
                )
                current = []
                continue
            current.append(row)
        if current:
            segments.append((caption, current))
        for seg_caption, rows in segments:
            form_code, kind = classify(rows, seg_caption)
            spans.append(FormSpan(form_code, kind, rows, seg_caption))
        recent = []
    return spans
