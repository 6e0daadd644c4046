"""The analyst's desk in a real browser: Playwright drives the system Chromium against the real Streamlit server,
as a person would — filters, 单位画像 opened from a table, peers, a finding reviewed and still reviewed after a
refresh and after `jixiao rebuild`, an Excel download. Skipped without Chromium or Playwright."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.ui.browser import CHROMIUM, launch_chromium, settle, streamlit_server
from tests.ui.browser import open_page as open_url

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (uv sync --dev)"
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make browser)")

ENGLISH = ("Choose an option", "Choose options", "Select all", "None")


def _jixiao(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A sample corpus refreshed into its own data directory, served by `streamlit run`, and a browser."""
    from ingest.samples.generator import write_corpus

    root = tmp_path_factory.mktemp("desk")
    corpus, data_dir = root / "corpus", root / "data"
    write_corpus(corpus / "base", documents=12, years=3, seed=5)
    _jixiao("refresh", "--input", str(corpus), "--data-dir", str(data_dir))
    env = {"JIXIAO_DATA_DIR": str(data_dir), "JIXIAO_DB": str(data_dir / "warehouse.duckdb")}
    with streamlit_server(env) as url, playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1500, "height": 1400}, accept_downloads=True)
        yield {"url": url, "corpus": corpus, "data_dir": data_dir, "context": context}
        browser.close()
    shutil.rmtree(root, ignore_errors=True)


def open_page(desk, path: str):
    return open_url(desk["context"], f"{desk['url']}/{path}")


def assert_reads_chinese(page) -> None:
    text = (
        page.locator("[data-testid=stMain]").inner_text()
        + page.locator("[data-testid=stSidebar]").inner_text()
    )
    assert not [word for word in ENGLISH if word in text], text[:2000]


def table_rows(page, index: int = 0, timeout: float = 30) -> list[dict[str, str]]:
    """The rows of the index-th table, read from the grid's accessible table (the canvas draws the same). Read
    until two reads half a second apart agree and every row has a cell under each header: a grid that a script
    run is redrawing shows headers without rows, or the rows of before."""
    grid = page.locator("[data-testid=stDataFrame]").nth(index)
    grid.locator("table").first.wait_for(state="attached", timeout=30_000)
    deadline = time.time() + timeout
    previous = None
    while True:
        headers = grid.locator("table thead th").all_inner_texts()
        cells = [row.locator("td").all_inner_texts() for row in grid.locator("table tbody tr").all()]
        whole = bool(headers) and all(len(row) == len(headers) for row in cells)
        if whole and cells == previous or time.time() > deadline:
            return [dict(zip(headers, row, strict=False)) for row in cells]
        previous = cells if whole else None
        time.sleep(0.5)


def rows_once(page, condition, index: int = 0, timeout: float = 60) -> list[dict[str, str]]:
    """The index-th table's rows once `condition` holds of them, or as they are after `timeout` seconds: the
    script run a click starts may begin after settle() has looked on a loaded machine."""
    deadline = time.time() + timeout
    while not condition(rows := table_rows(page, index)) and time.time() < deadline:
        time.sleep(0.5)
    return rows


def choose(page, widget: str, label: str, option: str) -> None:
    """Pick an option in a select box / multiselect found by its label, as a person does: click, type, Enter."""
    box = page.locator(f"[data-testid={widget}]").filter(has=page.get_by_text(label, exact=True)).first
    box.locator("input").click()
    page.keyboard.type(option)
    page.locator("[role=option]").filter(has_text=option).first.click()
    settle(page)


def test_no_english_toolbar(desk):
    """dashboards/.streamlit/config.toml: no Deploy button, Rerun or settings menu in the header."""
    page = open_page(desk, "")
    header = page.locator("header").first
    assert header.count() == 1
    assert page.locator("[data-testid=stAppDeployButton]").count() == 0
    assert page.locator("[data-testid=stMainMenu]").count() == 0
    assert not [word for word in ("Deploy", "Rerun", "Settings") if word in header.inner_text()]


def test_filters_narrow_the_tables(desk):
    page = open_page(desk, "budget")
    assert_reads_chinese(page)
    choose(page, "stMultiSelect", "市", "株洲市")
    expected = {"株洲市城乡居民养老保险事务中心"}

    def units(rows: list[dict[str, str]]) -> set[str | None]:
        return {row.get("单位") for row in rows}

    assert units(rows_once(page, lambda rows: units(rows) == expected)) == expected
    assert_reads_chinese(page)


