"""参保覆盖: insured, contributing, retired, newly insured and government-paid persons by scheme and population."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards.components import document_link, require_warehouse, show_table, sidebar_filters
from dashboards.data import query
from dashboards.labels import MEASURE, POPULATION, SCHEME

st.title("参保覆盖")
require_warehouse()
filters = sidebar_filters()
rows = query(
    f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, c.scheme, c.population, c.measure, c.value as 人数,
           c.rate_reported as 参保率, c.source_text as 出处原文, c.document_id
    from marts.fct_coverage c join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()} order by 单位, 年度""",
    filters.params,
)
if rows.is_empty():
    st.info("当前筛选条件下没有参保覆盖数据（这些数字来自自评报告正文）。")
    st.stop()
rows = rows.with_columns(
    pl.col("measure").replace_strict(MEASURE, default=pl.col("measure")).alias("指标"),
    pl.col("population").replace_strict(POPULATION, default=pl.col("population")).alias("人群"),
    pl.col("scheme").replace_strict(SCHEME, default=pl.col("scheme")).alias("险种"),
)
st.subheader("各指标人数")
summary = rows.group_by("指标", "人群").agg(pl.col("人数").sum()).sort("人数", descending=True)
st.plotly_chart(
    px.bar(summary.to_pandas(), x="指标", y="人数", color="人群", barmode="group"), width="stretch"
)
table, links = document_link(rows.drop("measure", "population", "scheme"))
show_table(table, "参保覆盖", column_config=links)
