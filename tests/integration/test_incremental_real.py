"""Real disclosures (../shared/real: PDFs and PDF-extracted text) arriving over three refreshes — a first batch, the
rest with one text changed in place, then that text restored — give the marts a build from scratch of the same
folder gives, and each incremental refresh computes only the documents it read."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from ingest.refresh import refresh
from ingest.settings import resolve
from tests.conftest import REAL_DOCS, requires_shared, rows
from tests.integration.marts_compare import built_in_last_build, document_id_of, marts

pytestmark = requires_shared(REAL_DOCS)

FIRST_BATCH = ("r01", "r03", "r06")  # a 2023 budget, a 2025 budget (text), the 决算 template
CHANGED = "r03"
# the 部门支出预算总表's total row (合计, 基本支出, 项目支出): its 项目支出 changed by 100 元 no longer adds up, so
# the changed version's table is refused with a finding instead of read
TOTAL_ROW = "合计 371,514,655.00 19,830,655.00 351,684,000.00"
CHANGED_ROW = "合计 371,514,655.00 19,830,655.00 351,684,100.00"


def _project_budget(db: Path, document_id: str) -> list:
    return rows(
        db,
        "select budget_initial_yuan from marts.fct_budget_execution"
        " where document_id = ? and scope = 'department' and line_item = 'project_expenditure'",
        [document_id],
    )


def _unverified_tables(db: Path, document_id: str) -> int:
    ((count,),) = rows(
        db,
        "select count(*) from marts.fct_quality_findings"
        " where document_id = ? and check_code = 'table_reading_unverified' and message like '%表内合计不符%'",
        [document_id],
    )
    return count


def test_real_disclosures_built_in_batches_equal_a_build_from_scratch(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    documents = sorted(REAL_DOCS.iterdir())
    for path in documents:
        if path.name.startswith(FIRST_BATCH):
            shutil.copyfile(path, inbox / path.name)
    settings = resolve(tmp_path / "incremental")
    first = refresh(settings, inbox)
    assert first.error is None and not first.build_incremental, first
    assert first.documents_loaded == 3 and not first.quarantined

    # the rest, with the text budget changed in place: its old version leaves the marts
    for path in documents:
        if not path.name.startswith(FIRST_BATCH):
            shutil.copyfile(path, inbox / path.name)
    (changed,) = inbox.glob(f"{CHANGED}_*")
    original = changed.read_text(encoding="utf-8")
    assert original.count(TOTAL_ROW) == 2  # the 支出总表 and, below it, the 一般公共预算支出 table
    changed.write_text(original.replace(TOTAL_ROW, CHANGED_ROW, 1), encoding="utf-8")
    second = refresh(settings, inbox)
    assert second.error is None and second.build_incremental, second
    new_ids = {document_id_of(path) for path in inbox.iterdir() if not path.name.startswith(FIRST_BATCH)}
    assert second.documents_loaded == len(new_ids) + 1
    assert built_in_last_build(settings.db_path) == new_ids | {document_id_of(changed)}
    assert _project_budget(settings.db_path, document_id_of(changed)) == []
    assert _unverified_tables(settings.db_path, document_id_of(changed)) == 1

    # restored: the first version's content is current again
    changed.write_text(original, encoding="utf-8")
    third = refresh(settings, inbox)
    assert third.error is None and third.build_incremental, third
    assert built_in_last_build(settings.db_path) == {document_id_of(changed)}
    assert _project_budget(settings.db_path, document_id_of(changed)) == [(Decimal("351684000"),)]
    assert _unverified_tables(settings.db_path, document_id_of(changed)) == 0

    scratch = resolve(tmp_path / "scratch")
    assert refresh(scratch, inbox).error is None
    incremental, from_scratch = marts(settings.db_path), marts(scratch.db_path)
    assert sorted(incremental) == sorted(from_scratch)
    assert len(incremental["dim_document"]) == len(documents)
    assert len(incremental["fct_final_accounts"]) > 500 and len(incremental["fct_quality_findings"]) > 0
    for name in from_scratch:
        assert incremental[name] == from_scratch[name], name
