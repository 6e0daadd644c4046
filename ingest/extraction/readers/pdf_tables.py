"""Ruled tables from a page's edges, found the way pdfplumber's "lines" strategy finds them (its defaults), so that
the same ruling gives the same grid whatever library read the page.

Edges within 3 pt of one another snap to their average, collinear pieces within 3 pt join, and pieces shorter
than 3 pt are dropped. Where a vertical and a horizontal edge meet (3 pt tolerance) is a corner; the smallest
rectangle whose four corners are connected by edges is a cell; cells sharing corners make a table. A page
without edges in both directions has no table and costs nothing here."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from ingest.extraction.readers.pdf_layer import Char, Edge
from ingest.extraction.readers.pdf_words import block_text, cluster

SNAP = JOIN = CORNER = 3.0  # points
MIN_DRAWN = 1.0  # an edge shorter than this is not ruling at all
MIN_LENGTH = 3.0  # after snapping and joining

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]


@dataclass
class TableGrid:
    cells: list[Box]
    rows: list[list[Box | None]]  # each row on the table's column grid; None where a cell spans into it

    @property
    def bbox(self) -> Box:
        return (
            min(c[0] for c in self.cells),
            min(c[1] for c in self.cells),
            max(c[2] for c in self.cells),
            max(c[3] for c in self.cells),
        )


def find_tables(edges: Sequence[Edge]) -> list[TableGrid]:
    """The page's ruled tables, top to bottom (then left to right)."""
    vertical = [e for e in edges if e.orientation == "v" and e.height >= MIN_DRAWN]
    horizontal = [e for e in edges if e.orientation == "h" and e.width >= MIN_DRAWN]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []  # no cell can be closed
    merged = _merge(vertical, horizontal)
    corners = _corners(merged)
    if len(corners) < 4:
        return []
    return [TableGrid(cells, _rows(cells)) for cells in _tables(_cells(corners))]


