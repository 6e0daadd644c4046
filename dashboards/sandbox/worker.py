"""The SQL worker process: confined at start, then answers queries on the warehouse file handed to it.

Started by runner.py as `python -I -B -c ...`; talks over one Unix socket (see protocol.py).
The parent opens the served file and passes the open descriptor, so the worker never needs a path to it:
DuckDB opens `/proc/self/fd/N` read-only, which also works after the worker has given up root.
"""

from __future__ import annotations

import decimal  # noqa: F401 - imported before the walls: after them the standard library may be unreadable
import os
import resource
import socket
import sys
import threading
import time

import duckdb

from dashboards.sandbox import confine, protocol
from dashboards.sandbox.policy import Catalog, RefusedQuery, checked_query
from dashboards.sandbox.protocol import Reply, Request, WorkerConfig

# the connection's own guards (the walls of confine.py hold without them)
SANDBOX_CONFIG: dict[str, str | bool] = {
    "access_mode": "READ_ONLY",
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}

# DuckDB types handed over as Python values; every other type (dates and times, INTERVAL, UUID, STRUCT, LIST,
# MAP, BLOB …) is rendered by DuckDB as text, so no value can fail to convert or to display, and none is
# bent to fit Python (an infinite timestamp would come back as 9999-12-31)
_NATIVE_TYPES = frozenset(
    {
        "boolean",
        "tinyint",
        "smallint",
        "integer",
        "bigint",
        "hugeint",
        "utinyint",
        "usmallint",
        "uinteger",
        "ubigint",
        "uhugeint",
        "float",
        "double",
        "decimal",
        "varchar",
    }
)
_FETCH_ROWS = 256


class _Database:
    """The served file opened read-only once per version (reused while the file is the same); each query
    gets its own cursor, closed after it, so nothing of one query outlives it."""

    def __init__(self, fd: int, config: WorkerConfig) -> None:
        self.identity = _identity(fd)
        self.fd = fd
        settings: dict[str, str | bool | int | float | list[str]] = {
            **SANDBOX_CONFIG,
            "memory_limit": f"{config.memory_bytes}B",
            "threads": config.threads,
            "temp_directory": "",  # nothing spills to disk: a query over the memory limit fails instead
            "python_enable_replacements": False,
        }
        self.con = duckdb.connect(f"/proc/self/fd/{fd}", read_only=True, config=settings)
        database = self.con.execute("select current_database()").fetchall()[0][0]
        tables = self.con.execute(
            "select lower(table_name) from information_schema.tables "
            "where table_schema = 'marts' and table_catalog = current_database()"
        ).fetchall()
        self.catalog = Catalog(database=database, marts_tables=frozenset(t[0] for t in tables))

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self.con.cursor()
        cursor.execute("set search_path = 'marts'")  # unqualified names resolve in marts
        return cursor

    def close(self) -> None:
        self.con.close()
        os.close(self.fd)


def _type_name(duckdb_type: object) -> str:
    return str(getattr(duckdb_type, "id", duckdb_type)).lower()


def _value_bytes(value: object) -> int:
    if isinstance(value, str):
        return len(value.encode("utf-8", "replace"))
    if isinstance(value, bytes):
        return len(value)
    return 16


def _as_text(sql: str, columns: int, which: set[int] | None) -> str:
    """The query with the given columns (all when None) cast to VARCHAR, named by position so that
    duplicate column names cannot get in the way."""
    selected = [
        f"CAST(#{i + 1} AS VARCHAR)" if which is None or i in which else f"#{i + 1}" for i in range(columns)
    ]
    return f"SELECT {', '.join(selected)} FROM (\n{sql}\n) AS analyst_query"


def _collect(result: duckdb.DuckDBPyConnection, request: Request) -> tuple[list[tuple], str]:
    """Rows up to the row and byte caps, read in small batches; the reason for stopping early, if any."""
    rows: list[tuple] = []
    size = 0
    while chunk := result.fetchmany(_FETCH_ROWS):
        for row in chunk:
            if len(rows) >= request.row_limit:
                return rows, "rows"
            size += sum(_value_bytes(v) for v in row) + 8
            if size > request.byte_limit:
                return rows, "bytes"
            rows.append(tuple(row))
    return rows, ""


