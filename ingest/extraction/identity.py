"""Who filed a document and for which year: unit name, fiscal year, region, admin level."""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.extraction import lexicon
from ingest.extraction.document import Document
from ingest.extraction.normalise import squash

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


@cache
def _words() -> dict:
    return lexicon.load("identity")


@cache
def _title_pattern() -> re.Pattern:
    kinds = "|".join(sorted((re.escape(k) for k in _words()["title_kinds"]), key=len, reverse=True))
    return re.compile(rf"^(?P<name>.*?)(?P<year>20\d{{2}})年度?(?P<kind>{kinds})$")


def _cover_titles(doc: Document) -> list[re.Match]:
    """Title lines of the cover: '<unit>2024年度部门决算', '上海市XX区2025年区级部门预算' (a title may be cut over
    two lines, so each line is also tried joined with the next)."""
    heads = [squash(p.text) for p in doc.paragraphs[:6]]
    candidates = heads + ["".join(heads[i : i + n]) for n in (2, 3) for i in range(len(heads) - n + 1)]
    found = [m for text in candidates if len(text) <= 60 and (m := _title_pattern().match(text))]
    # the longest name is the whole title (a line before it may hold the first half of the unit's name)
    return sorted(found, key=lambda m: -len(m.group("name")))


def fiscal_year(doc: Document) -> int | None:
    """The year the report is about: the cover title's year ('2024年度部门决算'), else the year most titles name
    as 'NNNN年度', else the commonest year."""
    covers = _cover_titles(doc)
    if covers:
        return int(covers[0].group("year"))
    titled: Counter[int] = Counter()
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


@cache
def _label_pattern() -> re.Pattern:
    labels = "|".join(sorted((re.escape(w) for w in _words()["unit_labels"]), key=len, reverse=True))
    return re.compile(rf"(?:^|\s)(?:{labels})\s*[:：]\s*(?P<name>\S.*)$")


def _labelled_name(text: str) -> str | None:
    """'预算主管部门：XX局', '编制部门：XX局 单位：元' → 'XX局'."""
    m = _label_pattern().search(text.strip())
    if m is None:
        return None
    name = m.group("name")
    for stop in _words()["name_stops"]:
        at = name.find(stop)
        if at > 0:
            name = name[:at]
    name = clean_unit_name(re.split(r"\s{2,}|\s(?=\S+[:：])", name.strip())[0])
    return name if _UNIT_SUFFIX.search(name) and 4 <= len(name) <= 40 else None


def unit_name(doc: Document, form_candidates: list[tuple[str, int]]) -> str | None:
    """Named in a form cell (预算部门名称 / 实施单位 / 预算单位), on the cover or in a caption (预算主管部门：…,
    编制部门：…), or by the cover title ('<unit>2024年度部门决算'); else the first line if it is a unit."""
    names = Counter(clean_unit_name(n) for n, _ in form_candidates if _UNIT_SUFFIX.search(clean_unit_name(n)))
    for p in doc.paragraphs:
        m = _UNIT_IN_COVER.search(squash(p.text))
        if m and _UNIT_SUFFIX.search(clean_unit_name(m.group(1))):
            names[clean_unit_name(m.group(1))] += 1
        elif (labelled := _labelled_name(p.text)) is not None:
            names[labelled] += 1
    if names:
        return names.most_common(1)[0][0]
    for cover in _cover_titles(doc):
        candidate = clean_unit_name(cover.group("name"))
        if 4 <= len(candidate) <= 40 and _UNIT_SUFFIX.search(candidate):
            return candidate
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
    for prefix in _words()["region_prefixes"]:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    # the record cpca.transform would make one row of its DataFrame (a DataFrame per name cost ≈ 5 CPU ms)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        record = _cpca()._get_one_addr(name, False, {})

    def value(col: str) -> str | None:
        v = record.get(col)
        return v if isinstance(v, str) and v else None

    province, city, county = value("省"), value("市"), value("区")
    if city in ("市辖区", "县", "省直辖县级行政区划"):  # the gazetteer's placeholder under a municipality
        city = None
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
