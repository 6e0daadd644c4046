"""The same dbt project on PostgreSQL: a real server started on loopback, the seeds' raw layer loaded into it,
`dbt build --target postgres`, and every mart equal to the DuckDB build's."""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import needs_shared

pytestmark = needs_shared

MARTS = [
    "dim_document",
    "dim_unit",
    "fct_budget_execution",
    "fct_three_public_expenses",
    "fct_fund_flows",
    "fct_coverage",
    "fct_performance_indicators",
    "fct_evaluation_summary",
    "fct_staffing",
    "fct_final_accounts",
    "fct_quality_findings",
    "document_lines",
    "unmapped_figures",
    "quarantine",
]


def _postgres_program(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    initdb, pg_ctl = _postgres_program("initdb"), _postgres_program("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip(
            "PostgreSQL server programs not found: install Debian's `postgresql` (make system-packages)"
        )
    # its own folder outside pytest's (which only root may enter): the server refuses to run as root, so it
    # runs as the postgres user the Debian package creates
    root = Path(tempfile.mkdtemp(prefix="jixiao_postgres_"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_owner:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    subprocess.run(
        [*as_owner, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_owner,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-w",
            "start",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield port
    finally:
        subprocess.run([*as_owner, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_marts(postgres, seeds_warehouse, tmp_path_factory):
    import psycopg2

    from ingest.postgres import PostgresTarget, build_on_postgres

    admin = psycopg2.connect(host="127.0.0.1", port=postgres, user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute("create database jixiao")
    admin.close()
    target = PostgresTarget(port=postgres)
    result = build_on_postgres(
        seeds_warehouse.parent / "raw", target, tmp_path_factory.mktemp("dbt_postgres")
    )
    assert result.returncode == 0, result.stdout[-4000:]
    connection = target.connect()
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from raw.documents")
        assert cursor.fetchone()[0] == 4
    yield connection
    connection.close()


def _normalised(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list | tuple):
        return tuple(_normalised(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat()
    return value


def _rows(cursor_rows) -> list[tuple]:
    return sorted((tuple(_normalised(v) for v in row) for row in cursor_rows), key=repr)


@pytest.mark.parametrize("mart", MARTS)
def test_postgres_marts_equal_duckdb_marts(postgres_marts, seeds_warehouse, mart):
    with duckdb.connect(str(seeds_warehouse), read_only=True) as duck:
        duck_columns = [c[0] for c in duck.execute(f"describe marts.{mart}").fetchall()]
        duck_rows = _rows(duck.execute(f"select * from marts.{mart}").fetchall())
    with postgres_marts.cursor() as cursor:
        cursor.execute(f"select * from marts.{mart}")
        pg_columns = [c.name for c in cursor.description]
        pg_rows = _rows(cursor.fetchall())
    assert pg_columns == duck_columns
    assert len(pg_rows) == len(duck_rows)
    assert pg_rows == duck_rows
