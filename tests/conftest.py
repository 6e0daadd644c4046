"""Shared fixtures: real refreshes into temporary data directories, built once per test session.

Test material that is not part of the project (real report texts, their gold, the shared goldcheck tool) lives
in ../shared beside the repository; a test that needs it is marked `requires_shared(...)` and skips, naming what
it needs, where ../shared is missing. Everything else runs from the repository alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
GOLDCHECK = SHARED / "tools" / "goldcheck.py"
REAL_DOCS = SHARED / "real" / "docs"
REAL_GOLD = SHARED / "real" / "gold"


def rows(db: Path, sql: str, params: tuple | list = ()) -> list[tuple]:
    """The rows of one query on a built warehouse, opened read-only (as the dashboards open it)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def _missing_reason(needed: tuple[Path, ...]) -> str | None:
    missing = [path for path in needed if not path.exists()]
    if not missing:
        return None
    names = ", ".join(f"../{path.relative_to(SHARED.parent)}" for path in missing)
    return f"needs {names} (test material beside the repository, not in it): not found"


def requires_shared(*needed: Path) -> pytest.MarkDecorator:
    """Skip the test, naming what it needs, when any of these ../shared paths is missing."""
    reason = _missing_reason(needed or (SHARED,))
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def skip_without_shared(*needed: Path) -> None:
    """The same inside a fixture or test body."""
    reason = _missing_reason(needed)
    if reason is not None:
        pytest.skip(reason)


# the seed report texts: what most ../shared tests need (kept under this name for the tests that import it)
needs_shared = requires_shared(SEEDS)


def _score_figures(out: str) -> tuple[float, int]:
    last = [line for line in out.splitlines() if line.startswith("recall:")][-1]
    return float(last.split()[1]), int(last.rsplit("wrong:", 1)[1])


def score(db: Path, *args: str, gold: Path) -> tuple[float, int, str]:
    """Run `jixiao score` on a warehouse; returns (recall, wrong, full output)."""
    result = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "score", "--db", str(db), "--gold", str(gold), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (*_score_figures(result.stdout), result.stdout)


def goldcheck(db: Path, *args: str, gold: Path | None = None) -> tuple[float, int, str]:
    """Run ../shared/tools/goldcheck.py (the reference `jixiao score` is held to); returns (recall, wrong,
    full output)."""
    skip_without_shared(GOLDCHECK)
    command = [sys.executable, str(GOLDCHECK), "--db", str(db), *args]
    if gold is not None:
        command += ["--gold", str(gold)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "recall:" in result.stdout, result.stdout + result.stderr
    return (*_score_figures(result.stdout), result.stdout)


def refresh(input_dir: Path, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest.cli",
            "refresh",
            "--input",
            str(input_dir),
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory) -> Path:
    skip_without_shared(SEEDS)
    data_dir = tmp_path_factory.mktemp("seeds_data")
    result = refresh(SEEDS, data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir / "warehouse.duckdb"


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory) -> Path:
    """The real 预算 / 决算 disclosures of ../shared/real/docs (PDF and extracted text) in one warehouse."""
    skip_without_shared(REAL_DOCS)
    data_dir = tmp_path_factory.mktemp("real_data")
    result = refresh(REAL_DOCS, data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir / "warehouse.duckdb"


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> tuple[Path, Path]:
    from ingest.samples.generator import write_corpus

    root = tmp_path_factory.mktemp("sample")
    write_corpus(root / "corpus", documents=30, years=3, seed=11, gold_dir=root / "gold")
    return root / "corpus", root / "gold"


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory, sample_corpus) -> Path:
    corpus, _ = sample_corpus
    data_dir = tmp_path_factory.mktemp("sample_data")
    result = refresh(corpus, data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir / "warehouse.duckdb"
