"""Sentence-level extraction of figures from the 自评报告 prose.

Each clause (text between ，；、（）) is read by a small set of rules: budget and 三公 lines (a label at
the clause start, then connector words, then an amount), project lines (paragraphs about a project the
tables name), fund flows and coverage counts (the words right before an amount or count, with the scheme
and population taken from the clause, the sentence so far, the paragraph or its heading, or the unit),
staffing and the self-rating. A figure no rule reads with confidence goes to the unmapped list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ingest import lexicon
from ingest.document import Document, Paragraph
from ingest.forms.common import Context
from ingest.identity import unit_name as find_unit_name
from ingest.normalise import parse_plain_number, project_key, squash
from ingest.prose.text import Found, clauses, quantities, segments, sentences

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
    r"^((为|是)?(全年|年度)?(完成|达到)?(全年)?(预算|年度预算|任务|年度任务|目标任务)?(数)?的?|占.{0,20}的?)[\d.]+[%％]"
)
_RATING = re.compile(
    r"(总体评价|自评等级|评价等级|自评结果|评价结果|综合评价)(为|是|：|:)?[“\"「]?(优秀|优|良好|良|中|差)"
)
_TOTAL_SCORE = re.compile(r"(合计总得分|自评总得分|总得分|自评总分|综合得分)(为|是|：|:)?(\d+(?:\.\d+)?)分")


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

    @cached_property
    def scheme_pattern(self) -> re.Pattern[str]:
        return _alternation(self.schemes)

    @cached_property
    def population_pattern(self) -> re.Pattern[str]:
        return _alternation(self.populations)

    @cached_property
    def scheme_code(self) -> dict[str, str]:
        return _first_code(self.schemes)

    @cached_property
    def population_code(self) -> dict[str, str]:
        return _first_code(self.populations)

    @classmethod
    def load(cls) -> Lexicon:
        prose = lexicon.load("prose")
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


@dataclass
class _Sentence:
    text: str
    line: int
    paragraph: _Paragraph
    scheme: str | None = None  # carried from the clauses read so far
    last_fact: _Fact | None = None
    facts: list[_Fact] = field(default_factory=list)
    schemes_named: set[str] = field(default_factory=set)
    label: tuple[str, str, bool] | None = None  # (mart, code, is_three_public) of the last budget label


class ProseReader:
    def __init__(self, doc: Document, ctx: Context):
        self.doc, self.ctx, self.lex = doc, ctx, _lex()
        self.fy = ctx.fiscal_year
        unit = find_unit_name(doc, ctx.out.unit_names) or ""
        self.unit_scheme = _unique([c for _, c in scheme_mentions(squash(unit), skip_organisations=False)])
        self.projects = sorted(
            {
                f.key.get("project_name")
                for f in ctx.out.facts
                if f.key.get("scope") == "project" and f.key.get("project_name")
            },
            key=len,
            reverse=True,
        )

    # --- document walk -------------------------------------------------------------------------
    def read(self) -> None:
        heading_scheme = heading_population = None
        fresh_heading = False
        for block in self.doc.blocks:
            if not isinstance(block, Paragraph):
                continue
            text = squash(block.text)
            if not text:
                continue
            if self._is_heading(text):
                heading_scheme = _unique([c for _, c in scheme_mentions(text)])
                heading_population = _unique([c for _, c in population_mentions(text)])
                fresh_heading = True
                continue
            para = _Paragraph(
                text,
                block.line,
                heading_scheme if fresh_heading else None,
                heading_population if fresh_heading else None,
                self._project_of(text),
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
        self._read_staffing(para)
        for sentence_text in sentences(para.text):
            sentence = _Sentence(sentence_text, para.line, para)
            self._read_rating(sentence)
            for segment in segments(sentence_text):
                for clause in clauses(segment):
                    self._read_clause(sentence, segment, clause)

    # --- one clause ----------------------------------------------------------------------------
    def _read_clause(self, sentence: _Sentence, segment: str, clause: str) -> None:
        mentions = scheme_mentions(clause)
        if mentions:
            sentence.scheme = mentions[-1][1]
            sentence.schemes_named.update(code for _, code in mentions)
        elif len(sentence.schemes_named) >= 2 and any(w in clause for w in _TOTAL_WORDS):
            sentence.scheme = (
                "all"  # "…企业…、机关…、城乡居民…，全年共计…": the total over the schemes listed
            )
        found = quantities(clause)
        if _RATE_CLAUSE.match(clause) and sentence.last_fact and found and found[0].kind == "rate":
            self._attach_rate(sentence, "share" if clause.startswith("占") else "execution", found[0])
            return
        if any(w in clause for w in self.lex.comparisons) or _about_other_year(clause, self.fy):
            return
        if sentence.paragraph.project:
            self._read_project_clause(sentence, clause, found)
            return
        if self._read_budget_clause(sentence, clause, found) or not found:
            return
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
    def _strip_openers(self, clause: str) -> str:
        previous = None
        while previous != clause:
            previous = clause
            clause = _NUMBERING.sub("", clause)
            m = _YEAR.match(clause)
            if m and (self.fy is None or int(m.group(1)) == self.fy):
                clause = clause[m.end() :]
            clause = _PERIOD.sub("", clause, count=1)
            for opener in self.lex.openers:
                if clause.startswith(opener):
                    clause = clause[len(opener) :]
                    break
        return clause

    def _label_at_start(self, text: str) -> tuple[str, str, bool, int] | None:
        """The longest (qualifier +) label the text starts with: '财政拨款基本支出' is 基本支出, not 财政拨款."""
        best = None
        for qualifier in ["", *self.lex.qualifiers]:
            if not text.startswith(qualifier):
                continue
            rest = text[len(qualifier) :]
            for labels, mart, is_tpe in (
                (self.lex.three_public_labels, "fct_three_public_expenses", True),
                (self.lex.budget_labels, "fct_budget_execution", False),
            ):
                for phrase, code in labels:
                    length = len(qualifier) + len(phrase)
                    if rest.startswith(phrase) and (best is None or length > best[3]):
                        best = (mart, code, is_tpe, length)
        return best

    def _connector_measure(self, connector: str) -> str | None:
        """'' / '支出决算为' → executed; '2022年预算' → budget; anything else → None (not a plain statement)."""
        is_budget = is_initial = False
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
                        break
                else:
                    if rest.startswith("年初"):
                        is_initial, rest = True, rest[2:]
                        continue
                    return None
        if is_budget:
            return "budget_initial" if is_initial else "budget"
        return "executed"

    def _read_budget_clause(self, sentence: _Sentence, clause: str, found: list[Found]) -> bool:
        text = self._strip_openers(clause)
        label = self._label_at_start(text)
        rest_start = label[3] if label else 0
        if label is None:
            # "2023年支出5321.08万元": the year's total expenditure (or income) with no other label.
            if clause != text and _YEAR.match(clause):
                for word, code in (("支出", "expenditure_total"), ("收入", "income_total")):
                    if text.startswith(word) and text[len(word) : len(word) + 1].isdigit():
                        label, rest_start = ("fct_budget_execution", code, False, 0), len(word)
            if (
                label is None
                and sentence.label
                and text.startswith(("实际支出", "执行数", "决算数", "支出决算"))
            ):
                mart, code, is_tpe = sentence.label
                label, rest_start = (mart, code, is_tpe, 0), 0
        if (
            label is None
            and sentence.label
            and sentence.label[1] == "official_reception"
            and text.startswith("接待")
        ):
            persons = next((f for f in found if f.kind == "person_times"), None)
            if persons:  # "公务接待2次，接待9人次"
                self._emit(
                    sentence,
                    "fct_three_public_expenses",
                    {"category": "official_reception"},
                    "reception_persons",
                    persons.quantity,
                    None,
                )
                return True
        if label is None:
            return False
        mart, code, is_tpe, _ = label
        money = next((f for f in found if f.kind == "money"), None)
        if (
            money is None
            and not found
            and re.fullmatch(r"(支出)?(决算数?|执行数?)?(为|是)?[\d.,]+", text[rest_start:])
        ):
            # "一般公共预算支出决算数为432.10": no unit, so no amount; a following rate still belongs here.
            key = (
                {"category": code}
                if is_tpe
                else {"scope": "department", "project_name": None, "line_item": code}
            )
            sentence.last_fact = _Fact(mart, key, "execution_rate_reported")
            return True
        count = next((f for f in found if f.kind == "times"), None)
        if (
            is_tpe
            and code == "official_reception"
            and count
            and text[rest_start : count.start - clause.find(text)] == ""
        ):
            self._emit(sentence, mart, {"category": code}, "reception_batches", count.quantity, None)
            sentence.label = (mart, code, is_tpe)
            return True
        if money is None:
            return False
        offset = clause.find(text)
        connector = text[rest_start : money.start - offset] if offset >= 0 else None
        if connector is None:
            return False
        measure = self._connector_measure(connector)
        if measure is None:
            return False
        sentence.label = (mart, code, is_tpe)
        if is_tpe:
            column = {"executed": "final_yuan", "budget": "budget_yuan", "budget_initial": "budget_yuan"}[
                measure
            ]
            self._emit(sentence, mart, {"category": code}, column, money.quantity, "execution_rate_reported")
        else:
            column = {
                "executed": "executed_yuan",
                "budget": "budget_full_year_yuan",
                "budget_initial": "budget_initial_yuan",
            }[measure]
            key = {"scope": "department", "project_name": None, "line_item": code}
            self._emit(sentence, mart, key, column, money.quantity, "execution_rate_reported")
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

    # --- staffing and rating --------------------------------------------------------------------
    def _read_staffing(self, para: _Paragraph) -> None:
        text = para.text
        if "编制" not in text or "在职" not in text:
            return
        patterns = {
            "authorized_headcount": r"编制(?:数|人数|数为)?(?:为|共|共计)?(\d+)(?:个|人|名)",
            "actual_headcount": r"(?:年末)?(?:实有|实际)?在职(?:人员|人数|职工)?(?:为|共|共计)?(\d+)(?:人|名)",
            "retired_persons": r"(?<!离)退休(?:人员|人数)(?:为|共)?(\d+)(?:人|名)",
        }
        for measure, pattern in patterns.items():
            matches = list(re.finditer(pattern, text))
            if measure == "actual_headcount":
                matches = [
                    m for m in matches if "年末" in text[max(0, m.start() - 4) : m.start() + 2]
                ] or matches
            if not matches:
                continue
            value = parse_plain_number(matches[0].group(1))
            if value is None:
                continue
            self.ctx.out.add(
                "fct_staffing",
                {},
                measure,
                value_num=value.value,
                precision=Decimal("0.5"),
                origin="prose",
                form_code="narrative_report",
                source_line=para.line,
                source_text=para.text[:500],
            )

    def _read_rating(self, sentence: _Sentence) -> None:
        key = {"scope": "department", "project_name": None}
        m = _RATING.search(sentence.text)
        if m:
            rating = {"优秀": "优", "良好": "良"}.get(m.group(3), m.group(3))
            self.ctx.out.add(
                "fct_evaluation_summary",
                key,
                "self_rating",
                value_text=rating,
                origin="prose",
                form_code="narrative_report",
                source_line=sentence.line,
                source_text=sentence.text[:500],
            )
        m = _TOTAL_SCORE.search(sentence.text)
        if m:
            self.ctx.out.add(
                "fct_evaluation_summary",
                key,
                "total_score",
                value_num=Decimal(m.group(3)),
                precision=Decimal("0.5"),
                origin="prose",
                form_code="narrative_report",
                source_line=sentence.line,
                source_text=sentence.text[:500],
            )


def _about_other_year(clause: str, fiscal_year: int | None) -> bool:
    """A clause about another year ("2019年项目支出包含…") states no figure of this report's year."""
    if fiscal_year is None:
        return False
    return any(int(y) not in (fiscal_year, fiscal_year + 1) for y in re.findall(r"(20\d{2})年", clause))


def extract_prose(doc: Document, ctx: Context) -> None:
    ProseReader(doc, ctx).read()
