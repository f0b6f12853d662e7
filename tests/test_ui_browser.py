"""The workbench notebook in a real JupyterLab, driven through Debian Chromium by Playwright."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import time
import warnings
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
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=log,
        stderr=subprocess.STDOUT,
        # a private Jupyter home: no saved workspace, settings or pop-ups from earlier runs
        env=dict(
            os.environ,
            WORKBENCH_USER="browser-test",
            JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
            JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "jupyter-workspaces"),
            JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "jupyter-settings"),
        ),
    )
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
    # once the kernel is idle the widget manager asks it for its widgets; cells run before the
    # answer race it (see run_until_rendered). A consultant reading the page does not click this fast
    page.wait_for_timeout(3_000)
    for _ in range(3):  # a dialog left open (kernel choice, restored tab) takes the clicks
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if not dialog.count():
            break
        dialog.first.click()
        page.wait_for_timeout(500)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).first.click()


def test_answer_controls_by_clicking(lab, tmp_path):
    url, token, root = lab
    answers_file = root / "company" / "assessment.yaml"
    before = yaml.safe_load(answers_file.read_text("utf-8"))["answers"]
    with chromium_page((1400, 1000)) as page:
        open_app(page, url, token, tmp_path=tmp_path)
        score = page.locator(".wb-score")
        score_before = float(score.inner_text())
        expand(page, "P06", "P06-1")
        first_button = page.locator(".wb-answer-P06-1 button[title='non_compliant']")
        first_button.click()
        page.locator(".wb-answer-P06-2 button[title='non_compliant']").click()
        page.wait_for_function(
            f"() => parseFloat(document.querySelector('.wb-score').innerText) < {score_before}", timeout=30_000
        )
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


def open_app(page, url, token, notebook="workbench.ipynb", selector=".workbench-app", tmp_path=None):
    """Open a notebook and run all its cells until ``selector`` has rendered."""
    # reset: no tab restored from an earlier browser on this server (it took the first Run All)
    page.goto(f"{url}/lab/tree/{notebook}?token={token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the workbench app counts as there once its points are: its outer box alone can be an empty shell
    rendered = f"{selector} .jupyter-widget-Collapse-header" if selector == ".workbench-app" else selector
    run_until_rendered(page, rendered, tmp_path)


def run_until_rendered(page, selector: str, tmp_path=None, first_run=None, state="visible") -> None:
    """Run all cells (or ``first_run``) until ``selector`` renders: three tries, the page reloaded
    between them, each failed try named in a warning with what the page and the console showed.

    Seen in about one run in six on a fresh, restarted or reloaded page, never twice in a row:
    cells run the moment the kernel is first idle race JupyterLab's widget manager, still asking
    the kernel for its widgets; the app's outer box renders and its children fail with "widget
    model not found" in the console (jupyter-widgets/ipywidgets#3231, jupyter/notebook#2087), or
    stay unrendered with no error, or no output appears. Reloading the page and running the cells
    again, as the notebook tells the consultant, renders it; a fault of ours fails all three.
    """
    tries = 3
    for attempt in range(tries):
        seen_before = len(page.console_errors)
        (first_run if first_run and not attempt else run_all_cells)(page)
        try:
            page.wait_for_selector(selector, state=state, timeout=90_000)
            return
        except Exception:
            shows = what_the_page_shows(page) + f" console errors of this try: {page.console_errors[seen_before:][:3]}"
            if tmp_path is not None:
                page.screenshot(path=str(tmp_path / f"not-rendered-{attempt}.png"))
                log = tmp_path / "lab.log"
                shows += " lab log: " + (log.read_text(errors="replace")[-1500:] if log.is_file() else "-")
            if attempt == tries - 1:
                raise AssertionError(f"{selector} did not render in {tries} tries: {shows}") from None
            warnings.warn(f"{selector} not rendered (try {attempt + 1}), page reloaded: {shows}", stacklevel=2)
            page.reload()
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)


def restart_and_run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel and Run All Cells")).first.click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()


def expand(page, point: str, control: str) -> None:
    header = page.locator(".jupyter-widget-Collapse-header", has_text=re.compile(rf"^{point} "))
    button = page.locator(f".wb-answer-{control} button[title='compliant']")
    for _ in range(4):  # a click while the widgets still render can be lost
        try:
            header.first.click(timeout=60_000)
        except Exception as exc:
            raise AssertionError(f"no header for point {point}: {what_the_page_shows(page)}") from exc
        try:
            button.wait_for(state="visible", timeout=10_000)
            return
        except Exception:
            continue
    raise AssertionError(f"point {point} did not open: {what_the_page_shows(page)}")


def what_the_page_shows(page) -> str:
    """For a failure message: how many apps and point headers, the kernel status, any error output."""
    return (
        page.evaluate("""() => JSON.stringify({
        apps: document.querySelectorAll('.workbench-app').length,
        headers: [...document.querySelectorAll('.jupyter-widget-Collapse-header')].map(h => h.innerText.slice(0, 8)),
        points_children: [...document.querySelectorAll('.wb-points')].map(b => b.children.length),
        kernel: (document.querySelector('.jp-StatusBar-TextItem') || {}).innerText,
        errors: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(e => e.innerText.slice(0, 300)),
        outputs: [...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.innerText.slice(0, 120)),
    })""")
        + f" console errors: {getattr(page, 'console_errors', [])[-10:]}"
    )


def wait_on_disk(path: Path, check, timeout=60) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        data = yaml.safe_load(path.read_text("utf-8"))
        if check(data["answers"]):
            return data
        time.sleep(0.3)
    raise AssertionError(f"{path} never reached the expected answers: {data['answers'].keys()}")


def in_view(page, selector: str) -> bool:
    return page.evaluate(f"""() => {{ const r = document.querySelector("{selector}").getBoundingClientRect();
                                     return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }}""")


# which ancestors of the summary bar clip or scroll (what breaks position: sticky), for a failure message
SCROLLERS = """() => { const out = []; for (let e = document.querySelector('.wb-summary'); e; e = e.parentElement) {
    const s = getComputedStyle(e); if (s.overflow !== 'visible' || s.position === 'sticky')
    out.push(e.className + ' overflow=' + s.overflow + ' position=' + s.position); } return out.join(' | '); }"""


def score_text(page) -> str:
    return page.locator(".wb-score").inner_text()


def test_a_working_day(lab, tmp_path):
    """Answer, clear, a colleague's save and reload, scroll, scan, restart, reload the page."""
    from workbench.assessment import AssessmentSession

    url, token, root = lab
    answers_file = root / "company" / "assessment.yaml"
    answers_file.chmod(0o644)
    with chromium_page((1280, 900)) as page:
        open_app(page, url, token, tmp_path=tmp_path)
        expand(page, "P06", "P06-1")
        # an answer, then clearing it
        page.locator(".wb-answer-P06-1 button[title='partial']").click()
        wait_on_disk(answers_file, lambda a: a.get("P06.1", {}).get("answer") == "partial")
        page.locator(".wb-clear-P06-1").click()
        wait_on_disk(answers_file, lambda a: "P06.1" not in a)
        page.wait_for_function("() => !document.querySelector('.wb-answer-P06-1 button.mod-active')", timeout=10_000)
        assert stat.S_IMODE(answers_file.stat().st_mode) == 0o644  # still readable by colleagues
        # a colleague saves; my next click is refused, said so in red with their name, and kept for reload
        AssessmentSession.open(root / "company", who="周航").answer("P06.3", "compliant")
        page.locator(".wb-answer-P06-2 button[title='non_compliant']").click()
        alert = page.locator(".wb-summary", has_text="周航")
        alert.wait_for(timeout=30_000)
        assert "Not saved" in alert.inner_text() and "未保存" in alert.inner_text()
        page.wait_for_function("() => !document.querySelector('.wb-answer-P06-2 button.mod-active')", timeout=10_000)
        page.screenshot(path=str(tmp_path / "conflict-1280.png"))
        page.locator(".wb-reload").click()
        after = wait_on_disk(answers_file, lambda a: a.get("P06.2", {}).get("answer") == "non_compliant")
        assert after["answers"]["P06.3"]["answer"] == "compliant"  # theirs kept
        # the reload rebuilds all twenty points, P06 open as it was, with my refused click now saved.
        # P06 was seen closed after the reload (2 runs in 10 under load) while the app opened it by
        # an update after building it; it is now built open. Should it recur: a warning, P06
        # opened again, and the saved answer still checked
        saved = page.locator(".wb-answer-P06-2 button.mod-active[title='non_compliant']")
        try:
            saved.wait_for(state="visible", timeout=30_000)
        except Exception:
            warnings.warn("P06 was shown closed after Reload (it was open before)", stacklevel=1)
            expand(page, "P06", "P06-2")
            saved.wait_for(state="visible", timeout=60_000)
        # the selected answer has its own colour (red for non-compliant), not the same grey for every value
        assert (
            page.evaluate("""() => getComputedStyle(document.querySelector(
            ".wb-answer-P06-2 button.mod-active")).backgroundColor""")
            == "rgb(198, 40, 40)"
        )
        page.locator(".wb-answer-P06-2").screenshot(path=str(tmp_path / "answer.png"))
        # the summary bar stays in view while working down the checklist
        for point in ("P07", "P08", "P09", "P10"):
            page.locator(".jupyter-widget-Collapse-header", has_text=re.compile(rf"^{point} ")).first.click()
        page.evaluate("() => { const b = document.querySelector('.wb-points'); b.scrollTop = b.scrollHeight; }")
        # then the notebook itself, until the company's name at the top of the app is out of sight
        page.evaluate("""() => { const outer = document.querySelector('.jp-WindowedPanel-outer');
            const app = document.querySelector('.workbench-app').getBoundingClientRect();
            outer.scrollTop += app.top - outer.getBoundingClientRect().top + 300; }""")
        page.wait_for_timeout(500)
        assert not in_view(page, ".workbench-app h3")
        page.screenshot(path=str(tmp_path / "scrolled-1280.png"))
        assert in_view(page, ".wb-summary") and in_view(page, ".wb-score"), page.evaluate(SCROLLERS)
        # scan: the button is disabled and progress shows within a second
        page.locator(".lm-TabBar-tabLabel", has_text="数据扫描 Scan").first.click()
        score_before_scan = score_text(page)
        page.locator(".wb-scan").click()
        clicked = time.time()
        page.wait_for_selector(".wb-scan:disabled", timeout=1_000)
        page.wait_for_selector(".wb-scanning", timeout=1_000)
        assert time.time() - clicked < 1.5
        page.wait_for_selector(".wb-scan:not(:disabled)", timeout=180_000)
        page.wait_for_selector(".wb-findings", timeout=30_000)
        page.wait_for_function(
            f"() => document.querySelector('.wb-score').innerText !== '{score_before_scan}'", timeout=30_000
        )
        scanned = score_text(page)
        for width in (1280, 1024):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(500)
            page.screenshot(path=str(tmp_path / f"scan-{width}.png"))
        page.locator(".lm-TabBar-tabLabel", has_text="检查清单 Checklist").first.click()
        page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / "checklist-1024.png"))
        # a kernel restart: the kept scan is reused, the score does not fall back
        run_until_rendered(
            page, ".wb-scan-status:has-text('reused')", tmp_path, first_run=restart_and_run_all, state="attached"
        )
        assert score_text(page) == scanned
        assert "not scanned" not in page.locator(".wb-summary").inner_text()
        # the browser page reloaded: the notebook says what to do, and running it brings the app back
        page.reload()
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_timeout(3_000)
        page.screenshot(path=str(tmp_path / "reloaded.png"))
        page.locator(".jp-RenderedMarkdown", has_text="model not found").first.wait_for(timeout=60_000)
        run_until_rendered(page, ".workbench-app .jupyter-widget-Collapse-header", tmp_path)
        page.wait_for_selector(".workbench-app .wb-score", timeout=30_000)
        assert score_text(page) == scanned
    for shot in ("conflict-1280", "scrolled-1280", "scan-1280", "scan-1024", "checklist-1024"):
        assert (tmp_path / f"{shot}.png").stat().st_size > 20_000
    shots = os.environ.get("WORKBENCH_SCREENSHOTS")
    if shots:  # to look at them: WORKBENCH_SCREENSHOTS=/some/folder
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, Path(shots) / png.name)


