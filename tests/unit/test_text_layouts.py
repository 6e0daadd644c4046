"""Text without tab-led cells: the layouts 自评表 come in from web pages and PDFs, end in the same table model.
Every excerpt is hand-written (invented wording and figures in the shape of the published forms)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.extraction.document import Paragraph, ReadError, Table
from ingest.extraction.extract import extract_document
from ingest.extraction.readers import read_document, sniff_format
from ingest.extraction.readers.flattened_text import read_plain_text
from ingest.extraction.readers.layouts import join_broken_cells, split_row
from tests.unit.helpers import value

BE, PI = "fct_budget_execution", "fct_performance_indicators"


def tables(text: str) -> list[Table]:
    return [b for b in read_plain_text(text, "t.txt").blocks if isinstance(b, Table)]


def read(text: str):
    return extract_document(read_plain_text(text, "t.txt"))


def test_rows_split_by_pipes_spaces_or_known_words():
    assert split_row("| 项目名称 | 河道保洁 |") == ["项目名称", "河道保洁"]
    assert split_row(" | 数量指标 | 保洁长度 | 12公里") == [
        "",
        "数量指标",
        "保洁长度",
        "12公里",
    ]  # one-sided: an empty cell
    assert split_row("产出指标(50分)   数量指标  保洁长度    12公里") == [
        "产出指标(50分)",
        "数量指标",
        "保洁长度",
        "12公里",
    ]
    assert split_row("年度资金总额: 880 880 880 10 10") == ["年度资金总额", "880", "880", "880", "10", "10"]
    assert split_row("项目资金 (万元) 年初预算数 全年预算数 全年执行数") == [
        "项目资金(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
    ]
    assert split_row("我单位今年共组织培训 3 次，参训 120 人。") is None


def test_words_broken_across_lines_are_joined_back():
    lines = [
        "绩",
        "效",
        "指",
        "标",
        "一级",
        "指标",
        "年度",
        "指标值",
        "产出指标",
        "(50分)",
        "经济成",
        "本指标",
        "培训人数",
    ]
    assert join_broken_cells(lines) == [
        "绩效指标",
        "一级指标",
        "年度指标值",
        "产出指标(50分)",
        "经济成本指标",
        "培训人数",
    ]


def test_prose_with_double_spaces_stays_prose():
    text = "一、基本情况\n\n我单位  共有编制10人。\n全年  收入合计120万元。\n\n二、绩效情况\n"
    doc = read_plain_text(text, "t.txt")
    assert not [b for b in doc.blocks if isinstance(b, Table)]
    assert any(isinstance(b, Paragraph) and "共有编制" in b.text for b in doc.blocks)


# PDF text: cells apart by runs of spaces, empty cells gone, a row-spanned name written once.
PDF_TEXT = """2022年度项目支出绩效自评表

项目名称   乡镇综合文化站免费开放
项目资金（万元）   年初预算数   全年预算数   全年执行数   分值   执行率   得分
年度资金总额   40   52.5   50   10   95.24%   9
其中：当年财政拨款   40   42   40
上年结转资金   10.5   10
其他资金
绩效指标   一级指标   二级指标   三级指标   年度指标值   实际完成值   分值   得分   偏差原因分析及改进措施
产出指标(50分)   数量指标   开放天数   ≥300天   312天   20   20
免费培训场次   ≥24场   26场   10   10
质量指标   设备完好率   ≥95%   97%   20   18
效益指标(40分)   社会效益指标   年服务人次   1.2万人次   1.35万人次   40   38
满意度指标（10分）   服务对象满意度指标   群众满意度   ≥90%   10   10
总分   100   95

"""
PDF_PROJECT = {"scope": "project", "project_name": "乡镇综合文化站免费开放"}


def test_pdf_text_rows_that_lost_cells_are_placed_by_the_header():
    result = read(PDF_TEXT)
    row = {**PDF_PROJECT, "level1": "产出指标", "level2": "数量指标"}
    assert value(result, PI, "target_text", **row, level3="开放天数") == "≥300天"
    assert value(result, PI, "score", **row, level3="免费培训场次") == 10  # both names row-spanned
    assert value(result, PI, "actual_text", level2="质量指标", level3="设备完好率") == "97%"
    assert value(result, PI, "weight", level1="效益指标", level2="社会效益指标", level3="年服务人次") == 40
    assert value(result, "fct_evaluation_summary", "total_score", **PDF_PROJECT) == 95


def test_a_row_whose_figures_fit_more_than_one_way_is_left_out_with_a_finding():
    result = read(PDF_TEXT)
    # 满意度: one of 年度指标值 / 实际完成值 is blank and gone; which one cannot be known
    satisfaction = [f for f in result.extraction.facts if f.mart == PI and f.key["level3"] == "群众满意度"]
    assert not [
        f for f in satisfaction if f.measure_name in ("target_text", "actual_text", "weight", "score")
    ]
    assert any("群众满意度" in (f.source_text or "") for f in result.extraction.findings)


def test_funds_rows_that_lost_cells_are_settled_by_their_total():
    result = read(PDF_TEXT)
    # 上年结转资金 10.5 10: its 年初预算数 is blank; only 全年预算 / 执行 add up to the total (52.5 = 42 + 10.5)
    assert (
        value(result, BE, "budget_full_year_yuan", line_item="prior_year_carryover", **PDF_PROJECT) == 105000
    )
    assert value(result, BE, "executed_yuan", line_item="prior_year_carryover", **PDF_PROJECT) == 100000
    assert value(result, BE, "budget_initial_yuan", line_item="prior_year_carryover", **PDF_PROJECT) is None
    assert value(result, BE, "executed_yuan", line_item="current_appropriation", **PDF_PROJECT) == 400000
    assert value(result, BE, "execution_rate_reported", line_item="total_funds", **PDF_PROJECT) == Decimal(
        "0.9524"
    )


def test_funds_rows_that_nothing_settles_are_left_out():
    text = PDF_TEXT.replace(
        "年度资金总额   40   52.5   50   10   95.24%   9", "年度资金总额   40   99   50   10   95.24%   9"
    )
    result = read(text)
    carryover = [f for f in result.extraction.facts if f.key.get("line_item") == "prior_year_carryover"]
    assert carryover == []
    assert "table_reading_unverified" in [f.check_code for f in result.extraction.findings]


# One cell per line (a web page's text), header words broken inside their cells, rows a blank line apart.
ONE_CELL_PER_LINE = """2022年度项目支出绩效自评表


