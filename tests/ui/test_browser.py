"""The real Streamlit server, screenshotted page by page in headless Chromium (tests/artifacts/ for review)."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

ARTIFACTS = REPO / "tests" / "artifacts"
PAGES = {
    "overview": "",
    "budget": "budget",
    "three_public": "three_public",
    "fund_flows": "fund_flows",
    "coverage": "coverage",
    "scores": "scores",
    "unit": "unit",
    "peers": "peers",
    "quality": "quality",
    "document": "document",
    "sql": "sql",
}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make browser)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_warehouse):
    port = _free_port()
    env = {**os.environ, "JIXIAO_DB": str(sample_warehouse)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "dashboards" / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("the Streamlit server did not start within 60 s")
    # a first visit pays for the cold imports of every page module: do it before the screenshots
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _screenshot(url, ARTIFACTS / "warmup.png", Path(tempfile.mkdtemp(prefix="jixiao_chromium_")))
    yield url
    process.terminate()
    process.wait(timeout=20)


def _screenshot(url: str, target: Path, profile: Path) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            "--window-size=1400,1600",
            "--virtual-time-budget=20000",
            f"--screenshot={target}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _ink_share(png: Path) -> float:
    """The share of pixels that are not background: a page that rendered text and charts has plenty."""
    from PIL import Image

    histogram = Image.open(png).convert("L").histogram()
    return sum(histogram[:200]) / sum(histogram)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_screenshot(server, page, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{page}.png"
    target.unlink(missing_ok=True)
    # The first visit of a page may catch the skeleton before the script ran (cold imports): look again.
    for attempt in range(8):
        _screenshot(f"{server}/{PAGES[page]}", target, tmp_path / f"profile{attempt}")
        if _ink_share(target) > 0.01:
            break
        time.sleep(2)
    assert target.exists() and target.stat().st_size > 10_000
    assert _ink_share(target) > 0.01, "the page looks blank"


def test_a_cjk_font_is_installed():
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert "CJK" in listed or "Noto" in listed, "fonts-noto-cjk is missing: Chinese would render as boxes"
