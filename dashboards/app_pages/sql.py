"""SQL 查询: ad hoc read-only SQL over the marts, with examples and the contract's column descriptions."""

import _bootstrap  # noqa: F401
import polars as pl
import streamlit as st

from dashboards import data
from dashboards.components import excel_bytes, require_warehouse
from dashboards.sandbox import QueryResult, SandboxError, SandboxSettings, run_query
from dashboards.sql_result import excel_ready, result_frame, text_frame

EXAMPLES = {
    "各单位各年度部门整体执行率": """select u.unit_name, d.fiscal_year, b.budget_full_year_yuan, b.executed_yuan, b.execution_rate
from marts.fct_budget_execution b
join marts.dim_document d using (document_id)
join marts.dim_unit u using (unit_id)
where b.scope = 'department' and b.line_item = 'total_funds'
order by b.execution_rate""",
    "三公经费合计": """select u.unit_name, d.fiscal_year, t.budget_yuan, t.final_yuan
from marts.fct_three_public_expenses t
join marts.dim_document d using (document_id)
join marts.dim_unit u using (unit_id)
where t.category = 'total'""",
    "错误级质量问题": "select * from marts.fct_quality_findings where severity = 'error'",
}


def _excel(frame: pl.DataFrame) -> bytes:
    try:
        return excel_bytes(excel_ready(frame), "查询结果")
    except Exception:  # noqa: BLE001 - a column type the workbook refuses goes in as text
        return excel_bytes(excel_ready(text_frame(frame)), "查询结果")


def _show(result: QueryResult, row_limit: int, limits: SandboxSettings) -> None:
    frame = result_frame(result.columns, result.rows)
    if frame.columns != list(result.columns):
        st.caption(
            "列名重复，已在显示时加上序号：" + "、".join(c for c in frame.columns if c not in result.columns)
        )
    if result.truncated_by == "rows":
        st.success(f"{frame.height} 行（已截断，最多 {row_limit} 行）")
    elif result.truncated_by == "bytes":
        st.success(f"{frame.height} 行（已截断：结果超过 {limits.max_result_bytes / 2**20:g} MB）")
    else:
        st.success(f"{frame.height} 行")
    try:
        st.dataframe(frame, hide_index=True, width="stretch")
    except Exception:  # noqa: BLE001 - a column type the grid cannot show is shown as text
        frame = text_frame(frame)
        st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button("下载 CSV", text_frame(frame).write_csv().encode("utf-8-sig"), "query.csv", "text/csv")
    st.download_button(
        "下载 Excel",
        lambda: _excel(frame),
        "query.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


st.title("SQL 查询")
require_warehouse()
try:
    limits = SandboxSettings.from_env()
except SandboxError as exc:
    st.error(str(exc))
    st.stop()
st.caption(
    "只读、隔离的查询进程：一次一条查询，只能查询 marts 模式中的表；不能读写文件、更改设置或安装扩展；"
    f"内存上限 {limits.memory_bytes / 2**20:,.0f} MB，结果上限 {limits.max_result_bytes / 2**20:g} MB。"
)
example = st.selectbox("示例查询", list(EXAMPLES), placeholder="选择示例查询")
sql = st.text_area("SQL", EXAMPLES[example], height=180)
row_limit = st.number_input("最多返回行数", min_value=10, max_value=100_000, value=5_000, step=10)
timeout = st.number_input(
    "时间限制（秒）", min_value=1, max_value=300, value=min(max(int(limits.timeout_seconds), 1), 300)
)
if st.button("运行", type="primary"):
    try:
        result = run_query(data.warehouse_path(), sql, int(row_limit), float(timeout), limits)
    except SandboxError as exc:
        st.error(str(exc))
    except Exception as exc:  # noqa: BLE001 - the page reports any failure and stays up
        st.error(f"查询出错：{type(exc).__name__}: {exc}")
    else:
        try:
            _show(result, int(row_limit), limits)
        except Exception as exc:  # noqa: BLE001
            st.error(f"无法显示查询结果：{type(exc).__name__}: {exc}")

st.subheader("数据集市的列说明")
columns = data.mart_columns()
table = st.selectbox("表", sorted(columns["表"].unique().to_list()), placeholder="选择表")
st.dataframe(columns.filter(pl.col("表") == table), hide_index=True, width="stretch")
