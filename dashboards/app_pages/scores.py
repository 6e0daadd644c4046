"""绩效评分: indicators and scores per unit, score vs. execution rate, high scores on low execution."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import require_warehouse, show_table, sidebar_filters

st.title("绩效评分")
require_warehouse()
filters = sidebar_filters()
summary = data.department_scores(filters)
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
indicator_count = data.indicator_count(filters)
indicators = data.indicators(filters, INDICATOR_ROWS_SHOWN)
if indicator_count > INDICATOR_ROWS_SHOWN:
    st.caption(
        f"共 {indicator_count:,} 条指标，显示前 {INDICATOR_ROWS_SHOWN:,} 条；用左侧的地区、单位、年度筛选缩小范围，"
        "或在 SQL 查询页查询全部。"
    )
show_table(indicators, "绩效指标")
