"""The SQL 查询 page (Streamlit AppTest) on a small warehouse: any result type, duplicate column names and any
error end on the page as a table or a message, never as an exception."""

from __future__ import annotations

import hashlib

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.unit.test_sandbox import build_warehouse

PAGE = REPO / "dashboards" / "app_pages" / "sql.py"


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("sql_page") / "warehouse.duckdb")


@pytest.fixture()
def page(monkeypatch, small_warehouse):
    monkeypatch.setenv("JIXIAO_DB", str(small_warehouse))
    monkeypatch.setenv("JIXIAO_SQL_MEMORY", "256MB")
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def run(at: AppTest, sql: str) -> AppTest:
    at.text_area[0].set_value(sql).run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_every_result_type_is_shown(page):
    at = run(
        page,
        """select 1 as x, 'a' as x, interval '100000000 years' as i, uuid() as u, {'k': [1, 2]} as s,
                  [1, 2] as l, map([1], ['a']) as m, '\\x00\\x01'::blob as b,
                  123456789012345678901234567890.123::decimal(38, 3) as d,
                  170141183460469231731687303715884105727::hugeint as h, 'infinity'::timestamp as ts,
                  chr(1) || 'ctl' as c""",
    )
    assert at.success[0].value.startswith("1 行")
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["x", "x (2)", "i", "u", "s", "l", "m", "b", "d", "h", "ts", "c"]
    row = frame.iloc[0]
    assert row["i"] == "100000000 years" and row["s"] == "{'k': [1, 2]}" and row["ts"] == "infinity"
    assert row["h"] == "170141183460469231731687303715884105727"
    assert "列名重复" in at.caption[1].value


def test_errors_and_refusals_are_messages(page):
    for sql, expected in (
        ("select * from staging.secret", "staging.secret 不是数据集市的表"),
        ("selec 1", "SQL 语法错误"),
        ("select 1/0::int as x, 'a'::int", "查询被拒绝或出错"),
        ("copy (select 1) to '/tmp/x.csv'", "COPY"),
        ("", "没有可运行的查询语句"),
    ):
        at = run(page, sql)
        assert at.error and expected in at.error[0].value, (sql, [e.value for e in at.error])


def test_a_timeout_is_a_message_and_the_page_answers_again(page):
    page.number_input[1].set_value(1).run()
    at = run(
        page, "select levenshtein(repeat('a', 100000) || x::varchar, repeat('b', 100000)) from range(12) t(x)"
    )
    assert "时间限制 1 秒" in at.error[0].value
    at = run(at, "select count(*) as n from dim_unit")
    assert at.dataframe[0].value["n"][0] == 12


def test_the_page_leaves_the_served_file_as_it_was(page, small_warehouse):
    before = hashlib.sha256(small_warehouse.read_bytes()).hexdigest()
    run(page, f"copy (select 'x' as a) to '{small_warehouse}' (format csv, use_tmp_file false)")
    run(page, "select * from marts.dim_unit")
    assert hashlib.sha256(small_warehouse.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in small_warehouse.parent.iterdir()) == ["warehouse.duckdb"]
