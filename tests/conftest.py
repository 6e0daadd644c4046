"""Shared fixtures: real refreshes into temporary data directories, built once per test session."""

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

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")


def goldcheck(db: Path, *args: str, gold: Path | None = None) -> tuple[float, int, str]:
    """Run ../shared/tools/goldcheck.py; returns (recall, wrong, full output)."""
    command = [sys.executable, str(GOLDCHECK), "--db", str(db), *args]
    if gold is not None:
        command += ["--gold", str(gold)]
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    last = [line for line in out.splitlines() if line.startswith("recall:")][-1]
    recall = float(last.split()[1])
    wrong = int(last.rsplit("wrong:", 1)[1])
    return recall, wrong, out


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
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    data_dir = tmp_path_factory.mktemp("seeds_data")
    result = refresh(SEEDS, data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir / "warehouse.duckdb"


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> tuple[Path, Path]:
    from ingest.sample import write_corpus

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
