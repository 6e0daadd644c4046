"""The dashboards' only way to the warehouse: every page's queries, as named functions, read-only on the published
file and cached until it changes.

Pages call these functions and never write SQL against the marts themselves; they never import ingest code
either (the warehouse's location comes from ingest/settings.py, which imports nothing else of ingest). A refresh
publishes a new file by atomic rename: the file's identity is part of every cache key, so the next query after a
publish opens the new file.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from ingest.settings import resolve

# `make bench` sets this to a list to record (sql, seconds) of every query that reaches the warehouse
query_timings: list[tuple[str, float]] | None = None

# (inode, modification time, size): a publish renames a new file over the served path, which changes all three
FileVersion = tuple[int, int, int]


def warehouse_path() -> Path:
    """The served warehouse: JIXIAO_DB, else <JIXIAO_DATA_DIR or ./data>/warehouse.duckdb (as the CLI resolves it)."""
    return resolve().db_path


def has_warehouse() -> bool:
    return warehouse_path().exists()


def _version(path: Path) -> FileVersion:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns, status.st_size


# --- the connection ----------------------------------------------------------------------------------------------

_served: tuple[str, FileVersion, duckdb.DuckDBPyConnection] | None = None
_served_lock = threading.Lock()


def _open(path: str) -> duckdb.DuckDBPyConnection:
    """The served file attached read-only to an in-memory database, then every file access switched off and the
    configuration locked (attaching first is what lets the attach itself read the file).

    Attached rather than opened: DuckDB refuses a second connection to a file opened with other settings in the
    same process, and a plain read-only connection elsewhere in the process (a test, `jixiao findings`) must
    keep working."""
    connection = duckdb.connect(
        ":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    connection.execute("attach ? as served (read_only)", [path])
    connection.execute("set enable_external_access = false")
    connection.execute("set lock_configuration = true")
    return connection


def _cursor(path: str, version: FileVersion) -> duckdb.DuckDBPyConnection:
    """A cursor of the connection to this version of the file (opened once per version: opening costs ~100 ms,
    a page's query a few ms). The previous version's connection is dropped, not closed: a query still running on
    one of its cursors finishes, and DuckDB lets go of the old file with the last cursor."""
    global _served
    with _served_lock:
        if _served is None or _served[:2] != (path, version):
            _served = (path, version, _open(path))
        cursor = _served[2].cursor()
    cursor.execute("use served")  # a cursor starts in the in-memory database: `marts.…` names the served file
    return cursor


@st.cache_data(show_spinner=False, max_entries=256)
def _query(
    path: str, version: FileVersion, sql: str, params: tuple, order_by: tuple[str, ...]
) -> pl.DataFrame:
    start = time.perf_counter()
    cursor = _cursor(path, version)
    try:
        frame = pl.DataFrame(cursor.sql(sql, params=list(params)).to_arrow_table())
        # ascending with nulls last, as SQL's ORDER BY sorts by default (and strings byte by byte, as DuckDB does)
        return frame.sort(list(order_by), nulls_last=True, maintain_order=True) if order_by else frame
    finally:
        cursor.close()
        if query_timings is not None:
            query_timings.append((sql, time.perf_counter() - start))


def query(sql: str, params: tuple = (), order_by: tuple[str, ...] = ()) -> pl.DataFrame:
    """A mart query as a polars frame; an empty frame when no warehouse is published yet.

    `order_by`: columns of the result to sort it by, ascending. The pages' tables of every filtered row (tens of
    thousands at 10,000 documents) are sorted here rather than by an ORDER BY: DuckDB's sort of such a joined result
    took about as long as the query itself (docs/scaling.md, session 12)."""
    path = warehouse_path()
    try:
        version = _version(path)
    except FileNotFoundError:
        return pl.DataFrame()
    return _query(str(path), version, sql, params, order_by)


def _first_row(sql: str, params: tuple = ()) -> dict[str, Any]:
    return query(sql, params).row(0, named=True)


# --- the sidebar's filters ---------------------------------------------------------------------------------------


@dataclass
class Filters:
    """The sidebar's choices, as a SQL condition on `u` (dim_unit) and `d` (dim_document)."""

    condition: str
    params: tuple

    def where(self, extra: str = "") -> str:
        parts = [p for p in (self.condition, extra) if p]
        return ("where " + " and ".join(parts)) if parts else ""


def _in(column: str, values: list | tuple) -> str:
    """`column in (?, ?, …)`; false for no values (the caller passes the values as parameters)."""
    return f"{column} in ({', '.join('?' for _ in values)})" if values else "false"


