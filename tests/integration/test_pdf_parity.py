"""The PDF reader (PDFium's characters and ruling, our line and table rules) reads what the pdfplumber reader it
replaced read: the real disclosures of ../shared/real and generated sample reports saved as PDF.

Two readings of each page are compared, not a recorded copy of figures:
- geometry: every character and ruling edge PDFium yields is where pdfminer (through pdfplumber) puts it;
- rules: on pdfplumber's own reading of a page, our words, lines, tables and cell texts are pdfplumber's;
- the whole: the Document (and the facts extracted from it) built from PDFium's reading equals the one built
  from pdfplumber's, which is what the old reader produced."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.extraction.extract import extract_document
from ingest.extraction.readers.pdf import document_from_pages, read_pdf
from ingest.extraction.readers.pdf_layer import Char, Edge, PageLayer, open_document, page_layers
from ingest.extraction.readers.pdf_tables import PageChars, find_tables, table_texts
from ingest.extraction.readers.pdf_words import text_lines
from tests.conftest import REAL_DOCS

pdfplumber = pytest.importorskip("pdfplumber")

TOLERANCE = 0.01  # points: PDFium works in single precision, pdfminer in double


@pytest.fixture(scope="module")
def pdf_files(tmp_path_factory) -> list[Path]:
    """Generated reports saved as PDF (tables cut by page breaks, merged header cells), and the real PDFs when
    ../shared/real is beside the repository."""
    from ingest.samples.generator import write_corpus

    root = tmp_path_factory.mktemp("pdf_parity")
    files = write_corpus(root, documents=6, years=2, seed=11, formats=("pdf",))
    if REAL_DOCS.is_dir():
        files += sorted(REAL_DOCS.glob("*.pdf"))
    return files


@dataclass
class _PlumberPage:
    layer: PageLayer  # pdfplumber's characters and edges, as the records our rules take
    tables: list  # pdfplumber's tables: (cells, rows, cell texts)
    lines: list[tuple]  # pdfplumber's text lines outside the tables: (text, x0, x1, top, bottom)


def _outside(boxes: list) -> Callable[[dict], bool]:
    def test(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    return test


def _plumber_reading(path: Path) -> list[_PlumberPage]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = [
                Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["upright"]) for c in page.chars
            ]
            edges = [
                Edge(e["orientation"], e["x0"], e["x1"], e["top"], e["bottom"], e["width"], e["height"])
                for e in page.edges
                if e["orientation"] in ("h", "v")
            ]
            tables = page.find_tables()
            lines = page.filter(_outside([t.bbox for t in tables])).extract_text_lines()
            pages.append(
                _PlumberPage(
                    PageLayer(number, page.height, chars, edges),
                    [(sorted(t.cells), [list(r.cells) for r in t.rows], t.extract()) for t in tables],
                    [(line["text"], line["x0"], line["x1"], line["top"], line["bottom"]) for line in lines],
                )
            )
    return pages


@pytest.fixture(scope="module")
def readings(pdf_files) -> dict[Path, list[_PlumberPage]]:
    """pdfplumber's reading of every page, once for the module (it is the slow one)."""
    return {path: _plumber_reading(path) for path in pdf_files}


def _close(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and all(abs(x - y) <= TOLERANCE for x, y in zip(a[1:], b[1:], strict=True))


def _same_records(ours: list[tuple], theirs: list[tuple]) -> bool:
    def order(record: tuple) -> tuple:
        return (record[0], *(round(v) for v in record[1:]))

    ours, theirs = sorted(ours, key=order), sorted(theirs, key=order)
    return len(ours) == len(theirs) and all(_close(a, b) for a, b in zip(ours, theirs, strict=True))


def test_pdfium_geometry_is_pdfminers(readings):
    """Characters (blank ones aside: PDFium drops a text object holding only spaces) and ruling edges."""
    for path, pages in readings.items():
        ours = list(page_layers(open_document(path.read_bytes())))
        assert len(ours) == len(pages), path.name
        for mine, plumber in zip(ours, [page.layer for page in pages], strict=True):
            where = f"{path.name} page {mine.number}"
            assert mine.height == pytest.approx(plumber.height, abs=TOLERANCE), where
            assert _same_records(
                [
                    (c.text, c.x0, c.x1, c.top, c.bottom, float(c.upright))
                    for c in mine.chars
                    if not c.text.isspace()
                ],
                [
                    (c.text, c.x0, c.x1, c.top, c.bottom, float(c.upright))
                    for c in plumber.chars
                    if not c.text.isspace()
                ],
            ), where
            assert _same_records(
                [(e.orientation, e.x0, e.x1, e.top, e.bottom, e.width, e.height) for e in mine.edges],
                [(e.orientation, e.x0, e.x1, e.top, e.bottom, e.width, e.height) for e in plumber.edges],
            ), where


def test_lines_and_tables_follow_pdfplumbers_rules(readings):
    """Given pdfplumber's characters and edges, our tables, cell texts and text lines are pdfplumber's own."""
    tables_seen = 0
    for path, pages in readings.items():
        for page in pages:
            layer, where = page.layer, f"{path.name} page {page.layer.number}"
            ours = find_tables(layer.edges)
            assert [sorted(t.cells) for t in ours] == [cells for cells, _, _ in page.tables], where
            page_chars = PageChars(layer.chars)
            for table, (_, rows, texts) in zip(ours, page.tables, strict=True):
                assert table.rows == rows, where
                assert table_texts(table, page_chars) == texts, where
            tables_seen += len(ours)
            boxes = [t.bbox for t in ours]
            kept = [
                c
                for c in layer.chars
                if not any(
                    b[0] <= (c.x0 + c.x1) / 2 <= b[2] and b[1] <= (c.top + c.bottom) / 2 <= b[3]
                    for b in boxes
                )
            ]
            assert [(x.text, x.x0, x.x1, x.top, x.bottom) for x in text_lines(kept)] == page.lines, where
    assert tables_seen > 10  # the comparison met ruled tables, not only prose


def _facts(document) -> list[str]:
    return sorted(
        repr(
            (
                f.mart,
                sorted(f.key.items()),
                f.measure_name,
                f.value_num,
                f.value_text,
                f.source_line,
                f.source_text,
            )
        )
        for f in extract_document(document).extraction.facts
    )


def test_documents_and_facts_are_those_of_the_pdfplumber_reading(readings):
    for path, pages in readings.items():
        ours = read_pdf(path, path.read_bytes())
        theirs = document_from_pages([page.layer for page in pages], path.name)
        assert ours.lines == theirs.lines, path.name
        assert ours.locations == theirs.locations, path.name
        assert ours.blocks == theirs.blocks, path.name
        facts = _facts(ours)
        assert facts, path.name
        assert facts == _facts(theirs), path.name
