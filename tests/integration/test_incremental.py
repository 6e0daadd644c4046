"""Refreshes after new, changed and renamed documents build on the published warehouse, compute only the documents
not built yet (dbt_project/macros/incremental.sql), and give the same marts as a build from scratch of the same
folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.refresh import refresh
from ingest.samples.generator import write_corpus
from ingest.settings import resolve
from tests.conftest import SEEDS, needs_shared, rows
from tests.integration.marts_compare import built_in_last_build, document_id_of, marts

pytestmark = needs_shared


def _cross_year_findings(db: Path, document_id: str) -> list[str]:
    return [
        message
        for (message,) in rows(
            db,
            "select message from marts.fct_quality_findings"
            " where document_id = ? and check_code = 'cross_year_mismatch'",
            [document_id],
        )
    ]


def test_incremental_refreshes_equal_a_build_from_scratch(tmp_path: Path):
    inbox = tmp_path / "inbox"
    seeds = sorted(SEEDS.glob("*.txt"))
    inbox.mkdir()
    for seed in seeds[:2]:
        shutil.copyfile(seed, inbox / seed.name)
    samples = write_corpus(inbox / "samples", documents=6, years=2, seed=5)
    settings = resolve(tmp_path / "incremental")
    first = refresh(settings, inbox)
    assert first.error is None and not first.build_incremental

    # the next year's report of the same unit states this year's 基本支出 as its 上年决算数: they agree
    next_year = document_id_of(samples[3])
    assert _cross_year_findings(settings.db_path, next_year) == []

    # two new documents, one changed in place (its old version must leave the marts); the change makes its 基本支出
    # disagree with what the next year's report, built before and not again, states
    for seed in seeds[2:]:
        shutil.copyfile(seed, inbox / seed.name)
    changed = samples[0]
    text = changed.read_text(encoding="utf-8")
    assert text.count("\t4363600\n") == 2 and "\t436.36\n" in samples[3].read_text(encoding="utf-8")  # 万元
    text = text.replace("附件1", "附件 1", 1).replace("\t4363600\n", "\t4463600\n")
    changed.write_text(text, encoding="utf-8")
    second = refresh(settings, inbox)
    assert second.error is None and second.build_incremental, second
    assert second.documents_loaded == 3
    new_ids = {document_id_of(inbox / seed.name) for seed in seeds[2:]} | {document_id_of(changed)}
    assert built_in_last_build(settings.db_path) == new_ids  # only those were computed
    # the finding is the next year's report's: its unit was touched, its pairs recomputed
    (message,) = _cross_year_findings(settings.db_path, next_year)
    assert "4363600" in message.replace(",", "") and "4463600" in message.replace(",", ""), message

    # one file renamed (the same document read again, in a new batch) and one new document
    renamed = samples[1].with_name("renamed_" + samples[1].name)
    samples[1].rename(renamed)
    added = write_corpus(inbox / "more", documents=1, years=1, seed=11, first_year=2030)
    third = refresh(settings, inbox)
    assert third.error is None and third.build_incremental, third
    assert third.documents_loaded == 2
    assert built_in_last_build(settings.db_path) == {document_id_of(renamed), document_id_of(added[0])}

    scratch = resolve(tmp_path / "scratch")
    assert refresh(scratch, inbox).error is None
    incremental, from_scratch = marts(settings.db_path), marts(scratch.db_path)
    assert sorted(incremental) == sorted(from_scratch)
    assert len(incremental["dim_document"]) == 11
    assert len(incremental["fct_budget_execution"]) > 0 and len(incremental["fct_quality_findings"]) > 0
    for name in from_scratch:
        assert incremental[name] == from_scratch[name], name

    superseded = rows(
        settings.db_path,
        """select count(*) from marts.dim_document d
           join marts.fct_budget_execution b using (document_id)
           where d.status = 'superseded'""",
    )
    assert superseded == [(0,)]
