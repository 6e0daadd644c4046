"""预算执行: budget vs. execution by unit and year, the execution-rate distribution and ranking, projects."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import money_columns_in_wan, require_warehouse, show_table, sidebar_filters
from dashboards.labels import labelled

st.title("预算执行")
require_warehouse()
filters = sidebar_filters()
department = data.budget_execution(filters)

if department.is_empty():
    st.info("当前筛选条件下没有部门整体预算执行数据（年度资金总额）。")
else:
    chart_data = money_columns_in_wan(department).with_columns(pl.col("年度").cast(pl.Utf8))
    st.subheader("全年预算数与执行数（万元）")
    long = chart_data.unpivot(
        index=["单位", "年度"], on=["全年预算数_万元", "执行数_万元"], variable_name="口径", value_name="万元"
    ).with_columns(pl.col("口径").str.replace("_万元", ""))
    figure = px.bar(long.to_pandas(), x="单位", y="万元", color="口径", barmode="group", facet_col="年度")
    figure.update_yaxes(tickformat=",.2f")
    st.plotly_chart(figure, width="stretch")

    left, right = st.columns(2)
    with left:
        st.subheader("执行率分布")
        histogram = px.histogram(department.to_pandas(), x="执行率", nbins=20, labels={"count": "单位数"})
        histogram.update_yaxes(title_text="单位数")
        st.plotly_chart(histogram, width="stretch")
    with right:
        st.subheader("执行率排名（由低到高）")
        ranking = department.select("单位", "年度", "执行率", "行号", "document_id", "unit_id").sort("执行率")
        show_table(ranking.with_columns(pl.col("执行率").round(4)), "执行率排名")

    st.subheader("部门整体预算执行")
    show_table(money_columns_in_wan(department), "部门整体预算执行")

st.subheader("项目明细")
projects = (
    data.project_execution(filters)
    .with_columns(labelled("line_item", "line_item", "资金行"))
    .drop("line_item")
)
projects = projects.select(
    "单位",
    "年度",
    "项目",
    "资金行",
    *[c for c in projects.columns if c not in ("单位", "年度", "项目", "资金行")],
)
show_table(money_columns_in_wan(projects), "项目预算执行")
