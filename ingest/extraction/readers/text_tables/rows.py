"""A line of PDF-extracted text → the table segments it holds: a subject code and its name, or a label
(合计, 一、财政拨款收入), followed by its values. A 收支总表 line holds two (one per side of the table).

Codes arrive in pieces: 类 / 款 / 项 as separate tokens ("201 13 01 行政运行"), glued to the name ("201
1301行政运行") or whole ("2013901"); the segment keeps them as one run of digits. A name broken by letter
spacing ("行 政 事 业 单 位") is joined back without spaces."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ingest.extraction.lexicon import load
from ingest.extraction.readers.text_tables.header import normal

_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_EMPTY = {"-", "—", "——", "－", "/"}
_CLASS_CODE = re.compile(r"^[1-9]\d{2}(\d{2}){0,2}$")  # 类 (3 digits), or 类款 / 类款项 written whole
_CODE_PART = re.compile(r"^\d{1,2}$")  # a 款 / 项 part; a publisher's number format may drop its leading zero
_GLUED_PART = re.compile(r"^(\d{2}|\d{4})([^\d,.\s].*)$")  # "1301行政运行"
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）])")
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


@cache
def total_words() -> tuple[str, ...]:
    """The words a total row's label ends with (lexicon table_headers.yaml total_rows)."""
    return tuple(load("table_headers")["total_rows"])


def is_value(token: str) -> bool:
    return bool(_NUMBER.match(token)) or token in _EMPTY


def is_total_label(text: str) -> bool:
    """合计 / 总计 rows, also 本年收入合计, 收入总计, 人员经费合计."""
    return normal(text).endswith(total_words())


@dataclass
class Segment:
    line: int
    code: str  # the subject / economic code as digits, '' for a labelled row
    label: str  # the code's name, or the row's label
    values: list[str] = field(default_factory=list)
    doubtful_side: bool = False  # a lone segment of a two-sided table whose side the text does not tell

    @property
    def total(self) -> bool:
        return not self.code and is_total_label(self.label)

    def describe(self) -> str:
        return " ".join(part for part in (self.code, self.label) if part)


def code_at(tokens: list[str], i: int) -> tuple[str, int, str] | None:
    """(code digits, index of the token after the code, name text glued to the code) when a code starts at
    token i: a 类 code followed by 款 / 项 parts, then a name (or nothing: a code alone on its line)."""
    if not _CLASS_CODE.match(tokens[i]):
        return None
    code, j = tokens[i], i + 1
    parts: list[str] = []
    while len(code) + 2 * (len(parts) + 1) <= 7 and j + len(parts) < len(tokens):
        if not _CODE_PART.match(tokens[j + len(parts)]):
            break
        parts.append(tokens[j + len(parts)])
    # the parts end where the name begins: give back parts until a name (or the line's end) follows
    while True:
        after = j + len(parts)
        if after == len(tokens) or not is_value(tokens[after]):
            break
        if not parts:
            return None
        parts.pop()
    code += "".join(part.zfill(2) for part in parts)
    after = j + len(parts)
    if after < len(tokens) and len(code) < 7:
        glued = _GLUED_PART.match(tokens[after])
        if glued and len(code) + len(glued.group(1)) <= 7:
            return code + glued.group(1), after + 1, glued.group(2)
    return code, after, ""


def is_sub_item(label: str) -> bool:
    """1. / （一） items under a numbered line of a 收支总表."""
    return bool(re.match(r"^(\d+[.．、]|[（(])", label))


def leading_values(tokens: list[str]) -> int:
    """How many values open the line, before a code that starts a row ("4.50 30206 电费 0.00" → 1)."""
    k = 0
    while k < len(tokens) and is_value(tokens[k]):
        if k and k + 1 < len(tokens) and code_at(tokens, k):
            break
        k += 1
    return k


def numbering(label: str) -> int | None:
    """The top-level number of a label numbered 一、二、… (None for 1. / （一） / no numbering)."""
    match = re.match(r"^([一二三四五六七八九十]+)、", label)
    if not match:
        return None
    text = match.group(1)
    if "十" not in text:
        return _CHINESE_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CHINESE_DIGITS.get(ones, 0) if ones else 0)


def _spaced_totals(tokens: list[str]) -> list[str]:
    """ "合 计" / "总 计" printed letter-spaced are one label."""
    out: list[str] = []
    for token in tokens:
        if out and len(out[-1]) == 1 and len(token) == 1 and out[-1] + token in total_words():
            out[-1] += token
        else:
            out.append(token)
    return out


def code_segments(tokens: list[str], line: int, two_sides: bool) -> list[Segment] | None:
    """Code rows (and total rows) on one line: one per side of a two-sided table, or a run of rows glued into
    one line; None when the line is not made of them."""
    tokens = _spaced_totals(tokens)
    segments: list[Segment] = []
    i = 0
    while i < len(tokens):
        start = code_at(tokens, i)
        if start is not None:
            code, i, glued = start
            segment = Segment(line, code, glued)
        elif is_total_label(tokens[i]) and not is_value(tokens[i]):
            segment = Segment(line, "", tokens[i])
            i += 1
        else:
            return None
        name = [segment.label] if segment.label else []
        while i < len(tokens) and not is_value(tokens[i]):
            if two_sides and name and is_total_label(tokens[i]):
                break  # the right half's total label
            name.append(tokens[i])
            i += 1
        if segment.code:
            segment.label = "".join(name)
        elif len(name) > 1:
            return None  # a total label followed by words: a header line, not a row
        while i < len(tokens) and is_value(tokens[i]):
            if segment.values and i + 1 < len(tokens) and code_at(tokens, i):
                break  # a code after values, its name after it: the next row (or the right half's row)
            segment.values.append(tokens[i])
            i += 1
        segments.append(segment)
    if not segments or (two_sides and len(segments) > 2):
        return None
    return segments


def _bare_number(token: str) -> bool:
    match = _NUMBERING.match(token)
    return match is not None and match.end() == len(token)


def label_segments(tokens: list[str], line: int) -> list[Segment] | None:
    """Labelled rows of a 收支总表 (one or two per line): a label starts at its numbering (一、 / 1.), at a
    total word, or after the values of the label before it."""
    tokens = _spaced_totals(tokens)
    segments: list[Segment] = []
    words: list[list[str]] = []
    for token in tokens:
        if is_value(token):
            if not segments:
                return None
            segments[-1].values.append(token)
        elif segments and not segments[-1].values and _bare_number(words[-1][-1]):
            words[-1].append(token)  # "2." and then its label
        elif not segments or segments[-1].values or _NUMBERING.match(token) or is_total_label(token):
            segments.append(Segment(line, "", ""))
            words.append([token])
        else:
            words[-1].append(token)
    for segment, parts in zip(segments, words, strict=True):
        segment.label = " ".join(parts)
    if (
        len(segments) == 1
        and not segments[0].values
        and len(words[0]) == 2
        and not _NUMBERING.match(words[0][0])
    ):
        # two unnumbered labels without values ("年初结转和结余 年末结转和结余"): one per side
        segments = [Segment(line, "", words[0][0]), Segment(line, "", words[0][1])]
    return segments if 0 < len(segments) <= 2 else None


def value_segment(tokens: list[str], line: int) -> list[Segment] | None:
    """A row of values only (a table without label columns)."""
    if tokens and all(is_value(t) for t in tokens):
        return [Segment(line, "", "", list(tokens))]
    return None
