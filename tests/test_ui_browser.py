"""The workbench notebook in a real JupyterLab, driven through Debian Chromium by Playwright."""
from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml

from .browser import chromium_page

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path, samples):
    """A JupyterLab server on localhost with a temporary token, rooted in a temp folder."""
    root = tmp_path / "lab"
    shutil.copytree(samples / "huakang_home_services", root / "company")
    answers = root / "company" / "assessment.yaml"
    data = yaml.safe_load(answers.read_text("utf-8"))
    data["answers"] = {k: v for k, v in data["answers"].items() if not k.startswith("P06.")}
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    nb = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / "workbench.ipynb", as_version=4)
    nb.cells[1].source = 'company_dir = "company"'
    nbformat.write(nb, root / "workbench.ipynb")
    token, port = secrets.token_hex(16), free_port()
    log = open(tmp_path / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly"] + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=log, stderr=subprocess.STDOUT,
        # a private Jupyter home: no saved workspace, settings or pop-ups from earlier runs
        env=dict(os.environ, WORKBENCH_USER="browser-test", JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
                 JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
                 JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "jupyter-workspaces"),
                 JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "jupyter-settings")))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text()[-2000:])
    yield url, token, root
    server.terminate()
    server.wait(timeout=30)
    log.close()


def run_all_cells(page) -> None:
    """Wait until the kernel is idle, then Run ▸ Run All Cells (key presses can race the kernel)."""
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).first.click()


def test_answer_controls_by_clicking(lab, tmp_path):
    url, token, root = lab
    answers_file = root / "company" / "assessment.yaml"
    before = yaml.safe_load(answers_file.read_text("utf-8"))["answers"]
    with chromium_page((1400, 1000)) as page:
        page.goto(f"{url}/lab/tree/workbench.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        run_all_cells(page)
        try:
            page.wait_for_selector(".workbench-app", timeout=60_000)
        except Exception:
            run_all_cells(page)                         # a kernel that was slow to connect: once more
            try:
                page.wait_for_selector(".workbench-app", timeout=90_000)
            except Exception:
                page.screenshot(path=str(tmp_path / "failure.png"))
                raise
        score = page.locator(".wb-score")
        score_before = float(score.inner_text())
        header = page.locator(".jupyter-widget-Collapse-header", has_text=re.compile(r"P06 "))
        first_button = page.locator(".wb-answer-P06-1 button[title='non_compliant']")
        for _ in range(4):                     # a click while the widgets still render can be lost
            header.first.click()
            try:
                first_button.wait_for(state="visible", timeout=10_000)
                break
            except Exception:
                continue
        first_button.click()
        page.locator(".wb-answer-P06-2 button[title='non_compliant']").click()
        page.wait_for_function(f"() => parseFloat(document.querySelector('.wb-score').innerText) < {score_before}",
                               timeout=30_000)
        # the kernel handles the two clicks one after the other: wait until both are on disk
        deadline = time.time() + 60
        while time.time() < deadline:
            after = yaml.safe_load(answers_file.read_text("utf-8"))
            if {"P06.1", "P06.2"} <= set(after["answers"]):
                break
            time.sleep(0.5)
        page.wait_for_timeout(500)
        score_after = float(score.inner_text())
        page.screenshot(path=str(tmp_path / "workbench.png"), full_page=True)
    assert after["answers"]["P06.1"]["answer"] == "non_compliant"
    assert after["answers"]["P06.2"]["answer"] == "non_compliant"
    assert any(e["control"] == "P06.1" and e["who"] == "browser-test" for e in after["audit"])
    assert score_after < score_before
    assert (tmp_path / "workbench.png").stat().st_size > 20_000
    assert before != after["answers"]
