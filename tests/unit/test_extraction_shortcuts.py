"""The shortcuts that make extraction cheaper give the answers of the plain scans they replace."""

from __future__ import annotations

import warnings

from ingest.extraction.identity import _cpca
from ingest.extraction.prose.extract import _lex, _PrefixIndex
from ingest.extraction.prose.sections import DEPARTMENT, PROJECT, Section


def _scan(phrases: list[tuple[str, str]], text: str, start: int) -> tuple[str, str] | None:
    """The plain scan: the first phrase, in the lexicon's longest-first order, written at text[start:]."""
    return next(((p, c) for p, c in phrases if text.startswith(p, start)), None)


def _texts(phrases: list[tuple[str, str]]) -> list[str]:
    """Each phrase alone, followed by more words, cut short, and behind a qualifier."""
    qualifiers = ["", *_lex().qualifiers]
    texts = []
    for phrase, _ in phrases:
        for qualifier in qualifiers:
            texts += [qualifier + phrase, qualifier + phrase + "支出为12.5万元", qualifier + phrase[:-1]]
    return texts


def test_a_prefix_index_finds_the_phrase_a_longest_first_scan_finds():
    lex = _lex()
    for phrases in (lex.budget_labels, lex.three_public_labels, lex.department_funds_labels):
        index = _PrefixIndex.of(phrases)
        for text in _texts(phrases):
            for start in range(min(len(text), 4) + 1):
                assert index.longest_at(text, start) == _scan(phrases, text, start), (text, start)


def test_an_index_of_repeated_phrases_keeps_the_first_listed_code():
    phrases = [("基本支出", "basic"), ("基本支出", "other"), ("基本", "short")]
    index = _PrefixIndex.of(phrases)
    assert index.longest_at("基本支出100万元", 0) == ("基本支出", "basic")
    assert index.longest_at("基本经费", 0) == ("基本", "short")
    assert index.longest_at("其他", 0) is None
    assert index.longest_at("基本", 2) is None


def test_an_empty_phrase_is_found_where_no_longer_one_is():
    phrases = [("基本支出", "basic"), ("", "empty")]
    index = _PrefixIndex.of(phrases)
    for text in ("基本支出1万元", "基本", "其他", ""):
        assert index.longest_at(text, 0) == _scan(phrases, text, 0), text


def _label_by_scan(text: str, section: Section) -> tuple[str, str, bool, int] | None:
    """_label_at_start as it was written before its index: every qualifier, group and phrase tried."""
    lex = _lex()
    funds = lex.project_funds_labels if section.kind == PROJECT else lex.department_funds_labels
    best = None
    for qualifier in ["", *lex.qualifiers]:
        if not text.startswith(qualifier):
            continue
        rest = text[len(qualifier) :]
        for labels, mart, is_tpe in (
            (lex.three_public_labels, "fct_three_public_expenses", True),
            (lex.budget_labels, "fct_budget_execution", False),
            (funds, "fct_budget_execution", False),
        ):
            for phrase, code in labels:
                length = len(qualifier) + len(phrase)
                if rest.startswith(phrase) and (best is None or length > best[3]):
                    best = (mart, code, is_tpe, length)
    return best


def test_the_label_at_a_clause_start_is_the_one_the_plain_scan_finds():
    from ingest.extraction.prose.extract import ProseReader

    lex = _lex()
    every_label = [
        *lex.budget_labels,
        *lex.three_public_labels,
        *lex.department_funds_labels,
        *lex.project_funds_labels,
    ]
    reader = ProseReader.__new__(ProseReader)  # only its lexicon is used
    reader.lex = lex
    for section in (Section(), Section(DEPARTMENT), Section(PROJECT, "某项目")):
        for text in _texts(every_label):
            assert reader._label_at_start(text, section) == _label_by_scan(text, section), text


def test_the_gazetteer_record_of_a_name_is_the_row_cpca_transform_gives():
    """identity.region reads cpca's record of one name instead of the DataFrame cpca.transform builds of it."""
    cpca = _cpca()
    places = sorted(addr.name for addr in cpca.ad_2_addr_dict.values())[::20]
    names = [place + suffix for place in places for suffix in ("社会保险事业管理中心", "财政局", "")]
    names += ["示例县医疗保障局", "不是地名的单位", "北京市朝阳区民政局", "市辖区人力资源局"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = cpca.transform(names)
        for i, name in enumerate(names):
            record = cpca._get_one_addr(name, False, {})
            for column in ("省", "市", "区"):
                expected = frame.iloc[i][column]
                expected = expected if isinstance(expected, str) and expected else None
                got = (
                    record.get(column) if isinstance(record.get(column), str) and record.get(column) else None
                )
                assert got == expected, (name, column)
    assert len(names) > 500
