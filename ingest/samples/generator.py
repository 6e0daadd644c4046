"""A generator of realistic sample reports in the flattened text format, with the facts each one states.

The project cannot ship real reports, so `make run`, the tests and the benchmarks use these: every form of
the contract (基础数据表, 部门整体 / 项目支出绩效自评表, 决算 tables, the 自评报告 prose), units at
province, city and county level, several years, and the variation real files have (元 or 万元, missing
forms, empty cells, '100%%' typos, multi-line header cells). Each document comes with its expected facts
in the gold format of ../shared/gold, so a built warehouse can be scored against them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PLACES = [
    ("湖南省", "长沙市", "长沙县"),
    ("湖南省", "株洲市", "攸县"),
    ("湖南省", "衡阳市", "衡东县"),
    ("湖南省", "邵阳市", "新邵县"),
    ("湖南省", "岳阳市", "平江县"),
    ("湖南省", "常德市", "桃源县"),
    ("四川省", "成都市", "金堂县"),
    ("四川省", "绵阳市", "梓潼县"),
    ("四川省", "南充市", "仪陇县"),
    ("四川省", "宜宾市", "江安县"),
    ("江西省", "赣州市", "于都县"),
    ("江西省", "吉安市", "永新县"),
    ("湖北省", "黄冈市", "红安县"),
    ("湖北省", "宜昌市", "秭归县"),
    ("河南省", "信阳市", "光山县"),
    ("贵州省", "遵义市", "湄潭县"),
]
UNIT_KINDS = {
    "province": ["{p}社会保险事业管理局", "{p}城乡居民养老保险经办服务中心"],
    "city": ["{m}社会保险服务中心", "{m}城乡居民养老保险事务中心"],
    "county": ["{c}社会保险服务中心", "{c}城乡居民养老保险事务中心", "{c}机关事业单位养老保险服务中心"],
}
PROJECTS = [
    "城乡居民基本养老保险经办管理经费",
    "社会保险信息系统运行维护经费",
    "困难群体养老保险费代缴补助资金",
    "机关事业单位养老保险基金补助",
    "社保经办窗口服务能力提升",
]
INDICATORS = [
    ("产出指标", "数量指标", "参保人员信息核对完成率", "100%", "100%"),
    ("产出指标", "数量指标", "待遇资格认证人数", "≥95%", "96%"),
    ("产出指标", "质量指标", "养老金按时足额发放率", "100%", "100%"),
    ("产出指标", "质量指标", "资金使用合规性", "合规", "合规"),
    ("产出指标", "时效指标", "待遇调整及时率", "及时完成", "及时完成"),
    ("产出指标", "成本指标", "公用经费控制率", "100%", "92.5%"),
    ("效益指标", "社会效益指标", "困难群体代缴覆盖率", "100%", "100%"),
    ("效益指标", "可持续影响指标", "基金运行安全", "无重大风险", "无重大风险"),
    ("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%", "95%"),
]
SUBJECTS = [  # (code, name, share of total, basic?)
    ("2080101", "行政运行", Decimal("0.30"), True),
    ("2080109", "社会保险经办机构", Decimal("0.25"), False),
    ("2080505", "机关事业单位基本养老保险缴费支出", Decimal("0.15"), True),
    ("2101102", "事业单位医疗", Decimal("0.10"), True),
    ("2210201", "住房公积金", Decimal("0.20"), True),
]
PARENTS = {
    "208": "社会保障和就业支出",
    "20801": "人力资源和社会保障管理事务",
    "20805": "行政事业单位养老支出",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "221": "住房保障支出",
    "22102": "住房改革支出",
}

CENT = Decimal("0.01")


def _wan(yuan: Decimal) -> Decimal:
    return (yuan / 10_000).quantize(CENT, ROUND_HALF_UP)


def _hundreds(yuan: Decimal) -> Decimal:
    """Rounded to 100元, so that a 万元 figure with two decimals states it exactly."""
    return (yuan / 100).quantize(Decimal(1), ROUND_HALF_UP) * 100


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class SampleDocument:
    file_name: str
    text: str
    gold: list[dict] = field(default_factory=list)
    fiscal_year: int = 0
    # the year's 决算 figures by line (basic, public, …, project), which next year's report states as 上年决算数
    finals: dict[str, Decimal] = field(default_factory=dict)


class _Writer:
    """Builds one document's lines in the flattened format and its gold facts."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[str] = []
        self.gold: list[dict] = []

    def para(self, text: str) -> None:
        self.lines.append(text)

    def table(self, rows: list[list[str]]) -> None:
        """Rows of tab-led cells (a cell's further lines untabbed), a blank line between rows."""
        for i, row in enumerate(rows):
            if i:
                self.lines.append("")
            for cell in row:
                first, *rest = cell.split("\n")
                self.lines.append("\t" + first)
                self.lines.extend(rest)
        self.lines.extend(["", ""])

    def fact(self, table: str, key: dict, values: dict, origin: str = "table") -> None:
        values = {k: (float(v) if isinstance(v, Decimal) else v) for k, v in values.items() if v is not None}
        if values:
            self.gold.append({"table": table, "key": key, "values": values, "origin": origin})


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """A yuan amount that is exact in 万元 with two decimals (as the 万元 forms state it)."""
    return Decimal(rng.randint(low // 100, high // 100) * 100)


def generate_document(
    rng: random.Random,
    unit: str,
    level: str,
    place: tuple[str, str, str],
    year: int,
    index: int,
    previous: dict[str, Decimal] | None = None,
) -> SampleDocument:
    """One report. `previous` are the unit's figures of the year before (its report's `finals`): this report
    states them as 上年决算数, as a real unit copies them from last year's 决算; without them they are drawn."""
    w = _Writer(rng)
    in_yuan = rng.random() < 0.2  # some units fill the basic table in 元
    unit_label = "（元）" if in_yuan else "（万元）"

    def cell_money(yuan: Decimal | None) -> str:
        if yuan is None:
            return "——"
        return _fmt(yuan.quantize(CENT)) if in_yuan else _fmt(_wan(yuan))

    # --- the figures -----------------------------------------------------------------------
    authorized = rng.randint(8, 60)
    actual = authorized - rng.randint(0, 4)
    retired = rng.randint(0, 12)
    office, utilities, meetings = (
        _money(rng, 20_000, 300_000),
        _money(rng, 5_000, 60_000),
        _money(rng, 0, 30_000),
    )
    public = office + utilities + meetings + _money(rng, 50_000, 500_000)
    personnel = _money(rng, 800_000, 6_000_000)
    basic = personnel + public
    reception = _money(rng, 5_000, 40_000)
    vehicle_operation = _money(rng, 0, 60_000) if rng.random() < 0.5 else Decimal(0)
    vehicle_purchase = Decimal(0)
    vehicles = vehicle_purchase + vehicle_operation
    three_public = reception + vehicles
    n_projects = rng.randint(1, 3)
    projects = rng.sample(PROJECTS, n_projects)
    project_budget = {p: _money(rng, 30_000, 3_000_000) for p in projects}
    project_rate = {p: Decimal(rng.choice([100, 100, 98, 95, 85, 62])) / 100 for p in projects}
    project_exec = {p: _hundreds(project_budget[p] * project_rate[p]) for p in projects}
    project_total_budget = sum(project_budget.values(), Decimal(0))
    project_total_exec = sum(project_exec.values(), Decimal(0))
    full_budget = basic + project_total_budget
    executed = basic + project_total_exec
    initial_budget = _hundreds(full_budget * Decimal(rng.choice(["0.92", "0.97", "1.00"])))
    dept_rate = (executed / full_budget).quantize(Decimal("0.0001"))
    with_final_accounts = rng.random() < 0.5
    if with_final_accounts:  # the 决算 tables state 元 to the fen: the forms' 万元 figures round them
        basic += Decimal(rng.randint(-49, 49)) + Decimal(rng.randint(0, 99)) / 100
        executed = basic + project_total_exec

    finals = {
        "basic": basic,
        "public": public,
        "office": office,
        "utilities": utilities,
        "meetings": meetings,
        "reception": reception,
        "vehicles": vehicles,
        "project": project_total_exec,
    }
    prev = {k: _hundreds(v * Decimal(rng.choice(["0.9", "1.05", "1.1"]))) for k, v in finals.items()}
    if (
        previous is not None
    ):  # written in this report's unit: to the fen in 元, else rounded to 100元 (万元.2f)
        prev = {k: v.quantize(CENT) if in_yuan else _hundreds(v) for k, v in previous.items()}
    budget_of = {
        k: _hundreds(v * Decimal(rng.choice(["1.0", "1.02", "1.08"])))
        for k, v in {
            "public": public,
            "office": office,
            "utilities": utilities,
            "meetings": meetings,
            "reception": reception,
            "vehicles": vehicles,
        }.items()
    }
    budget_of["three_public"] = budget_of["reception"] + budget_of["vehicles"]
    prev["three_public"] = prev["reception"] + prev["vehicles"]

    # --- 附件1 基础数据表 -------------------------------------------------------------------------
    w.para("附件1")
    w.para(f"{year}年度部门整体支出绩效评价基础数据表")
    control_rate = (Decimal(actual) / authorized * 100).quantize(Decimal(1))
    rows = [
        ["", "财政供养人员情况（人）", "编制数", f"{year}年实际在职人数", "控制率"],
        ["", str(authorized), str(actual), f"{control_rate}%"],
        [f"经费控制情况{unit_label}", f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"],
    ]
    w.fact(
        "fct_staffing",
        {},
        {
            "authorized_headcount": authorized,
            "actual_headcount": actual,
            "control_rate_reported": float(control_rate / 100),
        },
    )

    def money_precise(yuan: Decimal) -> Decimal:
        return yuan if in_yuan else _wan(yuan) * 10_000

    def budget_row(
        label: str,
        line_item: str | None,
        prior: Decimal | None,
        budget: Decimal,
        final: Decimal,
        category: str | None = None,
        project: str | None = None,
    ) -> None:
        rows.append([label, cell_money(prior), cell_money(budget), cell_money(final)])
        if category:
            w.fact(
                "fct_three_public_expenses",
                {"category": category},
                {"prior_year_final_yuan": prior, "budget_yuan": budget, "final_yuan": final},
            )
        elif project:
            w.fact(
                "fct_budget_execution",
                {"scope": "project", "project_name": project, "line_item": "total_funds"},
                {"prior_year_final_yuan": prior, "budget_full_year_yuan": budget, "executed_yuan": final},
            )
        elif line_item:
            final_value = final if (line_item != "basic_expenditure" or not with_final_accounts) else None
            w.fact(
                "fct_budget_execution",
                {"scope": "department", "project_name": None, "line_item": line_item},
                {
                    "prior_year_final_yuan": prior,
                    "budget_full_year_yuan": budget,
                    "executed_yuan": final_value,
                },
            )

    budget_row("一、部门基本支出", "basic_expenditure", prev["basic"], _hundreds(basic), money_precise(basic))
    budget_row("其中：公用经费", "public_expenditure", prev["public"], budget_of["public"], public)
    budget_row("其中：办公费", "office_expenses", prev["office"], budget_of["office"], office)
    budget_row("水费、电费、差旅费", "utilities_travel", prev["utilities"], budget_of["utilities"], utilities)
    budget_row("会议费、培训费", "meetings_training", prev["meetings"], budget_of["meetings"], meetings)
    budget_row("三公经费", None, prev["three_public"], budget_of["three_public"], three_public, "total")
    budget_row(
        "1.公务用车购置和维护经费",
        None,
        prev["vehicles"],
        budget_of["vehicles"],
        vehicles,
        "official_vehicles",
    )
    budget_row("其中：公务车购置", None, Decimal(0), Decimal(0), vehicle_purchase, "vehicle_purchase")
    budget_row(
        "公务车运行维护",
        None,
        prev["vehicles"],
        budget_of["vehicles"],
        vehicle_operation,
        "vehicle_operation",
    )
    budget_row("2.出国经费", None, Decimal(0), Decimal(0), Decimal(0), "outbound_travel")
    budget_row("3.公务接待", None, prev["reception"], budget_of["reception"], reception, "official_reception")
    budget_row(
        "二、项目支出小计", "project_expenditure", prev["project"], project_total_budget, project_total_exec
    )
    for i, p in enumerate(projects, start=1):
        budget_row(
            f"{i}{rng.choice(['.', '、'])}{p}", None, None, project_budget[p], project_exec[p], project=p
        )
    rows.append(["4.（一个专项一行）……", "", "", ""])
    rows.append(["政府采购金额", "——", "", ""])
    w.table(rows)

    # --- 附件2 部门整体支出绩效自评表 --------------------------------------------------------------
    level_word = {"province": "省级", "city": "市级", "county": "县级"}[level]
    w.para("附件2")
    w.para(f"{year}年度部门整体支出绩效自评表")
    dept_score = Decimal(10) if dept_rate >= Decimal("0.95") or rng.random() < 0.3 else Decimal(6)
    rows = [
        [f"{level_word}预算部门名称", unit],
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
        [
            "",
            "年度资金总额",
            _fmt(_wan(initial_budget)),
            _fmt(_wan(full_budget)),
            _fmt(_wan(executed)),
            "10",
            f"{_fmt((dept_rate * 100).quantize(CENT))}%",
            _fmt(dept_score),
        ],
        ["", "按收入性质分：", "按支出性质分："],
        ["", f"其中：一般公共预算：{_fmt(_wan(full_budget))}", f"其中：基本支出：{_fmt(_wan(basic))}"],
        ["", "政府性基金拨款：", f"项目支出：{_fmt(_wan(project_total_exec))}"],
        ["", "纳入专户管理的非税收入拨款：", ""],
        ["", "其他资金：", ""],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["", "按时足额发放各项养老保险待遇，推进全民参保。", "各项待遇按时足额发放，参保扩面任务全面完成。"],
    ]
    w.fact(
        "fct_budget_execution",
        {"scope": "department", "project_name": None, "line_item": "total_funds"},
        {
            "budget_initial_yuan": _wan(initial_budget) * 10_000,
            "budget_full_year_yuan": _wan(full_budget) * 10_000,
            "executed_yuan": _wan(executed) * 10_000,
            "weight": 10,
            "execution_rate_reported": float((dept_rate * 100).quantize(CENT) / 100),
            "score": float(dept_score),
        },
    )
    w.fact(
        "fct_budget_execution",
        {"scope": "department", "project_name": None, "line_item": "general_public_budget"},
        {"budget_full_year_yuan": _wan(full_budget) * 10_000},
    )
    rows.append(
        [
            "绩\n效\n指\n标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度\n指标值",
            "实际\n完成值",
            "分值",
            "得分",
            "偏差原因\n分析及\n改进措施",
        ]
    )
    total_score = _indicator_rows(w, rows, rng, scope="department", project=None, with_deviation=True)
    rows.append(["总分", "100", _fmt(total_score), ""])
    w.table(rows)
    w.fact(
        "fct_evaluation_summary",
        {"scope": "department", "project_name": None},
        {"total_weight": 100, "total_score": float(total_score)},
    )

    # --- 附件3 项目支出绩效自评表 -----------------------------------------------------------------
    supervisor = {
        "province": "{p}人力资源和社会保障厅",
        "city": "{m}人力资源和社会保障局",
        "county": "{c}人力资源和社会保障局",
    }[level].format(p=place[0], m=place[1], c=place[2])
    for n, p in enumerate(projects, start=3):
        if rng.random() < 0.15:
            continue  # a package without this project's form
        w.para(f"附件{n}")
        w.para(f"{year}年度项目支出绩效自评表")
        rate = project_rate[p]
        score = Decimal(10) if rate >= Decimal("0.9") else Decimal(5)
        rows = [
            ["项目支\n出名称", p],
            ["主管部门", supervisor, "实施单位", unit],
            [
                "项目资金\n（万元）",
                "",
                "年初\n预算数",
                "全年\n预算数",
                "全年\n执行数",
                "分值",
                "执行率",
                "得分",
            ],
            [
                "",
                "年度资金总额",
                _fmt(_wan(project_budget[p])),
                _fmt(_wan(project_budget[p])),
                _fmt(_wan(project_exec[p])),
                "10",
                f"{_fmt(rate * 100)}%",
                _fmt(score),
            ],
            [
                "",
                "其中：当年财政拨款",
                _fmt(_wan(project_budget[p])),
                _fmt(_wan(project_budget[p])),
                _fmt(_wan(project_exec[p])),
                "",
                "",
                "",
            ],
            ["", "上年结转资金", "", "", "", "", "", ""],
            ["", "其他资金", "", "", "", "", "", ""],
            ["年度总体目标", "预期目标", "实际完成情况"],
            ["", "完成项目年度任务。", "已完成。"],
            [
                "绩\n效\n指\n标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度\n指标值",
                "实际\n完成值",
                "分值",
                "得分",
                "偏差原因\n分析及\n改进措施",
            ],
        ]
        key = {"scope": "project", "project_name": p}
        w.fact(
            "fct_budget_execution",
            {**key, "line_item": "total_funds"},
            {
                "budget_initial_yuan": project_budget[p],
                "weight": 10,
                "execution_rate_reported": float(rate),
                "score": float(score),
            },
        )
        w.fact(
            "fct_budget_execution",
            {**key, "line_item": "current_appropriation"},
            {
                "budget_initial_yuan": project_budget[p],
                "budget_full_year_yuan": project_budget[p],
                "executed_yuan": project_exec[p],
            },
        )
        total = _indicator_rows(w, rows, rng, scope="project", project=p, with_deviation=True)
        rows.append(["总分", "100", _fmt(total), ""])
        w.table(rows)
        w.fact("fct_evaluation_summary", key, {"total_weight": 100, "total_score": float(total)})

    # --- 决算 tables ------------------------------------------------------------------------------
    if with_final_accounts:
        _final_accounts(w, rng, basic, project_total_exec)

    # --- 自评报告 ---------------------------------------------------------------------------------
    if rng.random() < 0.9:
        _narrative(
            w, rng, unit, year, authorized, actual, retired, basic, personnel, public, level, total_score
        )
    text = "\n".join(w.lines) + "\n"
    document = {"unit_name": unit, "fiscal_year": year, "admin_level": level, "province": place[0]}
    if level in ("city", "county"):
        document["city"] = place[1]
    if level == "county":
        document["county"] = place[2]
    gold = [{"document": document}, *w.gold]
    return SampleDocument(f"sample_{index:05d}_{year}.txt", text, gold, fiscal_year=year, finals=finals)


def _indicator_rows(
    w: _Writer,
    rows: list[list[str]],
    rng: random.Random,
    scope: str,
    project: str | None,
    with_deviation: bool,
) -> Decimal:
    chosen = [ind for ind in INDICATORS if rng.random() < 0.8] or INDICATORS[:3]
    weights = [Decimal(100 // len(chosen))] * len(chosen)
    weights[0] += 100 - sum(weights)
    total = Decimal(0)
    previous_l1 = previous_l2 = None
    for (l1, l2, l3, target, actual), weight in zip(chosen, weights, strict=True):
        score = weight if rng.random() < 0.85 else weight - 1
        total += score
        written_actual = "100%%" if actual == "100%" and rng.random() < 0.05 else actual
        l1_cell = "" if l1 == previous_l1 else (f"{l1}\n({_fmt(weight)}分)" if rng.random() < 0.3 else l1)
        l2_cell = "" if (l1 == previous_l1 and l2 == previous_l2) else l2
        rows.append(["", l1_cell, l2_cell, l3, target, written_actual, _fmt(weight), _fmt(score), ""])
        w.fact(
            "fct_performance_indicators",
            {"scope": scope, "project_name": project, "level1": l1, "level2": l2, "level3": l3},
            {
                "target_text": target,
                "actual_text": written_actual,
                "weight": float(weight),
                "score": float(score),
            },
        )
        previous_l1, previous_l2 = l1, l2
    return total


def _final_accounts(w: _Writer, rng: random.Random, basic: Decimal, project: Decimal) -> None:
    total = basic + project
    per_subject: dict[str, tuple[Decimal, Decimal]] = {}
    basic_left, project_left = basic, project
    basic_codes = [s for s in SUBJECTS if s[3]]
    for code, _name, share, is_basic in SUBJECTS:
        if is_basic:
            if code == basic_codes[-1][0]:
                value = basic_left
            else:
                value = (basic * share / Decimal("0.75")).quantize(CENT)
                basic_left -= value
            per_subject[code] = (value, Decimal(0))
        else:
            per_subject[code] = (Decimal(0), project_left)
    names = {code: name for code, name, _, _ in SUBJECTS} | PARENTS
    codes = sorted({c for code in per_subject for c in (code[:3], code[:5], code)})

    def sums(prefix: str) -> tuple[Decimal, Decimal]:
        b = sum((v[0] for c, v in per_subject.items() if c.startswith(prefix)), Decimal(0))
        p = sum((v[1] for c, v in per_subject.items() if c.startswith(prefix)), Decimal(0))
        return b, p

    def money(v: Decimal) -> str:
        return f"{v:,.2f}"

    w.para("（一）部门财政资金收入情况（单位：元）")
    rows = [
        ["项目", "本年收入合计", "财政拨款收入"],
        ["支出功能分类科目编码", "科目名称", "", ""],
        ["类", "款", "项", "栏次", "1", "2"],
        ["", "", "", "合计", money(total), money(total)],
    ]
    w.fact(
        "fct_budget_execution",
        {"scope": "department", "project_name": None, "line_item": "income_total"},
        {"executed_yuan": total},
    )
    for code in codes:
        b, p = sums(code)
        rows.append([code, names[code], money(b + p), money(b + p)])
        w.fact(
            "fct_final_accounts",
            {"statement": "income", "subject_code": code},
            {"subject_name": names[code], "total_yuan": b + p, "fiscal_appropriation_yuan": b + p},
        )
    w.table(rows)
    w.para("（二）部门财政资金支出情况（单位：元）")
    rows = [
        ["项目", "本年支出合计", "基本支出", "项目支出"],
        ["支出功能分类科目编码", "科目名称", "", "", ""],
        ["类", "款", "项", "栏次", "1", "2", "3"],
        ["", "", "", "合计", money(total), money(basic), money(project)],
    ]
    for line_item, value in (
        ("expenditure_total", total),
        ("basic_expenditure", basic),
        ("project_expenditure", project),
    ):
        w.fact(
            "fct_budget_execution",
            {"scope": "department", "project_name": None, "line_item": line_item},
            {"executed_yuan": value},
        )
    for code in codes:
        b, p = sums(code)
        rows.append([code, names[code], money(b + p), money(b), money(p)])
        w.fact(
            "fct_final_accounts",
            {"statement": "expenditure", "subject_code": code},
            {"subject_name": names[code], "total_yuan": b + p, "basic_yuan": b, "project_yuan": p},
        )
    w.table(rows)


def _narrative(
    w: _Writer,
    rng: random.Random,
    unit: str,
    year: int,
    authorized: int,
    actual: int,
    retired: int,
    basic: Decimal,
    personnel: Decimal,
    public: Decimal,
    level: str,
    total_score: Decimal,
) -> None:
    area = {"province": "全省", "city": "全市", "county": "全县"}[level]
    w.para("附件6")
    w.para(f"{year}年度部门整体支出绩效自评报告")
    w.para("一、部门（单位）基本情况")
    w.para("（一）人员编制情况")
    w.para(
        rng.choice(
            [
                f"截至{year}年底，本单位核定编制{authorized}名，实有在职人员{actual}名，退休人员{retired}名。",
                f"本中心核定编制{authorized}人，年末实有在职人员{actual}人，退休人员{retired}人。",
            ]
        )
    )
    w.fact("fct_staffing", {}, {"retired_persons": retired}, origin="prose")
    w.para("二、一般公共预算支出情况")
    share = (personnel / basic * 100).quantize(CENT)
    w.para(
        f"{year}年度基本支出{_fmt(_wan(basic))}万元，其中：人员经费{_fmt(_wan(personnel))}万元，占{share}%；"
        f"公用经费{_fmt(_wan(public))}万元，占{(100 - share).quantize(CENT)}%。"
    )
    w.fact(
        "fct_budget_execution",
        {"scope": "department", "project_name": None, "line_item": "personnel_expenditure"},
        {"executed_yuan": _wan(personnel) * 10_000},
        origin="prose",
    )
    if "城乡居民" in unit:
        insured = rng.randint(50_000, 900_000)
        new = rng.randint(500, 20_000)
        paid_persons = rng.randint(1_000, 90_000)
        paid_yuan = Decimal(paid_persons * 100)
        benefits = _money(rng, 10_000_000, 900_000_000)
        w.para("三、部门整体支出绩效情况")
        w.para(
            f"截至{year}年12月底，{area}城乡居民基本养老保险参保人数达{insured}人，全年新增参保{new}人，"
            f"发放养老金{_fmt(_wan(benefits))}万元。"
        )
        w.para(f"全年为{paid_persons}名建档立卡贫困人员代缴城乡居民养老保险保费{_fmt(_wan(paid_yuan))}万元。")
        scheme = "urban_rural_resident_pension"
        w.fact(
            "fct_coverage",
            {"scheme": scheme, "population": "all", "measure": "insured_persons"},
            {"value": insured},
            origin="prose",
        )
        w.fact(
            "fct_coverage",
            {"scheme": scheme, "population": "all", "measure": "new_insured_persons"},
            {"value": new},
            origin="prose",
        )
        w.fact(
            "fct_fund_flows",
            {"scheme": scheme, "population": "all", "flow": "benefit_payment"},
            {"amount_yuan": _wan(benefits) * 10_000},
            origin="prose",
        )
        w.fact(
            "fct_coverage",
            {"scheme": scheme, "population": "poverty", "measure": "government_paid_persons"},
            {"value": paid_persons},
            origin="prose",
        )
        w.fact(
            "fct_fund_flows",
            {"scheme": scheme, "population": "poverty", "flow": "government_paid_contribution"},
            {"amount_yuan": _wan(paid_yuan) * 10_000},
            origin="prose",
        )
    else:
        enterprise, institution, resident = (
            _money(rng, 10_000_000, 500_000_000),
            _money(rng, 10_000_000, 300_000_000),
            _money(rng, 1_000_000, 60_000_000),
        )
        target = _hundreds(enterprise * Decimal(rng.choice(["0.8", "0.95", "1.1"])))
        completion = (_wan(enterprise) / _wan(target) * 100).quantize(CENT)
        total = enterprise + institution + resident
        w.para("三、社会保险基金收支情况")
        w.para(
            f"{year}年，各项社保基金征缴{_fmt(_wan(total))}万元。其中企业职工基本养老保险征缴{_fmt(_wan(enterprise))}万元，"
            f"完成年度目标任务{_fmt(_wan(target))}万元的{completion}%；机关事业单位养老保险征缴{_fmt(_wan(institution))}万元；"
            f"城乡居民基本养老保险征缴{_fmt(_wan(resident))}万元。"
        )
        w.fact(
            "fct_fund_flows",
            {"scheme": "all", "population": "all", "flow": "contribution_income"},
            {"amount_yuan": _wan(total) * 10_000},
            origin="prose",
        )
        w.fact(
            "fct_fund_flows",
            {"scheme": "enterprise_employee_pension", "population": "all", "flow": "contribution_income"},
            {
                "amount_yuan": _wan(enterprise) * 10_000,
                "target_yuan": _wan(target) * 10_000,
                "completion_rate_reported": float(completion / 100),
            },
            origin="prose",
        )
        w.fact(
            "fct_fund_flows",
            {"scheme": "institution_pension", "population": "all", "flow": "contribution_income"},
            {"amount_yuan": _wan(institution) * 10_000},
            origin="prose",
        )
        w.fact(
            "fct_fund_flows",
            {"scheme": "urban_rural_resident_pension", "population": "all", "flow": "contribution_income"},
            {"amount_yuan": _wan(resident) * 10_000},
            origin="prose",
        )
        units = rng.randint(100, 3_000)
        w.para(f"{year}年1-12月，{area}共有参保单位{units}家。")
        # No scheme named: the unit's own scheme where it runs only one (contract rule), else all.
        unit_scheme = "institution_pension" if "机关事业单位养老保险" in unit else "all"
        w.fact(
            "fct_coverage",
            {"scheme": unit_scheme, "population": "all", "measure": "insured_units"},
            {"value": units},
            origin="prose",
        )
    rating = "优" if total_score >= 90 else ("良" if total_score >= 80 else "中")
    w.para("四、自评结论")
    w.para(f"经自评，本单位{year}年度部门整体支出绩效自评总得分{_fmt(total_score)}分，总体评价为{rating}。")
    w.fact(
        "fct_evaluation_summary",
        {"scope": "department", "project_name": None},
        {"self_rating": rating},
        origin="prose",
    )


def _branch_name(name: str, index: int) -> str:
    """A second unit of the same kind and place becomes a numbered branch, keeping the suffix identity reads
    (…中心, …局): two units of one name would share a previous year's 决算 and merge in every mart."""
    if name.endswith("中心"):
        return f"{name[: -len('中心')]}第{index}分中心"
    return f"{name}第{index}分局"


def generate(documents: int, years: int, seed: int, first_year: int = 2020) -> list[SampleDocument]:
    rng = random.Random(seed)
    n_units = max(1, documents // max(years, 1))
    units: list[tuple[str, str, tuple[str, str, str]]] = []
    for i in range(n_units):
        level = "county" if i % 5 not in (0, 1) else ("city" if i % 5 == 1 else "province")
        place = PLACES[i % len(PLACES)]
        template = UNIT_KINDS[level][i % len(UNIT_KINDS[level])]
        name = template.format(p=place[0], m=place[1], c=place[2])
        if name in {u[0] for u in units}:
            name = _branch_name(name, i)
        units.append((name, level, place))
    result = []
    last_report: dict[str, SampleDocument] = {}  # unit -> its report generated last
    for index in range(documents):
        name, level, place = units[index % n_units]
        year = first_year + (index // n_units) % max(years, 1)
        before = last_report.get(name)
        previous = before.finals if before is not None and before.fiscal_year == year - 1 else None
        document = generate_document(random.Random(rng.random()), name, level, place, year, index, previous)
        last_report[name] = document
        result.append(document)
    return result


def write_corpus(
    out: Path,
    documents: int = 24,
    years: int = 3,
    seed: int = 7,
    gold_dir: Path | None = None,
    first_year: int = 2020,
    formats: tuple[str, ...] = ("text",),
) -> list[Path]:
    """Write the corpus; with several `formats` each report is saved in one of them (chosen by the seed), as a
    province's inbox mixes Word, Excel, PDF, web pages and text. Gold files are named after the written file."""
    from ingest.extraction.readers.flattened_text import parse_lines
    from ingest.samples.render import RENDERERS

    unknown = set(formats) - {"text", *RENDERERS}
    if unknown:
        raise ValueError(f"unknown sample formats: {sorted(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    chooser = random.Random(seed)
    written = []
    for doc in generate(documents, years, seed, first_year):
        file_format = chooser.choice(formats)
        if file_format == "text":
            path = out / doc.file_name
            path.write_text(doc.text, encoding="utf-8")
        else:
            path = out / doc.file_name.replace(".txt", f".{file_format}")
            RENDERERS[file_format](parse_lines(doc.text.split("\n"), path.name), path)
        written.append(path)
        if gold_dir is not None:
            gold_dir.mkdir(parents=True, exist_ok=True)
            (gold_dir / f"{path.name}.jsonl").write_text(
                "\n".join(json.dumps(g, ensure_ascii=False) for g in doc.gold) + "\n", encoding="utf-8"
            )
    return written