def filter_choices() -> pl.DataFrame:
    """Province, city, county, unit name and year of every document: what the sidebar offers."""
    return query("""
        select u.province, u.city, u.county, u.unit_name, d.fiscal_year
        from marts.dim_document d join marts.dim_unit u using (unit_id)
    """)


def _facts(mart: str, alias: str) -> str:
    """A mart's rows with their document `d` and unit `u`, the two tables the sidebar's filters speak of."""
    return (
        f"from marts.{mart} {alias} join marts.dim_document d using (document_id)\n"
        "    join marts.dim_unit u using (unit_id)"
    )


_DOCUMENTS = "from marts.dim_document d join marts.dim_unit u using (unit_id)"
_SEVERITY_ORDER = "case q.severity when 'error' then 0 when 'warning' then 1 else 2 end"
_DEPARTMENT_TOTAL = "b.scope = 'department' and b.line_item = 'total_funds'"


# --- 总览 ---------------------------------------------------------------------------------------------------------


def document_counts(filters: Filters) -> dict[str, Any]:
    """Documents, units, years and the latest ingestion among the filtered documents."""
    return _first_row(
        f"""
        select count(*) as documents, count(distinct u.unit_id) as units, count(distinct d.fiscal_year) as years,
               max(d.ingested_at) as latest
        {_DOCUMENTS} {filters.where()}""",
        filters.params,
    )


def department_totals(filters: Filters) -> dict[str, Any]:
    """The departments' whole-year budget and execution (年度资金总额) and the number of findings."""
    return _first_row(
        f"""
        select sum(b.executed_yuan) as executed, sum(b.budget_full_year_yuan) as budget,
               (select count(*) {_facts("fct_quality_findings", "q")} {filters.where()}) as findings
        {_facts("fct_budget_execution", "b")}
        {filters.where(_DEPARTMENT_TOTAL)}""",
        filters.params + filters.params,
    )


def document_list(filters: Filters) -> pl.DataFrame:
    return query(
        f"""
        select u.province as 省, u.city as 市, u.county as 县, u.unit_name as 单位, d.fiscal_year as 年度,
               d.source_file as 文件, d.forms, d.status, d.fact_count as 数字个数, d.document_id, u.unit_id
        {_DOCUMENTS} {filters.where()}""",
        filters.params,
        order_by=("省", "市", "县", "单位", "年度"),
    )


def quarantined_files() -> pl.DataFrame:
    return query("select source_file as 文件, reason as 原因, quarantined_at as 时间 from marts.quarantine")


# --- 预算执行 -----------------------------------------------------------------------------------------------------


def budget_execution(filters: Filters) -> pl.DataFrame:
    """Each department's 年度资金总额: budget, execution, rate and score, per unit and year."""
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, b.budget_initial_yuan as 年初预算数_yuan,
               b.budget_full_year_yuan as 全年预算数_yuan, b.executed_yuan as 执行数_yuan,
               coalesce(b.execution_rate, b.execution_rate_reported) as 执行率, b.score as 得分, b.weight as 分值,
               b.source_line as 行号, b.document_id, u.unit_id
        {_facts("fct_budget_execution", "b")}
        {filters.where(_DEPARTMENT_TOTAL)}""",
        filters.params,
        order_by=("单位", "年度"),
    )


def project_execution(filters: Filters) -> pl.DataFrame:
    """Every project's funding lines: budget, execution, rate and score."""
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, b.project_name as 项目, b.line_item,
               b.budget_initial_yuan as 年初预算数_yuan, b.budget_full_year_yuan as 全年预算数_yuan,
               b.executed_yuan as 执行数_yuan, coalesce(b.execution_rate, b.execution_rate_reported) as 执行率,
               b.score as 得分, b.source_line as 行号, b.document_id, u.unit_id
        {_facts("fct_budget_execution", "b")}
        {filters.where("b.scope = 'project'")}""",
        filters.params,
        order_by=("单位", "年度", "项目", "line_item"),
    )


# --- 三公经费, 社保基金收支, 参保覆盖 ---------------------------------------------------------------------------------


def three_public_expenses(filters: Filters) -> pl.DataFrame:
    """三公 by category with the document's authorised headcount (for the per-person figure)."""
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, t.category, t.budget_yuan as 预算数_yuan,
               t.final_yuan as 决算数_yuan, t.prior_year_final_yuan as 上年决算数_yuan,
               t.execution_rate_reported as 完成预算比例, s.authorized_headcount as 编制数,
               t.source_line as 行号, t.document_id, u.unit_id
        {_facts("fct_three_public_expenses", "t")} left join marts.fct_staffing s using (document_id)
        {filters.where()}""",
        filters.params,
        order_by=("单位", "年度"),
    )


def fund_flows(filters: Filters) -> pl.DataFrame:
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, f.scheme, f.population, f.flow,
               f.amount_yuan as 金额_yuan, f.target_yuan as 任务数_yuan, f.completion_rate_reported as 完成率,
               f.source_text as 出处原文, f.source_line as 行号, f.document_id, u.unit_id
        {_facts("fct_fund_flows", "f")}
        {filters.where()}""",
        filters.params,
        order_by=("单位", "年度"),
    )


