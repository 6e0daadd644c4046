"""数据质量: the quality findings as a review queue (已核实 / 误报 / 已整改 with a note, kept across refreshes),
the figures the extractor could not map, and the quarantined files."""

import _bootstrap  # noqa: F401
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import choose_many, require_warehouse, show_table, sidebar_filters
from dashboards.labels import label, labelled, readable, readable_column
from dashboards.reviews import (
    FINDING_COLUMNS,
    OPEN,
    STATUSES,
    FindingRef,
    attach_reviews,
    load_reviews,
    orphaned_reviews,
    save_review,
    store_path,
)

QUEUE_ROWS_SHOWN = 5000  # a province holds hundreds of thousands of findings: the filters narrow the queue
REVIEW_CHOICES_SHOWN = 500  # the picker lists the first findings of the queue


st.title("数据质量")
require_warehouse()
filters = sidebar_filters()
store = store_path(data.warehouse_path())
reviews = load_reviews(store)
reviewed_documents = sorted(set(reviews["document_id"].to_list()))
counts = data.finding_counts(filters)

severities = ["error", "warning", "info"]
chosen_severities = choose_many(
    "严重程度", severities, default=["error", "warning"], format_func=lambda c: label("severity", c)
)
checks = sorted(counts["check_code"].unique().to_list()) if counts.height else []
chosen_checks = choose_many("检查项", checks, format_func=lambda c: label("check_code", c))
chosen_statuses = choose_many(
    "复核状态", list(STATUSES), default=[OPEN], format_func=STATUSES.get, key="review_status_filter"
)

# severity and check narrow the query; the review status is known to the store only, so a queue without
# 待复核 asks for the reviewed documents' findings, and one with it reads as many rows more as there are reviews
findings = data.findings(
    filters,
    chosen_severities,
    chosen_checks,
    reviewed_documents if chosen_statuses and OPEN not in chosen_statuses else None,
    QUEUE_ROWS_SHOWN + reviews.height,
)
findings = attach_reviews(findings, reviews)
queue = findings.filter(pl.col("status").is_in(chosen_statuses) if chosen_statuses else pl.lit(True)).head(
    QUEUE_ROWS_SHOWN
)
matching = counts.filter(
    pl.col("severity").is_in(chosen_severities)
    & (pl.col("check_code").is_in(chosen_checks) if chosen_checks else pl.lit(True))
)["n"].sum()
table = queue.with_columns(
    labelled("severity", "severity", "严重程度"),
    labelled("check_code", "check_code", "检查项"),
    readable_column("message", "说明"),
    pl.col("source_line").alias("行号"),
    pl.col("status").replace(STATUSES).alias("复核状态"),
    pl.col("note").alias("复核说明"),
    pl.col("reviewer").alias("复核人"),
    pl.col("reviewed_at").alias("复核时间"),
).select(
    # the review first and the long message last: what was decided is seen at a glance
    "复核状态",
    "严重程度",
    "检查项",
    "单位",
    "年度",
    "行号",
    "复核说明",
    "复核人",
    "复核时间",
    "说明",
    "document_id",
    "unit_id",
)
st.subheader(f"问题清单（{queue.height} 条）")
if queue.height == QUEUE_ROWS_SHOWN:
    st.caption(
        f"符合严重程度与检查项的问题共 {matching:,} 条，这里列出前 {QUEUE_ROWS_SHOWN:,} 条；"
        "用左侧的地区、单位、年度或上面的检查项缩小范围，或用 jixiao findings 列出全部。"
    )
selection = show_table(table, "质量问题", "没有符合条件的质量问题。", selectable=True)

if queue.height:
    st.subheader("复核")
    # the first rows of the table, in its order: a row picked in the table is the same row here
    shown = queue.head(REVIEW_CHOICES_SHOWN).iter_rows(named=True)
    by_key = {FindingRef(*(r[c] for c in FINDING_COLUMNS)).key: r for r in shown}
    keys = list(by_key)
    selected_rows = selection.selection.rows if selection is not None else []
    if selected_rows and selected_rows[0] < len(keys):
        st.session_state["review_finding"] = keys[selected_rows[0]]
    if st.session_state.get("review_finding") not in by_key:
        st.session_state.pop("review_finding", None)
    if queue.height > REVIEW_CHOICES_SHOWN:
        st.caption(f"下面只列出前 {REVIEW_CHOICES_SHOWN} 条；用筛选条件缩小范围。")

    def _describe(key: str) -> str:
        r = by_key[key]
        line = f"第{r['source_line']}行 · " if r["source_line"] is not None else ""
        checked = label("check_code", r["check_code"])
        return f"{r['单位']} · {r['年度'] or '—'} · {checked} · {line}{(readable(r['message']) or '')[:80]}"

    chosen_key = st.selectbox(
        "要复核的问题（可在上表中点选一行，或在此输入单位、说明中的文字查找）",
        keys,
        format_func=_describe,
        key="review_finding",
        placeholder="选择一个问题",
    )
    current = by_key[chosen_key] if chosen_key else None
    if current is not None:
        choices = [c for c in STATUSES if c != OPEN] + [OPEN]
        status = st.radio(
            "复核结论",
            choices,
            format_func=STATUSES.get,
            horizontal=True,
            index=choices.index(current["status"]) if current["status"] != OPEN else 0,
            key=f"review_status_{chosen_key}",
        )
        note = st.text_area(
            "复核说明",
            value=current["note"] or "",
            placeholder="核实情况、整改情况等",
            key=f"review_note_{chosen_key}",
        )
        reviewer = st.text_input("复核人", key="reviewer", placeholder="姓名")
        if st.button("保存复核", type="primary"):
            save_review(
                store,
                FindingRef(*(current[c] for c in FINDING_COLUMNS)),
                status,
                note,
                reviewer or None,
            )
            st.session_state["review_saved"] = (
                f"已保存：{STATUSES[status]} — {(readable(current['message']) or '')[:60]}"
            )
            st.rerun()
if "review_saved" in st.session_state:
    st.success(st.session_state.pop("review_saved"))

gone = reviews
if reviews.height:  # which reviewed findings the warehouse still holds
    gone = orphaned_reviews(data.findings_of_documents(reviewed_documents), reviews)
if gone.height:
    st.subheader(f"问题已不再出现的复核记录（{gone.height} 条）")
    st.caption("文档已更新或检查结果已变化；复核记录保留原问题的说明。")
    show_table(
        gone.select(
            pl.col("document_id"),
            labelled("check_code", "check_code", "检查项"),
            readable_column("message", "说明"),
            pl.col("source_line").alias("行号"),
            pl.col("status").replace(STATUSES).alias("复核状态"),
            pl.col("note").alias("复核说明"),
            pl.col("reviewer").alias("复核人"),
            pl.col("reviewed_at").alias("复核时间"),
        ),
        "已不再出现的问题",
    )

st.subheader("未能归类的正文数字")
show_table(data.unmapped_figures(filters), "未归类数字", "没有未归类的数字。")

quarantine = data.quarantined_files()
st.subheader("隔离文件")
show_table(quarantine, "隔离文件", "没有被隔离的文件。")
