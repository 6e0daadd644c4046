"""Characters into words and lines, the way pdfplumber groups them (its defaults: 3 pt tolerances), so that the
PDF reader's layout rules see the same lines whatever library decoded the page.

A line is a cluster of characters whose tops lie within 3 pt of the next one's; inside it, characters sorted
left to right make a word until a blank character, a gap wider than 3 pt, a step back, or a top 3 pt off.
Words are clustered into lines again and joined with one space."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

from ingest.extraction.readers.pdf_layer import Char

TOLERANCE = 3.0  # pdfplumber's x and y tolerances, in points
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

Item = TypeVar("Item")


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def cluster(items: Sequence[Item], key: Callable[[Item], float], tolerance: float) -> list[list[Item]]:
    """Items grouped by a value, a group running on while each value is within `tolerance` of the one before
    (sorted); groups in value order, items in their given order inside a group."""
    if len(items) < 2:
        return [list(items)] if items else []
    keys = [key(item) for item in items]
    if max(keys) - min(keys) <= tolerance:
        return [list(items)]  # the usual table cell: one line
    values = sorted(set(keys))
    group_of: dict[float, int] = {}
    group, last = 0, values[0]
    for value in values:
        if value > last + tolerance:
            group += 1
        group_of[value] = group
        last = value
    groups: list[list[Item]] = [[] for _ in range(group + 1)]
    for item, value in zip(items, keys, strict=True):
        groups[group_of[value]].append(item)
    return [g for g in groups if g]


def _top(char: Char) -> float:
    return char.top


def _x0(char: Char) -> float:
    return char.x0


def _top_bottom(char: Char) -> tuple[float, float]:
    return char.top, char.bottom


def _upright(char: Char) -> bool:
    return char.upright


def _starts_turned_word(previous: Char, char: Char) -> bool:
    """Turned text reads top to bottom, its lines side by side (upright text: see `words`)."""
    return (
        char.top < previous.top
        or char.top > previous.bottom + TOLERANCE
        or abs(char.x0 - previous.x0) > TOLERANCE
    )


def _word(chars: list[Char]) -> Word:
    first = chars[0]
    if len(chars) == 1:
        return Word(_LIGATURES.get(first.text, first.text), first.x0, first.x1, first.top, first.bottom)
    x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
    for c in chars:
        if c.x0 < x0:
            x0 = c.x0
        if c.x1 > x1:
            x1 = c.x1
        if c.top < top:
            top = c.top
        if c.bottom > bottom:
            bottom = c.bottom
    text = "".join(c.text for c in chars)
    if any(letter in _LIGATURES for letter in text):
        text = "".join(_LIGATURES.get(c.text, c.text) for c in chars)
    return Word(text, x0, x1, top, bottom)


def words(chars: Iterable[Char]) -> list[tuple[Word, list[Char]]]:
    """The words of the characters with the characters of each, in reading order."""
    out: list[tuple[Word, list[Char]]] = []
    for upright, run in groupby(chars, key=_upright):
        run_chars = list(run)
        if upright:
            lines = cluster(run_chars, _top, TOLERANCE)
            sort_key: Callable[[Char], float | tuple[float, float]] = _x0  # pdfplumber sorts by (x0, x0)
        else:
            lines = cluster(run_chars, _x0, TOLERANCE)
            sort_key = _top_bottom
        for line in lines:
            current: list[Char] = []
            previous: Char | None = None
            for char in sorted(line, key=sort_key):
                if char.text.isspace():
                    if current:
                        out.append((_word(current), current))
                    current, previous = [], None
                    continue
                if previous is not None and (
                    (
                        char.x0 < previous.x0
                        or char.x0 > previous.x1 + TOLERANCE
                        or abs(char.top - previous.top) > TOLERANCE
                    )
                    if upright
                    else _starts_turned_word(previous, char)
                ):
                    out.append((_word(current), current))
                    current = [char]
                else:
                    current.append(char)
                previous = char
            if current:
                out.append((_word(current), current))
    return out


def _word_top(entry: tuple[Word, list[Char]]) -> float:
    return entry[0].top


def text_lines(chars: Iterable[Char]) -> list[Line]:
    """The page's text lines, top to bottom: words whose tops run within 3 pt, in the order they were read
    (pdfplumber's `extract_text_lines`); a line's box spans its words' characters."""
    found = words(chars)
    if not found:
        return []
    values = sorted({entry[0].top for entry in found})
    group_of: dict[float, int] = {}
    group, last = 0, values[0]
    for value in values:
        if value > last + TOLERANCE:
            group += 1
        group_of[value] = group
        last = value
    lines: list[Line] = []
    # consecutive words of one cluster make a line (a cluster met again later starts another line)
    for _, run in groupby(found, key=lambda entry: group_of[entry[0].top]):
        entries = list(run)
        text = " ".join(word.text for word, _ in entries)
        if not text.strip():
            continue
        line_chars = [c for _, word_chars in entries for c in word_chars]
        lines.append(
            Line(
                text.strip(" "),
                min(c.x0 for c in line_chars),
                max(c.x1 for c in line_chars),
                min(c.top for c in line_chars),
                max(c.bottom for c in line_chars),
            )
        )
    return lines


def block_text(chars: Sequence[Char]) -> str:
    """The text of a table cell's characters: its lines (words clustered by top, 3 pt) joined with newlines,
    words with one space (pdfplumber's `extract_text`)."""
    single = _single_word(chars)
    if single is not None:
        return single
    found = [word for word, _ in words(chars)]
    return "\n".join(" ".join(word.text for word in line) for line in cluster(found, _word_top_of, TOLERANCE))


def _single_word(chars: Sequence[Char]) -> str | None:
    """The text when the characters make one word on one line (most cells: a figure, a code), else None."""
    ordered = sorted(chars, key=_x0)
    previous = ordered[0]
    if not previous.upright or previous.text.isspace():
        return None
    top = previous.top
    for char in ordered[1:]:
        if (
            not char.upright
            or char.text.isspace()
            or abs(char.top - top) > TOLERANCE  # another line, or a word break
            or char.x0 > previous.x1 + TOLERANCE
            or abs(char.top - previous.top) > TOLERANCE
        ):
            return None
        previous = char
    return "".join(_LIGATURES.get(c.text, c.text) for c in ordered)


def _word_top_of(word: Word) -> float:
    return word.top
