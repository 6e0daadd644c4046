"""社保基金收支: fund income and expenditure by scheme and year, contribution vs. target."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import money_columns_in_wan, require_warehouse, show_table, sidebar_filters
from dashboards.labels import labelled

st.title("社保基金收支")
require_warehouse()
filters = sidebar_filters()
rows = data.fund_flows(filters)
if rows.is_empty():
    st.info("当前筛选条件下没有社保基金收支数据（这些数字来自自评报告正文）。")
    st.stop()
rows = rows.with_columns(
    labelled("scheme", "scheme", "险种"),
    labelled("flow", "flow", "收支项目"),
    labelled("population", "population", "人群"),
)
ORDER = ["单位", "年度", "险种", "收支项目", "人群", "金额_yuan", "任务数_yuan", "完成率", "出处原文", "行号"]
rows = rows.select(*ORDER, *[c for c in rows.columns if c not in ORDER])

st.subheader("按险种、年度的收支（万元）")
chart = money_columns_in_wan(
    rows.filter(pl.col("population") == "all")
    .group_by("年度", "险种", "收支项目", maintain_order=True)
    .agg(pl.col("金额_yuan").sum())
)
if chart.height:
    chart = chart.with_columns(pl.col("年度").cast(pl.Utf8))
    figure = px.bar(
        chart.to_pandas(),
        x="险种",
        y="金额_万元",
        color="收支项目",
        barmode="group",
        facet_col="年度",
        labels={"金额_万元": "金额（万元）"},
    )
    figure.update_yaxes(tickformat=",.0f")
    st.plotly_chart(figure, width="stretch")

st.subheader("征缴收入与任务数")
targets = rows.filter(pl.col("任务数_yuan").is_not_null())
show_table(
    money_columns_in_wan(targets.drop("scheme", "flow", "population")),
    "征缴任务完成",
    "没有填报任务数的征缴收入。",
)

st.subheader("全部收支数字")
show_table(money_columns_in_wan(rows.drop("scheme", "flow", "population")), "社保基金收支")
