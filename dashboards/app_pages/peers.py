"""横向对比: units of the same kind and level side by side for one year — execution rate, 三公 and 机关运行经费
per 在职人员, the 基本支出 structure by 经济分类, the self-evaluation score — with rank and percentile, one unit
highlighted."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import require_warehouse, show_table
from dashboards.labels import MISSING, label
from dashboards.units import choose_unit

# (column, Chinese name, how it is shown); rank 1 is the highest value
MEASURES = [
    ("execution_rate", "执行率", "percent"),
    ("three_public_per_person", "三公经费/在职人员（元）", "money"),
    ("agency_operating_per_person", "机关运行经费/在职人员（元）", "money"),
    ("personnel_share", "工资福利支出占基本支出", "percent"),
    ("goods_services_share", "商品和服务支出占基本支出", "percent"),
    ("household_share", "对个人和家庭的补助占基本支出", "percent"),
    ("total_score", "自评总分", "score"),
]


def _shown(value, kind: str) -> str:
    if value is None:
        return MISSING
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "money":
        return f"{value:,.0f}"
    return f"{value:.2f}"


st.title("横向对比")
require_warehouse()
unit = choose_unit("对比对象（高亮显示的单位）", key="peer_unit")
if unit is None:
    st.info("数据仓库中还没有识别出单位的文档。")
    st.stop()
st.query_params["unit_id"] = unit["unit_id"]

years = data.unit_years(unit["unit_id"])
if not years:
    st.info("这个单位的文档没有识别出年度。")
    st.stop()
wanted_year = st.query_params.get("year")
year = st.selectbox(
    "年度",
    years,
    index=years.index(int(wanted_year))
    if wanted_year and wanted_year.isdigit() and int(wanted_year) in years
    else len(years) - 1,
)
st.query_params["year"] = str(year)

by_kind = unit["kind"] is not None
scopes = (["同类别、同层级的单位"] if by_kind else []) + ["同层级的全部单位"]
scope = st.radio("比较范围", scopes, horizontal=True)
same_kind = by_kind and scope == scopes[0]
if same_kind:
    described = f"类别“{unit['kind']}”、{label('admin_level', unit['admin_level'])}"
else:
    described = label("admin_level", unit["admin_level"]) if unit["admin_level"] else "层级未识别"
if not by_kind:
    st.caption("这个单位未在单位登记册中，没有类别：与同层级的全部单位比较。")

peers = data.peer_figures(year, unit["admin_level"], unit["kind"] if same_kind else None)
if peers is None:  # a warehouse built before marts.fct_unit_year
    st.info("这个数据仓库还没有单位年度指标（marts.fct_unit_year）：请运行 jixiao build 重建后再比较。")
    st.stop()
peers = peers.filter(
    pl.any_horizontal(pl.col(c).is_not_null() for c, _, _ in MEASURES)
    | (pl.col("unit_id") == unit["unit_id"])
)
st.caption(f"{year} 年，{described}：{peers.height} 个单位有可比数字。")
if peers["personnel_share"].is_null().all():
    st.caption("这些单位的文档没有基本支出经济分类表（决算或预算），基本支出结构暂不比较。")

ranked = peers.with_columns(
    *[pl.col(c).rank("min", descending=True).alias(f"{c}_rank") for c, _, _ in MEASURES],
    *[
        # the share of the peers with a value no higher than this one's
        ((pl.col(c).rank("max") / pl.col(c).count()) * 100).round(0).alias(f"{c}_percentile")
        for c, _, _ in MEASURES
    ],
)
mine = ranked.filter(pl.col("unit_id") == unit["unit_id"]).row(0, named=True) if ranked.height else None

st.subheader(f"{unit['unit_name']} 在 {peers.height} 个单位中的位置")
cards = st.columns(4)
for index, (column, name, kind) in enumerate(MEASURES):
    value = mine[column] if mine else None
    counted = peers[column].count()
    rank = mine[f"{column}_rank"] if mine and value is not None else None
    percentile = mine[f"{column}_percentile"] if mine and value is not None else None
    cards[index % 4].metric(
        name,
        _shown(value, kind),
        help="名次由高到低；百分位：数值不高于它的单位所占的百分比",
    )
    cards[index % 4].caption(
        f"第 {int(rank)} / {counted} 名 · 百分位 {int(percentile)}"
        if rank and percentile is not None
        else "无可比数字"
    )

measure_names = {c: n for c, n, _ in MEASURES}
chosen: str = (
    st.selectbox("图中比较的指标", list(measure_names), format_func=lambda c: measure_names[c])
    or MEASURES[0][0]
)
plotted = peers.filter(pl.col(chosen).is_not_null()).sort(chosen, descending=True)
if plotted.height:
    plotted = plotted.with_columns(
        pl.when(pl.col("unit_id") == unit["unit_id"])
        .then(pl.lit("对比对象"))
        .otherwise(pl.lit("其他单位"))
        .alias("单位")
    )
    figure = px.bar(
        plotted.to_pandas(),
        x="unit_name",
        y=chosen,
        color="单位",
        color_discrete_map={"对比对象": "#d62728", "其他单位": "#9aa5b1"},
        labels={"unit_name": "单位名称", chosen: measure_names[chosen]},
    )
    if {c: k for c, _, k in MEASURES}[chosen] == "percent":
        figure.update_yaxes(tickformat=".0%")
    st.plotly_chart(figure, width="stretch")
else:
    st.info("没有单位填报这个指标。")

table = (
    ranked.sort("unit_id")
    .with_columns(
        pl.when(pl.col("unit_id") == unit["unit_id"])
        .then(pl.lit("★ 对比对象"))
        .otherwise(pl.lit(""))
        .alias("对比"),
    )
    .select(
        "对比",
        pl.col("unit_name").alias("单位"),
        pl.col("county").fill_null(pl.col("city")).fill_null(pl.col("province")).alias("地区"),
        pl.col("actual_headcount").alias("在职人员"),
        *[
            expression
            for column, name, _ in MEASURES
            for expression in (
                pl.col(column).round(4).alias(name),
                pl.col(f"{column}_rank").alias(f"{name}·名次"),
                pl.col(f"{column}_percentile").alias(f"{name}·百分位"),
            )
        ],
        "unit_id",
    )
    .sort("对比", "单位", descending=[True, False])
)
st.subheader("对比表")
show_table(table, f"横向对比_{year}")
