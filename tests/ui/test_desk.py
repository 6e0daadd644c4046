"""The analyst's desk on real refreshed warehouses (AppTest): Chinese on every page, 单位画像, 横向对比 and the
review workflow of 数据质量."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, rows
from tests.ui.page_text import english_leftovers, page_texts, placeholders_of_tables

PAGES = REPO / "dashboards" / "app_pages"
# every page but the SQL page, whose column reference shows the marts' own names on purpose
DESK_PAGES = [
    "overview",
    "budget",
    "three_public",
    "fund_flows",
    "coverage",
    "scores",
    "unit",
    "peers",
    "quality",
    "document",
]


def run_page(name: str, **query_params) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=90)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def _codes(db) -> set[str]:
    return {code for (code,) in rows(db, "select code from marts.dim_code")}


@pytest.fixture(params=["sample", "seeds"])
def served(request, monkeypatch):
    db = request.getfixturevalue(f"{request.param}_warehouse")
    monkeypatch.setenv("JIXIAO_DB", str(db))
    return db


@pytest.fixture()
def sample_copy(monkeypatch, sample_warehouse, tmp_path):
    """A private copy of the sample warehouse: reviews are written beside it."""
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(sample_warehouse, db)
    monkeypatch.setenv("JIXIAO_DB", str(db))
    return db


@pytest.mark.parametrize("name", DESK_PAGES)
def test_pages_read_chinese_without_codes_or_none(served, name):
    codes = _codes(served)
    units = [u for (u,) in rows(served, "select unit_id from marts.dim_unit order by unit_name limit 2")]
    runs = [run_page(name)] + [run_page(name, unit_id=u) for u in units if name in ("unit", "peers")]
    for at in runs:
        assert not at.exception, at.exception
        leftovers = english_leftovers(page_texts(at), codes)
        assert not leftovers, (name, leftovers[:10])
        assert set(placeholders_of_tables(at)) <= {"—"}, "a table would show missing values as None"


def test_unit_profile_puts_a_units_years_side_by_side(sample_served_unit):
    db, unit_id, unit_name = sample_served_unit
    at = run_page("unit", unit_id=unit_id)
    assert not at.exception, at.exception
    assert at.selectbox(key="unit").value == unit_id
    executed = {
        year: float(value) / 10_000
        for year, value in rows(
            db,
            """select d.fiscal_year, b.executed_yuan from marts.fct_budget_execution b
               join marts.dim_document d using (document_id)
               where d.unit_id = ? and b.scope = 'department' and b.line_item = 'total_funds'""",
            (unit_id,),
        )
    }
    assert len(executed) == 3
    side_by_side = next(
        d.value for d in at.dataframe if "资金行" in d.value.columns and "2020" in d.value.columns
    )
    row = side_by_side[side_by_side["资金行"] == "年度资金总额"].iloc[0]
    for year, wan in executed.items():
        assert row[str(year)] == pytest.approx(wan, abs=0.01)
    detail = next(d.value for d in at.dataframe if "执行数同比" in d.value.columns)
    totals = detail[detail["资金行"] == "年度资金总额"].sort_values("年度")
    years = sorted(executed)
    assert totals["执行数同比"].iloc[1] == pytest.approx(
        executed[years[1]] / executed[years[0]] - 1, abs=1e-4
    )
    # every detail row opens its document at the figure's line
    assert all(link.startswith("document?document_id=") and "&line=" in link for link in totals["原文"])


def test_peers_rank_the_highlighted_unit_among_its_kind(sample_served_unit):
    db, unit_id, unit_name = sample_served_unit
    year = rows(db, "select max(fiscal_year) from marts.dim_document where unit_id = ?", (unit_id,))[0][0]
    at = run_page("peers", unit_id=unit_id, year=str(year))
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "对比" in d.value.columns)
    mine = table[table["对比"] == "★ 对比对象"]
    assert list(mine["单位"]) == [unit_name]
    rates = rows(
        db,
        """select u.unit_id, coalesce(b.execution_rate, b.execution_rate_reported)
           from marts.fct_budget_execution b join marts.dim_document d using (document_id)
           join marts.dim_unit u using (unit_id)
           where d.fiscal_year = ? and b.scope = 'department' and b.line_item = 'total_funds'
             and u.kind = (select kind from marts.dim_unit where unit_id = ?)
             and u.admin_level = (select admin_level from marts.dim_unit where unit_id = ?)""",
        (year, unit_id, unit_id),
    )
    own = next(rate for u, rate in rates if u == unit_id)
    expected_rank = 1 + sum(1 for _, rate in rates if rate is not None and rate > own)
    assert mine["执行率"].iloc[0] == pytest.approx(own, abs=1e-4)
    assert mine["执行率·名次"].iloc[0] == expected_rank


@pytest.fixture()
def sample_served_unit(monkeypatch, sample_warehouse):
    """The sample warehouse served, and a registered unit with three years of 部门整体 figures."""
    monkeypatch.setenv("JIXIAO_DB", str(sample_warehouse))
    unit_id, unit_name = rows(
        sample_warehouse,
        """select u.unit_id, u.unit_name from marts.dim_unit u
           join marts.dim_document d using (unit_id)
           join marts.fct_budget_execution b using (document_id)
           where b.scope = 'department' and b.line_item = 'total_funds' and b.executed_yuan is not null
             and u.kind is not null
           group by all having count(distinct d.fiscal_year) = 3 order by u.unit_name limit 1""",
    )[0]
    return sample_warehouse, unit_id, unit_name


def _queued(at: AppTest) -> set[tuple[str, int | None, str]]:
    """The findings of the review queue as (document, line, message): several findings may share a message."""
    queue = at.dataframe[0].value
    return {
        (document, None if pd.isna(line) else int(line), message)
        for document, line, message in zip(queue["文档标识"], queue["行号"], queue["说明"], strict=True)
    }


def test_a_finding_is_marked_reviewed_and_filtered_by_status(sample_copy):
    from dashboards.reviews import load_reviews, store_path

    at = run_page("quality")
    assert not at.exception, at.exception
    queued_before = _queued(at)
    picker = at.selectbox(key="review_finding")
    finding = picker.options[1]
    picker.select_index(1).run()
    key = at.selectbox(key="review_finding").value
    at.radio(key=f"review_status_{key}").set_value("false_positive").run()
    at.text_area(key=f"review_note_{key}").input("上年报告已更正").run()
    at.text_input(key="reviewer").input("张三").run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("已保存：误报" in s.value for s in at.success)

    reviews = load_reviews(store_path(sample_copy))
    assert reviews.height == 1
    saved = reviews.row(0, named=True)
    assert (saved["status"], saved["note"], saved["reviewer"]) == ("false_positive", "上年报告已更正", "张三")
    assert saved["message"].startswith(finding.split(" · ")[-1])  # the picker shows the message's start

    # the default queue shows open findings only (others may share the message: a finding is its document, line
    # and message); the status filter brings the reviewed one back
    reviewed = (saved["document_id"], saved["source_line"], saved["message"])
    assert reviewed in queued_before
    assert reviewed not in _queued(at)
    at.multiselect(key="review_status_filter").set_value(["false_positive"]).run()
    queue = at.dataframe[0].value
    assert list(queue["说明"]) == [saved["message"]]
    assert list(queue["复核状态"]) == ["误报"] and list(queue["复核说明"]) == ["上年报告已更正"]


def test_codes_have_labels_for_every_code_the_marts_hold(sample_warehouse):
    missing = rows(
        sample_warehouse,
        """select 'check_code', check_code from marts.fct_quality_findings
           union select 'line_item', line_item from marts.fct_budget_execution
           union select 'category', category from marts.fct_three_public_expenses
           union select 'form', unnest(forms) from marts.dim_document
           except select kind, code from marts.dim_code""",
    )
    assert not missing
