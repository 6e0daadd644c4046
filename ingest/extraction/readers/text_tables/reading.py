"""The lines of PDF-extracted text around and in a table: captions, titles, notes and page noise, and the
rows of a table read under its header (read_rows) — codes alone on their line, names wrapped onto the next
ones, values on a line of their own, the header repeated after a page break, a 收支总表 line holding a row of
each side."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from ingest.extraction.lexicon import load
from ingest.extraction.readers.text_tables.header import Header, normal
from ingest.extraction.readers.text_tables.rows import (
    Segment,
    code_segments,
    is_value,
    label_segments,
    leading_values,
    numbering,
    value_segment,
)

Pieces = list[tuple[int, str]]  # (1-based line in the file, text)

_PAGE_NOISE = re.compile(r"^[-—－\s]*(\d+|第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?)[-—－\s]*$")
_CAPTION = re.compile(r"单位\s*[:：]\s*(亿元|万元|元)\s*$")
_TITLE = re.compile(r"^[^。；，,：:]{2,50}表$")
_GLUED_CODE = re.compile(
    r"^(\D+?)([1-9]\d{2}(?:\d{2}){0,2})$"
)  # a wrapped name's tail glued to the next code
YUAN_PER_UNIT = {"亿元": Decimal(100000000), "万元": Decimal(10000), "元": Decimal(1)}


@cache
def _note() -> re.Pattern:
    """注： / 说明： (lexicon table_headers.yaml note_marks) opening a line: a note after the table."""
    marks = "|".join(re.escape(w) for w in load("table_headers")["note_marks"])
    return re.compile(rf"^({marks})\s*[:：]")


def is_caption(text: str) -> re.Match | None:
    """编制部门：… 单位：元 / 单位：万元: the unit of the table that follows."""
    return _CAPTION.search(text)


def is_title(text: str) -> bool:
    return bool(_TITLE.match(text)) and any(w in text for w in load("table_headers")["title_words"])


def is_noise(text: str) -> bool:
    return not text or bool(_PAGE_NOISE.match(text))


def ends_table(text: str) -> bool:
    return bool(_note().match(text) or is_caption(text) or is_title(text))


@dataclass
class RawTable:
    header: Header
    header_lines: list[str]  # as written, to recognise the header repeated after a page break
    line: int  # where the header starts
    yuan_per_unit: Decimal | None  # from the caption; None when the text does not say
    rows: list[list[Segment | None]] = field(default_factory=list)  # per row, its segment on each side


def segments_of(tokens: list[str], line: int, header: Header) -> list[Segment] | None:
    """The segments of a data line under this header (None when the line is not one)."""
    kind, two = header.sides[0].label, len(header.sides) == 2
    if kind == "code":
        return code_segments(tokens, line, two)
    if kind == "label":
        return label_segments(tokens, line)
    return value_segment(tokens, line)


def is_data_line(text: str) -> bool:
    """Whether a line under a caption is a table row rather than more of its header."""
    tokens = text.split()
    if not tokens or "栏次" in tokens:
        return False
    if code_segments(tokens, 0, True) is not None or value_segment(tokens, 0) is not None:
        return True
    labelled = label_segments(tokens, 0)
    return (
        labelled is not None
        and bool(labelled)
        and (numbering(labelled[0].label) is not None or any(s.values for s in labelled))
    )


@dataclass
class _Sides:
    """What the rows so far tell about each side of a two-sided table: its last 一、二、… number, its last
    code's 类, the side of the last row that had one side only."""

    numbers: list[int | None] = field(default_factory=lambda: [None, None])
    classes: list[str | None] = field(default_factory=lambda: [None, None])
    last_lone: int | None = None

    def rows(self, segments: list[Segment], header: Header) -> list[list[Segment | None]]:
        """The rows a line holds: one per segment of a one-sided table (rows glued into one line), one row
        with a segment per side of a two-sided table."""
        if len(header.sides) == 1:
            return [[segment] for segment in segments]
        if len(segments) == 2:
            for side, segment in enumerate(segments):
                self._remember(side, segment)
            return [list(segments)]
        segment = segments[0]
        side = self._side_of(segment, header)
        self._remember(side, segment)
        self.last_lone = side
        return [[segment, None] if side == 0 else [None, segment]]

    def _remember(self, side: int, segment: Segment) -> None:
        if numbering(segment.label) is not None:
            self.numbers[side] = numbering(segment.label)
        if segment.code:
            self.classes[side] = segment.code[:3]

    def _side_of(self, segment: Segment, header: Header) -> int:
        if segment.code:
            same_class = [s for s in (0, 1) if self.classes[s] == segment.code[:3]]
            if len(same_class) == 1:
                return same_class[0]
            return self.last_lone if self.last_lone is not None else 0
        number = numbering(segment.label)
        following = [s for s in (0, 1) if number is not None and (self.numbers[s] or 0) + 1 == number]
        if len(following) == 1:
            return following[0]
        # 收入 / 支出 named by the words above the sides
        groups = load("table_headers")["side_groups"]
        words = [next((w for w in groups if side.group.endswith(w)), None) for side in header.sides]
        named = [s for s, word in enumerate(words[:2]) if word and segment.label and word in segment.label]
        if len(named) == 1:
            return named[0]
        segment.doubtful_side = bool(segment.values)
        return 0


