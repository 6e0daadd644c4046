"""Analyst-editable word lists (YAML) that map wording to the contract's codes."""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from ingest.extraction.normalise import squash, strip_numbering

_DIR = Path(__file__).parent
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LEXICON_FILES = tuple(sorted(_DIR.glob("*.yaml")))
# the one code list (kind, code, label_zh): the marts' tests and the pages' labels read it too
CODE_LIST = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds" / "code_labels.csv"

# lexicon sections that hold contract codes, and the kind of code each holds: a word list's keys (code → its
# words) or a list of codes. A section inside another is named by its path, "final_accounts.columns".
CODE_SECTIONS: dict[tuple[str, str], str] = {
    ("line_items", "budget_line_items"): "line_item",
    ("line_items", "three_public_categories"): "category",
    ("line_items", "budget_columns"): "column",
    ("line_items", "fund_parts"): "line_item",
    ("line_items", "expenditure_nature_lines"): "line_item",
    ("prose", "schemes"): "scheme",
    ("prose", "populations"): "population",
    ("prose", "flows"): "flow",
    ("prose", "coverage_measures"): "measure",
    ("forms", "basic_data.staffing_columns"): "column",
    ("forms", "final_accounts.columns"): "column",
    ("forms", "final_accounts.total_line_items"): "statement",
    ("disclosure", "standard_tables"): "table_code",
    ("disclosure", "value_columns"): "column",
    ("disclosure", "summary_labels"): "line_item",
    ("disclosure", "summary_grand_totals"): "line_item",
    ("disclosure", "economic_total_labels"): "line_item",
    ("disclosure", "three_public_columns"): "category",
    ("disclosure", "listings.three_public_rows"): "category",
    ("disclosure", "listings.three_public_counts"): "column",
}
# sections whose values are contract codes (the leaves of a mapping: word → code, or code → code)
CODE_VALUE_SECTIONS: dict[tuple[str, str], str] = {
    ("forms", "final_accounts.total_line_items"): "line_item",
    ("disclosure", "function_statements"): "statement",
    ("disclosure", "total_row_line_items"): "line_item",
    ("disclosure", "economic_line_items"): "line_item",
}


@cache
def load(name: str) -> dict:
    # libyaml's loader where PyYAML was built with it: the same safe subset, eight times faster to load
    return yaml.load((_DIR / f"{name}.yaml").read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


def section(name: str, path: str) -> Any:
    """A section of a lexicon by its path: section("forms", "final_accounts.columns")."""
    node: Any = load(name)
    for part in path.split("."):
        node = node[part]
    return node


@cache
def words(name: str, path: str) -> tuple[str, ...]:
    """A word list of a lexicon, in its order."""
    return tuple(section(name, path))


@cache
def word_map(name: str, path: str) -> dict[str, str]:
    """A code → words section turned round: each word → its code (the first code that lists it wins)."""
    index: dict[str, str] = {}
    for code, labels in section(name, path).items():
        for label in labels:
            index.setdefault(label, code)
    return index


@cache
def _label_prefixes() -> re.Pattern:
    """line_items.yaml label_prefixes as one pattern, the longest first."""
    prefixes = sorted(load("line_items")["label_prefixes"], key=len, reverse=True)
    return re.compile("^(" + "|".join(re.escape(p) for p in prefixes) + ")")


_UNIT_NOTE = re.compile(r"[（(](万元|元|亿元|人)[)）]$")


# every row label and header cell of a document is looked up, and the labels repeat across rows and documents
@lru_cache(maxsize=8192)
def label_key(text: str | None) -> str:
    """A row label reduced for lookup: no whitespace, numbering, '其中：' or trailing colon."""
    s = squash(text)
    previous = None
    while previous != s:
        previous = s
        s = strip_numbering(s)
        s = _label_prefixes().sub("", s)
    s = _UNIT_NOTE.sub("", s)
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


def _keys(node: Any) -> list[str]:
    return list(node) if isinstance(node, dict | list) else [node]


def _leaves(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in _leaves(value)]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value)]
    return [node]


def unknown_codes(codes: dict[str, set[str]] | None = None) -> list[str]:
    """Every code a lexicon maps wording to that the code list lacks, as "file.yaml section: code (kind)". An
    analyst who adds a code to a lexicon adds its Chinese name to the code list too (the pages show it)."""
    codes = known_codes() if codes is None else codes
    found = [
        (name, path, code, kind)
        for (name, path), kind in CODE_SECTIONS.items()
        for code in _keys(section(name, path))
    ]
    found += [
        (name, path, code, kind)
        for (name, path), kind in CODE_VALUE_SECTIONS.items()
        for code in _leaves(section(name, path))
    ]
    return [
        f"{name}.yaml {path}: {code} ({kind})"
        for name, path, code, kind in found
        if str(code) not in codes.get(kind, set())
    ]
