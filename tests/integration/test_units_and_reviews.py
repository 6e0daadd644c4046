"""One unit, one id across spellings and years (the unit register, normalised names), and reviews of findings
that survive `jixiao rebuild` — on a real refresh of a sample corpus and, when ../shared is beside the
repository, of the real disclosures."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, refresh, rows

ALIAS = "新邵县社保服务中心"  # an alias of 新邵县社会保险服务中心 in dbt_project/seeds/unit_register.csv
OFFICIAL = "新邵县社会保险服务中心"


def _jixiao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={**os.environ, "COLUMNS": "400"},  # a wide table: no cell cut short
    )


@pytest.fixture(scope="module")
def spelled_corpus(tmp_path_factory):
    """Three years of four units; one unit's 2021 report uses an alias of its name, its 2022 report the name
    with its province and city before it."""
    from ingest.samples.generator import write_corpus

    root = tmp_path_factory.mktemp("spellings")
    corpus = root / "corpus"
    written = {p.name: p for p in write_corpus(corpus, documents=12, years=3, seed=5)}
    for name, spelled in (
        ("sample_00007_2021.txt", ALIAS),
        ("sample_00011_2022.txt", "湖南省邵阳市" + OFFICIAL),
    ):
        path = written[name]
        text = path.read_text(encoding="utf-8")
        assert OFFICIAL in text
        path.write_text(text.replace(OFFICIAL, spelled), encoding="utf-8")
    data_dir = root / "data"
    result = refresh(corpus, data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir


def test_spellings_of_a_registered_unit_share_its_id(spelled_corpus):
    db = spelled_corpus / "warehouse.duckdb"
    documents = rows(
        db,
        """select d.source_file, d.unit_name, d.unit_id, d.unit_resolution from marts.dim_document d
           where d.source_file in ('sample_00003_2020.txt', 'sample_00007_2021.txt', 'sample_00011_2022.txt')
           order by d.source_file""",
    )
    assert [(name, how) for _, name, _, how in documents] == [
        (OFFICIAL, "register_name"),
        (ALIAS, "register_alias"),
        ("湖南省邵阳市" + OFFICIAL, "register_normalised"),
    ]
    assert len({unit_id for _, _, unit_id, _ in documents}) == 1
    unit = rows(
        db,
        "select unit_name, unit_code, kind, document_count, first_year, last_year from marts.dim_unit where unit_id = ?",
        (documents[0][2],),
    )
    assert unit == [(OFFICIAL, "430522-01", "社保经办", 3, 2020, 2022)]
    # every unit of the sample corpus is in the register: nothing to resolve by hand
    assert rows(db, "select count(*) from marts.dim_unit") == [(4,)]
    assert rows(
        db, "select count(*) from marts.fct_quality_findings where check_code = 'unit_unresolved'"
    ) == [(0,)]


def test_a_review_survives_a_rebuild_and_is_listed_by_the_command_line(spelled_corpus):
    from dashboards.reviews import FindingRef, findings_with_reviews, save_review, store_path

    db = spelled_corpus / "warehouse.duckdb"
    finding = findings_with_reviews(db).row(0, named=True)
    save_review(
        store_path(db),
        FindingRef(finding["document_id"], finding["check_code"], finding["source_line"], finding["message"]),
        "verified",
        "与原件核对无误",
        "测试",
    )
    result = _jixiao("rebuild", "--data-dir", str(spelled_corpus))
    assert result.returncode == 0, result.stdout + result.stderr

    reviewed = findings_with_reviews(db, "verified")
    assert reviewed.height == 1
    assert reviewed.row(0, named=True)["message"] == finding["message"]
    assert reviewed.row(0, named=True)["note"] == "与原件核对无误"
    listed = _jixiao("findings", "--status", "已核实", "--data-dir", str(spelled_corpus))
    assert listed.returncode == 0, listed.stderr
    assert "与原件核对无误" in listed.stdout and "共 1 条" in listed.stdout
    still_open = _jixiao("findings", "--status", "open", "--data-dir", str(spelled_corpus))
    assert f"共 {findings_with_reviews(db).height - 1} 条" in still_open.stdout


def test_a_units_budgets_and_final_accounts_share_one_unit_across_years(real_warehouse):
    documents = {
        source_file[:3]: (unit_id, year)
        for source_file, unit_id, year in rows(
            real_warehouse, "select source_file, unit_id, fiscal_year from marts.dim_document"
        )
    }
    quarantined = rows(real_warehouse, "select source_file, reason from marts.quarantine")
    assert {"r01", "r02", "r07", "r08"} <= set(documents), quarantined
    assert documents["r01"][0] is not None
    assert documents["r01"][0] == documents["r02"][0]  # one 街道办事处, its 2023 and 2024 budgets
    assert documents["r01"][1] != documents["r02"][1]
    assert documents["r07"][0] is not None
    assert documents["r07"] == documents["r08"]  # one 决算 as PDF and as text: one unit, one year
    assert documents["r01"][0] != documents["r07"][0]
