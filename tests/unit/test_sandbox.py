"""The SQL sandbox (dashboards/sandbox/) on a small real warehouse: what may run, what cannot be written,
how long and how much a query may take, and how its results reach the terminal.

Every probe that must be refused runs against the served file and checks afterwards that the file's hash is
unchanged and that nothing (`.wal`, `.tmp`, a CSV) appeared beside it.
"""

from __future__ import annotations

import hashlib
import io
import os
import platform
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from dashboards.sandbox import SandboxError, SandboxSettings, run_query
from dashboards.sandbox.confine import _seccomp_program, landlock_abi
from dashboards.sandbox.protocol import WorkerConfig
from dashboards.sql_result import excel_ready, result_frame, text_frame, unique_names
from ingest.terminal import line, literal, printable

REPO = Path(__file__).resolve().parents[2]
MIB = 1 << 20
# short limits keep the hostile probes quick; each bound is the same code path at any size
QUICK = SandboxSettings(
    memory_bytes=256 * MIB, timeout_seconds=3.0, max_result_bytes=1 * MIB, grace_seconds=1.0
)
CONTROL_FILE_NAME = "报告[bold]粗[/bold]\x1b[2J\u202e.txt"


def build_warehouse(path: Path) -> Path:
    """A warehouse shaped like the served one: marts for analysts, staging and main that must stay hidden."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create schema staging")
    con.execute("""create table marts.dim_unit as
        select 'u' || i as unit_id, '单位' || i as unit_name, ['省', '市', '县'][1 + i % 3] as admin_level
        from range(1, 13) t(i)""")
    con.execute("comment on column marts.dim_unit.unit_name is '单位名称'")
    con.execute("""create table marts.dim_document as
        select 'd' || i as document_id, 'u' || (1 + i % 12) as unit_id, 2021 + i % 3 as fiscal_year
        from range(1, 25) t(i)""")
    con.execute("""create table marts.fct_budget_execution as
        select document_id, 'department' as scope, 'total_funds' as line_item,
               (100000 + fiscal_year)::decimal(18, 2) as budget_full_year_yuan,
               (90000 + fiscal_year)::decimal(18, 2) as executed_yuan
        from marts.dim_document""")
    for table in ("fct_performance_indicators", "fct_quality_findings"):
        con.execute(f"create table marts.{table} as select document_id from marts.dim_document limit 3")
    con.execute(
        "create table marts.quarantine as select ? as source_file, '空文件' as reason", [CONTROL_FILE_NAME]
    )
    con.execute("create view marts.v_units as select unit_id, unit_name from marts.dim_unit")
    con.execute("create table staging.secret as select 'staging-secret' as s")
    con.execute("create table main.raw_facts as select 'main-secret' as s")
    con.close()
    path.chmod(0o644)
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("sandbox_data") / "warehouse.duckdb")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def served(warehouse: Path):
    """The served file, checked after the test: same bytes, nothing new beside it."""
    before, beside = digest(warehouse), sorted(os.listdir(warehouse.parent))
    yield warehouse
    assert digest(warehouse) == before
    assert sorted(os.listdir(warehouse.parent)) == beside


def refused(db: Path, sql: str, settings: SandboxSettings = QUICK, **kwargs) -> str:
    with pytest.raises(SandboxError) as caught:
        run_query(db, sql, 100, settings=settings, **kwargs)
    return str(caught.value)


def answer(db: Path, sql: str, row_limit: int = 1000, settings: SandboxSettings = QUICK):
    return run_query(db, sql, row_limit, settings=settings)


# --- statements that write, change settings or leave the marts: all refused, the file unchanged -------------

WRITES = [
    "COPY (select 'x' as a) TO '{db}' (FORMAT csv, USE_TMP_FILE false)",
    "COPY (select 'x' as a) TO '{db}.wal' (FORMAT csv)",
    "EXPORT DATABASE '{db}.tmp'",
    "COPY (select repeat('x', 1000) from range(1000000)) TO '{db}.tmp/fill.csv'",
    "COPY marts.dim_unit TO '{dir}/leak.csv'",
    "COPY marts.dim_unit FROM '{db}'",
    "COPY FROM DATABASE warehouse TO memory",
    "ATTACH '{dir}/other.duckdb' AS other",
    "DETACH warehouse",
    "SET enable_external_access = true",
    "SET memory_limit = '100GB'",
    "RESET threads",
    "SET VARIABLE leak = (select s from staging.secret)",
    "USE staging",
    "PRAGMA enable_checkpoint_on_shutdown",
    "CALL pragma_version()",
    "INSTALL httpfs",
    "LOAD httpfs",
    "CHECKPOINT",
    "FORCE CHECKPOINT",
    "IMPORT DATABASE '{dir}'",
    "INSERT INTO marts.dim_unit VALUES ('x', 'x', 'x')",
    "UPDATE marts.dim_unit SET unit_name = 'x'",
    "DELETE FROM marts.dim_unit",
    "DROP TABLE marts.dim_unit",
    "CREATE TABLE marts.x AS SELECT 1",
    "CREATE TEMP TABLE t AS SELECT 1",
    "ALTER TABLE marts.dim_unit RENAME TO gone",
    "BEGIN TRANSACTION",
    "VACUUM",
    "PREPARE p AS SELECT 1",
    "EXPLAIN ANALYZE SELECT 1",
    "select 1; COPY (select 1) TO '{db}.wal'",
    "select 1; select 2",
    "",
    "-- only a comment",
]

HIDDEN = [
    "select * from staging.secret",
    "select * from main.raw_facts",
    "select * from raw_facts",
    "select * from warehouse.staging.secret",
    "select * from secret",
    "select current_setting('temp_directory')",
    "select current_setting('memory_limit') as m from marts.dim_unit",
    "select getvariable('leak')",
    "select * from duckdb_settings()",
    "select * from duckdb_databases()",
    "select * from duckdb_views()",
    "select * from duckdb_secrets()",
    "select * from duckdb_temporary_files()",
    "select * from pragma_database_size()",
    "select * from pragma_database_list",
    "select * from read_text('/etc/passwd')",
    "select * from read_blob('{db}')",
    "select * from read_csv('/etc/passwd')",
    "select * from read_parquet('{dir}/*.parquet')",
    "select * from '/etc/passwd'",
    "select * from glob('/*')",
    "select * from query('select * from staging.secret')",
    "select * from query_table('staging.secret')",
    "select * from histogram('staging.secret', s)",
    "select * from system.main.duckdb_settings",
    "select * from information_schema.schemata",
    "select pg_get_viewdef(1)",
    "select obj_description(1, 'x')",
    "with duckdb_settings as (select * from duckdb_settings) select * from duckdb_settings",
    "select * from (with secret as (select 1) select * from secret) a, secret",
    "show tables",
    "show all tables",
    "select * from marts.dim_unit where unit_id in (select s from staging.secret)",
    "select (select s from staging.secret) from marts.dim_unit",
]


@pytest.mark.parametrize("template", WRITES)
def test_statements_that_write_or_change_settings_are_refused(served, template):
    sql = template.format(db=served, dir=served.parent)
    assert refused(served, sql).startswith("查询被拒绝或出错：")


@pytest.mark.parametrize("template", HIDDEN)
def test_only_the_marts_are_visible(served, template):
    sql = template.format(db=served, dir=served.parent)
    message = refused(served, sql)
    assert message.startswith("查询被拒绝或出错：")
    assert "staging-secret" not in message and "main-secret" not in message


def test_refusals_say_why_in_chinese(served):
    assert "COPY" in refused(served, f"copy (select 1) to '{served}.wal'")
    assert "一次只能运行一条查询语句" in refused(served, "select 1; select 2")
    assert "staging.secret 不是数据集市的表" in refused(served, "select * from staging.secret")
    assert "不允许表函数 read_text()" in refused(served, "select * from read_text('/etc/passwd')")
    assert "不允许函数 current_setting()" in refused(served, "select current_setting('threads')")
    assert "SQL 语法错误" in refused(served, "selec 1")


# --- ordinary analyst queries answer ---------------------------------------------------------------------------


def test_ordinary_queries_answer(served):
    assert answer(served, "select count(*) as n from marts.dim_unit").rows == [(12,)]
    # unqualified names resolve in marts; joins, CTEs, window functions, aggregates
    result = answer(
        served,
        """with spent as (
               select d.unit_id, d.fiscal_year, b.executed_yuan
               from fct_budget_execution b join dim_document d using (document_id))
           select u.unit_name, s.fiscal_year, sum(s.executed_yuan) as executed,
                  rank() over (partition by s.fiscal_year order by sum(s.executed_yuan) desc) as place
           from spent s join marts.dim_unit u using (unit_id)
           group by u.unit_name, s.fiscal_year order by s.fiscal_year, place, u.unit_name""",
    )
    assert result.columns == ["unit_name", "fiscal_year", "executed", "place"]
    assert len(result.rows) == 12  # each unit files two documents in one year
    assert result.rows[0] == ("单位1", 2021, Decimal("184042.00"), 1)
    assert answer(served, "select * from v_units order by unit_id limit 1").rows == [("u1", "单位1")]
    recursive = (
        "with recursive t(n) as (select 1 union all select n + 1 from t where n < 5) select sum(n) from t"
    )
    assert answer(served, recursive).rows == [(15,)]
    assert answer(served, "select sum(x) from generate_series(1, 4) g(x)").rows == [(10,)]
    assert answer(served, "select unnest([1, 2, 3]) as x").rows == [(1,), (2,), (3,)]


def test_describe_and_catalog_questions_see_the_marts_only(served):
    described = answer(served, "describe dim_unit")
    assert [r[0] for r in described.rows] == ["unit_id", "unit_name", "admin_level"]
    assert answer(served, "summarize marts.dim_document").rows[0][0] == "document_id"
    tables = answer(
        served, "select distinct table_schema, table_name from information_schema.tables order by 2"
    )
    assert {r[0] for r in tables.rows} == {"marts"}
    assert "secret" not in {r[1] for r in tables.rows} and "dim_unit" in {r[1] for r in tables.rows}
    columns = answer(
        served,
        "select c.column_name from information_schema.columns c where c.table_name = 'dim_unit' order by 1",
    )
    assert columns.rows == [("admin_level",), ("unit_id",), ("unit_name",)]
    comments = answer(served, "select schema_name, table_name, column_name, comment from duckdb_columns()")
    assert {r[0] for r in comments.rows} == {"marts"}
    assert ("marts", "dim_unit", "unit_name", "单位名称") in comments.rows
    assert {r[0] for r in answer(served, "select schema_name from duckdb_tables()").rows} == {"marts"}


def test_every_result_type_arrives_as_a_value_or_its_text(served):
    result = answer(
        served,
        """select 1 as a, 'x' as a, interval '100000000 years' as i,
                  '4b0e7f1e-8f4c-4e36-9d3a-2f1f3c1d2e3f'::uuid as u, {'k': [1, 2]} as s, [1, 2] as l,
                  map([1], ['a']) as m, '\\x00\\x01'::blob as b,
                  123456789012345678901234567890.123::decimal(38, 3) as d,
                  170141183460469231731687303715884105727::hugeint as h,
                  'infinity'::timestamp as ts, date '9999-12-31' + 10 as late, 1.5::double as f""",
    )
    assert result.columns == ["a", "a", "i", "u", "s", "l", "m", "b", "d", "h", "ts", "late", "f"]
    assert result.rows == [
        (
            1,
            "x",
            "100000000 years",
            "4b0e7f1e-8f4c-4e36-9d3a-2f1f3c1d2e3f",
            "{'k': [1, 2]}",
            "[1, 2]",
            "{1=a}",
            "\\x00\\x01",
            Decimal("123456789012345678901234567890.123"),
            170141183460469231731687303715884105727,
            "infinity",  # never bent into 9999-12-31
            "10000-01-10",
            1.5,
        )
    ]


def test_result_frames_hold_any_result(served):
    result = answer(served, "select 1 as x, 'a' as x, 170141183460469231731687303715884105727::hugeint as h")
    frame = result_frame(result.columns, result.rows)
    assert frame.columns == ["x", "x (2)", "h"]
    assert frame["h"].to_list() == ["170141183460469231731687303715884105727"]
    assert unique_names(["a", "a", "a (2)"]) == ["a", "a (2)", "a (2) (2)"]
    mixed = result_frame(["m"], [(1,), ("text",), (None,)])
    assert mixed["m"].to_list() == ["1", "text", None]
    assert text_frame(result_frame(["d"], [(Decimal("1.50"),)]))["d"].to_list() == ["1.50"]
    assert excel_ready(result_frame(["c"], [("a\x01b",)]))["c"].to_list() == ["a\\x01b"]


def test_rows_and_result_bytes_are_capped(served):
    rows = answer(served, "select * from range(100)", row_limit=10)
    assert len(rows.rows) == 10 and rows.truncated_by == "rows"
    big = answer(served, "select repeat('x', 100000) as s from range(1000)")
    assert big.truncated_by == "bytes"
    assert 0 < sum(len(r[0]) for r in big.rows) <= QUICK.max_result_bytes
    assert answer(served, "select 1").truncated_by == ""


# --- bounded in time and memory ---------------------------------------------------------------------------------

STOPPED = ("时间限制", "内存限制", "异常退出")


def bounded(db: Path, sql: str) -> tuple[str, float, int]:
    started = time.monotonic()
    with pytest.raises(SandboxError) as caught:
        run_query(db, sql, 100, settings=QUICK)
    return str(caught.value), time.monotonic() - started, caught.value.worker_peak_rss_bytes


def test_a_long_scalar_function_is_stopped_at_the_time_limit(served):
    # interrupt() is not honoured inside levenshtein: the worker process is killed
    message, seconds, _ = bounded(
        served,
        "select levenshtein(repeat('a', 100000) || x::varchar, repeat('b', 100000)) from range(12) t(x)",
    )
    assert "查询超过时间限制 3 秒" in message
    assert seconds < QUICK.timeout_seconds + 5


def test_the_worker_answers_again_after_a_kill(served):
    bounded(
        served,
        "select levenshtein(repeat('a', 100000) || x::varchar, repeat('b', 100000)) from range(12) t(x)",
    )
    assert answer(served, "select count(*) from dim_unit").rows == [(12,)]


@pytest.mark.parametrize(
    "sql",
    [
        "select string_agg(range::varchar, ',') from range(1000000000)",
        "select range % 1000000000 as k, count(*) from range(1000000000) group by 1",
        "select repeat('x', 10000000) from range(1001)",
        "with recursive t(n, s) as (select 1, 'x' union all select n + 1, s || s from t where n < 40) "
        "select max(length(s)) from t",
        "with "
        + ", ".join(
            ["t0 as (select 1 as x)"]
            + [f"t{i} as (select x from t{i - 1} union all select x from t{i - 1})" for i in range(1, 31)]
        )
        + " select count(*) from t30",
        " union all ".join(f"select {i} as x" for i in range(6000)),
    ],
    ids=["string_agg", "group_by", "repeat", "doubling_recursive", "doubling_ctes", "union_6000"],
)
def test_hostile_queries_stay_within_time_and_memory(served, sql):
    message, seconds, peak = bounded(served, sql)
    assert any(stop in message for stop in STOPPED), message
    assert seconds < QUICK.timeout_seconds + 5
    # the worker never grew past the parent's kill line (plus one polling interval of growth)
    assert peak < QUICK.rss_limit_bytes + 256 * MIB, peak


def test_a_huge_query_text_is_refused_before_planning(served):
    message, seconds, _ = bounded(served, " union all ".join(f"select {i} as x" for i in range(20000)))
    assert "查询文本超过" in message and seconds < 10


def test_settings_come_from_the_environment():
    settings = SandboxSettings.from_env(
        {"JIXIAO_SQL_MEMORY": "512MB", "JIXIAO_SQL_THREADS": "2", "JIXIAO_SQL_TIMEOUT": "7.5"}
    )
    assert (settings.memory_bytes, settings.threads, settings.timeout_seconds) == (512 * MIB, 2, 7.5)
    assert SandboxSettings.from_env({}).memory_bytes == 1024 * MIB
    assert SandboxSettings.from_env({}).threads == 1
    with pytest.raises(SandboxError, match="JIXIAO_SQL_MEMORY"):
        SandboxSettings.from_env({"JIXIAO_SQL_MEMORY": "lots"})
    with pytest.raises(SandboxError, match="JIXIAO_SQL_MEMORY"):
        SandboxSettings.from_env({"JIXIAO_SQL_MEMORY": "512"})  # 512 bytes: surely not meant
    assert SandboxSettings.from_env({"JIXIAO_SQL_MAX_BYTES": "2m"}).max_result_bytes == 2 * MIB
    with pytest.raises(SandboxError, match="JIXIAO_SQL_TIMEOUT"):
        SandboxSettings.from_env({"JIXIAO_SQL_TIMEOUT": "-1"})


def test_a_warm_worker_answers_quickly(served):
    answer(served, "select 1")  # starts (or reuses) a worker
    started = time.monotonic()
    for _ in range(5):
        answer(served, "select count(*) from dim_unit")
    per_query = (time.monotonic() - started) / 5
    assert per_query < 0.5, per_query


# --- the operating-system walls, each on its own, with the SQL check switched off ------------------------------

# (statement, whether DuckDB's own settings let it through so that only the wall can stop it)
OS_WRITES = [
    ("COPY (select 'x' as a) TO '{db}' (FORMAT csv, USE_TMP_FILE false)", True),
    ("COPY (select 'x' as a) TO '{db}.wal' (FORMAT csv)", True),
    ("EXPORT DATABASE '{db}.tmp'", False),  # temp_directory = '' took the .tmp path off DuckDB's allowed list
    ("COPY (select 1 as a) TO '{dir}/leak.csv'", False),
]


def unchecked(db: Path, sql: str, config: WorkerConfig):
    return run_query(db, sql, 10, settings=QUICK, _config=config, _checked=False)


def only(**walls: bool) -> WorkerConfig:
    return WorkerConfig(
        memory_bytes=QUICK.memory_bytes,
        threads=1,
        address_space_bytes=None,
        drop_privileges=walls.get("drop", False),
        use_landlock=walls.get("landlock", False),
        use_seccomp=walls.get("seccomp", False),
    )


def test_duckdb_alone_does_not_hold(tmp_path, warehouse):
    """Why the walls exist: read-only + enable_external_access=false still lets COPY open the .wal path for
    writing (only RLIMIT_FSIZE, which the worker always sets, keeps the bytes out)."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    with pytest.raises(SandboxError, match=r"Could not write file .*warehouse\.duckdb\.wal.*File too large"):
        unchecked(copy, f"COPY (select 'x' as a) TO '{copy}.wal' (FORMAT csv)", only())


