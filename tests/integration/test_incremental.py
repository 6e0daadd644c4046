"""A refresh after new and changed documents builds on the published warehouse (only the new batches are
computed) and gives the same marts as a build from scratch of the same folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from ingest.refresh import refresh
from ingest.samples.generator import write_corpus
from ingest.settings import resolve
from tests.conftest import SEEDS, needs_shared

pytestmark = needs_shared

FACT_MARTS = [
    "fct_budget_execution",
    "fct_three_public_expenses",
    "fct_fund_flows",
    "fct_coverage",
    "fct_performance_indicators",
    "fct_evaluation_summary",
    "fct_staffing",
    "fct_final_accounts",
    "fct_quality_findings",
    "unmapped_figures",
]


def _contents(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {
            mart: sorted(map(repr, con.execute(f"select * from marts.{mart}").fetchall()))
            for mart in FACT_MARTS
        }
        out["document_lines"] = sorted(
            map(repr, con.execute("select * exclude (batch_id) from marts.document_lines").fetchall())
        )
        out["current_documents"] = sorted(
            r[0]
            for r in con.execute(
                "select document_id from marts.dim_document where status <> 'superseded'"
            ).fetchall()
        )
    return out


def test_incremental_refresh_equals_a_build_from_scratch(tmp_path: Path):
    inbox = tmp_path / "inbox"
    seeds = sorted(SEEDS.glob("*.txt"))
    inbox.mkdir()
    for seed in seeds[:2]:
        shutil.copyfile(seed, inbox / seed.name)
    samples = write_corpus(inbox / "samples", documents=6, years=2, seed=5)
    settings = resolve(tmp_path / "incremental")
    first = refresh(settings, inbox)
    assert first.error is None and not first.build_incremental

    for seed in seeds[2:]:  # two new documents
        shutil.copyfile(seed, inbox / seed.name)
    changed = samples[0]  # one document changed in place: its old version must leave the marts
    changed.write_text(changed.read_text(encoding="utf-8").replace("附件1", "附件 1", 1), encoding="utf-8")
    second = refresh(settings, inbox)
    assert second.error is None and second.build_incremental, second
    assert second.documents_loaded == 3

    scratch = resolve(tmp_path / "scratch")
    assert refresh(scratch, inbox).error is None
    incremental, from_scratch = _contents(settings.db_path), _contents(scratch.db_path)
    assert len(incremental["current_documents"]) == 10
    for name in from_scratch:
        assert incremental[name] == from_scratch[name], name

    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        superseded = con.execute("""select count(*) from marts.dim_document d
                                    join marts.fct_budget_execution b using (document_id)
                                    where d.status = 'superseded'""").fetchone()[0]
    assert superseded == 0