def test_unit_profile_opens_from_a_table_and_leads_to_its_peers(desk):
    page = open_page(desk, "")  # 总览: the documents table names each unit with a link to its profile
    rows = table_rows(page)
    row = next(r for r in rows if r["单位"] == "新邵县社会保险服务中心")
    unit_link = next(v for v in row.values() if v.startswith("unit?unit_id="))
    page.goto(f"{desk['url']}/{unit_link}")
    settle(page)
    assert page.locator("h1").first.inner_text() == "单位画像"
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "单位编码：430522-01" in main and "下载 Excel：文档_新邵县社会保险服务中心" in main
    assert_reads_chinese(page)
    side_by_side = next(
        rows for i in range(6) if "资金行" in (rows := table_rows(page, i))[0] and "2020" in rows[0]
    )
    assert {"2020", "2021", "2022"} <= set(side_by_side[0])

    with desk["context"].expect_page() as opened:
        page.get_by_role("link", name="与同类单位横向对比").click()
    peers = opened.value
    peers.locator("h1").first.wait_for(timeout=90_000)
    settle(peers)
    assert peers.locator("h1").first.inner_text() == "横向对比"
    assert_reads_chinese(peers)
    choose(peers, "stSelectbox", "年度", "2021")
    table = table_rows(peers, len(peers.locator("[data-testid=stDataFrame]").all()) - 1)
    highlighted = [r for r in table if r["对比"] == "★ 对比对象"]
    assert [r["单位"] for r in highlighted] == ["新邵县社会保险服务中心"]
    assert "名" in peers.locator("[data-testid=stMain]").inner_text()


def _review_status_filter(page, status: str) -> None:
    choose(page, "stMultiSelect", "复核状态", status)


def test_a_reviewed_finding_stays_reviewed_after_refresh_and_rebuild_and_downloads(desk):
    page = open_page(desk, "quality")
    assert_reads_chinese(page)
    queue = table_rows(page)
    assert queue, "the sample corpus has findings to review"
    first = queue[0]
    target = first["说明"]
    # the picker lists "单位 · 年度 · 检查项 · 第N行 · 说明": typing the start finds this very finding
    picked = f"{first['单位']} · {first['年度']} · {first['检查项']} · 第{first['行号']}行"
    choose(
        page, "stSelectbox", "要复核的问题（可在上表中点选一行，或在此输入单位、说明中的文字查找）", picked
    )
    page.locator("[data-testid=stRadio]").get_by_text("已核实", exact=True).click()
    settle(page)
    page.get_by_label("复核说明").fill("已与原件核对")
    page.get_by_label("复核说明").press("Control+Enter")
    settle(page)
    page.get_by_label("复核人").fill("李四")
    page.get_by_label("复核人").press("Enter")
    settle(page)
    page.get_by_role("button", name="保存复核").click()
    settle(page)
    assert "已保存：已核实" in page.locator("[data-testid=stMain]").inner_text()

    def reviewed_rows(page) -> list[dict[str, str]]:
        _review_status_filter(page, "已核实")
        return [r for r in table_rows(page) if r.get("复核状态") == "已核实"]

    assert [(r["说明"], r["复核说明"], r["复核人"]) for r in reviewed_rows(page)] == [
        (target, "已与原件核对", "李四")
    ]

    # a refresh with a new document, then a rebuild from the archive: the review is still there
    from ingest.samples.generator import write_corpus

    write_corpus(desk["corpus"] / "added", documents=2, years=1, seed=99, first_year=2023)
    _jixiao("refresh", "--input", str(desk["corpus"]), "--data-dir", str(desk["data_dir"]))
    page.reload()
    settle(page)
    assert [r["说明"] for r in reviewed_rows(page)] == [target]
    _jixiao("rebuild", "--data-dir", str(desk["data_dir"]))
    page.reload()
    settle(page)
    rows = reviewed_rows(page)
    assert [(r["说明"], r["复核说明"]) for r in rows] == [(target, "已与原件核对")]
    assert_reads_chinese(page)

    import openpyxl

    with page.expect_download() as download:
        page.locator("[data-testid=stDownloadButton]").filter(has_text="质量问题").locator("button").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    assert {"严重程度", "检查项", "单位", "说明", "复核状态", "复核说明", "文档标识"} <= set(headers)
    assert not [h for h in headers if h and h.isascii()], headers
    records = [dict(zip(headers, [c.value for c in row], strict=False)) for row in sheet.iter_rows(min_row=2)]
    assert any(r["说明"] == target and r["复核状态"] == "已核实" for r in records)