WALLS = [
    pytest.param(
        {"landlock": True},
        marks=pytest.mark.skipif(landlock_abi() < 1, reason="the kernel has no Landlock"),
        id="landlock",
    ),
    pytest.param(
        {"seccomp": True},
        marks=pytest.mark.skipif(platform.machine() != "x86_64", reason="the seccomp filter is x86-64 only"),
        id="seccomp",
    ),
    pytest.param(
        {"drop": True},
        marks=pytest.mark.skipif(os.geteuid() != 0, reason="only a root worker gives up its user"),
        id="nobody",
    ),
]


@pytest.mark.parametrize("walls", WALLS)
@pytest.mark.parametrize(("template", "only_the_wall_stops_it"), OS_WRITES)
def test_each_wall_alone_stops_writes_that_slip_past_the_sql_check(
    served, walls, template, only_the_wall_stops_it
):
    sql = template.format(db=served, dir=served.parent)
    with pytest.raises(SandboxError) as caught:
        unchecked(served, sql, only(**walls))
    # the operating system refused the open, not DuckDB (a `nobody` worker may not even learn the real path
    # behind /proc/self/fd when the directory is closed to it, and then DuckDB refuses first)
    if only_the_wall_stops_it and not walls.get("drop"):
        assert "Permission denied" in str(caught.value) or "Operation not permitted" in str(caught.value)


