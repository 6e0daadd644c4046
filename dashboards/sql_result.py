"""An ad hoc query's rows as a polars frame any result can fill: unique column names, and a column polars
cannot hold (a value past 64-bit, mixed kinds) shown as text rather than failing the page."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

_INT64 = range(-(2**63), 2**63)
# characters an .xlsx cell cannot hold (openpyxl refuses them)
_ILLEGAL_IN_EXCEL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def unique_names(columns: Sequence[str]) -> list[str]:
    """Column names made unique in order: a second `x` becomes `x (2)`."""
    seen: set[str] = set()
    names: list[str] = []
    for column in columns:
        name, copy = str(column), 1
        while name in seen:
            copy += 1
            name = f"{column} ({copy})"
        seen.add(name)
        names.append(name)
    return names


def _series(name: str, values: list) -> pl.Series:
    if any(isinstance(v, int) and not isinstance(v, bool) and v not in _INT64 for v in values):
        return _as_text(name, values)
    try:
        return pl.Series(name, values)
    except Exception:  # noqa: BLE001 - any value polars cannot type is shown as text
        return _as_text(name, values)


def _as_text(name: str, values: list) -> pl.Series:
    return pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String)


def result_frame(columns: Sequence[str], rows: Sequence[Sequence]) -> pl.DataFrame:
    """The rows as a frame with unique column names."""
    names = unique_names(columns)
    return pl.DataFrame([_series(name, [row[i] for row in rows]) for i, name in enumerate(names)])


def text_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text: the last resort when a display or export refuses a column type."""
    return frame.select(pl.all().cast(pl.String))


def excel_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Control characters an .xlsx cell cannot hold written as escapes."""
    return frame.with_columns(
        pl.col(pl.String).map_elements(
            lambda text: _ILLEGAL_IN_EXCEL.sub(lambda m: f"\\x{ord(m.group()):02x}", text),
            return_dtype=pl.String,
        )
    )
