"""参保覆盖: insured, contributing, retired, newly insured and government-paid persons by scheme and population."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards.components import document_link, require_warehouse, show_table, sidebar_filters
from dashboards.data import query

MEASURE = {"insured_persons": "参保人数", "contributing_persons": "在职/缴费人数", "retired_persons": "离退休人数",
           "new_insured_persons": "新增参保", "insured_units": "参保单位（家）", "government_paid_persons": "政府代缴人数",
           "benefit_recipients": "享受待遇人数", "certified_persons": "资格认证人数"}
POPULATION = {"all": "全部", "poverty": "建档立卡贫困人员", "hardship": "低保、特困等困难群体",
              "severe_disability": "重度残疾人", "fishermen": "退捕渔民", "land_expropriated": "被征地农民",
              "veterans": "退役军人"}

st.title("参保覆盖")
require_warehouse()
filters = sidebar_filters()
rows = query(f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, c.scheme as 险种, c.population, c.measure, c.value as 人数,
           c.rate_reported as 参保率, c.source_text as 出处原文, c.document_id
    from marts.fct_coverage c join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()} order by 单位, 年度""", filters.params)
if rows.is_empty():
    st.info("当前筛选条件下没有参保覆盖数据（这些数字来自自评报告正文）。")
    st.stop()
rows = rows.with_columns(pl.col("measure").replace_strict(MEASURE, default=pl.col("measure")).alias("指标"),
                         pl.col("population").replace_strict(POPULATION, default=pl.col("population")).alias("人群"))
st.subheader("各指标人数")
summary = rows.group_by("指标", "人群").agg(pl.col("人数").sum()).sort("人数", descending=True)
st.plotly_chart(px.bar(summary.to_pandas(), x="指标", y="人数", color="人群", barmode="group"),
                width="stretch")
table, links = document_link(rows.drop("measure", "population"))
show_table(table, "参保覆盖", column_config=links)
