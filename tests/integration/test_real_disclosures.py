"""Real published 预算 / 决算 disclosures (../shared/real: PDFs and PDF-extracted text nobody here generated),
refreshed into a real warehouse and scored against gold read by hand."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import REAL_DOCS, REAL_GOLD, requires_shared, score

pytestmark = requires_shared(REAL_DOCS, REAL_GOLD)

SCORED_MARTS = (
    "dim",
    "fct_budget_execution",
    "fct_economic_classification",
    "fct_final_accounts",
    "fct_three_public_expenses",
)


def _mart_recalls(out: str) -> dict[str, float]:
    recalls = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in SCORED_MARTS and "/" in parts[1]:
            recalls[parts[0]] = float(parts[2])
    return recalls


def test_real_disclosures_meet_the_bar(real_warehouse):
    recall, wrong, out = score(real_warehouse, "--show-misses", gold=REAL_GOLD)
    assert wrong == 0, out
    assert recall >= 0.95, out
    recalls = _mart_recalls(out)
    assert set(recalls) == set(SCORED_MARTS), out
    assert all(r >= 0.9 for r in recalls.values()), out


@pytest.fixture(scope="module")
def con(real_warehouse):
    connection = duckdb.connect(str(real_warehouse), read_only=True)
    yield connection
    connection.close()


def test_every_budget_is_a_budget_disclosure(con):
    forms = dict(con.execute("select source_file, forms from marts.dim_document").fetchall())
    budgets = [name for name in forms if "budget" in name]
    assert len(budgets) == 4
    for name in budgets:
        assert "budget_disclosure" in forms[name] and "final_accounts" not in forms[name], (name, forms[name])
    for name in forms:
        if "final" in name and "template" not in name:
            assert "final_accounts" in forms[name] and "budget_disclosure" not in forms[name], name


def test_template_tables_are_all_recognised(con):
    codes = {
        row[0]
        for row in con.execute("""
            select distinct table_code from marts.document_tables join marts.dim_document using (document_id)
            where source_file like '%template%' and table_code <> 'other'""").fetchall()
    }
    assert codes == {
        "summary",
        "income",
        "expenditure",
        "fiscal_summary",
        "general_budget_by_function",
        "general_budget_basic_by_economic",
        "three_public",
        "government_fund",
        "state_capital",
    }


def test_coverage_of_recognised_tables(con):
    coverage = dict(
        con.execute(
            "select source_file, coverage from marts.dim_document where coverage is not null"
        ).fetchall()
    )
    disclosures = [name for name in coverage if "template" not in name]
    assert len(disclosures) == 6, coverage
    for name in disclosures:
        assert coverage[name] >= 0.9, (name, coverage[name])


def test_unit_and_year_from_covers_and_captions(con):
    rows = con.execute("""
        select source_file, fiscal_year, unit_name from marts.dim_document order by source_file""").fetchall()
    units = {name: (year, unit) for name, year, unit in rows}
    assert all(unit for _, unit in units.values()), units
    # one unit's two budgets: its name from two covers, their years from the titles (not from a sentence)
    r01, r02 = (units[n] for n in sorted(units) if "wanli" in n)
    assert r01[1] == r02[1] and (r01[0], r02[0]) == (2023, 2024)
    # one 决算 as PDF and as extracted text: the same unit and year
    final_pdf, final_text = (units[n] for n in sorted(units) if "final2024" in n)
    assert final_pdf == final_text
