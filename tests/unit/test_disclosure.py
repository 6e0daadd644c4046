"""预算 / 决算 disclosure tables read by their headers (hand-written tables, laid out as a PDF reader lays them:
merged header cells kept once with their span)."""

from __future__ import annotations

from decimal import Decimal

from ingest.extraction.extract import extract_document
from ingest.extraction.readers.rendering import Rendering
from tests.unit.helpers import value

Cells = list[tuple[str, int] | str]


def _document(*parts: str | list[Cells]):
    out = Rendering()
    for part in parts:
        if isinstance(part, str):
            out.paragraph(part)
            continue
        rows = [[c if isinstance(c, str) else c[0] for c in row] for row in part]
        spans = [[1 if isinstance(c, str) else c[1] for c in row] for row in part]
        out.table(rows, spans=spans)
    return extract_document(out.document("test.pdf", "pdf"))


FUNCTION_BUDGET = [
    [("项目", 4), ("一般公共预算支出", 3)],
    [("功能分类科目编码", 3), "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", "", "", "", ""],
    ["201", "", "", "一般公共服务支出", "1,500", "1,000", "500"],
    ["201", "3", "", "政府办公厅（室）及相关机构事务", "1,500", "1,000", "500"],  # 款 lost its leading zero
    ["201", "03", "01", "行政运行", "1,000", "1,000", ""],
    ["201", "03", "02", "一般行政管理事务", "500", "", "500"],
    [("合计", 4), "1,500", "1,000", "500"],
]


def test_budget_function_table_by_header_words():
    result = _document(
        "XX区2025年区级部门预算",
        "预算主管部门：XX区示例管理局",
        "2025年部门一般公共预算支出功能分类预算表",
        "编制部门：XX区示例管理局 单位：元",
        FUNCTION_BUDGET,
    )
    fa = "fct_final_accounts"
    statement = "budget_general_budget_expenditure"
    assert value(result, fa, "total_yuan", statement=statement, subject_code="20103") == Decimal("1500")
    assert value(result, fa, "basic_yuan", statement=statement, subject_code="2010301") == Decimal("1000")
    assert (
        value(result, fa, "project_yuan", statement=statement, subject_code="2010301") is None
    )  # empty cell
    assert (
        value(result, fa, "subject_name", statement=statement, subject_code="2010302") == "一般行政管理事务"
    )
    assert "budget_disclosure" in result.extraction.forms
    assert "final_accounts" not in result.extraction.forms
    [table] = result.extraction.tables
    assert (table["table_code"], table["form_code"]) == ("general_budget_by_function", "budget_disclosure")
    # the 合计 row's total is the department's general-budget line; its 基本 / 项目 parts have no place in a mart
    assert (table["number_count"], table["mapped_count"]) == (13, 11)
    assert (
        value(result, "fct_budget_execution", "budget_initial_yuan", line_item="general_public_budget")
        == 1500
    )
    assert result.identity.unit_name == "XX区示例管理局"
    assert result.identity.fiscal_year == 2025


THREE_PUBLIC_FINAL = [
    [("财政拨款“三公”经费", 12)],
    [("合计", 2), ("因公出国（境）费", 2), ("公务用车购置及运行维护费", 6), ("公务接待费", 2)],
    ["", "", "", "", ("小计", 2), ("公务用车购置费", 2), ("公务用车运行维护费", 2), "", ""],
    ["预算数", "决算数"] * 6,
    ["12.00", "10.50", "0", "0", "8.00", "7.00", "0", "0", "8.00", "7.00", "4.00", "3.50"],
]


def test_three_public_final_table_with_two_level_header():
    result = _document(
        "示例局2024年度部门决算", "财政拨款“三公”经费支出决算表", "单位：万元", THREE_PUBLIC_FINAL
    )
    tp = "fct_three_public_expenses"
    assert value(result, tp, "budget_yuan", category="total") == Decimal("120000")
    assert value(result, tp, "final_yuan", category="total") == Decimal("105000")
    assert value(result, tp, "final_yuan", category="official_vehicles") == Decimal("70000")
    assert value(result, tp, "final_yuan", category="vehicle_purchase") == Decimal("0")
    assert value(result, tp, "final_yuan", category="vehicle_operation") == Decimal("70000")
    assert value(result, tp, "budget_yuan", category="official_reception") == Decimal("40000")
    assert value(result, tp, "final_yuan", category="outbound_travel") == Decimal("0")
    assert result.extraction.tables[0]["table_code"] == "three_public"
    assert "final_accounts" in result.extraction.forms


THREE_PUBLIC_BUDGET = [
    [("2025年“三公”经费预算数", 6), "2025年机关运行经费预算数"],
    ["合计", "因公出国(境)费", "公务接待费", ("公务用车购置及运行费", 3), ""],
    ["", "", "", "小计", "购置费", "运行费", ""],
    ["5.20", "0", "1.20", "4.00", "0", "4.00", "88.10"],
]


