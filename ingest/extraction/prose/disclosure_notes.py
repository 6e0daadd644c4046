"""The 说明 of 预算 / 决算 disclosures: an item's amount by its 科目 path, the earlier year's figure it compares with,
the change it states, and the department lines' stated changes and 政府采购.

"“一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元 … 2022年当年预算执行数为1.48万元，2023年预算安排
2.63万元，比2022年预算执行数增加77.70%" states the item's budget twice, the earlier year's figure and a change rate.
The item's code comes from the document's own tables (the names of its 类 / 款 / 项 rows): an item whose path the
tables do not name is left alone, never guessed. The figures are statements like any other: they merge with the
table's when they agree and become findings when they do not (dbt owns that comparison)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.document import Document, Paragraph
from ingest.extraction.forms.common import Context
from ingest.extraction.normalise import Quantity, parse_money, parse_rate, squash

_AMOUNT = r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
_RATE = r"(?P<rate>\d[\d,]*(?:\.\d+)?)\s*[%％]"
_PATH = re.compile(
    # a 款 / 项 name may hold brackets of its own (政府办公厅（室）及相关机构事务): names end at the level markers
    r"(?P<cls>[^“\"”、。；，,.\d]{2,20})（类）(?P<kind>[^。；“”\"]{1,40}?)（款）(?:(?P<item>[^。；“”\"]{1,40}?)（项）)?"
)
_FORM_CODE = "final_accounts"
_NEW_TOPIC = re.compile(
    r"20\d{2}年[，,]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分"
)


@cache
def _words() -> dict:
    return lexicon.load("disclosure_prose")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _statement_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The change against an earlier year, the earlier year's figure, and this year's figure (built once)."""
    words = _words()
    change = re.compile(
        rf"比(?P<year>\d{{4}})年(?:[（(][^）)]*[)）])?(?:{_alternation(words['prior_year_words'])})?"
        rf"(?:(?P<dir>{_alternation(words['increase_words'] + words['decrease_words'])})"
        rf"(?:{_AMOUNT}|{_RATE})|(?P<same>{_alternation(words['unchanged_words'])}))"
    )
    prior = re.compile(
        rf"(?P<year>\d{{4}})年(?:{_alternation(words['prior_year_words'])})(?:为|是)?{_AMOUNT}"
    )
    current = re.compile(
        rf"(?:(?P<year>\d{{4}})年)?(?P<word>{_alternation(words['current_words'])}){_AMOUNT}"
    )
    return change, prior, current


