"""The 说明 of a disclosure: items by 科目 path, the earlier year's figure, stated changes (own sentences)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.helpers import value
from tests.unit.test_disclosure import FUNCTION_BUDGET, _document

STATEMENT = "budget_general_budget_expenditure"


def _budget(*paragraphs: str):
    return _document(
        "示例局2025年部门预算",
        *paragraphs,
        "2025年部门一般公共预算支出功能分类预算表",
        "单位：元",
        FUNCTION_BUDGET,
    )


def _prose(result, measure: str, **key):
    facts = [
        f
        for f in result.extraction.facts
        if f.origin == "prose"
        and f.measure_name == measure
        and all(f.key.get(k) == v for k, v in key.items())
    ]
    return [f.value_num for f in facts]


def test_item_by_path_with_prior_year_and_rate():
    result = _budget(
        "1.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”0.10万元，主要用于日常运行。"
        "2024年当年预算执行数为0.08万元，2025年预算安排0.10万元，比2024年预算执行数增加25.00%。"
    )
    key = {"statement": STATEMENT, "subject_code": "2010301"}
    assert _prose(result, "total_yuan", **key) == [Decimal("1000"), Decimal("1000")]
    assert _prose(result, "prior_year_stated_yuan", **key) == [Decimal("800")]
    assert _prose(result, "stated_change_rate", **key) == [Decimal("0.25")]
    # the table's own figure is still there; the statements merge in dbt
    assert value(result, "fct_final_accounts", "total_yuan", **key) == Decimal("1000")


def test_item_whose_path_the_tables_do_not_name_is_left_alone():
    result = _budget("2.“教育支出（类）普通教育（款）小学教育（项）”12.00万元，主要用于学校运行。")
    assert not [f for f in result.extraction.facts if f.origin == "prose" and f.mart == "fct_final_accounts"]


def test_decrease_and_unchanged_are_signed():
    result = _budget(
        "1.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）”0.05万元。"
        "2024年当年预算执行数为0.06万元，2025年预算安排0.05万元，比2024年预算执行数减少16.67%。",
        "2.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”0.10万元。"
        "2024年当年预算执行数为0.10万元，2025年预算安排0.10万元，比2024年预算执行数持平。",
    )
    assert _prose(result, "stated_change_rate", subject_code="2010302") == [Decimal("-0.1667")]
    assert _prose(result, "stated_change_rate", subject_code="2010301") == [Decimal("0")]


def test_department_line_stated_change_and_procurement():
    result = _budget(
        "2025年，示例局收入预算0.15万元，其中：财政拨款收入0.15万元，比2024年预算增加0.02万元；其他收入0万元。",
        "财政拨款支出预算中，一般公共预算拨款支出预算0.15万元，比2024年预算减少0.01万元；"
        "政府性基金拨款支出预算0万元，比2024年预算增加0.30万元。",
        "2025年度本部门政府采购预算0.12万元，其中：政府采购货物预算0.02万元。",
        "2024年度本部门政府采购预算0.50万元。",
    )
    department = {"scope": "department", "line_item": "current_appropriation"}
    assert _prose(result, "stated_change_yuan", **department) == [Decimal("200")]
    assert _prose(result, "stated_change_yuan", line_item="general_public_budget") == [Decimal("-100")]
    # a stated increase of 0.30万元 to a budget of 0: the check in dbt will flag it; here it is only read
    assert _prose(result, "stated_change_yuan", line_item="government_fund") == [Decimal("3000")]
    # this year's procurement budget, not the earlier year's
    assert _prose(result, "budget_initial_yuan", line_item="government_procurement") == [Decimal("1200")]


def test_final_accounts_item_reads_the_executed_figure_only():
    final_table = [
        [("项目", 4), ("本年支出", 3)],
        [("功能分类科目编码", 3), "科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["201", "03", "01", "行政运行", "1,000", "1,000", ""],
        ["201", "03", "", "政府办公厅（室）及相关机构事务", "1,000", "1,000", ""],
        ["201", "", "", "一般公共服务支出", "1,000", "1,000", ""],
    ]
    result = _document(
        "示例局2024年度部门决算",
        "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行",
        "（项）。主要用于机关运行。全年预算为0.12万元，支出决算为0.10万元，完成全年预算的83.33%。",
        "一般公共预算财政拨款支出决算表",
        "单位：元",
        final_table,
    )
    key = {"statement": "general_budget_expenditure", "subject_code": "2010301"}
    assert _prose(result, "total_yuan", **key) == [Decimal("1000")]
