"""PDF-extracted text → pieces: (line number, text) with what a page break or a lost line break glued
together split apart. A form feed ends a row even mid-line; a row glued to the next row, to the next table's
title or to the next section after its last value is split after that value; a table's title glued after a
sentence is split off. Numbering stays the original's, so provenance points at the file's lines."""

from __future__ import annotations

import re

from ingest.extraction.readers.text_tables.reading import Pieces, is_title
from ingest.extraction.readers.text_tables.rows import (
    code_segments,
    is_value,
    label_segments,
    numbering,
    value_segment,
)

# a value (two decimals, or thousands separators) with more text glued to it: the next row's code, the next
# table's title, the next section ("…1,200.00208 05 06 …", "…5,000.002026年部门收入预算总表", "…12.50其他…")
_GLUED_AFTER_VALUE = re.compile(
    r"^(-?\d[\d,]*\.\d{2}|-?\d{1,3}(?:,\d{3})+)(\d{4}年.*|[^\d%％万元亿,，.。；;、)）].*|\d{3}|\d{5}|\d{7})$"
)
_TITLE_AFTER_SENTENCE = re.compile(r"^(.*[。；])\s*((?:\d{4}年)?[^。；，,：:\s]{2,48}表)$")


def _row_like(tokens: list[str]) -> bool:
    """Whether the text before a glued value is a table row (so splitting after the value is safe): code rows,
    total rows, numbered 收支总表 rows, or two values and more."""
    if not tokens or not is_value(tokens[-1]) or any(re.search(r"[。，；]", t) for t in tokens):
        return False
    if value_segment(tokens, 0) is not None:
        return len(tokens) >= 2
    if code_segments(tokens, 0, True) is not None:
        return True
    labelled = label_segments(tokens, 0) or []
    return bool(labelled) and all(s.total or numbering(s.label) is not None for s in labelled)


def _unglue(text: str) -> list[str]:
    tokens = text.split()
    for i, token in enumerate(tokens):
        glued = _GLUED_AFTER_VALUE.match(token)
        if glued and glued.group(2).isdigit() and i + 1 == len(tokens):
            continue  # a code needs the rest of its row after it
        if glued and _row_like([*tokens[:i], glued.group(1)]):
            rest = " ".join([glued.group(2), *tokens[i + 1 :]])
            return [" ".join([*tokens[:i], glued.group(1)]), *_unglue(rest)]
    titled = _TITLE_AFTER_SENTENCE.match(text.strip())
    if titled and is_title(titled.group(2)):
        return [titled.group(1), titled.group(2)]
    return [text]


def pieces(lines: list[str]) -> Pieces:
    """(line number, text) with a form feed (page break) ending a row even mid-line and glued rows, titles
    and sections split apart; numbering stays the original's."""
    return [
        (number, part)
        for number, line in enumerate(lines, start=1)
        for piece in line.split("\f")
        for part in _unglue(piece)
    ]
