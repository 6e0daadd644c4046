"""jixiao 分析看板: the entry script (`jixiao dashboard`, `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# so that `dashboards.*` and the pages' `_bootstrap` import under `streamlit run`
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent / "app_pages")]

st.set_page_config(page_title="jixiao 绩效自评数据仓库", page_icon=":material/insights:", layout="wide")

from dashboards.pages import PAGES, PAGES_DIR  # noqa: E402 - after the path set-up above

navigation = st.navigation(
    [
        st.Page(PAGES_DIR / f"{name}.py", title=title, icon=icon, default=name == PAGES[0][0])
        for name, title, icon in PAGES
    ]
)
navigation.run()
