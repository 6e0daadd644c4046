"""预算 / 决算 tables rebuilt from PDF-extracted text: one hand-written excerpt per construction of such text
(the units and figures are made up), then the real disclosures of ../shared/real against their gold."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.extraction.document import Document, Paragraph, Table
from ingest.extraction.readers import read_document
from ingest.extraction.readers.pdf_extracted_text import parse_pdf_text
from tests.conftest import REAL_DOCS, REAL_GOLD, requires_shared

REAL_TEXTS = [
    "r03_sh_putuo_swj_budget2025.txt",
    "r04_sh_putuo_czj_budget2025.txt",
    "r08_sh_putuo_shgzb_final2024.txt",
]


def _read(text: str) -> Document:
    return parse_pdf_text(text.split("\n"), "excerpt.txt")


def _table_after(document: Document, title: str) -> Table:
    """The table that follows the paragraph holding `title` (its title, then its caption)."""
    for i, block in enumerate(document.blocks):
        if isinstance(block, Paragraph) and block.text.endswith(title):
            return next(b for b in document.blocks[i:] if isinstance(b, Table))
    raise AssertionError(f"no table titled {title}")


def _rows(table: Table) -> dict[str, list[str]]:
    return {row.texts[0]: row.texts for row in table.rows[1:]}


SUMMARY = """2026年部门财务收支预算总表
编制部门：某区文化局 单位：元
本年收入 本年支出
项目 预算数 项目 预算数
一、财政拨款收入 5,000,000.00 一、一般公共服务支出 1,200,000.00
1. 一般公共预算资金 5,000,000.00 二、文化旅游体育与传媒支出 3,000,000.00
2. 政府性基金 三、社会保障和就业支出 800,000.00
二、事业收入
三、事业单位经营收入
四、其他收入
收入总计 5,000,000.00 支出总计 5,000,000.00"""

INCOME_TITLE = "2026年部门收入预算总表"
INCOME = """2026年部门收入预算总表
编制部门：某区文化局 单位：元
项目 收入预算
功能分类科目编码
功能分类科目名称 合计 财政拨款收入 事业收入 事业单位 经营收入 其他收入 类 款 项
201 一般公共服务支出 1,200,000.00 1,200,000.00
201 03 政府办公厅（室）及相关机构事务 1,200,000.00 1,200,000.00
201 0301行政运行 1,200,000.00 1,200,000.00
207 文化旅游体育与传媒支出 3,000,000.00 3,000,000.00
207 01 文化和旅游 3,000,000.00 3,000,000.00
207 01 09 群众文化 3,000,000.00 3,000,000.00
208 社会保障和就业支出 800,000.00 800,000.00
208 05 行政事业单位养老支出 800,000.00 800,000.00
208 05 05 机关事业单位基本养老保险缴费支出 800,000.00 800,000.00
合计 5,000,000.00 5,000,000.00"""

EXPENDITURE = """2026年部门支出预算总表
编制部门：某区文化局 单位：元
项目 支出预算
功能分类科目编码
功能分类科目名称 合计 基本支出 项目支出
类 款 项
201 一般公共服务支出 1,200,000.00 900,000.00 300,000.00
201 03 政府办公厅（室）及相关机构事务 1,200,000.00 900,000.00 300,000.00
201 03 01 行政运行 900,000.00 900,000.00
201 03 02 一般行政管理事务 300,000.00 300,000.00
207 文化旅游体育与传媒支出 3,000,000.00 3,000,000.00
207 01 文化和旅游 3,000,000.00 3,000,000.00
207 01 09 群众文化 3,000,000.00 3,000,000.00
208 社会保障和就业支出 800,000.00 800,000.00
208 05 行政事业单位养老支出 800,000.00 800,000.00
208 05 05 机关事业单位基本养老保险缴费支出 800,000.00 800,000.00
合计 5,000,000.00 1,700,000.00 3,300,000.00"""


def test_codes_in_class_item_and_sub_item_tokens_are_joined():
    rows = _rows(_table_after(_read(EXPENDITURE), "2026年部门支出预算总表"))
    assert rows["2010301"][:2] == ["2010301", "行政运行"]  # "201 03 01 行政运行"
    assert rows["20103"][1] == "政府办公厅（室）及相关机构事务"
    glued = _rows(_table_after(_read(INCOME), INCOME_TITLE))
    assert glued["2010301"][:2] == ["2010301", "行政运行"]  # "201 0301行政运行"


def test_a_header_over_several_lines_becomes_one_flat_row():
    table = _table_after(_read(INCOME), INCOME_TITLE)
    # "事业单位 / 经营收入" is one column; 类 款 项 and the "项目 收入预算" line above the columns are no columns
    assert table.rows[0].texts == [
        "科目编码",
        "科目名称",
        "合计",
        "财政拨款收入",
        "事业收入",
        "事业单位经营收入",
        "其他收入",
    ]


def test_rows_that_lost_cells_are_placed_by_the_subtotals_of_the_codes():
    document = _read(EXPENDITURE)
    rows = _rows(_table_after(document, "2026年部门支出预算总表"))
    # each short row fits 基本支出 or 项目支出; only one choice adds up to 20103 and to the 合计 row
    assert rows["2010301"][2:] == ["900,000.00", "900,000.00", ""]
    assert rows["2010302"][2:] == ["300,000.00", "", "300,000.00"]
    assert rows["207"][2:] == ["3,000,000.00", "", "3,000,000.00"]
    assert rows["2080505"][2:] == ["800,000.00", "800,000.00", ""]
    assert rows["合计"] == ["合计", "", "5,000,000.00", "1,700,000.00", "3,300,000.00"]
    assert document.findings == []


def test_a_letter_spaced_total_label_is_the_total_row():
    document = _read(EXPENDITURE.replace("合计 5,000,000.00 1,700,000.00", "合 计 5,000,000.00 1,700,000.00"))
    rows = _rows(_table_after(document, "2026年部门支出预算总表"))
    assert rows["合计"] == ["合计", "", "5,000,000.00", "1,700,000.00", "3,300,000.00"]
    assert rows["207"][2:] == ["3,000,000.00", "", "3,000,000.00"]


def test_an_empty_summary_line_tells_which_income_column_holds_the_values():
    document = _read(SUMMARY + "\n" + INCOME)
    rows = _rows(_table_after(document, INCOME_TITLE))
    # 二、事业收入 … 四、其他收入 are empty in the 收支总表 whose filled lines add up to 收入总计
    assert rows["2070109"][2:] == ["3,000,000.00", "3,000,000.00", "", "", ""]
    assert rows["合计"][2:] == ["5,000,000.00", "5,000,000.00", "", "", ""]
    assert document.findings == []


def test_the_prose_tells_which_income_column_holds_the_values():
    prose = "2026年，某区文化局收入预算500.00万元，其中：财政拨款收入500.00万元；事业收入0万元；事业单位经营收入0万元；其他收入0万元。\n"
    document = _read(prose + INCOME)
    assert _rows(_table_after(document, INCOME_TITLE))["208"][2:] == ["800,000.00", "800,000.00", "", "", ""]
    assert document.findings == []


def test_without_a_stated_total_the_income_columns_stay_empty_with_findings():
    document = _read(INCOME)
    rows = _rows(_table_after(document, INCOME_TITLE))
    # 合计 is certain (it comes first in every placement); which source column holds the rest is not
    assert rows["208"][2:] == ["800,000.00", "", "", "", ""]
    lines = {line for line, _ in document.findings}
    row_line = 1 + INCOME.split("\n").index("208 社会保障和就业支出 800,000.00 800,000.00")
    assert row_line in lines
    assert all("无法确定" in message for _, message in document.findings)


def test_a_title_glued_to_the_last_row_of_the_table_before_is_split_off():
    document = _read(SUMMARY + INCOME)  # "…支出总计 5,000,000.002026年部门收入预算总表"
    texts = [b.text if isinstance(b, Paragraph) else "<table>" for b in document.blocks]
    at = texts.index(INCOME_TITLE)
    assert (
        texts[at - 1] == "<table>"
        and texts[at + 1] == "编制部门：某区文化局 单位：元"
        and texts[at + 2] == "<table>"
    )
    summary = _table_after(document, "2026年部门财务收支预算总表")
    assert summary.rows[-1].texts == ["收入总计", "5,000,000.00", "支出总计", "5,000,000.00"]


def test_a_title_glued_after_a_sentence_is_split_off():
    document = _read("财政拨款支出主要用于机关运行。" + SUMMARY)
    assert [b.text for b in document.blocks[:2]] == [
        "财政拨款支出主要用于机关运行。",
        "2026年部门财务收支预算总表",
    ]


def test_a_summary_table_keeps_its_two_label_value_blocks_in_grid_order():
    table = _table_after(_read(SUMMARY), "2026年部门财务收支预算总表")
    assert table.rows[0].texts == ["项目", "预算数", "项目", "预算数"]
    assert table.rows[1].texts == ["一、财政拨款收入", "5,000,000.00", "一、一般公共服务支出", "1,200,000.00"]
    assert table.rows[3].texts == ["2. 政府性基金", "", "三、社会保障和就业支出", "800,000.00"]
    assert table.rows[4].texts == [
        "二、事业收入",
        "",
        "",
        "",
    ]  # the 收入 side's next number, not the 支出 side's


def test_a_lone_line_of_a_summary_goes_to_the_side_its_words_name():
    text = """收入支出决算总表
