"""Numbers, units, rates and names: the one place where written figures become values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

EMPTY_MARKS = {"", "——", "—", "--", "-", "－", "/", "／", "无", "——。", "…", "……", "\\"}

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000), "千元": Decimal(1000)}
PERSON_UNITS = {"人": 1, "名": 1, "万人": 10_000, "万名": 10_000, "户": 1, "家": 1, "个": 1}

_WS = re.compile(r"[\s\u3000\u00a0]+")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_LEADING_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．](?!\d)|\d+\s+)\s*"
)
_SCORE_NOTE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


# a document squashes the same cells thousands of times (every form finder, reader and rule looks at them)
@lru_cache(maxsize=16384)
def squash(text: str | None) -> str:
    """Remove every kind of whitespace (line breaks included)."""
    return _WS.sub("", text or "")


@lru_cache(maxsize=8192)  # a cell is cleaned once per rule that reads it
def clean_text(text: str | None) -> str | None:
    """A cell as written: trimmed (U+3000 too), inner line breaks turned into nothing between CJK runs."""
    if text is None:
        return None
    lines = [ln.strip(" \u3000\t\r") for ln in text.split("\n")]
    joined = "".join(ln for ln in lines if ln)
    return joined or None


def is_empty_mark(text: str | None) -> bool:
    return squash(text) in EMPTY_MARKS


@dataclass(frozen=True)
class Number:
    value: Decimal
    decimals: int  # digits written after the point: the statement's precision
    typo: str | None = None  # e.g. "double %"


# The parsers are cached: a cell is parsed by each check a reader makes (a figure? does it fit this column?)
# before it is emitted. Their results (Number, Quantity, Decimal) are immutable, so sharing them is safe.
@lru_cache(maxsize=8192)
def parse_plain_number(text: str | None) -> Number | None:
    """'1,343,150.00' / ' 26.23　' / '0' → Number; anything else → None."""
    s = squash(text)
    if not s:
        return None
    s = s.replace("，", ",").replace("．", ".")
    if not _NUMBER.match(s):
        return None
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None
    decimals = len(s.split(".")[1]) if "." in s else 0
    return Number(value, decimals)


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str  # '元', 'rate', '人', or the literal unit as written
    precision: Decimal  # half-width of the rounding interval, in the normalised unit
    typo: str | None = None


def _precision(decimals: int, factor: Decimal) -> Decimal:
    return (Decimal(1).scaleb(-decimals) * factor) / 2


@lru_cache(maxsize=8192)
def parse_rate(text: str | None, bare_is_percent: bool = True) -> Quantity | None:
    """'90%' → 0.90; '100%%' → 1.00 (typo noted); '100' in a rate column → 1.00."""
    s = squash(text)
    if not s:
        return None
    s = s.replace("％", "%")
    typo = None
    if s.endswith("%%"):
        typo = "double_percent"
        s = s.rstrip("%") + "%"
    if s.endswith("%"):
        n = parse_plain_number(s[:-1])
        if n is None:
            return None
        return Quantity(n.value / 100, "rate", _precision(n.decimals, Decimal("0.01")), typo)
    n = parse_plain_number(s)
    if n is None:
        return None
    if bare_is_percent and n.value > Decimal("1.5"):
        return Quantity(
            n.value / 100, "rate", _precision(n.decimals, Decimal("0.01")), "percent_sign_missing"
        )
    return Quantity(n.value, "rate", _precision(n.decimals, Decimal(1)), None)


@lru_cache(maxsize=8192)
def parse_money(text: str | None, default_unit: str | None) -> Quantity | None:
    """A money cell: plain number in the column's unit, or a number with its own unit ('18656.41万元')."""
    s = squash(text)
    if not s:
        return None
    unit = default_unit
    for suffix in sorted(MONEY_UNITS, key=len, reverse=True):
        if s.endswith(suffix):
            unit, s = suffix, s[: -len(suffix)]
            break
    n = parse_plain_number(s)
    if n is None or unit is None:
        return None
    factor = MONEY_UNITS[unit]
    return Quantity(n.value * factor, "元", _precision(n.decimals, factor))


def parse_count(text: str | None) -> Quantity | None:
    """'10' / '47人' / '2.31万人' → persons as an integer count."""
    s = squash(text)
    if not s:
        return None
    factor = 1
    for suffix in sorted(PERSON_UNITS, key=len, reverse=True):
        if s.endswith(suffix):
            factor, s = PERSON_UNITS[suffix], s[: -len(suffix)]
            break
    n = parse_plain_number(s)
    if n is None:
        return None
    value = n.value * factor
    if value != value.to_integral_value():
        return None
    return Quantity(value, "人", _precision(n.decimals, Decimal(factor)))


@lru_cache(maxsize=8192)
def parse_score(text: str | None) -> Quantity | None:
    s = squash(text)
    if s.endswith("分"):
        s = s[:-1]
    n = parse_plain_number(s)
    if n is None:
        return None
    return Quantity(n.value, "score", _precision(n.decimals, Decimal(1)))


def money_unit_in(text: str | None) -> str | None:
    """The money unit a header or caption declares: '（万元）', '单位：元', '年度资金总额（元）'."""
    s = squash(text)
    m = re.search(r"(?:单位[:：]?|[（(])\s*(亿元|万元|千元|元)", s)
    return m.group(1) if m else None


def strip_numbering(name: str) -> str:
    """'1、业务工作经费' → '业务工作经费'; '（一）…' and '(5)…' too."""
    previous = None
    while previous != name:
        previous = name
        name = _LEADING_NUMBERING.sub("", name, count=1)
    return name


def project_key(name: str | None) -> str | None:
    """The contract's project_name: as written, without numbering, whitespace or a trailing '项目'."""
    if not name:
        return None
    key = strip_numbering(squash(name))
    key = key.rstrip("：:。；;，,")
    if key.endswith("项目") and len(key) > 2:
        key = key[:-2]
    return key or None


def indicator_name(text: str | None) -> str | None:
    """Indicator level names: whitespace and score notes such as '(54分)' removed."""
    name = _SCORE_NOTE.sub("", squash(text))
    return name or None


_CN_COUNT = re.compile(r"^([零〇一二两三四五六七八九十百千万]+)(次|批次|人次|人|名|个|项|家)?$")


def parse_chinese_count(text: str | None) -> Quantity | None:
    """'一次' → 1, '十二人' → 12: counts written in Chinese numerals."""
    import cn2an

    m = _CN_COUNT.match(squash(text))
    if not m:
        return None
    try:
        value = Decimal(int(cn2an.cn2an(m.group(1), "smart")))
    except (ValueError, KeyError):
        return None
    return Quantity(value, m.group(2) or "", Decimal("0.5"))


_BOUND = re.compile(r"^(≥|≧|>=|＞=|不低于|不少于|大于等于|≤|≦|<=|不高于|不超过|小于等于|>|＞|<|＜)(.+)$")
_BOUND_SIGN = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "＞=": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "大于等于": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "小于等于": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
}


def parse_bound(text: str | None) -> tuple[str, Quantity] | None:
    """'≧95%' → ('>=', 0.95): a target written as a bound."""
    m = _BOUND.match(squash(text))
    if not m:
        return None
    rest = m.group(2)
    quantity = (
        parse_rate(rest, bare_is_percent=False)
        if rest.endswith(("%", "％"))
        else (parse_money(rest, None) if rest.endswith("元") else parse_count(rest))
    )
    return (_BOUND_SIGN[m.group(1)], quantity) if quantity else None
