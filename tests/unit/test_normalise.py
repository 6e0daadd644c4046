from decimal import Decimal

import pytest

from ingest.extraction.normalise import (
    clean_text,
    indicator_name,
    is_empty_mark,
    parse_bound,
    parse_chinese_count,
    parse_count,
    parse_money,
    parse_plain_number,
    parse_rate,
    project_key,
)


@pytest.mark.parametrize(
    ("written", "unit", "yuan"),
    [
        ("1,343,150.00", "元", Decimal("1343150.00")),
        ("0.86", "万元", Decimal("8600")),
        ("　26.23　", "万元", Decimal("262300")),
        ("190.11亿元", None, Decimal("19011000000")),
        ("1.94亿元", "万元", Decimal("194000000")),  # the cell's own unit wins over the column's
        ("18656.41万元", None, Decimal("186564100")),
        ("0", "万元", Decimal("0")),
    ],
)
def test_money_is_normalised_to_yuan(written, unit, yuan):
    assert parse_money(written, unit).value == yuan


def test_money_keeps_the_precision_it_was_written_with():
    assert parse_money("2.07", "万元").precision == Decimal("50")  # 0.01万元 → ±50元
    assert parse_money("20693", "元").precision == Decimal("0.5")


@pytest.mark.parametrize("written", ["", "——", "无", "/", "　", "……"])
def test_empty_marks_are_no_figure(written):
    assert is_empty_mark(written)
    assert parse_money(written, "万元") is None


def test_money_without_any_unit_is_not_guessed():
    assert parse_money("3.5", None) is None


@pytest.mark.parametrize(
    ("written", "fraction", "typo"),
    [
        ("90%", Decimal("0.9"), None),
        ("87.94%", Decimal("0.8794"), None),
        ("100%%", Decimal("1"), "double_percent"),
        ("100", Decimal("1"), "percent_sign_missing"),
        ("61％", Decimal("0.61"), None),
    ],
)
def test_rates_become_fractions(written, fraction, typo):
    rate = parse_rate(written)
    assert rate.value == fraction
    assert rate.typo == typo


def test_person_counts():
    assert parse_count("2.31万人").value == 23100
    assert parse_count("7.17万人").value == 71700
    assert parse_count("47人").value == 47
    assert parse_count("2.315人") is None  # a fraction of a person is no count


def test_bounds_and_chinese_numerals():
    sign, quantity = parse_bound("≧95%")
    assert (sign, quantity.value) == (">=", Decimal("0.95"))
    assert parse_bound("≥160人")[1].value == 160
    assert parse_chinese_count("一次").value == 1
    assert parse_chinese_count("十二人").value == 12
    assert parse_plain_number("一次") is None


def test_names():
    assert project_key("1、业务工作经费") == "业务工作经费"
    assert project_key("（一）城乡居民养老保险管理经费项目") == "城乡居民养老保险管理经费"
    assert project_key("3.财政对城乡居民基本养老保险基金的补助　") == "财政对城乡居民基本养老保险基金的补助"
    assert indicator_name("产出指标\n(54分)") == "产出指标"
    assert indicator_name("效益指标（26分）　") == "效益指标"
    assert clean_text("年度\n指标值") == "年度指标值"