单位：万元
收入 支出
项目 决算数 项目 决算数
一、一般公共预算财政拨款收入 12.00 一、一般公共服务支出 10.00
二、其他收入 二、卫生健康支出 2.00
三、住房保障支出
本年收入合计 12.00 本年支出合计 12.00"""
    table = _table_after(_read(text), "收入支出决算总表")
    # both sides stood at 二: the label's 支出 decides
    assert table.rows[3].texts == ["", "", "三、住房保障支出", ""]


FISCAL = """2026年部门财政拨款收支预算总表
编制部门：某区文化局 单位：元
财政拨款收入 财政拨款支出
项目 预算数 项目 合计 一般公共预算 政府性基金预算 国有资本经营预算
一、一般公共预算资金 5,000,000.00 一、一般公共服务支出 1,200,000.00 1,200,000.00
二、政府性基金 二、文化旅游体育与传媒支出 3,000,000.00 3,000,000.00
三、国有资本经营预算 三、社会保障和就业支出 800,000.00 800,000.00
收入总计 5,000,000.00 支出总计 5,000,000.00 5,000,000.00"""


def test_a_summary_side_with_several_columns_is_placed_by_its_total_line_and_the_prose():
    prose = "政府性基金拨款支出预算0万元，国有资本经营预算拨款支出预算0万元。\n"
    table = _table_after(_read(prose + FISCAL), "2026年部门财政拨款收支预算总表")
    assert table.rows[0].texts[2:] == ["项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    assert table.rows[2].texts[2:] == ["二、文化旅游体育与传媒支出", "3,000,000.00", "3,000,000.00", "", ""]
    unstated = _read(FISCAL)
    assert _table_after(unstated, "2026年部门财政拨款收支预算总表").rows[2].texts[3:] == [
        "3,000,000.00",
        "",
        "",
        "",
    ]
    assert unstated.findings


THREE_PUBLIC = """2026年部门“三公”经费和机关运行经费预算表
编制部门：某区文化局 单位:万元
“三公”经费预算数
机关运行经费预算
数合计 因公出国(境)费 公务接待费 公务用车购置及运行费
小计 购置费 运行费
2.40 2.40 86.30其他相关情况说明"""


def test_a_two_level_header_is_flattened_and_its_values_placed_by_the_prose():
    prose = "\n（一）因公出国（境）费0万元。\n（二）公务用车购置及运行费0万元。\n（三）公务接待费2.40万元。"
    document = _read(THREE_PUBLIC + prose)
    table = _table_after(document, "2026年部门“三公”经费和机关运行经费预算表")
    assert table.rows[0].texts == [
        "“三公”经费预算数合计",
        "因公出国(境)费",
        "公务接待费",
        "公务用车购置及运行费小计",
        "购置费",
        "运行费",
        "机关运行经费预算数",
    ]
    assert table.rows[1].texts == ["2.40", "", "2.40", "", "", "", "86.30"]
    assert document.findings == []
    assert any(isinstance(b, Paragraph) and b.text == "其他相关情况说明" for b in document.blocks)


def test_without_the_prose_only_the_certain_cells_of_the_three_public_row_are_filled():
    document = _read(THREE_PUBLIC)
    table = _table_after(document, "2026年部门“三公”经费和机关运行经费预算表")
    # 合计 and 机关运行经费 are certain; the other 2.40 is 因公出国(境)费 or 公务接待费
    assert table.rows[1].texts == ["2.40", "", "", "", "", "", "86.30"]
    assert [line for line, _ in document.findings] == [7]


ECONOMIC = """2026年部门一般公共预算基本支出部门预算经济分类预算表
编制部门：某区文化局 单位：元
项目 一般公共预算基本支出
部门预算经济分类科目
编码 经济分类科目名称 合计 人员经费 公用经费
类 款
301 工资福利支出 1,500,000.00 1,500,000.00
301 01 基本工资 600,000.00 600,000.00
301 02 津贴补贴 900,000.00 900,000.00
302 商品和服务支出 200,000.00 200,000.00
302 01 办公费 120,000.00 120,000.00302 11 差旅费 80,000.00 80,000.00
合计 1,700,000.00 1,500,000.00 200,000.00"""


def test_economic_codes_are_joined_and_placed_under_personnel_or_public_funds():
    document = _read(ECONOMIC)
    rows = _rows(_table_after(document, "2026年部门一般公共预算基本支出部门预算经济分类预算表"))
    assert rows["30101"] == ["30101", "基本工资", "600,000.00", "600,000.00", ""]
    # a row glued to the next one ("120,000.00302 11 差旅费") is split
    assert rows["30201"] == ["30201", "办公费", "120,000.00", "", "120,000.00"]
    assert rows["30211"] == ["30211", "差旅费", "80,000.00", "", "80,000.00"]
    assert document.findings == []


def test_rows_glued_across_a_page_break_are_split():
    document = _read(ECONOMIC.replace("900,000.00\n302 商品", "900,000.00\f302 商品"))
    rows = _rows(_table_after(document, "2026年部门一般公共预算基本支出部门预算经济分类预算表"))
    assert rows["302"] == ["302", "商品和服务支出", "200,000.00", "", "200,000.00"]


def test_an_empty_table_keeps_its_header_its_empty_total_row_and_its_note():
    text = """2026年部门政府性基金预算支出功能分类预算表
