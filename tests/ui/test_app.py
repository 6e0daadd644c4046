"""Every dashboard page driven by Streamlit's AppTest on real refreshed warehouses."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.pages import PAGE_NAMES
from tests.conftest import REPO, needs_shared

PAGES = REPO / "dashboards" / "app_pages"
ALL_PAGES = PAGE_NAMES


def run_page(name: str, **query_params) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def frames(at: AppTest):
    return [d.value for d in at.dataframe]


@pytest.fixture()
def sample_served(monkeypatch, sample_warehouse):
    monkeypatch.setenv("JIXIAO_DB", str(sample_warehouse))
    return sample_warehouse


@pytest.fixture()
def seeds_served(monkeypatch, seeds_warehouse):
    monkeypatch.setenv("JIXIAO_DB", str(seeds_warehouse))
    return seeds_warehouse


@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_renders_on_its_own(sample_served, name):
    at = run_page(name)
    assert not at.exception, at.exception
    assert at.title[0].value


def test_entry_script_navigates(sample_served):
    at = AppTest.from_file(str(REPO / "dashboards" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "总览"


def test_overview_counts(sample_served):
    at = run_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文档"] == "30"
    assert "万元" in metrics["部门整体执行数合计"]
    assert frames(at)[0].shape[0] == 30


@needs_shared
def test_budget_page_shows_a_known_units_executed_amount(seeds_served):
    at = run_page("budget")
    department = next(
        f
        for f in frames(at)
        if "执行数_万元" in f.columns and "项目" not in f.columns and "单位" in f.columns
    )
    row = department[department["单位"] == "新田县社会保险服务中心"].iloc[0]
    assert row["执行数_万元"] == pytest.approx(19108.19)
    assert any(b.label.startswith("下载 Excel") for b in at.get("download_button"))


@needs_shared
def test_filters_narrow_every_table(seeds_served):
    at = AppTest.from_file(str(PAGES / "budget.py"), default_timeout=60).run()
    at.sidebar.multiselect(key="filter_province").set_value(["四川省"]).run()
    assert not at.exception
    units = {u for f in frames(at) if "单位" in f.columns for u in f["单位"]}
    assert units == {"米易县城乡居民养老保险事务中心"}


@needs_shared
def test_quality_page_lists_a_findings_message(seeds_served):
    at = run_page("quality")
    queue = frames(at)[0]
    assert any("100%%" in m for m in queue["说明"])
    assert any("前后不一致" in m for m in queue["说明"])


@needs_shared
def test_document_page_shows_the_source_line(seeds_served):
    import duckdb

    con = duckdb.connect(str(seeds_served), read_only=True)
    document_id, line = con.execute("""select document_id, source_line from marts.fct_fund_flows
                                       where amount_yuan = 19011000000""").fetchone()
    con.close()  # one process may not hold the file under two configurations
    at = run_page("document", document_id=document_id, line=str(line))
    assert not at.exception
    assert "190.11亿元" in at.code[0].value
    assert "▶" in at.code[0].value


def test_sql_page_runs_queries_and_refuses_file_access(sample_served):
    at = run_page("sql")
    at.text_area[0].set_value("select count(*) as n from marts.dim_document").run()
    at.button[0].click().run()
    assert at.success[0].value.startswith("1 行")
    assert frames(at)[0]["n"][0] == 30
    for attack in (
        "select * from read_csv('/etc/passwd')",
        "copy marts.dim_unit to '/tmp/jixiao_leak.csv'",
        "attach '/tmp/jixiao_other.duckdb' as other",
        "install httpfs",
        "load httpfs",
        "drop table marts.dim_unit",
        "create table marts.x as select 1",
        "set enable_external_access = true",
    ):
        at.text_area[0].set_value(attack).run()
        at.button[0].click().run()
        assert at.error and "查询被拒绝" in at.error[0].value, attack


def test_pages_say_so_when_there_is_no_warehouse(monkeypatch, tmp_path):
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "missing.duckdb"))
    for name in ALL_PAGES:
        at = run_page(name)
        assert not at.exception
        assert "尚未发布数据仓库" in at.info[0].value


def test_excel_downloads_are_real_workbooks():
    import io

    import openpyxl
    import polars as pl

    from dashboards.components import excel_bytes

    frame = pl.DataFrame({"单位": ["示例县社会保险服务中心"], "执行数_万元": [19108.19]})
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(frame, "预算执行"))).active
    assert [c.value for c in sheet[1]] == ["单位", "执行数_万元"]
    assert sheet["B2"].value == 19108.19


def test_codes_are_shown_with_their_chinese_labels(sample_served):
    import duckdb

    with duckdb.connect(str(sample_served), read_only=True) as con:
        rows = con.execute("select label_zh from marts.dim_code where kind = 'scheme'").fetchall()
    schemes = {label for (label,) in rows}
    assert "城乡居民基本养老保险" in schemes
    for page in ("coverage", "fund_flows"):
        at = run_page(page)
        shown = {s for f in frames(at) if "险种" in f.columns for s in f["险种"]}
        assert shown and shown <= schemes, (page, shown)


def _assert_ordered_as_sql(frame, keys: list[str], name: str) -> None:
    import duckdb

    assert frame.height > 1, name
    shown = frame.select(keys)
    columns = ", ".join(f'"{key}"' for key in keys)
    by_duckdb = duckdb.sql(f"select {columns} from shown order by {columns}").pl()
    assert shown.equals(by_duckdb), name


def test_page_tables_are_ordered_as_their_sql_order_by_would(sample_served):
    """The pages' tables of every filtered row are sorted by polars after the query (dashboards/data.py): in the
    order DuckDB's ORDER BY of the same columns gives (nulls last, Chinese names byte by byte)."""
    from dashboards import data

    everything = data.Filters("", ())
    tables = {
        "document_list": (data.document_list(everything), ["省", "市", "县", "单位", "年度"]),
        "budget_execution": (data.budget_execution(everything), ["单位", "年度"]),
        "project_execution": (data.project_execution(everything), ["单位", "年度", "项目", "line_item"]),
        "three_public_expenses": (data.three_public_expenses(everything), ["单位", "年度"]),
        "fund_flows": (data.fund_flows(everything), ["单位", "年度"]),
        "coverage": (data.coverage(everything), ["单位", "年度"]),
        "department_scores": (data.department_scores(everything), ["单位", "年度"]),
    }
    for name, (frame, keys) in tables.items():
        _assert_ordered_as_sql(frame, keys, name)


@needs_shared
def test_unmapped_figures_are_ordered_as_their_sql_order_by_would(seeds_served):
    from dashboards import data

    frame = data.unmapped_figures(data.Filters("", ()))
    _assert_ordered_as_sql(frame, ["单位", "年度", "行号"], "unmapped_figures")
