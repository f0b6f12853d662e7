"""Headless Debian Chromium through Playwright (no browser download), for tests."""

from __future__ import annotations

import contextlib
import shutil

import pytest

from workbench.report.pdf import OFFLINE_FLAGS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = list(OFFLINE_FLAGS)  # the PDF printer's offline Chromium, headless through Playwright


@contextlib.contextmanager
def chromium_page(viewport=(1200, 900)):
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not __import__("os").path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            # the page's console errors, kept for a test's failure message
            page.console_errors = []
            page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text[:300]))
            yield page
        finally:
            browser.close()
