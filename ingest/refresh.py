"""A refresh: ingest new or changed files, build the marts into a fresh file, publish it when green."""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import PARSER_VERSION
from ingest.extraction.document import ReadError
from ingest.intake import Candidate, read_bounded, survey
from ingest.raw.archive import archived_files
from ingest.settings import Settings
from ingest.warehouse import PreparedBuild, clean_build_area, prepare_build, publish

# the pipeline (extraction, Arrow: half a second to import) is imported where a refresh reads files, after its dbt
# process has started (refresh)
if TYPE_CHECKING:
    from ingest.pipeline import BatchSummary, FileResult


class RefreshLocked(Exception):
    pass


@dataclass
class RefreshReport:
    started_at: str
    input_dir: str
    files_seen: int = 0
    files_skipped_unchanged: int = 0
    documents_loaded: int = 0
    facts: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    ingest_seconds: float = 0.0
    build_seconds: float = 0.0
    build_incremental: bool = False  # built on a copy of the published warehouse (only new batches computed)
    ingest_workers: int = 1  # worker processes that read the files
    publish_seconds: float = 0.0
    published: str | None = None
    error: str | None = None


@contextmanager
def refresh_lock(settings: Settings):
    """One refresh at a time per data directory."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RefreshLocked(f"另一个刷新正在进行（锁文件 {settings.lock_path}）") from exc
        yield


def loaded_documents(latest: dict[str, tuple]) -> dict[tuple[str, str], str]:
    """(source path, sha256) → file name of the current version of every path the raw layer holds from this
    parser version, of `latest_versions`. Only the version ingested last counts: a file changed in place and then
    restored to an earlier content is read again, or the marts would keep the change as current."""
    return {
        (path, sha): name for path, (_, sha, version, name) in latest.items() if version == PARSER_VERSION
    }


def latest_versions(settings: Settings) -> dict[str, tuple]:
    """Source path → (ingested_at, sha256, parser_version, file name) of the version of that path ingested last:
    read once per refresh, for what is loaded and what is stale."""
    import pyarrow.parquet as pq

    folder = settings.raw_dir / "documents"
    latest: dict[str, tuple] = {}
    if not folder.exists():
        return latest
    columns = ["source_path", "ingested_at", "file_sha256", "parser_version", "source_file"]
    for part in sorted(folder.rglob("*.parquet")):
        table = pq.read_table(part, columns=columns)
        for path, at, sha, version, name in zip(*(table.column(c).to_pylist() for c in columns), strict=True):
            if path not in latest or at > latest[path][0]:
                latest[path] = (at, sha, version, name)
    return latest


def stale_documents(settings: Settings, present: set[str], latest: dict[str, tuple]) -> list[Candidate]:
    """The archived originals of documents last read by another parser version (PARSER_VERSION is a hash of
    the ingest code and lexicons) whose files are no longer in the input folder: a refresh reads them again,
    so a changed extractor or lexicon reaches every document. A file still in the folder is read from there;
    a document superseded by a newer version of its file stays as it was."""
    stale = []
    for path, (_, sha, version, name) in sorted(latest.items()):
        if version == PARSER_VERSION or path in present:
            continue  # the archive is looked up only for what is read again (a glob per document is slow)
        archived = (settings.archive_dir / sha[:2]).glob(sha + "*")
        copies = [c for c in archived if c.suffix not in (".json", ".partial")]
        if copies:
            stale.append(Candidate(copies[0], name, path))
    return stale


@dataclass
class IngestPlan:
    # to read: new or changed files, refused entries (quarantined unread), stale documents
    files: list[Candidate]
    seen: int  # entries of the folder
    unchanged: int  # files already loaded as they are
    owners: dict[str, str]  # sha256 → file name of the loaded documents whose files still exist


def plan_ingest(settings: Settings, input_dir: Path, full: bool = False) -> IngestPlan:
    """What a refresh reads: new or changed files only; an unchanged file (same path, same content) is skipped.

    Entries that are not regular files inside the folder (symlinks leaving it, pipes, devices) and files that
    cannot be read are quarantined with their reason, never opened or skipped silently."""
    latest = latest_versions(settings)
    return plan_surveyed(settings, survey(input_dir), {} if full else loaded_documents(latest), latest)


def has_new_paths(candidates: list[Candidate], known: dict[tuple[str, str], str]) -> bool:
    """A readable entry of the folder at a path no loaded document came from: there is something to read (what
    changed in place is known only once the files are hashed)."""
    loaded_paths = {path for path, _ in known}
    return any(c.refusal is None and c.source_path not in loaded_paths for c in candidates)


def plan_surveyed(
    settings: Settings,
    candidates: list[Candidate],
    known: dict[tuple[str, str], str],
    latest: dict[str, tuple],
) -> IngestPlan:
    """plan_ingest on a folder surveyed already, with the loaded documents by (path, sha256) and the latest
    version of every path (latest_versions)."""
    paths = [c for c in candidates if c.refusal is None]
    # A document whose file still exists owns its content; the same content under a new path is a duplicate
    # (a renamed file, whose old path is gone, is ingested again under its new name). Paths are stored in
    # their readable form (ingest.intake.display), so a name that is not UTF-8 is matched through the survey.
    present = {c.source_path for c in paths}
    owners = {sha: name for (path, sha), name in known.items() if path in present or Path(path).exists()}
    todo = [c for c in candidates if c.refusal is not None]
    for candidate in paths:
        try:
            sha = hashlib.sha256(read_bounded(candidate.path)).hexdigest()
        except ReadError as exc:
            todo.append(dataclasses.replace(candidate, refusal=str(exc)))
            continue
        if (candidate.source_path, sha) not in known:
            todo.append(candidate)
    unchanged = len(candidates) - len(todo)
    return IngestPlan(todo + stale_documents(settings, present, latest), len(candidates), unchanged, owners)


def ingest_planned(
    settings: Settings,
    plan: IngestPlan,
    workers: int = 1,
    on_progress: Callable[[FileResult], None] | None = None,
) -> BatchSummary:
    from ingest.pipeline import ingest_files

    return ingest_files(
        plan.files,
        settings.raw_dir,
        workers=workers,
        on_progress=on_progress,
        already_loaded=plan.owners,
        archive_dir=settings.archive_dir,
    )


def run_ingest(
    settings: Settings,
    input_dir: Path,
    full: bool = False,
    workers: int = 1,
    on_progress: Callable[[FileResult], None] | None = None,
) -> tuple[BatchSummary, int, int]:
    """Ingest new or changed files only (plan_ingest): (the batch, entries seen, files skipped unchanged)."""
    plan = plan_ingest(settings, input_dir, full)
    return ingest_planned(settings, plan, workers, on_progress), plan.seen, plan.unchanged


def refresh(
    settings: Settings,
    input_dir: Path,
    full: bool = False,
    workers: int = 1,
    on_progress: Callable[[FileResult], None] | None = None,
) -> RefreshReport:
    """Ingest what is new, build, publish. dbt's process starts first (its import takes seconds), is told a build
    will follow as soon as the refresh knows it has files to read, and builds once they are read
    (ingest.warehouse.PreparedBuild); on an unchanged folder and a current warehouse it is stopped unused."""
    report = RefreshReport(
        started_at=datetime.now().isoformat(timespec="seconds"),
        input_dir=str(input_dir),
        ingest_workers=workers,
    )
    with refresh_lock(settings):
        clean_build_area(settings)
        t0 = time.perf_counter()
        prepared = prepare_build(settings, incremental=not full)
        try:
            candidates = survey(input_dir)
            latest = latest_versions(settings)
            known = {} if full else loaded_documents(latest)
            # new paths or an outdated warehouse say there will be a build before the files are hashed
            if full or has_new_paths(candidates, known) or not _published_is_current(settings):
                prepared.expect()
            plan = plan_surveyed(settings, candidates, known, latest)
            if plan.files:
                prepared.expect()
            summary = ingest_planned(settings, plan, workers, on_progress)
        except BaseException:
            prepared.cancel()
            raise
        report.files_seen, report.files_skipped_unchanged = plan.seen, plan.unchanged
        report.documents_loaded, report.facts = summary.documents, summary.facts
        report.quarantined = summary.quarantined
        t1 = time.perf_counter()
        report.ingest_seconds = round(t1 - t0, 2)
        if _published_is_current(settings):
            prepared.cancel()
            report.published = str(settings.db_path)
        else:
            _build_and_publish(settings, report, prepared)
    _write_log(settings, report)
    return report


def _build_and_publish(settings: Settings, report: RefreshReport, prepared: PreparedBuild) -> None:
    """dbt build into a fresh file, then publish it; a failure is logged and re-raised (nothing published)."""
    t1 = time.perf_counter()
    try:
        result = prepared.run()
    except Exception as exc:
        report.error = str(exc)
        report.build_seconds = round(time.perf_counter() - t1, 2)
        _write_log(settings, report)
        raise
    t2 = time.perf_counter()
    report.build_seconds = round(t2 - t1, 2)
    report.build_incremental = result.incremental
    report.published = str(publish(settings, result.build_path))
    report.publish_seconds = round(time.perf_counter() - t2, 2)


def rebuild(
    settings: Settings, workers: int = 1, on_progress: Callable[[FileResult], None] | None = None
) -> RefreshReport:
    """Rebuild the raw layer and the warehouse from the archive alone; the old raw layer comes back on failure."""
    report = RefreshReport(
        started_at=datetime.now().isoformat(timespec="seconds"),
        input_dir=str(settings.archive_dir),
        ingest_workers=workers,
    )
    from ingest.pipeline import ingest_files

    with refresh_lock(settings):
        clean_build_area(settings)
        previous = settings.raw_dir.with_name("raw.previous")
        shutil.rmtree(previous, ignore_errors=True)
        if settings.raw_dir.exists():
            os.replace(settings.raw_dir, previous)
        try:
            t0 = time.perf_counter()
            jobs = [(f.path, f.source_file, f.source_path) for f in archived_files(settings.archive_dir)]
            summary = ingest_files(jobs, settings.raw_dir, workers=workers, on_progress=on_progress)
            report.files_seen, report.documents_loaded, report.facts = (
                len(jobs),
                summary.documents,
                summary.facts,
            )
            report.quarantined = summary.quarantined
            report.ingest_seconds = round(time.perf_counter() - t0, 2)
            # a new raw layer: everything from scratch
            _build_and_publish(settings, report, prepare_build(settings, incremental=False))
        except BaseException as exc:
            shutil.rmtree(settings.raw_dir, ignore_errors=True)
            if previous.exists():
                os.replace(previous, settings.raw_dir)
            if report.error is None:
                report.error = str(exc)
                _write_log(settings, report)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    _write_log(settings, report)
    return report


def _published_is_current(settings: Settings) -> bool:
    """The served warehouse was built after every raw file was written: nothing to rebuild."""
    if not settings.db_path.exists():
        return False
    built = settings.db_path.stat().st_mtime
    return all(part.stat().st_mtime < built for part in settings.raw_dir.rglob("*.parquet"))


def _write_log(settings: Settings, report: RefreshReport) -> None:
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    (settings.log_dir / f"refresh_{stamp}.json").write_text(
        json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8"
    )


def last_refresh(settings: Settings) -> dict | None:
    logs = sorted(settings.log_dir.glob("refresh_*.json")) if settings.log_dir.exists() else []
    return json.loads(logs[-1].read_text(encoding="utf-8")) if logs else None
