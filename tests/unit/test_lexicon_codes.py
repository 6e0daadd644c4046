"""Every code a lexicon maps wording to is in the one code list (dbt seed code_labels), so the marts' known_code
tests accept it and the pages can name it."""

from __future__ import annotations

import copy

from ingest.extraction import lexicon
from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.finder import classify, form_rules


def test_every_lexicon_code_is_in_the_code_list():
    assert lexicon.unknown_codes() == []


def test_a_code_missing_from_the_code_list_is_named_with_its_file_and_kind():
    codes = lexicon.known_codes()
    codes["flow"] = codes["flow"] - {"benefit_payment"}
    assert lexicon.unknown_codes(codes) == ["prose.yaml flows: benefit_payment (flow)"]


def test_codes_in_nested_sections_and_in_code_maps_are_checked_too():
    codes = lexicon.known_codes()
    codes["line_item"] = codes["line_item"] - {"basic_expenditure"}
    unknown = lexicon.unknown_codes(codes)
    assert "forms.yaml final_accounts.total_line_items: basic_expenditure (line_item)" in unknown
    assert "line_items.yaml expenditure_nature_lines: basic_expenditure (line_item)" in unknown
    assert "disclosure.yaml total_row_line_items: basic_expenditure (line_item)" in unknown


def test_a_word_an_analyst_adds_to_a_form_rule_changes_how_a_table_is_labelled(monkeypatch):
    """The finder reads its rules from forms.yaml: a new template's word added there labels its tables."""
    rows = [Row([Cell("人员与经费表", 1), Cell("数值", 1)]), Row([Cell("在编", 2), Cell("12", 2)])]
    assert classify(rows, "") == ("unknown", "unknown")

    extended = copy.deepcopy(lexicon.load("forms"))
    extended["form_rules"][0]["cells"][0].append("人员与经费表")
    real_load = lexicon.load
    monkeypatch.setattr(lexicon, "load", lambda name: extended if name == "forms" else real_load(name))
    form_rules.cache_clear()
    try:
        assert classify(rows, "") == ("basic_data_table", "basic_data")
    finally:
        form_rules.cache_clear()


def test_label_prefixes_come_off_a_row_label_before_lookup():
    assert lexicon.label_key("其中：财政拨款") == "财政拨款"
    assert lexicon.label_key("（一）含:上年结转") == "上年结转"
    assert lexicon.lookup("line_items", "budget_line_items", "包括：办公费") == "office_expenses"
    assert lexicon.label_key("含-办公费") == "-办公费"  # 含 takes a colon only
