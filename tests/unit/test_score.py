"""`ingest.score` and `jixiao score` on a small hand-made warehouse: what counts as matched, wrong and missing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from ingest.cli import app
from ingest.score import Origin, report_lines, same_value, score_warehouse


def _write_gold(gold_dir: Path, source_file: str, rows: list[dict]) -> None:
    gold_dir.mkdir(exist_ok=True)
    (gold_dir / f"{source_file}.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8"
    )


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute("""create table marts.dim_document (document_id varchar, source_file varchar,
                       unit_id varchar, fiscal_year integer, status varchar)""")
        con.execute("""insert into marts.dim_document values
                       ('d1', 'a.txt', 'u1', 2021, 'ok'),
                       ('d0', 'c.txt', 'u1', 2019, 'superseded'),
                       ('d2', 'c.txt', 'u1', 2020, 'ok')""")
        con.execute("""create table marts.dim_unit (unit_id varchar, unit_name varchar, province varchar,
                       admin_level varchar)""")
        con.execute("insert into marts.dim_unit values ('u1', '示例县 农业服务中心', '示例省', 'county')")
        con.execute("""create table marts.fct_three_public_expenses (document_id varchar, category varchar,
                       budget_yuan decimal(20,2), final_yuan decimal(20,2))""")
        con.execute("""insert into marts.fct_three_public_expenses values
                       ('d1', 'total', 30000.00, 14700.00),
                       ('d1', 'official_reception', 12000.00, null),
                       ('d1', 'official_vehicles', 8000.00, 7000.00),
                       ('d1', 'official_vehicles', 8000.00, 7000.00),
                       ('d2', 'total', 500.00, 400.00)""")
        con.execute("""create table marts.fct_budget_execution (document_id varchar, scope varchar,
                       project_name varchar, line_item varchar, executed_yuan decimal(20,2),
                       execution_rate_reported double, is_key boolean, note_text varchar)""")
        con.execute("""insert into marts.fct_budget_execution values
                       ('d1', 'department', null, 'total_funds', 2720800.00, 0.9000000001, true, '按 时\u3000完成'),
                       ('d1', 'project', '道路养护', 'total_funds', 100.00, 1.0, false, null)""")
    return db


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    gold_dir = tmp_path / "gold"
    department = {"scope": "department", "project_name": None, "line_item": "total_funds"}
    _write_gold(
        gold_dir,
        "a.txt",
        [
            {
                "document": {
                    "unit_name": "示例县农业服务中心",  # the warehouse writes a space inside: still the same name
                    "fiscal_year": 2021,
                    "admin_level": "city",  # wrong
                    "province": "示例省",
                }
            },
            {
                "table": "fct_three_public_expenses",
                "key": {"category": "total"},
                "values": {"budget_yuan": 30000, "final_yuan": 14700.004},
                "origin": "table",
            },
            {
                "table": "fct_three_public_expenses",
                "key": {"category": "official_reception"},
                "values": {"budget_yuan": 12500, "final_yuan": 3000},  # wrong, then missing (NULL)
                "origin": "table",
            },
            {
                "table": "fct_three_public_expenses",
                "key": {"category": "official_vehicles"},
                "values": {"final_yuan": 7000},  # two rows for one key: wrong although both say 7000
                "origin": "prose",
            },
            {
                "table": "fct_three_public_expenses",
                "key": {"category": "outbound_travel"},
                "values": {"budget_yuan": 0},  # no row at all: missing
                "origin": "prose",
            },
            {
                "table": "fct_budget_execution",
                "key": department,
                "values": {
                    "executed_yuan": 2720800,
                    "execution_rate_reported": 0.9,
                    "is_key": True,
                    "note_text": "按时完成",
                },
                "origin": "table",
            },
            {
                "table": "fct_budget_execution",
                "key": {"scope": "project", "project_name": "道路养护", "line_item": "total_funds"},
                "values": {"note_text": None, "executed_yuan": 100},
                "origin": "table",
            },
            {
                "table": "fct_coverage",  # a mart this warehouse lacks: missing, not wrong
                "key": {"measure": "insured_persons"},
                "values": {"value": 10},
                "origin": "prose",
            },
            {
                "table": "fct_staffing",  # no origin: scored only when no origin is asked for
                "key": {},
                "values": {"actual_headcount": 9},
            },
        ],
    )
    _write_gold(
        gold_dir,
        "b.txt",  # not in the warehouse
        [
            {"document": {"fiscal_year": 2021}},
            {
                "table": "fct_three_public_expenses",
                "key": {"category": "total"},
                "values": {"final_yuan": 1},
                "origin": "table",
            },
        ],
    )
    # the current version of a file changed in place, not its superseded one
    _write_gold(
        gold_dir,
        "c.txt",
        [
            {"document": {"fiscal_year": 2020}},
            {
                "table": "fct_three_public_expenses",
                "key": {"category": "total"},
                "values": {"final_yuan": 400},
                "origin": "table",
            },
        ],
    )
    return gold_dir


def test_every_figure_is_matched_wrong_or_missing(warehouse, gold):
    report = score_warehouse(warehouse, gold)
    figures = {name: (m.matched, m.expected, m.wrong) for name, m in report.marts.items()}
    assert figures == {
        "dim": (4, 6, 1),
        "fct_three_public_expenses": (3, 8, 2),
        "fct_budget_execution": (6, 6, 0),
        "fct_coverage": (0, 1, 0),
        "fct_staffing": (0, 1, 0),
    }
    assert (report.matched, report.expected, report.wrong) == (13, 22, 3)
    assert report.recall == pytest.approx(13 / 22)
    misses = {(m.source_file, m.mart, m.what): m.got for m in report.misses}
    assert misses[("a.txt", "dim", "admin_level")] == "county"
    assert misses[
        ("a.txt", "fct_three_public_expenses", "{'category': 'official_reception'} budget_yuan")
    ] == (Decimal("12000.00"))
    assert (
        misses[("a.txt", "fct_three_public_expenses", "{'category': 'official_reception'} final_yuan")]
        is None
    )
    assert misses[("a.txt", "fct_three_public_expenses", "{'category': 'official_vehicles'} final_yuan")] == (
        "2 rows"
    )
    assert misses[("a.txt", "fct_three_public_expenses", "{'category': 'outbound_travel'} budget_yuan")] == (
        "0 rows"
    )
    assert misses[("a.txt", "fct_coverage", "{'measure': 'insured_persons'} value")].startswith(
        "query failed:"
    )
    assert misses[("b.txt", "dim", "fiscal_year")] is None
    assert misses[("b.txt", "fct_three_public_expenses", "{'category': 'total'} final_yuan")] == "no document"
    assert not any(m.source_file == "c.txt" for m in report.misses)
    assert len(report.misses) == 22 - 13


def test_origin_scores_only_the_figures_stated_there_and_always_the_document(warehouse, gold):
    table = score_warehouse(warehouse, gold, Origin.table)
    assert {n: (m.matched, m.expected) for n, m in table.marts.items()} == {
        "dim": (4, 6),
        "fct_three_public_expenses": (3, 6),
        "fct_budget_execution": (6, 6),
    }
    prose = score_warehouse(warehouse, gold, Origin.prose)
    assert {n: (m.matched, m.expected, m.wrong) for n, m in prose.marts.items()} == {
        "dim": (4, 6, 1),
        "fct_three_public_expenses": (0, 2, 1),
        "fct_coverage": (0, 1, 0),
    }


def test_report_lines_keep_the_goldcheck_layout(warehouse, gold):
    report = score_warehouse(warehouse, gold)
    lines = report_lines(report)
    assert lines[0] == "dim" + " " * 31 + "     4/6     0.667  wrong 1"
    assert lines[-1] == "recall: 0.591 (13/22) wrong: 3"
    assert not any(line.startswith("MISS") for line in lines)
    with_misses = report_lines(report, show_misses=True)
    assert "MISS | a.txt | dim | admin_level | city | county" in with_misses
    assert len(with_misses) == len(lines) + len(report.misses)


@pytest.mark.parametrize(
    ("expected", "got", "same"),
    [
        (14700, Decimal("14700.00"), True),
        (100, Decimal("100.005"), True),
        (100, Decimal("100.02"), False),
        (2_000_000_000, Decimal("2000001000.00"), True),  # within a millionth
        (2_000_000_000, Decimal("2000003000.00"), False),
        (0.9, 0.9000000001, True),
        (0.9, 0.91, False),
        (0, None, False),
        (None, None, True),
        (None, 0, False),
        ("示例 中心", "示例\u3000中心 ", True),
        ("2021", 2021, True),
        (True, True, True),
        (True, False, False),
        (12, "12", True),
        (12, "十二", False),
        ([1], 1, False),
    ],
)
def test_same_value(expected, got, same):
    assert same_value(expected, got) is same


def test_score_command_prints_the_figures_and_exits_zero(warehouse, gold):
    # a file name that reads like rich markup and emoji codes is printed as written
    _write_gold(gold, "[bold]:smile:d.txt", [{"document": {"fiscal_year": 2022}}])
    result = CliRunner().invoke(
        app, ["score", "--db", str(warehouse), "--gold", str(gold), "--show-misses", "--origin", "prose"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "recall: 0.400 (4/10) wrong: 2"
    assert "MISS | [bold]:smile:d.txt | dim | fiscal_year | 2022 | None" in lines
    assert any(
        line.startswith("MISS | a.txt | fct_coverage | {'measure': 'insured_persons'} value | 10 |")
        for line in lines
    )


def test_score_command_refuses_a_missing_warehouse_or_gold(tmp_path, warehouse, gold):
    runner = CliRunner()
    missing_db = runner.invoke(app, ["score", "--db", str(tmp_path / "none.duckdb"), "--gold", str(gold)])
    assert missing_db.exit_code == 2
    missing_gold = runner.invoke(app, ["score", "--db", str(warehouse), "--gold", str(tmp_path / "none")])
    assert missing_gold.exit_code == 2
    bad_origin = runner.invoke(app, ["score", "--db", str(warehouse), "--gold", str(gold), "--origin", "x"])
    assert bad_origin.exit_code == 2