def coverage(filters: Filters) -> pl.DataFrame:
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, c.scheme, c.population, c.measure, c.value as 人数,
               c.rate_reported as 参保率, c.source_text as 出处原文, c.source_line as 行号, c.document_id,
               u.unit_id
        {_facts("fct_coverage", "c")}
        {filters.where()}""",
        filters.params,
        order_by=("单位", "年度"),
    )


# --- 绩效评分 -----------------------------------------------------------------------------------------------------


def department_scores(filters: Filters) -> pl.DataFrame:
    """Each department's self-evaluation total beside its execution rate (年度资金总额)."""
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, s.total_score as 总得分, s.self_rating as 自评等级,
               s.indicator_count as 指标个数, coalesce(b.execution_rate, b.execution_rate_reported) as 执行率,
               s.source_line as 行号, s.document_id, u.unit_id
        {_facts("fct_evaluation_summary", "s")}
        left join marts.fct_budget_execution b
            on b.document_id = s.document_id and {_DEPARTMENT_TOTAL}
        {filters.where("s.scope = 'department'")}""",
        filters.params,
        order_by=("单位", "年度"),
    )


def indicator_count(filters: Filters) -> int:
    return int(
        query(
            f"select count(*) as n {_facts('fct_performance_indicators', 'i')} {filters.where()}",
            filters.params,
        )["n"][0]
    )


def indicators(filters: Filters, limit: int) -> pl.DataFrame:
    """The first `limit` performance indicators (a province has hundreds of thousands)."""
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, coalesce(i.project_name, '部门整体') as 范围,
               i.level1 as 一级指标, i.level2 as 二级指标, i.level3 as 三级指标, i.target_text as 年度指标值,
               i.actual_text as 实际完成值, i.weight as 分值, i.score as 得分, i.source_line as 行号,
               i.document_id, u.unit_id
        {_facts("fct_performance_indicators", "i")} {filters.where()}
        order by 单位, 年度, 范围, i.source_line limit {int(limit)}""",
        filters.params,
    )


# --- 数据质量 -----------------------------------------------------------------------------------------------------


def finding_counts(filters: Filters) -> pl.DataFrame:
    """Findings per severity and check."""
    return query(
        f"select q.severity, q.check_code, count(*) as n {_facts('fct_quality_findings', 'q')} "
        f"{filters.where()} group by all",
        filters.params,
    )


def findings(
    filters: Filters,
    severities: list[str],
    checks: list[str],
    documents: list[str] | None,
    limit: int,
) -> pl.DataFrame:
    """The review queue: findings of these severities (and checks, when any are chosen; and documents, when a
    list is given), most severe first, at most `limit` rows."""
    conditions = [_in("q.severity", severities)] + ([_in("q.check_code", checks)] if checks else [])
    params = (*filters.params, *severities, *checks)
    if documents is not None:
        conditions.append(_in("q.document_id", documents))
        params = (*params, *documents)
    return query(
        f"""
        select q.severity, q.check_code, u.unit_name as 单位, d.fiscal_year as 年度, q.message, q.source_line,
               q.document_id, u.unit_id
        {_facts("fct_quality_findings", "q")} {filters.where(" and ".join(conditions))}
        order by {_SEVERITY_ORDER}, 单位, 年度, q.source_line limit {int(limit)}""",
        params,
    )


def findings_of_documents(document_ids: list[str]) -> pl.DataFrame:
    """The findings the warehouse holds for these documents (to tell which reviews lost their finding)."""
    return query(
        "select document_id, check_code, source_line, message from marts.fct_quality_findings q "
        f"where {_in('q.document_id', document_ids)}",
        tuple(document_ids),
    )


