"""What a careful reader found in the real 预算 / 决算 disclosures of ../shared/real (expected_findings.jsonl) comes
out of marts.fct_quality_findings, and nothing a reader would call a false alarm does: the document that adds up
everywhere raises no warning, the one whose 说明 cuts figures instead of rounding them raises none for that."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REAL_DOCS, SEEDS, SHARED, requires_shared

EXPECTED_FINDINGS = SHARED / "real" / "expected_findings.jsonl"
# ../shared/real/README.md: this disclosure adds up everywhere; this one's 说明 cuts figures instead of rounding
ADDS_UP_EVERYWHERE = "r03_"
CUTS_FIGURES = "r04_"

pytestmark = requires_shared(REAL_DOCS, EXPECTED_FINDINGS)


def _expected() -> list[dict]:
    if not EXPECTED_FINDINGS.exists():
        return []
    lines = EXPECTED_FINDINGS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _case(number: int, expected: dict):
    return pytest.param(expected, id=f"{number}-{Path(expected['file']).stem}-{expected['check_code']}")


@pytest.fixture(scope="module")
def findings(real_warehouse) -> list[tuple[str, str, str, str, int | None]]:
    """(source_file, check_code, severity, message, source_line) of every finding of the real disclosures."""
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        return con.execute("""
            select d.source_file, f.check_code, f.severity, f.message, f.source_line
            from marts.fct_quality_findings as f
            join marts.dim_document as d using (document_id)
            order by d.source_file, f.source_line""").fetchall()


def _matches(finding: tuple, expected: dict) -> bool:
    source_file, check_code, _severity, message, _line = finding
    return (
        source_file == expected["file"]
        and check_code == expected["check_code"]
        and all(needle in message for needle in expected["needle"])
    )


def _serious(findings: list[tuple], file_prefix: str) -> list[tuple]:
    return [f for f in findings if f[0].startswith(file_prefix) and f[2] in ("warning", "error")]


@pytest.mark.parametrize("expected", [_case(n, e) for n, e in enumerate(_expected(), start=1)])
def test_what_a_careful_reader_found_is_found(findings, expected):
    matching = [f for f in findings if _matches(f, expected)]
    assert matching, (expected, [f for f in findings if f[0] == expected["file"]])
    # a reader's finding is worth a look: never a mere note
    assert any(f[2] in ("warning", "error") for f in matching), matching
    # the message names where (第N行), and source_line points there
    assert all(f"第{f[4]}行" in f[3] for f in matching if f[4] is not None), matching


def test_the_disclosure_that_adds_up_raises_no_warning(real_warehouse, findings):
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        files = [row[0] for row in con.execute("select source_file from marts.dim_document").fetchall()]
    assert any(name.startswith(ADDS_UP_EVERYWHERE) for name in files), files
    assert _serious(findings, ADDS_UP_EVERYWHERE) == []


def test_figures_cut_instead_of_rounded_are_no_warning(findings):
    """Every warning on the disclosure that cuts its figures is one a reader found; a cut figure is at most info."""
    expected = [e for e in _expected() if e["file"].startswith(CUTS_FIGURES)]
    unexplained = [f for f in _serious(findings, CUTS_FIGURES) if not any(_matches(f, e) for e in expected)]
    assert unexplained == []


def test_no_rounding_difference_is_a_warning(findings):
    """A finding that says two figures agree once cut (or rounded) is a note, never a warning."""
    flagged = [f for f in findings if "截尾" in f[3] and f[2] != "info"]
    assert flagged == []


@requires_shared(SEEDS)
def test_the_seeds_keep_their_findings(seeds_warehouse):
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        rows = con.execute("select check_code, severity, message from marts.fct_quality_findings").fetchall()
    checks = {check_code for check_code, _, _ in rows}
    assert {"typo_number", "figure_conflict", "scores_not_adding_up"} <= checks, checks
    conflicts = [message for check_code, _, message in rows if check_code == "figure_conflict"]
    assert conflicts and all("前后不一致" in message for message in conflicts), conflicts
    # the seeds are 自评 reports, not 预算 / 决算 disclosures: none of their figures is said to be cut or copied
    assert not [m for _, severity, m in rows if severity != "info" and ("照抄" in m or "截尾" in m)]