def test_the_worker_stands_behind_every_wall_available(served):
    walls = answer(served, "select 1").walls
    assert walls.landlock_abi == landlock_abi()
    assert walls.seccomp == (platform.system() == "Linux" and platform.machine() == "x86_64")
    if os.geteuid() == 0:
        assert walls.user == "nobody"
    assert walls.address_space_bytes == QUICK.address_space_bytes


def test_the_seccomp_filter_is_well_formed():
    program = _seccomp_program()
    assert len(program) < 100
    assert program[-1] == (0x06, 0, 0, 0x00050001)  # the last instruction returns EPERM


# --- the terminal shows data verbatim ---------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


def test_jixiao_sql_prints_markup_and_escapes_verbatim(served):
    result = cli(
        "sql",
        "select '[/red]' as x, '[bold]b[/bold] :smile:' as \"[y]\", chr(27) || '[31mred' as e",
        "--db",
        str(served),
    )
    assert result.returncode == 0, result.stderr
    assert "[/red]" in result.stdout and "[bold]b[/bold] :smile:" in result.stdout and "[y]" in result.stdout
    assert "\\x1b[31mred" in result.stdout and "\x1b" not in result.stdout


def test_jixiao_sql_refuses_with_a_message(served):
    result = cli("sql", f"copy (select 1) to '{served}.wal'", "--db", str(served))
    assert result.returncode == 1
    assert "查询被拒绝或出错" in result.stderr and "COPY" in result.stderr


