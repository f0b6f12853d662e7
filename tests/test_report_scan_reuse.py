"""The report states the workbench's kept scan (``.last-scan.json``) only when it can be trusted.

A consultant signs the report, so the kept scan stands in for a new one only while every
dataset file has the SHA-256 it had, no file was added or removed, no database is involved, the
scanner is the same and the JSON was not edited; otherwise the report scans again.  The scope
section says which it did.
"""

from __future__ import annotations

import datetime
import json
import shutil

import pytest

from workbench.assessment import AssessmentSession, Company, ScanCache
from workbench.assessment.scans import MAX_REUSE_DAYS
from workbench.report import build_context, sections

from .conftest import SAMPLES


@pytest.fixture
def company(tmp_path):
    folder = tmp_path / "dongyue"
    shutil.copytree(SAMPLES / "dongyue_machinery", folder)
    (folder / ".last-scan.json").unlink(missing_ok=True)
    AssessmentSession.open(folder).run_scan(progress=False)
    return folder


def figures(ctx) -> str:
    """Every section that states what the scan found."""
    return "".join(
        f(ctx)
        for f in (sections.summary, sections.inventory, sections.findings, sections.disposal_plan, sections.remediation)
    )


def test_unchanged_files_reuse_the_kept_scan_with_the_same_figures(company):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in company.rglob("*"))
    reused = build_context(company, lang="en")
    fresh = build_context(company, lang="en", reuse_scan=False)
    assert reused.scan_reused and not fresh.scan_reused
    assert figures(reused) == figures(fresh)
    date = reused.scan.scanned_at[:10]
    assert f"Scan of {date}" in sections.scope(reused) and "reused" in sections.scope(reused)
    assert "reused" not in sections.scope(fresh) and "made for this report" in sections.scope(fresh)
    assert "沿用" in sections.scope(build_context(company, lang="zh"))
    # the report reads the company folder, never writes it
    assert sorted((p.name, p.stat().st_mtime_ns) for p in company.rglob("*")) == before


def kept(company) -> dict:
    return json.loads((company / ".last-scan.json").read_text("utf-8"))


def keep(company, data: dict) -> None:
    (company / ".last-scan.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def change_a_file(company):
    with open(company / "data" / "dealers.csv", "a", encoding="utf-8") as fh:
        fh.write("新经销商,13812345678,,,,\n")


def add_a_file(company):
    (company / "data" / "extra.csv").write_text("姓名,手机\n王坤,13912345678\n", "utf-8")


def remove_a_file(company):
    (company / "data" / "dealers.csv").unlink()


def edit_the_figures(company):
    data = kept(company)
    data["scan"]["minors_under_14"] += 5  # the hashes still match, the figures do not
    keep(company, data)


def forge_the_fingerprint(company):
    data = kept(company)
    data["files"] = {k: "0" * 64 for k in data["files"]}
    keep(company, data)


def another_scanner(company):
    data = kept(company)
    data["scanner"]["workbench"] = "0.0.1"
    keep(company, data)


def truncate(company):
    path = company / ".last-scan.json"
    path.write_bytes(path.read_bytes()[:200])


@pytest.mark.slow
@pytest.mark.parametrize(
    "spoil",
    [change_a_file, add_a_file, remove_a_file, edit_the_figures, forge_the_fingerprint, another_scanner, truncate],
)
def test_a_kept_scan_that_does_not_match_is_never_trusted(company, spoil):
    spoil(company)
    ctx = build_context(company, lang="en")
    assert not ctx.scan_reused
    assert "made for this report" in sections.scope(ctx)
    fresh = build_context(company, lang="en", reuse_scan=False)
    assert figures(ctx) == figures(fresh)
    assert {f.sha256 for f in ctx.scan.files} == {f.sha256 for f in fresh.scan.files}


def test_an_old_scan_or_a_database_is_not_reused(company):
    files = [p for p in (company / "data").iterdir()]
    cache = ScanCache(company)
    assert cache.reusable(files)[0] is not None
    later = datetime.date.today() + datetime.timedelta(days=MAX_REUSE_DAYS + 1)
    scan, why = cache.reusable(files, today=later)
    assert scan is None and "older" in why
    # a database can change while every file stays the same
    database = Company.load(SAMPLES / "qinghe_dental").databases()
    scan, why = cache.reusable([*files, *database])
    assert scan is None and "database" in why
