"""The read-only, locked-down DuckDB connection behind ad hoc SQL (the SQL 查询 page and `jixiao sql`)."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

SANDBOX_CONFIG = {
    "access_mode": "READ_ONLY",
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


class SandboxError(Exception):
    pass


def connect_sandboxed(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the served warehouse read-only with file access, extensions and settings locked."""
    if not Path(db_path).exists():
        raise SandboxError(f"数据仓库文件不存在：{db_path}（请先运行 jixiao refresh）")
    return duckdb.connect(str(db_path), read_only=True, config=dict(SANDBOX_CONFIG))


def run_query(db_path: Path, sql: str, row_limit: int = 10_000, timeout_seconds: float = 30.0):
    """Run one analyst query in the sandbox; returns (column names, rows, truncated).

    A query still running after `timeout_seconds` is interrupted."""
    con = connect_sandboxed(db_path)
    timer = threading.Timer(timeout_seconds, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(row_limit + 1)
    except duckdb.InterruptException as exc:
        raise SandboxError(f"查询超过 {timeout_seconds:g} 秒，已中止") from exc
    except duckdb.Error as exc:
        raise SandboxError(f"查询被拒绝或出错：{str(exc).splitlines()[0]}") from exc
    finally:
        timer.cancel()
        con.close()
    return columns, rows[:row_limit], len(rows) > row_limit
