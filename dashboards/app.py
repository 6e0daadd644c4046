"""jixiao 分析看板: the entry script (`jixiao dashboard`, `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# so that `dashboards.*` and the pages' `_bootstrap` import under `streamlit run`
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent / "app_pages")]

st.set_page_config(page_title="jixiao 绩效自评数据仓库", page_icon=":material/insights:", layout="wide")

PAGES = Path(__file__).parent / "app_pages"
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="总览", icon=":material/home:", default=True),
        st.Page(PAGES / "budget.py", title="预算执行", icon=":material/account_balance_wallet:"),
        st.Page(PAGES / "three_public.py", title="三公经费", icon=":material/directions_car:"),
        st.Page(PAGES / "fund_flows.py", title="社保基金收支", icon=":material/savings:"),
        st.Page(PAGES / "coverage.py", title="参保覆盖", icon=":material/groups:"),
        st.Page(PAGES / "scores.py", title="绩效评分", icon=":material/grading:"),
        st.Page(PAGES / "unit.py", title="单位画像", icon=":material/apartment:"),
        st.Page(PAGES / "peers.py", title="横向对比", icon=":material/leaderboard:"),
        st.Page(PAGES / "quality.py", title="数据质量", icon=":material/fact_check:"),
        st.Page(PAGES / "document.py", title="文档", icon=":material/description:"),
        st.Page(PAGES / "sql.py", title="SQL 查询", icon=":material/terminal:"),
    ]
)
navigation.run()
