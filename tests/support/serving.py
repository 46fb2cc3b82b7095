"""The review app under uvicorn on a free local port, as `fengcun review serve` runs it, and
headless Chromium signed in to it."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI


@contextlib.contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """Serve `app` in a thread until the block ends; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# Debian's Chromium, headless, as the browser journeys drive it (make test installs it)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def signed_in(browser: Any, url: str, account: str, password: str) -> Any:
    """A page of its own browser context (its own cookies), in Chinese, signed in as `account`."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
    page.goto(url + "/login")
    page.fill("#account", account)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_selector("#count-open")
    return page


@contextlib.contextmanager
def browser_page(url: str, password: str, account: str = "alice") -> Iterator[Any]:
    """One signed-in Chromium page, closed afterwards."""
    with chromium() as browser:
        yield signed_in(browser, url, account, password)

# How long a journey waits for an answer saved in the background: the last answer of a
# scanned dossier writes its outputs (OCR, redaction, leak check), many seconds on a loaded
# 2-core machine. Playwright's default of 5 s is for the page, not for that.
SAVED_WITHIN_MS = 180_000
