"""Other formats of the same reports load through the same path: .docx renderings and GBK text of the seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from docx import Document as new_docx

from ingest.document import Paragraph
from ingest.readers import read_document
from tests.conftest import GOLD, SEEDS, goldcheck, needs_shared, refresh

pytestmark = needs_shared


def render_docx(source: Path, target: Path) -> None:
    """Write the report as Word would hold it: paragraphs, and tables whose short rows span merged cells."""
    document = read_document(source)
    word = new_docx()
    for block in document.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.text)
            continue
        width = max(len(r.cells) for r in block.rows)
        table = word.add_table(rows=len(block.rows), cols=width)
        for row, source_row in zip(table.rows, block.rows, strict=True):
            cells = row.cells
            if len(source_row.cells) < width:
                cells[len(source_row.cells) - 1].merge(cells[width - 1])
            for cell, source_cell in zip(row.cells, source_row.cells, strict=False):
                first, *rest = source_cell.text.split("\n")
                cell.paragraphs[0].text = first
                for more in rest:
                    cell.add_paragraph(more)
    word.save(str(target))


@pytest.fixture(scope="module")
def docx_warehouse(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("docx")
    inbox, gold = root / "inbox", root / "gold"
    inbox.mkdir()
    gold.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        render_docx(seed, inbox / f"{seed.stem}.docx")
        shutil.copyfile(GOLD / f"{seed.name}.jsonl", gold / f"{seed.stem}.docx.jsonl")
    result = refresh(inbox, root / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "data" / "warehouse.duckdb", gold


def test_docx_renderings_score_like_the_text(docx_warehouse, seeds_warehouse):
    db, gold = docx_warehouse
    text_recall, _, _ = goldcheck(seeds_warehouse, gold=GOLD)
    docx_recall, wrong, out = goldcheck(db, "--show-misses", gold=gold)
    assert wrong == 0, out
    assert docx_recall >= text_recall - 0.02, out


def test_docx_provenance_points_into_the_rendering(docx_warehouse):
    db, _ = docx_warehouse
    con = duckdb.connect(str(db), read_only=True)
    formats = {r[0] for r in con.execute("select distinct file_format from marts.dim_document").fetchall()}
    assert formats == {"docx"}
    row = con.execute("""select l.line_text from marts.fct_staffing s
                         join marts.document_lines l on l.document_id = s.document_id and l.line_no = s.source_line
                         limit 1""").fetchone()
    assert row is not None and row[0].startswith("\t")


def test_gbk_copies_give_identical_marts(tmp_path, seeds_warehouse):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (inbox / seed.name).write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
    assert refresh(inbox, tmp_path / "data").returncode == 0

    def contents(db: Path) -> dict[str, list]:
        con = duckdb.connect(str(db), read_only=True)
        out = {}
        for table in ("fct_budget_execution", "fct_three_public_expenses", "fct_fund_flows", "fct_coverage",
                      "fct_performance_indicators", "fct_evaluation_summary", "fct_staffing", "fct_final_accounts"):
            out[table] = sorted(map(str, con.execute(
                f"""select d.source_file, t.* exclude (document_id) from marts.{table} t
                    join marts.dim_document d using (document_id)""").fetchall()))
        con.close()
        return out

    assert contents(tmp_path / "data" / "warehouse.duckdb") == contents(seeds_warehouse)


def test_old_word_files_are_refused_with_a_hint(tmp_path):
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(Exception, match="另存为 .docx"):
        read_document(doc)
