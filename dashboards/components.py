"""Pieces every page uses: the filter sidebar, money formatting, Excel downloads, chart styling."""

from __future__ import annotations

import io
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import streamlit as st

from dashboards.data import has_warehouse, query

CJK_FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
pio.templates["jixiao"] = go.layout.Template(layout={"font": {"family": CJK_FONT}, "separators": ".,"})
pio.templates.default = "plotly_white+jixiao"


@dataclass
class Filters:
    """The sidebar's choices, as a SQL condition on `u` (dim_unit) and `d` (dim_document)."""

    condition: str
    params: tuple

    def where(self, extra: str = "") -> str:
        parts = [p for p in (self.condition, extra) if p]
        return ("where " + " and ".join(parts)) if parts else ""


def require_warehouse() -> None:
    if not has_warehouse():
        st.info("尚未发布数据仓库。请先运行 `jixiao refresh --input <报告文件夹>` 或 `make run`。")
        st.stop()


def sidebar_filters() -> Filters:
    """Province / city / county / unit / year filters, each narrowing the next."""
    units = query("""
        select u.province, u.city, u.county, u.unit_name, d.fiscal_year
        from marts.dim_document d join marts.dim_unit u using (unit_id)
    """)
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
        chosen = st.sidebar.multiselect(label, options, key=f"filter_{column}")
        if chosen:
            alias = "d" if column == "fiscal_year" else "u"
            conditions.append(f"{alias}.{column} in ({', '.join('?' for _ in chosen)})")
            params.extend(chosen)
            units = units.filter(pl.col(column).is_in(chosen))
    return Filters(" and ".join(conditions), tuple(params))


def wan(yuan) -> str:
    """Money for display: 万元 with thousands separators."""
    return "—" if yuan is None else f"{float(yuan) / 10_000:,.2f} 万元"


def money_columns_in_wan(frame: pl.DataFrame) -> pl.DataFrame:
    """Every *_yuan column shown in 万元 (the figures stay exact in the warehouse)."""
    renames = {}
    for column in frame.columns:
        if column.endswith("_yuan") or column.endswith("（元）"):
            frame = frame.with_columns((pl.col(column).cast(pl.Float64) / 10_000).round(2).alias(column))
            renames[column] = column.replace("_yuan", "_万元").replace("（元）", "（万元）")
    return frame.rename(renames)


def money_column_config(frame: pl.DataFrame) -> dict:
    return {c: st.column_config.NumberColumn(c, format="%,.2f") for c in frame.columns if "万元" in c}


def excel_bytes(frame: pl.DataFrame, sheet: str = "数据") -> bytes:
    buffer = io.BytesIO()
    frame.to_pandas().to_excel(buffer, index=False, sheet_name=sheet[:31], engine="openpyxl")
    return buffer.getvalue()


def show_table(
    frame: pl.DataFrame,
    name: str,
    empty_message: str = "当前筛选条件下没有数据。",
    column_config: dict | None = None,
) -> None:
    """A table with its Excel download, or a helpful message when there is nothing to show."""
    if frame.is_empty():
        st.info(empty_message)
        return
    config = {**money_column_config(frame), **(column_config or {})}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
    # a callable: the workbook is only built when someone downloads it, not on every render
    st.download_button(
        f"下载 Excel：{name}",
        lambda: excel_bytes(frame, name),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{name}",
    )


def document_link(frame: pl.DataFrame, column: str = "document_id") -> tuple[pl.DataFrame, dict]:
    """A column that opens the 文档 page on this row's document."""
    frame = frame.with_columns(("document?document_id=" + pl.col(column)).alias("原文"))
    return frame, {"原文": st.column_config.LinkColumn("原文", display_text="查看原文")}
