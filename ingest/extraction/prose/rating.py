"""The self-rating (优 / 良 / 中 / 差) and the total score a report gives its department or project."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.normalise import Quantity, _precision, parse_plain_number

_QUOTE_OPEN = "[“\"「『‘']?"
_QUOTE_CLOSE = "[”\"」』’']?"
_BOUNDARY = r"(?=[”\"」』’'。，,；;、）)\s]|$)"
_NUMBER = r"(\d+(?:\.\d+)?)"
_SCORE_ONLY = re.compile(r"^(?:得分)?[:：]?" + _NUMBER + r"分[。.]?$")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class RatingPatterns:
    rating: re.Pattern[str]
    rating_code: dict[str, str]
    score: re.Pattern[str]
    score_phrases: tuple[str, ...]
    score_blockers: tuple[str, ...]


@cache
def _patterns() -> RatingPatterns:
    words = lexicon.load("prose_departments")
    rating, score = words["self_rating"], words["total_score"]
    rating_code = {word: code for code, phrases in rating["ratings"].items() for word in phrases}
    rating_pattern = re.compile(
        # the connector is required: "在评定中" / "自评中发现" name no rating
        f"(?:{_alternation(rating['phrases'])})(?:{_alternation(rating['connectors'])}){_QUOTE_OPEN}"
        f"(?P<rating>{_alternation(list(rating_code))}){_QUOTE_CLOSE}"
        f"(?:{_alternation(rating['ends'])})?{_QUOTE_CLOSE}{_BOUNDARY}"
    )
    score_pattern = re.compile(
        f"(?P<phrase>{_alternation(score['phrases'])})(?:{_alternation(score['connectors'])})?{_NUMBER}分"
    )
    return RatingPatterns(
        rating_pattern,
        rating_code,
        score_pattern,
        tuple(sorted(score["phrases"], key=len, reverse=True)),
        tuple(score["blockers"]),
    )


def self_rating(text: str) -> tuple[str, int] | None:
    """('优', position) for "总体评价为优" / "自评等级为“优秀”"; None for "等级为优的项目12个"."""
    patterns = _patterns()
    m = patterns.rating.search(text)
    return (patterns.rating_code[m.group("rating")], m.start()) if m else None


def total_score(clause: str) -> tuple[Quantity, int] | None:
    """The total score a clause states ("自评得分96.5分", "合计总得分98分"), not a part's or an average."""
    patterns = _patterns()
    for m in patterns.score.finditer(clause):
        if any(b in clause[: m.start("phrase")] for b in patterns.score_blockers):
            continue
        return _score(m.group(2)), m.start()
    return None


def score_after_heading(heading: str | None, paragraph: str) -> Quantity | None:
    """A heading "（一）自评得分" followed by a paragraph holding only "100分。"."""
    if not heading or not heading.rstrip("：:").endswith(_patterns().score_phrases):
        return None
    m = _SCORE_ONLY.match(paragraph)
    return _score(m.group(1)) if m else None


def _score(written: str) -> Quantity:
    number = parse_plain_number(written)
    assert number is not None
    return Quantity(number.value, "score", _precision(number.decimals, Decimal(1)))