def _snap(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Edges within SNAP of one another (chained) moved to their average position; drawn lengths kept."""

    def position(edge: Edge) -> float:
        return edge.x0 if vertical else edge.top

    snapped: list[Edge] = []
    for group in cluster(edges, position, SNAP):
        average = sum(position(e) for e in group) / len(group)
        for edge in group:
            shift = average - position(edge)
            if vertical:
                moved = Edge(
                    "v", edge.x0 + shift, edge.x1 + shift, edge.top, edge.bottom, edge.width, edge.height
                )
            else:
                moved = Edge(
                    "h", edge.x0, edge.x1, edge.top + shift, edge.bottom + shift, edge.width, edge.height
                )
            snapped.append(moved)
    return snapped


def _join(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Collinear edges that overlap or nearly touch (JOIN) made one."""
    ordered = sorted(edges, key=lambda e: e.top if vertical else e.x0)
    joined = [ordered[0]]
    for edge in ordered[1:]:
        last = joined[-1]
        if vertical:
            if edge.top <= last.bottom + JOIN:
                if edge.bottom > last.bottom:
                    joined[-1] = replace(
                        last, bottom=edge.bottom, height=last.height + edge.bottom - last.bottom
                    )
            else:
                joined.append(edge)
        elif edge.x0 <= last.x1 + JOIN:
            if edge.x1 > last.x1:
                joined[-1] = replace(last, x1=edge.x1, width=edge.x1 - last.x0)
        else:
            joined.append(edge)
    return joined


def _merge(vertical: list[Edge], horizontal: list[Edge]) -> list[Edge]:
    snapped = _snap(vertical, True) + _snap(horizontal, False)

    def line_of(edge: Edge) -> tuple[str, float]:
        return (edge.orientation, edge.top if edge.orientation == "h" else edge.x0)

    merged: list[Edge] = []
    for (orientation, _), group in groupby(sorted(snapped, key=line_of), key=line_of):
        merged.extend(_join(list(group), orientation == "v"))
    return [e for e in merged if (e.height if e.orientation == "v" else e.width) >= MIN_LENGTH]


def _edge_key(edge: Edge) -> Box:
    return (edge.x0, edge.top, edge.x1, edge.bottom)


def _corners(edges: list[Edge]) -> dict[Point, tuple[set[Box], set[Box]]]:
    """Each point where a vertical edge meets a horizontal one, with the edges through it (vertical, horizontal)."""
    vertical = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    horizontal = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    corners: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in vertical:
        for h in horizontal:
            if (
                v.top <= h.top + CORNER
                and v.bottom >= h.top - CORNER
                and h.x0 - CORNER <= v.x0 <= h.x1 + CORNER
            ):
                through = corners.setdefault((v.x0, h.top), (set(), set()))
                through[0].add(_edge_key(v))
                through[1].add(_edge_key(h))
    return corners


def _cells(corners: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """For each corner, the smallest rectangle down and right of it whose corners are joined by edges."""

    def joined(p: Point, q: Point) -> bool:
        if p[0] == q[0] and not corners[p][0].isdisjoint(corners[q][0]):
            return True
        return p[1] == q[1] and not corners[p][1].isdisjoint(corners[q][1])

    points = sorted(corners)
    # the corners of each vertical and of each horizontal line, in order, and each corner's place on them
    column: dict[float, list[Point]] = {}
    row: dict[float, list[Point]] = {}
    for point in points:
        column.setdefault(point[0], []).append(point)
        row.setdefault(point[1], []).append(point)
    place_in_column = {p: k for line in column.values() for k, p in enumerate(line)}
    place_in_row = {p: k for line in row.values() for k, p in enumerate(line)}
    cells: list[Box] = []
    for point in points:
        below = column[point[0]][place_in_column[point] + 1 :]
        right = row[point[1]][place_in_row[point] + 1 :]
        cell = _smallest_cell(point, below, right, corners, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point, below, right, corners, joined) -> Box | None:
    for below_point in below:
        if not joined(point, below_point):
            continue
        for right_point in right:
            if not joined(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in corners and joined(corner, right_point) and joined(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables by shared corners (in pdfplumber's order), tables of more than one cell."""

    def corners_of(box: Box) -> tuple[Point, Point, Point, Point]:
        x0, top, x1, bottom = box
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining = list(cells)
    current_corners: set[Point] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            cell_corners = corners_of(cell)
            if not current or any(c in current_corners for c in cell_corners):
                current_corners.update(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    columns = sorted({c[0] for c in cells})
    rows: list[list[Box | None]] = []
    for _, row_cells in groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        by_left = {c[0]: c for c in row_cells}
        rows.append([by_left.get(x) for x in columns])
    return rows


class PageChars:
    """A page's characters by the height of their middle, for finding those inside a cell quickly."""

    def __init__(self, chars: Sequence[Char]) -> None:
        middles = sorted(
            ((c.top + c.bottom) / 2, (c.x0 + c.x1) / 2, index, c) for index, c in enumerate(chars)
        )
        self.middle_ys = [m[0] for m in middles]
        self.middles = middles

    def band(self, top: float, bottom: float) -> list[tuple[float, float, int, Char]]:
        """The characters whose middle lies at or below `top` and above `bottom`."""
        return self.middles[bisect_left(self.middle_ys, top) : bisect_left(self.middle_ys, bottom)]


def table_texts(table: TableGrid, page: PageChars) -> list[list[str | None]]:
    """Each cell's text (None where a merged cell covers the grid position), row by row: the characters whose
    middle lies inside the cell (left and top edges inclusive), read in the page's order."""
    out: list[list[str | None]] = []
    for row in table.rows:
        present = [c for c in row if c is not None]
        lefts = [c[0] for c in present]
        row_x0, row_x1 = lefts[0], max(c[2] for c in present)
        inside: list[list[tuple[int, Char]]] = [[] for _ in present]
        for middle_y, middle_x, index, char in page.band(
            min(c[1] for c in present), max(c[3] for c in present)
        ):
            if not row_x0 <= middle_x < row_x1:
                continue
            # cells of a row do not overlap: the one starting last at or left of the middle
            k = bisect_right(lefts, middle_x) - 1
            _, cell_top, cell_x1, cell_bottom = present[k]
            if middle_x < cell_x1 and cell_top <= middle_y < cell_bottom:
                inside[k].append((index, char))
        texts: list[str | None] = []
        k = 0
        for box in row:
            if box is None:
                texts.append(None)
                continue
            chars = [char for _, char in sorted(inside[k], key=lambda entry: entry[0])]
            texts.append(block_text(chars) if chars else "")
            k += 1
        out.append(texts)
    return out
