"""社保基金收支: fund income and expenditure by scheme and year, contribution vs. target."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards.components import (
    document_link,
    money_columns_in_wan,
    require_warehouse,
    show_table,
    sidebar_filters,
)
from dashboards.data import query
from dashboards.labels import FLOW, POPULATION, SCHEME

st.title("社保基金收支")
require_warehouse()
filters = sidebar_filters()
rows = query(
    f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, f.scheme, f.population, f.flow,
           f.amount_yuan as 金额_yuan, f.target_yuan as 任务数_yuan, f.completion_rate_reported as 完成率,
           f.source_text as 出处原文, f.document_id
    from marts.fct_fund_flows f join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()} order by 单位, 年度""",
    filters.params,
)
if rows.is_empty():
    st.info("当前筛选条件下没有社保基金收支数据（这些数字来自自评报告正文）。")
    st.stop()
rows = rows.with_columns(
    pl.col("scheme").replace_strict(SCHEME, default=pl.col("scheme")).alias("险种"),
    pl.col("flow").replace_strict(FLOW, default=pl.col("flow")).alias("收支项目"),
    pl.col("population").replace_strict(POPULATION, default=pl.col("population")).alias("人群"),
)

st.subheader("按险种、年度的收支（万元）")
chart = money_columns_in_wan(
    rows.filter(pl.col("population") == "all")
    .group_by("年度", "险种", "收支项目")
    .agg(pl.col("金额_yuan").sum())
)
if chart.height:
    chart = chart.with_columns(pl.col("年度").cast(pl.Utf8))
    figure = px.bar(
        chart.to_pandas(), x="险种", y="金额_万元", color="收支项目", barmode="group", facet_col="年度"
    )
    figure.update_yaxes(tickformat=",.0f")
    st.plotly_chart(figure, width="stretch")

st.subheader("征缴收入与任务数")
targets = rows.filter(pl.col("任务数_yuan").is_not_null())
table, links = document_link(money_columns_in_wan(targets.drop("scheme", "flow", "population")))
show_table(table, "征缴任务完成", "没有填报任务数的征缴收入。", column_config=links)

st.subheader("全部收支数字")
table, links = document_link(money_columns_in_wan(rows.drop("scheme", "flow", "population")))
show_table(table, "社保基金收支", column_config=links)
