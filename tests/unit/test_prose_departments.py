"""The prose reader on the openings of 自评报告 of any department (政协, 图书馆, 交通局, 学校, 教育局, 水利局, 发改…).

Sentences written for these tests in the wording families of real reports: income and expenditure totals and
their parts, budget stages (年初预算 / 调整预算 / 全年可执行预算 / 实际支出) with 执行率, staffing, the
self-rating and total score, projects by name and evaluation overviews. Each case lists every fact its
sentences must give (mart, key, measure, value) and nothing else may come out of them; the cases at the end
(other years, comparisons, next year's plans, another department's wording) must give no fact at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from ingest.extraction.prose.sections import section_of_title
from tests.unit.helpers import extract

BE, ST, ES, EO = "fct_budget_execution", "fct_staffing", "fct_evaluation_summary", "fct_evaluation_overview"
DEPARTMENT_TITLE = "2021年度部门整体支出绩效自评报告"


def dept(line_item: str) -> dict:
    return {"scope": "department", "project_name": None, "line_item": line_item}


def project(name: str, line_item: str = "total_funds") -> dict:
    return {"scope": "project", "project_name": name, "line_item": line_item}


DEPARTMENT_RATING = {"scope": "department", "project_name": None}


@dataclass
class Case:
    unit: str
    paragraphs: list[str]
    facts: list[tuple[str, dict, str, object]] = field(default_factory=list)
    title: str = DEPARTMENT_TITLE


CASES = {
    # --- income and expenditure: totals and parts ----------------------------------------------
    "cppcc_income_parts": Case(
        "示例县政协办公室",
        [
            "2021年度本单位收入合计835.60万元，其中：财政拨款收入820.10万元，上年结转10.50万元，其他收入5.00万元。"
        ],
        [
            (BE, dept("income_total"), "executed_yuan", Decimal("8356000")),
            (BE, dept("current_appropriation"), "executed_yuan", Decimal("8201000")),
            (BE, dept("prior_year_carryover"), "executed_yuan", Decimal("105000")),
            (BE, dept("other_funds"), "executed_yuan", Decimal("50000")),
        ],
    ),
    "cppcc_expenditure_parts": Case(
        "示例县政协办公室",
        ["2021年度支出合计828.30万元，其中：基本支出612.40万元，项目支出215.90万元。"],
        [
            (BE, dept("expenditure_total"), "executed_yuan", Decimal("8283000")),
            (BE, dept("basic_expenditure"), "executed_yuan", Decimal("6124000")),
            (BE, dept("project_expenditure"), "executed_yuan", Decimal("2159000")),
        ],
    ),
    "library_numbered_income": Case(
        "示例市图书馆",
        ["1、收入：256.78万元。"],
        [(BE, dept("income_total"), "executed_yuan", Decimal("2567800"))],
    ),
    "library_numbered_expenditure": Case(
        "示例市图书馆",
        ["2、支出：250.12万元。其中：人员经费支出180.20万元，公用经费支出39.92万元，项目支出30.00万元。"],
        [
            (BE, dept("expenditure_total"), "executed_yuan", Decimal("2501200")),
            (BE, dept("personnel_expenditure"), "executed_yuan", Decimal("1802000")),
            (BE, dept("public_expenditure"), "executed_yuan", Decimal("399200")),
            (BE, dept("project_expenditure"), "executed_yuan", Decimal("300000")),
        ],
    ),
    "school_income_total": Case(
        "示例县第一小学",
        ["2021年学校收入总额1268.45万元，全部为财政拨款。"],
        [(BE, dept("income_total"), "executed_yuan", Decimal("12684500"))],
    ),
    "library_basic_in_yuan": Case(
        "示例县图书馆",
        ["基本支出1061238.40元，其中工资福利支出980120.10元，商品和服务支出81118.30元。"],
        [
            (BE, dept("basic_expenditure"), "executed_yuan", Decimal("1061238.40")),
            (BE, dept("personnel_expenditure"), "executed_yuan", Decimal("980120.10")),
            (BE, dept("public_expenditure"), "executed_yuan", Decimal("81118.30")),
        ],
    ),
    "culture_centre_carryover": Case(
        "示例县文化馆",
        ["本年收入合计388.20万元，年初结转和结余45.30万元。"],
        [
            (BE, dept("income_total"), "executed_yuan", Decimal("3882000")),
            (BE, dept("prior_year_carryover"), "executed_yuan", Decimal("453000")),
        ],
    ),
    "final_accounts_income_shares": Case(
        "示例县水利局",
        [
            "2021年本年收入合计4125.49万元，其中：一般公共预算财政拨款收入3859.16万元，占93.54%；其他收入266.33万元，占6.46%。"
        ],
        [
            (BE, dept("income_total"), "executed_yuan", Decimal("41254900")),
            (BE, dept("general_public_budget"), "executed_yuan", Decimal("38591600")),
            (BE, dept("other_funds"), "executed_yuan", Decimal("2663300")),
        ],
    ),
    # --- budget stages and 执行率 ----------------------------------------------------------------
    "transport_whole_budget_stages": Case(
        "示例县交通运输局",
        [
            "2021年度部门整体支出年初预算3560.00万元，全年可执行预算4120.50万元，实际支出4010.25万元，预算执行率97.32%。"
        ],
        [
            (BE, dept("total_funds"), "budget_initial_yuan", Decimal("35600000")),
            (BE, dept("total_funds"), "budget_full_year_yuan", Decimal("41205000")),
            (BE, dept("total_funds"), "executed_yuan", Decimal("40102500")),
            (BE, dept("total_funds"), "execution_rate_reported", Decimal("0.9732")),
        ],
    ),
    "education_general_budget_stages": Case(
        "示例县教育局",
        [
            "本年度一般公共预算财政拨款支出年初预算12500万元，调整预算13860.45万元，支出决算13702.11万元，执行率98.86%。"
        ],
        [
            (BE, dept("general_public_budget"), "budget_initial_yuan", Decimal("125000000")),
            (BE, dept("general_public_budget"), "budget_full_year_yuan", Decimal("138604500")),
            (BE, dept("general_public_budget"), "executed_yuan", Decimal("137021100")),
            (BE, dept("general_public_budget"), "execution_rate_reported", Decimal("0.9886")),
        ],
    ),
    "water_basic_stages": Case(
        "示例县水利局",
        ["我局基本支出年初预算486.2万元，全年预算512.8万元，实际支出509.6万元。"],
        [
            (BE, dept("basic_expenditure"), "budget_initial_yuan", Decimal("4862000")),
            (BE, dept("basic_expenditure"), "budget_full_year_yuan", Decimal("5128000")),
            (BE, dept("basic_expenditure"), "executed_yuan", Decimal("5096000")),
        ],
    ),
    "ndrc_personnel_and_public": Case(
        "示例市发展和改革委员会",
        ["我委2021年人员经费实际支出622.15万元，日常公用经费实际支出88.40万元。"],
        [
            (BE, dept("personnel_expenditure"), "executed_yuan", Decimal("6221500")),
            (BE, dept("public_expenditure"), "executed_yuan", Decimal("884000")),
        ],
    ),
    "budget_parts_share_the_stage_of_their_total": Case(
        "示例县文化馆",
        ["本单位2021年收入预算980万元，其中：财政拨款收入950万元。"],
        [
            (BE, dept("income_total"), "budget_full_year_yuan", Decimal("9800000")),
            (BE, dept("current_appropriation"), "budget_full_year_yuan", Decimal("9500000")),
        ],
    ),
    "thousands_separators_stay_in_their_number": Case(
        "示例市发展和改革委员会",
        ["2021年本单位收入预算37,151.47万元，其中：财政拨款收入37,151.47万元，其他收入0万元。"],
        [
            (BE, dept("income_total"), "budget_full_year_yuan", Decimal("371514700")),
            (BE, dept("current_appropriation"), "budget_full_year_yuan", Decimal("371514700")),
            (BE, dept("other_funds"), "budget_full_year_yuan", 0),
        ],
    ),
    "parts_of_an_unnamed_initial_budget": Case(
        "示例县教育局",
        ["2021年年初预算1000万元，其中：人员经费600万元，公用经费100万元。"],
        [
            (BE, dept("personnel_expenditure"), "budget_initial_yuan", Decimal("6000000")),
            (BE, dept("public_expenditure"), "budget_initial_yuan", Decimal("1000000")),
        ],
    ),
    "rates_stated_without_amounts": Case(
        "示例县交通运输局",
        ["2021年部门整体支出预算执行率为98.5%，项目支出执行率96.5%。"],
        [
            (BE, dept("total_funds"), "execution_rate_reported", Decimal("0.985")),
            (BE, dept("project_expenditure"), "execution_rate_reported", Decimal("0.965")),
        ],
    ),
    "whole_funds_allotted": Case(
        "示例县水利局",
        ["本部门年度资金总额2360万元。"],
        [(BE, dept("total_funds"), "budget_full_year_yuan", Decimal("23600000"))],
    ),
    # --- staffing --------------------------------------------------------------------------------
    "cppcc_staffing": Case(
        "示例县政协办公室",
        ["本机关核定行政编制28名，年末实有在职人员26名，离退休人员41名。"],
        [
            (ST, {}, "authorized_headcount", 28),
            (ST, {}, "actual_headcount", 26),
            (ST, {}, "retired_total_persons", 41),
        ],
    ),
    "library_staffing": Case(
        "示例市图书馆",
        ["我馆为公益一类事业单位，编制数12人，实有人数11人，退休人员9人。"],
        [
            (ST, {}, "authorized_headcount", 12),
            (ST, {}, "actual_headcount", 11),
            (ST, {}, "retired_persons", 9),
        ],
    ),
    "transport_staffing_with_parts": Case(
        "示例县交通运输局",
        [
            "截至2021年底，我局共有编制45人，其中行政编制30人、事业编制15人；在职人员43人，其中在编39人、聘用4人；离休1人，退休52人。"
        ],
        [
            (ST, {}, "authorized_headcount", 45),
            (ST, {}, "actual_headcount", 43),
            (ST, {}, "established_persons", 39),
            (ST, {}, "contracted_persons", 4),
            (ST, {}, "veteran_retired_persons", 1),
            (ST, {}, "retired_persons", 52),
        ],
    ),
    "school_staffing": Case(
        "示例县第一小学",
        ["学校核定教职工编制56人，实有在职教职工54人，退休教师31人。"],
        [
            (ST, {}, "authorized_headcount", 56),
            (ST, {}, "actual_headcount", 54),
            (ST, {}, "retired_persons", 31),
        ],
    ),
    "education_bureau_staffing": Case(
        "示例县教育局",
        ["局机关编制15名，实有13名。"],
        [(ST, {}, "authorized_headcount", 15), (ST, {}, "actual_headcount", 13)],
    ),
    "ndrc_staffing": Case(
        "示例市发展和改革委员会",
        ["我委核定编制数63人，2021年末在职人数57人、离退休人数94人。"],
        [
            (ST, {}, "authorized_headcount", 63),
            (ST, {}, "actual_headcount", 57),
            (ST, {}, "retired_total_persons", 94),
        ],
    ),
    "water_two_kinds_of_posts_no_total": Case(
        "示例县水利局",
        ["核定行政编制20名、事业编制35名，年末在职53人。"],
        [(ST, {}, "actual_headcount", 53)],  # two kinds and no total: the 编制数 is not guessed
    ),
    "year_end_count_wins": Case(
        "示例县文化馆",
        ["年初实有人数24人，年末实有人数25人。"],
        [(ST, {}, "actual_headcount", 25)],
    ),
    # --- self-rating and total score ----------------------------------------------------------
    "cppcc_score_and_rating": Case(
        "示例县政协办公室",
        ["经自评，本部门2021年度部门整体支出绩效自评得分为94.5分，评价等级为“优”。"],
        [
            (ES, DEPARTMENT_RATING, "total_score", Decimal("94.5")),
            (ES, DEPARTMENT_RATING, "self_rating", "优"),
        ],
    ),
    "library_good_rating": Case(
        "示例市图书馆",
        ["综合评价结果为良好，自评总分86分。"],
        [(ES, DEPARTMENT_RATING, "self_rating", "良"), (ES, DEPARTMENT_RATING, "total_score", 86)],
    ),
    "transport_score_under_heading": Case(
        "示例县交通运输局",
        ["（一）自评得分", "92分。"],
        [(ES, DEPARTMENT_RATING, "total_score", 92)],
    ),
    "school_conclusion": Case(
        "示例县第一小学",
        ["本校整体支出绩效自评结论为优秀。"],
        [(ES, DEPARTMENT_RATING, "self_rating", "优")],
    ),
    "fair_rating_without_total": Case(
        "示例县文化馆",
        ["经评价，该部门整体绩效等级为中，得分72分。"],
        [(ES, DEPARTMENT_RATING, "self_rating", "中")],  # "得分72分" alone is no stated total
    ),
    # --- projects: their own reports, named lines and listings ------------------------------------
    "water_project_report_rating": Case(
        "示例县水利局",
        ["该项目自评得分97分，自评等级为优。"],
        [
            (ES, {"scope": "project", "project_name": "河道堤防维修养护"}, "total_score", 97),
            (ES, {"scope": "project", "project_name": "河道堤防维修养护"}, "self_rating", "优"),
        ],
        title="示例县水利局2021年度河道堤防维修养护项目支出绩效自评报告",
    ),
    "transport_project_report_funds": Case(
        "示例县交通运输局",
        ["项目年度资金总额860万元，其中：财政拨款800万元，上年结转60万元。"],
        [
            (BE, project("农村公路养护"), "budget_full_year_yuan", Decimal("8600000")),
            (
                BE,
                project("农村公路养护", "current_appropriation"),
                "budget_full_year_yuan",
                Decimal("8000000"),
            ),
            (BE, project("农村公路养护", "prior_year_carryover"), "budget_full_year_yuan", Decimal("600000")),
        ],
        title="示例县交通运输局2021年度农村公路养护项目支出绩效自评报告",
    ),
    "transport_project_report_stages": Case(
        "示例县交通运输局",
        ["项目年初预算500万元，调整预算560万元，实际支出548.3万元，执行率97.91%。"],
        [
            (BE, project("农村公路养护"), "budget_initial_yuan", Decimal("5000000")),
            (BE, project("农村公路养护"), "budget_full_year_yuan", Decimal("5600000")),
            (BE, project("农村公路养护"), "executed_yuan", Decimal("5483000")),
            (BE, project("农村公路养护"), "execution_rate_reported", Decimal("0.9791")),
        ],
        title="示例县交通运输局2021年度农村公路养护项目支出绩效自评报告",
    ),
    "project_report_named_on_cover": Case(
        "示例县教育局",
        ["项目名称：学生营养改善计划", "本项目全年预算320万元，实际支出318.4万元。"],
        [
            (BE, project("学生营养改善计划"), "budget_full_year_yuan", Decimal("3200000")),
            (BE, project("学生营养改善计划"), "executed_yuan", Decimal("3184000")),
        ],
        title="示例县教育局2021年度项目支出绩效自评报告",
    ),
    "library_named_project": Case(
        "示例县图书馆",
        ["（1）免费开放项目支出25.14万元，主要用于图书购置和读者活动。"],
        [(BE, project("免费开放"), "executed_yuan", Decimal("251400"))],
    ),
    "transport_named_project_stages": Case(
        "示例县交通运输局",
        ["农村公路养护项目年初预算300万元，实际支出296.5万元，执行率98.83%。"],
        [
            (BE, project("农村公路养护"), "budget_initial_yuan", Decimal("3000000")),
            (BE, project("农村公路养护"), "executed_yuan", Decimal("2965000")),
            (BE, project("农村公路养护"), "execution_rate_reported", Decimal("0.9883")),
        ],
    ),
    "cppcc_project_listing": Case(
        "示例县政协办公室",
        [
            "项目支出215.90万元，主要包括委员履职活动经费86.30万元、提案办理工作经费12.00万元、文史资料编印经费9.60万元。"
        ],
        [
            (BE, dept("project_expenditure"), "executed_yuan", Decimal("2159000")),
            (BE, project("委员履职活动经费"), "executed_yuan", Decimal("863000")),
            (BE, project("提案办理工作经费"), "executed_yuan", Decimal("120000")),
            (BE, project("文史资料编印经费"), "executed_yuan", Decimal("96000")),
        ],
    ),
    # --- evaluation overviews ---------------------------------------------------------------------
    "education_overview_with_average": Case(
        "示例县教育局",
        ["2021年度共对18个项目开展绩效自评，涉及资金6523.40万元，平均得分93.6分。"],
        [
            (EO, {"category": "all"}, "project_count", 18),
            (EO, {"category": "all"}, "amount_yuan", Decimal("65234000")),
            (EO, {"category": "all"}, "average_score", Decimal("93.6")),
        ],
    ),
    "ndrc_overview_with_share": Case(
        "示例市发展和改革委员会",
        ["纳入绩效自评的项目12个，涉及预算金额2260.75万元，占项目支出总额的100%。"],
        [
            (EO, {"category": "all"}, "project_count", 12),
            (EO, {"category": "all"}, "amount_yuan", Decimal("22607500")),
            (EO, {"category": "all"}, "share_reported", 1),
        ],
    ),
    "water_overview_by_rating": Case(
        "示例县水利局",
        ["自评项目共9个，其中评价等级为优的项目7个，良的项目2个。"],
        [
            (EO, {"category": "all"}, "project_count", 9),
            (EO, {"category": "excellent"}, "project_count", 7),
            (EO, {"category": "good"}, "project_count", 2),
        ],
    ),
    "transport_overview_amount_by_rating": Case(
        "示例县交通运输局",
        ["自评结果为优秀的项目5个，涉及金额1850万元；良好的项目1个，涉及金额120万元。"],
        [
            (EO, {"category": "excellent"}, "project_count", 5),
            (EO, {"category": "excellent"}, "amount_yuan", Decimal("18500000")),
            (EO, {"category": "good"}, "project_count", 1),
            (EO, {"category": "good"}, "amount_yuan", Decimal("1200000")),
        ],
    ),
    "cppcc_disclosure_overview": Case(
        "示例县政协办公室",
        [
            "组织对2021年度一般公共预算项目支出全面开展绩效自评，共涉及项目6个，资金215.9万元，占一般公共预算项目支出总额的100%。"
        ],
        [
            (EO, {"category": "all"}, "project_count", 6),
            (EO, {"category": "all"}, "amount_yuan", Decimal("2159000")),
            (EO, {"category": "all"}, "share_reported", 1),
        ],
    ),
    "self_evaluations_apart_from_tracking_and_other_grades": Case(
        "示例市发展和改革委员会",
        [
            "绩效跟踪评价的项目3个，涉及预算金额560万元；绩效自评的项目3个，涉及预算金额560万元，平均得分95.2分"
            "（其中，评级为“优”的项目2个；评级为“合格”的项目1个）。"
        ],
        [
            (EO, {"category": "all"}, "project_count", 3),
            (EO, {"category": "all"}, "amount_yuan", Decimal("5600000")),
            (EO, {"category": "all"}, "average_score", Decimal("95.2")),
            (EO, {"category": "excellent"}, "project_count", 2),
        ],
    ),
    "tracking_evaluation_after_self_evaluation_keeps_its_own_amount": Case(
        "示例县交通运输局",
        ["自评项目3个，涉及资金300万元；跟踪评价项目2个，涉及资金200万元。"],
        [
            (EO, {"category": "all"}, "project_count", 3),
            (EO, {"category": "all"}, "amount_yuan", Decimal("3000000")),
        ],
    ),
    "grade_of_another_scale_keeps_its_amount": Case(
        "示例县教育局",
        ["自评项目5个，其中评级为“合格”的项目1个，涉及资金20万元；评级为“优”的项目4个，涉及资金180万元。"],
        [
            (EO, {"category": "all"}, "project_count", 5),
            (EO, {"category": "excellent"}, "project_count", 4),
            (EO, {"category": "excellent"}, "amount_yuan", Decimal("1800000")),
        ],
    ),
    # --- nothing: other years, comparisons, next year's plans, someone else's counts ---------------
    "last_year_totals": Case("示例县政协办公室", ["2020年度本单位收入合计790.20万元，支出合计785.60万元。"]),
    "comparison_with_last_year": Case("示例市图书馆", ["与上年相比，支出合计减少42.70万元，下降5.1%。"]),
    "next_year_plan_by_year": Case("示例县交通运输局", ["2022年计划安排项目预算500万元。"]),
    "next_year_plan_by_words": Case(
        "示例县交通运输局", ["下一年度我局将争取预算资金300万元用于农村公路建设。"]
    ),
    "last_year_rating": Case("示例县第一小学", ["上年度部门整体支出绩效自评得分为91分，等级为优。"]),
    "same_period_comparison": Case("示例县水利局", ["较去年同期增加基本支出36.5万元。"]),
    "last_year_staffing": Case("示例县教育局", ["2020年末在职人员24人，编制26人。"]),
    "averages": Case("示例市发展和改革委员会", ["人均公用经费1.5万元，月均支出8.2万元。"]),
    "other_year_parts": Case("示例县文化馆", ["2019年项目支出包含12万元的设备购置费。"]),
    "next_year_headcount": Case("示例县图书馆", ["明年预计在职人数将增加到30人。"]),
    "new_retirees_are_no_staff_count": Case("示例县交通运输局", ["新增退休人员3人，编制内调入2人。"]),
    "county_wide_staff": Case("示例县教育局", ["全县共有在职教职工4200人，核定编制4350人。"]),
    "rated_projects_share_is_no_rating": Case("示例县水利局", ["评价等级为优的项目占比达到80%。"]),
    "next_year_expected_total": Case("示例县政协办公室", ["预计2022年支出合计将达到900万元。"]),
    "no_social_insurance_population_for_other_units": Case(
        "示例县教育局", ["为全县1200名低保对象发放补助资金180万元。"]
    ),
    "no_social_insurance_scheme_for_other_units": Case(
        "示例县政协办公室", ["本单位参加机关事业单位养老保险在职人员26人，缴纳养老保险费86.5万元。"]
    ),
    "evaluation_by_finance_bureau_is_no_self_evaluation": Case(
        "示例县交通运输局", ["县财政局委托第三方对我局3个项目开展重点绩效评价，涉及资金960万元。"]
    ),
    "procurement_reserved_for_small_firms_is_no_project": Case(
        "示例县水利局", ["本部门面向中小企业预留政府采购项目预算金额120万元。"]
    ),
    "an_amount_a_project_neither_allotted_nor_spent": Case(
        "示例县图书馆", ["其他项目支出12万元，年中追加项目资金8万元。"]
    ),
}


def _prose_facts(result) -> dict[tuple, object]:
    found: dict[tuple, object] = {}
    for fact in result.extraction.facts:
        if fact.origin != "prose":
            continue
        key = (fact.mart, tuple(sorted(fact.key.items())), fact.measure_name)
        found.setdefault(key, fact.value_num if fact.value_num is not None else fact.value_text)
    return found


@pytest.mark.parametrize("name", list(CASES))
def test_department_sentence(name: str) -> None:
    case = CASES[name]
    result = extract(case.unit, case.title, *case.paragraphs)
    expected = {
        (mart, tuple(sorted(key.items())), measure): value for mart, key, measure, value in case.facts
    }
    assert _prose_facts(result) == expected


def test_at_least_forty_sentences_ten_of_them_yielding_nothing() -> None:
    assert len(CASES) >= 40
    assert sum(1 for case in CASES.values() if not case.facts) >= 10


def test_figures_of_other_departments_wording_stay_unmapped() -> None:
    result = extract(*_case_parts(CASES["no_social_insurance_scheme_for_other_units"]))
    assert {u["figure_text"] for u in result.extraction.unmapped} == {"26人", "86.5万元"}


def test_social_insurance_units_still_read_their_schemes() -> None:
    result = extract("示例县社会保险服务中心", DEPARTMENT_TITLE, "全年企业职工养老保险参保人数12000人。")
    facts = _prose_facts(result)
    key = (("measure", "insured_persons"), ("population", "all"), ("scheme", "enterprise_employee_pension"))
    assert facts[("fct_coverage", key, "value")] == 12000


def _case_parts(case: Case) -> list[str]:
    return [case.unit, case.title, *case.paragraphs]


def test_unit_unknown_opening_decides_whether_coverage_is_read() -> None:
    plain = extract(DEPARTMENT_TITLE, "本单位职工参加企业职工基本养老保险，参保人数26人。")
    assert not _prose_facts(plain)
    insurer = extract(
        "示例县社会保险服务中心2021年度部门整体支出绩效自评报告", "全年企业职工养老保险参保人数12000人。"
    )
    key = (("measure", "insured_persons"), ("population", "all"), ("scheme", "enterprise_employee_pension"))
    assert _prose_facts(insurer) == {("fct_coverage", key, "value"): 12000}


@pytest.mark.parametrize(
    ("title", "kind", "project_name"),
    [
        ("示例县交通运输局2021年度农村公路养护项目支出绩效自评报告", "project", "农村公路养护"),
        ("示例县文化馆群众文化活动项目2021年绩效评价报告", "project", None),  # the unit's name is unknown
        (
            "示例市图书馆2021年度项目支出绩效自评报告（2021年公共文化服务体系建设补助资金）",
            "project",
            "2021年公共文化服务体系建设补助资金",
        ),
        ("2021年度项目支出绩效自评报告", "project", None),
        ("示例县政协办公室2021年度部门整体支出绩效自评报告", "department", None),
        ("附件1：2021年度部门整体支出绩效评价报告", "department", None),
    ],
)
def test_report_titles_open_sections(title: str, kind: str, project_name: str | None) -> None:
    section = section_of_title(title, None)
    assert section is not None and (section.kind, section.project) == (kind, project_name)


def test_a_project_named_before_the_year_after_the_unit() -> None:
    section = section_of_title("示例县文化馆群众文化活动项目2021年绩效评价报告", "示例县文化馆")
    assert section is not None and section.project == "群众文化活动"


def test_sentences_and_headings_are_no_titles() -> None:
    assert section_of_title("本部门按要求开展自评，自评报告见附件。", None) is None
    assert section_of_title("根据《2021年度项目支出绩效自评报告》要求", None) is None
