"""Build flattened-text documents in tests and extract their facts."""

from __future__ import annotations

from decimal import Decimal

from ingest.extraction.extract import extract_document
from ingest.extraction.readers.flattened_text import parse_lines


def table(rows: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for i, row in enumerate(rows):
        if i:
            lines.append("")
        for cell in row:
            first, *rest = cell.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
    return lines + ["", ""]


def extract(*parts: list[str] | str):
    lines: list[str] = []
    for part in parts:
        lines.extend([part] if isinstance(part, str) else part)
    return extract_document(parse_lines(lines, "test.txt"))


def facts(result, mart: str | None = None) -> dict[tuple, Decimal | str]:
    """{(mart, key items..., measure): value} for easy assertions (first statement of each)."""
    found: dict[tuple, Decimal | str] = {}
    for f in result.extraction.facts:
        if mart and f.mart != mart:
            continue
        key = (f.mart, *sorted((k, v) for k, v in f.key.items()), f.measure_name)
        found.setdefault(key, f.value_num if f.value_num is not None else f.value_text)
    return found


def value(result, mart: str, measure_name: str, /, **key) -> Decimal | str | None:
    for f in result.extraction.facts:
        if (
            f.mart == mart
            and f.measure_name == measure_name
            and all(f.key.get(k) == v for k, v in key.items())
        ):
            return f.value_num if f.value_num is not None else f.value_text
    return None
