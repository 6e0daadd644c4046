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

SCHEME = {"all": "各项社保基金", "enterprise_employee_pension": "企业职工基本养老保险",
          "institution_pension": "机关事业单位养老保险", "urban_rural_resident_pension": "城乡居民基本养老保险",
          "occupational_annuity": "职业年金", "land_expropriated_farmers": "被征地农民社会保障"}
FLOW = {"income_total": "基金总收入", "contribution_income": "征缴收入", "fiscal_subsidy_income": "财政补助收入",
        "expenditure_total": "基金总支出", "benefit_payment": "待遇支出", "transfer_out": "上解支出",
        "other_expenditure": "其他支出", "balance": "累计结余", "arrears": "欠费",
        "government_paid_contribution": "政府代缴保费", "recovered_overpayment": "追回冒领资金"}

st.title("社保基金收支")
require_warehouse()
filters = sidebar_filters()
rows = query(f"""
    select u.unit_name as 单位, d.fiscal_year as 年度, f.scheme, f.population as 人群, f.flow,
           f.amount_yuan as 金额_yuan, f.target_yuan as 任务数_yuan, f.completion_rate_reported as 完成率,
           f.source_text as 出处原文, f.document_id
    from marts.fct_fund_flows f join marts.dim_document d using (document_id)
    join marts.dim_unit u using (unit_id)
    {filters.where()} order by 单位, 年度""", filters.params)
if rows.is_empty():
    st.info("当前筛选条件下没有社保基金收支数据（这些数字来自自评报告正文）。")
    st.stop()
rows = rows.with_columns(pl.col("scheme").replace_strict(SCHEME, default=pl.col("scheme")).alias("险种"),
                         pl.col("flow").replace_strict(FLOW, default=pl.col("flow")).alias("收支项目"))

st.subheader("按险种、年度的收支（万元）")
chart = money_columns_in_wan(rows.filter(pl.col("人群") == "all").group_by("年度", "险种", "收支项目")
                             .agg(pl.col("金额_yuan").sum()))
if chart.height:
    chart = chart.with_columns(pl.col("年度").cast(pl.Utf8))
    figure = px.bar(chart.to_pandas(), x="险种", y="金额_万元", color="收支项目", barmode="group", facet_col="年度")
    figure.update_yaxes(tickformat=",.0f")
    st.plotly_chart(figure, width="stretch")

st.subheader("征缴收入与任务数")
targets = rows.filter(pl.col("任务数_yuan").is_not_null())
table, links = document_link(money_columns_in_wan(targets.drop("scheme", "flow")))
show_table(table, "征缴任务完成", "没有填报任务数的征缴收入。", column_config=links)

st.subheader("全部收支数字")
table, links = document_link(money_columns_in_wan(rows.drop("scheme", "flow")))
show_table(table, "社保基金收支", column_config=links)