def test_a_typo_and_a_corrupt_file(lab, tmp_path):
    url, token, root = lab
    nb = nbformat.read(root / "workbench.ipynb", as_version=4)
    nb.cells[1].source = 'company_dir = "compnay"'  # a typo for "company"
    nbformat.write(nb, root / "typo.ipynb")
    shutil.copytree(root / "company", root / "broken")
    (root / "broken" / "assessment.yaml").write_text("format: workbench-assessment/1\nanswers: [oops\n", "utf-8")
    nb.cells[1].source = 'company_dir = "broken"'
    nbformat.write(nb, root / "broken.ipynb")
    with chromium_page((1280, 900)) as page:
        open_app(page, url, token, "typo.ipynb", ".wb-new-company", tmp_path)
        text = page.locator(".wb-new-company").inner_text()
        assert "Folder not found" in text and "compnay" in text and "找不到文件夹" in text
        page.screenshot(path=str(tmp_path / "typo.png"))
    with chromium_page((1280, 900)) as page:  # a fresh browser: no tab or dialog from the first
        open_app(page, url, token, "broken.ipynb", ".wb-open-error", tmp_path)
        text = page.locator(".wb-open-error").inner_text()
        assert "assessment.yaml" in text and "corrupt" in text and "无法打开" in text
        assert page.locator("text=Traceback").count() == 0
        page.screenshot(path=str(tmp_path / "broken.png"))
    assert not (root / "compnay").exists()


