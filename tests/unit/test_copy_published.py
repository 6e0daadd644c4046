"""The dbt process builds on a copy of the published warehouse only when the copy finished (ingest/warehouse.py)."""

from __future__ import annotations

from pathlib import Path

from ingest.warehouse import _copy_published


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