项目支
出名称
乡村阅读推广

项目资金
（万元）
年初
预算数
全年
预算数
全年
执行数

年度资金总额
30
30
28.5

绩
效
指
标
一级
指标
二级
指标
三级
指标
年度
指标值
实际
完成值
分值
得分

产出指标
(60分)
数量
指标
流动借阅点
≥15个
16个
60
60

效益指标
(40分)
社会效
益指标
借阅人次
≥8000人次
8350人次
40
39


说明：以上为自评结果。
"""


def test_one_cell_per_line_with_broken_header_words():
    result = read(ONE_CELL_PER_LINE)
    project = {"scope": "project", "project_name": "乡村阅读推广"}
    assert value(result, BE, "executed_yuan", line_item="total_funds", **project) == 285000
    row = {**project, "level1": "产出指标", "level2": "数量指标", "level3": "流动借阅点"}
    assert value(result, PI, "target_text", **row) == "≥15个"
    assert value(result, PI, "weight", **row) == 60
    assert value(result, PI, "score", level1="效益指标", level2="社会效益指标", level3="借阅人次") == 39
    assert (
        value(result, PI, "weight", level1="效益指标", level2=None, level3=None) == 40
    )  # its section points


# The national form's cells run together with single spaces, as some published pages give it.
RUN_TOGETHER = """2022年度项目支出绩效自评表
项目名称 村级便民服务站运行
主管部门 示例镇人民政府 实施单位 示例镇便民服务中心
项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额: 880 880 870 10 98.86% 9.9
其中:本年财政拨款 880 880 870
上年结转资金
其他资金
"""


def test_cells_run_together_on_one_line():
    result = read(RUN_TOGETHER)
    project = {"scope": "project", "project_name": "村级便民服务站运行"}
    assert value(result, BE, "budget_initial_yuan", line_item="total_funds", **project) == 8800000
    assert value(result, BE, "score", line_item="total_funds", **project) == Decimal("9.9")
    # the part row lost its empty 分值 / 执行率 / 得分 cells; the total settles where its figures go
    assert value(result, BE, "executed_yuan", line_item="current_appropriation", **project) == 8700000
    assert result.extraction.supervising_departments == ["示例镇人民政府"]


def test_a_file_cut_inside_a_form_loads_with_a_finding():
    text = PDF_TEXT.rstrip("\n").rsplit("\n", 1)[0]  # ends inside the table, without a final newline
    doc = read_plain_text(text, "t.txt")
    assert any("截断" in message for _, message in doc.findings)
    assert value(extract_document(doc), PI, "score", level3="开放天数") == 20


def test_a_file_cut_inside_a_table_of_no_form_is_refused():
    with pytest.raises(ReadError, match="截断"):
        read_plain_text("会议记录\n\t甲\n\t1\n\n\t乙\n\t2", "t.txt")


@pytest.mark.parametrize(
    "head",
    [
        b'<%@ page language="java" contentType="text/html; charset=UTF-8"%>\n<html><body><table>',
        b"<?php include 'header.php'; ?>\n<!DOCTYPE html><html><body>",
    ],
)
def test_html_with_server_side_directives_is_html(tmp_path: Path, head: bytes):
    assert sniff_format(tmp_path / "page.txt", head) == "html"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("data.json", '{"项目名称": "河道保洁", "年度资金总额": 880, "得分": 9.5}', "JSON"),
        ("rows.json", '[{"a": 1}, {"a": 2}]', "JSON"),
        (
            "export.csv",
            "项目名称,年初预算数,全年预算数,全年执行数\n河道保洁,880,880,870\n文化站,40,52,50\n",
            "CSV",
        ),
    ],
)
def test_data_files_are_refused_not_loaded_as_reports(tmp_path: Path, name: str, content: str, reason: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError, match=reason):
        read_document(path)
