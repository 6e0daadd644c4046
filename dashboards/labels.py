"""Chinese names for the warehouse's codes and columns, read from marts.dim_code (dbt_project/seeds/code_labels.csv).

Every code a page shows goes through here; a code without a label is shown as itself (and reported by the
dbt test assert_every_code_has_a_chinese_label), a missing value as "—".
"""

from __future__ import annotations

import functools
import re

import polars as pl

from dashboards.data import code_labels, warehouse_path

MISSING = "—"


def _all_labels() -> dict[tuple[str, str], str]:
    """(kind, code) → label of the published warehouse; read again when a refresh publishes a new file."""
    path = warehouse_path()
    return _labels_of_file(str(path), path.stat().st_mtime if path.exists() else 0.0)


# a page asks for hundreds of labels per run: one dictionary per warehouse file
@functools.lru_cache(maxsize=4)
def _labels_of_file(path: str, version: float) -> dict[tuple[str, str], str]:
    # a warehouse built before dim_code existed has none: codes are shown as they are
    frame = code_labels()
    return {(kind, code): label for kind, code, label in frame.iter_rows()}


def labels_of(kind: str) -> dict[str, str]:
    """code → label for one kind (form, check_code, line_item, column …)."""
    return {code: label for (k, code), label in _all_labels().items() if k == kind}


def label(kind: str, code: str | None) -> str:
    if code is None:
        return MISSING
    return _all_labels().get((kind, code), code)


def labelled(column: str, kind: str, alias: str | None = None) -> pl.Expr:
    """A polars expression: the column's codes replaced by their labels (a code without one stays)."""
    mapping = labels_of(kind)
    expression = pl.col(column).cast(pl.Utf8)
    if mapping:
        expression = expression.replace(mapping)
    return expression.alias(alias or column)


def labelled_list(column: str, kind: str, alias: str | None = None, separator: str = "、") -> pl.Expr:
    """A list-of-codes column (dim_document.forms) as one string of labels."""
    mapping = labels_of(kind)
    expression = pl.col(column).list.eval(pl.element().replace(mapping) if mapping else pl.element())
    return expression.list.join(separator).alias(alias or column)


def column_label(name: str) -> str:
    return _all_labels().get(("column", name), name)


def with_chinese_headers(frame: pl.DataFrame, keep: tuple[str, ...] = ()) -> pl.DataFrame:
    """Columns still named as in the marts (document_id, line_item, …) renamed to their Chinese headers, except
    those in `keep` (ids the table still needs for its links)."""
    columns = labels_of("column")
    renames = {
        c: columns[c]
        for c in frame.columns
        if c in columns and c not in keep and columns[c] not in frame.columns
    }
    return frame.rename(renames)


# ASCII boundaries: a code written right after a Chinese character ("字insured_persons") is still a code
_SNAKE_CODE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
# when one code names several things (income_total: 收入总额 / 基金总收入) a message uses the first kind's name
_KIND_PREFERENCE = (
    "line_item",
    "category",
    "flow",
    "measure",
    "scheme",
    "population",
    "statement",
    "check_code",
)


def _code_words() -> dict[str, str]:
    return _code_words_of(_all_labels_key())


def _all_labels_key() -> tuple[str, float]:
    path = warehouse_path()
    return str(path), path.stat().st_mtime if path.exists() else 0.0


@functools.lru_cache(maxsize=4)
def _code_words_of(key: tuple[str, float]) -> dict[str, str]:
    labels = _labels_of_file(*key)
    words: dict[str, str] = {}
    for kind in (*_KIND_PREFERENCE, *sorted({k for k, _ in labels} - set(_KIND_PREFERENCE) - {"column"})):
        for (k, code), name in labels.items():
            if k == kind and "_" in code:
                words.setdefault(code, name)
    return words


def readable(text: str | None) -> str | None:
    """A message as a person reads it: a snake_case code written into it (insured_persons) shown by its name."""
    if not text or "_" not in text:
        return text
    return _rewrite(text, _code_words())


def _rewrite(text: str, words: dict[str, str]) -> str:
    return _SNAKE_CODE.sub(lambda m: words.get(m.group(0), m.group(0)), text)


def readable_column(column: str, alias: str | None = None) -> pl.Expr:
    """`readable` over a column: each distinct text with a code in it is rewritten once."""

    def rewrite(texts: pl.Series) -> pl.Series:
        words = _code_words()
        with_codes = texts.filter(texts.str.contains("_", literal=True)).unique().to_list()
        changed = {text: new for text in with_codes if (new := _rewrite(text, words)) != text}
        return texts.replace(changed) if changed else texts

    return pl.col(column).map_batches(rewrite, return_dtype=pl.Utf8).alias(alias or column)
