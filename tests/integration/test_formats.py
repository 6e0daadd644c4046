"""Other formats of the same reports load through the same path: .docx, .xlsx, .pdf and .html renderings of the
seeds made in the test, and GBK copies of the text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.extraction.readers import read_document
from ingest.samples.render import RENDERERS
from tests.conftest import GOLD, SEEDS, refresh, requires_shared, score

# the renderings of the seeds are scored against the seeds' gold; the generated reports need nothing of ../shared
needs_seeds_and_gold = requires_shared(SEEDS, GOLD)


FORMATS = ("docx", "xlsx", "pdf", "html")


@pytest.fixture(scope="module", params=FORMATS)
def rendered_warehouse(request, tmp_path_factory) -> tuple[str, Path, Path]:
    """The four seed reports rendered as .docx / .xlsx / .pdf / .html in the test, refreshed into a warehouse."""
    file_format = request.param
    root = tmp_path_factory.mktemp(file_format)
    inbox, gold = root / "inbox", root / "gold"
    inbox.mkdir()
    gold.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        RENDERERS[file_format](read_document(seed), inbox / f"{seed.stem}.{file_format}")
        shutil.copyfile(GOLD / f"{seed.name}.jsonl", gold / f"{seed.stem}.{file_format}.jsonl")
    result = refresh(inbox, root / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    db = root / "data" / "warehouse.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from marts.quarantine").fetchone()[0] == 0, result.stdout
    return file_format, db, gold


@needs_seeds_and_gold
def test_renderings_score_like_the_text(rendered_warehouse, seeds_warehouse):
    file_format, db, gold = rendered_warehouse
    text_recall, _, _ = score(seeds_warehouse, gold=GOLD)
    recall, wrong, out = score(db, "--show-misses", gold=gold)
    assert wrong == 0, out
    assert recall >= text_recall - 0.02, f"{file_format}: {recall} vs text {text_recall}\n{out}"


@needs_seeds_and_gold
def test_provenance_points_into_the_original_file(rendered_warehouse):
    file_format, db, _ = rendered_warehouse
    con = duckdb.connect(str(db), read_only=True)
    formats = {r[0] for r in con.execute("select distinct file_format from marts.dim_document").fetchall()}
    assert formats == {file_format}
    line_text, location = con.execute("""
        select l.line_text, l.location from marts.fct_budget_execution b
        join marts.document_lines l on l.document_id = b.document_id and l.line_no = b.source_line
        join marts.dim_document d on d.document_id = b.document_id
        where d.unit_name = '新田县社会保险服务中心' and b.executed_yuan is not null and b.has_table_figure
        order by b.source_line limit 1""").fetchone()
    assert line_text.startswith("\t")  # a table cell of the flattened rendering
    expected = {
        "docx": r"表\d+ 第\d+行第\d+列",
        "xlsx": r"表\d+![A-Z]+\d+",
        "pdf": r"第\d+页",
        "html": r"表\d+ 第\d+行",
    }
    assert re.fullmatch(expected[file_format], location), location


@pytest.fixture(scope="module")
def pdf_text_warehouse(tmp_path_factory) -> tuple[Path, Path]:
    """The seeds as analysts receive them after a PDF export and text extraction (pdfplumber's text of the
    rendered PDF: space-separated cells, wrapped names, page breaks as form feeds)."""
    import pdfplumber

    root = tmp_path_factory.mktemp("pdf_text")
    inbox, gold = root / "inbox", root / "gold"
    inbox.mkdir()
    gold.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        RENDERERS["pdf"](read_document(seed), root / f"{seed.stem}.pdf")
        with pdfplumber.open(root / f"{seed.stem}.pdf") as pdf:
            (inbox / seed.name).write_text(
                "\f".join(page.extract_text() for page in pdf.pages), encoding="utf-8"
            )
        shutil.copyfile(GOLD / f"{seed.name}.jsonl", gold / f"{seed.name}.jsonl")
    assert refresh(inbox, root / "data").returncode == 0
    return root / "data" / "warehouse.duckdb", gold


@needs_seeds_and_gold
def test_pdf_extracted_text_gives_no_wrong_figure(pdf_text_warehouse):
    db, gold = pdf_text_warehouse
    recall, wrong, out = score(db, "--show-misses", gold=gold)
    assert wrong == 0, out
    # the 决算 tables are rebuilt and verified against their subtotals; the prose is joined back into sentences
    found, expected = map(int, re.search(r"^fct_final_accounts\s+(\d+)/(\d+)", out, re.MULTILINE).groups())
    assert found == expected > 100, out
    prose_recall, prose_wrong, prose_out = score(db, "--origin", "prose", gold=gold)
    assert prose_wrong == 0 and prose_recall >= 0.9, prose_out


@requires_shared(SEEDS)
def test_gbk_copies_give_identical_marts(tmp_path, seeds_warehouse):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (inbox / seed.name).write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
    assert refresh(inbox, tmp_path / "data").returncode == 0

    def contents(db: Path) -> dict[str, list]:
        con = duckdb.connect(str(db), read_only=True)
        out = {}
        for table in (
            "fct_budget_execution",
            "fct_three_public_expenses",
            "fct_fund_flows",
            "fct_coverage",
            "fct_performance_indicators",
            "fct_evaluation_summary",
            "fct_staffing",
            "fct_final_accounts",
        ):
            out[table] = sorted(
                map(
                    str,
                    con.execute(
                        f"""select d.source_file, t.* exclude (document_id) from marts.{table} t
                    join marts.dim_document d using (document_id)"""
                    ).fetchall(),
                )
            )
        con.close()
        return out

    assert contents(tmp_path / "data" / "warehouse.duckdb") == contents(seeds_warehouse)


def test_old_word_files_are_refused_with_a_hint(tmp_path):
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(Exception, match="另存为 .docx"):
        read_document(doc)


@pytest.mark.parametrize(("formats", "seed"), [(("docx", "xlsx", "pdf", "html"), 23), (("pdf",), 3)])
def test_generated_reports_in_other_formats_load_every_figure(tmp_path, formats, seed):
    """Generated reports saved as .docx, .xlsx, .pdf or .html (forms cut by PDF page breaks, merged cells) score
    against their generated gold as the text does."""
    from ingest.samples.generator import write_corpus

    write_corpus(
        tmp_path / "inbox", documents=16, years=2, seed=seed, gold_dir=tmp_path / "gold", formats=formats
    )
    assert refresh(tmp_path / "inbox", tmp_path / "data").returncode == 0
    recall, wrong, out = score(
        tmp_path / "data" / "warehouse.duckdb", "--show-misses", gold=tmp_path / "gold"
    )
    assert wrong == 0, out
    assert recall >= 0.99, out
