"""The prose reader on sentences written for these tests (same constructions as real reports)."""

from decimal import Decimal

from ingest.extraction.prose.extract import population_mentions, scheme_mentions
from tests.unit.helpers import extract, value

FF, CV, BE = "fct_fund_flows", "fct_coverage", "fct_budget_execution"


def read(*paragraphs: str, unit: str = "示例县社会保险服务中心"):
    return extract(unit, "2021年度部门整体支出绩效自评报告", *paragraphs)


def test_fund_flows_by_scheme_with_target_and_completion():
    r = read(
        "2021年，各项社保基金征缴50000万元。其中企业职工养老保险征缴30000万元，完成年度目标任务25000万元的120.00%；"
        "机关事业单位养老保险征缴15000万元，职业年金征缴2000万元；城乡居保征缴3000万元。"
    )
    assert value(r, FF, "amount_yuan", scheme="all", flow="contribution_income") == Decimal("500000000")
    enterprise = {"scheme": "enterprise_employee_pension", "flow": "contribution_income"}
    assert value(r, FF, "amount_yuan", **enterprise) == Decimal("300000000")
    assert value(r, FF, "target_yuan", **enterprise) == Decimal("250000000")
    assert value(r, FF, "completion_rate_reported", **enterprise) == Decimal("1.2")
    assert value(r, FF, "amount_yuan", scheme="occupational_annuity") == Decimal("20000000")
    assert value(r, FF, "amount_yuan", scheme="urban_rural_resident_pension") == Decimal("30000000")


def test_expenditure_words_and_averages():
    r = read(
        "全年各项社保基金累计支付达到9000万元，其中企业养老保险支付5000万元，月平均支付养老金416.67万元；"
        "发放养老保险金800万元。"
    )
    assert value(r, FF, "amount_yuan", scheme="all", flow="expenditure_total") == Decimal("90000000")
    assert (
        value(r, FF, "amount_yuan", scheme="enterprise_employee_pension", flow="expenditure_total")
        == 50000000
    )
    assert (
        value(r, FF, "amount_yuan", scheme="enterprise_employee_pension", flow="benefit_payment") == 8000000
    )
    assert not [f for f in r.extraction.facts if f.value_num == Decimal("4166700")]  # a monthly average


def test_coverage_counts_with_parenthesised_breakdown_and_units():
    r = read(
        "全县共有参保单位300家，参保人员120000人，其中：企业职工基本养老保险有参保单位250家，"
        "参保人数20000人（在职职工15000人，离退休人数5000人）；城乡居民养老保险有参保群众100000人。"
    )
    assert value(r, CV, "value", scheme="all", measure="insured_units") == 300
    assert value(r, CV, "value", scheme="all", measure="insured_persons") == 120000
    enterprise = {"scheme": "enterprise_employee_pension"}
    assert value(r, CV, "value", measure="insured_units", **enterprise) == 250
    assert value(r, CV, "value", measure="contributing_persons", **enterprise) == 15000
    assert value(r, CV, "value", measure="retired_persons", **enterprise) == 5000
    assert value(r, CV, "value", scheme="urban_rural_resident_pension", measure="insured_persons") == 100000


def test_government_paid_contributions_by_population():
    r = read("全年共为1200名建档立卡贫困人员代缴保费12万元；为300名重度残疾人代缴100元保费3万元。")
    assert value(r, CV, "value", population="poverty", measure="government_paid_persons") == 1200
    assert value(r, FF, "amount_yuan", population="poverty", flow="government_paid_contribution") == 120000
    assert value(r, FF, "amount_yuan", population="severe_disability") == 30000  # not the 100元 premium


def test_total_after_an_enumeration_of_schemes_is_all():
    r = read("全年机关养老保险新增参保100人、企业职工养老保险新增参保900人，全年共计新增参保群众1000人。")
    assert value(r, CV, "value", scheme="institution_pension", measure="new_insured_persons") == 100
    assert value(r, CV, "value", scheme="all", measure="new_insured_persons") == 1000


def test_unit_scheme_applies_when_nothing_else_names_one():
    r = read("全年共计追回冒领养老金5.5万元。", unit="示例县城乡居民养老保险事务中心")
    assert (
        value(r, FF, "amount_yuan", scheme="urban_rural_resident_pension", flow="recovered_overpayment")
        == 55000
    )


def test_budget_lines_and_rates():
    r = read(
        "2021年中心支出总额300.5万元，为预算的95.20%，比去年减少10万元。",
        "工资福利支出200万元，为预算的101%。2020年项目支出包含30万元人员经费。",
        "2021年“三公”经费财政拨款支出决算为1.2万元，完成预算60%。公务接待2批次，接待15人次。",
    )
    dept = {"scope": "department", "line_item": "expenditure_total"}
    assert value(r, BE, "executed_yuan", **dept) == Decimal("3005000")
    assert value(r, BE, "execution_rate_reported", **dept) == Decimal("0.952")
    assert value(r, BE, "executed_yuan", line_item="personnel_expenditure") == 2000000
    assert value(r, BE, "executed_yuan", line_item="project_expenditure") is None  # about another year
    tpe = "fct_three_public_expenses"
    assert value(r, tpe, "final_yuan", category="total") == 12000
    assert value(r, tpe, "execution_rate_reported", category="total") == Decimal("0.6")
    assert value(r, tpe, "reception_batches", category="official_reception") == 2
    assert value(r, tpe, "reception_persons", category="official_reception") == 15


def test_staffing_and_rating():
    r = read(
        "本中心核定编制20名，年末实有在职人员18名，退休人员4名。",
        "经自评，本单位部门整体支出绩效自评总得分92分，总体评价为优。",
    )
    assert value(r, "fct_staffing", "authorized_headcount") == 20
    assert value(r, "fct_staffing", "actual_headcount") == 18
    assert value(r, "fct_staffing", "retired_persons") == 4
    assert value(r, "fct_evaluation_summary", "total_score") == 92
    assert value(r, "fct_evaluation_summary", "self_rating") == "优"


def test_figures_no_rule_can_read_are_kept_as_unmapped():
    r = read("全年认定符合条件的对象880人，实际到账补贴资金45万元。")
    assert not [f for f in r.extraction.facts if f.origin == "prose"]
    assert {u["figure_text"] for u in r.extraction.unmapped} == {"880人", "45万元"}


def test_scheme_and_population_mentions_take_the_longest_phrase_and_skip_organisations():
    text = "城乡居民养老保险事务中心为困难群众代缴城乡居民基本养老保险，被征地农民社保参保"
    assert scheme_mentions(text) == [
        (text.index("城乡居民基本"), "urban_rural_resident_pension"),
        (text.index("被征地"), "land_expropriated_farmers"),
    ]
    assert scheme_mentions(text, skip_organisations=False)[0] == (0, "urban_rural_resident_pension")
    # 被征地农民 inside a scheme's name is no population of its own
    assert population_mentions(text) == [(text.index("困难群众"), "hardship")]
