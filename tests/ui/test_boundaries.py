"""The dashboards' boundaries: what each side imports, where the pages' SQL lives, and the one read-only connection
of dashboards/data.py (reopened when a refresh publishes a new file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import REPO

PAGES = REPO / "dashboards" / "app_pages"


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running `statement` in the repository."""
    script = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True, timeout=120
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_the_dashboards_take_only_the_settings_from_ingest():
    modules = _modules_after("import dashboards.data, dashboards.components, dashboards.units")
    assert {m for m in modules if m.split(".")[0] == "ingest"} <= {"ingest", "ingest.settings"}


def test_the_command_line_imports_the_sandbox_and_reviews_without_the_dashboards():
    modules = _modules_after("import dashboards.sandbox, dashboards.reviews")
    assert "streamlit" not in modules
    assert not {m for m in modules if m.split(".")[0] == "ingest"}
    dashboards = {m for m in modules if m.split(".")[0] == "dashboards"}
    assert dashboards <= {"dashboards", "dashboards.reviews"} | {
        f"dashboards.sandbox{part}" for part in ("", ".runner", ".protocol", ".confine")
    }


@pytest.mark.parametrize("page", sorted(p.stem for p in PAGES.glob("*.py") if not p.stem.startswith("_")))
def test_pages_query_through_named_functions(page):
    text = (PAGES / f"{page}.py").read_text(encoding="utf-8")
    assert "import duckdb" not in text
    assert "query(" not in text.replace("run_query(", "")
    if page != "sql":  # the SQL page's examples are SQL for the analyst to edit
        assert "from marts." not in text and "join marts." not in text


def _warehouse(path, executed: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_code as select 'line_item' as kind, 'x' as code, 'X' as label_zh")
        con.execute(f"create table marts.fct_budget_execution as select {executed} as executed_yuan")


def test_a_published_file_is_read_at_the_next_query_and_the_connection_stays_read_only(tmp_path, monkeypatch):
    from dashboards import data

    served = tmp_path / "warehouse.duckdb"
    _warehouse(served, 100)
    monkeypatch.setenv("JIXIAO_DB", str(served))
    sql = "select executed_yuan from marts.fct_budget_execution"
    assert data.query(sql)["executed_yuan"].to_list() == [100]

    # the connection held by the dashboards does not stop another read-only connection in the same process
    with duckdb.connect(str(served), read_only=True) as other:
        assert other.execute(sql).fetchall() == [(100,)]

    # a refresh builds a new file and renames it over the served one
    built = tmp_path / "build.duckdb"
    _warehouse(built, 250)
    os.replace(built, served)
    assert data.query(sql)["executed_yuan"].to_list() == [250]

    for statement in (
        "select * from read_csv('/etc/passwd')",
        f"copy marts.fct_budget_execution to '{tmp_path / 'leak.csv'}'",
        "create table marts.x as select 1",
        "set enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            data.query(statement)
    assert not (tmp_path / "leak.csv").exists()
