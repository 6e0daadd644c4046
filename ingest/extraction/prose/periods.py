"""Which year a clause speaks of: the report's own, another one, or none it names."""

from __future__ import annotations

import re
from functools import cache

from ingest.extraction import lexicon

THIS, OTHER = "this", "other"

_YEAR = re.compile(r"(20\d{2})\s*年(度)?")
_DATE_AFTER_YEAR = re.compile(r"^\s*\d{1,2}\s*月")


@cache
def _period_words() -> tuple[re.Pattern[str], tuple[str, ...]]:
    section = lexicon.load("prose_departments")["other_periods"]
    words = sorted(section["words"], key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), tuple(section["unless_followed_by"])


def clause_period(clause: str, fiscal_year: int | None) -> str | None:
    """THIS when the clause names the report's year, OTHER when it names another year (last year's figures,
    next year's plans), None when it names no year. A date in the year after the report's ("2022年3月", the
    month the report was written) names no period; "2022年预算…" in a 2021 report is next year's plan."""
    named = None
    for match in _YEAR.finditer(clause):
        year = int(match.group(1))
        if fiscal_year is None:
            continue
        if year == fiscal_year:
            named = named or THIS
        elif year == fiscal_year + 1 and _DATE_AFTER_YEAR.match(clause[match.end() :]):
            continue
        else:
            return OTHER
    pattern, keep_after = _period_words()
    for match in pattern.finditer(clause):
        if not clause.startswith(keep_after, match.end()):
            return OTHER
    return named
