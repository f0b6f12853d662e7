"""Client data safety: nothing raw in anything the tool writes; injection payloads stay text."""

from __future__ import annotations

import csv
import html as html_lib
import json
import re
import shutil

import pytest

from workbench.io.export import neutralise, write_csv
from workbench.pii import analyze_text
from workbench.report import run_batch

pytestmark = pytest.mark.slow

#: identifiers that must never appear unmasked in an artifact
NEVER_RAW = {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "CN_PASSPORT", "EMAIL_ADDRESS"}


def artifact_texts(folder):
    """Every text file the tool wrote, with markup removed so values are checked as text."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        if path.suffix in (".html", ".ipynb"):
            text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)  # chart glyph paths
            text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
            text = re.sub(r'"image/png": "[^"]*"', " ", text)
        yield path, text


def test_demo_artifacts_hold_no_raw_identifiers(tmp_path, samples):
    out = tmp_path / "reports"
    rows = run_batch(samples, out, progress=False)
    assert all(r["status"] == "ok" for r in rows), rows
    written = list(artifact_texts(out))
    kinds = {p.suffix for p, _ in written}
    assert {".html", ".ipynb", ".json", ".csv"} <= kinds
    leaks = []
    for path, text in written:
        for line in text.splitlines():
            for f in analyze_text(line[:20000]):
                if f.entity in NEVER_RAW:
                    leaks.append((path.name, f.entity))
    assert not leaks, leaks[:10]


def test_formula_injection_neutralised(tmp_path):
    rows = [
        {"company": '=HYPERLINK("http://x")'},
        {"company": "+1+1"},
        {"company": "-2"},
        {"company": "@SUM(A1)"},
        {"company": "正常公司"},
    ]
    path = tmp_path / "s.csv"
    write_csv(path, rows, ["company"])
    with open(path, encoding="utf-8-sig") as fh:
        values = [r["company"] for r in csv.DictReader(fh)]
    assert all(not v.startswith(("=", "+", "-", "@")) for v in values)
    assert values[-1] == "正常公司" and neutralise(3) == 3


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><iframe src=javascript:alert(1)>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_names_headers_values_are_escaped(tmp_path, samples, payload):
    from workbench.report import build_context, sections

    folder = tmp_path / "co"
    shutil.copytree(samples / "dongyue_machinery", folder)
    profile = (folder / "company.yaml").read_text("utf-8")
    (folder / "company.yaml").write_text(
        re.sub(r"^name: .*$", "name: " + json.dumps(payload), profile, flags=re.M), "utf-8"
    )
    import pandas as pd

    pd.DataFrame({payload: ["13812345678", payload], "备注": [payload, "王坤"]}).to_csv(
        folder / "data" / "inject.csv", index=False
    )
    ctx = build_context(folder)
    page = "".join(
        f(ctx)
        for f in (
            sections.cover,
            sections.document_control,
            sections.summary,
            sections.opinion,
            sections.scope,
            sections.findings,
            sections.inventory,
            sections.disposal_plan,
            sections.remediation,
            sections.method,
            sections.limitations,
            sections.sign_off,
            sections.appendix_controls,
        )
    )
    assert payload not in page
    assert html_lib.escape(payload, quote=True) in page  # shown as text
    assert not re.search(r"<(script|img|iframe)\b", page, re.I)
    assert not re.search(r"<svg onload", page, re.I)
