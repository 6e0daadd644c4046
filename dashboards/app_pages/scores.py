"""绩效评分: indicators and scores per unit, score vs. execution rate, high scores on low execution."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards.components import require_warehouse, show_table, sidebar_filters
from dashboards.data import query

st.title("绩效评分")
require_warehouse()
filters = sidebar_filters()
summary = query(
    f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, s.total_score as 总得分, s.self_rating as 自评等级,
           s.indicator_count as 指标个数, coalesce(b.execution_rate, b.execution_rate_reported) as 执行率,
           s.source_line as 行号, s.document_id, u.unit_id
    from marts.fct_evaluation_summary s join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    left join marts.fct_budget_execution b
        on b.document_id = s.document_id and b.scope = 'department' and b.line_item = 'total_funds'
    {filters.where("s.scope = 'department'")} order by 单位, 年度""",
    filters.params,
)
if summary.is_empty():
    st.info("当前筛选条件下没有自评得分数据。")
    st.stop()

st.subheader("总得分与执行率")
plotted = summary.drop_nulls(["总得分", "执行率"]).with_columns(pl.col("年度").cast(pl.Utf8))
if plotted.height:
    st.plotly_chart(
        px.scatter(plotted.to_pandas(), x="执行率", y="总得分", hover_name="单位", color="年度"),
        width="stretch",
    )
else:
    st.info("没有同时填报总得分与执行率的文档。")

threshold_score = st.slider("高分线", 60, 100, 90)
threshold_rate = st.slider("执行率低于", 0.5, 1.0, 0.9, step=0.01)
suspicious = summary.filter((summary["总得分"] >= threshold_score) & (summary["执行率"] < threshold_rate))
st.subheader("得分高而执行率低的单位")
show_table(suspicious, "高分低执行", "没有得分高而执行率低的单位。")

st.subheader("各单位自评总分")
show_table(summary, "自评总分")

st.subheader("绩效指标")
INDICATOR_ROWS_SHOWN = (
    2000  # a province has ~600,000 indicator rows: the page shows a window, filters narrow it
)
indicator_source = f"""
    from marts.fct_performance_indicators i join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()}"""
indicator_count = query(f"select count(*) as n {indicator_source}", filters.params)["n"][0]
indicators = query(
    f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, coalesce(i.project_name, '部门整体') as 范围,
           i.level1 as 一级指标, i.level2 as 二级指标, i.level3 as 三级指标, i.target_text as 年度指标值,
           i.actual_text as 实际完成值, i.weight as 分值, i.score as 得分, i.source_line as 行号,
           i.document_id, u.unit_id
    {indicator_source} order by 单位, 年度, 范围, i.source_line limit {INDICATOR_ROWS_SHOWN}""",
    filters.params,
)
if indicator_count > INDICATOR_ROWS_SHOWN:
    st.caption(
        f"共 {indicator_count:,} 条指标，显示前 {INDICATOR_ROWS_SHOWN:,} 条；用左侧的地区、单位、年度筛选缩小范围，"
        "或在 SQL 查询页查询全部。"
    )
show_table(indicators, "绩效指标")
