"""The real reports of ../shared/seeds, refreshed into a real warehouse and scored by `jixiao score`."""

import duckdb

from tests.conftest import GOLD, SEEDS, requires_shared, score

pytestmark = requires_shared(SEEDS, GOLD)


def test_table_figures_meet_the_bar(seeds_warehouse):
    recall, wrong, out = score(seeds_warehouse, "--origin", "table", "--show-misses", gold=GOLD)
    assert wrong == 0, out
    assert recall >= 0.95, out


def test_no_wrong_figure_at_all(seeds_warehouse):
    recall, wrong, out = score(seeds_warehouse, "--show-misses", gold=GOLD)
    assert wrong == 0, out
    assert recall >= 0.93, out


def test_prose_figures_meet_the_bar(seeds_warehouse):
    recall, wrong, out = score(seeds_warehouse, "--origin", "prose", gold=GOLD)
    assert wrong == 0, out
    assert recall >= 0.85, out


def test_marts_keep_provenance_and_findings(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    assert con.execute("select count(*) from marts.dim_document where status = 'ok'").fetchone()[0] == 4
    # every fact row points back to a line of its document, and that line holds the figure's text
    orphans = con.execute("""
        select count(*) from marts.fct_budget_execution f
        left join marts.document_lines l on l.document_id = f.document_id and l.line_no = f.source_line
        where l.line_no is null""").fetchone()[0]
    assert orphans == 0
    checks = {
        r[0] for r in con.execute("select distinct check_code from marts.fct_quality_findings").fetchall()
    }
    assert {"typo_number", "figure_conflict"} <= checks
    # money is DECIMAL(20,2), rates are fractions
    types = dict(
        con.execute("""select column_name, data_type from duckdb_columns()
                                where schema_name = 'marts' and table_name = 'fct_budget_execution'""").fetchall()
    )
    assert types["executed_yuan"] == "DECIMAL(20,2)"
    assert (
        con.execute("select max(execution_rate_reported) from marts.fct_budget_execution").fetchone()[0] < 3
    )


def test_columns_carry_chinese_descriptions(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    comment = con.execute("""select comment from duckdb_columns() where schema_name = 'marts'
                             and table_name = 'fct_budget_execution' and column_name = 'executed_yuan'""").fetchone()
    assert comment and "执行数" in comment[0]