def _fetch(cursor: duckdb.DuckDBPyConnection, sql: str, request: Request) -> Reply:
    relation = cursor.sql(sql)  # binds only: the column names and types
    columns = list(relation.columns)
    types = [str(t) for t in relation.types]
    textual = {i for i, t in enumerate(relation.types) if _type_name(t) not in _NATIVE_TYPES}
    try:
        rows, truncated = _collect(
            cursor.execute(_as_text(sql, len(columns), textual) if textual else sql), request
        )
    except (duckdb.ConversionException, OverflowError, ValueError):
        # a value Python cannot hold after all: every column as text
        rows, truncated = _collect(cursor.execute(_as_text(sql, len(columns), None)), request)
    return Reply(kind="ok", columns=columns, types=types, rows=rows, truncated=truncated)


def _answer(database: _Database, request: Request) -> Reply:
    cursor = database.cursor()
    interrupter = threading.Timer(request.timeout_seconds, cursor.interrupt)
    # interrupt() is not honoured while a plan is built or inside one long scalar call; the parent kills
    # this process a little later, and the process ends itself too in case the parent is gone
    last_resort = threading.Timer(request.timeout_seconds + request.grace_seconds * 2, os._exit, (3,))
    interrupter.daemon = last_resort.daemon = True
    interrupter.start()
    last_resort.start()
    try:
        sql = checked_query(request.sql, database.catalog, cursor) if request.checked else request.sql
        return _fetch(cursor, sql, request)
    except RefusedQuery as exc:
        return Reply(kind="refused", message=str(exc))
    except duckdb.InterruptException:
        return Reply(kind="timeout")
    except duckdb.OutOfMemoryException as exc:
        return Reply(kind="memory", message=_first_line(exc))
    except MemoryError:
        return Reply(kind="memory", message="MemoryError")
    except (duckdb.Error, OverflowError, ValueError, RecursionError) as exc:
        return Reply(kind="error", message=_first_line(exc))
    finally:
        interrupter.cancel()
        last_resort.cancel()
        cursor.close()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _warm_up() -> None:
    """Load, before the walls go up, every module a query will need: once the worker is `nobody`, the
    interpreter's own library may sit in a directory it cannot read."""
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        sample = "select 1.5::decimal(9, 2) as d, 2::hugeint as h, timestamp '2024-01-01' as t, 'x' as s"
        _ = con.sql(sample).types
        con.execute(_as_text(sample, 4, {2})).fetchmany(1)
        con.execute("select json_serialize_sql(?)", ["select 1"]).fetchone()
        con.extract_statements("select 1")
    finally:
        con.close()


def serve(channel: socket.socket) -> None:
    config = protocol.receive(channel)
    if not isinstance(config, WorkerConfig):
        raise EOFError("the parent sent no worker configuration")
    _warm_up()
    walls = confine.confine(
        use_landlock=config.use_landlock,
        use_seccomp=config.use_seccomp,
        drop_privileges=config.drop_privileges,
        address_space_bytes=config.address_space_bytes,
    )
    protocol.send(channel, walls)
    database: _Database | None = None
    while True:
        try:
            request, fd = protocol.receive_request(channel)
        except EOFError:
            return
        started = time.perf_counter()
        try:
            if database is not None and database.identity != _identity(fd):
                database.close()
                database = None
            if database is None:
                database = _Database(fd, config)
            else:
                os.close(fd)
            reply = _answer(database, request)
        except Exception as exc:  # noqa: BLE001 - any failure is reported to the parent, not raised
            reply = Reply(kind="error", message=_first_line(exc))
        reply.seconds = time.perf_counter() - started
        reply.peak_rss_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        protocol.send(channel, reply)


def _identity(fd: int) -> tuple[int, int, int, int]:
    status = os.fstat(fd)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def main(fd: int) -> None:
    serve(socket.socket(fileno=fd))
    sys.exit(0)
