"""Template variants of real 自评表 (national 财预〔2020〕10号 form and provincial forms), each on a hand-written
excerpt: the wording and figures here are invented, only the shape of the forms is theirs."""

from __future__ import annotations

from decimal import Decimal

from ingest.extraction.extract import extract_document
from ingest.extraction.readers.flattened_text import read_plain_text
from tests.unit.helpers import extract, table, value

BE, PI, ES = "fct_budget_execution", "fct_performance_indicators", "fct_evaluation_summary"


def read(text: str):
    return extract_document(read_plain_text(text, "t.txt"))


def checks(result) -> list[str]:
    return [f.check_code for f in result.extraction.findings]


# A provincial form as a web page gives it: rows joined by " | ", the row-spanned first column (预算执行情况,
# 绩效指标) written once, empty cells kept, a few more "|" at the end of some rows.
PROVINCIAL = """部门预算项目支出绩效自评表（2023年度）
项目名称 | 51000023R000000012345-公共文化服务运行经费 |
主管部门 | 示例县文化旅游局 | 实施单位 | 示例县文化馆 |
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
总额 | 120.00 | 150.00 | 135.00 | 90.00% | 10 | 9 | 按进度支付 |
其中:财政资金 | 100.00 | 130.00 | 120.00 | 92.31% | / | / |
财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |
单位资金 | 20.00 | 20.00 | 15.00 | 75.00% | / | / |
其他资金 | | | | | / | / |
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 数量指标 | 指标1：送戏下乡观众 | ≧ | 735 | 人次 | 760 | 30 | 30 | |
质量指标 | 指标2：演出合格率 | = | 100 | % | 100 | 30 | | |
效益指标 | 社会效益指标 | 指标3：群众参与率 | ＞ | 60 | % | | 30 | | ||||
合计 | 100 | |||||||||
"""
PROJECT = {"scope": "project", "project_name": "51000023R000000012345-公共文化服务运行经费"}


def test_targets_in_three_columns_give_operator_value_and_unit():
    result = read(PROVINCIAL)
    first = {**PROJECT, "level1": "产出指标", "level2": "数量指标", "level3": "送戏下乡观众"}
    assert value(result, PI, "target_operator", **first) == ">="
    assert value(result, PI, "target_text", **first) == "735"
    assert value(result, PI, "value_unit", **first) == "人次"
    assert value(result, PI, "target_value", **first) == 735
    assert value(result, PI, "actual_value", **first) == 760
    # the row-spanned 一级指标 is inherited; "%" makes the value a rate
    second = {**PROJECT, "level1": "产出指标", "level2": "质量指标", "level3": "演出合格率"}
    assert value(result, PI, "target_operator", **second) == "="
    assert value(result, PI, "target_value", **second) == 1
    assert value(result, PI, "value_unit", **second) == "rate"
    third = {**PROJECT, "level1": "效益指标", "level2": "社会效益指标", "level3": "群众参与率"}
    assert value(result, PI, "target_operator", **third) == ">"
    assert value(result, PI, "target_value", **third) == Decimal("0.6")


def test_template_numbering_stripped_from_level3_and_project_code_kept():
    result = read(PROVINCIAL)
    level3 = {f.key["level3"] for f in result.extraction.facts if f.mart == PI and f.key["level3"]}
    assert level3 == {"送戏下乡观众", "演出合格率", "群众参与率"}
    projects = {f.key.get("project_name") for f in result.extraction.facts}
    assert projects == {"51000023R000000012345-公共文化服务运行经费"}


def test_fiscal_unit_and_special_account_funds_lines():
    result = read(PROVINCIAL)
    assert value(result, BE, "budget_full_year_yuan", line_item="total_funds", **PROJECT) == 1500000
    assert value(result, BE, "executed_yuan", line_item="fiscal_funds", **PROJECT) == 1200000
    assert value(result, BE, "budget_initial_yuan", line_item="unit_funds", **PROJECT) == 200000
    assert value(result, BE, "execution_rate_reported", line_item="unit_funds", **PROJECT) == Decimal("0.75")
    assert value(result, BE, "executed_yuan", line_item="special_account_nontax", **PROJECT) == 0
    # "/" in 权重 and 得分 of a part is no figure
    assert value(result, BE, "weight", line_item="fiscal_funds", **PROJECT) is None
    assert value(result, BE, "score", line_item="total_funds", **PROJECT) == 9