def test_three_public_and_agency_budget():
    result = _document(
        "示例局2025年部门预算", "2025年部门“三公”经费和机关运行经费预算表", "单位:万元", THREE_PUBLIC_BUDGET
    )
    tp = "fct_three_public_expenses"
    assert value(result, tp, "budget_yuan", category="total") == Decimal("52000")
    assert value(result, tp, "budget_yuan", category="official_vehicles") == Decimal("40000")
    assert value(result, tp, "budget_yuan", category="vehicle_operation") == Decimal("40000")
    assert value(result, tp, "budget_yuan", category="official_reception") == Decimal("12000")
    assert value(result, tp, "final_yuan", category="total") is None
    be = "fct_budget_execution"
    assert value(result, be, "budget_initial_yuan", line_item="agency_operating_expenses") == Decimal(
        "881000"
    )


ECONOMIC_FINAL_BLOCKS = [
    ["人员经费", "", "", "公用经费", "", ""],
    ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
    ["301", "工资福利支出", "80.00", "302", "商品和服务支出", "9.00"],
    ["30101", "基本工资", "30.00", "30201", "办公费", "2.50"],
    ["303", "对个人和家庭的补助", "0.00", "30211", "差旅费", "1.00"],
    [("人员经费合计", 2), "80.00", ("公用经费合计", 2), "9.00"],
]


def test_basic_expenditure_final_table_in_two_blocks():
    result = _document(
        "示例局2024年度部门决算", "一般公共预算财政拨款基本支出决算表", "单位：万元", ECONOMIC_FINAL_BLOCKS
    )
    ec = "fct_economic_classification"
    assert value(result, ec, "total_yuan", statement="final_basic", subject_code="30101") == Decimal("300000")
    assert value(result, ec, "econ_name", statement="final_basic", subject_code="30211") == "差旅费"
    assert value(result, ec, "total_yuan", statement="final_basic", subject_code="302") == Decimal("90000")
    be = "fct_budget_execution"
    assert value(result, be, "executed_yuan", line_item="personnel_expenditure") == Decimal("800000")
    assert value(result, be, "executed_yuan", line_item="public_expenditure") == Decimal("90000")
    assert value(result, be, "executed_yuan", line_item="office_expenses") == Decimal("25000")
    assert value(result, be, "executed_yuan", line_item="household_subsidies") == Decimal("0")


SUMMARY_WITH_CARRYOVER = [
    [("收入", 2), ("支出", 2)],
    ["项目", "决算数", "项目", "决算数"],
    ["一、一般公共预算财政拨款收入", "300.00", "一、一般公共服务支出", "310.00"],
    ["二、政府性基金预算财政拨款收入", "", "二、教育支出", ""],
    ["本年收入合计", "300.00", "本年支出合计", "310.00"],
    ["年初结转和结余", "20.00", "年末结转和结余", "10.00"],
    ["总计", "320.00", "总计", "320.00"],
]


def test_summary_reads_label_value_pairs_and_skips_grand_totals_with_carryover():
    result = _document("示例局2024年度部门决算", "收入支出决算总表", "单位：万元", SUMMARY_WITH_CARRYOVER)
    be = "fct_budget_execution"
    assert value(result, be, "executed_yuan", line_item="income_total") == Decimal("3000000")
    assert value(result, be, "executed_yuan", line_item="expenditure_total") == Decimal("3100000")
    assert value(result, be, "executed_yuan", line_item="general_public_budget") == Decimal("3000000")
    assert value(result, be, "executed_yuan", line_item="government_fund") is None  # empty cell, not 0
    # 总计 includes the carried-over funds: never the year's income
    totals = [f for f in result.extraction.facts if f.key.get("line_item") == "income_total"]
    assert {f.value_num for f in totals} == {Decimal("3000000")}


def test_targets_table_of_a_budget_is_no_self_evaluation():
    targets = [
        [("项目支出绩效目标表", 6)],
        ["项目名称", "示例项目", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "培训人次", "≥", "300", "人次"],
    ]
    result = _document("示例局2025年部门预算", "绩效目标", targets)
    assert "performance_targets" in result.extraction.forms
    assert not result.extraction.forms & {"project_self_eval", "dept_self_eval"}
    indicators = [f for f in result.extraction.facts if f.mart == "fct_performance_indicators"]
    # targets only: what the form sets for the year, never an actual value or a score
    assert [(f.key["level3"], f.measure_name, f.value_text) for f in indicators] == [
        ("培训人次", "target_text", "≥300人次")
    ]


def test_a_table_continued_after_a_page_break_keeps_its_title_and_unit():
    header, rows = FUNCTION_BUDGET[:3], FUNCTION_BUDGET[3:]
    result = _document(
        "示例局2025年部门预算",
        "2025年部门一般公共预算支出功能分类预算表",
        "单位：万元",
        header + rows[:2],
        "注：续下页",
        header + rows[2:],
    )
    statement = "budget_general_budget_expenditure"
    fa = "fct_final_accounts"
    # the second part repeats the header and has no title: it is the same table, in 万元, of the 预算
    assert value(result, fa, "basic_yuan", statement=statement, subject_code="2010301") == Decimal("10000000")
    assert not [f for f in result.extraction.facts if f.key.get("statement") == "expenditure"]
    assert [t["table_code"] for t in result.extraction.tables] == ["general_budget_by_function"]
