"""Analyst-editable word lists (YAML) that map wording to the contract's codes."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import yaml

from ingest.extraction.normalise import squash, strip_numbering

_DIR = Path(__file__).parent
# the one code list (kind, code, label_zh): the marts' tests and the pages' labels read it too
CODE_LIST = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds" / "code_labels.csv"

# lexicon sections whose keys are contract codes, and the kind of code each holds
CODE_SECTIONS: dict[tuple[str, str], str] = {
    ("line_items", "budget_line_items"): "line_item",
    ("line_items", "three_public_categories"): "category",
    ("prose", "schemes"): "scheme",
    ("prose", "populations"): "population",
    ("prose", "flows"): "flow",
    ("prose", "coverage_measures"): "measure",
}
_PREFIXES = re.compile(r"^(其中[：:\-－]?|含[：:]?|包括[：:]?)")


@cache
def load(name: str) -> dict:
    return yaml.safe_load((_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def label_key(text: str | None) -> str:
    """A row label reduced for lookup: no whitespace, numbering, '其中：' or trailing colon."""
    s = squash(text)
    previous = None
    while previous != s:
        previous = s
        s = strip_numbering(s)
        s = _PREFIXES.sub("", s)
    s = re.sub(r"[（(](万元|元|亿元|人)[)）]$", "", s)
    return s.rstrip("：:")


@cache
def _index(name: str, section: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, labels in load(name)[section].items():
        for label in labels:
            index[label_key(label)] = code
    return index


def lookup(name: str, section: str, text: str | None) -> str | None:
    return _index(name, section).get(label_key(text))


def known_codes(code_list: Path = CODE_LIST) -> dict[str, set[str]]:
    """kind → its codes, from the code list."""
    codes: dict[str, set[str]] = {}
    with code_list.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            codes.setdefault(row["kind"], set()).add(row["code"])
    return codes


def unknown_codes(codes: dict[str, set[str]] | None = None) -> list[str]:
    """Every code a lexicon maps wording to that the code list lacks, as "file.yaml section: code (kind)". An
    analyst who adds a code to a lexicon adds its Chinese name to the code list too (the pages show it)."""
    codes = known_codes() if codes is None else codes
    return [
        f"{name}.yaml {section}: {code} ({kind})"
        for (name, section), kind in CODE_SECTIONS.items()
        for code in load(name)[section]
        if code not in codes.get(kind, set())
    ]