def test_blank_scores_stay_empty_and_a_single_total_is_the_one_it_adds_up_to():
    result = read(PROVINCIAL)
    second = {**PROJECT, "level3": "演出合格率"}
    assert value(result, PI, "weight", **second) == 30
    assert value(result, PI, "score", **second) is None
    assert value(result, PI, "actual_text", level3="群众参与率") is None
    # 合计 | 100 with 得分 left blank: 100 is the sum of the weights (30+30+30 and 10 for the funds)
    assert value(result, ES, "total_weight", **PROJECT) == 100
    assert value(result, ES, "total_score", **PROJECT) is None


def test_operators_written_before_the_value():
    form = table(
        [
            ["项目名称", "社区健身设施维护项目"],
            ["绩效\n指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["", "产出指标", "数量指标", "维护器材", "不少于120件", "126件", "20", "20"],
            ["", "", "质量指标", "器材完好率", "≧95%", "97%", "20", "20"],
            ["", "", "时效指标", "报修响应时间", "＜2天", "1天", "20", "20"],
            ["", "", "成本指标", "单件维护成本", "≦300元", "280元", "20", "20"],
            ["", "满意度指标", "服务对象满意度指标", "居民满意度", "═100%", "98%", "20", "18"],
        ]
    )
    result = extract("2022年度项目支出绩效自评表", form)
    assert value(result, PI, "target_operator", level3="维护器材") == ">="
    assert value(result, PI, "target_text", level3="维护器材") == "不少于120件"  # as written
    assert value(result, PI, "target_operator", level3="器材完好率") == ">="
    assert value(result, PI, "target_value", level3="器材完好率") == Decimal("0.95")
    assert value(result, PI, "target_operator", level3="报修响应时间") == "<"
    assert value(result, PI, "target_operator", level3="单件维护成本") == "<="
    assert value(result, PI, "target_value", level3="单件维护成本") == 300
    assert value(result, PI, "target_operator", level3="居民满意度") == "="
    assert value(result, PI, "target_operator", level3="器材完好率") == ">="
    # an actual value never gets an operator of its own
    assert not [
        f for f in result.extraction.facts if f.measure_name == "target_operator" and "实际" in f.source_text
    ]


def test_money_in_yuan_read_from_the_header():
    form = table(
        [
            ["项目名称", "老年活动中心运行补助"],
            ["项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "年度资金总额", "880000", "880000", "836000", "10", "95%", "9.5"],
            ["", "其中：当年财政拨款", "880000", "880000", "836000", "", "", ""],
        ]
    )
    result = extract("2022年度项目支出绩效自评表", form)
    project = {"scope": "project", "project_name": "老年活动中心运行补助"}
    assert value(result, BE, "executed_yuan", line_item="total_funds", **project) == 836000
    assert value(result, BE, "budget_initial_yuan", line_item="current_appropriation", **project) == 880000
    in_wan = table(
        [
            ["项目名称", "老年活动中心运行补助"],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数"],
            ["", "年度资金总额", "88", "88", "83.6"],
        ]
    )
    result = extract("2022年度项目支出绩效自评表", in_wan)
    assert value(result, BE, "executed_yuan", line_item="total_funds", **project) == 836000


def test_money_unit_from_the_caption_when_the_header_has_none():
    form = table(
        [
            ["项目名称", "老年活动中心运行补助"],
            ["项目资金", "", "年初预算数", "全年预算数", "全年执行数"],
            ["", "年度资金总额", "880000", "880000", "836000"],
        ]
    )
    result = extract("2022年度项目支出绩效自评表", "单位：元", form)
    project = {"scope": "project", "project_name": "老年活动中心运行补助"}
    assert value(result, BE, "budget_full_year_yuan", line_item="total_funds", **project) == 880000


def test_section_points_on_their_own_and_in_a_footnote():
    form = table(
        [
            ["项目名称", "河道保洁项目"],
            ["绩效\n指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["", "产出指标(50分)", "数量指标", "保洁河道长度", "12公里", "12公里", "50", "50"],
            ["", "效益指标", "社会效益指标", "河面漂浮物", "明显减少", "明显减少", "30", "28"],
            ["", "(30分)"],
            ["", "满意度指标", "服务对象满意度指标", "沿河居民满意度", "≥90%", "92%", "20", "20"],
            ["注：产出指标50分，效益指标30分，满意度指标20分。"],
        ]
    )
    result = extract("2022年度项目支出绩效自评表", form)
    sections = {
        f.key["level1"]: f.value_num
        for f in result.extraction.facts
        if f.mart == PI and f.key["level3"] is None and f.measure_name == "weight"
    }
    assert sections == {"产出指标": 50, "效益指标": 30, "满意度指标": 20}
    assert all(
        f.key["level2"] is None for f in result.extraction.facts if f.mart == PI and not f.key["level3"]
    )
    # the indicators keep their own weights
    assert value(result, PI, "weight", level1="产出指标", level3="保洁河道长度") == 50


def test_indicator_rows_whose_level1_was_lost_keep_it_empty():
    text = """2022年度项目支出绩效自评表
项目名称 | 河道保洁项目
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
数量指标 | 保洁河道长度 | 12公里 | 12公里 | 50 | 50
质量指标 | 垃圾清运及时率 | 100% | 100% | 30 | 30
"""
    result = read(text)
    assert value(result, PI, "weight", level2="数量指标", level3="保洁河道长度") == 50
    levels = {f.key["level1"] for f in result.extraction.facts if f.mart == PI}
    assert levels == {None}


def test_blank_dash_slash_and_none_written_are_null_never_zero():
    form = table(
        [
            ["项目名称", "河道保洁项目"],
            ["绩效\n指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["", "产出指标", "数量指标", "保洁河道长度", "12公里", "", "50", ""],
            ["", "", "质量指标", "垃圾清运及时率", "100%", "—", "/", "无"],
        ]
    )
    result = extract("2022年度项目支出绩效自评表", form)
    assert value(result, PI, "target_text", level3="保洁河道长度") == "12公里"
    for level3 in ("保洁河道长度", "垃圾清运及时率"):
        assert value(result, PI, "actual_text", level3=level3) is None
        assert value(result, PI, "score", level3=level3) is None
    assert value(result, PI, "weight", level3="垃圾清运及时率") is None
    assert "unparseable_cell" not in checks(result)


# A two-level header as a web page gives it (年度指标值 over 指标性质 / 指标值 / 度量单位), bordered rows.
TWO_LEVEL = """2021年度项目支出绩效自评表
| 项目名称 | 乡村学校营养餐补助 |
| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |
| 产出指标 | 数量指标 | 受益学生人数 | ﹦ | 1280 | 人 | 1302 | 20 | 20 | |
| 质量指标 | 食品抽检合格率 | ≥ | 98 | % | 100 | 20 | 20 | |
| 成本指标 | 每生每天补助标准 | ≤ | 5 | 元 | 5 | 10 | 10 | |
"""


def test_a_two_level_header_is_merged():
    result = read(TWO_LEVEL)
    first = {"level1": "产出指标", "level2": "数量指标", "level3": "受益学生人数"}
    assert value(result, PI, "target_operator", **first) == "="
    assert value(result, PI, "target_value", **first) == 1280
    assert value(result, PI, "actual_text", **first) == "1302"
    assert value(result, PI, "score", **first) == 20
    assert value(result, PI, "target_value", level3="食品抽检合格率") == Decimal("0.98")
    assert value(result, PI, "target_operator", level3="每生每天补助标准") == "<="
    assert value(result, PI, "target_value", level3="每生每天补助标准") == 5
    assert value(result, PI, "score", level1="产出指标", level2="成本指标", level3="每生每天补助标准") == 10


def test_a_department_form_named_by_its_unit_label():
    text = """部门（单位）整体支出绩效自评表（2022年度）
部门（单位）名称 | 示例县档案馆 |
年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 |
总额 | 300 | 320 | 310 | 96.88% | 10 | 10 |
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |
产出指标 | 数量指标 | 档案数字化 | ≥ | 5000 | 卷 | 5200 | 40 | 40 |
"""
    result = read(text)
    assert "dept_self_eval" in result.extraction.forms
    department = {"scope": "department", "project_name": None}
    assert value(result, BE, "executed_yuan", line_item="total_funds", **department) == 3100000
    assert value(result, PI, "value_unit", level3="档案数字化", **department) == "卷"
    assert ("示例县档案馆", 2) in result.extraction.unit_names
