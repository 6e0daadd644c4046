"""总览: what the warehouse holds and the state of the latest refresh."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dashboards.data import has_warehouse, query  # noqa: E402

st.title("总览")
if not has_warehouse():
    st.info("尚未发布数据仓库。请先运行 `jixiao refresh --input <报告文件夹>` 或 `make run`。")
    st.stop()

counts = query("""
    select
        (select count(*) from marts.dim_document) as documents,
        (select count(*) from marts.dim_unit) as units,
        (select count(distinct fiscal_year) from marts.dim_document) as years,
        (select count(*) from marts.fct_quality_findings) as findings,
        (select count(*) from marts.quarantine) as quarantined
""").row(0, named=True)
columns = st.columns(5)
for column, (label, key) in zip(columns, [("文档", "documents"), ("单位", "units"), ("年度", "years"),
                                          ("质量问题", "findings"), ("隔离文件", "quarantined")], strict=True):
    column.metric(label, f"{counts[key]:,}")

st.subheader("各单位、各年度的文档")
documents = query("""
    select u.province as 省, u.city as 市, u.county as 县, u.unit_name as 单位, d.fiscal_year as 年度,
           d.source_file as 文件, array_to_string(d.forms, '、') as 报表, d.status as 状态
    from marts.dim_document d left join marts.dim_unit u using (unit_id)
    order by 省, 市, 县, 单位, 年度
""")
st.dataframe(documents, hide_index=True, use_container_width=True)

quarantine = query("select source_file as 文件, reason as 原因, quarantined_at as 时间 from marts.quarantine")
if quarantine.height:
    st.subheader("被隔离的文件")
    st.dataframe(quarantine, hide_index=True, use_container_width=True)
