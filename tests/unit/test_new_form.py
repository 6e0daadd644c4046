"""A new form is one rule in lexicon forms.yaml, one extractor module ingest/extraction/forms/<kind>.py and its
tests (docs/architecture.md): nothing else in the extraction code names it."""

from __future__ import annotations

import copy
import sys
import types

from ingest.extraction import lexicon
from ingest.extraction.extract import extractor_of
from ingest.extraction.forms.common import Context, emit_value
from ingest.extraction.forms.finder import FormSpan, form_rules
from tests.unit.helpers import extract, facts, table


def _staff_extract(span: FormSpan, ctx: Context) -> None:
    for row in span.rows[1:]:
        label, value = row.cells[0], row.cells[-1]
        if "编制" in label.text:
            emit_value(ctx, "fct_staffing", {}, "authorized_headcount", value, None, span.form_code, row)


def test_a_rule_and_a_module_make_a_new_form_read(monkeypatch):
    document = table([["人员编制登记卡", "人数"], ["核定编制", "23"]])
    assert not facts(extract(document), "fct_staffing")  # no form knows this table yet

    module = types.ModuleType("ingest.extraction.forms.staff_card")
    module.extract = _staff_extract  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ingest.extraction.forms.staff_card", module)
    rules = copy.deepcopy(lexicon.load("forms"))
    rules["form_rules"].insert(
        0, {"form": "basic_data_table", "kind": "staff_card", "cells": [["人员编制登记卡"]]}
    )
    real_load = lexicon.load
    monkeypatch.setattr(lexicon, "load", lambda name: rules if name == "forms" else real_load(name))
    form_rules.cache_clear()
    extractor_of.cache_clear()
    try:
        result = extract(document)
    finally:
        form_rules.cache_clear()
        extractor_of.cache_clear()
    assert "basic_data_table" in result.extraction.forms
    assert facts(result, "fct_staffing") == {("fct_staffing", "authorized_headcount"): 23}


def test_a_kind_without_a_module_is_read_by_nothing():
    assert extractor_of("project_listing") is None
    assert extractor_of("self_eval") is not None
