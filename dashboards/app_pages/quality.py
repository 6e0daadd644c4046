"""数据质量: the quality findings as a review queue, and the figures the extractor could not map."""

import _bootstrap  # noqa: F401
import streamlit as st

from dashboards.components import document_link, require_warehouse, show_table, sidebar_filters
from dashboards.data import query

SEVERITY_ORDER = "case severity when 'error' then 0 when 'warning' then 1 else 2 end"

st.title("数据质量")
require_warehouse()
filters = sidebar_filters()
findings = query(
    f"""
    select q.severity as 严重程度, q.check_code as 检查项, u.unit_name as 单位, d.fiscal_year as 年度,
           q.message as 说明, q.source_line as 行号, q.document_id
    from marts.fct_quality_findings q join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()} order by {SEVERITY_ORDER}, 单位, 年度, 行号""",
    filters.params,
)
severities = st.multiselect("严重程度", ["error", "warning", "info"], default=["error", "warning"])
checks = sorted(findings["检查项"].unique().to_list()) if findings.height else []
chosen_checks = st.multiselect("检查项", checks, default=checks)
queue = findings.filter(findings["严重程度"].is_in(severities) & findings["检查项"].is_in(chosen_checks))
st.subheader(f"待复核问题（{queue.height} 条）")
table, links = document_link(queue)
show_table(table, "质量问题", "没有符合条件的质量问题。", column_config=links)

st.subheader("未能归类的正文数字")
unmapped = query(
    f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, m.figure_text as 数字, m.sentence as 句子,
           m.source_line as 行号, m.reason as 原因, m.document_id
    from marts.unmapped_figures m join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()} order by 单位, 年度, 行号""",
    filters.params,
)
table, links = document_link(unmapped)
show_table(table, "未归类数字", "没有未归类的数字。", column_config=links)

quarantine = query("select source_file as 文件, reason as 原因, quarantined_at as 时间 from marts.quarantine")
st.subheader("隔离文件")
show_table(quarantine, "隔离文件", "没有被隔离的文件。")
