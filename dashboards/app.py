"""jixiao 分析看板: the entry script (`jixiao dashboard`, `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so `dashboards.*` imports under `streamlit run`

st.set_page_config(page_title="jixiao 绩效自评数据仓库", page_icon="📊", layout="wide")

PAGES = Path(__file__).parent / "app_pages"
navigation = st.navigation([
    st.Page(PAGES / "overview.py", title="总览", icon="🏠", default=True),
])
navigation.run()
