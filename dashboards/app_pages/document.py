"""文档: one document's figures, each with the line it came from shown in its context."""

import _bootstrap  # noqa: F401
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import money_columns_in_wan, require_warehouse, show_table, sidebar_filters
from dashboards.labels import label, labelled, with_chinese_headers

# the marts a document's figures are shown from, in this order (their Chinese names: dim_code, kind "mart")
MARTS = [
    "fct_budget_execution",
    "fct_three_public_expenses",
    "fct_fund_flows",
    "fct_coverage",
    "fct_performance_indicators",
    "fct_evaluation_summary",
    "fct_evaluation_overview",
    "fct_staffing",
    "fct_final_accounts",
    "fct_economic_classification",
    "document_tables",
]
# mart column → the kind of code it holds (dim_code)
CODE_COLUMNS = {
    "scope": "scope",
    "line_item": "line_item",
    "category": "category",
    "scheme": "scheme",
    "population": "population",
    "flow": "flow",
    "measure": "measure",
    "statement": "statement",
    "value_unit": "value_unit",
    "rating": "rating",
    "table_code": "table_code",
    "form_code": "form",
}


def readable(frame: pl.DataFrame) -> pl.DataFrame:
    """A mart's rows as an analyst reads them: codes as their Chinese names, money in 万元, Chinese headers."""
    frame = frame.drop([c for c in ("source_lines", "batch_id") if c in frame.columns])
    frame = frame.with_columns(labelled(c, kind) for c, kind in CODE_COLUMNS.items() if c in frame.columns)
    return money_columns_in_wan(with_chinese_headers(frame, keep=("document_id",)))


st.title("文档")
require_warehouse()
filters = sidebar_filters()
documents = data.document_choices(filters)
if documents.is_empty():
    st.info("当前筛选条件下没有文档。")
    st.stop()
ids: list[str] = documents["document_id"].to_list()
labels = dict(zip(ids, documents["label"].to_list(), strict=True))
wanted = st.query_params.get("document_id")
document_id: str = st.selectbox(
    "选择文档（单位 · 年度 · 文件）",
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda i: labels[i],
)
st.query_params["document_id"] = document_id

present = data.mart_tables()
about = data.document(document_id)
facts = st.columns(4)
facts[0].metric("年度", about["fiscal_year"] or "—")
facts[1].metric("文件格式", label("file_format", about["file_format"]))
facts[2].metric("状态", label("status", about["status"]))
facts[3].metric("报表", len(about["forms"] or []))
if about["forms"]:
    st.caption("识别出的报表：" + "、".join(label("form", f) for f in about["forms"]))
if about["unit_id"]:
    st.markdown(f"单位画像：[{about['unit_name']}](unit?unit_id={about['unit_id']})")

for mart in MARTS:
    title = label("mart", mart)
    if mart not in present:
        continue  # a warehouse built before this mart existed
    frame = data.document_rows(mart, document_id)
    if frame.is_empty():
        continue
    with st.expander(f"{title}（{frame.height} 行）", expanded=mart == "fct_budget_execution"):
        show_table(readable(frame), f"{title}_{document_id}")

st.subheader("原文")
lines = data.document_lines(document_id)
if lines.is_empty():
    st.info("这个文档没有保存原文。")
    st.stop()
line_no = st.number_input(
    "行号（查看某个数字的出处）",
    min_value=1,
    max_value=lines.height,
    value=int(st.query_params.get("line", 1)),
    step=1,
)
window = lines.filter(pl.col("line_no").is_between(line_no - 8, line_no + 8))
text = "\n".join(
    ("▶ " if r["line_no"] == line_no else "  ") + f"{r['line_no']:>5}  " + r["line_text"].replace("\t", " ⇥ ")
    for r in window.iter_rows(named=True)
)
where = lines.filter(pl.col("line_no") == line_no)["location"].to_list()
if where and where[0]:
    st.caption(f"原文件中的位置：{where[0]}")
st.code(text, language=None)