def unmapped_figures(filters: Filters) -> pl.DataFrame:
    return query(
        f"""
        select u.unit_name as 单位, d.fiscal_year as 年度, m.figure_text as 数字, m.sentence as 句子,
               m.source_line as 行号, m.reason as 原因, m.document_id, u.unit_id
        {_facts("unmapped_figures", "m")}
        {filters.where()}""",
        filters.params,
        order_by=("单位", "年度", "行号"),
    )


# --- 文档 -----------------------------------------------------------------------------------------------------------


def document_choices(filters: Filters) -> pl.DataFrame:
    """The filtered documents with the label the picker shows: 单位 · 年度 · 文件."""
    return query(
        f"""
        select d.document_id, u.unit_name, d.fiscal_year,
               concat_ws(' · ', coalesce(nullif(u.unit_name, ''), '未识别单位'), coalesce(d.fiscal_year::varchar, '—'),
                         d.source_file) as label
        from marts.dim_document d left join marts.dim_unit u using (unit_id) {filters.where()} order by 2, 3""",
        filters.params,
    )


def mart_tables() -> set[str]:
    """The tables of this warehouse's marts schema (an older warehouse lacks the newer marts)."""
    return set(query("select table_name from duckdb_tables() where schema_name = 'marts'")["table_name"])


def document(document_id: str) -> dict[str, Any]:
    return _first_row(
        """select d.unit_id, d.unit_name, d.fiscal_year, d.file_format, d.forms, d.status
           from marts.dim_document d where d.document_id = ?""",
        (document_id,),
    )


def document_rows(mart: str, document_id: str) -> pl.DataFrame:
    """Every row of one mart that came from this document, in the document's order."""
    if not mart.isidentifier():
        raise ValueError(f"not a mart name: {mart!r}")
    return query(f"select * from marts.{mart} where document_id = ? order by source_line", (document_id,))


def document_lines(document_id: str) -> pl.DataFrame:
    return query(
        "select line_no, line_text, location from marts.document_lines where document_id = ? order by line_no",
        (document_id,),
    )


# --- 单位画像 ---------------------------------------------------------------------------------------------------------


def unit_choices() -> pl.DataFrame:
    """Every unit (id and the picker's label: name, place, documents), in name order.

    A province has thousands of units: the label is made here, not row by row in Python."""
    return query("""
        select unit_id,
               concat(unit_name, '（', coalesce(nullif(county, ''), nullif(city, ''), nullif(province, ''), '地区未识别'),
                      ' · ', document_count, ' 份文档）') as label
        from marts.dim_unit order by unit_name nulls first, unit_id nulls first""")


def unit(unit_id: str) -> dict[str, Any]:
    return _first_row(
        """
        select unit_id, unit_name, province, city, county, admin_level, supervising_department, unit_code, kind,
               is_registered, names_written, document_count, first_year, last_year
        from marts.dim_unit where unit_id = ?""",
        (unit_id,),
    )


def _of_unit(mart: str, alias: str) -> str:
    """A mart's rows from one unit's documents (`d`: the document; the unit is the one parameter)."""
    return f"from marts.{mart} {alias} join marts.dim_document d using (document_id)\n        where d.unit_id = ?"


def unit_documents(unit_id: str) -> pl.DataFrame:
    return query(
        """select d.fiscal_year as 年度, d.source_file as 文件, d.forms, d.status, d.fact_count as 数字个数,
                  d.document_id
           from marts.dim_document d where d.unit_id = ? order by 年度, 文件""",
        (unit_id,),
    )


def unit_budget(unit_id: str) -> pl.DataFrame:
    """The unit's department-wide funding lines by year (a year's latest document first)."""
    return query(
        f"""select d.fiscal_year as 年度, b.line_item, b.budget_initial_yuan, b.budget_full_year_yuan,
                  b.executed_yuan, coalesce(b.execution_rate, b.execution_rate_reported) as 执行率,
                  b.prior_year_final_yuan, d.source_file as 文件, b.source_line as 行号, b.document_id
        {_of_unit("fct_budget_execution", "b")} and b.scope = 'department'
        order by b.line_item, 年度, d.ingested_at desc""",
        (unit_id,),
    )


def unit_three_public(unit_id: str) -> pl.DataFrame:
    return query(
        f"""select d.fiscal_year as 年度, t.category, t.budget_yuan, t.final_yuan, t.prior_year_final_yuan,
                  d.source_file as 文件, t.source_line as 行号, t.document_id
        {_of_unit("fct_three_public_expenses", "t")} order by t.category, 年度, d.ingested_at desc""",
        (unit_id,),
    )


