"""三公经费: budget vs. final by category, year-over-year change, per authorised staff member."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import money_columns_in_wan, require_warehouse, show_table, sidebar_filters
from dashboards.labels import labelled

st.title("三公经费")
require_warehouse()
filters = sidebar_filters()
rows = data.three_public_expenses(filters)
if rows.is_empty():
    st.info("当前筛选条件下没有三公经费数据。")
    st.stop()
rows = rows.with_columns(labelled("category", "category", "类别"))

st.subheader("各类别预算数与决算数（万元）")
by_category = money_columns_in_wan(
    rows.filter(pl.col("category") != "total")
    .group_by("类别", maintain_order=True)
    .agg(pl.col("预算数_yuan").sum(), pl.col("决算数_yuan").sum())
)
st.plotly_chart(
    px.bar(
        by_category.unpivot(index="类别", variable_name="口径", value_name="万元")
        .with_columns(pl.col("口径").str.replace("_万元", ""))
        .to_pandas(),
        x="类别",
        y="万元",
        color="口径",
        barmode="group",
    ),
    width="stretch",
)

totals = (
    rows.filter(pl.col("category") == "total")
    .sort("单位", "年度")
    .with_columns(
        (pl.col("决算数_yuan").cast(pl.Float64) / pl.col("上年决算数_yuan").cast(pl.Float64) - 1).alias(
            "同比变化"
        ),
        (pl.col("决算数_yuan").cast(pl.Float64) / pl.col("编制数")).round(2).alias("人均决算数（元）"),
    )
)
st.subheader("三公经费合计：同比变化与人均")
show_table(money_columns_in_wan(totals.drop("category", "类别")), "三公经费合计")
st.subheader("全部类别")
detail = rows.drop("category").select(
    "单位", "年度", "类别", *[c for c in rows.columns if c not in ("单位", "年度", "类别", "category")]
)
show_table(money_columns_in_wan(detail), "三公经费明细")
