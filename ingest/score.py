"""Score a published warehouse against gold: hand-checked (or generated) expected facts per document.

A gold folder holds one JSON Lines file per document, named `<source_file>.jsonl`. Its rows are either the
document's identity, checked against `dim_document` / `dim_unit`:
    {"document": {"unit_name": ..., "fiscal_year": 2020, "admin_level": "province", ...}}
or figures of one mart row, found by the mart's keys within that document:
    {"table": "fct_three_public_expenses", "key": {"category": "total"},
     "values": {"final_yuan": 14700}, "where": "...", "origin": "table"}
`origin` says whether the figure stands in a table of the document or only in its prose.

A figure is matched when exactly one mart row has its keys and the value agrees (money to 0.01 元, other
numbers to a relative 1e-6, text ignoring whitespace). It is *wrong* when the warehouse holds a different
value or several rows for the key; a figure the warehouse leaves NULL or lacks is only missing. These are the
rules of the shared goldcheck tool, so the two give the same figures on the same warehouse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

MONEY_TOLERANCE_YUAN = 0.01
RELATIVE_TOLERANCE = 1e-6
DOCUMENT_MART = "dim"  # the name the document-identity checks are counted under


class Origin(StrEnum):
    """Where the gold says a figure stands in its document."""

    table = "table"
    prose = "prose"


@dataclass(frozen=True)
class Miss:
    """One expected figure the warehouse does not hold as written in the gold."""

    source_file: str
    mart: str
    what: str  # the mart's key and column, or the document column
    expected: Any
    got: Any  # the warehouse's value, or why there is none ("no document", "2 rows", "query failed: ...")


@dataclass
class MartScore:
    matched: int = 0
    expected: int = 0
    wrong: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0


@dataclass
class ScoreReport:
    marts: dict[str, MartScore] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def mart(self, name: str) -> MartScore:
        return self.marts.setdefault(name, MartScore())

    @property
    def matched(self) -> int:
        return sum(m.matched for m in self.marts.values())

    @property
    def expected(self) -> int:
        return sum(m.expected for m in self.marts.values())

    @property
    def wrong(self) -> int:
        return sum(m.wrong for m in self.marts.values())

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0


def _compact(text: object) -> str:
    return "".join(str(text).split()).replace("\u3000", "")


def same_value(expected: Any, got: Any) -> bool:
    """The gold's value and the warehouse's agree: NULL only with NULL, text and flags as text without
    whitespace, numbers within the money / relative tolerance."""
    if expected is None:
        return got is None
    if got is None:
        return False
    if isinstance(expected, bool | str):
        return _compact(expected) == _compact(got)
    try:
        return math.isclose(
            float(expected), float(got), rel_tol=RELATIVE_TOLERANCE, abs_tol=MONEY_TOLERANCE_YUAN
        )
    except (TypeError, ValueError):
        return False


def load_gold(gold_dir: Path) -> Iterator[tuple[str, list[dict]]]:
    """(source_file, rows) for each gold file, in file-name order."""
    for path in sorted(Path(gold_dir).glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        yield path.name[: -len(".jsonl")], rows


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _first_error_line(exc: Exception) -> str:
    return f"query failed: {exc}".splitlines()[0]


@dataclass(frozen=True)
class _Document:
    document_id: str
    unit_id: str | None
    fiscal_year: int | None


def _find_document(con: duckdb.DuckDBPyConnection, schema: str, source_file: str) -> _Document | None:
    # a file changed in place leaves its earlier version as `superseded` under the same name: score the current one
    row = con.execute(
        f"""select document_id, unit_id, fiscal_year from {schema}.dim_document
            where source_file = ? order by status = 'superseded' limit 1""",
        [source_file],
    ).fetchone()
    return _Document(*row) if row else None


def _score_document_row(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    source_file: str,
    document: _Document | None,
    identity: dict[str, Any],
    report: ScoreReport,
) -> None:
    score = report.mart(DOCUMENT_MART)
    for column, want in identity.items():
        score.expected += 1
        got: Any = None
        if document is not None:
            if column == "fiscal_year":
                got = document.fiscal_year
            else:
                try:
                    row = con.execute(
                        f"select {_quoted(column)} from {schema}.dim_unit where unit_id = ?",
                        [document.unit_id],
                    ).fetchone()
                except duckdb.Error as exc:
                    report.misses.append(
                        Miss(source_file, DOCUMENT_MART, column, want, _first_error_line(exc))
                    )
                    continue
                got = row[0] if row else None
        if same_value(want, got):
            score.matched += 1
        else:
            score.wrong += got is not None
            report.misses.append(Miss(source_file, DOCUMENT_MART, column, want, got))


def _score_fact_row(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    source_file: str,
    document: _Document | None,
    row: dict[str, Any],
    report: ScoreReport,
) -> None:
    mart, key, values = row["table"], row["key"], row["values"]
    score = report.mart(mart)
    score.expected += len(values)
    if not values:
        return

    def what(column: str) -> str:
        return f"{key} {column}"

    if document is None:
        report.misses.extend(Miss(source_file, mart, what(c), v, "no document") for c, v in values.items())
        return
    conditions = ["document_id = ?", *(f"{_quoted(c)} is not distinct from ?" for c in key)]
    columns = ", ".join(_quoted(c) for c in values)
    try:
        found = con.execute(
            f"select {columns} from {schema}.{_quoted(mart)} where {' and '.join(conditions)}",
            [document.document_id, *key.values()],
        ).fetchall()
    except duckdb.Error as exc:
        reason = _first_error_line(exc)
        report.misses.extend(Miss(source_file, mart, what(c), v, reason) for c, v in values.items())
        return
    for index, (column, want) in enumerate(values.items()):
        got = [r[index] for r in found]
        if len(got) == 1 and same_value(want, got[0]):
            score.matched += 1
            continue
        # several rows for one key is a wrong figure even when one of them is right
        score.wrong += len(got) > 1 or (len(got) == 1 and got[0] is not None)
        report.misses.append(
            Miss(source_file, mart, what(column), want, got[0] if len(got) == 1 else f"{len(got)} rows")
        )


def score_warehouse(
    db_path: Path, gold_dir: Path, origin: Origin | None = None, schema: str = "marts"
) -> ScoreReport:
    """Every gold figure looked up in the warehouse. With `origin`, only the figures the gold places in a
    table (or only in prose) are scored; the document's identity is always scored."""
    report = ScoreReport()
    wanted_origin = Origin(origin).value if origin is not None else None
    with duckdb.connect(str(db_path), read_only=True) as con:
        for source_file, rows in load_gold(gold_dir):
            document = _find_document(con, schema, source_file)
            for row in rows:
                if "document" in row:
                    _score_document_row(con, schema, source_file, document, row["document"], report)
                elif wanted_origin is None or row.get("origin") == wanted_origin:
                    _score_fact_row(con, schema, source_file, document, row, report)
    return report


def report_lines(report: ScoreReport, show_misses: bool = False) -> list[str]:
    """One line per mart (matched/expected, recall, wrong), the misses when asked, and a last line
    `recall: R (matched/expected) wrong: W` — the layout of the shared goldcheck tool."""
    lines = [
        f"{name:34s} {m.matched:5d}/{m.expected:<5d} {m.recall:.3f}  wrong {m.wrong}"
        for name, m in sorted(report.marts.items())
    ]
    if show_misses:
        lines += [" | ".join(map(str, ("MISS", *_miss_fields(m)))) for m in report.misses]
    lines.append(f"recall: {report.recall:.3f} ({report.matched}/{report.expected}) wrong: {report.wrong}")
    return lines


def _miss_fields(miss: Miss) -> tuple:
    return (miss.source_file, miss.mart, miss.what, miss.expected, miss.got)
