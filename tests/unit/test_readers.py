"""Readers of the structured formats: content sniffing, merged cells, number formats, scans, page markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ingest.extraction.document import Paragraph, ReadError, Table
from ingest.extraction.readers import read_document
from ingest.extraction.readers.xlsx import cell_text

HTML_REPORT = """<!DOCTYPE html><html><head><meta charset="gbk"><title>t</title>
<style>p { color: red }</style><script>var x = "预算执行率100%";</script></head>
<body><div class="nav">首页 &gt; 信息公开</div>
<h2>某县医疗保障局2023年度部门整体支出绩效自评报告</h2>
<p>全年预算数为<b>120.5</b>万元，执行数为118万元。</p>
<table><tr><th rowspan="2">项目</th><th colspan="2">金额</th></tr>
<tr><td>预算数</td><td>执行数</td></tr>
<tr><td>基本支出</td><td>100</td><td>98<table><tr><td>嵌套</td></tr></table></td></tr></table>
<script>track();</script></body></html>"""


def test_html_in_a_txt_file_is_read_as_html_in_its_declared_encoding(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_bytes(HTML_REPORT.encode("gbk"))
    document = read_document(path)
    assert document.file_format == "html"
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert texts == [
        "首页 > 信息公开",
        "某县医疗保障局2023年度部门整体支出绩效自评报告",
        "全年预算数为120.5万元，执行数为118万元。",
    ]
    assert not any("track" in line or "color" in line or "var x" in line for line in document.lines)
    table = document.tables[0]
    # rowspan leaves an empty cell below, colspan is held once, a nested table is read as the cell's text
    assert [row.texts for row in table.rows] == [
        ["项目", "金额"],
        ["", "预算数", "执行数"],
        ["基本支出", "100", "98\n嵌套"],
    ]


def test_xlsx_merged_ranges_and_number_formats(tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append(["项目支出绩效自评表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["项目名称", "城乡居民养老保险经办", None, None])
    sheet.merge_cells("B2:D2")
    sheet.append(["年度资金", "全年预算数", "执行数", "执行率"])
    sheet.append([None, 30000.0, 29500.5, 0.9833])
    sheet["D4"].number_format = "0.00%"
    sheet.merge_cells("A3:A4")
    path = tmp_path / "forms.xlsx"
    workbook.save(path)
    document = read_document(path)
    assert document.file_format == "xlsx"
    assert isinstance(document.blocks[0], Paragraph) and document.blocks[0].text == "项目支出绩效自评表"
    table = document.blocks[1]
    assert isinstance(table, Table)
    assert [row.texts for row in table.rows] == [
        ["项目名称", "城乡居民养老保险经办"],
        ["年度资金", "全年预算数", "执行数", "执行率"],
        ["", "30000", "29500.5", "98.33%"],
    ]
    cell_line = table.rows[2].cells[3].line
    assert document.locations[cell_line - 1] == "自评表!D4"


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (0.1 + 0.2, "General", "0.30000000000000004"),  # what the sheet holds, not a rounded guess
        (19108.19, "#,##0.00", "19108.19"),
        (1.0, "0%", "100%"),
        (12, "General", "12"),
        (None, "General", ""),
    ],
)
def test_xlsx_cell_text(value, number_format, expected):
    assert cell_text(value, number_format) == expected


def _pdf(path: Path, draw) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    draw(page)
    page.save()


def test_a_scanned_pdf_is_refused_as_needing_ocr(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    _pdf(path, lambda page: page.rect(50, 50, 400, 600, fill=1))  # an image-like page: no text layer
    with pytest.raises(ReadError, match="OCR"):
        read_document(path)


def test_a_pdf_named_txt_is_read_as_pdf_and_wrapped_lines_are_joined(tmp_path: Path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(page) -> None:
        page.setFont("STSong-Light", 10)
        page.drawString(100, 760, "某县财政局2023年度部门决算")  # a centred-looking title line
        page.drawString(72, 730, "　　本年收入合计1,234.56万元，其中一般公共预算财政拨款收入")
        page.drawString(72, 716, "1,200.00万元。")
        page.drawString(290, 60, "- 3 -")  # the page number goes

    path = tmp_path / "disclosure.txt"
    _pdf(path, draw)
    document = read_document(path)
    assert document.file_format == "pdf"
    assert [b.text for b in document.paragraphs] == [
        "某县财政局2023年度部门决算",
        "本年收入合计1,234.56万元，其中一般公共预算财政拨款收入1,200.00万元。",
    ]
    assert set(document.locations) == {"第1页"}


def test_a_pdf_paragraph_cut_by_a_page_break_is_joined_and_running_headers_dropped(tmp_path: Path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path))
    # every full line is 30 CJK characters, so it runs to the right margin
    pages = [
        [
            "　　一、基本情况。本单位承担全县养老保险经办工作，全年",
            "共办理各类业务一万余件，服务群众满意度较高，拖欠时间长",
        ],
        [
            "达10余年，累计拖欠企业养老保险费1.06亿元。",
            "　　二、存在问题。个别乡镇经办人员更换频繁，业务不熟。",
        ],
        ["下一步加强培训。"],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 800, "某县社会保险事业管理局2023年度绩效自评报告")  # the running header
        for row, line in enumerate(lines):
            pdf.drawString(72, 700 - 14 * row, line)
        pdf.drawString(290, 40, f"第 {number} 页")
        pdf.showPage()
    pdf.save()
    document = read_document(path)
    assert [b.text for b in document.paragraphs] == [
        "一、基本情况。本单位承担全县养老保险经办工作，全年共办理各类业务一万余件，服务群众满意度较高，拖欠时间长"
        "达10余年，累计拖欠企业养老保险费1.06亿元。",
        "二、存在问题。个别乡镇经办人员更换频繁，业务不熟。",  # ends its sentence: the next page starts anew
        "下一步加强培训。",
    ]
    assert [document.locations[b.line - 1] for b in document.paragraphs] == ["第1页", "第2页", "第3页"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04" + bytes(200), "压缩包"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "另存为"),
    ],
)
def test_broken_or_old_office_files_get_a_reason(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "forms.xls"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_document(path)


BUDGET_PAGE = """<html><head><meta charset="utf-8"></head><body>
<h1>某县民政局2024年部门预算公开</h1><p>单位：元</p><h3>一般公共预算支出表</h3>
<table><tr><td colspan="2">科目编码</td><td rowspan="2">科目名称</td><td rowspan="2">合计</td>
<td rowspan="2">基本支出</td><td rowspan="2">项目支出</td></tr><tr><td>类</td><td>款</td></tr>
<tr><td></td><td></td><td>合计</td><td>1,500.00</td><td>1,200.00</td><td>300.00</td></tr>
<tr><td>208</td><td></td><td>社会保障和就业支出</td><td>1,500.00</td><td>1,200.00</td><td>300.00</td></tr>
<tr><td>208</td><td>02</td><td>民政管理事务</td><td>1,500.00</td><td>1,200.00</td><td>300.00</td></tr>
</table></body></html>"""


def test_a_budget_disclosure_page_gives_budget_statements(tmp_path: Path):
    from ingest.extraction.extract import extract_document

    path = tmp_path / "budget.html"
    path.write_text(BUDGET_PAGE, encoding="utf-8")
    facts = [
        f for f in extract_document(read_document(path)).extraction.facts if f.mart == "fct_final_accounts"
    ]
    by_key = {(f.key["statement"], f.key["subject_code"], f.measure_name): f.value_num for f in facts}
    # an 一般公共预算支出表 is the general-budget function table of a 预算: its own statement, never a 决算's
    statement = "budget_general_budget_expenditure"
    assert by_key[(statement, "20802", "project_yuan")] == 300
    assert by_key[(statement, "208", "basic_yuan")] == 1200
    assert not [f for f in facts if not f.key["statement"].startswith("budget_")]
