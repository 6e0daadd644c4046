"""单位画像: one unit across its documents and years — budget vs. execution with 同比, 三公 by category, scores,
fund flows and coverage, staffing and findings. Every detail row opens its document at the figure's line."""

import _bootstrap  # noqa: F401
import plotly.express as px
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import money_columns_in_wan, require_warehouse, show_table
from dashboards.labels import MISSING, label, labelled, labelled_list, readable_column
from dashboards.reviews import STATUSES, attach_reviews, load_reviews, store_path
from dashboards.units import choose_unit, year_on_year

st.title("单位画像")
require_warehouse()
unit = choose_unit("单位")
if unit is None:
    st.info("数据仓库中还没有识别出单位的文档。")
    st.stop()
unit_id, unit_name = unit["unit_id"], unit["unit_name"]
st.query_params["unit_id"] = unit_id

# --- who ---------------------------------------------------------------------------------------------------
place = "".join(p for p in (unit["province"], unit["city"], unit["county"]) if p and p != "市辖区")
cards = st.columns(4)
cards[0].metric("层级", label("admin_level", unit["admin_level"]))
cards[1].metric("类别", unit["kind"] or "未登记")
cards[2].metric("文档", f"{unit['document_count']:,}")
years = f"{unit['first_year']}–{unit['last_year']}" if unit["first_year"] else MISSING
cards[3].metric("年度", years)
st.caption(
    f"地区：{place or MISSING} · 主管部门：{unit['supervising_department'] or MISSING} · "
    + (f"单位编码：{unit['unit_code']}" if unit["unit_code"] else "未在单位登记册中（按名称归并）")
)
if unit["names_written"] and len(unit["names_written"]) > 1:
    st.caption("文档中的写法：" + "、".join(unit["names_written"]))
st.markdown(f"[与同类单位横向对比](peers?unit_id={unit_id})")

# --- documents ----------------------------------------------------------------------------------------------
st.subheader("文档")
documents = data.unit_documents(unit_id)
if documents.height:
    documents = documents.with_columns(
        labelled_list("forms", "form", "报表"), labelled("status", "status", "状态")
    ).select("年度", "文件", "报表", "状态", "数字个数", "document_id")
show_table(documents, f"文档_{unit_name}", "这个单位没有文档。")

# --- budget vs execution --------------------------------------------------------------------------------------
st.subheader("预算与执行（部门整体）")
budget = data.unit_budget(unit_id)
if budget.is_empty():
    st.info("这个单位的文档没有部门整体预算执行数字。")
else:
    budget = year_on_year(budget, ["line_item"], "executed_yuan", "执行数同比")
    totals = budget.filter(pl.col("line_item") == "total_funds")
    if totals.height:
        chart = (
            money_columns_in_wan(totals.select("年度", "budget_full_year_yuan", "executed_yuan"))
            .rename({"budget_full_year_万元": "全年预算数", "executed_万元": "执行数"})
            .unpivot(index="年度", variable_name="口径", value_name="万元")
            .with_columns(pl.col("年度").cast(pl.Utf8))
        )
        st.plotly_chart(
            px.bar(
                chart.to_pandas(), x="年度", y="万元", color="口径", barmode="group", title="年度资金总额"
            ),
            width="stretch",
        )
    side_by_side = (
        money_columns_in_wan(budget.select("年度", "line_item", "executed_yuan"))
        .unique(["年度", "line_item"], keep="first", maintain_order=True)
        .with_columns(labelled("line_item", "line_item", "资金行"), pl.col("年度").cast(pl.Utf8))
        .pivot(on="年度", index="资金行", values="executed_万元")
    )
    st.caption("各年度执行数（万元），明细表中的“查看原文”打开数字所在的行：")
    show_table(side_by_side, f"各年度执行数_{unit_name}")
    detail = budget.with_columns(labelled("line_item", "line_item", "资金行")).select(
        "年度",
        "资金行",
        pl.col("budget_initial_yuan").alias("年初预算数（元）"),
        pl.col("budget_full_year_yuan").alias("全年预算数（元）"),
        pl.col("executed_yuan").alias("执行数（元）"),
        "执行率",
        "执行数同比",
        pl.col("prior_year_final_yuan").alias("上年决算数（元）"),
        "文件",
        "行号",
        "document_id",
    )
    show_table(money_columns_in_wan(detail), f"预算执行_{unit_name}")