def _wrapped_name(text: str) -> bool:
    return len(text) <= 12 and not re.search(r"[\d。，；：、（）()]", text)


def _next_is_row_or_end(pieces: Pieces, index: int, header: Header) -> bool:
    """Whether what follows more of a wrapped name is a row (possibly with the name's tail glued to its code),
    a values line, the end of the table or of the text: not prose (a short heading after a table is no name)."""
    for _, text in pieces[index:]:
        tokens = text.split()
        if not tokens:
            continue
        if _wrapped_name(" ".join(tokens)):
            continue
        glued = _GLUED_CODE.match(tokens[0])
        if glued:
            tokens = [glued.group(2), *tokens[1:]]
        leading = leading_values(tokens)
        return (
            segments_of(tokens, 0, header) is not None
            or leading == len(tokens)
            or (leading > 0 and segments_of(tokens[leading:], 0, header) is not None)
            or ends_table(" ".join(tokens))
        )
    return True


def read_rows(pieces: Pieces, start: int, table: RawTable) -> int:
    """Read the table's rows from piece `start` on; returns the index of the first piece after the table."""
    header, sides = table.header, _Sides()
    header_text = normal("".join(table.header_lines))
    header_lines = {normal(line) for line in table.header_lines}
    if header.total_row_in_header:
        table.rows.append([Segment(table.line, "", "合计")] + [None] * (len(header.sides) - 1))
    i = start
    while i < len(pieces):
        number, text = pieces[i]
        stripped = text.strip()
        if is_noise(stripped) and not _code_alone(pieces, i):
            i += 1
            continue
        if ends_table(stripped):
            break
        tokens = stripped.split()
        last = _last_segment(table)
        glued = _GLUED_CODE.match(tokens[0])
        if (
            glued
            and last is not None
            and last.code
            and segments_of([glued.group(2), *tokens[1:]], number, header)
        ):
            last.label += glued.group(1)  # the wrapped tail of the previous name, glued to this code
            tokens = [glued.group(2), *tokens[1:]]
        segments = segments_of(tokens, number, header)
        if segments is not None:
            i += 1
            if len(header.sides) == 2 and len(segments) == 1 and not segments[0].values:
                i = _complete_label(pieces, i, segments[0], header)
            table.rows += sides.rows(segments, header)
            continue
        leading = leading_values(tokens)
        rest = segments_of(tokens[leading:], number, header) if leading < len(tokens) else []
        if last is not None and last.code and not last.values and leading and rest is not None:
            # the values of a row whose code and name stood on lines of their own (then, in a two-sided
            # table, the other side's row on the same line)
            last.values = tokens[:leading]
            table.rows += sides.rows(rest, header) if rest else []
            i += 1
            continue
        repeated = normal(stripped) in header_lines
        if (
            last is not None
            and header.sides[0].label != "none"
            and not last.total
            and not repeated
            and _wrapped_name(stripped)
            and _next_is_row_or_end(pieces, i + 1, header)
        ):
            last.label += "".join(tokens)  # a name wrapped onto its own line
            i += 1
            continue
        if repeated or normal(stripped) in header_text:
            i += 1  # the header again, after a page break
            continue
        break
    return i


def _complete_label(pieces: Pieces, index: int, segment: Segment, header: Header) -> int:
    """A lone row of a two-sided table whose label wrapped ("四、文化旅游体育与传媒" / "支出" / "3,000
    3,000"): its whole label and values are taken before its side is decided from them. Returns the index
    of the next piece to read."""
    while index < len(pieces):
        text = pieces[index][1].strip()
        tokens = text.split()
        if tokens and all(is_value(t) for t in tokens):
            segment.values = tokens
            return index + 1
        if not (text and _wrapped_name(text) and _next_is_row_or_end(pieces, index + 1, header)):
            return index
        segment.label += "".join(tokens)
        index += 1
    return index


def _code_alone(pieces: Pieces, index: int) -> bool:
    """A code on a line of its own, its name and values on the lines below ("2010301" / "行 政 运 行" /
    "4.50 4.50"), rather than a page number: a 类 code only when its name follows."""
    text = pieces[index][1].strip()
    if not (text.isdigit() and len(text) in (3, 5, 7)):
        return False
    following = next((t.strip() for _, t in pieces[index + 1 :] if t.strip()), "")
    return len(text) > 3 or (bool(following) and _wrapped_name(following))


def _last_segment(table: RawTable) -> Segment | None:
    if not table.rows:
        return None
    return next((s for s in reversed(table.rows[-1]) if s is not None), None)
