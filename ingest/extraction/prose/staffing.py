"""财政供养人员 in prose: 编制数, 实有 / 在职人数, 退休 / 离休 / 离退休, 在编 and 聘用 counts of the unit itself.

A paragraph is read for staffing only when it is about staffing (it names 编制, 实有 or 人员情况 / 人员概况…, or
follows a heading about 人员); a count is read by the label right before it. Counts of a whole county, of insured people
(参保, 待遇) and of newly retired people are someone else's. Where a paragraph states one measure twice, the
year-end count wins over the year-start one, a total over its parts (其中…), and two different totals are
left out rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.prose.clauses import ClauseRef, Found
from ingest.extraction.prose.periods import OTHER, clause_period

AUTHORIZED = "authorized_headcount"
ACTUAL = "actual_headcount"


@dataclass(frozen=True)
class StaffingWords:
    labels: list[tuple[str, str]]  # (phrase, measure), longest first
    kinds: tuple[str, ...]
    connectors: tuple[str, ...]
    blockers: tuple[str, ...]
    scope_blockers: tuple[str, ...]
    anchors: tuple[str, ...]
    headings: tuple[str, ...]
    year_end: tuple[str, ...]
    year_start: tuple[str, ...]


@cache
def _words() -> StaffingWords:
    words = lexicon.load("prose_departments")
    labels = [(phrase, measure) for measure, phrases in words["staffing"].items() for phrase in phrases]

    def longest(name: str) -> tuple[str, ...]:
        return tuple(sorted(words[name], key=len, reverse=True))

    return StaffingWords(
        labels=sorted(labels, key=lambda pm: -len(pm[0])),
        kinds=longest("staffing_authorized_kinds"),
        connectors=longest("staffing_connectors"),
        blockers=longest("staffing_blockers"),
        scope_blockers=longest("staffing_scope_blockers"),
        anchors=longest("staffing_anchors"),
        headings=longest("staffing_headings"),
        year_end=longest("staffing_year_end"),
        year_start=longest("staffing_year_start"),
    )


@dataclass
class StaffingCount:
    measure: str
    figure: Found
    clause: ClauseRef
    kind_of_authorized: bool = False  # "行政编制18人": one kind of 编制, not the total
    part: bool = False  # after "其中": a part of a total stated before
    year_end: bool = False
    year_start: bool = False


def is_about_staffing(paragraph: str, heading: str | None) -> bool:
    words = _words()
    return any(a in paragraph for a in (*words.anchors, *words.headings)) or bool(
        heading and any(h in heading for h in words.headings)
    )


def read_staffing(
    clauses: list[ClauseRef],
    fiscal_year: int | None,
    names_insured_people: Callable[[str], bool],
) -> list[StaffingCount]:
    """The staffing counts of one paragraph already known to be about staffing, one per measure."""
    words = _words()
    counts: list[StaffingCount] = []
    sentence_no, in_parts, other_period = -1, False, False
    for clause in clauses:
        if clause.sentence_no != sentence_no:
            sentence_no, in_parts, other_period = clause.sentence_no, False, False
        if clause.text.startswith(("其中", "含")):
            in_parts = True
        period = clause_period(clause.text, fiscal_year)
        if period is not None:
            other_period = period == OTHER  # "2020年末在职24人，编制26人": the whole sentence is 2020's
        if (
            other_period
            or names_insured_people(clause.sentence)
            or any(s in clause.sentence for s in words.scope_blockers)
        ):
            continue
        for figure in clause.found:
            count = _count_of(clause, figure, in_parts)
            if count:
                counts.append(count)
    return _one_per_measure(counts)


def _count_of(clause: ClauseRef, figure: Found, in_parts: bool) -> StaffingCount | None:
    words = _words()
    if figure.kind not in ("persons", "units") or (
        figure.kind == "units" and not figure.written.endswith("个")
    ):
        return None
    head = clause.text[: figure.start]
    heads = [head]  # "实有13名" ends with its label; "编制为20人" with a connector after it
    heads += [head[: -len(c)] for c in words.connectors if head.endswith(c)][:1]
    for phrase, measure in words.labels:
        labelled = next((h for h in heads if h.endswith(phrase)), None)
        if labelled is None:
            continue
        before = labelled[: -len(phrase)]
        if before.endswith(words.blockers):
            return None
        if figure.kind == "units" and measure != AUTHORIZED:
            return None
        return StaffingCount(
            measure,
            figure,
            clause,
            kind_of_authorized=measure == AUTHORIZED and before.endswith(words.kinds),
            part=in_parts,
            year_end=any(w in before for w in words.year_end),
            year_start=any(w in before for w in words.year_start),
        )
    return None


def _one_per_measure(counts: list[StaffingCount]) -> list[StaffingCount]:
    chosen = []
    for measure in dict.fromkeys(c.measure for c in counts):
        candidates = [c for c in counts if c.measure == measure]
        if measure == AUTHORIZED:
            totals = [c for c in candidates if not c.kind_of_authorized and not c.part]
            kinds = [c for c in candidates if c.kind_of_authorized and not c.part]
            # one kind of 编制 stands for the total only when it is the only 编制 the paragraph states
            candidates = totals or (kinds if len(kinds) == 1 and len(candidates) == 1 else [])
        else:
            candidates = [c for c in candidates if not c.part] or candidates
        if measure == ACTUAL:
            candidates = [c for c in candidates if c.year_end] or [c for c in candidates if not c.year_start]
        values = {c.figure.quantity.value for c in candidates}
        if len(values) == 1:
            chosen.append(candidates[0])
    return chosen
