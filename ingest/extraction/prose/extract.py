"""Sentence-level extraction of figures from the 自评报告 prose.

Each clause (text between ，；、 and a colon not right before a figure) is read by a small set of rules:
budget and 三公 lines (a label at the clause start, then connector words, then an amount; a clause opening
with a stage such as 调整预算 continues the label before it), project lines (paragraphs about a project the
tables name, "XX项目支出…", items of a 项目支出 listing, and the funds of a project's own report), fund flows
and coverage counts (only for units that run social insurance: the words right before an amount or count,
with the scheme and population taken from the clause, the sentence so far, the paragraph or its heading, or
the unit). Staffing (prose/staffing.py), the self-rating and total score (prose/rating.py) and evaluation
overviews (prose/overview.py) have their own modules. Figures of another year (prose/periods.py) and
comparisons are never this year's; a figure no rule reads with confidence goes to the unmapped list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ingest.extraction import lexicon
from ingest.extraction.document import Document, Paragraph
from ingest.extraction.forms.common import Context
from ingest.extraction.identity import unit_name as find_unit_name
from ingest.extraction.normalise import Quantity, project_key, squash
from ingest.extraction.prose import overview, projects, rating, staffing
from ingest.extraction.prose.clauses import ClauseRef, Found, paragraph_clauses, quantities
from ingest.extraction.prose.periods import OTHER, THIS, clause_period
from ingest.extraction.prose.sections import (
    DEPARTMENT,
    PROJECT,
    Section,
    has_title_mark,
    project_named_on_line,
    section_of_title,
)

_YEAR = re.compile(r"^(20\d{2})年度?")
_PERIOD = re.compile(
    r"^(截至|截止|至)?(20\d{2}年)?(\d{1,2}[-—－~至]\d{1,2}月|\d{1,2}月(底|末)?|年[底末]|上半年|全年)"
)
_NUMBERING = re.compile(r"^([（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]+是)")
_HEADING = re.compile(
    r"^([（(]?[一二三四五六七八九十]+[)）、]|\d+[、.．]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+部分)"
)
_TOTAL_WORDS = ("共计", "合计", "总计")
_RATE_CLAUSE = re.compile(
    r"^((为|是)?(全年|年度)?(完成|达到)?(全年)?(预算|年度预算|任务|年度任务|目标任务)?(数)?的?|占.{0,20}的?"
    r"|(全年|年度)?(预算|资金|支出)?执行率(为|是|达到|达)?)[\d.]+[%％]"
)
# The funds of a budget: in a project's own report they are the project's, not the department's.
_FUNDS_CODES = {
    "total_funds",
    "current_appropriation",
    "prior_year_carryover",
    "other_funds",
    "fiscal_funds",
    "unit_funds",
    "general_public_budget",
    "government_fund",
    "special_account_nontax",
}
# Words that say an amount was spent, not allocated.
_SPENT = re.compile(r"支出|执行|决算|完成|实际|使用")
# "部门整体支出预算执行率为98.5%": a line's rate stated without its amounts.
_RATE_ONLY = re.compile(r"(全年|年度)?(预算|资金|支出)?执行率(为|是|达到|达)?")
_MEASURE_COLUMN = {
    "executed": "executed_yuan",
    "budget": "budget_full_year_yuan",
    "budget_initial": "budget_initial_yuan",
}


def _alternation(phrases: list[tuple[str, str]]) -> re.Pattern[str]:
    """One pattern trying the phrases in list order (longest first) at each position, as a left-to-right
    scan would: regex alternation is ordered, so the first listed phrase that matches wins."""
    alternatives = [re.escape(phrase) for phrase, _ in phrases if phrase]
    return re.compile("|".join(alternatives) if alternatives else "(?!)")


def _first_code(phrases: list[tuple[str, str]]) -> dict[str, str]:
    codes: dict[str, str] = {}
    for phrase, code in phrases:
        codes.setdefault(phrase, code)
    return codes


def _phrases(section: dict[str, list[str]]) -> list[tuple[str, str]]:
    pairs = [(squash(p), code) for code, words in section.items() for p in words]
    return sorted(pairs, key=lambda pc: -len(pc[0]))


@dataclass(frozen=True)
class _PrefixIndex:
    """Phrases by their text, to find the longest one a text starts with in a few dictionary look-ups
    instead of trying every phrase: the same answer as a scan of the phrases longest first (the first
    listed of equal phrases wins)."""

    codes: dict[str, str]
    # first character → the lengths of the phrases that start with it, longest first: most clauses start
    # with a character no phrase starts with, and are done in one look-up
    lengths: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, phrases: list[tuple[str, str]]) -> _PrefixIndex:
        lengths: dict[str, set[int]] = {}
        for phrase, _ in phrases:
            lengths.setdefault(phrase[:1], set()).add(len(phrase))
        by_first = {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}
        return cls(_first_code(phrases), by_first)

    def longest_at(self, text: str, start: int) -> tuple[str, str] | None:
        """(phrase, code) of the longest phrase written at text[start:], None when none is."""
        for length in self.lengths.get(text[start : start + 1], ()):
            phrase = text[start : start + length]
            if len(phrase) == length and phrase in self.codes:
                return phrase, self.codes[phrase]
        if "" in self.codes:  # an empty phrase (a lexicon slip) is written before every text
            return "", self.codes[""]
        return None


@dataclass
class Lexicon:
    schemes: list[tuple[str, str]]
    org_suffixes: list[str]
    populations: list[tuple[str, str]]
    flows: list[tuple[str, str]]
    flow_fillers: list[str]
    flow_targets: list[str]
    coverage: list[tuple[str, str]]
    coverage_after: list[tuple[str, str]]
    count_connectors: list[str]
    budget_labels: list[tuple[str, str]]
    three_public_labels: list[tuple[str, str]]
    budget_words: list[str]
    executed_words: list[str]
    qualifiers: list[str]
    openers: list[str]
    comparisons: list[str]
    department_funds_labels: list[tuple[str, str]]
    project_funds_labels: list[tuple[str, str]]
    stage_openers: list[str]
    social_insurance_units: list[str]

    @cached_property
    def scheme_pattern(self) -> re.Pattern[str]:
        return _alternation(self.schemes)

    @cached_property
    def population_pattern(self) -> re.Pattern[str]:
        return _alternation(self.populations)

    @cached_property
    def label_indexes(self) -> dict[str, _PrefixIndex]:
        """The budget, 三公 and funds labels indexed for _label_at_start, which every clause calls."""
        return {
            "three_public": _PrefixIndex.of(self.three_public_labels),
            "budget": _PrefixIndex.of(self.budget_labels),
            "department_funds": _PrefixIndex.of(self.department_funds_labels),
            "project_funds": _PrefixIndex.of(self.project_funds_labels),
        }

    @cached_property
    def scheme_code(self) -> dict[str, str]:
        return _first_code(self.schemes)

    @cached_property
    def population_code(self) -> dict[str, str]:
        return _first_code(self.populations)

    @classmethod
    def load(cls) -> Lexicon:
        prose = lexicon.load("prose")
        departments = lexicon.load("prose_departments")
        items = lexicon.load("line_items")
        budget = {k: list(v) for k, v in items["budget_line_items"].items()}
        for code, words in prose["budget_prose_labels"].items():
            budget.setdefault(code, []).extend(words)
        budget.pop("total_funds", None)  # "资金总额" in prose is too loose to be the form's 年度资金总额
        return cls(
            schemes=_phrases(prose["schemes"]),
            org_suffixes=sorted(prose["organisation_suffixes"], key=len, reverse=True),
            populations=_phrases(prose["populations"]),
            flows=_phrases(prose["flows"]),
            flow_fillers=sorted(prose["flow_fillers"], key=len, reverse=True),
            flow_targets=sorted(prose["flow_targets"], key=len, reverse=True),
            coverage=_phrases(prose["coverage_measures"]),
            coverage_after=_phrases(prose["coverage_after_count"]),
            count_connectors=sorted(prose["count_connectors"], key=len, reverse=True),
            budget_labels=_phrases(budget),
            three_public_labels=_phrases(items["three_public_categories"]),
            budget_words=sorted(prose["budget_connectors"]["budget"], key=len, reverse=True),
            executed_words=sorted(prose["budget_connectors"]["executed"], key=len, reverse=True),
            qualifiers=sorted(prose["label_qualifiers"], key=len, reverse=True),
            openers=sorted(prose["clause_openers"], key=len, reverse=True),
            comparisons=prose["comparison_words"],
            department_funds_labels=_phrases(departments["department_funds_labels"]),
            project_funds_labels=_phrases(departments["project_funds_labels"]),
            stage_openers=sorted(departments["budget_stage_openers"], key=len, reverse=True),
            social_insurance_units=departments["social_insurance_units"],
        )


_LEXICON: Lexicon | None = None


def _lex() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = Lexicon.load()
    return _LEXICON


def scheme_mentions(text: str, skip_organisations: bool = True) -> list[tuple[int, str]]:
    """(position, scheme) of each scheme named in the text, longest phrase first, organisations skipped."""
    lex = _lex()
    found = []
    for match in lex.scheme_pattern.finditer(text):
        if not (skip_organisations and text.startswith(tuple(lex.org_suffixes), match.end())):
            found.append((match.start(), lex.scheme_code[match.group()]))
    return found


def population_mentions(text: str) -> list[tuple[int, str]]:
    """Populations named outside scheme phrases ('被征地农民社保' names a scheme, not a population)."""
    lex = _lex()
    if not lex.population_pattern.search(text):
        return []  # masking only hides populations (＃ is in no population's name): none to find
    masked = text
    for phrase, _ in lex.schemes:
        masked = masked.replace(phrase, "＃" * len(phrase))
    return [
        (match.start(), lex.population_code[match.group()])
        for match in lex.population_pattern.finditer(masked)
    ]


def _unique(codes: list[str]) -> str | None:
    distinct = set(codes)
    return distinct.pop() if len(distinct) == 1 else None


@dataclass
class _Fact:
    mart: str
    key: dict
    rate_measure: str | None


@dataclass
class _Paragraph:
    text: str
    line: int
    heading_scheme: str | None
    heading_population: str | None
    project: str | None = None
    heading: str | None = None  # the heading the paragraph follows, if it follows one directly
    section: Section = field(default_factory=Section)


@dataclass
class _Sentence:
    text: str
    line: int
    paragraph: _Paragraph
    scheme: str | None = None  # carried from the clauses read so far
    last_fact: _Fact | None = None
    facts: list[_Fact] = field(default_factory=list)
    schemes_named: set[str] = field(default_factory=set)
    label: tuple[str, dict, bool] | None = None  # (mart, key, is_three_public) of the last budget label
    other_period: bool = False  # the sentence has turned to another year ("2020年收入…，其中…")
    listing: str | None = None  # the measure of a 项目支出 listing being read ("项目支出包括A经费…、B…")
    measure: str | None = (
        None  # the stage of the last budget line ("预算总额3560万元，其中基本支出…": budget)
    )
    in_parts: bool = False  # past "其中": the lines are parts of the one before


class ProseReader:
    def __init__(self, doc: Document, ctx: Context):
        self.doc, self.ctx, self.lex = doc, ctx, _lex()
        self.fy = ctx.fiscal_year
        self.unit_name = find_unit_name(doc, ctx.out.unit_names) or ""
        self.unit_scheme = _unique(
            [c for _, c in scheme_mentions(squash(self.unit_name), skip_organisations=False)]
        )
        self.social_insurance = self._runs_social_insurance()
        self.projects = sorted(
            {
                name
                for f in ctx.out.facts
                if f.key.get("scope") == "project" and (name := f.key.get("project_name"))
            },
            key=len,
            reverse=True,
        )

    def _runs_social_insurance(self) -> bool:
        """Fund flows and coverage counts are read only for a unit that runs social insurance: its name says
        so, or (its name unknown) the opening of the document does ("XX社会保险服务中心2021年度…报告")."""
        words = "|".join(re.escape(w) for w in self.lex.social_insurance_units)
        if self.unit_name:
            name = squash(self.unit_name)
            return bool(re.search(words, name)) or bool(scheme_mentions(name, skip_organisations=False))
        opening = "".join(squash(p.text) for p in self.doc.paragraphs[:15])
        # an organisation of social insurance, not a scheme its staff take part in
        return bool(re.search(f"({words})[^，,。；;]{{0,12}}?(中心|局|处|站|所|办公室|经办机构)", opening))

    # --- document walk -------------------------------------------------------------------------
    def read(self) -> None:
        heading_scheme = heading_population = heading = None
        fresh_heading = False
        section = Section()
        unit_name = squash(self.unit_name)
        for block in self.doc.blocks:
            if not isinstance(block, Paragraph):
                # a report's title may stand in a table's cell (a cover page laid out as a table); a cell without
                # a title mark is none (tested first: a document has thousands of cells)
                for cell in (c for row in block.rows for c in row.cells):
                    if has_title_mark(text := squash(cell.text)):
                        section = section_of_title(text, unit_name) or section
                continue
            text = squash(block.text)
            if not text:
                continue
            title = None if _HEADING.match(text) else section_of_title(text, unit_name)
            if title:
                section, fresh_heading = title, False
                continue
            if section.kind == PROJECT and section.project is None:
                named = project_named_on_line(text)
                if named:
                    section = Section(PROJECT, named)
                    continue
            if self._is_heading(text):
                heading_scheme = _unique([c for _, c in scheme_mentions(text)])
                heading_population = _unique([c for _, c in population_mentions(text)])
                heading, fresh_heading = text, True
                continue
            para = _Paragraph(
                text,
                block.line,
                heading_scheme if fresh_heading else None,
                heading_population if fresh_heading else None,
                self._project_of(text),
                heading if fresh_heading else None,
                section,
            )
            fresh_heading = False
            self._read_paragraph(para)

    def _is_heading(self, text: str) -> bool:
        return (
            len(text) <= 40 and bool(_HEADING.match(text)) and not quantities(text) and "。" not in text[:-1]
        )

    def _project_of(self, text: str) -> str | None:
        head = _NUMBERING.sub("", text)
        for name in self.projects:
            if head.startswith(name):
                return name
        return None

    def _read_paragraph(self, para: _Paragraph) -> None:
        refs = paragraph_clauses(para.text)
        consumed: set[tuple[int, int]] = set()  # (clause index, figure start) read by a paragraph rule
        consumed |= self._read_staffing(para, refs)
        self._read_score_after_heading(para)
        by_sentence: dict[int, list[int]] = {}
        for index, ref in enumerate(refs):
            by_sentence.setdefault(ref.sentence_no, []).append(index)
        for indices in by_sentence.values():
            sentence = _Sentence(refs[indices[0]].sentence, para.line, para)
            self._read_rating(sentence, [refs[i] for i in indices])
            consumed |= self._read_overview(sentence, refs, indices)
            for index in indices:
                taken = {start for i, start in consumed if i == index}
                self._read_clause(sentence, refs[index], taken)

    # --- one clause ----------------------------------------------------------------------------
    def _read_clause(self, sentence: _Sentence, ref: ClauseRef, taken: set[int]) -> None:
        clause, segment = ref.text, ref.segment
        if any(w in clause for w in self.lex.comparisons):
            return  # "较上年减少1.12万元" compares; it does not turn the sentence to last year
        period = clause_period(clause, self.fy)
        if period == OTHER:
            sentence.other_period = True
            return
        if period == THIS:
            sentence.other_period = False
        if sentence.other_period:
            return  # "2020年收入…，其中财政拨款…": the rest of the sentence speaks of that year too
        if self.social_insurance:
            mentions = scheme_mentions(clause)
            if mentions:
                sentence.scheme = mentions[-1][1]
                sentence.schemes_named.update(code for _, code in mentions)
            elif len(sentence.schemes_named) >= 2 and any(w in clause for w in _TOTAL_WORDS):
                sentence.scheme = (
                    "all"  # "…企业…、机关…、城乡居民…，全年共计…": the total over the schemes listed
                )
        if clause.startswith(("其中", "含", "包括")):
            sentence.in_parts = True
        found = [f for f in ref.found if f.start not in taken]
        if _RATE_CLAUSE.match(clause) and sentence.last_fact and found and found[0].kind == "rate":
            self._attach_rate(sentence, "share" if clause.startswith("占") else "execution", found[0])
            return
        if sentence.paragraph.project:
            self._read_project_clause(sentence, clause, found)
            return
        if self._read_budget_clause(sentence, clause, found) or not found:
            return
        consumed: set[int] = set()
        if self.social_insurance:
            consumed = self._read_flow_clause(sentence, segment, clause, found)
            consumed |= self._read_coverage_clause(sentence, segment, clause, found)
        for f in found:
            if f.kind in ("money", "persons") and f.start not in consumed:
                self.ctx.out.unmapped.append(
                    {
                        "source_line": sentence.line,
                        "figure_text": f.written,
                        "sentence": sentence.text[:500],
                        "reason": "未能可靠归类",
                    }
                )

    def _emit(
        self, sentence: _Sentence, mart: str, key: dict, measure: str, quantity, rate_measure: str | None
    ):
        self.ctx.out.add(
            mart,
            key,
            measure,
            value_num=quantity.value,
            precision=quantity.precision,
            origin="prose",
            form_code="narrative_report",
            source_line=sentence.line,
            source_text=sentence.text[:500],
        )
        sentence.last_fact = _Fact(mart, key, rate_measure)
        sentence.facts.append(sentence.last_fact)

    def _attach_rate(self, sentence: _Sentence, kind: str, rate: Found, fact: _Fact | None = None) -> None:
        """kind: 'execution' (为预算的 / 完成), 'share' (占…的), 'coverage' (参保率)."""
        fact = fact or sentence.last_fact
        if fact is None or fact.rate_measure is None:
            return
        if (fact.mart == "fct_coverage") != (kind in ("share", "coverage")):
            return  # a share of a total is no execution rate; a completion is no coverage rate
        self.ctx.out.add(
            fact.mart,
            fact.key,
            fact.rate_measure,
            value_num=rate.quantity.value,
            precision=rate.quantity.precision,
            origin="prose",
            form_code="narrative_report",
            source_line=sentence.line,
            source_text=sentence.text[:500],
        )
        sentence.last_fact = None

    # --- budget and 三公 -------------------------------------------------------------------------
    def _strip_openers(self, clause: str, section: Section | None = None) -> str:
        openers = self.lex.openers
        if section is not None and section.kind == PROJECT:
            openers = [*projects.project_openers(), *openers]  # "该项目年初预算…" in a project's own report
        previous = None
        while previous != clause:
            previous = clause
            clause = _NUMBERING.sub("", clause).lstrip("：:")
            m = _YEAR.match(clause)
            if m and (self.fy is None or int(m.group(1)) == self.fy):
                clause = clause[m.end() :]
            clause = _PERIOD.sub("", clause, count=1)
            if section is not None and self._label_at_start(clause, section):
                break  # "年度资金总额…" is a label, not the opener 年度 before 资金总额
            for opener in openers:
                if clause.startswith(opener):
                    clause = clause[len(opener) :]
                    break
        return clause

    def _label_at_start(self, text: str, section: Section) -> tuple[str, str, bool, int] | None:
        """The longest (qualifier +) label the text starts with: '财政拨款基本支出' is 基本支出, not 财政拨款."""
        indexes = self.lex.label_indexes
        funds = indexes["project_funds" if section.kind == PROJECT else "department_funds"]
        best = None
        for qualifier in ["", *self.lex.qualifiers]:
            if not text.startswith(qualifier):
                continue
            for labels, mart, is_tpe in (
                (indexes["three_public"], "fct_three_public_expenses", True),
                (indexes["budget"], "fct_budget_execution", False),
                (funds, "fct_budget_execution", False),
            ):
                found = labels.longest_at(text, len(qualifier))
                if found is None:
                    continue
                phrase, code = found
                length = len(qualifier) + len(phrase)
                if best is None or length > best[3]:  # the earlier of equally long labels wins
                    best = (mart, code, is_tpe, length)
        return best

    def _label_key(self, mart: str, code: str, section: Section) -> dict | None:
        """The key of a labelled line: in a project's own report its funds are the project's (and nothing
        else is read there); elsewhere the department's."""
        if mart == "fct_three_public_expenses":
            return {"category": code}
        if section.kind == PROJECT:
            if code not in _FUNDS_CODES or section.project is None:
                return None
            return {"scope": "project", "project_name": section.project, "line_item": code}
        return {"scope": "department", "project_name": None, "line_item": code}

    def _connector_measure(self, connector: str) -> str | None:
        """'' / '支出决算为' → executed; '2022年预算' → budget; anything else → None (not a plain statement)."""
        is_budget = is_initial = saw_executed = False
        rest = connector
        while rest:
            m = _YEAR.match(rest)
            if m:
                if self.fy is not None and int(m.group(1)) != self.fy:
                    return None
                rest = rest[m.end() :]
                continue
            for word in self.lex.budget_words:
                if rest.startswith(word):
                    is_budget = True
                    is_initial = is_initial or "年初" in word
                    rest = rest[len(word) :]
                    break
            else:
                for word in self.lex.executed_words:
                    if rest.startswith(word):
                        rest = rest[len(word) :]
                        saw_executed = True
                        break
                else:
                    if rest.startswith("年初"):
                        is_initial, rest = True, rest[2:]
                        continue
                    return None
        if self.ctx.document_kind == "budget":
            # a 预算 disclosure states this year's initial budget; an executed figure of this year cannot be in it
            return None if saw_executed and not is_budget else "budget_initial"
        if is_budget:
            return "budget_initial" if is_initial else "budget"
        return "executed"

    def _read_budget_clause(self, sentence: _Sentence, clause: str, found: list[Found]) -> bool:
        section = sentence.paragraph.section
        text = self._strip_openers(clause, section)
        offset = len(clause) - len(text)
        money = next((f for f in found if f.kind == "money"), None)
        labelled = self._label_at_start(text, section)
        line: tuple[str, dict, bool, int] | None
        if labelled:
            mart, code, is_tpe, rest_start = labelled
            key = self._label_key(mart, code, section)
            if key is None:
                return False
            line = (mart, key, is_tpe, rest_start)
            if mart == "fct_budget_execution":
                sentence.listing = None
        else:
            if self._read_listed_project(sentence, clause, text, offset, money):
                return True
            line = self._unlabelled_line(sentence, clause, text, offset, money)
        if line is None:
            if money and text.startswith(tuple(self.lex.stage_openers)):
                # "年初预算1000万元，其中：人员经费600万元": whose budget is unsaid, but its parts share its stage
                sentence.measure = self._connector_measure(text[: money.start - offset]) or sentence.measure
            elif money and text[: money.start - offset].endswith(tuple(self.lex.budget_words)):
                # "XX办事处收入预算16497.86万元，其中：财政拨款收入…": the parts are budgets too
                head = text[: money.start - offset]
                sentence.measure = "budget_initial" if head.endswith("年初预算") else "budget"
            return self._read_reception_persons(sentence, text, found)
        mart, key, is_tpe, rest_start = line
        if (
            money is None
            and not found
            and re.fullmatch(r"(支出)?(决算数?|执行数?)?(为|是)?[\d.,]+", text[rest_start:])
        ):
            # "一般公共预算支出决算数为432.10": no unit, so no amount; a following rate still belongs here.
            sentence.last_fact = _Fact(mart, key, "execution_rate_reported")
            return True
        count = next((f for f in found if f.kind == "times"), None)
        if (
            is_tpe
            and key.get("category") == "official_reception"
            and count
            and text[rest_start : count.start - offset] == ""
        ):
            self._emit(sentence, mart, key, "reception_batches", count.quantity, None)
            sentence.label = (mart, key, is_tpe)
            return True
        if money is None:
            rate = next((f for f in found if f.kind == "rate"), None)
            if rate and not is_tpe and _RATE_ONLY.fullmatch(text[rest_start : rate.start - offset]):
                self._emit(sentence, mart, key, "execution_rate_reported", rate.quantity, None)
                return True
            return False
        connector = text[rest_start : money.start - offset]
        if key.get("line_item") == "project_expenditure" and projects.listing_opener(connector):
            # "项目支出包括A经费36.3万元": the label opens a listing of projects, not an amount of its own
            sentence.listing = "executed"
            return self._read_listed_project(sentence, clause, text[rest_start:], offset + rest_start, money)
        measure = self._connector_measure(connector)
        if measure is None:
            return False
        plain = measure == "executed" and not _SPENT.search(connector)
        if plain and _is_allocation(key, text[:rest_start], section):
            measure = "budget"  # "项目年度资金总额860万元，其中财政拨款800万元": the funds allotted
        elif plain and sentence.in_parts and sentence.measure:
            measure = sentence.measure  # a part of a total is stated at the total's stage
        sentence.label, sentence.measure = (mart, key, is_tpe), measure
        if is_tpe:
            column = {"executed": "final_yuan", "budget": "budget_yuan", "budget_initial": "budget_yuan"}[
                measure
            ]
        else:
            column = _MEASURE_COLUMN[measure]
        self._emit(sentence, mart, key, column, money.quantity, "execution_rate_reported")
        if key.get("line_item") == "project_expenditure":
            sentence.listing = f"ready:{measure}"  # "项目支出286.83万元，包括…" may list its projects next
        return True

    def _unlabelled_line(
        self, sentence: _Sentence, clause: str, text: str, offset: int, money: Found | None
    ) -> tuple[str, dict, bool, int] | None:
        """The line a clause without a label states: "2023年支出5321.08万元" / "2、收入：792.22万元" (the
        department's total), "调整预算620万元" after a labelled clause (that line again), "年初预算50万元" in a
        project's own report (the project's funds), "免费开放项目支出25.14万元" (that project's funds)."""
        section = sentence.paragraph.section
        budget = "fct_budget_execution"
        if section.kind == DEPARTMENT and not sentence.schemes_named:
            # a bare 收入 / 支出 is the department's total where the clause opens with its year or number, or
            # (a unit that runs no fund) with any opener, or follows the other total in the sentence
            prefixed = clause != text and bool(
                _YEAR.match(clause) or _NUMBERING.match(clause) or not self.social_insurance
            )
            if sentence.label and sentence.label[1].get("line_item") in ("income_total", "expenditure_total"):
                prefixed = prefixed or not self.social_insurance
            for word, code in (("支出", "expenditure_total"), ("收入", "income_total")):
                after = text[len(word) : len(word) + 1]
                # what stands between the word and the amount is checked as any label's connector
                if text.startswith(word) and (
                    after in ("：", ":") or (prefixed and after not in ("", "和", "、"))
                ):
                    key = {"scope": "department", "project_name": None, "line_item": code}
                    return budget, key, False, len(word)
        if sentence.label and text.startswith(tuple(self.lex.stage_openers)):
            mart, key, is_tpe = sentence.label
            return mart, key, is_tpe, 0
        if section.kind == PROJECT:
            if section.project and text.startswith(tuple(self.lex.stage_openers)):
                key = {"scope": "project", "project_name": section.project, "line_item": "total_funds"}
                return budget, key, False, 0
            return None
        if money is not None:
            named = projects.named_project(text, money.start - offset)
            if named and text.endswith("项目", 0, named[1]) and named[1] == money.start - offset:
                return None  # "XX项目25万元" says neither that it was allotted nor spent
            if named:
                key = {"scope": "project", "project_name": named[0], "line_item": "total_funds"}
                return budget, key, False, named[1]
        return None

    def _read_listed_project(
        self, sentence: _Sentence, clause: str, text: str, offset: int, money: Found | None
    ) -> bool:
        """An item of a 项目支出 listing: "委员活动经费36.3万元" after "项目支出包括…"."""
        listing = sentence.listing
        if listing and listing.startswith("ready:") and projects.listing_opener(_NUMBERING.sub("", clause)):
            listing = sentence.listing = listing.split(":", 1)[1]
        if not listing or listing.startswith("ready:") or money is None:
            return False
        name = projects.listed_project(text, money.start - offset)
        if name is None:
            sentence.listing = None
            return False
        key = {"scope": "project", "project_name": name, "line_item": "total_funds"}
        self._emit(sentence, "fct_budget_execution", key, _MEASURE_COLUMN[listing], money.quantity, None)
        return True

    def _read_reception_persons(self, sentence: _Sentence, text: str, found: list[Found]) -> bool:
        """The persons received after the batches: "公务接待2次，接待9人次"."""
        label = sentence.label
        if not (label and label[1].get("category") == "official_reception" and text.startswith("接待")):
            return False
        persons = next((f for f in found if f.kind == "person_times"), None)
        if persons is None:
            return False
        self._emit(sentence, label[0], label[1], "reception_persons", persons.quantity, None)
        return True

    # --- projects -------------------------------------------------------------------------------
    def _read_project_clause(self, sentence: _Sentence, clause: str, found: list[Found]) -> None:
        project = sentence.paragraph.project
        assert project is not None
        text = _NUMBERING.sub("", clause)
        for prefix in (project + "项目", project, "项目"):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        money = next((f for f in found if f.kind == "money"), None)
        if money is None:
            return
        offset = clause.find(text)
        if offset < 0:
            return
        connector = text[: money.start - offset]
        if not connector or not re.fullmatch(
            r"(全年|年初|本年)?(预算数?|预算下达|预算安排|执行数?|支出数?|决算数?)(为|是|达)?", connector
        ):
            return
        measure = self._connector_measure(connector)
        column = {
            "executed": "executed_yuan",
            "budget": "budget_full_year_yuan",
            "budget_initial": "budget_initial_yuan",
            None: None,
        }[measure]
        if column is None:
            return
        key = {"scope": "project", "project_name": project_key(project), "line_item": "total_funds"}
        self._emit(sentence, "fct_budget_execution", key, column, money.quantity, "execution_rate_reported")

    # --- scheme and population ------------------------------------------------------------------
    def _scheme(self, sentence: _Sentence, population: str) -> str:
        if sentence.scheme:
            return sentence.scheme
        para = sentence.paragraph
        para_scheme = [c for _, c in scheme_mentions(para.text)]
        if population != "all":
            return _unique(para_scheme) or "all"
        return _unique(para_scheme) or para.heading_scheme or self.unit_scheme or "all"

    def _population(self, sentence: _Sentence, segment: str, clause: str) -> str:
        for text in (clause, segment, sentence.text):
            found = _unique([c for _, c in population_mentions(text)])
            if found:
                return found
            if population_mentions(text):
                return "all"
        return sentence.paragraph.heading_population or "all"

    # --- fund flows -----------------------------------------------------------------------------
    def _flow_before(self, clause: str, end: int) -> tuple[str, str] | None:
        """The flow (or target) word that ends right before position `end`, fillers allowed in between:
        '征收养老保险费8743.72万元', '代缴城乡居保保费1.94亿元', '征缴任务数8139万元'."""
        m = self._flow_pattern().search(clause[:end])
        if m is None:
            return None
        if m.group("target_only"):
            return m.group("target_only"), "target"
        flow = self._flow_codes[m.group("flow")]
        if m.group("target"):
            return m.group("target"), f"target:{flow}"
        return m.group("flow"), flow

    def _flow_pattern(self) -> re.Pattern:
        if not hasattr(self, "_flow_regex"):
            self._flow_codes = dict(self.lex.flows)
            alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
            fillers = alt([*self.lex.flow_fillers, *(p for p, _ in self.lex.schemes)])
            self._flow_regex = re.compile(
                f"(?:(?P<flow>{alt(self._flow_codes)})(?P<target>{alt(self.lex.flow_targets)})?"
                f"|(?P<target_only>{alt(self.lex.flow_targets)}))"
                rf"(?:{fillers}|\d+(?:\.\d+)?元)*$"
            )
        return self._flow_regex

    def _read_flow_clause(
        self, sentence: _Sentence, segment: str, clause: str, found: list[Found]
    ) -> set[int]:
        consumed: set[int] = set()
        for f in found:
            if f.kind == "money":
                if clause[f.end :].startswith(("保费", "标准", "的标准")):
                    continue  # "代缴100元保费": the premium's size, not the amount paid
                flow = self._flow_before(clause, f.start)
                if flow is None:
                    continue
                population = self._population(sentence, segment, clause)
                if flow[1].startswith("target"):
                    key = self._target_key(sentence, segment, clause, flow[1], population)
                    if key is None:
                        continue
                    self._emit(
                        sentence, "fct_fund_flows", key, "target_yuan", f.quantity, "completion_rate_reported"
                    )
                else:
                    key = {
                        "scheme": self._scheme(sentence, population),
                        "population": population,
                        "flow": flow[1],
                    }
                    self._emit(
                        sentence, "fct_fund_flows", key, "amount_yuan", f.quantity, "completion_rate_reported"
                    )
                consumed.add(f.start)
            elif (
                f.kind == "rate"
                and consumed
                and sentence.last_fact
                and sentence.last_fact.mart == "fct_fund_flows"
            ):
                self._attach_rate(sentence, "execution", f)
                consumed.add(f.start)
        if not consumed:
            # "个人缴费收入完成预算141.21%": a flow named with its completion rate only.
            rate = next((f for f in found if f.kind == "rate"), None)
            m = re.search(r"(完成预算的?|完成)$", clause[: rate.start]) if rate else None
            if rate and m:
                head = clause[: m.start()]
                for phrase, code in self.lex.flows:
                    if head.endswith(phrase):
                        population = self._population(sentence, segment, clause)
                        key = {
                            "scheme": self._scheme(sentence, population),
                            "population": population,
                            "flow": code,
                        }
                        self._emit(
                            sentence, "fct_fund_flows", key, "completion_rate_reported", rate.quantity, None
                        )
                        consumed.add(rate.start)
                        break
        return consumed

    def _target_key(
        self, sentence: _Sentence, segment: str, clause: str, target: str, population: str
    ) -> dict | None:
        """'征缴任务数8139万元' names its flow; '完成年度目标任务14493万元' belongs to the flow just stated."""
        flow = target.split(":", 1)[1] if ":" in target else None
        if flow:
            return {"scheme": self._scheme(sentence, population), "population": population, "flow": flow}
        fact = sentence.last_fact
        return fact.key if fact is not None and fact.mart == "fct_fund_flows" else None

    # --- coverage -------------------------------------------------------------------------------
    def _count_measure(self, clause: str, segment: str, f: Found) -> str | None:
        head = original_head = clause[: f.start]
        for connector in self.lex.count_connectors:
            if head.endswith(connector):
                head = head[: -len(connector)]
                break
        for phrase, code in self.lex.coverage:
            if head.endswith(phrase):
                return code
        tail = clause[f.end :]
        populations = "|".join(re.escape(p) for p, _ in self.lex.populations)
        tail_stripped = re.sub(f"^({populations})", "", tail)
        for phrase, code in self.lex.coverage_after:
            if tail.startswith(phrase) or tail_stripped.startswith(phrase):
                if code == "benefit_recipients" and "待遇" not in tail_stripped[:12]:
                    continue
                return code
        if "代缴" in segment and re.search(r"为(全县|全省|全市|全区)?$", original_head):
            return "government_paid_persons"
        if re.search(f"代缴({populations})?$", head):
            return "government_paid_persons"
        schemes = "|".join(re.escape(p) for p, _ in self.lex.schemes)
        if re.search(f"参加({schemes})$", head):
            return "insured_persons"
        return None

    def _read_coverage_clause(
        self, sentence: _Sentence, segment: str, clause: str, found: list[Found]
    ) -> set[int]:
        consumed: set[int] = set()
        for f in found:
            if f.kind in ("persons", "units"):
                if f.kind == "units" and not f.written.endswith("家"):
                    continue
                measure = self._count_measure(clause, segment, f)
                if measure is None or (f.kind == "units") != (measure == "insured_units"):
                    continue
                population = self._population(sentence, segment, clause)
                key = {
                    "scheme": self._scheme(sentence, population),
                    "population": population,
                    "measure": measure,
                }
                self._emit(sentence, "fct_coverage", key, "value", f.quantity, "rate_reported")
                consumed.add(f.start)
            elif f.kind == "rate" and re.search(r"(参保率|覆盖率)(达到|达|为)?$", clause[: f.start]):
                insured = next(
                    (
                        x
                        for x in reversed(sentence.facts)
                        if x.mart == "fct_coverage" and x.key.get("measure") == "insured_persons"
                    ),
                    None,
                )
                if insured:
                    self._attach_rate(sentence, "coverage", f, insured)
                    consumed.add(f.start)
        return consumed

    # --- staffing, rating and evaluation overview ----------------------------------------------------
    def _add(self, mart: str, key: dict, measure: str, quantity: Quantity, line: int, text: str) -> None:
        self.ctx.out.add(
            mart,
            key,
            measure,
            value_num=quantity.value,
            precision=quantity.precision,
            origin="prose",
            form_code="narrative_report",
            source_line=line,
            source_text=text[:500],
        )

    def _names_insured_people(self, sentence: str) -> bool:
        """A sentence about insured people (参保, 缴费, 待遇, a scheme or population) counts no staff."""
        return (
            any(w in sentence for w in ("参保", "缴费", "待遇"))
            or bool(scheme_mentions(sentence))
            or bool(population_mentions(sentence))
        )

    def _read_staffing(self, para: _Paragraph, refs: list[ClauseRef]) -> set[tuple[int, int]]:
        if not staffing.is_about_staffing(para.text, para.heading):
            return set()
        index_of = {id(ref): i for i, ref in enumerate(refs)}
        consumed = set()
        for count in staffing.read_staffing(refs, self.fy, self._names_insured_people):
            quantity = Quantity(count.figure.quantity.value, "人", Decimal("0.5"))
            self._add("fct_staffing", {}, count.measure, quantity, para.line, count.clause.sentence)
            consumed.add((index_of[id(count.clause)], count.figure.start))
        return consumed

    def _evaluation_key(self, para: _Paragraph) -> dict | None:
        """Whose rating a paragraph states: the project it is about, the project of its report (None when
        that report's project is unnamed), else the department."""
        if para.project:
            return {"scope": "project", "project_name": para.project}
        if para.section.kind == PROJECT:
            project = para.section.project
            return {"scope": "project", "project_name": project} if project else None
        return {"scope": "department", "project_name": None}

    def _read_rating(self, sentence: _Sentence, refs: list[ClauseRef]) -> None:
        key = self._evaluation_key(sentence.paragraph)
        if key is None:
            return
        rated = scored = False
        for piece in self._pieces_of_this_year(sentence.text):
            found = None if rated else rating.self_rating(piece)
            if found:
                rated = True
                self.ctx.out.add(
                    "fct_evaluation_summary",
                    key,
                    "self_rating",
                    value_text=found[0],
                    origin="prose",
                    form_code="narrative_report",
                    source_line=sentence.line,
                    source_text=sentence.text[:500],
                )
            score = None if scored else rating.total_score(piece)
            if score:
                scored = True
                self._add(
                    "fct_evaluation_summary", key, "total_score", score[0], sentence.line, sentence.text
                )

    def _pieces_of_this_year(self, sentence: str) -> list[str]:
        """The comma-separated pieces of a sentence that speak of the report's year (or of none)."""
        pieces, other = [], False
        for piece in re.split(r"[，,；;]", sentence):
            period = clause_period(piece, self.fy)
            if period is not None:
                other = period == OTHER
            if not other and not any(w in piece for w in self.lex.comparisons if w not in ("平均",)):
                pieces.append(piece)
        return pieces

    def _read_score_after_heading(self, para: _Paragraph) -> None:
        key = self._evaluation_key(para)
        score = rating.score_after_heading(para.heading, para.text)
        if key is not None and score is not None:
            self._add("fct_evaluation_summary", key, "total_score", score, para.line, para.text)

    def _read_overview(
        self, sentence: _Sentence, refs: list[ClauseRef], indices: list[int]
    ) -> set[tuple[int, int]]:
        consumed = set()
        index_of = {id(refs[i]): i for i in indices}
        for figure in overview.read_overview([refs[i] for i in indices], self.fy):
            key = {"category": figure.rating}
            self._add(
                "fct_evaluation_overview", key, figure.measure, figure.quantity, sentence.line, sentence.text
            )
            if figure.figure is not None:
                consumed.add((index_of[id(figure.clause)], figure.figure.start))
        return consumed


def _is_allocation(key: dict, label: str, section: Section) -> bool:
    """A line of funds allotted (年度资金总额, a project's 资金 / 财政拨款 / 上年结转) rather than of money received
    or spent: its plain amount is the full-year budget."""
    line_item = key.get("line_item")
    if line_item not in _FUNDS_CODES or "支出" in label or "收入" in label:
        return False
    return section.kind == PROJECT or key.get("scope") == "project" or line_item == "total_funds"


def extract_prose(doc: Document, ctx: Context) -> None:
    ProseReader(doc, ctx).read()
