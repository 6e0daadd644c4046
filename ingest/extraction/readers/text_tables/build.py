"""A table read from PDF-extracted text → the Document's Table: one flat header row, then each row with its
values in their columns where the arithmetic allows exactly one placement ('' elsewhere, with a finding)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ingest.extraction.document import Cell, Row, Table
from ingest.extraction.readers.text_tables.header import Side
from ingest.extraction.readers.text_tables.known_totals import KnownTotal, column_aliases
from ingest.extraction.readers.text_tables.placement import (
    Amounts,
    Group,
    Node,
    amounts,
    certain_cells,
    placements,
    settle,
    step_of,
)
from ingest.extraction.readers.text_tables.reading import RawTable
from ingest.extraction.readers.text_tables.rows import Segment, is_sub_item

Finding = tuple[int, str]
UNPLACED = "PDF 文本中该行缺少单元格，无法确定各数字所在的列：{}"
NOT_ADDING_UP = "PDF 文本表格的读数与表内合计不符，未采用该表的数字"


def _known_check(
    side: Side, step: Decimal, yuan_per_unit: Decimal | None, known: dict[str, KnownTotal]
) -> Callable[[Amounts], bool] | None:
    """Which column totals of this side agree with the totals the document states elsewhere."""
    if yuan_per_unit is None:
        return None
    stated: list[tuple[int, KnownTotal]] = []
    for column, name in enumerate(side.columns):
        total = next((known[a] for a in column_aliases(name, side) if a in known), None)
        if total is not None:
            stated.append((column, total))
    if not stated:
        return None
    return lambda sums: all(total.agrees(sums[c] * step * yuan_per_unit) for c, total in stated)


def _groups(side: Side, segments: list[Segment], nodes: dict[int, Node]) -> tuple[list[Group], Node | None]:
    """The sums of one side: each parent code = its children, the 合计 row = the top codes; for labelled rows,
    each total line = the 一、二、… lines (and the total line) before it. Also the row the side's known totals
    are about (its first total row), if any."""
    width = len(side.columns)
    pairs: list[tuple[Node | None, list[Node]]] = []
    root = next((nodes[id(s)] for s in segments if s.total), None)
    if side.label == "code":
        children: dict[int, list[Node]] = {}
        top: list[Node] = []
        stack: list[Segment] = []
        for segment in segments:
            if not segment.code:
                continue
            while stack and not (
                segment.code.startswith(stack[-1].code) and len(segment.code) > len(stack[-1].code)
            ):
                stack.pop()
            (children.setdefault(id(stack[-1]), []) if stack else top).append(nodes[id(segment)])
            stack.append(segment)
        # the 合计 row's group first: what the document's known totals settle there flows down to the codes
        pairs = [(root, top)] if top else []
        pairs += [(nodes[key], kids) for key, kids in children.items()]
    elif side.label == "label" and width > 1:
        members: list[Node] = []
        for segment in segments:
            if segment.total:
                if members:
                    pairs.append((nodes[id(segment)], members))
                members = [nodes[id(segment)]]
            elif not is_sub_item(segment.label):
                members.append(nodes[id(segment)])
    elif side.label == "none" and len(segments) == 1:
        root = nodes[id(segments[0])]
    groups = [Group(parent, kids, width=width) for parent, kids in pairs]
    return groups, root


def _usable(group: Group) -> bool:
    """A group can be checked only when every row in it has some placement."""
    return all(c.options for c in group.children) and (group.parent is None or bool(group.parent.options))


def _place_side(
    side: Side, segments: list[Segment], yuan_per_unit: Decimal | None, known: dict[str, KnownTotal]
) -> tuple[dict[int, list[str | None]], list[Segment], bool]:
    """Cells for each segment of one side (by id), the segments left with values unplaced, and whether the
    side adds up."""
    width = len(side.columns)
    step = step_of([v for s in segments for v in s.values])
    initial = {
        id(s): ([] if s.doubtful_side else placements(s.values, width, side.sums, step)) for s in segments
    }
    nodes = {key: Node(list(options)) for key, options in initial.items()}
    groups, root = _groups(side, segments, nodes)
    check = _known_check(side, step, yuan_per_unit, known)
    # a row with all its cells (or more values than columns) that does not add up: the reading is wrong
    broken = any(not initial[id(s)] and len(s.values) >= width and not s.doubtful_side for s in segments)
    settled = False
    for use_known in [] if broken else ([True, False] if check else [False]):
        for key, node in nodes.items():
            node.options = list(initial[key])
        extra: list[Group] = []
        if use_known and check is not None and root is not None:
            agreeing = [o for o in root.options if check(amounts(o, step))]
            if not agreeing:
                continue  # the stated totals do not fit this table: read it on its own
            root.options = agreeing
        elif use_known and side.label == "code":
            top = [g for g in groups if g.parent is None]
            extra = [Group(None, g.children, check, width) for g in top]
        usable = [g for g in groups if g.parent is not None and _usable(g)] + [g for g in extra if _usable(g)]
        if settle(usable, step):
            settled = True
            break
    cells: dict[int, list[str | None]] = {}
    unplaced: list[Segment] = []
    for segment in segments:
        node = nodes[id(segment)]
        placed = certain_cells(node.options, width) if settled else [None] * width
        cells[id(segment)] = placed
        if settled:
            doubt = sum(1 for c in placed if c is not None) < len(segment.values)
        else:  # the table's finding says it all, but for the rows whose own cells were in doubt
            doubt = bool(segment.values) and len(initial[id(segment)]) != 1
        if doubt:
            unplaced.append(segment)
    return cells, unplaced, settled


def build_table(table: RawTable, known: dict[str, KnownTotal]) -> tuple[Table, list[Finding]]:
    """The Document table: one flat header row, then the rows with each value in its column where that is
    certain ('' elsewhere), and findings for what could not be placed."""
    findings: list[Finding] = []
    cells: dict[int, list[str | None]] = {}
    adds_up = True
    for index, side in enumerate(table.header.sides):
        segments = [segment for row in table.rows if (segment := row[index]) is not None]
        side_cells, unplaced, settled = _place_side(side, segments, table.yuan_per_unit, known)
        cells.update(side_cells)
        adds_up = adds_up and settled
        findings += [(s.line, UNPLACED.format(s.describe())) for s in unplaced]
    if not adds_up:
        findings.append(
            (table.rows[0][0].line if table.rows and table.rows[0][0] else table.line, NOT_ADDING_UP)
        )
    header_row = Row([Cell(name, table.line) for name in table.header.cells()])
    rows = [header_row]
    for row in table.rows:
        line = next(s.line for s in row if s is not None)
        out: list[Cell] = []
        for side, segment in zip(table.header.sides, row, strict=True):
            labels = _label_cells(side, segment)
            values = cells[id(segment)] if segment is not None else [None] * len(side.columns)
            out += [Cell(text, line) for text in labels] + [Cell(v or "", line) for v in values]
        rows.append(Row(out))
    return Table(rows), sorted(set(findings))


def _label_cells(side: Side, segment: Segment | None) -> list[str]:
    if side.label == "code":
        if segment is None:
            return ["", ""]
        return [segment.code, segment.label] if segment.code else [segment.label, ""]
    if side.label == "label":
        return [segment.label if segment is not None else ""]
    return []
