"""When the extractor changes, every document is read again: the parser version is a fingerprint of the ingest
code and lexicons, and a refresh re-reads stale documents (from the input folder, or from the archive when
their file has left it). Runs on a copy of the ingest package, so the lexicon can be changed safely."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from ingest import code_fingerprint
from tests.conftest import REPO


def _copy_ingest(root: Path) -> Path:
    shutil.copytree(REPO / "ingest", root / "ingest", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _change_lexicon(root: Path) -> None:
    lexicon = root / "ingest" / "extraction" / "lexicon" / "line_items.yaml"
    text = lexicon.read_text(encoding="utf-8")
    assert "  other_funds: [" in text
    lexicon.write_text(
        text.replace("  other_funds: [", "  other_funds: [其他来源资金, ", 1), encoding="utf-8"
    )


def _ingest(root: Path, input_dir: Path, data_dir: Path) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "ingest.cli",
        "ingest",
        "--input",
        str(input_dir),
        "--data-dir",
        str(data_dir),
    ]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _latest_versions(data_dir: Path) -> dict[str, str]:
    """document_id → parser version of its latest reading in the raw layer."""
    latest: dict[str, tuple] = {}
    for part in sorted((data_dir / "raw" / "documents").rglob("*.parquet")):
        table = pq.read_table(part, columns=["document_id", "ingested_at", "parser_version"])
        for doc, at, version in zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True):
            if doc not in latest or at > latest[doc][0]:
                latest[doc] = (at, version)
    return {doc: version for doc, (_, version) in latest.items()}


def _readings(data_dir: Path) -> int:
    return sum(pq.read_metadata(p).num_rows for p in (data_dir / "raw" / "documents").rglob("*.parquet"))


def test_the_parser_version_is_a_fingerprint_of_code_and_lexicons(tmp_path):
    root = _copy_ingest(tmp_path)
    before = code_fingerprint(root / "ingest")
    assert before == code_fingerprint(root / "ingest")
    _change_lexicon(root)
    after = code_fingerprint(root / "ingest")
    assert after != before
    (root / "ingest" / "extraction" / "forms" / "note.py").write_text("# a new module\n", encoding="utf-8")
    assert code_fingerprint(root / "ingest") != after


def test_a_changed_lexicon_re_extracts_every_document_of_an_unchanged_folder(tmp_path):
    from ingest.samples.generator import write_corpus

    root = _copy_ingest(tmp_path / "repo")
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, documents=6, years=1, seed=5)
    files = sorted(corpus.glob("*.txt"))
    _ingest(root, corpus, data)
    first = _latest_versions(data)
    assert len(first) == len(files) and len(set(first.values())) == 1
    _ingest(root, corpus, data)  # nothing changed: nothing read again
    assert _readings(data) == len(files)

    _change_lexicon(root)
    gone = files[0]
    gone.unlink()  # its document stays in the warehouse, and is read again from the archive
    _ingest(root, corpus, data)
    second = _latest_versions(data)
    assert set(second) == set(first)
    assert len(set(second.values())) == 1 and set(second.values()) != set(first.values())
    assert _readings(data) == 2 * len(files)
