"""The client report: rendered through papermill + nbconvert, self-contained, escaped, right numbers."""

from __future__ import annotations

import re
import shutil

import pytest

from workbench.assessment import Company
from workbench.pii import analyze_text
from workbench.report import build_context, render_report, sections
from workbench.risk import score

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from .conftest import SAMPLES

    out = tmp_path_factory.mktemp("reports")
    html = render_report(SAMPLES / "huakang_home_services", out)
    return html, html.read_text("utf-8")


def test_report_written_with_executed_notebook(rendered):
    html, _ = rendered
    assert html.name == "huakang_home_services.html"
    assert (html.parent / "notebooks" / "huakang_home_services.ipynb").is_file()


def test_self_contained_no_code_no_network(rendered):
    _, text = rendered
    assert "<script" not in text.lower()
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', text, re.I)
    assert "@import" not in text and "In&nbsp;[" not in text and "jp-InputArea" not in text
    assert "build_context" not in text  # no code cells


def test_key_numbers_match_the_scoring_api(rendered, samples):
    _, text = rendered
    company = Company.load(samples / "huakang_home_services")
    from workbench.pii import scan_paths

    scan = scan_paths(company.dataset_files())
    expected = score(company.checklist, company.assessment(), scan)
    shown = re.search(r'data-key="score">([\d.]+)<', text).group(1)
    assert float(shown) == expected.score
    assert re.search(r'data-key="rows">([\d,]+)<', text).group(1) == f"{scan.rows:,}"
    assert re.search(r'data-key="minors">([\d,]+)<', text).group(1) == f"{scan.minors_under_14:,}"


def test_no_raw_identifiers_in_report(rendered):
    _, text = rendered
    visible = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", visible)
    leaked = [
        f
        for f in analyze_text(visible)
        if f.entity in {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "CN_PASSPORT", "EMAIL_ADDRESS"}
    ]
    assert not leaked, [visible[f.start : f.end][:4] + "…" for f in leaked]


def make_company(tmp_path, samples, name):
    folder = tmp_path / "evil"
    shutil.copytree(samples / "xinyuan_trading", folder)
    profile = (folder / "company.yaml").read_text("utf-8")
    (folder / "company.yaml").write_text(re.sub(r"^name: .*$", f"name: '{name}'", profile, flags=re.M), "utf-8")
    return folder


def test_client_text_is_escaped(tmp_path, samples):
    payload = "<img src=x onerror=alert(1)>"
    folder = make_company(tmp_path, samples, payload)
    import pandas as pd

    pd.DataFrame({payload: ["13812345678"], "<script>alert(2)</script>": ["王坤"]}).to_csv(
        folder / "data" / "x.csv", index=False
    )
    ctx = build_context(folder)
    page = sections.cover(ctx) + sections.inventory(ctx)
    assert payload not in page and "<script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_english_report_sections(samples):
    ctx = build_context(samples / "dongyue_machinery", lang="en")
    page = sections.summary(ctx) + sections.findings(ctx) + sections.remediation(ctx)
    assert "Executive summary" in page and "Remediation plan" in page and "执行摘要" not in page


def test_chinese_chart_text_has_real_glyphs():
    """Every CJK character in the charts has a glyph (no boxes): matplotlib warns otherwise."""
    import warnings

    from workbench.report import charts

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = charts.bar_chart(["居民身份证号", "手机号码", "统一社会信用代码"], [3, 2, 1], "个人信息类型分布（行数）")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing[:3]
    drawn = re.sub(r"<!--.*?-->", "", svg, flags=re.S)  # matplotlib echoes each text in a comment
    assert "<path" in drawn and "居民" not in drawn  # text drawn as outlines, no font needed to read


def test_english_report_through_papermill(tmp_path, samples):
    html = render_report(samples / "dongyue_machinery", tmp_path, lang="en").read_text("utf-8")
    assert 'lang="en"' in html and "Executive summary" in html and "执行摘要" not in html


def test_findings_list_every_failing_answer_with_its_evidence(samples):
    ctx = build_context(samples / "xinyuan_trading", lang="en")
    page = sections.findings(ctx)
    failing = [cid for cid, a in ctx.assessment.answers.items() if a.answer in ("partial", "non_compliant")]
    assert failing, "the sample should have some gaps"
    detailed = re.findall(r"<li><code>(P\d\d\.\d+)</code>", page)
    listed = re.findall(r"P\d\d\.\d+", re.sub(r"<li><code>P\d\d\.\d+</code>", "", page))
    assert sorted(set(detailed) | set(listed)) == sorted(failing)
    first = ctx.checklist.control(detailed[0])
    assert sections.esc(first.question_en) in page
    assert sections.esc(", ".join(first.evidence_labels("en"))) in page
    # English report: English text; the client's own words (notes, sheet and column names) stay as they are
    own = (
        {a.note for a in ctx.assessment.answers.values()}
        | {c.column for c in ctx.scan.columns}
        | {c.sheet for c in ctx.scan.columns if c.sheet}
    )
    text = re.sub(r"<[^>]+>", "\n", page)
    for word in sorted(filter(None, own), key=len, reverse=True):
        text = text.replace(word, "")
    stray = [line for line in text.splitlines() if re.search(r"[\u4e00-\u9fff]", line)]
    assert not stray, stray[:3]


def test_appendix_lists_every_control_unanswered_included(samples):
    ctx = build_context(samples / "huakang_home_services")
    page = sections.appendix_controls(ctx)
    shown = re.findall(r'<td data-label="[^"]*"><div class="cell">(P\d\d\.\d+)</div></td>', page)
    assert shown == ctx.checklist.control_ids
    assert page.count("answer-unanswered") == len(ctx.checklist.control_ids) - len(ctx.assessment.answers)


def test_legal_basis_reason_shown_when_the_checklist_gives_it(samples):
    """The checklists give why_zh / why_en per cited article; findings and appendix show them,
    and a basis without one (an older checklist) shows no empty reason."""
    ctx = build_context(samples / "huakang_home_services")
    worst = ctx.risk.top_risks(1)[0]
    reasons = [b["why_zh"] for b in worst.legal_basis if b.get("why_zh")]
    assert reasons, "the checklists give a reason for every basis"
    assert f"适用理由: {reasons[0]}" in sections.findings(ctx)
    assert reasons[0] in sections.appendix_controls(ctx)
    for risk in ctx.risk.points:
        risk.legal_basis = [{k: v for k, v in b.items() if not k.startswith("why_")} for b in risk.legal_basis]
    assert "适用理由" not in sections.findings(ctx)
