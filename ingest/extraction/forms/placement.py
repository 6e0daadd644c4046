"""Placing a table row's cells under its header's columns when the row is not as wide as the header.

Text without tab-led cells loses cells: a web page keeps a row-spanned cell once (the rows below it start
further right) and may add empty cells at the end; PDF text and one-cell-per-line text drop every empty
cell. A row as wide as its header is read by position. A row that kept its empty cells is shifted as a
whole; a row that lost them is placed cell by cell, in order, each cell only under a column whose role it
can fill. Every reading that fits is returned: the caller keeps what all of them agree on (or settles them
against the table's totals) and leaves the rest empty, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from ingest.extraction.document import Cell
from ingest.extraction.normalise import is_empty_mark, squash

Reading = dict[int, Cell]  # header column → the cell under it
Fits = Callable[[str | None, str], bool]  # (column role, squashed cell text) → whether the cell can be there

MAX_READINGS = 5000  # combinations tried for one row; a row beyond it is left unread


def readings(
    cells: list[Cell],
    roles: list[str | None],
    fits: Fits,
    required: frozenset[str] = frozenset(),
    gaps: Callable[[Reading], tuple] | None = None,
) -> list[Reading]:
    """The readings of a row under the header roles, the likeliest first class only (fewest `gaps` when the
    caller ranks them: a blank cell is the exception, a lost row-spanned one is not)."""
    if len(cells) == len(roles):
        return [dict(enumerate(cells))]
    filled = [c for c in cells if squash(c.text)]  # "/", "无" are written: they hold their column
    found = _shifted(cells, roles, fits, required) if len(filled) < len(cells) else []
    if not found:
        found = _placed(filled, roles, fits, required)
    found = list({_signature(r): r for r in found}.values())
    if gaps is None or len(found) < 2:
        return found
    best = min(gaps(r) for r in found)
    return [r for r in found if gaps(r) == best]


def _fits(fits: Fits, role: str | None, text: str) -> bool:
    """A mark of nothing ("/", "—", "无") may stand in any column; other cells where the caller says."""
    return is_empty_mark(text) or fits(role, text)


def _signature(reading: Reading) -> tuple:
    """Readings that put the same filled cells under the same columns are one reading."""
    return tuple(sorted((i, id(cell)) for i, cell in reading.items() if not is_empty_mark(cell.text)))


def _complete(reading: Reading, roles: list[str | None], required: frozenset[str]) -> bool:
    present = {roles[i] for i, cell in reading.items() if not is_empty_mark(cell.text)}
    return required <= present


def _shifted(
    cells: list[Cell], roles: list[str | None], fits: Fits, required: frozenset[str]
) -> list[Reading]:
    """The row kept its empty cells: shift it as a whole (cells outside the header must be empty)."""
    found = []
    for offset in range(-len(cells) + 1, len(roles)):
        reading: Reading = {}
        for i, cell in enumerate(cells):
            text = squash(cell.text)
            column = i + offset
            if not 0 <= column < len(roles):
                if text:
                    break
                continue
            if text and not _fits(fits, roles[column], text):
                break
            reading[column] = cell
        else:
            if _complete(reading, roles, required):
                found.append(reading)
    return found


def _placed(
    filled: list[Cell], roles: list[str | None], fits: Fits, required: frozenset[str]
) -> list[Reading]:
    """The row lost its empty cells: each filled cell, in order, under a column it can fill."""
    columns = [i for i, role in enumerate(roles) if role is not None]
    options = [[i for i in columns if _fits(fits, roles[i], squash(cell.text))] for cell in filled]
    if any(not o for o in options) or len(filled) > len(columns):
        return []
    found: list[Reading] = []
    for tried, chosen in enumerate(combinations(columns, len(filled)), start=1):
        if tried > MAX_READINGS:
            return []
        if all(column in option for column, option in zip(chosen, options, strict=True)):
            reading = dict(zip(chosen, filled, strict=True))
            if _complete(reading, roles, required):
                found.append(reading)
    return found


def agreed(found: list[Reading], roles: list[str | None]) -> tuple[dict[str, Cell | None], set[str]]:
    """What every reading puts under each role (a cell, or None when all leave it empty), and the roles on
    which the readings differ."""
    certain: dict[str, Cell | None] = {}
    differing: set[str] = set()
    for role in {r for r in roles if r is not None}:
        picks = []
        for reading in found:
            cells = [cell for i, cell in reading.items() if roles[i] == role and not is_empty_mark(cell.text)]
            picks.append(cells[0] if cells else None)
        if all(p is picks[0] for p in picks):
            certain[role] = picks[0]
        else:
            differing.add(role)
    return certain, differing
