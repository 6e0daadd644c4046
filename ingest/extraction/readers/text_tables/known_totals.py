"""Column totals a document states outside the table being read, to place the values of rows that lost
their empty cells: the 说明 prose ("事业收入0万元", "其中：基本支出 12.30 万元") and the 收支总表 (an income
line left empty, "二、事业收入", when the lines that are filled add up to the side's total).

A total is used only to choose between placements the table's own arithmetic already allows; a name
stated twice with two different figures is not used at all."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ingest.extraction.lexicon import load
from ingest.extraction.readers.text_tables.header import Side, normal
from ingest.extraction.readers.text_tables.placement import amount
from ingest.extraction.readers.text_tables.rows import Segment, numbering

_UNITS = {"亿元": Decimal(100000000), "万元": Decimal(10000), "元": Decimal(1)}
_BOUNDARY = "，,；;：:、。()"  # what may stand right before a column's name in the prose


@dataclass(frozen=True)
class KnownTotal:
    yuan: Decimal
    precision: Decimal  # 元 of its last written digit; 0 when written exactly (a table figure)

    def agrees(self, yuan: Decimal) -> bool:
        """The table's total, rounded half-up or cut to this statement's precision, is this figure."""
        if self.yuan == 0 or self.precision == 0:
            return yuan == self.yuan
        rounded = (yuan / self.precision).quantize(Decimal(1), rounding=ROUND_HALF_UP) * self.precision
        cut = (yuan / self.precision).quantize(Decimal(1), rounding=ROUND_DOWN) * self.precision
        return self.yuan in (rounded, cut)


def column_aliases(column: str, side: Side) -> list[str]:
    """The names under which the prose may state a column's total (normalised)."""
    name = normal(column)
    names = [name]
    lexicon = load("table_headers")
    for suffix in lexicon["subtotal_suffixes"]:
        if name.endswith(suffix) and len(name) > len(suffix):
            names.append(name[: -len(suffix)])
    names += [normal(alias) for alias in lexicon["prose_aliases"].get(column, [])]
    if "支出" in side.group:
        names += [normal(alias) for alias in lexicon["spending_aliases"].get(column, [])]
    # names too general to tie a prose figure to one column
    general = tuple(lexicon["general_names"])
    return [n for n in names if n and not n.endswith(general)]


def _merge(found: dict[str, KnownTotal | None], name: str, total: KnownTotal) -> None:
    """Keep a name's total; a second statement that does not agree with the first drops it."""
    if name not in found:
        found[name] = total
        return
    first = found[name]
    if first is None:
        return
    finer, coarser = sorted((first, total), key=lambda t: t.precision)
    if not coarser.agrees(finer.yuan):
        found[name] = None
    else:
        found[name] = finer


def from_prose(paragraphs: Iterable[str], names: Iterable[str]) -> dict[str, KnownTotal | None]:
    """'事业收入0万元', '其中：基本支出 12.30 万元' for each of the names (normalised)."""
    found: dict[str, KnownTotal | None] = {}
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    if not alternatives:
        return found
    connectors = "|".join(re.escape(w) for w in load("table_headers")["prose_connectors"])
    pattern = re.compile(
        rf"(?<![^{re.escape(_BOUNDARY)}])({alternatives})(?:{connectors})?(-?[\d,]+(?:\.\d+)?)(亿元|万元|元)"
    )
    for paragraph in paragraphs:
        for match in pattern.finditer(normal(paragraph)):
            written = Decimal(match.group(2).replace(",", ""))
            factor = _UNITS[match.group(3)]
            exponent = (
                written.as_tuple().exponent
            )  # an int: the pattern matched digits, never NaN or Infinity
            precision = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0) * factor
            _merge(found, match.group(1), KnownTotal(written * factor, precision))
    return found


def from_summary(segments: list[Segment], yuan_per_unit: Decimal) -> dict[str, KnownTotal | None]:
    """One side of a 收支总表 with one value column: when its 一、二、… lines add up to the side's first total
    line, each of them is known, an empty one as nothing."""
    top: list[Segment] = []
    for segment in segments:
        if segment.total:
            if len(segment.values) != 1 or any(len(s.values) > 1 for s in top):
                return {}
            stated = sum(amount(s.values[0]) if s.values else Decimal(0) for s in top)
            if not top or stated != amount(segment.values[0]):
                return {}
            found: dict[str, KnownTotal | None] = {}
            for s in top:
                label = normal(re.sub(r"^[一二三四五六七八九十]+、", "", s.label))
                value = amount(s.values[0]) if s.values else Decimal(0)
                _merge(found, label, KnownTotal(value * yuan_per_unit, Decimal(0)))
            return found
        if numbering(segment.label) is not None:
            top.append(segment)
    return {}


def merge_all(*sources: dict[str, KnownTotal | None]) -> dict[str, KnownTotal]:
    merged: dict[str, KnownTotal | None] = {}
    for source in sources:
        for name, total in source.items():
            if total is None:
                merged[name] = None
            else:
                _merge(merged, name, total)
    return {name: total for name, total in merged.items() if total is not None}
