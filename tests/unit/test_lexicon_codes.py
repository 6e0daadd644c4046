"""Every code a lexicon maps wording to is in the one code list (dbt seed code_labels), so the marts' known_code
tests accept it and the pages can name it."""

from __future__ import annotations

from ingest.extraction import lexicon


def test_every_lexicon_code_is_in_the_code_list():
    assert lexicon.unknown_codes() == []


def test_a_code_missing_from_the_code_list_is_named_with_its_file_and_kind():
    codes = lexicon.known_codes()
    codes["flow"] = codes["flow"] - {"benefit_payment"}
    assert lexicon.unknown_codes(codes) == ["prose.yaml flows: benefit_payment (flow)"]
