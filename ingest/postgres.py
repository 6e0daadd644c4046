"""Load the raw layer into PostgreSQL, so the same dbt project builds the marts there (`--target postgres`).

DuckDB reads the raw Parquet parts in place; an engine that cannot (PostgreSQL) gets them as tables of
schema `raw`, one per raw table, loaded in bulk with COPY. The dbt sources name schema `raw`, so nothing in
the models changes between engines."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from ingest.raw.parquet import SCHEMAS
from ingest.settings import DBT_PROJECT_DIR, dbt_command

_PG_TYPES = {
    pa.string(): "text",
    pa.int32(): "integer",
    pa.bool_(): "boolean",
    pa.timestamp("us"): "timestamp",
    pa.list_(pa.string()): "text[]",
}


def _pg_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision}, {arrow_type.scale})"
    return _PG_TYPES[arrow_type]


def _array_literal(values: list[str]) -> str:
    escaped = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(escaped) + "}"


def _read_raw_table(raw_dir: Path, name: str, schema: pa.Schema) -> pa.Table:
    parts = sorted((raw_dir / name).rglob("*.parquet"))
    if not parts:
        return schema.empty_table()
    table = ds.dataset([str(p) for p in parts], format="parquet", schema=schema).to_table()
    return table


def load_raw(raw_dir: Path, connection) -> dict[str, int]:
    """Replace schema `raw` of the PostgreSQL connection (psycopg2) with the raw layer; rows per table."""
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute("drop schema if exists raw cascade; create schema raw")
        for name, base_schema in SCHEMAS.items():
            schema = base_schema.append(pa.field("batch_id", pa.string()))
            columns = ", ".join(f'"{f.name}" {_pg_type(f.type)}' for f in schema)
            cursor.execute(f'create table raw."{name}" ({columns})')
            table = _read_raw_table(raw_dir, name, schema)
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in table.to_pylist():
                writer.writerow(
                    [
                        r"\N"
                        if value is None
                        else _array_literal(value)
                        if isinstance(value, list)
                        else value
                        for value in row.values()
                    ]
                )
            buffer.seek(0)
            cursor.copy_expert(f"copy raw.\"{name}\" from stdin with (format csv, null '\\N')", buffer)
            counts[name] = table.num_rows
    connection.commit()
    return counts


@dataclass
class PostgresTarget:
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    dbname: str = "jixiao"

    def connect(self):
        import psycopg2

        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=self.dbname
        )


def build_on_postgres(raw_dir: Path, target: PostgresTarget, work_dir: Path) -> subprocess.CompletedProcess:
    """Load the raw layer into the database, then `dbt build --target postgres` (models and tests) there."""
    connection = target.connect()
    try:
        load_raw(raw_dir, connection)
    finally:
        connection.close()
    env = {
        **os.environ,
        "JIXIAO_PG_HOST": target.host,
        "JIXIAO_PG_PORT": str(target.port),
        "JIXIAO_PG_USER": target.user,
        "JIXIAO_PG_PASSWORD": target.password,
        "JIXIAO_PG_DATABASE": target.dbname,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return subprocess.run(
        dbt_command("build", "--target", "postgres", work_dir=work_dir),
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
