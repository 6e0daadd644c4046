"""Build the marts with dbt into a fresh file, and publish it over the served one only when green."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import PARSER_VERSION
from ingest.settings import DBT_PROJECT_DIR, Settings


class BuildError(Exception):
    pass


@dataclass
class BuildResult:
    build_path: Path
    log_tail: str
    incremental: bool = False


def _dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def _die_with_parent() -> None:
    """In the dbt child: be killed when the refresh that started it dies (even by SIGKILL)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def clean_build_area(settings: Settings) -> None:
    """Remove what an interrupted refresh left behind: partial builds, half-written raw parts, staged files."""
    for leftover in [
        *settings.build_dir.glob("warehouse.*.duckdb*"),
        *settings.raw_dir.rglob("*.partial"),
        *settings.db_path.parent.glob(settings.db_path.name + ".incoming"),
    ]:
        leftover.unlink(missing_ok=True)


def build_fingerprint() -> str:
    """What the published warehouse was built by: the dbt project's files and the parser version. A warehouse
    with another fingerprint is never built on incrementally."""
    digest = hashlib.sha256(PARSER_VERSION.encode())
    for path in sorted(DBT_PROJECT_DIR.glob("*.yml")) + sorted(DBT_PROJECT_DIR.glob("[mt]*/**/*.*")):
        if "target" not in path.relative_to(DBT_PROJECT_DIR).parts[:1]:
            digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def published_fingerprint(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            row = con.execute("select fingerprint from marts.build_info").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


def build(settings: Settings, incremental: bool = True) -> BuildResult:
    """`dbt build` (models and tests) into a fresh file of <data dir>/build/: a copy of the published warehouse
    when it was built by the same models and parser (incremental models then add only the new batches), else
    an empty file (everything from scratch)."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    build_path = settings.build_dir / f"warehouse.{os.getpid()}.duckdb"
    for stale in (build_path, build_path.with_name(build_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    fingerprint = build_fingerprint()
    from_published = incremental and published_fingerprint(settings.db_path) == fingerprint
    if from_published:
        shutil.copyfile(settings.db_path, build_path)
    env = {
        **os.environ,
        "JIXIAO_RAW_DIR": str(settings.raw_dir),
        "JIXIAO_BUILD_DB": str(build_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        _dbt_executable(),
        "build",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(settings.build_dir / "target"),
        "--log-path",
        str(settings.log_dir),
        "--no-use-colors",
        "--quiet",
        "--vars",
        json.dumps({"build_fingerprint": fingerprint}),
    ]
    if not from_published:
        command.append("--full-refresh")
    proc = subprocess.run(
        command, env=env, capture_output=True, text=True, cwd=DBT_PROJECT_DIR, preexec_fn=_die_with_parent
    )
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
    if proc.returncode != 0:
        build_path.unlink(missing_ok=True)
        raise BuildError(f"dbt build 失败（退出码 {proc.returncode}）：\n{tail}")
    return BuildResult(build_path, tail, incremental=from_published)


def publish(settings: Settings, build_path: Path) -> Path:
    """Atomically put the freshly built file in place of the served one (readers keep their open file)."""
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = settings.db_path.with_name(settings.db_path.name + ".incoming")
    os.replace(build_path, staged)
    with open(staged, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staged, settings.db_path)
    directory = os.open(settings.db_path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return settings.db_path
