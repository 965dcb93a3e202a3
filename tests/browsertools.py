"""Debian's Chromium driven by Playwright, for the browser tests
(test_browser.py, test_serve_browser.py): launched once per module, with
the switches a sandboxed CI runner needs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: No sandbox (CI runs as root), no GPU, no traffic of the browser's own.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


@contextmanager
def launched(executable: str) -> Iterator[Any]:
    """A Playwright Browser of the Chromium at ``executable``, closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
