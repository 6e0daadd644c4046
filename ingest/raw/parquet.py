"""Write one ingest run's rows to the raw layer as Parquet, in bulk (never row by row)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.extraction.facts import KEY_COLUMNS

VALUE_TYPE = pa.decimal128(28, 8)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("document_id", pa.string()),
            ("source_file", pa.string()),
            ("source_path", pa.string()),
            ("file_sha256", pa.string()),
            ("file_format", pa.string()),
            ("unit_id", pa.string()),
            ("unit_name", pa.string()),
            ("province", pa.string()),
            ("city", pa.string()),
            ("county", pa.string()),
            ("admin_level", pa.string()),
            ("supervising_department", pa.string()),
            ("fiscal_year", pa.int32()),
            ("forms", pa.list_(pa.string())),
            ("status", pa.string()),
            ("parser_version", pa.string()),
            ("ingested_at", pa.timestamp("us")),
            ("fact_count", pa.int32()),
        ]
    ),
    "facts": pa.schema(
        [("document_id", pa.string()), ("fiscal_year", pa.int32()), ("mart", pa.string())]
        + [(k, pa.string()) for k in KEY_COLUMNS]
        + [
            ("measure_name", pa.string()),
            ("value_num", VALUE_TYPE),
            ("value_text", pa.string()),
            ("precision", VALUE_TYPE),
            ("origin", pa.string()),
            ("form_code", pa.string()),
            ("source_line", pa.int32()),
            ("source_text", pa.string()),
            ("fact_seq", pa.int32()),
        ]
    ),
    "document_lines": pa.schema(
        [
            ("document_id", pa.string()),
            ("line_no", pa.int32()),
            ("line_text", pa.string()),
            ("location", pa.string()),
        ]
    ),
    "ingest_findings": pa.schema(
        [
            ("document_id", pa.string()),
            ("check_code", pa.string()),
            ("severity", pa.string()),
            ("message", pa.string()),
            ("source_line", pa.int32()),
            ("source_text", pa.string()),
        ]
    ),
    "unmapped_figures": pa.schema(
        [
            ("document_id", pa.string()),
            ("source_line", pa.int32()),
            ("figure_text", pa.string()),
            ("sentence", pa.string()),
            ("reason", pa.string()),
        ]
    ),
    "document_tables": pa.schema(
        [
            ("document_id", pa.string()),
            ("table_seq", pa.int32()),
            ("table_code", pa.string()),
            ("form_code", pa.string()),
            ("title", pa.string()),
            ("marked_empty", pa.bool_()),
            ("source_line", pa.int32()),
            ("row_count", pa.int32()),
            ("fact_count", pa.int32()),
            ("number_count", pa.int32()),
            ("mapped_count", pa.int32()),
        ]
    ),
    "quarantine": pa.schema(
        [
            ("source_file", pa.string()),
            ("source_path", pa.string()),
            ("file_sha256", pa.string()),
            ("reason", pa.string()),
            ("quarantined_at", pa.timestamp("us")),
        ]
    ),
}


Columns = dict[str, list]


def quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.00000001"))


def columns_of(name: str, rows: list[dict]) -> Columns:
    """Rows of a raw table as columns in its schema's order, amounts quantized to the stored scale."""
    columns = {f.name: [row.get(f.name) for row in rows] for f in SCHEMAS[name]}
    for f in SCHEMAS[name]:
        if f.type == VALUE_TYPE:
            columns[f.name] = [quantize(v) for v in columns[f.name]]
    return columns


def arrow_table(name: str, columns: Columns) -> pa.Table:
    """Rows of a raw table in its schema, as Arrow (without the batch, which the writer adds)."""
    return pa.table(columns, schema=SCHEMAS[name])


# The large tables of a document (hundreds of rows) cross from the worker that read it to the process that writes
# the files as one Arrow IPC stream each: built in the worker (in parallel), a few buffers to send, read without
# conversion. Pickled Python values cost the writing process as much again; the small tables (a row or a few)
# travel as columns, as an Arrow table carries a fixed cost of its own.
PACKED_TABLES = ("facts", "document_lines")


def pack(name: str, columns: Columns) -> bytes:
    table = arrow_table(name, columns)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    return sink.getvalue().to_pybytes()


def unpack(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def partition_of(year: int | None) -> str:
    """The raw layer's folder for a fiscal year: raw/<table>/fiscal_year=2023/… (hive style, so engines that
    read the raw layer directly, or a retention job, can take one year)."""
    return f"fiscal_year={year if year is not None else 'unknown'}"


def write_table(
    raw_dir: Path, name: str, table: pa.Table | None, file_stem: str, batch_id: str, year: int | None = None
) -> Path:
    """Write one part of a batch atomically, as raw/<name>/fiscal_year=<year>/<file_stem>.parquet. No table:
    one empty file at raw/<name>/<file_stem>.parquet, so that readers know the table's columns."""
    if table is None:
        target_dir, table = raw_dir / name, SCHEMAS[name].empty_table()
    else:
        target_dir = raw_dir / name / partition_of(year)
    table = table.append_column(pa.field("batch_id", pa.string()), pa.repeat(batch_id, table.num_rows))
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{file_stem}.parquet"
    partial = target.with_suffix(".parquet.partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, target)
    return target
