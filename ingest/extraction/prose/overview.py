"""A disclosure's summary of its self-evaluations → fct_evaluation_overview.

"自评项目15个，涉及资金3560.2万元，平均得分92.5分；其中评价等级为优的项目12个…" gives, per rating (all /
excellent / good / fair / poor), the number of projects, the money they involve, its share of a total and the
average score. A count is an evaluation's only where its clause names the evaluation (or follows a clause that
ends with it); amounts, shares and averages only follow such a count. Evaluations done by others (重点评价,
第三方) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.normalise import Quantity, _precision, parse_plain_number
from ingest.extraction.prose.clauses import ClauseRef, Found
from ingest.extraction.prose.periods import OTHER, clause_period

ALL = "all"
_PROJECT_COUNT_HEAD = re.compile(r"项目(?:共|数|总数|个数)?(?:为|有|共|计|共计|合计)?$")
_SINGLE_CHAR_BEFORE = '为是、，,：:“"「（( '
_AMOUNT_CONNECTORS = re.compile(r"(共计|合计|达到|为|达|共)+$")


@dataclass
class OverviewFigure:
    rating: str
    measure: str  # project_count / amount_yuan / average_score / share_reported
    quantity: Quantity
    clause: ClauseRef
    figure: Found | None  # None for an average written without a unit ("平均得分99.38")


@dataclass(frozen=True)
class OverviewWords:
    evaluation: tuple[str, ...]
    blockers: tuple[str, ...]
    amount: tuple[str, ...]
    rating_code: dict[str, str]
    rating: re.Pattern[str]
    other_rating: re.Pattern[str]
    average: re.Pattern[str]


@cache
def _words() -> OverviewWords:
    section = lexicon.load("prose_departments")["evaluation_overview"]
    rating_code = {word: code for code, words in section["ratings"].items() for word in words}
    ratings = "|".join(sorted(rating_code, key=len, reverse=True))
    averages = "|".join(sorted(section["average_words"], key=len, reverse=True))

    def longest(name: str) -> tuple[str, ...]:
        return tuple(sorted(section[name], key=len, reverse=True))

    return OverviewWords(
        evaluation=longest("evaluation_words"),
        blockers=longest("blockers"),
        amount=longest("amount_words"),
        rating_code=rating_code,
        # "优8个", "评价等级为优的项目12个", "良好的项目2个"
        rating=re.compile(
            rf"(?P<rating>{ratings})[”\"」]?(?:等级|等次|级)?的?(?:项目)?(?:有|为|共|共计)?(?=\d+个)"
            rf"|(?P<named>{ratings})[”\"」]?(?:等级|等次|级)?的?项目"
        ),
        other_rating=re.compile(
            rf"(?:为|是)?[“\"「]?(?:{'|'.join(sorted(section['other_ratings'], key=len, reverse=True))})"
            rf"[”\"」]?(?:等级|等次|级)?的?项目"
        ),
        average=re.compile(rf"(?:{averages})(?:为|是|达到|达|：|:)?(\d+(?:\.\d+)?)(?:分)?"),
    )


def _rating_in(text: str) -> str | None:
    words = _words()
    for m in words.rating.finditer(text):
        word = m.group("rating") or m.group("named")
        start = m.start()
        # a one-character rating must stand on its own: "其中8个" is no 中
        if len(word) == 1 and start > 0 and text[start - 1] not in _SINGLE_CHAR_BEFORE:
            continue
        return words.rating_code[word]
    return None


def read_overview(sentence: list[ClauseRef], fiscal_year: int | None) -> list[OverviewFigure]:
    """The overview figures of one sentence (its clauses in order)."""
    words = _words()
    figures: list[OverviewFigure] = []
    rating: str | None = ALL  # None after a grade of another scale, until a rating of the contract's
    context_open, counted, last_measure = False, False, None
    for clause in sentence:
        text = clause.text
        if clause_period(text, fiscal_year) == OTHER or any(b in text for b in words.blockers):
            # another year's or someone else's evaluation: what follows belongs to it, not to the self-evaluation
            rating, context_open, counted = ALL, False, False
            continue
        names_evaluation = any(w in text for w in words.evaluation)
        named_rating = _rating_in(text) if (counted or names_evaluation or context_open) else None
        if named_rating is None and words.other_rating.search(text):
            rating = None  # "评级为“合格”的项目0个": a grade of another scale, no rating of the contract's
        rating = named_rating or rating
        if rating is None:
            continue
        for figure in clause.found:
            measure = None
            if figure.kind == "units" and figure.written.endswith("个"):
                if _is_project_count(text, figure, named_rating) and (
                    names_evaluation or context_open or (counted and named_rating)
                ):
                    measure, counted = "project_count", True
            elif figure.kind == "money" and counted:
                head = _AMOUNT_CONNECTORS.sub("", text[: figure.start])
                if head.endswith(words.amount):
                    measure = "amount_yuan"
            elif (
                figure.kind == "rate" and counted and last_measure == "amount_yuan" and text.startswith("占")
            ):
                measure = "share_reported"
            if measure:
                quantity = figure.quantity
                if measure == "project_count":
                    quantity = Quantity(quantity.value, "个", Decimal("0.5"))
                figures.append(OverviewFigure(rating, measure, quantity, clause, figure))
                last_measure = measure
        average = words.average.search(text)
        if average and (counted or names_evaluation):
            figures.append(OverviewFigure(rating, "average_score", _score(average.group(1)), clause, None))
        context_open = text.endswith(words.evaluation) or text.endswith(
            tuple(w + "工作" for w in words.evaluation)
        )
    return figures


def _is_project_count(text: str, figure: Found, named_rating: str | None) -> bool:
    if text[figure.end :].startswith("项目") or _PROJECT_COUNT_HEAD.search(text[: figure.start]):
        return True
    return named_rating is not None


def _score(written: str) -> Quantity:
    number = parse_plain_number(written)
    assert number is not None
    return Quantity(number.value, "score", _precision(number.decimals, Decimal(1)))
