"""Compare the marts of two warehouses (an incremental refresh must give what a build from scratch of the same
folder gives), tell which documents the last build computed and the id of a file's content."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from ingest.pipeline import document_id_for
from tests.conftest import rows

# what differs between two builds of the same documents: when and in which batch they were read, when built
INGEST_TIME_COLUMNS = {"batch_id", "ingested_at", "quarantined_at", "built_at"}
# the history a build from scratch never saw: the superseded version of the file changed in place
HISTORY = {"dim_document": "status <> 'superseded'"}
HISTORY_COLUMNS = {"dim_unit": {"document_count"}}  # counts the superseded version too


def marts(db: Path) -> dict[str, list]:
    """Every mart but build_info (the build's own time), all rows, without the columns that say when a document
    was read and without the history a build from scratch never saw."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
            ).fetchall()
            if name != "build_info"
        ]
        out = {}
        for table in tables:
            columns = [
                name
                for (name,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = ?"
                    " order by column_index",
                    [table],
                ).fetchall()
                if name not in INGEST_TIME_COLUMNS | HISTORY_COLUMNS.get(table, set())
            ]
            where = f" where {HISTORY[table]}" if table in HISTORY else ""
            rows = con.execute(f"select {', '.join(columns)} from marts.{table}{where}").fetchall()
            out[table] = sorted(map(repr, rows))
    return out


def built_in_last_build(db: Path) -> set[str]:
    """The documents the last dbt build computed (the rest were carried over from the published warehouse)."""
    return {document for (document,) in rows(db, "select document_id from intermediate.documents_to_build")}


def document_id_of(path: Path) -> str:
    """The id the refresh gives the file's current content."""
    return document_id_for(hashlib.sha256(path.read_bytes()).hexdigest())
