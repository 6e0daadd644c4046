"""The dbt unit tests (the merge rules and the findings' checks on their own small rows: the `unit_tests:` of
dbt_project/models/*/_*.yml) run here, against a copy of a built warehouse: a refresh does not run them (its build
excludes them, ingest/warehouse.py), as they prove the models' SQL, not the documents."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from ingest.settings import dbt_command


def _dbt(*args: str, data_dir: Path, build_db: Path, work_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*dbt_command(*args, work_dir=work_dir), "--no-use-colors"],
        env={
            **os.environ,
            "JIXIAO_RAW_DIR": str(data_dir / "raw"),
            "JIXIAO_BUILD_DB": str(build_db),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
        cwd=work_dir,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_dbt_unit_test_passes(sample_warehouse: Path, tmp_path: Path) -> None:
    build_db = tmp_path / "unit.duckdb"
    shutil.copyfile(sample_warehouse, build_db)
    result = _dbt(
        "test",
        "--select",
        "test_type:unit",
        data_dir=sample_warehouse.parent,
        build_db=build_db,
        work_dir=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    defined = json.loads((tmp_path / "target" / "manifest.json").read_text(encoding="utf-8"))["unit_tests"]
    ran = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    statuses = {r["unique_id"]: r["status"] for r in ran if r["unique_id"].startswith("unit_test.")}
    assert len(defined) >= 13, sorted(defined)
    assert statuses == dict.fromkeys(defined, "pass"), output[-4000:]


def test_a_refresh_builds_without_the_unit_tests(sample_warehouse: Path) -> None:
    """The refresh's build: models and data tests, no unit test (the test above runs them)."""
    log = (sample_warehouse.parent / "logs" / "dbt.log").read_text(encoding="utf-8")
    finished = [line for line in log.splitlines() if "Finished running" in line][-1]
    assert "data tests" in finished and "unit test" not in finished, finished
