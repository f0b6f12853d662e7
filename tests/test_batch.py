"""Portfolio runs: parallel, failures isolated, index and summaries, skip unchanged."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import yaml

from workbench.report import ReportError, render_report, run_batch
from workbench.report.batch import portfolio_companies

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    from .conftest import SAMPLES

    root = tmp_path_factory.mktemp("portfolio")
    for name in ("dongyue_machinery", "huakang_home_services"):
        shutil.copytree(SAMPLES / name, root / name)
    broken = root / "broken_co"
    shutil.copytree(SAMPLES / "dongyue_machinery", broken)
    (broken / "company.yaml").write_text("name: 坏公司\nscenario: no_such_scenario\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def first_run(portfolio, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return out, run_batch(portfolio, out, workers=2, progress=False)


def test_failure_is_isolated_and_listed(first_run):
    out, rows = first_run
    status = {row["company_dir"].rsplit("/", 1)[-1]: row for row in rows}
    assert status["broken_co"]["status"] == "failed" and "no_such_scenario" in status["broken_co"]["error"]
    assert status["dongyue_machinery"]["status"] == "ok" and status["huakang_home_services"]["status"] == "ok"
    assert (out / "dongyue_machinery.html").is_file() and (out / "huakang_home_services.html").is_file()


def test_index_and_summaries(first_run):
    out, rows = first_run
    index = (out / "index.html").read_text("utf-8")
    assert 'href="dongyue_machinery.html"' in index and "no_such_scenario" in index
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    ok = [r for r in summary if r["status"] == "ok"]
    assert len(summary) == 3 and all(isinstance(r["score"], float) and r["level"] for r in ok)
    with open(out / "summary.csv", encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 3


def test_rerun_skips_unchanged_and_notices_changes(first_run, portfolio):
    out, _ = first_run
    again = {r["company_dir"].rsplit("/", 1)[-1]: r["status"] for r in run_batch(portfolio, out, progress=False)}
    assert again["dongyue_machinery"] == "skipped" and again["huakang_home_services"] == "skipped"
    answers = portfolio / "huakang_home_services" / "assessment.yaml"
    data = yaml.safe_load(answers.read_text("utf-8"))
    first = next(iter(data["answers"]))
    data["answers"][first]["answer"] = (
        "non_compliant" if data["answers"][first]["answer"] != "non_compliant" else "compliant"
    )
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    third = {r["company_dir"].rsplit("/", 1)[-1]: r["status"] for r in run_batch(portfolio, out, progress=False)}
    assert third["huakang_home_services"] == "ok" and third["dongyue_machinery"] == "skipped"
    forced = run_batch(portfolio, out, progress=False, force=True)
    assert sum(r["status"] == "ok" for r in forced) == 2


def test_portfolio_lists(portfolio, tmp_path):
    listing = tmp_path / "list.yaml"
    listing.write_text(yaml.safe_dump({"companies": [str(portfolio / "dongyue_machinery")]}), "utf-8")
    assert portfolio_companies(listing) == [portfolio / "dongyue_machinery"]
    table = tmp_path / "list.csv"
    table.write_text(f"company_dir\n{portfolio / 'huakang_home_services'}\n", "utf-8")
    assert portfolio_companies(table) == [portfolio / "huakang_home_services"]
    with pytest.raises(ReportError, match="no such portfolio"):
        portfolio_companies(tmp_path / "nothing")


def test_failing_notebook_is_kept_for_debugging(portfolio, tmp_path):
    folder = tmp_path / "bad_answers"
    shutil.copytree(portfolio / "dongyue_machinery", folder)
    (folder / "assessment.yaml").write_text("format: workbench-assessment/1\nscenario: deregistration\n", "utf-8")
    with pytest.raises(ReportError) as err:
        render_report(folder, tmp_path / "out", prepare=False)  # the notebook itself fails
    assert "see " in str(err.value)
    assert (tmp_path / "out" / "notebooks" / "bad_answers.ipynb").is_file()


def test_dask_local_cluster_gives_the_same_results(portfolio, tmp_path):
    pytest.importorskip("distributed")

    def key(rows):
        return {r["company_dir"]: (r["status"], r.get("score"), r.get("level"), r.get("data_subjects")) for r in rows}

    local = run_batch(portfolio, tmp_path / "local", workers=2, progress=False)
    dask = run_batch(portfolio, tmp_path / "dask", engine="dask", workers=2, progress=False)
    assert key(dask) == key(local)
    assert (tmp_path / "dask" / "huakang_home_services.html").is_file()