编制部门：某区文化局 单位：元
项目 政府性基金预算支出
功能分类科目编码
功能分类科目名称 合计 基本支出 项目支出
类 款 项
合计
注:该局本年度未安排此类资金，此表为空表。"""
    document = _read(text)
    table = _table_after(document, "2026年部门政府性基金预算支出功能分类预算表")
    assert [row.texts for row in table.rows] == [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "", "", ""],
    ]
    assert document.blocks[-1].text.startswith("注:该局本年度未安排此类资金")
    assert document.findings == []


FINAL = """支出决算表
单位：万元
项目
本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补 助支出功能分类
科目编码 科目名称
合计 50.00 30.00 20.00
201 一般公共服务支出 50.00 30.00 20.00
20103 政府办公厅（室）及相关机构事务 50.00 30.00 20.00
2010301
行 政 运 行
30.00 30.00
2010302 一般行政管理事务 20.00 20.00
注：此表列示全年各项支出。"""


def test_a_final_accounts_table_with_codes_alone_on_their_line_and_the_prose_totals():
    prose = (
        "本年支出合计 50.00 万元，其中：基本支出 30.00 万元，占 60.00%；项目支出 20.00 万元，占 40.00%。\n"
    )
    document = _read(FINAL + "\n" + prose)
    table = _table_after(document, "支出决算表")
    assert table.rows[0].texts[2:] == [
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ]
    rows = _rows(table)
    assert rows["合计"] == ["合计", "", "50.00", "30.00", "20.00", "", "", ""]
    assert rows["2010301"] == ["2010301", "行政运行", "30.00", "30.00", "", "", "", ""]
    assert rows["2010302"] == ["2010302", "一般行政管理事务", "20.00", "", "20.00", "", "", ""]
    assert document.findings == []


def test_a_final_accounts_table_without_stated_totals_keeps_only_its_certain_cells():
    document = _read(FINAL)
    rows = _rows(_table_after(document, "支出决算表"))
    # five part columns, two values: the 合计 row alone cannot say which two
    assert rows["合计"] == ["合计", "", "50.00", "", "", "", "", ""]
    assert rows["2010301"][3:] == ["", "", "", "", ""]
    assert {line for line, _ in document.findings} >= {6, 7, 8, 9, 12}


def test_the_header_repeated_after_a_page_break_is_skipped():
    repeated = EXPENDITURE.replace(
        "300,000.00\n207 文化",
        "300,000.00项目 支出预算\f功能分类科目编码\n功能分类科目名称 合计 基本支出 项目支出\n类 款 项\n207 文化",
    )
    document = _read(repeated)
    rows = _rows(_table_after(document, "2026年部门支出预算总表"))
    assert rows["2010302"] == ["2010302", "一般行政管理事务", "300,000.00", "", "300,000.00"]
    assert rows["207"][1] == "文化旅游体育与传媒支出"
    assert document.findings == []


def test_a_basic_expenditure_table_in_two_halves_keeps_each_code_with_its_value():
    text = """一般公共预算财政拨款基本支出决算表
