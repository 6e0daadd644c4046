"""The PDF reader's text-and-geometry layer on small PDFs made here: the unusual cases a real disclosure seldom
has (a turned page, turned text, a MediaBox away from the origin, character spacing, rise and horizontal
scaling, standard fonts) land where pdfminer puts them, and table detection runs only on pages with ruling."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extraction.document import Table
from ingest.extraction.readers import pdf as pdf_reader
from ingest.extraction.readers.pdf_layer import open_document, page_layers

pdfplumber = pytest.importorskip("pdfplumber")


def _handmade_pdf(content: bytes, mediabox: str = "0 0 612 792") -> bytes:
    """A one-page PDF around a content stream, Helvetica as /F1 (a standard font, not embedded)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + mediabox.encode() + b"] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _reportlab_pdf(path: Path, draw_pages) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    for draw in draw_pages:
        draw(pdf)
        pdf.showPage()
    pdf.save()
    return path


def _geometry_matches_pdfplumber(path: Path) -> None:
    ours = list(page_layers(open_document(path.read_bytes())))
    with pdfplumber.open(path) as pdf:
        assert len(ours) == len(pdf.pages)
        for layer, page in zip(ours, pdf.pages, strict=True):
            theirs = [c for c in page.chars if not c["text"].isspace()]
            mine = [c for c in layer.chars if not c.text.isspace()]
            assert len(mine) == len(theirs)
            for char, other in zip(
                sorted(mine, key=lambda c: (c.text, round(c.top), round(c.x0))),
                sorted(theirs, key=lambda c: (c["text"], round(c["top"]), round(c["x0"]))),
                strict=True,
            ):
                assert char.text == other["text"]
                assert char.upright == other["upright"]
                for name in ("x0", "x1", "top", "bottom"):
                    assert getattr(char, name) == pytest.approx(other[name], abs=0.01), (char, name)
            edges = sorted((e.orientation, e.x0, e.x1, e.top, e.bottom) for e in layer.edges)
            expected = sorted(
                (e["orientation"], e["x0"], e["x1"], e["top"], e["bottom"])
                for e in page.edges
                if e["orientation"] in ("h", "v")
            )
            assert len(edges) == len(expected)
            for edge, other in zip(edges, expected, strict=True):
                assert edge[0] == other[0]
                assert edge[1:] == pytest.approx(other[1:], abs=0.01)


def test_text_state_and_a_shifted_media_box_land_where_pdfminer_puts_them(tmp_path: Path):
    content = b"""BT /F1 12 Tf 100 700 Td (Hello World 2023) Tj ET
BT /F1 12 Tf 150 Tz 100 650 Td (Scaled 123) Tj ET
BT /F1 12 Tf 2 Tc 100 600 Td (Spaced 456) Tj ET
BT /F1 12 Tf 3 Ts 100 550 Td (Risen 789) Tj ET
BT /F1 12 Tf 0 Ts 0 Tc 100 Tz 100 520 Td (Hello ) Tj ET BT /F1 12 Tf 133.36 520 Td ( World  2023) Tj ET
100 500 m 300 500 l S 100 480 200 10 re f 100 400 m 150 450 l 200 400 l h S"""
    path = tmp_path / "text_state.pdf"
    path.write_bytes(_handmade_pdf(content, mediabox="20 30 632 822"))
    _geometry_matches_pdfplumber(path)
    # a gap of exactly 3 pt (character spacing) is no word break, as in pdfminer's double precision
    paragraphs = [block.text for block in pdf_reader.read_pdf(path).paragraphs]
    assert "Spaced 456" in " ".join(paragraphs)


def test_turned_pages_and_turned_text_land_where_pdfminer_puts_them(tmp_path: Path):
    def turned_page(pdf) -> None:
        pdf.setPageRotation(90)
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 760, "某县财政局2023年度部门决算 合计 1,234.56")
        for row in range(4):
            pdf.line(72, 700 - 20 * row, 400, 700 - 20 * row)
        for x in (72, 200, 400):
            pdf.line(x, 700, x, 640)

    def turned_text(pdf) -> None:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, 700, "Total 2023 budget 1,234.56")
        pdf.saveState()
        pdf.translate(300, 400)
        pdf.rotate(90)
        pdf.drawString(0, 0, "rotated text 12")
        pdf.restoreState()
        pdf.rect(72, 500, 200, 60)
        pdf.bezier(72, 450, 100, 480, 150, 420, 200, 450)

    _geometry_matches_pdfplumber(_reportlab_pdf(tmp_path / "turned.pdf", [turned_page, turned_text]))


def test_a_middle_dot_pdfminer_lost_is_kept(tmp_path: Path):
    def page(pdf) -> None:
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 760, "按代缴政策100元/人·年的标准代缴保费。")

    path = _reportlab_pdf(tmp_path / "dot.pdf", [page])
    assert [block.text for block in pdf_reader.read_pdf(path).paragraphs] == [
        "按代缴政策100元/人·年的标准代缴保费。"
    ]


def test_only_pages_with_ruling_go_to_table_detection(tmp_path: Path, monkeypatch):
    def prose(pdf) -> None:
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 760, "一、部门基本情况。本部门主要职责是负责全县财政收支管理。")

    def ruled(pdf) -> None:
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 760, "一般公共预算支出表")
        for row in range(3):
            pdf.line(72, 740 - 20 * row, 372, 740 - 20 * row)
        for x in (72, 222, 372):
            pdf.line(x, 740, x, 700)
        pdf.drawString(80, 725, "项目")
        pdf.drawString(230, 725, "合计")
        pdf.drawString(80, 705, "行政运行")
        pdf.drawString(230, 705, "1,500.00")

    calls = []
    find_tables = pdf_reader.find_tables
    monkeypatch.setattr(pdf_reader, "find_tables", lambda edges: calls.append(edges) or find_tables(edges))
    document = pdf_reader.read_pdf(_reportlab_pdf(tmp_path / "two.pdf", [prose, prose, ruled]))
    assert len(calls) == 1  # the two prose pages have no ruling: never looked at for tables
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [row.texts for row in tables[0].rows] == [["项目", "合计"], ["行政运行", "1,500.00"]]
