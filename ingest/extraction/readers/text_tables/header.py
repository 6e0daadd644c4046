"""The header of a 预算 / 决算 table in PDF-extracted text → one flat row of column names.

The text of a header has lost its grid: a name wraps over several lines ("事业单位 / 经营收入"), is glued to
its neighbour ("其他收入功能分类") or is split by a label cell printed between its halves. The header's words
are therefore squashed and cut into the known column names of ingest/extraction/lexicon/table_headers.yaml (longest
first); what is left must be label words (科目编码, 类 款 项 …). One-level headers keep the text's order;
headers of two or three levels are known by their names and take the grid order of their template. A
header that leaves anything else over is unreadable: its table's figures are not read."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ingest.extraction.lexicon import load

_YEAR = re.compile(r"\d{4}年度?")
_QUOTES = re.compile(r"[“”\"'‘’「」]")


@dataclass(frozen=True)
class Side:
    """One label block and its value columns (a 收支总表 has two side by side)."""

    label: str  # "code" (科目编码 + 科目名称), "label" (项目) or "none" (values only)
    columns: tuple[str, ...]
    sums: tuple[tuple[int, tuple[int, ...]], ...] = ()  # (total column, its part columns)
    group: str = ""  # the word above the side (本年收入 / 本年支出), '' when none

    def label_cells(self) -> list[str]:
        """The label columns' names (lexicon table_headers.yaml label_columns); none for a values-only side."""
        return list(_lexicon()["label_columns"].get(self.label, []))


@dataclass(frozen=True)
class Header:
    sides: tuple[Side, ...]
    # an empty 决算 table prints its 合计 row label on the header's last line
    total_row_in_header: bool = False

    def cells(self) -> list[str]:
        return [name for side in self.sides for name in [*side.label_cells(), *side.columns]]


def normal(text: str) -> str:
    """Text as compared: no whitespace, quotes or years; half-width brackets."""
    text = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")
    return _YEAR.sub("", _QUOTES.sub("", text))


@cache
def _lexicon() -> dict:
    return load("table_headers")


@cache
def _vocabulary() -> dict[str, str]:
    """Normalised name → the name as the lexicon writes it, for every column name and template word."""
    lexicon = _lexicon()
    words = [*lexicon["totals"], *lexicon["parts"], *lexicon["others"]]
    words += [w for template in lexicon["templates"] for w in template["words"]]
    return {normal(w): w for w in words}


@cache
def _label_characters() -> frozenset[str]:
    return frozenset("".join(normal(w) for w in _lexicon()["labels"]))


@cache
def _label_words() -> frozenset[str]:
    return frozenset(normal(w) for w in _lexicon()["labels"])


def column_role(name: str) -> str:
    """'total', 'part' or 'other' for a one-level column name."""
    lexicon = _lexicon()
    if name in lexicon["totals"]:
        return "total"
    return "part" if name in lexicon["parts"] else "other"


def is_column_name(text: str) -> bool:
    return normal(text) in _vocabulary()


def _segment(text: str) -> tuple[list[str], str] | None:
    """The known names in squashed header text, in order, and the label characters left over (None when
    something else is left over)."""
    vocabulary = _vocabulary()
    lengths = sorted({len(w) for w in vocabulary}, reverse=True)
    names, rest, i = [], [], 0
    while i < len(text):
        match = next((text[i : i + n] for n in lengths if text[i : i + n] in vocabulary), None)
        if match:
            names.append(vocabulary[match])
            i += len(match)
        else:
            rest.append(text[i])
            i += 1
    leftover = "".join(rest)
    return (names, leftover) if set(leftover) <= _label_characters() else None


def _without_column_numbers(tokens: list[str]) -> tuple[list[str], int | None]:
    """Tokens without the 栏次 numbering ("栏次 1 2 3"), and how many columns it numbers."""
    if "栏次" not in tokens:
        return tokens, None
    at = tokens.index("栏次")
    numbers = [t for t in tokens[at + 1 :] if t.isdigit()]
    return [t for i, t in enumerate(tokens) if i < at or not (t.isdigit() or i == at)], len(numbers)


