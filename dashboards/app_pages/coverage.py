"""参保覆盖: insured, contributing, retired, newly insured and government-paid persons by scheme and population."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import require_warehouse, show_table, sidebar_filters
from dashboards.labels import labelled

st.title("参保覆盖")
require_warehouse()
filters = sidebar_filters()
rows = data.coverage(filters)
if rows.is_empty():
    st.info("当前筛选条件下没有参保覆盖数据（这些数字来自自评报告正文）。")
    st.stop()
rows = rows.with_columns(
    labelled("measure", "measure", "指标"),
    labelled("population", "population", "人群"),
    labelled("scheme", "scheme", "险种"),
).drop("measure", "population", "scheme")
ORDER = ["单位", "年度", "险种", "人群", "指标", "人数", "参保率", "出处原文", "行号"]
rows = rows.select(*ORDER, *[c for c in rows.columns if c not in ORDER])
st.subheader("各指标人数")
summary = (
    rows.group_by("指标", "人群", maintain_order=True)
    .agg(pl.col("人数").sum())
    .sort("人数", descending=True, maintain_order=True)
)
st.plotly_chart(
    px.bar(summary.to_pandas(), x="指标", y="人数", color="人群", barmode="group"), width="stretch"
)
show_table(rows, "参保覆盖")
