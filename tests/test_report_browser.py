"""The report as a client sees it: headless Chromium, no errors, no requests, right numbers."""

from __future__ import annotations

import pytest

from workbench.report import build_context

from .browser import chromium_page
from .test_report import rendered  # noqa: F401  (module-scoped rendered report)

pytestmark = pytest.mark.slow


def test_report_in_chromium(rendered, tmp_path, samples):  # noqa: F811
    html, _ = rendered
    console_errors, requests = [], []
    with chromium_page() as page:
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        score_text = page.inner_text('[data-key="score"]')
        company = page.inner_text('[data-key="company"]')
        charts = page.locator("figure.chart svg").count()
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        widest_table = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('table')).map(t => t.getBoundingClientRect().width))"
        )
        page.screenshot(path=str(tmp_path / "report-phone.png"))
        page.emulate_media(media="print")
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4") if hasattr(page, "pdf") else None
    assert shot.stat().st_size > 50_000
    assert not console_errors, console_errors
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    ctx = build_context(samples / "huakang_home_services")
    assert float(score_text) == ctx.risk.score
    assert company == ctx.company.name
    assert charts == 3
    assert overflow <= 1, "the page must not scroll sideways on a phone"
    assert widest_table <= 390, "tables become stacked cards on a phone, none wider than the screen"
