"""What the browser tests share: the real Streamlit server on a free port, and waiting for a script run to end.

The page is judged by what the browser shows once Streamlit says the run is over (no status widget, a title),
never by a fixed time budget: on a loaded machine a page may take longer than any budget."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str], start_timeout: float = 90) -> Iterator[str]:
    """`streamlit run dashboards/app.py` with `env` added, yielding its URL once its health check answers."""
    port = free_port()
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
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + start_timeout
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.time() > deadline:
                    raise AssertionError(
                        f"the Streamlit server did not start within {start_timeout:.0f} s"
                    ) from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])


def _busy(page) -> bool:
    # a run in progress shows the status widget; elements whose code is still loading show skeletons
    return bool(page.locator("[data-testid=stStatusWidget], [data-testid=stSkeleton]").count())


def settle(page, timeout: float = 90) -> None:
    """Wait until the script run the last action started has finished and its elements are drawn: no status
    widget, no skeleton, a title shown, twice half a second apart."""
    time.sleep(0.5)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not _busy(page) and page.locator("h1").count():
            time.sleep(0.5)
            if not _busy(page):
                return
        time.sleep(0.25)
    raise AssertionError("the page kept running")


def open_page(context, url: str, timeout_ms: int = 90_000):
    page = context.new_page()
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=timeout_ms)
    settle(page)
    return page


def artifact(name: str) -> Path:
    target = REPO / "tests" / "artifacts" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    return target
