"""The dbt process (ingest/warehouse.py) builds on a copy of the published warehouse only when the copy finished,
and leaves without its teardown only when the build file is closed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ingest.warehouse import BUILD_FILE, _copy_published


def test_a_finished_copy_is_reported_copied(tmp_path: Path) -> None:
    source, target = tmp_path / "published.duckdb", tmp_path / "build.duckdb"
    source.write_bytes(b"warehouse" * 1000)
    outcome: list[str] = []
    _copy_published(str(source), str(target), outcome)
    assert outcome == ["copied"]
    assert target.read_bytes() == source.read_bytes()


def test_a_failed_copy_leaves_no_build_file_and_says_why(tmp_path: Path) -> None:
    target = tmp_path / "build.duckdb"
    outcome: list[str] = []
    _copy_published(str(tmp_path / "missing.duckdb"), str(target), outcome)
    assert outcome and outcome[0].startswith("FileNotFoundError")
    assert not target.exists()


def _leave_in(folder: Path, code: int) -> tuple[int, str]:
    """ingest.warehouse.leave in a process of its own run in `folder` (the dbt process runs in the build folder):
    its exit code, and what its atexit handler printed (only an exit through the interpreter's teardown runs it)."""
    script = (
        f"import atexit, sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r}); "
        "from ingest.warehouse import leave; "
        "atexit.register(lambda: print('torn down', flush=True)); "
        f"print('built', flush=True); leave({code})"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=120
    )
    return done.returncode, done.stdout


def test_the_dbt_process_skips_its_teardown_only_once_the_build_file_is_closed(tmp_path: Path) -> None:
    (tmp_path / BUILD_FILE).write_bytes(b"warehouse")
    code, printed = _leave_in(tmp_path, 1)
    assert (code, printed.split()) == (1, ["built"])  # printed output flushed, no teardown
    # a write-ahead log beside the build file: DuckDB has not written it into the file yet, the usual exit does
    (tmp_path / (BUILD_FILE + ".wal")).write_bytes(b"log")
    code, printed = _leave_in(tmp_path, 0)
    assert (code, printed.split()) == (0, ["built", "torn", "down"])
