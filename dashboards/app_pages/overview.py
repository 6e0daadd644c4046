"""总览: what the warehouse holds, headline totals and the state of the latest refresh."""

import _bootstrap  # noqa: F401
import streamlit as st

from dashboards.components import require_warehouse, show_table, sidebar_filters, wan
from dashboards.data import query
from dashboards.labels import labelled, labelled_list

st.title("总览")
require_warehouse()
filters = sidebar_filters()
base = f"from marts.dim_document d join marts.dim_unit u using (unit_id) {filters.where()}"
counts = query(
    f"""
    select count(*) as documents, count(distinct u.unit_id) as units, count(distinct d.fiscal_year) as years,
           max(d.ingested_at) as latest
    {base}""",
    filters.params,
).row(0, named=True)
totals = query(
    f"""
    select sum(b.executed_yuan) as executed, sum(b.budget_full_year_yuan) as budget,
           (select count(*) from marts.fct_quality_findings q join marts.dim_document d using (document_id)
            join marts.dim_unit u using (unit_id) {filters.where()}) as findings
    from marts.fct_budget_execution b join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where("b.scope = 'department' and b.line_item = 'total_funds'")}""",
    filters.params + filters.params,
).row(0, named=True)
row = st.columns(4)
row[0].metric("文档", f"{counts['documents']:,}")
row[1].metric("单位", f"{counts['units']:,}")
row[2].metric("年度", f"{counts['years']:,}")
row[3].metric("质量问题", f"{totals['findings']:,}")
row = st.columns(3)
row[0].metric("部门整体全年预算合计", wan(totals["budget"]))
row[1].metric("部门整体执行数合计", wan(totals["executed"]))
rate = float(totals["executed"]) / float(totals["budget"]) if totals["budget"] else None
row[2].metric("整体执行率", "—" if rate is None else f"{rate:.1%}")
st.caption(f"最近一次入库：{counts['latest'] or '—'}")

st.subheader("各单位、各年度的文档")
documents = query(
    f"""
    select u.province as 省, u.city as 市, u.county as 县, u.unit_name as 单位, d.fiscal_year as 年度,
           d.source_file as 文件, d.forms, d.status, d.fact_count as 数字个数, d.document_id, u.unit_id
    {base} order by 省, 市, 县, 单位, 年度""",
    filters.params,
)
if documents.height:
    documents = documents.with_columns(
        labelled_list("forms", "form", "报表"), labelled("status", "status", "状态")
    ).drop("forms", "status")
    documents = documents.select(
        "省", "市", "县", "单位", "年度", "文件", "报表", "状态", "数字个数", "document_id", "unit_id"
    )
show_table(documents, "文档清单")

quarantine = query("select source_file as 文件, reason as 原因, quarantined_at as 时间 from marts.quarantine")
if quarantine.height:
    st.subheader("最近刷新中被隔离的文件")
    show_table(quarantine, "隔离文件")