单位：万元
经济分类
科目编码 科目名称 决算数 经济分类 科目编码 科目名称 决算数
301 工资福利支出 25.00 302 商品和服务支出 5.00
30101 基本工资 10.00 30201 办公费 3.00
30102 津贴补贴 15.00 30211 差旅费 2.00
303 对个人和家庭的补助 0.00
30302 退休费 0.00
30299 其他商品和服务支出 0.00
人员经费合计 25.00 公用经费合计 5.00
注：此表列示基本支出的明细。"""
    document = _read(text)
    table = _table_after(document, "一般公共预算财政拨款基本支出决算表")
    texts = [row.texts for row in table.rows]
    assert texts[0] == ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]
    assert texts[4] == ["303", "对个人和家庭的补助", "0.00", "", "", ""]
    assert texts[5] == ["30302", "退休费", "0.00", "", "", ""]
    assert texts[6] == ["", "", "", "30299", "其他商品和服务支出", "0.00"]  # the 302 codes' side
    assert texts[7] == ["人员经费合计", "", "25.00", "公用经费合计", "", "5.00"]
    assert document.findings == []


def test_a_table_that_does_not_add_up_keeps_no_figure():
    # 20103 adds up in itself, but not to its children nor to 201 under any placement of the short rows
    broken = EXPENDITURE.replace(
        "相关机构事务 1,200,000.00 900,000.00 300,000.00", "相关机构事务 1,250,000.00 950,000.00 300,000.00"
    )
    document = _read(broken)
    table = _table_after(document, "2026年部门支出预算总表")
    assert all(cell == "" for row in table.rows[1:] for cell in row.texts[2:])
    assert any("合计不符" in message for _, message in document.findings)


def test_a_row_whose_values_fit_no_placement_is_left_out_with_a_finding():
    row = "201 03 01 行政运行 900,000.00 900,000.00"
    document = _read(EXPENDITURE.replace(row, "201 03 01 行政运行 950,000.00 900,000.00"))
    rows = _rows(_table_after(document, "2026年部门支出预算总表"))
    assert rows["2010301"][2:] == ["", "", ""]
    # its sibling could only be placed by 20103's sum, which now misses a part; the rest of the table stands
    assert rows["2010302"][2:] == ["300,000.00", "", ""]
    assert rows["207"][2:] == ["3,000,000.00", "", "3,000,000.00"]
    line = 1 + EXPENDITURE.split("\n").index(row)
    assert [found for found, _ in document.findings] == [line, line + 1]


def test_prose_cut_by_the_page_width_is_joined_around_the_tables():
    sentence = (
        "本部门年度预算安排围绕文化惠民工程展开，重点保障公共文化设施免费开放和基层文化活动的经费需要。"
    )
    prose = "\n".join([sentence[:28], sentence[28:]] * 12)
    document = _read(prose + "\n" + EXPENDITURE)
    assert document.paragraphs[0].text == sentence
    assert _rows(_table_after(document, "2026年部门支出预算总表"))["2010301"][3] == "900,000.00"


def test_such_text_is_recognised_as_pdf_text_by_the_reader(tmp_path: Path):
    path = tmp_path / "disclosure.txt"
    path.write_text(SUMMARY + "\n" + EXPENDITURE + "\n", encoding="utf-8")
    document = read_document(path)
    assert _rows(_table_after(document, "2026年部门支出预算总表"))["207"][4] == "3,000,000.00"


# --- the real disclosures (PDF text of published 预算 / 决算), against the gold written by reading them ---

needs_real = requires_shared(*(REAL_DOCS / name for name in REAL_TEXTS), REAL_GOLD)

_STATEMENT_TABLES = {
    "budget_income": r"收入预算总表$",
    "income": r"^收入决算表$",
    "budget_expenditure": r"一般公共预算支出功能分类预算表$",
    "expenditure": r"^支出决算表$",
    "budget_basic": r"经济分类预算表$",
}
_COLUMNS = {
    "total_yuan": "合计",
    "fiscal_appropriation_yuan": "财政拨款收入",
    "basic_yuan": "基本支出",
    "project_yuan": "项目支出",
    "personnel_yuan": "人员经费",
    "public_yuan": "公用经费",
}


def _titled_tables(document: Document) -> list[tuple[str, Decimal, Table]]:
    found, recent = [], []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            recent = (recent + [block.text])[-2:]
            continue
        caption = next((t for t in recent if "单位" in t), "")
        title = next((t for t in recent if t.endswith("表")), "")
        found.append((title, Decimal(10000) if "万元" in caption else Decimal(1), block))
    return found


def _row(tables, pattern: str, code: str) -> tuple[list[str], list[str], Decimal] | None:
    """(header, row cells, 元 per unit) of the row with this code in the table whose title matches."""
    for title, unit, table in tables:
        if re.search(pattern, title):
            row = next((r.texts for r in table.rows[1:] if r.texts[0] == code), None)
            return (table.rows[0].texts, row, unit) if row else None
    return None


@needs_real
@pytest.mark.parametrize("name", REAL_TEXTS)
def test_real_disclosure_tables_hold_every_gold_figure(name: str):
    document = read_document(REAL_DOCS / name)
    tables = _titled_tables(document)
    checked = 0
    for line in (REAL_GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        if fact.get("table") not in ("fct_final_accounts", "fct_economic_classification"):
            continue
        key = fact["key"]
        found = _row(
            tables, _STATEMENT_TABLES[key["statement"]], key.get("subject_code") or key.get("econ_code")
        )
        assert found is not None, key
        header, cells, unit = found
        stated = set()
        for measure, value in fact["values"].items():
            if measure in _COLUMNS:
                column = next(i for i, name in enumerate(header) if _COLUMNS[measure] in name)
                assert cells[column] and Decimal(cells[column].replace(",", "")) * unit == Decimal(
                    str(value)
                ), (
                    key,
                    measure,
                    cells,
                )
                stated.add(column)
                checked += 1
        # the row's other value cells are empty (or written 0): no figure where the gold has none
        others = [c for i, c in enumerate(cells) if i >= 2 and i not in stated]
        assert all(not c or Decimal(c.replace(",", "")) == 0 for c in others), (key, cells)
    assert checked >= 70
    # every table of these documents adds up: nothing is left unplaced, no finding
    assert document.findings == []


@needs_real
def test_real_budget_three_public_and_income_tables_as_checked_by_hand():
    document = read_document(REAL_DOCS / REAL_TEXTS[0])
    tables = _titled_tables(document)
    three_public = next(t for title, _, t in tables if "三公" in title)
    assert three_public.rows[0].texts[0] == "“三公”经费预算数合计" and len(three_public.rows) == 2
    cells = three_public.rows[1].texts
    # three values for seven columns: 合计, 公务接待费 (the prose puts the other columns at 0), 机关运行经费
    assert [bool(c) for c in cells] == [True, False, True, False, False, False, True]
    income = next(t for title, _, t in tables if title.endswith("收入预算总表"))
    assert income.rows[0].texts[-3:] == ["事业收入", "事业单位经营收入", "其他收入"]
    assert all(row.texts[-3:] == ["", "", ""] for row in income.rows[1:])
    empty = [t for title, _, t in tables if "政府性基金" in title and "功能分类" in title]
    assert [row.texts[0] for row in empty[0].rows[1:]] == ["合计"]


@needs_real
def test_real_final_accounts_as_checked_by_hand():
    document = read_document(REAL_DOCS / REAL_TEXTS[2])
    tables = _titled_tables(document)
    expenditure = next(t for title, _, t in tables if title == "支出决算表")
    assert expenditure.rows[0].texts[-3:] == ["上缴上级支出", "经营支出", "对附属单位补助支出"]
    # the 合计 row's three values sit under 合计 / 基本支出 / 项目支出, placed by the 说明 prose
    total = next(r.texts for r in expenditure.rows if r.texts[0] == "合计")
    assert [bool(c) for c in total[2:]] == [True, True, True, False, False, False]
    general = next(t for title, _, t in tables if title == "一般公共预算财政拨款支出决算表")
    codes = [r.texts[0] for r in general.rows[1:]]
    # a code alone on its line, its name letter-spaced over three lines, its values on the next
    assert "2080505" in codes and codes[-1] == "合计"
    basic = next(t for title, _, t in tables if title == "一般公共预算财政拨款基本支出决算表")
    assert basic.rows[0].texts == ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]
    assert basic.rows[-1].texts[0] == "人员经费合计" and basic.rows[-1].texts[3] == "公用经费合计"
    three_public = next(t for title, _, t in tables if "三公" in title)
    assert len(three_public.rows) == 1 and len(three_public.rows[0].cells) == 12  # no figures: header only
