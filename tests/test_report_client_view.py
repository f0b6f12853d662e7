"""What a client reading the report would catch: text in the wrong language, a finding with no
basis shown, a disposal plan that repeats the same paragraphs for every dataset.

The contexts use a tiny scan (the sections under test depend on the company and the answers);
the samples give the profiles and answers as a consultant writes them.
"""

from __future__ import annotations

import re

import pytest

from workbench.assessment import Company
from workbench.report import sections
from workbench.report.context import ReportContext
from workbench.risk import score

from .conftest import SAMPLES
from .test_checklist_law import small_scan  # noqa: F401  (module-scoped)

CJK = re.compile(r"[\u4e00-\u9fff]")
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "company.yaml").is_file())


@pytest.fixture(scope="module")
def tiny_scan(small_scan):  # noqa: F811  (two datasets with personal information, one without)
    return small_scan


def context(folder, lang, scan) -> ReportContext:
    company = Company.load(folder)
    checklist, assessment = company.checklist, company.assessment()
    return ReportContext(
        company,
        checklist,
        assessment,
        scan,
        score(checklist, assessment, scan),
        lang,
        company.consultant,
        "2026-01-01",
        0.0,
    )


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_client_written_text_follows_the_report_language(name, tiny_scan):
    """Where company.yaml gives the English of a field, the English report shows it, not the Chinese."""
    ctx = context(SAMPLES / name, "en", tiny_scan)
    c = ctx.company
    page = visible(sections.document_control(ctx) + sections.scope(ctx) + sections.sign_off(ctx))
    pairs = [
        (c.notes, c.notes_en),
        (c.reviewer, c.reviewer_en),
        (c.document.get("distribution"), c.document.get("distribution_en")),
    ]
    pairs += list(zip(c.data_subjects, c.data_subjects_en))
    given = [(zh, en) for zh, en in pairs if zh and en]
    assert given or not CJK.search(c.notes), f"{name}: Chinese notes without an English version"
    for zh, en in given:
        assert en in page.replace("&#x27;", "'") and zh not in page, f"{name}: {zh!r}"
    # and the Chinese report keeps the Chinese
    zh_page = visible(sections.scope(context(SAMPLES / name, "zh", tiny_scan)))
    assert c.notes in zh_page


def test_without_an_english_version_the_english_report_shows_the_text_as_written(tmp_path, tiny_scan):
    import shutil

    folder = tmp_path / "c"
    shutil.copytree(SAMPLES / "dongyue_machinery", folder)
    profile = (folder / "company.yaml").read_text("utf-8")
    (folder / "company.yaml").write_text(re.sub(r"^notes_en:.*(\n  .*)*\n", "", profile, flags=re.M), "utf-8")
    ctx = context(folder, "en", tiny_scan)
    assert not ctx.company.notes_en and ctx.company.notes in visible(sections.scope(ctx))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_shows_its_basis_or_says_it_has_none(lang, tiny_scan):
    ctx = context(SAMPLES / "xinyuan_trading", lang, tiny_scan)
    html = sections.findings(ctx)
    articles = re.findall(r'<article class="finding.*?</article>', html, re.S)
    assert articles
    for article in articles:
        basis = re.search(r'<p class="basis">(.*?)</p>', article, re.S)
        assert basis and visible(basis.group(1)).strip() not in ("", "—"), article[:120]


def test_the_disposal_plan_gives_each_reason_once(tiny_scan):
    ctx = context(SAMPLES / "huakang_home_services", "en", tiny_scan)
    html = sections.disposal_plan(ctx)
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "customers.csv" in r or "orders.csv" in r]
    assert len(rows) == 2
    for _, basis in ctx.checklist.disposal.bases:
        assert html.replace("&#x27;", "'").count(basis.why_en) == 1
        for row in rows:
            assert f"Art. {basis.article}" in row


@pytest.mark.slow
def test_on_a_phone_chart_labels_stay_readable_and_card_labels_whole(tmp_path):
    """At 390 px a bar chart keeps ≥ 10 px labels (it scrolls inside its figure, the page does not)."""
    from workbench.report import render_report

    from .browser import chromium_page

    html = render_report(SAMPLES / "xinyuan_trading", tmp_path, lang="en")
    with chromium_page(viewport=(390, 844)) as page:
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        scales = page.evaluate("""() => [...document.querySelectorAll('figure.chart svg')].map(
            svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)""")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        breaks = page.evaluate("""() => [...document.querySelectorAll('.table-wrap td')].map(
            td => getComputedStyle(td, '::before').wordBreak)""")
    assert len(scales) == 3
    # matplotlib draws the labels at 10 pt in a viewBox counted in pt: on screen 10 pt × scale px
    assert min(scales) * 10 >= 10, scales
    assert overflow <= 1
    assert breaks and set(breaks) == {"normal"}


def test_the_english_portfolio_names_companies_in_english(tiny_scan):
    from workbench.report.portfolio import portfolio_page

    rows = []
    for name in SAMPLE_NAMES:
        row = context(SAMPLES / name, "en", tiny_scan).summary()
        rows.append({**row, "status": "ok", "html": f"{name}.html"})
    english, chinese = visible(portfolio_page(rows, "en")), visible(portfolio_page(rows, "zh"))
    for row in rows:
        assert row["company_en"], row["company"]
        assert row["company_en"] in english and row["company"] not in english
        assert row["company"] in chinese
