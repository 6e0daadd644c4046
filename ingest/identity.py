"""Who filed a document and for which year: unit name, fiscal year, region, admin level."""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.document import Document
from ingest.normalise import squash

_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年度")
_YEAR_ANY = re.compile(r"(20\d{2})\s*年")
_UNIT_SUFFIX = re.compile(
    r"(中心|局|厅|委员会|委|办公室|院|所|站|处|队|馆|部|学校|公司|协会|联合会|基金会|办事处)$"
)
_STAMP = re.compile(r"[（(]\s*盖章\s*[)）]")
_UNIT_IN_COVER = re.compile(r"单位名称[:：]\s*(\S+?)(?:[（(]盖章[)）]|$)")
_ADMIN_LEVEL_BY_SUFFIX = {
    "省": "province",
    "自治区": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "区": "county",
    "旗": "county",
}


@dataclass
class Identity:
    unit_name: str | None
    fiscal_year: int | None
    province: str | None
    city: str | None
    county: str | None
    admin_level: str | None

    @property
    def unit_id(self) -> str | None:
        if not self.unit_name:
            return None
        return hashlib.sha256(self.unit_name.encode("utf-8")).hexdigest()[:16]


def fiscal_year(doc: Document) -> int | None:
    """The year the report is about: the year most titles name as 'NNNN年度', else the commonest year."""
    titled = Counter()
    for block_text in _heading_texts(doc):
        for y in _YEAR_IN_TITLE.findall(block_text):
            titled[int(y)] += 1
    if titled:
        return titled.most_common(1)[0][0]
    years = Counter(int(y) for line in doc.lines for y in _YEAR_ANY.findall(line))
    return years.most_common(1)[0][0] if years else None


def _heading_texts(doc: Document) -> list[str]:
    texts = [p.text for p in doc.paragraphs if len(p.text) <= 60]
    for table in doc.tables:
        for row in table.rows[:3]:
            texts.extend(c.text for c in row.cells if len(c.text) <= 60)
    return texts


def clean_unit_name(text: str) -> str:
    name = _STAMP.sub("", squash(text))
    return name.rstrip("：:。，,")


def unit_name(doc: Document, form_candidates: list[tuple[str, int]]) -> str | None:
    """Named in a form cell (预算部门名称 / 实施单位 / 预算单位) or on the cover; else the first line if it is a unit."""
    names = Counter(clean_unit_name(n) for n, _ in form_candidates if _UNIT_SUFFIX.search(clean_unit_name(n)))
    for p in doc.paragraphs:
        m = _UNIT_IN_COVER.search(squash(p.text))
        if m and _UNIT_SUFFIX.search(clean_unit_name(m.group(1))):
            names[clean_unit_name(m.group(1))] += 1
    if names:
        return names.most_common(1)[0][0]
    for p in doc.paragraphs[:3]:
        candidate = clean_unit_name(p.text)
        if (
            4 <= len(candidate) <= 40
            and _UNIT_SUFFIX.search(candidate)
            and not re.search(r"[\d：:，,。；;]", candidate)
        ):
            return candidate
    return None


@cache
def _cpca():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    return cpca


@lru_cache(maxsize=4096)  # a unit files every year: its name is looked up once per worker, not per document
def region(name: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, county, admin_level) from the gazetteer, by the place the unit's name starts with."""
    if not name:
        return None, None, None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = _cpca().transform([name])
    row = frame.iloc[0]

    def value(col: str) -> str | None:
        v = row.get(col)
        return v if isinstance(v, str) and v else None

    province, city, county = value("省"), value("市"), value("区")
    if province is None:
        return None, None, None, None
    # The unit is at the lowest level its name starts with (a county centre names its county first).
    head = name[:12]
    if county and county in head:
        level = "county"
    elif city and city in head:
        level, county = "city", None
    else:
        level, city, county = "province", None, None
    return province, city, county, level


def identify(doc: Document, form_candidates: list[tuple[str, int]]) -> Identity:
    name = unit_name(doc, form_candidates)
    province, city, county, level = region(name)
    return Identity(name, fiscal_year(doc), province, city, county, level)
