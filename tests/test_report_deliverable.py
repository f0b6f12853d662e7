"""The deliverable: every section in every demo report (zh) and in English, provisional marks in
HTML, PDF and summary.json, PDF page numbers, and every figure the text states recomputed from
the scan and the answers."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess

import pytest

from workbench.assessment import Company
from workbench.pii import scan_paths
from workbench.pii.entities import ENTITIES, label
from workbench.report import run_batch
from workbench.report.sections import SECTION_IDS

pytestmark = pytest.mark.slow
SAMPLE_NAMES = ("dongyue_machinery", "hanghai_shipping", "huakang_home_services", "xinyuan_trading")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from .conftest import SAMPLES

    out = tmp_path_factory.mktemp("deliverable")
    rows = run_batch(SAMPLES, out, workers=2, progress=False, pdf=True)
    return out, {r["company_dir"].rsplit("/", 1)[-1]: r for r in rows}


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    from .conftest import SAMPLES
    from workbench.cli import main

    out = tmp_path_factory.mktemp("english")
    assert main(["report", str(SAMPLES / "huakang_home_services"), "-o", str(out), "--lang", "en", "--pdf"]) == 0
    return out / "huakang_home_services.html", out / "huakang_home_services.pdf"


def visible(page: str) -> str:
    text = re.sub(r"<(svg|style|script).*?</\1>", " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/system-deps.sh installs it")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_report_has_every_section(batch, english):
    out, rows = batch
    pages = [(out / f"{name}.html").read_text("utf-8") for name in SAMPLE_NAMES] + [english[0].read_text("utf-8")]
    for page in pages:
        ids = set(re.findall(r'<section[^>]*\bid="([^"]+)"', page))
        assert set(SECTION_IDS) <= ids, set(SECTION_IDS) - ids


def test_page_title_names_the_company(batch):
    out, rows = batch
    for name in SAMPLE_NAMES:
        title = re.search(r"<title>(.*?)</title>", (out / f"{name}.html").read_text("utf-8")).group(1)
        assert htmllib.unescape(title).startswith(rows[name]["company"])


def test_provisional_in_html_pdf_and_summary(batch, samples):
    out, rows = batch
    for name in SAMPLE_NAMES:
        company = Company.load(samples / name)
        unanswered = set(company.checklist.control_ids) - set(company.assessment().answers)
        summary = json.loads((out / "summary.json").read_text("utf-8"))
        row = next(r for r in summary if r["company_dir"].endswith(name))
        assert row["provisional"] is bool(unanswered)
        page = (out / f"{name}.html").read_text("utf-8")
        assert ('data-key="provisional"' in page) is bool(unanswered)
        text = pdf_text(out / row["pdf"])
        assert ("暂定结果" in text) is bool(unanswered)
    assert any(r["provisional"] for r in rows.values()) and any(not r["provisional"] for r in rows.values())
    assert any(r["level"] == "unrated" for r in rows.values())
    assert len({r["level"] for r in rows.values()}) >= 3, "the demo portfolio should show a spread of levels"


def test_pdfs_have_page_numbers_and_running_header(batch, english):
    out, rows = batch
    text = pdf_text(out / rows["huakang_home_services"]["pdf"])
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 3
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页，共 {len(pages)} 页" in page
        assert "杭州华康家政服务有限公司" in page and "机密" in page
    english_text = [p for p in pdf_text(english[1]).split("\f") if p.strip()]
    assert f"Page 1 of {len(english_text)}" in english_text[0] and "Confidential" in english_text[0]


def test_summary_csv_carries_every_summary_field(batch):
    import csv

    out, _ = batch
    fields = set().union(*(r.keys() for r in json.loads((out / "summary.json").read_text("utf-8"))))
    with open(out / "summary.csv", encoding="utf-8-sig") as fh:
        assert fields <= set(next(csv.reader(fh)))
    index = (out / "index.html").read_text("utf-8")
    assert 'lang="zh-CN"' in index and "severe" not in visible(index).lower()
    assert all(f'href="{name}.pdf"' in index for name in SAMPLE_NAMES)


def expected_figures(company_dir):
    """Every figure, computed here from the scan columns and the answers (not through ScanFacts)."""
    company = Company.load(company_dir)
    scan = scan_paths(company.dataset_files())
    answers = company.assessment().answers
    ids = company.checklist.control_ids
    identifying = {e for e, info in ENTITIES.items() if info.identifying}
    free_text = {}
    for col in scan.columns:
        if col.entity is None:
            for entity, info in col.entities.items():
                if entity in identifying:
                    free_text[entity] = free_text.get(entity, 0) + info.findings
    unmasked = [c for c in scan.columns if c.entity in identifying and not c.masked]
    typed = [c for c in scan.columns if c.entity or c.masked]
    masked = [c for c in scan.columns if c.masked]
    subjects = max((n for e, n in scan.distinct.items() if e in identifying), default=scan.distinct.get("PERSON", 0))
    return {
        "rows": scan.rows,
        "files": len(scan.files),
        "data_subjects": subjects,
        "minors": scan.minors_under_14,
        "free_text": free_text,
        "free_text_total": sum(free_text.values()),
        "unmasked": len(unmasked),
        "masked_share": f"{(len(masked) / len(typed) if typed else 0):.0%}",
        "answered": sum(1 for c in ids if c in answers),
        "controls": len(ids),
        "unanswered": sum(1 for c in ids if c not in answers),
    }


def number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_stated_figure_recomputes(batch, samples, name):
    out, _ = batch
    page = (out / f"{name}.html").read_text("utf-8")
    want = expected_figures(samples / name)
    figures = dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', page))
    assert number(figures["files"]) == want["files"]
    assert number(figures["data_subjects"]) == want["data_subjects"]
    assert number(figures["unmasked_columns"]) == want["unmasked"]
    assert number(figures["free_text_identifiers"]) == want["free_text_total"]
    assert figures["masked_share"] == want["masked_share"]
    if want["unanswered"]:
        assert number(figures["unanswered_controls"]) == want["unanswered"]
    assert number(re.search(r'data-key="rows">([\d,]+)<', page).group(1)) == want["rows"]
    assert number(re.search(r'data-key="minors">([\d,]+)<', page).group(1)) == want["minors"]
    assert number(re.search(r'data-key="subjects">([\d,]+)<', page).group(1)) == want["data_subjects"]
    assert re.search(r'data-key="answered">(\d+)/(\d+)<', page).groups() == (
        str(want["answered"]),
        str(want["controls"]),
    )
    text = visible(page)
    # the figures inside sentences: free-text findings (total and per type), unmasked columns, minors
    for total in re.findall(r"中有 ([\d,]+) 处可单独识别个人的号码", text):
        assert number(total) == want["free_text_total"]
    for breakdown in re.findall(r"处可单独识别个人的号码（([^）]*)）", text):
        stated = {kind: number(n) for kind, n in re.findall(r"([^、\s]+) ([\d,]+)", breakdown)}
        assert stated == {label(e, "zh"): n for e, n in want["free_text"].items()}
    for stated in re.findall(r"(\d+) 个标识号码列未做脱敏", text):
        assert number(stated) == want["unmasked"]
    for stated in re.findall(r"未成年人信息（([\d,]+) 人）", text):
        assert number(stated) == want["minors"]
    for a, c in re.findall(r"(\d+)/(\d+) 个控制项已回答", text):
        assert (number(a), number(c)) == (want["answered"], want["controls"])
    assert "（备注、工单）" not in text and "control(s)" not in text
