"""SQL 查询: ad hoc read-only SQL over the marts, with examples and the contract's column descriptions."""

import _bootstrap  # noqa: F401
import polars as pl
import streamlit as st

from dashboards.components import excel_bytes, require_warehouse
from dashboards.data import query, warehouse_path
from dashboards.sandbox import SandboxError, run_query

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

st.title("SQL 查询")
require_warehouse()
st.caption("只读连接：不能读写文件、安装扩展、修改数据或更改设置。")
example = st.selectbox("示例查询", list(EXAMPLES))
sql = st.text_area("SQL", EXAMPLES[example], height=180)
row_limit = st.number_input("最多返回行数", min_value=10, max_value=100_000, value=5_000, step=10)
timeout = st.number_input("时间限制（秒）", min_value=1, max_value=300, value=30)
if st.button("运行", type="primary"):
    try:
        columns, rows, truncated = run_query(warehouse_path(), sql, int(row_limit), float(timeout))
    except SandboxError as exc:
        st.error(str(exc))
    else:
        result = (
            pl.DataFrame([list(r) for r in rows], schema=columns, orient="row")
            if rows
            else pl.DataFrame(schema=columns)
        )
        st.success(f"{result.height} 行" + ("（已截断）" if truncated else ""))
        st.dataframe(result, hide_index=True, width="stretch")
        st.download_button("下载 CSV", result.write_csv().encode("utf-8-sig"), "query.csv", "text/csv")
        st.download_button(
            "下载 Excel",
            lambda: excel_bytes(result, "查询结果"),
            "query.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

st.subheader("数据集市的列说明")
columns = query("""
    select table_name as 表, column_name as 列, data_type as 类型, comment as 说明
    from duckdb_columns() where schema_name = 'marts' order by table_name, column_index""")
table = st.selectbox("表", sorted(columns["表"].unique().to_list()))
st.dataframe(columns.filter(pl.col("表") == table), hide_index=True, width="stretch")
