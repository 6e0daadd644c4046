"""预算 / 决算 tables of other provinces, levels and years, read by their header words (hand-written tables with
made-up units and figures, laid out as the published ones are: merged header cells kept once with their span)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.extraction.extract import extract_document
from ingest.extraction.forms.disclosure import table_code_of
from ingest.extraction.readers.rendering import Rendering
from tests.unit.helpers import value

Cells = list[tuple[str, int] | str]
FA, BE, TP = "fct_final_accounts", "fct_budget_execution", "fct_three_public_expenses"


def _document(*parts: str | list[Cells] | tuple[str, list[Cells]]):
    """Paragraphs and tables; a ("continued", rows) part continues the table before it (a page break)."""
    out = Rendering()
    for part in parts:
        if isinstance(part, str):
            out.paragraph(part)
            continue
        continues, rows = (True, part[1]) if isinstance(part, tuple) else (False, part)
        texts = [[c if isinstance(c, str) else c[0] for c in row] for row in rows]
        spans = [[1 if isinstance(c, str) else c[1] for c in row] for row in rows]
        out.table(texts, spans=spans, continues_previous=continues)
    return extract_document(out.document("test.pdf", "pdf"))


def _facts(result, mart: str, measure: str, **key) -> list[Decimal | str]:
    return [
        f.value_num if f.value_num is not None else f.value_text
        for f in result.extraction.facts
        if f.mart == mart and f.measure_name == measure and all(f.key.get(k) == v for k, v in key.items())
    ]


def _codes(result) -> list[str]:
    return [t["table_code"] for t in result.extraction.tables]


# -- titles ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("一、收入支出决算表", "summary"),  # 云南 2022
        ("二、收入决算总表", "income"),  # 陕西
        ("三、支出决算总表", "expenditure"),
        ("四、财政拨款收入支出决算表", "fiscal_summary"),
        ("五、一般公共预算财政拨款收入支出决算表", "general_budget_by_function"),
        ("八、政府性基金预算财政拨款收入支出决算表", "government_fund"),
        ("“三公”经费、行政参公单位机关运行经费情况表", "three_public"),
        ("一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "three_public"),
        ("一般公共预算财政拨款安排的“三公”经费支出决算表", "three_public"),
        ("表1 部门收支总表", "summary"),  # 四川 预算
        ("表1-1 部门收入总表", "income"),
        ("表1-2 部门支出总表", "expenditure"),
        ("表2-1 财政拨款支出预算表（部门经济分类科目）", "other"),
        ("表2-2 一般公共预算支出预算表", "general_budget_by_function"),
        ("表2-3 一般公共预算基本支出预算表", "general_budget_basic_by_economic"),
        ("表4 政府性基金支出预算表", "government_fund"),
        ("一般公共预算支出表", "general_budget_by_function"),  # 山东 预算
        ("财政拨款安排的基本支出预算表", "general_budget_basic_by_economic"),
        ("一般公共预算支出预算表（按经济分类科目）", "other"),
        ("财政拨款支出决算明细表", "other"),  # 四川 2024: fiscal funds by function × economic class
        ("一般公共预算财政拨款项目支出决算表", "other"),
        ("国有资产使用情况表", None),
        ("机关运行经费支出情况表", "agency_operating"),
        ("2025年部门项目支出预算表", "projects"),
        ("一、收支总表", "summary"),  # 北京 2024 预算
        ("二、收入总表", "income"),
        ("四、项目支出表", "projects"),
        ("五、政府采购预算明细表", "procurement"),
        ("七、一般公共预算财政拨款支出表", "general_budget_by_function"),
        ("八、一般公共预算财政拨款基本支出表", "general_budget_basic_by_economic"),
        ("十、国有资本经营预算财政拨款支出表", "state_capital"),
        ("十一、财政拨款“三公”经费支出表", "three_public"),
        ("十二、政府购买服务预算财政拨款明细表", None),
        ("一、2025年“三公”经费预算情况说明", None),  # a heading of the 说明, not a table
    ],
)
def test_table_titles_of_other_provinces(title, code):
    assert table_code_of(title) == code


# -- function tables -----------------------------------------------------------------------------------------------
FUNCTION_WITH_BUDGETS = [
    [("科目编码", 1), ("科目名称", 1), ("年初预算数", 1), ("调整预算数", 1), ("决算数", 3)],
    ["", "", "", "", "合计", "基本支出", "项目支出"],
    ["201", "一般公共服务支出", "90.00", "100.00", "96.00", "60.00", "36.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "90.00", "100.00", "96.00", "60.00", "36.00"],
    ["201 03 01", "行政运行", "60.00", "62.00", "60.00", "60.00", ""],
    ["2010302", "一般行政管理事务", "30.00", "38.00", "36.00", "", "36.00"],
    [("合计", 2), "90.00", "100.00", "96.00", "60.00", "36.00"],
]


def test_final_function_table_with_initial_and_adjusted_budget_columns():
    result = _document(
        "示例县示例局2023年度部门决算", "一般公共预算财政拨款支出决算表", "单位：万元", FUNCTION_WITH_BUDGETS
    )
    key = {"statement": "general_budget_expenditure", "subject_code": "2010301"}
    assert value(result, FA, "total_yuan", **key) == Decimal("600000")
    assert value(result, FA, "budget_initial_yuan", **key) == Decimal("600000")
    assert value(result, FA, "budget_full_year_yuan", **key) == Decimal("620000")
    assert value(result, FA, "basic_yuan", **key) == Decimal("600000")
    # the budgets are no 决算 figure: one total per subject
    assert _facts(result, FA, "total_yuan", subject_code="201") == [Decimal("960000")]
    line = {"line_item": "general_public_budget"}
    assert value(result, BE, "executed_yuan", **line) == Decimal("960000")
    assert value(result, BE, "budget_initial_yuan", **line) == Decimal("900000")
    assert value(result, BE, "budget_full_year_yuan", **line) == Decimal("1000000")


YUNNAN_GENERAL_BUDGET = [
    [("项目", 2), ("年初结转和结余", 2), "本年收入", ("本年支出", 3), ("年末结转和结余", 2)],
    [
        "科目代码",
        "科目名称",
        "基本支出",
        "项目支出",
        "",
        "小计",
        "基本支出",
        "项目支出",
        "基本支出",
        "项目支出",
    ],
    ["208", "社会保障和就业支出", "1.00", "5.00", "50.00", "52.00", "40.00", "12.00", "0.50", "1.50"],
    ["2080501", "行政单位离退休", "1.00", "", "30.00", "31.00", "31.00", "", "", ""],
]


def test_function_table_beside_carryover_columns_reads_only_the_year_s_expenditure():
    result = _document(
        "示例州示例站2022年度部门决算",
        "一般公共预算财政拨款收入支出决算表",
        "单位：万元",
        YUNNAN_GENERAL_BUDGET,
    )
    assert _codes(result) == ["general_budget_by_function"]
    key = {"statement": "general_budget_expenditure", "subject_code": "208"}
    assert _facts(result, FA, "total_yuan", **key) == [Decimal("520000")]
    assert _facts(result, FA, "basic_yuan", **key) == [Decimal("400000")]  # not the carried-over 1.00
    assert _facts(result, FA, "project_yuan", **key) == [Decimal("120000")]
    assert value(result, FA, "subject_name", subject_code="2080501") == "行政单位离退休"


def test_codes_written_in_the_name_cell_or_repeated_in_each_level_column():
    in_name = [
        ["功能分类科目", "合计", "基本支出", "项目支出"],
        ["[201]一般公共服务支出", "12.00", "10.00", "2.00"],
        ["2010101 人大会议", "2.00", "", "2.00"],
    ]
    repeated = [
        [("科目编码", 3), "科目名称", "合计"],
        ["类", "款", "项", "", ""],
        ["213", "21301", "2130104", "事业运行", "7.50"],
    ]
    result = _document(
        "示例镇2024年部门预算",
        "一般公共预算支出表",
        "单位：万元",
        in_name,
        "政府性基金预算支出表",
        "单位：万元",
        repeated,
    )
    key = {"statement": "budget_general_budget_expenditure"}
    assert value(result, FA, "total_yuan", subject_code="201", **key) == Decimal("120000")
    assert value(result, FA, "subject_name", subject_code="2010101", **key) == "人大会议"
    assert value(result, FA, "project_yuan", subject_code="2010101", **key) == Decimal("20000")
    fund = {"statement": "budget_government_fund_expenditure", "subject_code": "2130104"}
    assert value(result, FA, "total_yuan", **fund) == Decimal("75000")


def test_budget_function_table_reads_this_year_s_column_only():
    two_years = [
        [("科目编码", 1), ("科目名称", 1), ("2024年预算数", 1), ("2025年预算数", 3)],
        ["", "", "", "合计", "基本支出", "项目支出"],
        ["2010301", "行政运行", "80.00", "85.00", "85.00", ""],
    ]
    result = _document("示例区示例局2025年部门预算", "一般公共预算支出预算表", "单位：万元", two_years)
    key = {"statement": "budget_general_budget_expenditure", "subject_code": "2010301"}
    assert _facts(result, FA, "total_yuan", **key) == [Decimal("850000")]
    assert value(result, FA, "basic_yuan", **key) == Decimal("850000")
    assert value(result, FA, "budget_initial_yuan", **key) is None


def test_year_alone_over_its_columns_marks_them_as_that_year_s():
    rows = [
        [("科目编码", 1), ("科目名称", 1), ("2024年", 2), ("2025年", 2)],
        ["", "", "合计", "基本支出", "合计", "基本支出"],
        ["2010301", "行政运行", "80.00", "80.00", "85.00", "85.00"],
    ]
    result = _document("示例区示例局2025年部门预算", "一般公共预算支出预算表", "单位：万元", rows)
    key = {"statement": "budget_general_budget_expenditure", "subject_code": "2010301"}
    assert _facts(result, FA, "total_yuan", **key) == [Decimal("850000")]
    assert _facts(result, FA, "basic_yuan", **key) == [Decimal("850000")]


def test_amounts_in_thousands_from_the_caption():
    rows = [["科目编码", "科目名称", "合计"], ["2010301", "行政运行", "1,250.5"]]
    result = _document("示例区示例局2025年部门预算", "一般公共预算支出预算表", "金额单位：千元", rows)
    key = {"statement": "budget_general_budget_expenditure", "subject_code": "2010301"}
    assert value(result, FA, "total_yuan", **key) == Decimal("1250500")


def test_table_cut_by_a_page_break_repeats_its_header():
    first = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["2010301", "行政运行", "5.00", "5.00", ""],
    ]
    second = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["2080501", "行政单位离退休", "3.00", "3.00", ""],
    ]
    result = _document(
        "示例局2024年度部门决算", "一般公共预算财政拨款支出决算表", "单位：万元", first, ("continued", second)
    )
    key = {"statement": "general_budget_expenditure"}
    assert value(result, FA, "total_yuan", subject_code="2010301", **key) == Decimal("50000")
    assert value(result, FA, "total_yuan", subject_code="2080501", **key) == Decimal("30000")
    assert len(_facts(result, FA, "total_yuan")) == 2


# -- 收支总表 ----------------------------------------------------------------------------------------------------
HUBEI_SUMMARY = [
    [("收入", 3), ("支出", 3)],
    ["项目", "行次", "金额", "项目", "行次", "金额"],
    ["栏次", "", "1", "栏次", "", "2"],
    ["一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "423.20"],
    ["二、政府性基金预算财政拨款收入", "2", "0.00", "二、外交支出", "30", "0.00"],
    ["本年收入合计", "12", "450.55", "本年支出合计", "40", "433.20"],
]


def test_summary_with_row_numbers_reads_the_amount_column():
    result = _document("示例县示例中心2019年部门决算", "收入支出决算总表", "金额单位：万元", HUBEI_SUMMARY)
    assert value(result, BE, "executed_yuan", line_item="general_public_budget") == Decimal("4405500")
    assert value(result, BE, "executed_yuan", line_item="income_total") == Decimal("4505500")
    assert value(result, BE, "executed_yuan", line_item="expenditure_total") == Decimal("4332000")
    # the class's total, never its 行次
    assert _facts(result, FA, "total_yuan", subject_code="201") == [Decimal("4232000")]


SICHUAN_BUDGET_SUMMARY = [
    [("收入", 2), ("支出", 2)],
    ["项目", "本年预算数", "项目", "本年预算数"],
    ["一、一般公共预算拨款收入", "200.00", "一、一般公共服务支出", "230.00"],
    ["二、政府性基金预算拨款收入", "", "二、住房保障支出", ""],
    ["本年收入合计", "200.00", "本年支出合计", "230.00"],
    ["上年结转", "30.00", "", ""],
    ["收入总计", "230.00", "支出总计", "230.00"],
]


def test_budget_summary_with_carryover_row():
    result = _document("示例市示例局2024年部门预算", "表1 部门收支总表", "单位：万元", SICHUAN_BUDGET_SUMMARY)
    assert value(result, BE, "budget_initial_yuan", line_item="general_public_budget") == Decimal("2000000")
    assert value(result, BE, "budget_initial_yuan", line_item="prior_year_carryover") == Decimal("300000")
    assert _facts(result, BE, "budget_initial_yuan", line_item="income_total") == [Decimal("2000000")]


def test_budget_summary_with_last_year_s_column():
    rows = [
        ["项目", "上年预算数", "本年预算数", "项目", "上年预算数", "本年预算数"],
        ["一、财政拨款收入", "90.00", "100.00", "一、一般公共服务支出", "90.00", "100.00"],
        ["本年收入合计", "90.00", "100.00", "本年支出合计", "90.00", "100.00"],
    ]
    result = _document("示例区示例局2025年部门预算", "收支预算总表", "单位：万元", rows)
    assert _facts(result, BE, "budget_initial_yuan", line_item="income_total") == [Decimal("1000000")]
    assert _facts(result, BE, "budget_initial_yuan", line_item="current_appropriation") == [
        Decimal("1000000")
    ]
    assert _facts(result, FA, "total_yuan", subject_code="201") == [Decimal("1000000")]


# -- 三公 --------------------------------------------------------------------------------------------------------
def test_three_public_budget_by_rows_with_last_year_s_execution():
    rows = [
        ["项目", "2024年执行数", "2025年预算数"],
        ["一、支出合计", "22.00", "25.00"],
        ["1、因公出国（境）费用", "", ""],
        ["2、公务接待费", "12.00", "15.00"],
        ["3、公务用车费", "10.00", "10.00"],
        ["其中：（1）公务用车运行维护费", "10.00", "10.00"],
        ["（2）公务用车购置", "", ""],
        ["二、相关统计数", "", ""],
        ["5.公务接待批次（批）", "", "10"],
    ]
    result = _document("示例县示例园2025年部门预算", "部门“三公”经费预算情况表", "单位：万元", rows)
    assert _codes(result) == ["three_public"]
    assert _facts(result, TP, "budget_yuan", category="total") == [Decimal("250000")]
    assert value(result, TP, "budget_yuan", category="official_vehicles") == Decimal("100000")
    assert value(result, TP, "budget_yuan", category="vehicle_operation") == Decimal("100000")
    assert value(result, TP, "budget_yuan", category="official_reception") == Decimal("150000")
    assert value(result, TP, "budget_yuan", category="outbound_travel") is None  # empty, not 0
    assert value(result, TP, "prior_year_final_yuan", category="total") == Decimal("220000")
    assert value(result, TP, "final_yuan", category="total") is None
    assert value(result, TP, "reception_batches", category="official_reception") is None  # a 预算's plan


def test_three_public_final_by_rows_with_last_year_and_change_columns():
    rows = [
        [("项目", 1), "上年决算数", "本年决算数", ("比上年增、减情况", 2)],
        ["", "", "", "增、减金额", "增、减幅度"],
        ["合计", "29.11", "27.07", "-2.04", "-7.01%"],
        ["1.因公出国(境)费", "1.31", "1.02", "-0.29", "-22.1%"],
        ["2.公务接待费", "16.80", "15.91", "-0.89", "-5.3%"],
        ["3.公务用车购置及运行费", "11.00", "10.14", "-0.86", "-7.8%"],
        ["其中：(1)公务用车购置费", "0.15", "0", "-0.15", "-100%"],
        ["(2)公务用车运行费", "10.85", "10.14", "-0.71", "-6.5%"],
    ]
    result = _document("示例县2016年度部门决算", "“三公”经费决算情况统计表", "单位：万元", rows)
    assert _facts(result, TP, "final_yuan", category="total") == [Decimal("270700")]
    assert value(result, TP, "prior_year_final_yuan", category="total") == Decimal("291100")
    assert value(result, TP, "final_yuan", category="vehicle_purchase") == Decimal("0")
    assert value(result, TP, "final_yuan", category="vehicle_operation") == Decimal("101400")
    assert value(result, TP, "budget_yuan", category="total") is None
    assert all(
        f.value_num >= 0 for f in result.extraction.facts if f.mart == TP
    )  # no change read as a figure


def test_three_public_and_agency_rows_with_domestic_reception_and_counts():
    rows = [
        ["项目", "预算数", "决算数"],
        ["一、“三公”经费支出", "8.00", "6.50"],
        ["1.因公出国（境）费", "0", "0"],
        ["2.公务用车购置及运行费", "5.00", "4.00"],
        ["其中：（1）公务用车购置费", "0", "0"],
        ["（2）公务用车运行费", "5.00", "4.00"],
        ["3.公务接待费", "3.00", "2.50"],
        ["（1）国内接待费", "3.00", "2.50"],
        ["（2）国（境）外接待费", "0", "0"],
        ["二、相关统计数", "", ""],
        ["1.公务用车保有量（辆）", "2", "2"],
        ["2.国内公务接待批次（个）", "20", "18"],
        ["3.公务接待人次（人）", "150", "120"],
        ["三、机关运行经费支出", "", ""],
        ["1.行政参公单位机关运行经费", "30.00", "28.40"],
    ]
    result = _document(
        "示例州示例局2021年度部门决算", "“三公”经费、行政参公单位机关运行经费情况表", "单位：万元", rows
    )
    assert value(result, TP, "budget_yuan", category="total") == Decimal("80000")
    assert value(result, TP, "final_yuan", category="total") == Decimal("65000")
    # 国内接待费 is a part of 公务接待费: one reception figure only
    assert _facts(result, TP, "final_yuan", category="official_reception") == [Decimal("25000")]
    assert value(result, TP, "reception_persons", category="official_reception") == Decimal("120")
    assert value(result, TP, "reception_batches", category="official_reception") is None  # domestic only
    assert value(result, BE, "executed_yuan", line_item="agency_operating_expenses") == Decimal("284000")
    assert value(result, BE, "budget_full_year_yuan", line_item="agency_operating_expenses") == Decimal(
        "300000"
    )


def test_three_public_rows_with_a_part_column():
    rows = [
        ["项目", "本年预算数", "其中：公共预算财政拨款"],
        ["合计", "34.35", "30.00"],
        ["1.因公出国(境)费用", "0", "0"],
        ["2.公务接待费", "1.70", "1.70"],
    ]
    result = _document("示例市示例局2015年部门预算", "部门“三公”经费情况统计表", "单位：万元", rows)
    assert _facts(result, TP, "budget_yuan", category="total") == [Decimal("343500")]


def test_three_public_columns_with_a_column_of_no_kind_among_budget_and_final():
    rows = [
        [("合计", 3), ("公务接待费", 3)],
        ["预算数", "决算数", "备注", "预算数", "决算数", "备注"],
        ["10.00", "9.00", "1", "10.00", "9.00", "2"],
    ]
    result = _document("示例局2024年度部门决算", "财政拨款“三公”经费支出决算表", "单位：万元", rows)
    assert _facts(result, TP, "final_yuan", category="total") == [Decimal("90000")]
    assert _facts(result, TP, "budget_yuan", category="official_reception") == [Decimal("100000")]
    assert len([f for f in result.extraction.facts if f.mart == TP]) == 4  # 备注 gives nothing


# -- 机关运行经费, 政府采购, 项目支出 --------------------------------------------------------------------------------
def test_agency_operating_table_reads_this_year_s_total():
    rows = [
        ["项目", "2024年预算数", "2025年预算数"],
        ["合计", "80.00", "88.10"],
        ["办公费", "20.00", "21.00"],
    ]
    result = _document("示例区示例局2025年部门预算", "机关运行经费预算表", "单位：万元", rows)
    assert _codes(result) == ["agency_operating"]
    assert _facts(result, BE, "budget_initial_yuan", line_item="agency_operating_expenses") == [
        Decimal("881000")
    ]


def test_procurement_final_reads_actual_contracts_not_the_plan():
    rows = [
        [("单位", 1), ("采购计划金额", 4), ("实际采购金额", 4)],
        ["", "总计", "货物", "工程", "服务", "总计", "货物", "工程", "服务"],
        ["合计", "50.00", "20.00", "0", "30.00", "46.20", "18.20", "0", "28.00"],
    ]
    result = _document("示例局2018年度部门决算", "政府采购情况表", "单位：万元", rows)
    assert _codes(result) == ["procurement"]
    assert _facts(result, BE, "executed_yuan", line_item="government_procurement") == [Decimal("462000")]


def test_procurement_budget_total_row():
    rows = [
        [("采购项目", 1), ("采购品目", 1), ("金额", 2)],
        ["", "", "合计", "财政拨款"],
        ["办公设备购置", "台式计算机", "12.00", "12.00"],
        ["物业管理服务", "物业管理", "26.40", "20.00"],
        [("合计", 2), "38.40", "32.00"],
    ]
    result = _document("示例区示例局2025年部门预算", "政府采购预算表", "单位：万元", rows)
    assert _facts(result, BE, "budget_initial_yuan", line_item="government_procurement") == [
        Decimal("384000")
    ]


PROJECTS = [
    ["单位名称", "项目名称", "合计", "财政拨款"],
    ["示例局本级", "", "150.00", "150.00"],
    ["", "1.社区服务运营项目", "100.00", "100.00"],
    ["", "2.应急物资储备", "50.00", "50.00"],
    [("合计", 2), "150.00", "150.00"],
]


def test_budget_project_listing_gives_each_project_s_funds():
    result = _document("示例区示例局2025年部门预算", "2025年部门项目支出预算表", "单位：万元", PROJECTS)
    assert _codes(result) == ["other"]
    key = {"scope": "project", "line_item": "total_funds"}
    assert value(result, BE, "budget_initial_yuan", project_name="社区服务运营", **key) == Decimal("1000000")
    assert value(result, BE, "budget_initial_yuan", project_name="应急物资储备", **key) == Decimal("500000")
    assert len(_facts(result, BE, "budget_initial_yuan", scope="project")) == 2


def test_project_listing_that_does_not_add_up_gives_nothing():
    rows = [
        ["项目名称", "合计"],
        ["示例局本级", "150.00"],  # a subtotal that looks like a project
        ["社区服务运营", "100.00"],
        ["应急物资储备", "50.00"],
        ["合计", "150.00"],
    ]
    result = _document("示例区示例局2025年部门预算", "项目支出预算表", "单位：万元", rows)
    assert _facts(result, BE, "budget_initial_yuan", scope="project") == []
    assert any(f.check_code == "table_reading_unverified" for f in result.extraction.findings)


# -- 说明 of a 决算: budgets beside the outcome ---------------------------------------------------------------------
def _prose(result, mart: str, measure: str, **key) -> list[Decimal]:
    return [
        f.value_num
        for f in result.extraction.facts
        if f.origin == "prose"
        and f.mart == mart
        and f.measure_name == measure
        and all(f.key.get(k) == v for k, v in key.items())
    ]


def test_final_notes_give_the_line_s_budgets_outcome_and_rate_and_each_item_s_budget():
    result = _document(
        "示例县示例局2023年度部门决算",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "一般公共预算财政拨款支出年初预算为 90.00 万元，全年预算为",
        "100.00 万元，支出决算为 96.00 万元，完成年初预算的 106.67%。其中：",
        "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。主要用于机关运行。"
        "年初预算为 60.00 万元，全年预算为 62.00 万元，支出决算为 60.00 万元，完成全年预算数的 96.77%。",
        "一般公共预算财政拨款支出决算表",
        "单位：万元",
        FUNCTION_WITH_BUDGETS,
    )
    line = {"line_item": "general_public_budget"}
    # (the general prose reader may state some of these again: the same figures)
    assert set(_prose(result, BE, "budget_initial_yuan", **line)) == {Decimal("900000")}
    assert set(_prose(result, BE, "budget_full_year_yuan", **line)) == {Decimal("1000000")}
    assert set(_prose(result, BE, "executed_yuan", **line)) == {Decimal("960000")}
    assert set(_prose(result, BE, "execution_rate_reported", **line)) == {Decimal("1.0667")}
    item = {"statement": "general_budget_expenditure", "subject_code": "2010301"}
    assert _prose(result, FA, "budget_full_year_yuan", **item) == [Decimal("620000")]
    assert _prose(result, FA, "budget_initial_yuan", **item) == [Decimal("600000")]
    # the item's budgets are not the department's
    assert Decimal("620000") not in _prose(result, BE, "budget_full_year_yuan")


def test_three_public_columns_with_a_row_per_unit_read_the_department_s_row():
    header = [
        [("单位名称", 1), ("合计", 1), ("因公出国（境）费", 1), ("公务接待费", 1)],
    ]
    added_up = header + [
        ["示例局", "12.00", "2.00", "10.00"],
        ["示例局机关", "7.00", "2.00", "5.00"],
        ["示例局所属中心", "5.00", "0", "5.00"],
    ]
    result = _document(
        "示例市示例局2024年部门预算", "一般公共预算“三公”经费支出预算表", "单位：万元", added_up
    )
    assert _facts(result, TP, "budget_yuan", category="total") == [Decimal("120000")]
    assert _facts(result, TP, "budget_yuan", category="official_reception") == [Decimal("100000")]
    unsettled = header + [["示例局机关", "7.00", "2.00", "5.00"], ["示例局所属中心", "5.00", "0", "5.00"]]
    result = _document(
        "示例市示例局2024年部门预算", "一般公共预算“三公”经费支出预算表", "单位：万元", unsettled
    )
    assert _facts(result, TP, "budget_yuan") == []
    assert any(f.check_code == "table_reading_unverified" for f in result.extraction.findings)


def test_level_columns_left_blank_under_their_class_take_the_codes_above():
    rows = [
        [("科目编码", 3), "科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["208", "", "", "社会保障和就业支出", "30.00", "30.00", ""],
        ["", "05", "", "行政事业单位养老支出", "30.00", "30.00", ""],
        ["", "", "05", "机关事业单位基本养老保险缴费支出", "20.00", "20.00", ""],
        ["", "", "06", "机关事业单位职业年金缴费支出", "10.00", "10.00", ""],
    ]
    result = _document("示例县示例局2024年部门预算", "一般公共预算支出预算表", "单位：万元", rows)
    key = {"statement": "budget_general_budget_expenditure"}
    assert value(result, FA, "total_yuan", subject_code="20805", **key) == Decimal("300000")
    assert value(result, FA, "total_yuan", subject_code="2080506", **key) == Decimal("100000")
    assert (
        value(result, FA, "subject_name", subject_code="2080505", **key) == "机关事业单位基本养老保险缴费支出"
    )
    assert {f.key["subject_code"] for f in result.extraction.facts if f.mart == FA} == {
        "208",
        "20805",
        "2080505",
        "2080506",
    }


def test_subtotal_under_basic_expenditure_is_the_basic_part():
    function = [
        [("科目编码", 1), ("科目名称", 1), ("合计", 1), ("基本支出", 3), ("项目支出", 1)],
        ["", "", "", "小计", "人员经费", "公用经费", ""],
        ["2010301", "行政运行", "50.00", "45.00", "40.00", "5.00", "5.00"],
    ]
    economic = [
        [("部门预算支出经济分类科目", 2), ("基本支出", 3)],
        ["科目编码", "科目名称", "小计", "人员经费", "公用经费"],
        ["301", "工资福利支出", "40.00", "40.00", ""],
    ]
    result = _document(
        "示例市示例局2024年部门预算",
        "一般公共预算支出表",
        "单位：万元",
        function,
        "一般公共预算基本支出表",
        "单位：万元",
        economic,
    )
    key = {"statement": "budget_general_budget_expenditure", "subject_code": "2010301"}
    assert _facts(result, FA, "total_yuan", **key) == [Decimal("500000")]
    assert value(result, FA, "basic_yuan", **key) == Decimal("450000")
    assert value(result, FA, "project_yuan", **key) == Decimal("50000")
    ec = {"statement": "budget_basic", "subject_code": "301"}
    assert value(result, "fct_economic_classification", "total_yuan", **ec) == Decimal("400000")
    assert value(result, "fct_economic_classification", "personnel_yuan", **ec) == Decimal("400000")


def test_budget_notes_state_the_targets_summary():
    result = _document(
        "示例区示例局2025年部门预算",
        "四、绩效目标设置情况",
        "2025年度，本部门编报绩效目标的项目共3个，涉及项目预算资金250.00万元。",
        "一般公共预算支出预算表",
        "单位：万元",
        [["科目编码", "科目名称", "合计"], ["2010301", "行政运行", "250.00"]],
    )
    overview = "fct_evaluation_overview"
    assert _prose(result, overview, "project_count", category="all") == [Decimal("3")]
    assert _prose(result, overview, "amount_yuan", category="all") == [Decimal("2500000")]


def test_header_narrower_than_its_rows_without_spans_puts_value_headings_over_the_figures():
    # a reader that kept the merged 科目编码 cell once without its span: the header row is one cell short
    rows = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "", "", "", ""],
        ["208", "", "社会保障和就业支出", "15.00", "12.00", "3.00"],
        ["208", "02", "民政管理事务", "15.00", "12.00", "3.00"],
    ]
    result = _document("示例县示例局2024年部门预算", "一般公共预算支出表", "单位：万元", rows)
    key = {"statement": "budget_general_budget_expenditure", "subject_code": "20802"}
    assert value(result, FA, "total_yuan", **key) == Decimal("150000")
    assert value(result, FA, "basic_yuan", **key) == Decimal("120000")
    assert value(result, FA, "project_yuan", **key) == Decimal("30000")
    assert value(result, FA, "subject_name", **key) == "民政管理事务"
