"""Projects named in a department's prose: "（1）免费开放项目支出25.14万元", "项目支出包括A经费36.3万元、B资金1万元".

A name is taken only where the wording says it is a project (it ends in 项目, or it is an item of a 项目支出
listing) and it reads like a name: no figure, no narration (年中追加…, 其中…), two to forty characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.extraction import lexicon
from ingest.extraction.normalise import project_key

_QUOTES = "“”\"‘’'《》「」"
_NOT_IN_NAME = re.compile(r"[\d%％，,。；;：:、个共等]")
_AMOUNT_CONNECTORS = re.compile(r"(共计|合计|达到|为|达|共)+$")


@dataclass(frozen=True)
class ProjectWords:
    amount_words: tuple[str, ...]
    blockers: tuple[str, ...]
    stoppers: tuple[str, ...]
    listing_openers: tuple[str, ...]
    listing_name_ends: tuple[str, ...]
    openers: tuple[str, ...]


@cache
def _words() -> ProjectWords:
    words = lexicon.load("prose_departments")

    def longest(name: str) -> tuple[str, ...]:
        return tuple(sorted(words[name], key=len, reverse=True))

    return ProjectWords(
        amount_words=longest("project_amount_words"),
        blockers=longest("project_name_blockers"),
        stoppers=longest("project_name_stoppers"),
        listing_openers=longest("project_listing_openers"),
        listing_name_ends=longest("project_listing_name_ends"),
        openers=longest("project_openers"),
    )


def project_openers() -> tuple[str, ...]:
    return _words().openers


def _valid_name(name: str) -> bool:
    words = _words()
    return (
        2 <= len(name) <= 40
        and not _NOT_IN_NAME.search(name)
        and not name.startswith(words.blockers)
        and not any(s in name for s in words.stoppers)
        and not name.endswith("的")
    )


def named_project(text: str, amount_start: int) -> tuple[str, int] | None:
    """(project key, where its connector starts) when the text before an amount opens with "<name>项目"
    (and words such as 支出 / 资金): "免费开放项目支出251384.66元" → ('免费开放', 6)."""
    head = text[:amount_start]
    position = head.find("项目")
    if position <= 0:
        return None
    name = head[:position].strip(_QUOTES)
    if not _valid_name(name):
        return None
    rest = position + len("项目")
    for word in _words().amount_words:
        if head.startswith(word, rest):
            rest += len(word)
            break
    key = project_key(name)
    return (key, rest) if key else None


def listing_opener(text: str) -> str | None:
    """The word that opens a listing of projects ("包括…"), where the text starts with one."""
    return next((w for w in _words().listing_openers if text.startswith(w)), None)


def listed_project(text: str, amount_start: int) -> str | None:
    """An item of a 项目支出 listing: "委员活动经费36.3万元" → '委员活动经费'."""
    opener = listing_opener(text) or ""
    name = _AMOUNT_CONNECTORS.sub("", text[len(opener) : amount_start]).strip(_QUOTES)
    if not name.endswith(_words().listing_name_ends) or not _valid_name(name):
        return None
    return project_key(name)
