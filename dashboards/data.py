"""The dashboards' only way to the warehouse: read-only queries on the published file, cached until it changes.

Pages import this module, never ingest code. A refresh publishes a new file by atomic rename; the cache key
includes the file's modification time, so the next query after a publish opens the new file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboards.sandbox import SANDBOX_CONFIG


def warehouse_path() -> Path:
    data_dir = Path(os.environ.get("JIXIAO_DATA_DIR") or "data")
    return Path(os.environ.get("JIXIAO_DB") or data_dir / "warehouse.duckdb").resolve()


def _version(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


# `make bench` sets this to a list to record (sql, seconds) of every query that reaches the warehouse
query_timings: list[tuple[str, float]] | None = None


@st.cache_data(show_spinner=False, max_entries=256)
def _query(path: str, version: float, sql: str, params: tuple) -> pl.DataFrame:
    start = time.perf_counter()
    con = duckdb.connect(path, read_only=True, config=dict(SANDBOX_CONFIG))
    try:
        return pl.from_arrow(con.sql(sql, params=list(params)).to_arrow_table())
    finally:
        con.close()
        if query_timings is not None:
            query_timings.append((sql, time.perf_counter() - start))


def query(sql: str, params: tuple = ()) -> pl.DataFrame:
    """A mart query as a polars frame; an empty frame when no warehouse is published yet."""
    path = warehouse_path()
    if not path.exists():
        return pl.DataFrame()
    return _query(str(path), _version(path), sql, params)


def has_warehouse() -> bool:
    return warehouse_path().exists()
