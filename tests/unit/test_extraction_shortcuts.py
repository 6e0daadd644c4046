"""The shortcuts that make extraction cheaper give the answers of the plain scans they replace."""

from __future__ import annotations

import warnings

from ingest.extraction.document import Cell, Row
from ingest.extraction.forms.finder import FormRule, form_rules
from ingest.extraction.identity import _cpca
from ingest.extraction.prose.extract import _lex, _PrefixIndex, population_mentions
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


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


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
                assert _text_or_none(record.get(column)) == _text_or_none(frame.iloc[i][column]), (
                    name,
                    column,
                )
    assert len(names) > 500


def _rule_met_cell_by_cell(rule: FormRule, cells: list[str], caption: str) -> bool:
    """The plain scan FormRule.matches replaces: each word looked for in each cell."""

    def held(words: tuple[str, ...]) -> bool:
        return any(word in cell for word in words for cell in cells)

    return (
        all(held(group) for group in rule.cells)
        and (not rule.caption or any(word in caption for word in rule.caption))
        and not (rule.not_cells and held(rule.not_cells))
    )


def test_a_form_rule_meets_the_joined_cells_as_it_meets_them_one_by_one():
    rules = form_rules()
    words = sorted({word for rule in rules for group in (*rule.cells, rule.not_cells) for word in group})
    tables = [[]]
    for rule in rules:
        first_words = [group[0] for group in rule.cells]
        tables += [first_words, first_words + list(rule.not_cells[:1]), first_words[:-1]]
        # a word cut in two across neighbouring cells is in no cell: the joined text must not find it either
        tables += [[word[: len(word) // 2], word[len(word) // 2 :]] for word in first_words if len(word) > 1]
    tables += [words[i : i + 7] for i in range(0, len(words), 7)]
    for cells in tables:
        for caption in ("", *{word for rule in rules for word in rule.caption}):
            for rule in rules:
                expected = _rule_met_cell_by_cell(rule, cells, caption)
                assert rule.matches("\0".join(cells), caption) == expected, (rule.form_code, cells, caption)


def _populations_by_masking(text: str) -> list[tuple[int, str]]:
    """population_mentions without its shortcut: every scheme phrase masked, then the populations found."""
    lex = _lex()
    masked = text
    for phrase, _ in lex.schemes:
        masked = masked.replace(phrase, "＃" * len(phrase))
    return [(m.start(), lex.population_code[m.group()]) for m in lex.population_pattern.finditer(masked)]


def test_populations_are_found_as_the_masked_scan_finds_them():
    lex = _lex()
    texts = [phrase for phrase, _ in lex.schemes] + [phrase for phrase, _ in lex.populations]
    texts += [
        scheme + "，" + population + "参保人数"
        for scheme, _ in lex.schemes[:20]
        for population, _ in lex.populations
    ]
    texts += ["", "本单位2023年度收入合计100万元"]
    assert any(_populations_by_masking(text) for text in texts)
    for text in texts:
        assert population_mentions(text) == _populations_by_masking(text), text


def test_a_row_source_text_is_the_same_each_time_it_is_asked():
    row = Row([Cell("一般公共\n预算  拨款", 3), Cell("12.5", 3), Cell("", 4)])
    assert row.source_text() == "一般公共 预算 拨款 | 12.5 | "
    assert row.source_text() == "一般公共 预算 拨款 | 12.5 | "
    assert row == Row(
        [Cell("一般公共\n预算  拨款", 3), Cell("12.5", 3), Cell("", 4)]
    )  # the cache is no field
