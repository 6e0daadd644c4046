"""The review store (keys that survive rebuilds, decisions logged) and the code labels the pages show."""

from __future__ import annotations

import sqlite3

import duckdb
import polars as pl
import pytest

from dashboards.reviews import (
    FindingRef,
    attach_reviews,
    load_reviews,
    orphaned_reviews,
    parse_status,
    review_key,
    save_review,
)


def test_the_review_key_names_one_finding_and_stays_the_same():
    key = review_key("d1", "typo_number", 12, "数值书写有误「100%%」")
    assert key == review_key("d1", "typo_number", 12, "数值书写有误「100%%」")  # the same in every rebuild
    assert (
        len(
            {
                key,
                review_key("d1", "typo_number", 13, "数值书写有误「100%%」"),
                review_key("d1", "typo_number", None, "数值书写有误「100%%」"),
                review_key("d1", "typo_number", 12, "数值书写有误「100%」"),
            }
        )
        == 4
    )


def test_a_review_is_saved_replaced_and_logged(tmp_path):
    store = tmp_path / "reviews.sqlite3"
    finding = FindingRef("d1", "cross_year_mismatch", 20, "上年决算数与上年报告不一致：基本支出")
    save_review(store, finding, "verified", "已核对", "张三")
    save_review(store, finding, "fixed", "已更正", "李四")
    reviews = load_reviews(store)
    assert reviews.select("review_key", "status", "note", "reviewer", "message").rows() == [
        (finding.key, "fixed", "已更正", "李四", finding.message)
    ]
    with sqlite3.connect(store) as con:
        assert [s for (s,) in con.execute("select status from review_log order by rowid")] == [
            "verified",
            "fixed",
        ]
    with pytest.raises(ValueError):
        save_review(store, finding, "done")


def test_findings_get_their_review_and_unreviewed_ones_are_open(tmp_path):
    store = tmp_path / "reviews.sqlite3"
    kept = FindingRef("d1", "typo_number", 5, "数值书写有误")
    gone = FindingRef("d9", "typo_number", 7, "一条已不再出现的问题")
    save_review(store, kept, "false_positive", "原文如此")
    save_review(store, gone, "verified")
    findings = pl.DataFrame(
        {
            "document_id": ["d1", "d2"],
            "check_code": ["typo_number", "typo_number"],
            "source_line": pl.Series([5, None], dtype=pl.Int32),  # as DuckDB hands it over
            "message": ["数值书写有误", "另一条"],
        }
    )
    reviews = load_reviews(store)
    joined = attach_reviews(findings, reviews)
    assert joined.select("status", "note", "review_key").rows() == [
        ("false_positive", "原文如此", kept.key),
        ("open", None, None),
    ]
    assert orphaned_reviews(findings, reviews)["message"].to_list() == [gone.message]
    assert load_reviews(tmp_path / "none_yet.sqlite3").is_empty()


def test_statuses_are_read_from_codes_and_chinese():
    assert [parse_status(s) for s in ("open", "待复核", "已核实", "误报", "已整改", "fixed")] == [
        "open",
        "open",
        "verified",
        "false_positive",
        "fixed",
        "fixed",
    ]
    with pytest.raises(ValueError, match="未知的复核状态"):
        parse_status("done")


@pytest.fixture()
def labelled_warehouse(tmp_path, monkeypatch):
    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_code (kind varchar, code varchar, label_zh varchar)")
        con.executemany(
            "insert into marts.dim_code values (?, ?, ?)",
            [
                ("measure", "insured_persons", "参保人数"),
                ("line_item", "income_total", "收入总额"),
                ("flow", "income_total", "基金总收入"),
                ("column", "document_id", "文档标识"),
                ("form", "final_accounts", "部门决算"),
            ],
        )
    monkeypatch.setenv("JIXIAO_DB", str(db))
    return db


def test_codes_and_headers_read_chinese_and_unknown_codes_stay(labelled_warehouse):
    from dashboards.labels import label, labelled, labelled_list, readable, with_chinese_headers

    assert label("form", "final_accounts") == "部门决算"
    assert label("form", "a_new_form") == "a_new_form"  # no label yet: the code itself, never a blank
    assert label("form", None) == "—"
    frame = pl.DataFrame({"document_id": ["d"], "forms": [["final_accounts", "x"]], "m": ["insured_persons"]})
    shown = with_chinese_headers(
        frame.with_columns(labelled_list("forms", "form"), labelled("m", "measure"))
    ).row(0, named=True)
    assert shown == {"文档标识": "d", "forms": "部门决算、x", "m": "参保人数"}
    # a code inside a message: the line item's name wins over the fund flow's for a shared code
    assert (
        readable("同一数字前后不一致：insured_persons 与 income_total")
        == "同一数字前后不一致：参保人数 与 收入总额"
    )
