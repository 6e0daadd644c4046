"""Analysts' reviews of quality findings (已核实 / 误报 / 已整改, with a note), in a small SQLite file beside the
warehouse. The warehouse is rebuilt by every refresh and by `jixiao rebuild`; the reviews are not. A review is
keyed by what identifies its finding across rebuilds — the document (its content hash), the check, the line and
a hash of the message — and keeps the finding's text, so a review whose finding has gone stays readable.
"""

from __future__ import annotations

import getpass
import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

OPEN = "open"
STATUSES = {OPEN: "待复核", "verified": "已核实", "false_positive": "误报", "fixed": "已整改"}
STORE_NAME = "reviews.sqlite3"

# what identifies a finding across rebuilds: a review is matched to the findings by these columns
FINDING_COLUMNS = ["document_id", "check_code", "source_line", "message"]

_SCHEMA = """
create table if not exists reviews (
    review_key  text primary key,
    document_id text not null,
    check_code  text not null,
    source_line integer,
    message     text not null,
    status      text not null,
    note        text,
    reviewer    text,
    reviewed_at text not null
);
-- every decision, in order: who changed what when
create table if not exists review_log (
    review_key  text not null,
    status      text not null,
    note        text,
    reviewer    text,
    reviewed_at text not null
);
"""
REVIEW_COLUMNS = ["review_key", "status", "note", "reviewer", "reviewed_at"]


@dataclass(frozen=True)
class FindingRef:
    """What a review is about: one row of marts.fct_quality_findings."""

    document_id: str
    check_code: str
    source_line: int | None
    message: str

    @property
    def key(self) -> str:
        return review_key(self.document_id, self.check_code, self.source_line, self.message)


def review_key(document_id: str, check_code: str, source_line: int | None, message: str) -> str:
    """The store's key of a finding: a hash of its document, check, line and a hash of its message."""
    message_hash = hashlib.md5(message.encode("utf-8")).hexdigest()
    line = "" if source_line is None else str(source_line)
    return hashlib.md5("|".join((document_id, check_code, line, message_hash)).encode("utf-8")).hexdigest()


def store_path(warehouse: Path) -> Path:
    """The review store lives beside the served warehouse, in the data directory."""
    return Path(warehouse).with_name(STORE_NAME)


def parse_status(text: str) -> str:
    """A status code from its code or its Chinese name (`open`, `待复核`, `已核实` …)."""
    for code, label in STATUSES.items():
        if text.strip() in (code, label):
            return code
    raise ValueError(f"未知的复核状态：{text}（可用：{'、'.join(['open', *list(STATUSES.values())[1:]])}）")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=10)
    connection.executescript(_SCHEMA)
    return connection


def save_review(
    path: Path, finding: FindingRef, status: str, note: str = "", reviewer: str | None = None
) -> None:
    """Record a decision on a finding (the latest one counts; every one is logged)."""
    if status not in STATUSES:
        raise ValueError(f"未知的复核状态：{status}")
    reviewer = reviewer or getpass.getuser()
    reviewed_at = datetime.now().isoformat(timespec="seconds")
    connection = _connect(path)
    try:
        with connection:
            connection.execute(
                """insert into reviews values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   on conflict (review_key) do update set status = excluded.status, note = excluded.note,
                       reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at""",
                (
                    finding.key,
                    finding.document_id,
                    finding.check_code,
                    finding.source_line,
                    finding.message,
                    status,
                    note,
                    reviewer,
                    reviewed_at,
                ),
            )
            connection.execute(
                "insert into review_log values (?, ?, ?, ?, ?)",
                (finding.key, status, note, reviewer, reviewed_at),
            )
    finally:
        connection.close()


def load_reviews(path: Path) -> pl.DataFrame:
    """Every review, one row per finding; an empty frame (with the columns) when nobody reviewed yet."""
    schema = {
        "review_key": pl.Utf8,
        "document_id": pl.Utf8,
        "check_code": pl.Utf8,
        "source_line": pl.Int64,
        "message": pl.Utf8,
        "status": pl.Utf8,
        "note": pl.Utf8,
        "reviewer": pl.Utf8,
        "reviewed_at": pl.Utf8,
    }
    if not Path(path).exists():
        return pl.DataFrame(schema=schema)
    connection = _connect(path)
    try:
        rows = connection.execute(f"select {', '.join(schema)} from reviews").fetchall()
    finally:
        connection.close()
    return pl.DataFrame(rows, schema=schema, orient="row")


def attach_reviews(findings: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    """Findings (with the FINDING_COLUMNS) with their review's key, status, note, reviewer and time; unreviewed
    findings are `open`. Matched on the finding's own columns: no hash is computed for the (many) findings."""
    if findings.is_empty() and not findings.columns:
        return findings
    joined = findings.with_columns(pl.col("source_line").cast(pl.Int64)).join(
        reviews.select(*FINDING_COLUMNS, *REVIEW_COLUMNS),
        on=FINDING_COLUMNS,
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    return joined.with_columns(pl.col("status").fill_null(OPEN))


def orphaned_reviews(findings: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    """Reviews whose finding the warehouse no longer holds (the document changed, or the check was fixed)."""
    if reviews.is_empty():
        return reviews
    present = findings.select(FINDING_COLUMNS).with_columns(pl.col("source_line").cast(pl.Int64))
    return reviews.join(present, on=FINDING_COLUMNS, how="anti", nulls_equal=True)


FINDINGS_SQL = """
    select q.severity, q.check_code, coalesce(severities.label_zh, q.severity) as severity_label,
           coalesce(checks.label_zh, q.check_code) as check_label, u.unit_name, d.fiscal_year, d.source_file,
           q.source_line, q.message, q.document_id
    from marts.fct_quality_findings q join marts.dim_document d using (document_id)
    left join marts.dim_unit u using (unit_id)
    left join marts.dim_code severities on severities.kind = 'severity' and severities.code = q.severity
    left join marts.dim_code checks on checks.kind = 'check_code' and checks.code = q.check_code
    order by case q.severity when 'error' then 0 when 'warning' then 1 else 2 end, u.unit_name, d.fiscal_year,
             q.source_line"""


def findings_with_reviews(warehouse: Path, status: str | None = None) -> pl.DataFrame:
    """Every finding of the served warehouse with its review (`jixiao findings`); only those with `status`
    when given."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        findings = pl.DataFrame(connection.sql(FINDINGS_SQL).to_arrow_table())
    joined = attach_reviews(findings, load_reviews(store_path(warehouse)))
    return joined if status is None else joined.filter(pl.col("status") == status)
