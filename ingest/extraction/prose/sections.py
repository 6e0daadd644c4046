"""Which report a paragraph belongs to: a package holds a 部门整体 report and the reports of its projects, each
opened by its title. Figures of a project's own report belong to that project, not to the department."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.normalise import project_key, squash

DEPARTMENT, PROJECT = "department", "project"

_YEAR = re.compile(r"20\d{2}年度?")
_BRACKETED = re.compile(r"[（(]([^）)]{2,60})[）)]?$")
_QUOTES = "“”\"‘’'《》「」"


@dataclass
class Section:
    kind: str = DEPARTMENT
    project: str | None = None  # the project's key (contract project_name) when the title names it


@cache
def _titles() -> dict[str, list[str]]:
    section = lexicon.load("prose_departments")["report_titles"]
    return {name: sorted(words, key=len, reverse=True) for name, words in section.items()}


@cache
def _title_marks() -> re.Pattern:
    """Any of the title marks (自评报告…) as one pattern: every paragraph and table cell is tried as a title."""
    marks = "|".join(re.escape(mark) for mark in _titles()["marks"])
    return re.compile(marks or "(?!)")  # no marks: no title


def has_title_mark(text: str) -> bool:
    """Whether a squashed text holds a title mark (自评报告…): no text without one is a report title."""
    return _title_marks().search(text) is not None


def section_of_title(text: str, unit_name: str | None) -> Section | None:
    """The report a title paragraph opens ("XX局2021年度YY项目支出绩效自评报告" → project YY), or None when the
    paragraph is no report title. A title that names no project opens a project report of unknown name."""
    words = _titles()
    title = squash(text)
    if len(title) > 90 or "。" in title or title.startswith(("《", "“", "根据", "按照")):
        return None
    if not has_title_mark(title):
        return None
    if any(mark in title for mark in words["department"]) or not any(m in title for m in words["project"]):
        return Section(DEPARTMENT)
    return Section(PROJECT, _project_in_title(title, unit_name))


def _project_in_title(title: str, unit_name: str | None) -> str | None:
    words = _titles()
    year = _YEAR.search(title)
    if year:
        head = title[year.end() :]
    elif unit_name and title.startswith(unit_name):
        head = title[len(unit_name) :]
    else:
        return None  # no year to end the unit's name at: the name cannot be told from the unit's
    ends = [head.find(end) for end in words["name_ends"] if end in head]
    name = head[: min(ends)] if ends else ""
    if not name.strip(_QUOTES) and year and unit_name:
        # "YY项目2020年绩效评价报告": the name stands before the year, after the unit's name if the title
        # repeats it (so with the unit unknown, the name cannot be told from the unit's)
        before = title[: year.start()]
        if before.startswith(unit_name):
            before = before[len(unit_name) :]
        name = before if before.endswith("项目") else ""
    if not name.strip(_QUOTES):
        bracketed = _BRACKETED.search(title)
        name = bracketed.group(1) if bracketed else ""
    return project_key(name.strip(_QUOTES)) if name.strip(_QUOTES) else None


def project_named_on_line(text: str) -> str | None:
    """'项目名称：YY项目' on a cover page names the report's project."""
    line = squash(text)
    for label in _titles()["name_lines"]:
        if line.startswith(label):
            name = line[len(label) :].lstrip("：:").strip(_QUOTES)
            return project_key(name) if 2 <= len(name) <= 60 else None
    return None
