"""总览: what the warehouse holds, headline totals and the state of the latest refresh."""

import _bootstrap  # noqa: F401
import streamlit as st

from dashboards import data
from dashboards.components import require_warehouse, show_table, sidebar_filters, wan
from dashboards.labels import labelled, labelled_list

st.title("总览")
require_warehouse()
filters = sidebar_filters()
counts = data.document_counts(filters)
totals = data.department_totals(filters)
counted = st.columns(4)
counted[0].metric("文档", f"{counts['documents']:,}")
counted[1].metric("单位", f"{counts['units']:,}")
counted[2].metric("年度", f"{counts['years']:,}")
counted[3].metric("质量问题", f"{totals['findings']:,}")
money = st.columns(3)
money[0].metric("部门整体全年预算合计", wan(totals["budget"]))
money[1].metric("部门整体执行数合计", wan(totals["executed"]))
rate = float(totals["executed"]) / float(totals["budget"]) if totals["budget"] else None
money[2].metric("整体执行率", "—" if rate is None else f"{rate:.1%}")
st.caption(f"最近一次入库：{counts['latest'] or '—'}")

st.subheader("各单位、各年度的文档")
documents = data.document_list(filters)
if documents.height:
    documents = documents.with_columns(
        labelled_list("forms", "form", "报表"), labelled("status", "status", "状态")
    ).drop("forms", "status")
    documents = documents.select(
        "省", "市", "县", "单位", "年度", "文件", "报表", "状态", "数字个数", "document_id", "unit_id"
    )
show_table(documents, "文档清单")

quarantine = data.quarantined_files()
if quarantine.height:
    st.subheader("最近刷新中被隔离的文件")
    show_table(quarantine, "隔离文件")