def _sums(columns: list[str]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """合计 = the other columns, when there is one total and every other column is one of its parts."""
    roles = [column_role(c) for c in columns]
    if roles.count("total") == 1 and len(columns) >= 3 and set(roles) == {"total", "part"}:
        total = roles.index("total")
        return ((total, tuple(i for i in range(len(columns)) if i != total)),)
    return ()


def _template(names: list[str]) -> dict | None:
    counted = Counter(normal(n) for n in names)
    for template in _lexicon()["templates"]:
        if Counter(normal(w) for w in template["words"]) == counted:
            return template
    return None


def _label_kind(leftover: str, tokens: list[str]) -> str:
    """code / label / none, by the label words (lexicon table_headers.yaml label_kinds)."""
    kinds = _lexicon()["label_kinds"]
    words = leftover + "".join(normal(t) for t in tokens if normal(t) in _label_words())
    if any(w in words for w in kinds["code_words"]) or set(kinds["code_tokens"]) <= set(tokens):
        return "code"
    return "label" if any(t in tokens for t in kinds["label_tokens"]) else "none"


def _one_side(lines: list[list[str]]) -> Header | None:
    if lines and len(lines[0]) == 2 and lines[0][0] == "项目" and not is_column_name(lines[0][1]):
        lines = lines[1:]  # "项目 收入预算": a title over every value column
    tokens, numbered = _without_column_numbers([t for line in lines for t in line])
    # label words printed between the halves of a wrapped column name ("对附属单位补 功能分类 助支出") go first
    segmented = _segment(normal("".join(t for t in tokens if normal(t) not in _label_words())))
    if segmented is None:
        return None
    names, leftover = segmented
    kind = _label_kind(leftover, tokens)
    template = _template(names)
    total_row_in_header = False
    if template is None and lines and lines[-1][:1] == ["合计"] and "合计" in names:
        # an empty table's 合计 row printed on the line of the lower header level
        shorter = list(names)
        shorter.remove("合计")
        template = _template(shorter)
        total_row_in_header = template is not None
    if template is not None:
        sums = tuple((total, tuple(parts)) for total, parts in template["sums"])
        return Header((Side(kind, tuple(template["columns"]), sums),), total_row_in_header)
    if not names or any(_template_only(n) for n in names):
        return None  # words of a many-level header that no template knows
    if numbered is not None and numbered != len(names):
        return None
    return Header((Side(kind, tuple(names), _sums(names)),))


def _side(tokens: list[str], kind: str, group: str) -> Side | None:
    segmented = _segment(normal("".join(tokens)))
    if segmented is None or not segmented[0] or any(_template_only(n) for n in segmented[0]):
        return None
    return Side(kind, tuple(segmented[0]), _sums(segmented[0]), group)


def _template_only(name: str) -> bool:
    lexicon = _lexicon()
    return name not in (*lexicon["totals"], *lexicon["parts"], *lexicon["others"])


def _two_sides(lines: list[list[str]]) -> Header | None:
    """A 收支总表 (项目 预算数 | 项目 预算数 …) or a 基本支出 table printed in two halves (科目编码 科目名称 决算数 |
    科目编码 科目名称 决算数); the lines above the first 项目 name the sides (收入 / 支出)."""
    flat = [t for line in lines for t in line]
    groups: list[str] = []
    if flat.count("项目") == 2:
        first = next(i for i, line in enumerate(lines) if "项目" in line)
        groups = [t for line in lines[:first] for t in line]
        tokens = [t for line in lines[first:] for t in line]
        tokens = tokens[tokens.index("项目") :]
        split = tokens.index("项目", 1)
        kind = "label"
    else:
        # the right half starts at the first label word after the left half's value columns
        tokens = flat
        first_value = next((i for i, t in enumerate(tokens) if is_column_name(t)), None)
        if first_value is None:
            return None
        split = next((i for i in range(first_value, len(tokens)) if not is_column_name(tokens[i])), 0)
        kind = "code"
    if not split:
        return None
    group_words = groups if len(groups) == 2 else ["", ""]
    sides = [
        _side(part, kind, group)
        for part, group in zip((tokens[:split], tokens[split:]), group_words, strict=True)
    ]
    if sides[0] is None or sides[1] is None:
        return None
    return Header((sides[0], sides[1]))


def read_header(lines: list[str]) -> Header | None:
    """The flat header of a table from its header lines (None when they cannot be read with certainty)."""
    tokens = [line.split() for line in lines if line.split()]
    flat = [t for line in tokens for t in line]
    if flat.count("项目") == 2 or sum("科目名称" in t for t in flat) == 2:
        return _two_sides(tokens)
    return _one_side(tokens)
