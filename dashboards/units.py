"""What the 单位画像 and 横向对比 pages share: picking a unit (from the link that opened the page, or by name)
and a figure's change on the unit's previous year."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboards import data


def choose_unit(label: str, key: str = "unit") -> dict[str, Any] | None:
    """The unit named by the page's `unit_id` query parameter, or chosen in a box (type to search by name)."""
    units = data.unit_choices()
    if units.is_empty():
        return None
    ids: list[str] = units["unit_id"].to_list()
    by_id = dict(zip(ids, units["label"].to_list(), strict=True))
    wanted = st.query_params.get("unit_id")
    if wanted in by_id and st.session_state.get(f"{key}_from_link") != wanted:
        # a link opened the page on this unit: it wins over what the box held before
        st.session_state[key] = wanted
        st.session_state[f"{key}_from_link"] = wanted
    if st.session_state.get(key) not in by_id:
        st.session_state[key] = ids[0]
    chosen = st.selectbox(label, ids, key=key, format_func=lambda i: by_id[i], placeholder="输入单位名称查找")
    return data.unit(chosen or ids[0])


def year_on_year(frame: pl.DataFrame, keys: list[str], value: str, alias: str) -> pl.DataFrame:
    """`alias` = this year's `value` ÷ the previous year's − 1, per `keys` (the first row of a year counts when a
    unit filed several documents for it); empty where the previous year has no figure or a zero."""
    previous = frame.unique([*keys, "年度"], keep="first", maintain_order=True).select(
        *keys,
        (pl.col("年度") + 1).cast(frame.schema["年度"]).alias("年度"),
        pl.col(value).cast(pl.Float64).alias("_previous"),
    )
    joined = frame.join(previous, on=[*keys, "年度"], how="left", maintain_order="left")
    change = (
        pl.when(pl.col("_previous").is_not_null() & (pl.col("_previous") != 0))
        .then(pl.col(value).cast(pl.Float64) / pl.col("_previous") - 1)
        .otherwise(None)
    )
    return joined.with_columns(change.round(4).alias(alias)).drop("_previous")