def unit_scores(unit_id: str) -> pl.DataFrame:
    return query(
        f"""select d.fiscal_year as 年度, coalesce(s.project_name, '部门整体') as 范围, s.total_weight as 总分值,
                  s.total_score as 总得分, s.self_rating as 自评等级, s.indicator_count as 指标个数,
                  d.source_file as 文件, s.source_line as 行号, s.document_id
        {_of_unit("fct_evaluation_summary", "s")} order by 年度, s.scope, 范围""",
        (unit_id,),
    )


def unit_fund_flows(unit_id: str) -> pl.DataFrame:
    return query(
        f"""select d.fiscal_year as 年度, f.scheme, f.flow, f.population, f.amount_yuan as 金额_yuan,
                  f.target_yuan as 任务数_yuan, f.completion_rate_reported as 完成率, d.source_file as 文件,
                  f.source_line as 行号, f.document_id
        {_of_unit("fct_fund_flows", "f")} order by 年度, f.scheme, f.flow""",
        (unit_id,),
    )


def unit_coverage(unit_id: str) -> pl.DataFrame:
    return query(
        f"""select d.fiscal_year as 年度, c.scheme, c.population, c.measure, c.value as 人数,
                  c.rate_reported as 参保率, d.source_file as 文件, c.source_line as 行号, c.document_id
        {_of_unit("fct_coverage", "c")} order by 年度, c.scheme, c.measure""",
        (unit_id,),
    )


def unit_staffing(unit_id: str) -> pl.DataFrame:
    return query(
        f"""select d.fiscal_year as 年度, s.authorized_headcount as 编制数, s.actual_headcount as 实有在职人数,
                  s.retired_persons as 退休人数, s.control_rate_reported as 控制率, d.source_file as 文件,
                  s.source_line as 行号, s.document_id
        {_of_unit("fct_staffing", "s")} order by 年度""",
        (unit_id,),
    )


def unit_findings(unit_id: str) -> pl.DataFrame:
    return query(
        f"""select q.severity, q.check_code, d.fiscal_year as 年度, q.message, q.source_line, q.document_id
        {_of_unit("fct_quality_findings", "q")}
        order by {_SEVERITY_ORDER}, 年度, q.source_line""",
        (unit_id,),
    )


# --- 横向对比 ---------------------------------------------------------------------------------------------------------


def unit_years(unit_id: str) -> list[int]:
    """The fiscal years of the unit's documents, oldest first."""
    return query(
        "select distinct fiscal_year from marts.dim_document where unit_id = ? and fiscal_year is not null "
        "order by 1",
        (unit_id,),
    )["fiscal_year"].to_list()


def peer_figures(year: int, admin_level: str | None, kind: str | None = None) -> pl.DataFrame | None:
    """The year's comparable figures (marts.fct_unit_year) of the units at this level — of this kind too, when
    one is given; None for a warehouse built before fct_unit_year existed."""
    params: tuple[str | None, ...]
    if kind is not None:
        group, params = "u.kind = ? and u.admin_level = ?", (kind, admin_level)
    else:
        group, params = "u.admin_level is not distinct from ?", (admin_level,)
    try:
        return query(
            f"""
            select u.unit_id, u.unit_name, u.kind, u.admin_level, u.county, u.city, u.province,
                   m.actual_headcount, m.execution_rate, m.three_public_per_person_yuan as three_public_per_person,
                   m.agency_operating_per_person_yuan as agency_operating_per_person, m.personnel_share,
                   m.goods_services_share, m.household_share, m.total_score
            from marts.fct_unit_year m join marts.dim_unit u using (unit_id)
            where m.fiscal_year = ? and {group}""",
            (year, *params),
        )
    except duckdb.Error:
        return None


# --- labels and the SQL page's column reference ---------------------------------------------------------------------


def code_labels() -> pl.DataFrame:
    """kind, code → label_zh (marts.dim_code); empty for a warehouse built before dim_code existed."""
    try:
        return query("select kind, code, label_zh from marts.dim_code")
    except duckdb.Error:
        return pl.DataFrame(schema={"kind": pl.Utf8, "code": pl.Utf8, "label_zh": pl.Utf8})


def mart_columns() -> pl.DataFrame:
    """Every column of the marts with its type and Chinese description."""
    return query("""
        select table_name as 表, column_name as 列, data_type as 类型, comment as 说明
        from duckdb_columns() where schema_name = 'marts' order by table_name, column_index""")
