"""Split prose into sentences, segments (；) and clauses, and find the written quantities in a clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.extraction.normalise import MONEY_UNITS, Quantity, _precision, parse_plain_number

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_SEGMENT_END = re.compile(r"(?<=[；;])")
# A colon right before a figure joins its label ("支出：799.12万元"); any other colon ends a clause. A comma
# between digits that groups thousands ("37,151.47万元") belongs to the number.
_CLAUSE_SPLIT = re.compile(r"[，、；;。！？!?]|(?<!\d),|,(?!\d{3}(?!\d))|[：:](?![\d.])")

_QUANTITY = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|千元|元|万人次|人次|万人|万名|人|名|户|家|批次|次|个|%|％"
    r"|万(?=[\u4e00-\u9fff]{0,6}?(?:人员|人口|群众|居民|农民|渔民|职工|残疾人|对象|士兵|军人)))"
)


@dataclass
class Clause:
    text: str  # squashed (no whitespace)
    line: int


@dataclass
class Found:
    kind: str  # money / persons / person_times / units / times / rate
    quantity: Quantity
    start: int
    end: int
    written: str


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def segments(sentence: str) -> list[str]:
    return [s for s in _SEGMENT_END.split(sentence) if s.strip()]


def clauses(segment: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(segment) if c]


@dataclass
class ClauseRef:
    """One clause of a paragraph with where it sits: sentence number, its segment, the figures in it."""

    sentence_no: int
    sentence: str
    segment: str
    text: str
    found: list[Found]


def paragraph_clauses(text: str) -> list[ClauseRef]:
    refs = []
    for sentence_no, sentence in enumerate(sentences(text)):
        for segment in segments(sentence):
            for clause in clauses(segment):
                refs.append(ClauseRef(sentence_no, sentence, segment, clause, quantities(clause)))
    return refs


def quantities(clause: str) -> list[Found]:
    found = []
    for m in _QUANTITY.finditer(clause):
        number = parse_plain_number(m.group("number"))
        if number is None:
            continue
        unit = m.group("unit")
        after = clause[m.end() : m.end() + 1]
        if after in ("/", "／") or (m.start() > 0 and clause[m.start() - 1] in "第"):
            continue
        if unit in MONEY_UNITS:
            factor = MONEY_UNITS[unit]
            q = Quantity(number.value * factor, "元", _precision(number.decimals, factor))
            kind = "money"
        elif unit in ("%", "％"):
            if clause[m.end() : m.end() + 1] in ("%", "％"):
                continue
            q = Quantity(number.value / 100, "rate", _precision(number.decimals, Decimal("0.01")))
            kind = "rate"
        elif unit in ("人次", "万人次"):
            times = 10_000 if unit == "万人次" else 1
            q = Quantity(number.value * times, "人次", _precision(number.decimals, Decimal(times)))
            kind = "person_times"
        elif unit in ("人", "名", "万人", "万名", "万"):
            persons = 10_000 if unit.startswith("万") else 1
            value = number.value * persons
            if value != value.to_integral_value():
                continue
            q = Quantity(value, "人", _precision(number.decimals, Decimal(persons)))
            kind = "persons"
        elif unit in ("户", "家", "个"):
            q = Quantity(number.value, unit, Decimal(0))
            kind = "units"
        else:
            q = Quantity(number.value, "次", Decimal(0))
            kind = "times"
        found.append(Found(kind, q, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda f: f.start)
