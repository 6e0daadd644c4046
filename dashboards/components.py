"""Pieces every page uses: the filter sidebar, money formatting, tables with their links and Excel downloads,
chart styling. Everything a person reads is Chinese: codes through dashboards.labels, missing values as "—"."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import streamlit as st
from streamlit.elements.arrow import DataframeState

from dashboards import data
from dashboards.data import Filters, has_warehouse
from dashboards.labels import MISSING, column_label, with_chinese_headers

CJK_FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
pio.templates["jixiao"] = go.layout.Template(layout={"font": {"family": CJK_FONT}, "separators": ".,"})
pio.templates.default = "plotly_white+jixiao"

ALL = "全部"  # the placeholder of a filter left empty
DOCUMENT_LINK = "原文"
UNIT_LINK = "单位画像"
# columns that identify rather than inform: kept in the Excel export, hidden on screen
_ID_COLUMNS = ("document_id", "unit_id", "review_key", "finding_id")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# headers of fraction columns (执行率, 参保率, 完成预算比例, 同比, …占基本支出): shown as percentages
_RATE_ENDINGS = ("率", "比例", "同比", "同比变化", "占基本支出")


def require_warehouse() -> None:
    if not has_warehouse():
        st.info("尚未发布数据仓库。请先运行 `jixiao refresh --input <报告文件夹>` 或 `make run`。")
        st.stop()


def choose_many(
    label: str, options: list, key: str | None = None, default=None, container=st, **kwargs
) -> list:
    """A multiselect that reads Chinese: "全部" when nothing is chosen, no English "Select all" entry."""
    return container.multiselect(
        label, options, default=default, key=key, placeholder=ALL, select_all=False, **kwargs
    )


def sidebar_filters() -> Filters:
    """Province / city / county / unit / year filters, each narrowing the next."""
    units = data.filter_choices()
    conditions: list[str] = []
    params: list = []
    st.sidebar.header("筛选")
    for column, label in (
        ("province", "省"),
        ("city", "市"),
        ("county", "县"),
        ("unit_name", "单位"),
        ("fiscal_year", "年度"),
    ):
        if units.is_empty():
            break
        options = sorted(v for v in units[column].unique().to_list() if v is not None)
        chosen = choose_many(label, options, key=f"filter_{column}", container=st.sidebar)
        if chosen:
            alias = "d" if column == "fiscal_year" else "u"
            conditions.append(f"{alias}.{column} in ({', '.join('?' for _ in chosen)})")
            params.extend(chosen)
            units = units.filter(pl.col(column).is_in(chosen))
    return Filters(" and ".join(conditions), tuple(params))


def wan(yuan) -> str:
    """Money for display: 万元 with thousands separators."""
    return MISSING if yuan is None else f"{float(yuan) / 10_000:,.2f} 万元"


def percent(fraction) -> str:
    return MISSING if fraction is None else f"{float(fraction):.1%}"


def money_columns_in_wan(frame: pl.DataFrame) -> pl.DataFrame:
    """Every *_yuan column shown in 万元 (the figures stay exact in the warehouse)."""
    renames = {}
    for column in frame.columns:
        if column.endswith("_yuan") or column.endswith("（元）"):
            frame = frame.with_columns((pl.col(column).cast(pl.Float64) / 10_000).round(2).alias(column))
            renames[column] = column.replace("_yuan", "_万元").replace("（元）", "（万元）")
    return frame.rename(renames)


def money_column_config(frame: pl.DataFrame) -> dict:
    """万元 with two decimals; rates and shares (fractions in the marts) as percentages."""
    config = {c: st.column_config.NumberColumn(c, format="%,.2f") for c in frame.columns if "万元" in c}
    for column in frame.columns:
        if column.endswith(_RATE_ENDINGS) and frame.schema[column].is_numeric():
            config[column] = st.column_config.NumberColumn(column, format="percent")
    return config


def excel_bytes(frame: pl.DataFrame, sheet: str = "数据") -> bytes:
    buffer = io.BytesIO()
    frame.to_pandas().to_excel(buffer, index=False, sheet_name=sheet[:31], engine="openpyxl")
    return buffer.getvalue()


def for_export(frame: pl.DataFrame) -> pl.DataFrame:
    """What the Excel file holds: the figures with Chinese headers, ids kept for provenance, no page links."""
    return with_chinese_headers(frame.drop([c for c in (DOCUMENT_LINK, UNIT_LINK) if c in frame.columns]))


def with_links(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict]:
    """Link columns to the 文档 page (at the figure's line when the row has one) and to the unit's 单位画像."""
    config: dict = {}
    if "document_id" in frame.columns and DOCUMENT_LINK not in frame.columns:
        line = next((c for c in ("source_line", "行号") if c in frame.columns), None)
        target = "document?document_id=" + pl.col("document_id")
        if line is not None:
            target = (
                pl.when(pl.col(line).is_not_null())
                .then(target + "&line=" + pl.col(line).cast(pl.Utf8))
                .otherwise(target)
            )
        frame = frame.with_columns(target.alias(DOCUMENT_LINK))
        config[DOCUMENT_LINK] = st.column_config.LinkColumn(DOCUMENT_LINK, display_text="查看原文")
    if "unit_id" in frame.columns and UNIT_LINK not in frame.columns:
        frame = frame.with_columns(("unit?unit_id=" + pl.col("unit_id")).alias(UNIT_LINK))
        config[UNIT_LINK] = st.column_config.LinkColumn(UNIT_LINK, display_text="查看单位")
        if "单位" in frame.columns:  # next to the unit's name, where the eye looks for it
            order = [c for c in frame.columns if c != UNIT_LINK]
            order.insert(order.index("单位") + 1, UNIT_LINK)
            frame = frame.select(order)
    return frame, config


def document_link(frame: pl.DataFrame, column: str = "document_id") -> tuple[pl.DataFrame, dict]:
    """A column that opens the 文档 page on this row's document (kept for pages that build their own tables)."""
    frame = frame.with_columns(("document?document_id=" + pl.col(column)).alias(DOCUMENT_LINK))
    return frame, {DOCUMENT_LINK: st.column_config.LinkColumn(DOCUMENT_LINK, display_text="查看原文")}


def show_table(
    frame: pl.DataFrame,
    name: str,
    empty_message: str = "当前筛选条件下没有数据。",
    column_config: dict | None = None,
    selectable: bool = False,
) -> DataframeState | None:
    """A table with its links and Excel download, or a helpful message when there is nothing to show.

    Columns still named as in the marts get their Chinese headers; ids are hidden on screen and kept in the
    export. With `selectable`, one row can be picked and the selection is returned."""
    if frame.is_empty():
        st.info(empty_message)
        return None
    export = for_export(frame)
    shown, link_config = with_links(frame)
    hidden = {column_label(c): None for c in _ID_COLUMNS if c in shown.columns}
    shown = with_chinese_headers(shown)
    config = {**money_column_config(shown), **link_config, **hidden, **(column_config or {})}
    event = None
    if selectable:
        event = st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config=config,
            placeholder=MISSING,
            key=f"table_{name}",
            on_select="rerun",
            selection_mode="single-row",
        )
    else:
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config=config,
            placeholder=MISSING,
            key=f"table_{name}",
        )
    # a callable: the workbook is only built when someone downloads it, not on every render
    st.download_button(
        f"下载 Excel：{name}",
        lambda: excel_bytes(export, name),
        file_name=f"{name}.xlsx",
        mime=XLSX_MIME,
        key=f"xlsx_{name}",
    )
    return event
