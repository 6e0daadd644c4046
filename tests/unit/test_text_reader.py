from ingest.extraction.document import Paragraph, Table
from ingest.extraction.readers.flattened_text import parse_lines


def read(text: str):
    return parse_lines(text.split("\n"), "t.txt")


def test_rows_cells_and_continuation_lines():
    doc = read("标题\n\t项目\n\t年初\n预算数\n\t全年\n执行数\n\n\t年度资金总额\n\t10\n\t9\n\n\n说明：后文")
    assert isinstance(doc.blocks[0], Paragraph)
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [r.texts for r in table.rows] == [
        ["项目", "年初\n预算数", "全年\n执行数"],
        ["年度资金总额", "10", "9"],
    ]
    assert table.rows[1].cells[1].line == 9
    assert isinstance(doc.blocks[2], Paragraph) and doc.blocks[2].text == "说明：后文"


def test_cells_with_blank_lines_between_their_paragraphs():
    # Some renderings put a blank line between a cell's paragraphs; one blank line then text continues it.
    doc = read("\t年度预\n\n算申请\n\t年初预算数\n\n\t年度资金总额\n\t5")
    table = doc.blocks[0]
    assert table.rows[0].texts == ["年度预\n算申请", "年初预算数"]


def test_a_cell_ending_in_an_empty_paragraph_stays_in_its_row():
    rows = "\t\n\t一级\n\t二级\n\t三级\n\n"  # header of width 4
    rows += "\t\n\t产出指标\n\n\n\t数量指标\n\t面积\n\n"  # two blank lines inside the row
    rows += "\t\n\t效益指标\n\t社会效益\n\t满意度\n"
    table = read(rows).blocks[0]
    assert [len(r.cells) for r in table.rows] == [4, 4, 4]
    assert table.rows[1].texts == ["", "产出指标", "数量指标", "面积"]


def test_a_numbered_heading_after_one_blank_line_ends_the_table():
    doc = read("\t甲\n\t1\n\n二、下一节")
    assert isinstance(doc.blocks[-1], Paragraph)
    assert doc.blocks[-1].text == "二、下一节"
