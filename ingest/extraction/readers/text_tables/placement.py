"""Where the values of a row that lost its empty cells belong, when the table's own arithmetic says so.

A row of PDF-extracted text keeps its values in order but not their columns: "行政运行 1,200.00
1,200.00" under 合计 / 基本支出 / 项目支出 is 合计 and one of the two others. Each row gets every placement
its own sums allow (合计 = 基本支出 + 项目支出); then the table's sums (a parent code = the sum of its children
per column, the 合计 row = the sum of the 类 rows) keep only the placements that take part in a reading
where everything adds up. That is exact for a tree of sums: a placement survives only if some complete
reading uses it, so a cell is certain when every surviving placement of its row puts the same value there.
Readings are enumerated per group (a parent and its children) with bounds that cut branches early; a group
with too many readings to enumerate settles nothing and its rows keep their doubt (empty cells, a finding).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

Placement = tuple[str | None, ...]  # the value token in each column; None where the cell is empty
Amounts = tuple[int, ...]  # a placement's amounts in units of the table's last written digit (cents)
Sums = Sequence[tuple[int, Sequence[int]]]  # (total column, its part columns)

_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
MAX_READINGS = 20000  # branches enumerated per group before the group is given up as too ambiguous


def amount(token: str | None) -> Decimal:
    """A cell's amount: an empty cell or a dash counts as nothing."""
    if token and _NUMBER.match(token):
        return Decimal(token.replace(",", ""))
    return Decimal(0)


@lru_cache(maxsize=4096)
def _units(token: str | None, step: Decimal) -> int:
    return int(amount(token) / step)


def amounts(placement: Placement, step: Decimal) -> Amounts:
    """The amounts in units of `step` (whole numbers: sums of them are exact and fast)."""
    return tuple(_units(token, step) for token in placement)


def step_of(tokens: Sequence[str]) -> Decimal:
    """The unit of the last written digit (0.01 for "1,200.00"): the rounding a sum may carry per part."""
    decimals = max((len(t.split(".")[1]) for t in tokens if _NUMBER.match(t) and "." in t), default=0)
    return Decimal(1).scaleb(-decimals)


def _adds_up(placed: Amounts, sums: Sums) -> bool:
    return all(abs(placed[total] - sum(placed[p] for p in parts)) <= len(parts) for total, parts in sums)


def placements(values: Sequence[str], width: int, sums: Sums, step: Decimal) -> list[Placement]:
    """Every way the row's values fit its columns in order, empty cells between, that its own sums allow. A
    row that lost cells from a table without sums has no placement: nothing could confirm one."""
    if len(values) > width or (len(values) < width and not sums):
        return []
    fitting = []
    for positions in itertools.combinations(range(width), len(values)):
        placed: list[str | None] = [None] * width
        for position, value in zip(positions, values, strict=True):
            placed[position] = value
        if _adds_up(amounts(tuple(placed), step), sums):
            fitting.append(tuple(placed))
    return fitting


@dataclass(eq=False)
class Node:
    """A row of the table (one side of it), with the placements still possible."""

    options: list[Placement]
    version: int = 0  # bumped whenever options are narrowed


@dataclass(eq=False)
class Group:
    """A parent row equal to the sum of its children, column by column. Without a printed parent (a table
    whose total is not a row), `check` says which sums of the children the document's known totals allow."""

    parent: Node | None
    children: list[Node]
    check: Callable[[Amounts], bool] | None = None
    width: int = field(default=0)


class _TooMany(Exception):
    pass


def _supported(group: Group, step: Decimal) -> tuple[set[int], list[set[int]]] | None:
    """The parent placements and, per child, the placements used by some reading where the group adds up
    (None when there are too many readings to go through)."""
    width = group.width
    order = sorted(range(len(group.children)), key=lambda i: len(group.children[i].options))
    vectors = [[amounts(o, step) for o in group.children[i].options] for i in order]
    parents = [amounts(o, step) for o in group.parent.options] if group.parent else []
    tolerance = max(1, len(vectors))  # each part may carry half a unit of rounding
    if parents:
        low = [min(p[c] for p in parents) - tolerance for c in range(width)]
        high = [max(p[c] for p in parents) + tolerance for c in range(width)]
    else:  # without parents the bounds are never read (every test of them is under `if parents`)
        low, high = [0] * width, [0] * width
    # the least and most the children from i on can still add, per column
    least = [[0] * width for _ in range(len(vectors) + 1)]
    most = [[0] * width for _ in range(len(vectors) + 1)]
    for i in range(len(vectors) - 1, -1, -1):
        for c in range(width):
            least[i][c] = least[i + 1][c] + min(v[c] for v in vectors[i])
            most[i][c] = most[i + 1][c] + max(v[c] for v in vectors[i])
    parent_used: set[int] = set()
    child_used: list[set[int]] = [set() for _ in vectors]
    chosen = [0] * len(vectors)
    visits = 0

    def walk(i: int, partial: list[int]) -> None:
        nonlocal visits
        visits += 1
        if visits > MAX_READINGS:
            raise _TooMany
        if i == len(vectors):
            if parents:
                fits = [
                    k
                    for k, p in enumerate(parents)
                    if all(abs(p[c] - partial[c]) <= tolerance for c in range(width))
                ]
                parent_used.update(fits)
                matched = bool(fits)
            else:
                matched = group.check is None or group.check(tuple(partial))
            if matched:
                for position, k in enumerate(chosen):
                    child_used[position].add(k)
            return
        for k, vector in enumerate(vectors[i]):
            added = [partial[c] + vector[c] for c in range(width)]
            if parents and any(
                added[c] + least[i + 1][c] > high[c] or added[c] + most[i + 1][c] < low[c]
                for c in range(width)
            ):
                continue
            chosen[i] = k
            walk(i + 1, added)

    try:
        walk(0, [0] * width)
    except _TooMany:
        return None
    used: list[set[int]] = [set() for _ in vectors]
    for position, i in enumerate(order):
        used[i] = child_used[position]
    return parent_used, used


def settle(groups: list[Group], step: Decimal) -> bool:
    """Narrow every node's placements to those some reading of the whole table uses; False when a group
    cannot add up under any placement (the reading is wrong, or the table is)."""
    seen: dict[int, tuple[int, ...]] = {}
    changed = True
    while changed:
        changed = False
        for number, group in enumerate(groups):
            members = [group.parent, *group.children] if group.parent else group.children
            if any(not node.options for node in members):
                return False
            versions = tuple(node.version for node in members)
            if seen.get(number) == versions:
                continue  # nothing in this group changed since it was last gone through
            seen[number] = versions
            supported = _supported(group, step)
            if supported is None:
                continue
            parent_used, child_used = supported
            if group.parent is not None:
                if not parent_used:
                    return False
                if len(parent_used) < len(group.parent.options):
                    group.parent.options = [o for k, o in enumerate(group.parent.options) if k in parent_used]
                    group.parent.version += 1
                    changed = True
            for child, used in zip(group.children, child_used, strict=True):
                if not used:
                    return False
                if len(used) < len(child.options):
                    child.options = [o for k, o in enumerate(child.options) if k in used]
                    child.version += 1
                    changed = True
    return True


def certain_cells(options: list[Placement], width: int) -> list[str | None]:
    """The cells every remaining placement agrees on (None where they differ or no placement is left)."""
    if not options:
        return [None] * width
    return [options[0][c] if all(o[c] == options[0][c] for o in options) else None for c in range(width)]
