"""Text extracted from a PDF: tables rebuilt from space-separated rows, checked against their own subtotals."""

from __future__ import annotations

from pathlib import Path

from ingest.extraction.document import Table
from ingest.extraction.extract import extract_document
from ingest.extraction.readers import read_document

HEADER = """某县民政局2023年部门决算
一般公共预算财政拨款支出决算表
单位：元
项目 本年支出合计 基本支出 项目支出
支出功能分类科目编码 科目名称
类 款 项 栏次 1 2 3
"""
ROWS = """合计 1,500.00 1,200.00 300.00
208 社会保障和就业支出 1,500.00 1,200.00 300.00
20802 民政管理事务 1,500.00 1,200.00 300.00
2080201 行政运行 1,200.00 1,200.00
2080299 其他民政管理事务支 300.00 300.00
出
"""


def _read(tmp_path: Path, text: str):
    path = tmp_path / "disclosure.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _rows(document) -> list[list[str]]:
    return [row.texts for row in next(b for b in document.blocks if isinstance(b, Table)).rows]


def test_a_row_that_lost_an_empty_cell_is_placed_by_its_own_total(tmp_path: Path):
    document = _read(tmp_path, HEADER + ROWS)
    rows = _rows(document)
    assert rows[0] == ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
    # each short row fits its own total two ways (basic or project); only one way makes 20802 add up
    assert rows[4] == ["2080201", "行政运行", "1,200.00", "1,200.00", ""]
    assert rows[5] == ["2080299", "其他民政管理事务支出", "300.00", "", "300.00"]  # the wrapped name joined
    assert document.findings == []
    facts = {
        (f.key.get("subject_code"), f.measure_name): f.value_num
        for f in extract_document(document).extraction.facts
        if f.mart == "fct_final_accounts"
    }
    assert facts[("2080299", "project_yuan")] == 300
    assert ("2080299", "basic_yuan") not in facts


def test_a_reading_that_does_not_add_up_is_not_taken(tmp_path: Path):
    document = _read(
        tmp_path, HEADER + ROWS.replace("20802 民政管理事务 1,500.00", "20802 民政管理事务 1,600.00")
    )
    assert all(cell == "" for row in _rows(document)[1:] for cell in row[-3:])
    assert any("合计不符" in message for _, message in document.findings)
    extraction = extract_document(document).extraction
    assert not [f for f in extraction.facts if f.mart == "fct_final_accounts" and f.value_num is not None]
    assert any(f.check_code == "table_reading_unverified" for f in extraction.findings)


def test_a_row_whose_cells_cannot_be_placed_stays_empty_with_a_finding(tmp_path: Path):
    ambiguous = ROWS.replace("2080201 行政运行 1,200.00 1,200.00", "2080201 行政运行 0.00")
    document = _read(tmp_path, HEADER + ambiguous)
    assert _rows(document)[4] == ["2080201", "行政运行", "", "", ""]
    assert any("2080201" in message for _, message in document.findings)


def test_rows_glued_by_a_page_break_are_split(tmp_path: Path):
    glued = ROWS.replace("1,200.00 1,200.00\n2080299", "1,200.00 1,200.00\f2080299")
    rows = _rows(_read(tmp_path, HEADER + glued))
    assert [r[0] for r in rows[1:]] == ["合计", "208", "20802", "2080201", "2080299"]


def test_prose_cut_by_the_page_width_is_joined_into_sentences(tmp_path: Path):
    sentence = "本单位全年共为辖区内的困难群众发放各类救助资金，覆盖城乡低保对象和特困供养人员，工作有序推进并取得成效。"
    lines = []
    for _ in range(12):
        lines += [sentence[:30], sentence[30:]]  # each sentence cut at the page width
    document = _read(tmp_path, "\n".join(lines) + "\n")
    assert document.paragraphs[0].text == sentence
