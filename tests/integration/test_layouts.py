"""The seed reports re-laid the way 自评表 text really comes out of web pages and PDFs score as the tab-led text.

Each seed (../shared/seeds, read at run time) is parsed into its tables and written again in one layout:
- `pipe`: a web page's table copied as text, a row per line, cells joined by " | " (empty cells kept);
- `spaces`: PDF text, a row per line, cells separated by runs of spaces, every empty cell gone (so a
  row-spanned 一级指标 appears once and the rows below it start further left);
- `cells`: one cell per line, a cell's own line breaks kept (header words broken: "年度" / "指标值"), rows
  separated by a blank line, empty cells gone.
Paragraphs stay one per line. The warehouse built from each is scored with goldcheck against the seeds' gold:
recall within 0.05 of the tab-led original, and not one wrong figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.extraction.document import Paragraph, Row, Table
from ingest.extraction.readers.flattened_text import parse_lines
from tests.conftest import GOLD, GOLDCHECK, SEEDS, goldcheck, refresh, requires_shared

pytestmark = requires_shared(SEEDS, GOLD, GOLDCHECK)

GAPS = ("  ", "   ", "    ")  # PDF text separates cells by runs of spaces of varying length


def _cell_lines(text: str) -> list[str]:
    return [part.strip(" \u3000\t\r") for part in text.split("\n") if part.strip(" \u3000\t\r")]


def _one_line(text: str, joiner: str) -> str:
    return re.sub(r"[ \u3000]+", " ", joiner.join(_cell_lines(text))).strip()


def _row_lines(row: Row, number: int, layout: str) -> list[str]:
    if layout == "pipe":
        return [" | ".join(_one_line(c.text, " ") for c in row.cells)]
    if layout == "spaces":
        cells = [text for c in row.cells if (text := _one_line(c.text, ""))]
        line = ""
        for i, text in enumerate(cells):
            line += (GAPS[(number + i) % len(GAPS)] if i else "") + text
        return [line] if line else []
    return [line for c in row.cells for line in _cell_lines(c.text)]


def relayout(lines: list[str], layout: str) -> list[str]:
    out: list[str] = []
    for block in parse_lines(lines, "seed.txt").blocks:
        if isinstance(block, Paragraph):
            out += [block.text, ""]
            continue
        assert isinstance(block, Table)
        out.append("")
        for number, row in enumerate(block.rows):
            row_lines = _row_lines(row, number, layout)
            if layout == "cells" and row_lines and out[-1] != "":
                out.append("")  # rows one blank line apart
            out += row_lines
        out += ["", ""] if layout == "cells" else [""]
    return out


def _write_layout(folder: Path, layout: str) -> Path:
    folder.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").split("\n")
        (folder / seed.name).write_text("\n".join(relayout(lines, layout)) + "\n", encoding="utf-8")
    return folder


def test_the_layouts_really_differ(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    lines = seed.read_text(encoding="utf-8").split("\n")
    for layout in ("pipe", "spaces", "cells"):
        text = "\n".join(relayout(lines, layout))
        assert "\t" not in text
        assert ("|" in text) == (layout == "pipe")
    spaced = relayout(lines, "spaces")
    assert any(re.search(r"\S {2,}\S", line) for line in spaced)


@pytest.fixture(scope="module")
def tab_led_recall(seeds_warehouse) -> float:
    recall, wrong, out = goldcheck(seeds_warehouse, gold=GOLD)
    assert wrong == 0, out
    return recall


@pytest.mark.parametrize("layout", ["pipe", "spaces", "cells"])
def test_a_layout_scores_as_the_tab_led_text(tmp_path, layout, tab_led_recall):
    folder = _write_layout(tmp_path / layout, layout)
    result = refresh(folder, tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    recall, wrong, out = goldcheck(tmp_path / "data" / "warehouse.duckdb", "--show-misses", gold=GOLD)
    assert wrong == 0, out
    assert recall >= tab_led_recall - 0.05, out
    assert "未识别的版式" not in result.stdout + result.stderr
