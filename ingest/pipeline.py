"""Ingest a folder: read each file, extract its figures, write the raw layer. One bad file never stops a batch.

Each file is read once in a worker process bounded in time and memory (ingest/bounded.py); the bytes read are
the ones hashed, parsed and archived. A file that cannot be read, named, parsed or archived is quarantined with
its reason; the rest of the batch goes on."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from ingest import PARSER_VERSION
from ingest.bounded import Limits, run_bounded
from ingest.extraction import warm_up
from ingest.extraction.document import ReadError
from ingest.extraction.extract import extract_document
from ingest.extraction.facts import KEY_COLUMNS, Fact
from ingest.extraction.readers import read_document
from ingest.intake import Candidate, display, read_bounded, survey
from ingest.raw.archive import archive_file
from ingest.raw.batch import RawBatchWriter
from ingest.raw.parquet import PACKED_TABLES, Columns, columns_of, pack, quantize, unpack


@dataclass
class FileResult:
    source_file: str
    source_path: str
    file_sha256: str | None  # None when the file could not be read
    fiscal_year: int | None = None
    # raw table -> its columns; every row of a file belongs to its document, hence to one fiscal year
    tables: dict[str, Columns] = field(default_factory=dict)
    # the large tables as Arrow IPC streams (ingest.raw.parquet.PACKED_TABLES), cheap to send to the writer
    packed: dict[str, bytes] = field(default_factory=dict)
    error: str | None = None
    content: bytes | None = None  # the bytes read, for the archive (only when asked for)


@dataclass
class BatchSummary:
    batch_id: str
    documents: int = 0
    facts: int = 0
    findings: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)


def document_id_for(sha256: str) -> str:
    return sha256[:16]


def process_file(
    path: Path, source_file: str | None = None, source_path: str | None = None, keep_content: bool = False
) -> FileResult:
    """Everything for one file; exceptions become a quarantine reason, not a crash.

    The file is read once: those bytes are hashed, parsed and (with `keep_content`) handed back for the
    archive. `source_file` / `source_path` name the original when `path` is its archived copy."""
    source_file, source_path = source_file or display(path.name), source_path or display(path)
    try:
        data = read_bounded(path)
    except ReadError as exc:
        return FileResult(source_file, source_path, None, error=str(exc))
    sha = hashlib.sha256(data).hexdigest()
    result = FileResult(source_file, source_path, sha)
    try:
        doc = read_document(path, data)
        doc.source_file = source_file
        extracted = extract_document(doc)
    except ReadError as exc:
        result.error = str(exc)
        return result
    except MemoryError:
        raise  # the worker reports it as over the memory bound and is replaced
    except Exception as exc:  # noqa: BLE001 - an unforeseen layout must not stop the batch
        result.error = f"解析失败：{type(exc).__name__}: {exc}"
        return result
    identity, out = extracted.identity, extracted.extraction
    if not out.facts and not out.forms:
        result.error = "未识别的版式：没有找到任何绩效报表、决算表或可读的数字"
        return result
    document_id = document_id_for(sha)
    now = datetime.now()
    status = "ok" if out.facts and identity.unit_name and identity.fiscal_year else "partial"
    rows: dict[str, list[dict]] = {
        "documents": [
            {
                "document_id": document_id,
                "source_file": source_file,
                "source_path": source_path,
                "file_sha256": sha,
                "file_format": doc.file_format,
                "unit_id": identity.unit_id,
                "unit_name": identity.unit_name,
                "province": identity.province,
                "city": identity.city,
                "county": identity.county,
                "admin_level": identity.admin_level,
                "supervising_department": out.supervising_departments[0]
                if out.supervising_departments
                else None,
                "fiscal_year": identity.fiscal_year,
                "forms": sorted(out.forms),
                "status": status,
                "parser_version": PARSER_VERSION,
                "ingested_at": now,
                "fact_count": len(out.facts),
            }
        ]
    }
    rows["ingest_findings"] = [
        {
            "document_id": document_id,
            "check_code": f.check_code,
            "severity": f.severity,
            "message": f.message,
            "source_line": f.source_line,
            "source_text": f.source_text,
        }
        for f in out.findings
    ]
    rows["unmapped_figures"] = [{"document_id": document_id, **u} for u in out.unmapped]
    rows["document_tables"] = [{"document_id": document_id, **table} for table in out.tables]
    result.fiscal_year = identity.fiscal_year
    result.tables = {name: columns_of(name, table_rows) for name, table_rows in rows.items()}
    # the two large tables go straight to columns (a dict per fact costs more than the extraction), then Arrow
    large: dict[str, Columns] = {
        "facts": _fact_columns(out.facts, document_id, identity.fiscal_year),
        "document_lines": {
            "document_id": [document_id] * len(doc.lines),
            "line_no": list(range(1, len(doc.lines) + 1)),
            "line_text": list(doc.lines),
            "location": list(doc.locations or [None] * len(doc.lines)),
        },
    }
    result.packed = {name: pack(name, large[name]) for name in PACKED_TABLES}
    if keep_content:
        result.content = data
    return result


def _fact_columns(facts: list[Fact], document_id: str, fiscal_year: int | None) -> Columns:
    columns: Columns = {
        "document_id": [document_id] * len(facts),
        "fiscal_year": [fiscal_year] * len(facts),
        "mart": [f.mart for f in facts],
    }
    # a fact's key names a few of the key columns: filled from each key's items, not asked of every key for each
    key_columns: Columns = {key: [None] * len(facts) for key in KEY_COLUMNS}
    for index, fact in enumerate(facts):
        for key, value in fact.key.items():
            if key in key_columns:
                key_columns[key][index] = value
    columns |= key_columns
    columns |= {
        "measure_name": [f.measure_name for f in facts],
        "value_num": [quantize(f.value_num) for f in facts],
        "value_text": [f.value_text for f in facts],
        "precision": [quantize(f.precision) for f in facts],
        "origin": [f.origin for f in facts],
        "form_code": [f.form_code for f in facts],
        "source_line": [f.source_line for f in facts],
        "source_text": [f.source_text for f in facts],
        "fact_seq": list(range(len(facts))),
    }
    return columns


def discover(input_dir: Path) -> list[Path]:
    """The regular files of the folder to read (ingest.intake.survey also lists what is refused, and why)."""
    return [c.path for c in survey(input_dir) if c.refusal is None]


_Job = tuple[Path, str | None, str | None, bool]


def _process(job: _Job) -> FileResult:
    return process_file(*job)


def _failed(job: _Job, reason: str) -> FileResult:
    """The result of a file whose reading was stopped (time, memory, a crashed reader)."""
    path, source_file, source_path, _ = job
    return FileResult(source_file or display(path.name), source_path or display(path), None, error=reason)


def _load_before_forking() -> None:
    """What every worker loads on its first document, loaded once here instead: the workers are forked from this
    process and start with it (ingest/bounded.py). Arrow's conversion of Python values imports pandas; the
    lexicons and the gazetteer are loaded by extraction.warm_up: seconds per process otherwise."""
    pa.array([0])
    warm_up()


def ingest_files(
    paths: Iterable[Path | tuple[Path, str, str] | Candidate],
    raw_dir: Path,
    workers: int = 1,
    on_progress: Callable[[FileResult], None] | None = None,
    already_loaded: dict[str, str] | None = None,
    archive_dir: Path | None = None,
    limits: Limits | None = None,
) -> BatchSummary:
    """Ingest the files into one raw batch. `already_loaded` maps the sha256 of documents loaded by earlier
    batches (whose files still exist) to their file name: the same content under another name is a duplicate.
    A Candidate with a refusal is quarantined without being opened; `limits` bound each file's reading
    (default: ingest.bounded.Limits.from_environment())."""
    keep_content = archive_dir is not None
    jobs: list[_Job] = []
    refused: list[FileResult] = []
    for item in paths:
        if isinstance(item, Candidate):
            if item.refusal is not None:
                refused.append(FileResult(item.source_file, item.source_path, None, error=item.refusal))
            else:
                jobs.append((item.path, item.source_file, item.source_path, keep_content))
        elif isinstance(item, tuple):
            jobs.append((*item, keep_content))
        else:
            jobs.append((item, None, None, keep_content))
    batch_id = datetime.now().strftime("%Y%m%dT%H%M%S") + "_" + uuid.uuid4().hex[:8]
    summary = BatchSummary(batch_id)
    writer = RawBatchWriter(raw_dir, batch_id)
    seen_sha: dict[str, str] = dict(already_loaded or {})

    def collect(result: FileResult) -> None:
        sha = result.file_sha256  # None only for a file that was never read (its error says why)
        if result.error is None and sha is None:
            result.error = "文件未能读取"
        if result.error is None and sha in seen_sha:
            result.error = f"重复文件：内容与 {seen_sha[sha]} 相同"
        if result.error is None and archive_dir is not None and sha is not None:
            try:
                archive_file(
                    archive_dir,
                    result.content or b"",
                    sha,
                    result.source_file,
                    result.source_path,
                )
            except Exception as exc:  # noqa: BLE001 - a file that cannot be archived is not loaded
                result.error = f"归档失败：{type(exc).__name__}: {exc}"
        result.content = None  # archived: not held any longer
        packed, result.packed = result.packed, {}  # the writer holds the rows (on_progress gets the result)
        if result.error is not None:
            summary.quarantined.append((result.source_file, result.error))
            writer.add_quarantine(result.source_file, result.source_path, result.file_sha256, result.error)
        elif sha is not None:
            seen_sha[sha] = result.source_file
            large = {name: unpack(data) for name, data in packed.items()}
            writer.add_document(result.fiscal_year, result.tables, large)
            summary.documents += 1
            summary.facts += large["facts"].num_rows
            summary.findings += len(result.tables["ingest_findings"]["document_id"])
        if on_progress:
            on_progress(result)

    for result in refused:
        collect(result)
    if jobs:
        _load_before_forking()
    for result in run_bounded(_process, jobs, _failed, workers=workers, limits=limits):
        collect(result)
    writer.flush(final=True)
    return summary
