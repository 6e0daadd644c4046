from decimal import Decimal

from tests.unit.helpers import extract, table, value

BASIC = table(
    [
        ["", "财政供养人员情况（人）", "编制数", "2021年实际在职人数", "控制率"],
        ["", "25", "23", "92%"],
        ["经费控制情况（元）", "2020年决算数", "2021年预算数", "2021年决算数"],
        ["一、部门基本支出", "1,200,000.00", "1,350,000.00", "1,301,234.56"],
        ["三公经费", "9000", "10000", "8000"],
        ["1.公务用车购置和维护经费", "0", "0", "0"],
        ["3.公务接待", "9000", "10000", "8000"],
        ["二、项目支出小计", "500000", "600000", "580000"],
        ["1、乡镇经办网点运行补助", "500000", "600000", "580000"],
        ["4.（一个专项一行）……", "0", "0", "0"],
        ["政府采购金额", "——", "20000", "无法辨认"],
    ]
)


def test_basic_data_table_in_yuan():
    result = extract("附件1", "2021年度部门整体支出绩效评价基础数据表", BASIC, "三、报告正文")
    be = "fct_budget_execution"
    assert value(result, "fct_staffing", "authorized_headcount") == 25
    assert value(result, "fct_staffing", "control_rate_reported") == Decimal("0.92")
    assert value(result, be, "executed_yuan", line_item="basic_expenditure") == Decimal("1301234.56")
    assert value(result, be, "prior_year_final_yuan", line_item="basic_expenditure") == Decimal("1200000")
    assert value(result, "fct_three_public_expenses", "final_yuan", category="official_reception") == 8000
    assert (
        value(result, be, "budget_full_year_yuan", scope="project", project_name="乡镇经办网点运行补助")
        == 600000
    )
    assert value(result, be, "budget_full_year_yuan", line_item="government_procurement") == 20000
    # the template's placeholder line is no project, "——" is no figure, an unreadable cell is a finding
    assert not [f for f in result.extraction.facts if "一个专项" in str(f.key.get("project_name"))]
    assert value(result, be, "prior_year_final_yuan", line_item="government_procurement") is None
    assert value(result, be, "executed_yuan", line_item="government_procurement") is None
    # the excerpt names no unit: that is a finding of its own, beside the unreadable cell
    assert [f.check_code for f in result.extraction.findings] == ["unparseable_cell", "unit_not_found"]
    assert result.identity.fiscal_year == 2021


DEPT = table(
    [
        ["县级预算部门名称", "示例县医疗保障事务中心"],
        [
            "年度预\n算申请\n（万元）",
            "",
            "年初\n预算数",
            "全年预算数",
            "全年\n执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", "100", "120.5", "96.4", "10", "80%", "10"],
        ["", "按收入性质分：", "按支出性质分："],
        ["", "其中：一般公共预算：120.5", "其中：基本支出：80"],
        ["", "政府性基金拨款：0", "项目支出：16.4"],
        [
            "绩\n效\n指\n标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度\n指标值",
            "实际\n完成值",
            "分值",
            "得分",
            "偏差原因",
        ],
        ["", "产出指标\n(60分)", "", "经办业务差错率", "≤1%", "0.5%", "30", "30", ""],
        ["", "", "质量指标", "待遇发放准确率", "100%", "100%%", "30", "31", ""],
        ["", "", "", "档案归档率", "100%", "98%", "", "", ""],
        ["", "满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%", "93%", "40", "38", ""],
        ["总分", "100", "99", ""],
    ]
)


def test_department_self_evaluation():
    result = extract("附件2", "2021年度部门整体支出绩效自评表", DEPT)
    be, pi = "fct_budget_execution", "fct_performance_indicators"
    dept = {"scope": "department", "project_name": None}
    assert value(result, be, "budget_full_year_yuan", line_item="total_funds", **dept) == Decimal("1205000")
    assert value(result, be, "execution_rate_reported", line_item="total_funds") == Decimal("0.8")
    assert value(result, be, "score", line_item="total_funds") == 10
    assert value(result, be, "budget_full_year_yuan", line_item="general_public_budget") == Decimal("1205000")
    assert value(result, be, "budget_full_year_yuan", line_item="government_fund") == 0
    assert value(result, be, "executed_yuan", line_item="basic_expenditure") == Decimal("800000")
    assert value(result, be, "executed_yuan", line_item="project_expenditure") == Decimal("164000")
    # level2 is NULL on the first row of a block with an empty cell, and inherited below a stated one
    assert value(result, pi, "weight", level1="产出指标", level2=None, level3="经办业务差错率") == 30
    assert value(result, pi, "actual_text", level2="质量指标", level3="待遇发放准确率") == "100%%"
    assert value(result, pi, "score", level2="质量指标", level3="档案归档率") is None
    assert value(result, pi, "target_value", level3="参保群众满意度") == Decimal("0.9")
    assert value(result, "fct_evaluation_summary", "total_score", **dept) == 99
    assert "typo_number" in [f.check_code for f in result.extraction.findings]
    assert result.identity.unit_name == "示例县医疗保障事务中心"