def test_remediation_status_chosen_in_the_browser(lab, tmp_path):
    """The remediation tab lists the report's actions; a status chosen there is on disk, audited."""
    url, token, root = lab
    answers_file = root / "company" / "assessment.yaml"
    with chromium_page((1280, 900)) as page:
        open_app(page, url, token, tmp_path=tmp_path)
        page.locator(".lm-TabBar-tab", has_text="整改计划 Remediation").first.click()
        first = page.locator(".wb-action").first
        first.wait_for(state="visible", timeout=30_000)
        assert "截止 Due" in first.inner_text() and re.search(r"\d{4}-\d\d-\d\d", first.inner_text())
        action_id = first.locator("code").inner_text()
        first.locator(".wb-action-status select").select_option(label="处理中 In progress")
        deadline = time.time() + 60
        while time.time() < deadline:
            data = yaml.safe_load(answers_file.read_text("utf-8"))
            if data.get("remediation", {}).get(action_id) == "in_progress":
                break
            time.sleep(0.3)
        page.wait_for_function(  # the counts above the list follow the choice
            "() => document.querySelector('.workbench-app').innerText.includes('in progress 1')", timeout=30_000
        )
        page.screenshot(path=str(tmp_path / "remediation.png"))
    assert data["remediation"] == {action_id: "in_progress"}
    assert any(
        e["control"] == f"action:{action_id}" and e["who"] == "browser-test" and e["new"] == "in_progress"
        for e in data["audit"]
    )
    assert (tmp_path / "remediation.png").stat().st_size > 20_000