# --- 三公经费 -------------------------------------------------------------------------------------------------
st.subheader("“三公”经费")
three_public = data.unit_three_public(unit_id)
if three_public.is_empty():
    st.info("这个单位的文档没有“三公”经费数字。")
else:
    three_public = year_on_year(three_public, ["category"], "final_yuan", "决算数同比")
    by_category = (
        money_columns_in_wan(three_public.select("年度", "category", "final_yuan"))
        .unique(["年度", "category"], keep="first", maintain_order=True)
        .with_columns(labelled("category", "category", "类别"), pl.col("年度").cast(pl.Utf8))
        .pivot(on="年度", index="类别", values="final_万元")
    )
    st.caption("各年度决算数（万元）：")
    show_table(by_category, f"三公各年度_{unit_name}")
    detail = three_public.with_columns(labelled("category", "category", "类别")).select(
        "年度",
        "类别",
        pl.col("budget_yuan").alias("预算数（元）"),
        pl.col("final_yuan").alias("决算数（元）"),
        "决算数同比",
        pl.col("prior_year_final_yuan").alias("上年决算数（元）"),
        "文件",
        "行号",
        "document_id",
    )
    show_table(money_columns_in_wan(detail), f"三公经费_{unit_name}")

# --- scores -----------------------------------------------------------------------------------------------
st.subheader("绩效自评得分")
show_table(data.unit_scores(unit_id), f"自评得分_{unit_name}", "这个单位的文档没有自评得分。")

# --- fund flows and coverage --------------------------------------------------------------------------------
flows = data.unit_fund_flows(unit_id)
if flows.height:
    st.subheader("社保基金收支")
    flows = flows.with_columns(
        labelled("scheme", "scheme", "险种"),
        labelled("flow", "flow", "收支项目"),
        labelled("population", "population", "人群"),
    ).select(
        "年度",
        "险种",
        "收支项目",
        "人群",
        "金额_yuan",
        "任务数_yuan",
        "完成率",
        "文件",
        "行号",
        "document_id",
    )
    show_table(money_columns_in_wan(flows), f"基金收支_{unit_name}")
coverage = data.unit_coverage(unit_id)
if coverage.height:
    st.subheader("参保覆盖")
    coverage = coverage.with_columns(
        labelled("scheme", "scheme", "险种"),
        labelled("population", "population", "人群"),
        labelled("measure", "measure", "指标"),
    ).select("年度", "险种", "人群", "指标", "人数", "参保率", "文件", "行号", "document_id")
    show_table(coverage, f"参保覆盖_{unit_name}")

# --- staffing -----------------------------------------------------------------------------------------------
st.subheader("人员")
show_table(data.unit_staffing(unit_id), f"人员_{unit_name}", "这个单位的文档没有人员数字。")

# --- findings ------------------------------------------------------------------------------------------------
st.subheader("质量问题")
findings = data.unit_findings(unit_id)
if findings.height:
    findings = attach_reviews(findings, load_reviews(store_path(data.warehouse_path()))).with_columns(
        labelled("severity", "severity", "严重程度"),
        labelled("check_code", "check_code", "检查项"),
        readable_column("message", "说明"),
        pl.col("source_line").alias("行号"),
        pl.col("status").replace(STATUSES).alias("复核状态"),
        pl.col("note").alias("复核说明"),
    )
    open_count = findings.filter(pl.col("status") == "open").height
    st.caption(f"共 {findings.height} 条，待复核 {open_count} 条（在“数据质量”页复核）。")
    findings = findings.select(
        "严重程度", "检查项", "年度", "说明", "行号", "复核状态", "复核说明", "document_id"
    )
show_table(findings, f"质量问题_{unit_name}", "这个单位的文档没有质量问题。")