def test_project_form_with_label_value_pairs():
    form = table(
        [
            ["项目绩效目标完成情况表\n(2021年度)"],
            ["项目名称", "社区经办人员培训项目"],
            ["预算单位", "示例市社会保险服务中心"],
            ["预算执行情况(万元)", "预算数:", "8", "执行数:", "6.5"],
            ["", "其中-财政拨款:", "8", "其中-财政拨款:", "6.5"],
            ["", "其它资金:", "0", "其它资金:", "0"],
            [
                "绩效指标完成情况",
                "一级指标",
                "二级指标",
                "三级指标",
                "预期指标值(包含数字及文字描述)",
                "实际完成指标值",
            ],
            ["", "项目完成指标", "数量指标", "培训人次", "200人次", "210人次"],
            ["", "项目完成指标", "", "培训场次", "4场", "4场"],
        ]
    )
    result = extract("正文段落", form)
    be, pi = "fct_budget_execution", "fct_performance_indicators"
    project = {"scope": "project", "project_name": "社区经办人员培训"}
    assert value(result, be, "budget_full_year_yuan", line_item="total_funds", **project) == 80000
    assert value(result, be, "executed_yuan", line_item="current_appropriation", **project) == 65000
    assert value(result, be, "executed_yuan", line_item="other_funds", **project) == 0
    assert value(result, pi, "target_text", level2="数量指标", level3="培训场次", **project) == "4场"
    assert "project_self_eval" in result.extraction.forms


def test_final_accounts_with_codes_in_separate_columns():
    accounts = table(
        [
            ["项目", "本年支出合计", "基本支出", "项目支出"],
            ["支出功能分类科目编码", "科目名称", "", "", ""],
            ["", "", "", "合计", "3,000.50", "2,000.50", "1,000.00"],
            ["208", "", "", "社会保障和就业支出", "3,000.50", "2,000.50", "1,000.00"],
            ["208", "01", "09", "社会保险经办机构", "3,000.50", "2,000.50", "1,000.00"],
        ]
    )
    result = extract("第二部分 2021年度部门决算情况说明", "（二）支出决算表（单位：万元）", accounts)
    fa = "fct_final_accounts"
    assert value(result, fa, "total_yuan", statement="expenditure", subject_code="2080109") == Decimal(
        "30005000"
    )
    assert value(result, fa, "subject_name", subject_code="2080109") == "社会保险经办机构"
    assert value(result, fa, "project_yuan", subject_code="208") == Decimal("10000000")
    assert value(result, "fct_budget_execution", "executed_yuan", line_item="expenditure_total") == Decimal(
        "30005000"
    )


def test_final_accounts_columns_the_mart_does_not_hold_are_skipped_not_shifted():
    accounts = table(
        [
            ["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出"],
            ["科目编码", "科目名称", "", "", "", "", ""],
            ["2080109", "社会保险经办机构", "900.00", "600.00", "200.00", "60.00", "40.00"],
            ["30101", "基本工资", "500.00", "500.00", "0.00", "0.00", "0.00"],
        ]
    )
    result = extract("2021年度部门决算", "支出决算表（单位：元）", accounts)
    fa = "fct_final_accounts"
    assert value(result, fa, "total_yuan", subject_code="2080109") == 900
    assert value(result, fa, "basic_yuan", subject_code="2080109") == 600
    assert value(result, fa, "project_yuan", subject_code="2080109") == 200
    assert value(result, fa, "total_yuan", subject_code="30101") is None  # an economic classification code


def test_indicator_values_written_in_chinese_numerals():
    form = table(
        [
            ["县级预算部门名称", "示例县社会保险服务中心"],
            [
                "绩\n效\n指\n标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度\n指标值",
                "实际\n完成值",
                "分值",
                "得分",
                "偏差原因",
            ],
            ["", "产出指标", "数量指标", "政策培训", "一次", "两次", "10", "10", ""],
        ]
    )
    result = extract("2021年度部门整体支出绩效自评表", form)
    pi = "fct_performance_indicators"
    assert value(result, pi, "target_value", level3="政策培训") == 1
    assert value(result, pi, "actual_value", level3="政策培训") == 2
    assert value(result, pi, "value_unit", level3="政策培训") == "次"