@cache
def _budget_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each budget measure with the pattern of its phrases and the amount after them (built once, not per item)."""
    return tuple(
        (measure, re.compile(rf"(?:{_alternation(phrases)}){_AMOUNT}"))
        for measure, phrases in _words()["budget_phrases"].items()
    )


@dataclass
class _Subjects:
    """The document's own 科目 names by code (from its tables), for resolving a 说明 item's path."""

    names: dict[str, set[str]]

    def code_of(self, cls: str, kind: str, item: str | None) -> str | None:
        def find(length: int, prefix: str, name: str) -> str | None:
            wanted = _plain(name)
            hits = [
                code
                for code, names in self.names.items()
                if len(code) == length and code.startswith(prefix) and wanted in {_plain(n) for n in names}
            ]
            return hits[0] if len(hits) == 1 else None

        class_code = find(3, "", cls)
        kind_code = find(5, class_code, kind) if class_code else None
        if kind_code is None or item is None:
            return kind_code
        return find(7, kind_code, item)


def _plain(name: str) -> str:
    return re.sub(r"[\s“”\"（）()]", "", name)


def _subjects(ctx: Context) -> _Subjects:
    names: dict[str, set[str]] = {}
    for fact in ctx.out.facts:
        code = fact.key.get("subject_code")
        if (
            fact.mart == "fct_final_accounts"
            and fact.measure_name == "subject_name"
            and fact.value_text
            and code
        ):
            names.setdefault(code, set()).add(fact.value_text)
    return _Subjects(names)


class DisclosureNotes:
    def __init__(self, doc: Document, ctx: Context, kind: str) -> None:
        self.doc, self.ctx, self.kind = doc, ctx, kind
        self.fy = ctx.fiscal_year
        self.prefix = "budget_" if kind == "budget" else ""
        self.subjects = _subjects(ctx)
        self.change, self.prior, self.current = _statement_patterns()

    def read(self) -> None:
        # the 说明 as one stream: a PDF's paragraphs may be its printed lines, an item runs over several
        texts = [squash(p.text) for p in self.doc.paragraphs]
        self.starts = list(itertools.accumulate((len(t) for t in texts), initial=0))[:-1]
        self.stream = "".join(texts).replace("(", "（").replace(")", "）")
        self._items()
        position = 0
        for sentence in re.split(r"(?<=。)", self.stream):
            self._department_changes(sentence, position)
            self._procurement(sentence, position)
            if self.kind == "final":
                self._department_execution(sentence, position)
            else:
                self._targets_summary(sentence, position)
            position += len(sentence)

    def _topic_end(self, start: int, end: int) -> int:
        """Where an item's text ends at the latest: the first later paragraph that opens a new topic (a year
        sentence such as '2025年，…', or a numbered heading), since a wrapped item runs over several lines."""
        for boundary in self.starts:
            if start < boundary < end and _NEW_TOPIC.match(self.stream, boundary):
                return boundary
        return end

    def _paragraph_at(self, position: int) -> Paragraph:
        return self.doc.paragraphs[max(bisect.bisect_right(self.starts, position) - 1, 0)]

    # -- facts ------------------------------------------------------------------------------------------
    def _add(
        self, mart: str, key: dict, measure: str, quantity: Quantity, position: int, text: str, sign: int = 1
    ) -> None:
        paragraph = self._paragraph_at(position)
        self.ctx.out.add(
            mart,
            key,
            measure,
            value_num=quantity.value * sign,
            precision=quantity.precision,
            origin="prose",
            form_code=_FORM_CODE,
            source_line=paragraph.line,
            source_text=text[:300],
        )

    def _stated_change(self, mart: str, key: dict, match: re.Match, position: int, text: str) -> None:
        if match.group("same"):
            self._add(
                mart, key, "stated_change_rate", Quantity(Decimal(0), "rate", Decimal(0)), position, text
            )
            return
        sign = -1 if match.group("dir") in _words()["decrease_words"] else 1
        if match.group("rate"):
            rate = parse_rate(match.group("rate") + "%")
            if rate is not None:
                self._add(mart, key, "stated_change_rate", rate, position, text, sign)
        elif match.group("amount"):
            amount = parse_money(match.group("amount") + match.group("unit"), None)
            if amount is not None:
                self._add(mart, key, "stated_change_yuan", amount, position, text, sign)

    # -- 说明 items by 科目 -----------------------------------------------------------------------------------
    def _items(self) -> None:
        matches = list(_PATH.finditer(self.stream))
        for index, path in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(self.stream)
            end = min(end, path.end() + 300, self._topic_end(path.end(), end))
            body = self.stream[path.end() : end]
            text = self.stream[path.start() : end]
            code = self.subjects.code_of(path.group("cls"), path.group("kind"), path.group("item"))
            if code is None:
                continue
            at = path.start()
            key = {"statement": self.prefix + "general_budget_expenditure", "subject_code": code}
            mart = "fct_final_accounts"
            leading = re.match(_AMOUNT, body.lstrip('”"’ '))
            if leading and self.kind == "budget":
                amount = parse_money(leading.group("amount") + leading.group("unit"), None)
                if amount is not None:
                    self._add(mart, key, "total_yuan", amount, at, text)
            for current in self.current.finditer(body):
                year = current.group("year")
                if year is not None and self.fy is not None and int(year) != self.fy:
                    continue
                is_executed = current.group("word") in _words()["executed_words"]
                if is_executed != (self.kind == "final"):
                    continue  # a 决算's budget figures and a 预算's executed ones have no column here
                amount = parse_money(current.group("amount") + current.group("unit"), None)
                if amount is not None:
                    self._add(mart, key, "total_yuan", amount, at, text)
            if self.kind == "final":
                self._item_budgets(mart, key, body, at, text)
            for prior in self.prior.finditer(body):
                if self.fy is not None and int(prior.group("year")) == self.fy - 1:
                    amount = parse_money(prior.group("amount") + prior.group("unit"), None)
                    if amount is not None:
                        self._add(mart, key, "prior_year_stated_yuan", amount, at, text)
                    break
            for change in self.change.finditer(body):
                if self.fy is not None and int(change.group("year")) == self.fy - 1:
                    self._stated_change(mart, key, change, at, text)
                    break

    def _item_budgets(self, mart: str, key: dict, body: str, at: int, text: str) -> None:
        """A 决算 item's budgets beside its executed figure ("全年预算为 52.00 万元，支出决算为 51.32 万元")."""
        for measure, pattern in _budget_patterns():
            found = pattern.search(body)
            if found is None:
                continue
            amount = parse_money(found.group("amount") + found.group("unit"), None)
            if amount is not None:
                self._add(mart, key, measure, amount, at, text)

    # -- department lines ------------------------------------------------------------------------------------
    def _department_execution(self, sentence: str, position: int) -> None:
        """A department line's budgets, outcome and completion rate in one sentence, named right before its
        first figure ("一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初
        预算的95.89%"); an item's sentence (its 科目 path first) is read by _items."""
        words = _words()
        labels = {w: item for item, ws in words["execution_labels"].items() for w in ws}
        budgets = {w: m for m, ws in words["budget_phrases"].items() for w in ws}
        executed = {w: "executed_yuan" for w in words["execution_executed_phrases"]}
        phrases = {**budgets, **executed}
        starts = list(
            re.finditer(
                rf"(?P<label>{_alternation(list(labels))})(?=(?:{_alternation(list(phrases))}))", sentence
            )
        )
        mart = "fct_budget_execution"
        for index, found in enumerate(starts):
            # a line's figures run to the next line named the same way (两条线 in one sentence)
            end = starts[index + 1].start() if index + 1 < len(starts) else len(sentence)
            rest = sentence[found.end() : end]
            key = {"scope": "department", "project_name": None, "line_item": labels[found.group("label")]}
            at = position + found.start()
            for figure in re.finditer(rf"(?P<phrase>{_alternation(list(phrases))}){_AMOUNT}", rest):
                amount = parse_money(figure.group("amount") + figure.group("unit"), None)
                if amount is not None:
                    self._add(mart, key, phrases[figure.group("phrase")], amount, at, sentence)
            rate = re.search(rf"(?:{_alternation(words['execution_rate_phrases'])}){_RATE}", rest)
            if rate is not None and (quantity := parse_rate(rate.group("rate") + "%")) is not None:
                self._add(mart, key, "execution_rate_reported", quantity, at, sentence)

    def _department_changes(self, sentence: str, position: int) -> None:
        labels = {w: item for item, ws in _words()["department_labels"].items() for w in ws}
        pattern = re.compile(
            rf"(?:^|[，,；;。：:])(?:其中[：:])?(?P<label>{_alternation(list(labels))})(?:为)?{_AMOUNT}[，,]?"
        )
        offset = 0
        for clause in re.split(r"(?<=[；;])", sentence):
            for found in pattern.finditer(clause):
                rest = clause[found.end() :]
                change = self.change.match(rest)
                if change is None or (self.fy is not None and int(change.group("year")) != self.fy - 1):
                    continue
                key = {"scope": "department", "project_name": None, "line_item": labels[found.group("label")]}
                self._stated_change("fct_budget_execution", key, change, position + offset, sentence)
            offset += len(clause)

    def _targets_summary(self, sentence: str, position: int) -> None:
        """ "编报绩效目标的项目共25个，涉及项目预算资金11381.60万元": the number of projects and their money."""
        words = _words()["targets_summary"]
        found = re.search(
            rf"(?:{_alternation(words['markers'])})[^。；;]{{0,20}}?项目(?:共|数|总数)?(?:为|有|计|共计)?"
            rf"(?P<count>\d+)个",
            sentence,
        )
        if found is None:
            return
        key, at = {"category": "all"}, position + found.start()
        count = Decimal(found.group("count"))
        mart = "fct_evaluation_overview"
        self._add(mart, key, "project_count", Quantity(count, "", Decimal(0)), at, sentence)
        rest = sentence[found.end() :]
        amount = re.match(
            rf"[，,、]?(?:{_alternation(words['amount_words'])})(?:共|合计|共计|为|总额)*{_AMOUNT}", rest
        )
        if amount is not None and (money := parse_money(amount.group("amount") + amount.group("unit"), None)):
            self._add(mart, key, "amount_yuan", money, at, sentence)

    def _procurement(self, sentence: str, position: int) -> None:
        phrases = _alternation(_words()["procurement_phrases"])
        found = re.search(rf"(?:{phrases})(?:[（(][^）)]*[)）])?(?:为|是|共)?{_AMOUNT}", sentence)
        if found is None or not self._this_year(sentence, found):
            return
        amount = parse_money(found.group("amount") + found.group("unit"), None)
        if amount is None:
            return
        measure = "budget_initial_yuan" if self.kind == "budget" else "executed_yuan"
        key = {"scope": "department", "project_name": None, "line_item": "government_procurement"}
        self._add("fct_budget_execution", key, measure, amount, position + found.start(), sentence)

    def _this_year(self, text: str, found: re.Match) -> bool:
        """The sentence names this year before the figure (a 说明 restates other years' figures too)."""
        years = re.findall(r"(\d{4})\s*年", text[: found.start()])
        return self.fy is not None and bool(years) and int(years[-1]) == self.fy


def read_disclosure_notes(doc: Document, ctx: Context, kind: str) -> None:
    """`kind`: 'budget' for a 预算 disclosure, 'final' for a 决算."""
    DisclosureNotes(doc, ctx, kind).read()
