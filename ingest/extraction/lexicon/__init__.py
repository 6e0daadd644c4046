"""Analyst-editable word lists (YAML) that map wording to the contract's codes."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from ingest.extraction.normalise import squash, strip_numbering

_DIR = Path(__file__).parent
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
