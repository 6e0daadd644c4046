"""The dashboard driven by Streamlit's AppTest on a real refreshed warehouse."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.fixture()
def served(monkeypatch, sample_warehouse):
    monkeypatch.setenv("JIXIAO_DB", str(sample_warehouse))
    return sample_warehouse


def test_overview_page_shows_the_warehouse(served):
    at = AppTest.from_file(str(REPO / "dashboards" / "app_pages" / "overview.py"), default_timeout=30).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文档"] == "30"
    assert at.dataframe[0].value.shape[0] == 30


def test_entry_script_runs(served):
    at = AppTest.from_file(str(REPO / "dashboards" / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "总览"


def test_no_warehouse_gives_a_helpful_message(monkeypatch, tmp_path):
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "missing.duckdb"))
    at = AppTest.from_file(str(REPO / "dashboards" / "app_pages" / "overview.py"), default_timeout=30).run()
    assert not at.exception
    assert "尚未发布数据仓库" in at.info[0].value
