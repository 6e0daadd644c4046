"""The real Streamlit server, every page opened in headless Chromium and screenshotted (tests/artifacts/ for
review) once its script run has ended: the page shows its title, no exception, and has drawn text and charts."""

import time

import pytest

from dashboards.pages import PAGES
from tests.ui.browser import CHROMIUM, artifact, launch_chromium, open_page, streamlit_server

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (uv sync --dev)"
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make browser)")

TITLES = {name: title for name, title, _ in PAGES}


@pytest.fixture(scope="module")
def browser_context(sample_warehouse):
    with (
        streamlit_server({"JIXIAO_DB": str(sample_warehouse)}) as url,
        playwright_api.sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        yield url, context
        browser.close()


def _ink_share(png: bytes) -> float:
    """The share of pixels that are not background: a page that rendered text and charts has plenty."""
    import io

    from PIL import Image

    histogram = Image.open(io.BytesIO(png)).convert("L").histogram()
    return sum(histogram[:200]) / sum(histogram)


@pytest.mark.parametrize("page_name", list(TITLES))
def test_page_renders(browser_context, page_name):
    url, context = browser_context
    path = "" if page_name == PAGES[0][0] else page_name
    page = open_page(context, f"{url}/{path}")
    try:
        assert page.locator("h1").first.inner_text().strip() == TITLES[page_name]
        assert page.locator("[data-testid=stException]").count() == 0, page.locator(
            "[data-testid=stMain]"
        ).inner_text()
        # tables and charts draw after the run has ended: on a loaded machine the 总览 table was once captured
        # before it was drawn; a page that stays blank for 15 s fails
        deadline = time.time() + 15
        png = page.screenshot(full_page=False)
        while _ink_share(png) <= 0.01 and time.time() < deadline:
            time.sleep(1)
            png = page.screenshot(full_page=False)
        artifact(f"{page_name}.png").write_bytes(png)
        assert _ink_share(png) > 0.01, "the page looks blank"
    finally:
        page.close()


def test_a_cjk_font_is_installed():
    import subprocess

    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert "CJK" in listed or "Noto" in listed, "fonts-noto-cjk is missing: Chinese would render as boxes"
