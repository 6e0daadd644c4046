"""One ingest batch's raw rows, held per fiscal year and written out as Parquet parts.

The writer owns the buffers, the part counter and the commit order: within a part the documents rows are
written last, so they are the part's commit marker (a crash before them leaves rows that no document points
to, and their files are ingested again next time)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa

from ingest.raw.parquet import SCHEMAS, Columns, arrow_table, columns_of, write_table

FLUSH_EVERY = 500  # documents held in memory before they are written out as Parquet parts


class RawBatchWriter:
    def __init__(self, raw_dir: Path, batch_id: str, flush_every: int = FLUSH_EVERY) -> None:
        self.raw_dir = raw_dir
        self.batch_id = batch_id
        self.flush_every = flush_every
        # fiscal year -> raw table -> its rows: the small tables as columns, the large ones as the Arrow tables of
        # their documents (ingest.raw.parquet.PACKED_TABLES)
        self._pending_columns: dict[int | None, dict[str, Columns]] = {}
        self._pending_tables: dict[int | None, dict[str, list[pa.Table]]] = {}
        self._pending_documents = 0
        self._quarantine_rows: list[dict] = []
        self._part = 0

    def add_document(
        self, fiscal_year: int | None, columns: dict[str, Columns], tables: dict[str, pa.Table]
    ) -> None:
        """One document's rows: small tables as columns, large ones as Arrow (every row of a file belongs to its
        document, hence to one fiscal year)."""
        year_columns = self._pending_columns.setdefault(fiscal_year, {})
        for name, table_columns in columns.items():
            held = year_columns.setdefault(name, {column: [] for column in table_columns})
            for column, values in table_columns.items():
                held[column].extend(values)
        year_tables = self._pending_tables.setdefault(fiscal_year, {})
        for name, table in tables.items():
            year_tables.setdefault(name, []).append(table)
        self._pending_documents += 1
        if self._pending_documents >= self.flush_every:
            self.flush()  # bounded memory: a large batch goes out in parts

    def add_quarantine(
        self, source_file: str, source_path: str, file_sha256: str | None, reason: str
    ) -> None:
        self._quarantine_rows.append(
            {
                "source_file": source_file,
                "source_path": source_path,
                "file_sha256": file_sha256,
                "reason": reason,
                "quarantined_at": datetime.now(),
            }
        )

    def flush(self, final: bool = False) -> None:
        """Write what is held as one part; `final` also writes an empty first file for every raw table that
        has none yet, so that dbt can read it."""
        stem = f"{self.batch_id}_{self._part:04d}"
        if self._quarantine_rows:
            quarantined = arrow_table("quarantine", columns_of("quarantine", self._quarantine_rows))
            write_table(self.raw_dir, "quarantine", quarantined, stem, self.batch_id)
        years = self._pending_columns.keys() | self._pending_tables.keys()
        for year in sorted(years, key=lambda y: (y is None, y or 0)):
            year_columns = self._pending_columns.get(year, {})
            year_tables = self._pending_tables.get(year, {})
            held = {name: arrow_table(name, columns) for name, columns in year_columns.items()}
            held |= {name: pa.concat_tables(parts) for name, parts in year_tables.items()}
            for name in sorted(held, key=lambda n: n == "documents"):  # documents last: the commit marker
                write_table(self.raw_dir, name, held[name], stem, self.batch_id, year)
        if final:
            for name in SCHEMAS:
                if not any((self.raw_dir / name).rglob("*.parquet")):
                    write_table(self.raw_dir, name, None, stem, self.batch_id)
        self._pending_columns.clear()
        self._pending_tables.clear()
        self._quarantine_rows.clear()
        self._pending_documents = 0
        self._part += 1
