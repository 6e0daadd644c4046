"""The sample corpus the bench and the tests build on: every unit files one report a year under its own name, and
a branch's name is read back whole, so no two units merge in the marts."""

from __future__ import annotations

from collections import Counter

from ingest.extraction.extract import extract_document
from ingest.extraction.readers.flattened_text import parse_lines
from ingest.samples.generator import generate


def _unit(document) -> str:
    return document.gold[0]["document"]["unit_name"]


def test_each_unit_files_one_report_a_year_under_its_own_name():
    # 100 units: more than the places times the kinds of a level, so some units are branches of another
    documents = generate(1_000, 10, 20)
    reports = Counter((_unit(document), document.fiscal_year) for document in documents)
    assert len(reports) == 1_000, reports.most_common(3)
    branch_suffixes = {_unit(document)[-2:] for document in documents if "第" in _unit(document)}
    assert branch_suffixes == {"分局", "中心"}


def test_a_branch_is_identified_by_its_whole_name():
    documents = generate(1_000, 10, 20)
    branch = next(document for document in documents if _unit(document).endswith("分局"))
    result = extract_document(parse_lines(branch.text.split("\n"), branch.file_name))
    assert result.identity.unit_name == _unit(branch)
