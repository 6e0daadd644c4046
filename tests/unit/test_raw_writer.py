"""The raw batch writer: documents' rows in (small tables as columns, large ones packed as Arrow by the worker),
Parquet parts out, per fiscal year, every value as it came in."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq

from ingest.pipeline import process_file
from ingest.raw.batch import RawBatchWriter
from ingest.raw.parquet import PACKED_TABLES, SCHEMAS, columns_of, pack, unpack
from tests.conftest import SEEDS, needs_shared


def _fact(document_id: str, seq: int, value: str) -> dict:
    return {
        "document_id": document_id,
        "fiscal_year": 2023,
        "mart": "fct_budget_execution",
        "line_item": "total_funds",
        "measure_name": "executed_yuan",
        "value_num": Decimal(value),
        "precision": Decimal("0.5"),
        "origin": "table",
        "source_line": seq + 1,
        "source_text": f"第{seq}行",
        "fact_seq": seq,
    }


def test_packed_rows_cross_a_pickle_and_come_back_exactly():
    columns = columns_of("facts", [_fact("d1", 0, "31482"), _fact("d1", 1, "3.1415926535")])
    table = unpack(pickle.loads(pickle.dumps(pack("facts", columns))))
    assert table.schema == SCHEMAS["facts"]
    assert table.column("value_num").to_pylist() == [
        Decimal("31482"),
        Decimal("3.14159265"),
    ]  # 8 decimals kept
    assert table.column("source_text").to_pylist() == ["第0行", "第1行"]


def test_parts_hold_every_document_per_year_and_the_documents_last(tmp_path: Path):
    writer = RawBatchWriter(tmp_path, "b1", flush_every=2)
    for number, year in enumerate([2022, 2023, 2023]):
        document_id = f"d{number}"
        small = {
            "documents": columns_of("documents", [{"document_id": document_id, "fiscal_year": year}]),
            "ingest_findings": columns_of("ingest_findings", []),
        }
        facts = columns_of("facts", [_fact(document_id, seq, str(seq * 10)) for seq in range(3)])
        writer.add_document(year, small, {"facts": unpack(pack("facts", facts))})
    writer.flush(final=True)

    facts = [
        row for part in (tmp_path / "facts").rglob("*.parquet") for row in pq.read_table(part).to_pylist()
    ]
    assert sorted((r["document_id"], r["fact_seq"]) for r in facts) == [
        (f"d{n}", seq) for n in range(3) for seq in range(3)
    ]
    assert {r["batch_id"] for r in facts} == {"b1"}
    parts = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "documents").rglob("*.parquet"))
    # two documents in the first part (2022 and 2023), the third in the second part
    assert parts == [
        "documents/fiscal_year=2022/b1_0000.parquet",
        "documents/fiscal_year=2023/b1_0000.parquet",
        "documents/fiscal_year=2023/b1_0001.parquet",
    ]
    # every raw table has a file dbt can read, even one no document had rows for
    assert all(any((tmp_path / name).rglob("*.parquet")) for name in SCHEMAS)


@needs_shared
def test_a_report_s_rows_are_packed_by_the_worker_and_complete():
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = process_file(seed)
    assert result.error is None
    assert set(result.packed) == set(PACKED_TABLES) and "facts" not in result.tables
    facts = unpack(result.packed["facts"])
    lines = unpack(result.packed["document_lines"])
    assert facts.num_rows == result.tables["documents"]["fact_count"][0] > 0
    assert lines.num_rows == len(seed.read_text(encoding="utf-8").splitlines())