def test_jixiao_sql_stops_at_its_timeout(served):
    started = time.monotonic()
    result = cli(
        "sql",
        "select levenshtein(repeat('a', 100000) || x::varchar, repeat('b', 100000)) from range(12) t(x)",
        "--db",
        str(served),
        "--timeout",
        "2",
    )
    assert result.returncode == 1 and "时间限制 2 秒" in result.stderr
    assert time.monotonic() - started < 30


def test_jixiao_status_prints_file_names_verbatim(served):
    result = cli("status", "--db", str(served), "--data-dir", str(served.parent))
    assert result.returncode == 0, result.stderr
    assert printable(CONTROL_FILE_NAME) in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


def test_quarantine_report_lines_are_verbatim(monkeypatch):
    from ingest import cli as cli_module

    buffer = io.StringIO()
    monkeypatch.setattr(cli_module, "err", Console(file=buffer, width=200, color_system=None))
    cli_module._report_quarantine([(CONTROL_FILE_NAME, "原因[/yellow]\x07")])
    assert buffer.getvalue().strip() == f"已隔离 {printable(CONTROL_FILE_NAME)}: 原因[/yellow]\\x07"


def test_printable_escapes_control_characters_only():
    assert printable("单位 [b] :x:\t\n") == "单位 [b] :x:\\x09\\x0a"
    assert printable("a\x1b[2Jb\x9b\u202e\u3000") == "a\\x1b[2Jb\\x9b\\u202e\u3000"
    assert literal("[red]x[/red]").plain == "[red]x[/red]"
    assert line(("隔离", "yellow"), " ", "[x]").plain == "隔离 [x]"
