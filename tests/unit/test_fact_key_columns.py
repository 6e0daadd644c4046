"""The fact key columns are listed once in SQL (macro fact_key_columns) and once in Python (KEY_COLUMNS): the
two lists are the same, in the same order (the figure key hashes them in that order)."""

from __future__ import annotations

import jinja2

from ingest.extraction.facts import KEY_COLUMNS
from tests.conftest import REPO

MACROS = REPO / "dbt_project" / "macros" / "fact_columns.sql"


class _Returned(Exception):  # dbt's return() ends a macro with its value; this stands in for it
    def __init__(self, value: object) -> None:
        self.value = value


def _macro_value(name: str) -> object:
    def give_back(value: object) -> None:
        raise _Returned(value)

    environment = jinja2.Environment(extensions=["jinja2.ext.do"])
    template = environment.from_string(MACROS.read_text(encoding="utf-8") + "{{ " + name + "() }}")
    try:
        template.render({"return": give_back})
    except _Returned as returned:
        return returned.value
    raise AssertionError(f"macro {name} returned nothing")


def test_the_sql_macro_lists_the_python_key_columns_in_order():
    assert _macro_value("fact_key_columns") == list(KEY_COLUMNS)
