"""Write one ingest run's rows to the raw layer as Parquet, in bulk (never row by row)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.facts import KEY_COLUMNS

VALUE_TYPE = pa.decimal128(28, 8)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("document_id", pa.string()), ("source_file", pa.string()), ("source_path", pa.string()),
        ("file_sha256", pa.string()), ("file_format", pa.string()), ("unit_id", pa.string()),
        ("unit_name", pa.string()), ("province", pa.string()), ("city", pa.string()), ("county", pa.string()),
        ("admin_level", pa.string()), ("supervising_department", pa.string()), ("fiscal_year", pa.int32()),
        ("forms", pa.list_(pa.string())), ("status", pa.string()), ("parser_version", pa.string()),
        ("ingested_at", pa.timestamp("us")), ("fact_count", pa.int32()),
    ]),
    "facts": pa.schema(
        [("document_id", pa.string()), ("fiscal_year", pa.int32()), ("mart", pa.string())]
        + [(k, pa.string()) for k in KEY_COLUMNS]
        + [("measure_name", pa.string()), ("value_num", VALUE_TYPE), ("value_text", pa.string()),
           ("precision", VALUE_TYPE), ("origin", pa.string()), ("form_code", pa.string()),
           ("source_line", pa.int32()), ("source_text", pa.string()), ("fact_seq", pa.int32())]
    ),
    "document_lines": pa.schema([
        ("document_id", pa.string()), ("line_no", pa.int32()), ("line_text", pa.string()),
        ("location", pa.string()),
    ]),
    "ingest_findings": pa.schema([
        ("document_id", pa.string()), ("check_code", pa.string()), ("severity", pa.string()),
        ("message", pa.string()), ("source_line", pa.int32()), ("source_text", pa.string()),
    ]),
    "unmapped_figures": pa.schema([
        ("document_id", pa.string()), ("source_line", pa.int32()), ("figure_text", pa.string()),
        ("sentence", pa.string()), ("reason", pa.string()),
    ]),
    "quarantine": pa.schema([
        ("source_file", pa.string()), ("source_path", pa.string()), ("file_sha256", pa.string()),
        ("reason", pa.string()), ("quarantined_at", pa.timestamp("us")),
    ]),
}


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.00000001"))


def partition_of(year: int | None) -> str:
    """The raw layer's folder for a fiscal year: raw/<table>/fiscal_year=2023/… (hive style, so engines that
    read the raw layer directly, or a retention job, can take one year)."""
    return f"fiscal_year={year if year is not None else 'unknown'}"


def write_table(raw_dir: Path, name: str, rows: list[dict], file_stem: str, batch_id: str,
                year_of_document: dict[str, int | None] | None = None) -> list[Path]:
    """Write rows of one batch as raw/<name>/fiscal_year=<year>/<file_stem>.parquet (one file per year),
    atomically; rows without a year of their own take their document's. No rows: one empty file at
    raw/<name>/<file_stem>.parquet, so that readers know the table's columns."""
    if not rows:
        return [_write_part(raw_dir / name, name, [], file_stem, batch_id)]
    by_year: dict[int | None, list[dict]] = {}
    for row in rows:
        year = row["fiscal_year"] if "fiscal_year" in row else (year_of_document or {}).get(row.get("document_id"))
        by_year.setdefault(year, []).append(row)
    return [_write_part(raw_dir / name / partition_of(year), name, year_rows, file_stem, batch_id)
            for year, year_rows in sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]


def _write_part(target_dir: Path, name: str, rows: list[dict], file_stem: str, batch_id: str) -> Path:
    schema = SCHEMAS[name].append(pa.field("batch_id", pa.string()))
    columns = {field.name: [r.get(field.name) for r in rows] for field in schema}
    columns["batch_id"] = [batch_id] * len(rows)
    for field in schema:
        if field.type == VALUE_TYPE:
            columns[field.name] = [_quantize(v) for v in columns[field.name]]
    table = pa.table(columns, schema=schema)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{file_stem}.parquet"
    partial = target.with_suffix(".parquet.partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, target)
    return target
