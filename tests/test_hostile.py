"""Hostile company folders (issue 23): broken or malicious company.yaml / assessment.yaml.

Each case ends in a clear error naming the file and the problem, or in correct handling;
the ones that could hang or blow up run in a subprocess with a timeout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.assessment import Assessment, AssessmentError, Company

from .small_disk import run_on_small_disk

PROFILE = "name: 测试公司\nscenario: account_transfer\ndatasets: [data]\n"


def company(tmp_path, text: str | bytes, name="co"):
    folder = tmp_path / name
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "a.csv").write_text("城市\n上海\n", "utf-8")
    profile = folder / "company.yaml"
    profile.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def load_error(folder) -> str:
    with pytest.raises(AssessmentError) as err:
        Company.load(folder)
    assert str(folder / "company.yaml") in str(err.value)
    return err.value.problem


def test_gbk_company_yaml_is_read(tmp_path):
    folder = company(tmp_path, PROFILE.replace("测试公司", "深圳测试商贸有限公司").encode("gbk"))
    assert Company.load(folder).name == "深圳测试商贸有限公司"


def test_undecodable_company_yaml_names_the_encoding_problem(tmp_path):
    folder = company(tmp_path, b"name: \xff\xfe\xff\x80\x80\nscenario: account_transfer\n")
    assert "UTF-8" in load_error(folder)


@pytest.mark.parametrize(
    "line, problem",
    [
        ("scenario: [account_transfer, hr]\n", "'scenario' must be text"),
        ("name: [甲, 乙]\n", "'name' must be text"),
        ("datasets: 12\n", "'datasets' must be a list"),
        ("datasets: [data, [x]]\n", "'datasets' must be a list"),
        ("document: [1, 2]\n", "'document' must be a mapping"),
    ],
)
def test_wrong_types_in_company_yaml_are_named(tmp_path, line, problem):
    key = line.split(":")[0]
    text = "".join(x for x in PROFILE.splitlines(keepends=True) if not x.startswith(key)) + line
    assert problem in load_error(company(tmp_path, text))


def test_number_name_and_string_datasets_are_taken(tmp_path):
    folder = company(tmp_path, "name: 12345\nscenario: account_transfer\ndatasets: data\n")
    loaded = Company.load(folder)
    assert loaded.name == "12345" and loaded.datasets == ["data"]
    assert [p.name for p in loaded.dataset_files()] == ["a.csv"]


@pytest.mark.parametrize(
    "body, problem",
    [
        ("answers: [yes, no]\n", "'answers' must be a mapping"),
        ("answers: {A1: yes}\n", "each answer must be a mapping"),
        ("answers: {}\naudit: {a: 1}\n", "'audit' must be a list"),
    ],
)
def test_wrong_types_in_assessment_yaml_are_named(tmp_path, body, problem):
    path = tmp_path / "assessment.yaml"
    path.write_text(f"format: workbench-assessment/1\nscenario: account_transfer\n{body}", "utf-8")
    with pytest.raises(AssessmentError) as err:
        Assessment.load(path)
    assert str(path) in str(err.value) and problem in err.value.problem


def test_api_refuses_a_string_as_evidence_and_a_dict_as_note():
    a = Assessment(scenario="account_transfer")
    with pytest.raises(TypeError, match="evidence must be a list"):
        a.set("X1", "compliant", evidence="会议纪要")
    with pytest.raises(TypeError, match="note must be text"):
        a.set("X1", "compliant", note={"text": "x"})
    a.set("X1", "compliant", note="已核实", evidence=["会议纪要"])
    assert a.answers["X1"].evidence == ["会议纪要"]


def billion_laughs(levels=9) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def run(code: str, timeout=60) -> subprocess.CompletedProcess:
    """Python in a fresh process, memory capped at 1 GiB: a bomb that expands fails, it cannot swap."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
        env=os.environ.copy(),
    )


@pytest.mark.parametrize("target", ["company.yaml", "assessment.yaml"])
def test_alias_bomb_is_refused_quickly_without_expanding(tmp_path, target):
    folder = company(tmp_path, PROFILE + (billion_laughs() if target == "company.yaml" else ""))
    if target == "assessment.yaml":
        (folder / target).write_text(
            "format: workbench-assessment/1\nscenario: account_transfer\n" + billion_laughs(), "utf-8"
        )
    started = time.monotonic()
    done = run(
        "import sys\nfrom workbench.assessment import Company, AssessmentError\n"
        f"try:\n Company.load({str(folder)!r}).assessment()\n"
        "except AssessmentError as e:\n print(e)\n sys.exit(3)\n"
    )
    assert time.monotonic() - started < 30
    assert done.returncode == 3, done.stderr[-2000:]
    assert str(folder / target) in done.stdout and "alias" in done.stdout


def test_self_referencing_alias_is_refused(tmp_path):
    folder = company(tmp_path, PROFILE + "loop: &x [1, *x]\n")
    assert "alias" in load_error(folder)


def test_a_few_honest_aliases_are_fine(tmp_path):
    folder = company(tmp_path, PROFILE + "document: &d {version: '1.0'}\nextra: *d\n")
    assert Company.load(folder).document == {"version": "1.0"}


def test_oversized_company_yaml_is_refused(tmp_path, monkeypatch):
    folder = company(tmp_path, PROFILE + "notes: " + "x" * 20_000 + "\n")
    monkeypatch.setenv("WORKBENCH_MAX_YAML_KB", "8")
    assert "larger than 8 KiB" in load_error(folder)
    monkeypatch.setenv("WORKBENCH_MAX_YAML_KB", "64")
    assert Company.load(folder).notes.startswith("xxx")


# -- batch: numbers as names, a corrupt state, a full disk ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("state", [b"", b'{"half', b"[1, 2]"])
def test_batch_survives_a_number_as_name_and_a_corrupt_state(tmp_path, state):
    import json
    import shutil

    from workbench.report import run_batch

    from .conftest import SAMPLES

    root = tmp_path / "portfolio"
    shutil.copytree(SAMPLES / "xinyuan_trading", root / "xinyuan_trading")
    profile = root / "xinyuan_trading" / "company.yaml"
    profile.write_text(profile.read_text("utf-8").replace("name: 深圳鑫源商贸有限公司", "name: 12345"), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "batch-state.json").write_bytes(state)  # what a full disk or a kill left
    rows = run_batch(root, out, workers=1, progress=False)
    assert [(r["company"], r["status"]) for r in rows] == [("12345", "ok")], rows
    assert "12345" in (out / "index.html").read_text("utf-8")
    assert json.loads((out / "batch-state.json").read_text("utf-8"))[str(root / "xinyuan_trading")]["fingerprint"]
    assert not list(out.glob(".*.tmp"))


# -- files outside the company folder --------------------------------------------------------------


def outside_company(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.csv").write_text("手机\n13800138000\n", "utf-8")
    (elsewhere / "linked.csv").write_text("手机\n13900139000\n", "utf-8")
    folder = company(
        tmp_path,
        f"name: 测试公司\nscenario: account_transfer\ndatasets: [data, ../elsewhere, {elsewhere / 'secret.csv'}]\n",
    )
    (folder / "data" / "link.csv").symlink_to(elsewhere / "linked.csv")
    return folder, elsewhere


def test_datasets_outside_the_company_folder_are_refused_and_listed(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ALLOW_OUTSIDE", raising=False)
    folder, elsewhere = outside_company(tmp_path)
    loaded = Company.load(folder)
    assert [p.name for p in loaded.dataset_files()] == ["a.csv"]
    assert sorted(p.name for p in loaded.refused_paths()) == ["elsewhere", "link.csv", "secret.csv"]
    allowed = Company.load(folder, allow_outside=True)
    assert {p.name for p in allowed.dataset_files()} == {"a.csv", "link.csv", "linked.csv", "secret.csv"}
    assert allowed.refused_paths() == []


def test_report_context_lists_refused_files_and_scans_none_of_them(tmp_path, monkeypatch):
    from workbench.report.context import build_context

    monkeypatch.delenv("WORKBENCH_ALLOW_OUTSIDE", raising=False)
    folder, _ = outside_company(tmp_path)
    ctx = build_context(folder)
    refused = {f.name: f.error for f in ctx.scan.errors}
    assert set(refused) == {"elsewhere", "link.csv", "secret.csv"}
    assert all("outside the company folder" in e for e in refused.values())
    assert [f.name for f in ctx.scan.files if not f.error] == ["a.csv"]
    assert ctx.scan.rows == 1
    monkeypatch.setenv("WORKBENCH_ALLOW_OUTSIDE", "1")  # what --allow-outside sets
    assert not build_context(folder).scan.errors


def test_relative_sqlite_database_stays_inside(tmp_path):
    folder = company(tmp_path, "name: 测试公司\nscenario: account_transfer\ndatasets: [{url: 'sqlite:///db/crm.db'}]\n")
    (source,) = Company.load(folder).databases()
    assert source.url == f"sqlite:///{(folder / 'db' / 'crm.db').resolve()}"
    assert Company.load(folder).refused_paths() == []


def test_allow_outside_is_an_option_of_report_and_batch():
    from workbench.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["report", "co", "--allow-outside"]).allow_outside
    assert parser.parse_args(["batch", "pf", "--allow-outside"]).allow_outside
    assert not parser.parse_args(["batch", "pf"]).allow_outside


@pytest.mark.slow
def test_batch_with_a_fifo_named_in_datasets_ends_and_names_it(tmp_path):
    import json
    import shutil

    from .conftest import SAMPLES

    root = tmp_path / "portfolio"
    folder = root / "xinyuan_trading"
    shutil.copytree(SAMPLES / "xinyuan_trading", folder)
    os.mkfifo(folder / "pipe.csv")
    profile = folder / "company.yaml"
    profile.write_text(profile.read_text("utf-8").replace("- data\n", "- data\n- pipe.csv\n"), "utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "batch", str(root), "-o", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=400,
        env=os.environ.copy(),
    )
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    (row,) = json.loads((out / "summary.json").read_text("utf-8"))
    assert row["status"] == "ok", row
    html = (out / row["html"]).read_text("utf-8")
    assert "pipe.csv" in html and "not a regular file" in html


# -- the report kernel: killed mid-cell, over its memory cap -----------------------------------------

#: an IPython start-up file for the report kernel: the cover cell writes the kernel's pid and then
#: works for two minutes, long enough to be killed mid-cell (as the OOM killer or a user would)
SLOW_COVER = """
import os, time
def _slow_cover(info):
    if "sections.cover" in (info.raw_cell or ""):
        with open(os.environ["WORKBENCH_TEST_KERNEL_PID"], "w") as fh:
            fh.write(str(os.getpid()))
        time.sleep(120)
get_ipython().events.register("pre_run_cell", _slow_cover)
"""


def report_process(tmp_path, env=None, company="xinyuan_trading") -> subprocess.Popen:
    from .conftest import SAMPLES

    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "report", str(SAMPLES / company), "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_a_report_kernel_killed_mid_cell_ends_the_report_with_its_cause(tmp_path):
    import signal

    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-slow-cover.py").write_text(SLOW_COVER, "utf-8")
    pid_file = tmp_path / "kernel.pid"
    proc = report_process(
        tmp_path, {"IPYTHONDIR": str(tmp_path / "ipython"), "WORKBENCH_TEST_KERNEL_PID": str(pid_file)}
    )
    try:
        deadline = time.monotonic() + 180
        while not (pid_file.is_file() and pid_file.read_text()) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.2)
        kernel = int(pid_file.read_text())
        os.kill(kernel, signal.SIGKILL)
        killed = time.monotonic()
        _, err = proc.communicate(timeout=60)  # it hung here forever before
    finally:
        proc.kill()
    assert time.monotonic() - killed < 30
    assert proc.returncode == 1, err[-2000:]
    assert "Traceback" not in err
    assert "xinyuan_trading (深圳鑫源商贸有限公司): report kernel died (killed by signal 9 (SIGKILL)" in err
    assert "报告内核意外退出" in err and "WORKBENCH_REPORT_MEMORY_MB" in err
    assert (tmp_path / "out" / "notebooks" / "xinyuan_trading.ipynb").is_file()  # what ran, kept


@pytest.mark.slow
def test_a_report_kernel_that_does_not_start_in_time_is_named(tmp_path):
    """A kernel slower to start than allowed (a loaded machine): said, with the setting to raise."""
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-slow-start.py").write_text("import time\ntime.sleep(30)\n", "utf-8")
    env = {"IPYTHONDIR": str(tmp_path / "ipython"), "WORKBENCH_KERNEL_START_TIMEOUT": "3"}
    started = time.monotonic()
    proc = report_process(tmp_path, env)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 1, err[-2000:]
    assert time.monotonic() - started < 45  # stopped at the 3 s limit, not after the kernel's 30 s sleep
    assert "Traceback" not in err
    assert "xinyuan_trading (深圳鑫源商贸有限公司): report kernel did not start within 3 s" in err
    assert "报告内核未在 3 秒内启动" in err and "WORKBENCH_KERNEL_START_TIMEOUT" in err


@pytest.mark.slow
@pytest.mark.parametrize("mib", [300, 900])
def test_a_report_kernel_over_its_memory_cap_is_named(tmp_path, mib):
    """300 MiB: the kernel cannot start; 900 MiB: it starts but cannot load the report's libraries."""
    proc = report_process(tmp_path, {"WORKBENCH_REPORT_MEMORY_MB": str(mib)})
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err[-2000:]
    assert "Traceback" not in err
    assert "(深圳鑫源商贸有限公司): report kernel" in err
    assert f"limit {mib} MiB, raise $WORKBENCH_REPORT_MEMORY_MB" in err and f"上限 {mib} MiB" in err


def test_the_report_kernel_starts_under_the_memory_cap(monkeypatch):
    from workbench.report.kernels import MEMORY_MB, IpcKernelManager, memory_limit_mb

    manager = IpcKernelManager(kernel_name="python3")
    monkeypatch.delenv("WORKBENCH_REPORT_MEMORY_MB", raising=False)
    assert memory_limit_mb() == MEMORY_MB
    cmd = manager.format_kernel_cmd()
    assert cmd[0] == sys.executable and cmd[1].endswith("memcap.py") and cmd[2:4] == [str(MEMORY_MB), "--"]
    assert "ipykernel_launcher" in cmd
    monkeypatch.setenv("WORKBENCH_REPORT_MEMORY_MB", "0")  # 0: no cap
    assert not any(part.endswith("memcap.py") for part in manager.format_kernel_cmd())


def test_memcap_caps_what_it_runs():
    from workbench.report import memcap

    done = subprocess.run(
        [
            sys.executable,
            memcap.__file__,
            "200",
            "--",
            sys.executable,
            "-c",
            "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0] >> 20)\n"
            "try:\n bytearray(400 << 20)\nexcept MemoryError:\n print('MemoryError')\n",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["200", "MemoryError"], done.stderr


# -- a batch killed midway: no orphans, and the folder says the run is incomplete --------------------


@pytest.mark.slow
def test_a_batch_killed_midway_leaves_no_workers_and_a_flagged_index(tmp_path):
    import shutil
    import signal

    import psutil

    from workbench.report.batch import RUNNING_FILE, unfinished_batch

    from .conftest import SAMPLES

    root, out = tmp_path / "portfolio", tmp_path / "out"
    shutil.copytree(SAMPLES / "xinyuan_trading", root / "xinyuan_trading")
    batch = [sys.executable, "-m", "workbench.cli", "batch", str(root), "-o", str(out), "--workers", "2"]
    first = subprocess.run(batch, capture_output=True, text=True, timeout=400, env=os.environ.copy())
    assert first.returncode == 0, first.stderr[-2000:]
    assert not (out / RUNNING_FILE).exists()
    for name in ("hanghai_shipping", "huakang_home_services"):
        shutil.copytree(SAMPLES / name, root / name)

    proc = subprocess.Popen(batch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    try:
        deadline, family = time.monotonic() + 300, []
        while time.monotonic() < deadline:  # kill it while a worker's report kernel runs
            family = psutil.Process(proc.pid).children(recursive=True)
            if any("ipykernel" in " ".join(_cmdline(p)) for p in family):
                break
            assert proc.poll() is None, "the batch ended before it could be killed"
            time.sleep(0.1)
        else:
            pytest.fail("no report kernel started within 300 s")
        workers = [p for p in family if p.ppid() == proc.pid]
        assert len(workers) >= 2, [(p.pid, _cmdline(p)) for p in family]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        gone, alive = psutil.wait_procs(family, timeout=15)
        assert not [p for p in alive if _alive(p)], [(p.pid, _cmdline(p)) for p in alive]
    finally:
        proc.kill()
    marker = unfinished_batch(out)
    assert marker and marker["pid"] == proc.pid and not marker["running"] and marker["companies"] == 2
    index = (out / "index.html").read_text("utf-8")
    assert "尚未完成" in index and marker["started_at"] in index  # the notice, at the top
    assert "深圳鑫源商贸有限公司" in index  # the previous run's rows kept
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.tmp"))


def _cmdline(process) -> list[str]:
    import psutil

    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _alive(process) -> bool:
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


# -- every artifact written atomically ----------------------------------------------------------------

FULL_DISK_WRITERS = {
    "summary.json": "from workbench.report.batch import write_artifact\nwrite_artifact(target, 'x' * 200_000)\n",
    "scan.json": "from workbench.pii.result import FileInfo, ScanResult\n"
    "ScanResult([FileInfo('x' * 200_000, 'x.csv', 0, '')], [], {}, 0, 0.0, 'now').save(target)\n",
    "summary.csv": "from workbench.io.export import write_csv\n"
    "write_csv(target, [{'company': 'x' * 200_000}], ['company'])\n",
    "co.summary.json": "from workbench.report.context import ReportContext\n"
    "class Big(ReportContext):\n def summary(self): return {'company': 'x' * 200_000}\n"
    "Big(*[None] * 10).save_summary(target)\n",
}


@pytest.mark.parametrize("artifact", sorted(FULL_DISK_WRITERS))
def test_full_disk_is_named_and_the_previous_file_kept(tmp_path, artifact):
    """A 64 KiB tmpfs in a private mount namespace stands for the full disk (needs root / userns):
    batch artifacts, scan.json, summary.csv and the kernel's summary."""
    mount = tmp_path / "small"
    mount.mkdir()
    code = (
        "import sys\nfrom pathlib import Path\nfrom workbench.atomic import WriteError\n"
        "from workbench.report import ReportError\n"
        f"target = Path({str(mount / artifact)!r})\n"
        "target.write_text('previous', 'utf-8')\n"
        "try:\n"
        + "".join(f" {line}\n" for line in FULL_DISK_WRITERS[artifact].splitlines())
        + "except (WriteError, ReportError) as e:\n print(e)\n"
        "print('kept:', target.read_text('utf-8'), sorted(p.name for p in target.parent.iterdir()))\n"
    )
    done = run_on_small_disk(mount, code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"disk full while writing {mount / artifact} / 写入时磁盘已满" in done.stdout
    assert f"kept: previous ['{artifact}']" in done.stdout


@pytest.mark.slow
def test_scan_outputs_appear_whole_or_not_at_all(tmp_path):
    """S.jsonl streams into a hidden temporary and is renamed at the end; a scan that stops on a
    usage error leaves no S.jsonl, C.jsonl or scan.json, and no temporary."""
    data = tmp_path / "a.csv"
    data.write_text("手机\n13800138000\n", "utf-8")
    spans, columns, scan = tmp_path / "S.jsonl", tmp_path / "C.jsonl", tmp_path / "scan.json"
    out = ["--spans-out", str(spans), "--columns-out", str(columns), "--json-out", str(scan), "--quiet"]
    cli = [sys.executable, "-m", "workbench.cli", "scan"]
    bad = subprocess.run(cli + [str(tmp_path / "missing.csv")] + out, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and not [p.name for p in tmp_path.iterdir() if p.name != "a.csv"]
    good = subprocess.run(cli + [str(data)] + out, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C.jsonl", "S.jsonl", "a.csv", "scan.json"]
    assert '"CN_MOBILE_PHONE"' in spans.read_text("utf-8") and "13800138000" not in spans.read_text("utf-8")


def test_no_artifact_is_written_with_a_plain_write():
    """Every writer goes through workbench.atomic (the one place that opens files for writing)."""
    import re
    from pathlib import Path

    import workbench

    plain = re.compile(r"\.write_(text|bytes)\(|open\([^)]*[\"'][wa]b?[\"']")
    # S.jsonl streams into a hidden temporary, renamed when complete; the kernel's log is a log
    allowed = {("cli.py", "open(spans_tmp"), ("kernels.py", "open(self.log_path")}
    found = [
        f"{p.name}: {line.strip()}"
        for p in Path(workbench.__file__).parent.rglob("*.py")
        if p.name != "atomic.py"
        for line in p.read_text("utf-8").splitlines()
        if plain.search(line) and not any(p.name == f and s in line for f, s in allowed)
    ]
    assert found == []


# -- the portfolio list: company.yaml's limits -------------------------------------------------------


@pytest.mark.parametrize(
    "text, problem",
    [
        ("companies:\n- a\n" + billion_laughs(), "alias"),
        ("companies: !!python/object/apply:os.system [echo hi]\n", "corrupt file"),
        ("companies: a\n", "'companies' must be a list of company folders"),
        ("companies:\n- {dir: a}\n", "'companies' must be a list of company folders"),
        ("companies: []\n", "the list of companies is empty"),
    ],
)
def test_portfolio_yaml_is_read_with_the_company_yaml_limits(tmp_path, text, problem):
    from workbench.report import ReportError
    from workbench.report.batch import portfolio_companies

    path = tmp_path / "portfolio.yaml"
    path.write_text(text, "utf-8")
    started = time.monotonic()
    with pytest.raises(ReportError) as err:
        portfolio_companies(path)
    assert time.monotonic() - started < 5
    assert str(path) in str(err.value) and problem in str(err.value)


def test_oversized_portfolio_lists_are_refused(tmp_path, monkeypatch):
    from workbench.report import ReportError
    from workbench.report.batch import portfolio_companies

    monkeypatch.setenv("WORKBENCH_MAX_YAML_KB", "1")
    for name, text in (("p.yaml", "companies:\n" + "- a\n" * 1000), ("p.csv", "company_dir\n" + "a\n" * 1000)):
        (tmp_path / name).write_text(text, "utf-8")
        with pytest.raises(ReportError, match="larger than 1 KiB"):
            portfolio_companies(tmp_path / name)
    monkeypatch.setenv("WORKBENCH_MAX_YAML_KB", "64")
    assert len(portfolio_companies(tmp_path / "p.yaml")) == len(portfolio_companies(tmp_path / "p.csv")) == 1000


def test_portfolio_csv_without_the_column_is_named(tmp_path):
    from workbench.report import ReportError
    from workbench.report.batch import portfolio_companies

    (tmp_path / "p.csv").write_text("公司\n甲\n", "utf-8")
    with pytest.raises(ReportError, match="no 'company_dir' column"):
        portfolio_companies(tmp_path / "p.csv")


# -- identifiers in names and in partly masked cells never reach an artifact ---------------------------

RAW_IDS = ("110101199003072009", "13857808700", "13856221234", "13700001111", "13912345678")


def named_by_identifiers(tmp_path):
    """A company whose file is named by a resident ID, whose sheet is named by a mobile, with a
    header holding a mobile and a column of cells masked in part only."""
    import openpyxl

    folder = company(tmp_path, "name: 测试公司\nscenario: account_transfer\ndatasets: [data]\n")
    (folder / "data" / "a.csv").unlink()
    (folder / "data" / "110101199003072009_王五.csv").write_text(
        "城市,联系方式,备注13700001111\n"
        "上海,w***@163.com 手机13856221234 身份证110101199003072009,无\n"
        "北京,l***@qq.com 手机13912345678,无\n"
        "广州,z***@126.com,无\n",
        "utf-8",
    )
    book = openpyxl.Workbook()
    book.active.title = "13857808700"
    book.active.append(["城市"])
    book.active.append(["上海"])
    book.save(folder / "data" / "客户.xlsx")
    return folder


def test_identifiers_in_names_and_partly_masked_cells_are_masked_in_scan_outputs(tmp_path):
    folder = named_by_identifiers(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench.cli",
            "scan",
            str(folder / "data"),
            "--quiet",
            "--spans-out",
            str(out / "S.jsonl"),
            "--columns-out",
            str(out / "C.jsonl"),
            "--json-out",
            str(out / "scan.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for artifact in out.iterdir():
        text = artifact.read_text("utf-8")
        assert not [raw for raw in RAW_IDS if raw in text], artifact.name
    import json

    columns = {c["column"]: c for c in map(json.loads, (out / "C.jsonl").read_text("utf-8").splitlines())}
    # the ID and the person's name in the file name are both masked
    assert {c["file"] for c in columns.values()} == {"1101**********2009_王*.csv", "客户.xlsx"}
    assert "备注137****1111" in columns
    assert columns["联系方式"]["masked"] and columns["联系方式"]["masked_examples"][:2] == [
        "w***@163.com 手机138****1234 身份证1101**********2009",
        "l***@qq.com 手机139****5678",
    ]
    assert [
        t["sheet"]
        for f in json.loads((out / "scan.json").read_text("utf-8"))["files"]
        for t in f["tables"]
        if t["sheet"]
    ] == ["138****8700"]


@pytest.mark.slow
def test_identifiers_in_names_reach_no_report_artifact(tmp_path):
    from workbench.report import render_report

    folder = named_by_identifiers(tmp_path)
    html = render_report(folder, tmp_path / "out")
    artifacts = [html, *sorted((tmp_path / "out").rglob("*.json")), *sorted((tmp_path / "out").rglob("*.ipynb"))]
    assert {p.suffix for p in artifacts} == {".html", ".json", ".ipynb"}
    for artifact in artifacts:
        text = artifact.read_text("utf-8")
        assert not [raw for raw in RAW_IDS if raw in text], artifact.name
    assert "1101**********2009_王*.csv" in html.read_text("utf-8") and "王五" not in html.read_text("utf-8")


# -- a batch with failing companies: each row names the folder, the file and the problem ------------

#: an IPython start-up file: the kernel of the company folder named "kernel_dies" exits mid-report
KERNEL_DIES = """
import os
def _die(info):
    if "sections.cover" in (info.raw_cell or "") and "kernel_dies" in str(get_ipython().user_ns.get("company_dir")):
        os._exit(3)
get_ipython().events.register("pre_run_cell", _die)
"""


@pytest.mark.slow
def test_batch_rows_of_failing_companies_name_folder_file_and_problem(tmp_path):
    import html as html_lib
    import json
    import shutil

    from .conftest import SAMPLES

    root, out = tmp_path / "portfolio", tmp_path / "out"
    for name, sample in (
        ("damaged_parquet", "xinyuan_trading"),
        ("bad_answers", "dongyue_machinery"),
        ("kernel_dies", "hanghai_shipping"),
        ("fine", "qinghe_dental"),
    ):
        shutil.copytree(SAMPLES / sample, root / name)
    parquet = root / "damaged_parquet" / "data" / "orders.parquet"
    damaged = bytearray(parquet.read_bytes())
    damaged[len(damaged) // 4 : len(damaged) // 2] = bytes(
        (b * 7 + 13) % 256 for b in damaged[len(damaged) // 4 : len(damaged) // 2]
    )
    parquet.write_bytes(bytes(damaged))
    (root / "bad_answers" / "assessment.yaml").write_text("answers: {P01.1: [unclosed\n", "utf-8")
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-die.py").write_text(KERNEL_DIES, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "batch", str(root), "-o", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
    rows = {Path(r["company_dir"]).name: r for r in json.loads((out / "summary.json").read_text("utf-8"))}
    assert {k: r["status"] for k, r in rows.items()} == {
        "damaged_parquet": "ok",
        "bad_answers": "failed",
        "kernel_dies": "failed",
        "fine": "ok",
    }
    # a damaged dataset does not sink the company: its report names the file and the problem
    report = (out / rows["damaged_parquet"]["html"]).read_text("utf-8")
    assert "orders.parquet" in report and "damaged" in report
    # a broken answers file: the row names the file and the parser's problem
    assert str(root / "bad_answers" / "assessment.yaml") in rows["bad_answers"]["error"]
    assert "corrupt file" in rows["bad_answers"]["error"]
    # a kernel that died: folder, company, how it ended, and the notebook kept and linked
    dies = rows["kernel_dies"]
    assert str(root / "kernel_dies") in dies["error"] and "report kernel died (exit code 3" in dies["error"]
    assert (out / dies["notebook"]).is_file()
    index = html_lib.unescape((out / "index.html").read_text("utf-8"))
    for row in (rows["bad_answers"], dies):
        assert row["error"] in index
    assert f'href="{dies["notebook"]}"' in index and "尚未完成" not in index
    for name in ("bad_answers", "kernel_dies"):
        assert f"error: {root / name}" in done.stderr


# -- what decides a re-render: the code and SQLite databases too ---------------------------------------


@pytest.mark.parametrize("query", ["", "?mode=ro"])
def test_fingerprint_follows_sqlite_databases(tmp_path, query):
    """(also when the URL carries options: they are no part of the file's name)"""
    import shutil
    import sqlite3

    from workbench.report.batch import code_fingerprint, input_fingerprint

    from .conftest import SAMPLES

    folder = tmp_path / "qinghe_dental"
    shutil.copytree(SAMPLES / "qinghe_dental", folder)
    profile = folder / "company.yaml"
    profile.write_text(
        profile.read_text("utf-8").replace("sqlite:///data/clinic.sqlite", f"sqlite:///data/clinic.sqlite{query}"),
        "utf-8",
    )
    code = code_fingerprint()
    before = input_fingerprint(folder, "zh", code=code)
    assert input_fingerprint(folder, "zh", code=code) == before
    with sqlite3.connect(folder / "data" / "clinic.sqlite") as db:
        table = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchone()[0]
        db.execute(f'DELETE FROM "{table}" WHERE rowid = (SELECT min(rowid) FROM "{table}")')
    assert input_fingerprint(folder, "zh", code=code) != before


def test_fingerprint_follows_the_code(tmp_path):
    """A copy of the package (with its templates and notebook beside it, as in a checkout): a
    one-line change in the scan code changes the fingerprint, an unchanged copy does not."""
    import shutil

    import workbench

    source = Path(workbench.__file__).resolve().parent
    for name in ("templates", "notebooks"):
        shutil.copytree(source.parent / name, tmp_path / name)
    shutil.copytree(source, tmp_path / "workbench", ignore=shutil.ignore_patterns("__pycache__", "bundled"))

    def fingerprint() -> str:
        return subprocess.run(
            [sys.executable, "-c", "from workbench.report.batch import code_fingerprint\nprint(code_fingerprint())"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
            cwd=tmp_path,
        ).stdout.strip()

    first = fingerprint()
    assert len(first) == 64 and fingerprint() == first
    with open(tmp_path / "workbench" / "pii" / "scan.py", "a", encoding="utf-8") as fh:
        fh.write("# a fix\n")
    assert fingerprint() != first


def test_attachment_named_by_an_identifier_is_masked(tmp_path):
    """An e-mail whose attachments are named by a resident ID and a mobile: the parts, warnings
    and span locations written out mask them."""
    import json
    from email.message import EmailMessage

    from workbench.pii import scan_paths

    message = EmailMessage()
    message["Subject"] = "资料"
    message.set_content("客户资料见附件。")
    message.add_attachment(b"PK\x03\x04", maintype="application", subtype="zip", filename="110101199003072009.zip")
    message.add_attachment(
        "联系人 手机 13912345678\n".encode("utf-8"), maintype="text", subtype="plain", filename="13857808700.txt"
    )
    (tmp_path / "mail.eml").write_bytes(bytes(message))
    spans = []
    result = scan_paths([tmp_path / "mail.eml"], on_span=spans.append)
    text = json.dumps(result.to_dict(), ensure_ascii=False) + json.dumps(spans, ensure_ascii=False)
    assert not [raw for raw in RAW_IDS if raw in text]
    assert "1101**********2009.zip" in text


def test_a_second_batch_into_a_folder_in_use_is_refused(tmp_path):
    """A batch still running into the folder (its marker names a live process): a second one
    is refused with the process named, and touches nothing; a dead process's marker is no bar."""
    import json

    from workbench.report import ReportError
    from workbench.report.batch import RUNNING_FILE, run_batch

    from .conftest import SAMPLES

    out = tmp_path / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / RUNNING_FILE).write_text(
            json.dumps({"pid": sleeper.pid, "started_at": "2026-11-23T10:00:00", "companies": 1}), "utf-8"
        )
        with pytest.raises(ReportError, match=rf"another batch \(process {sleeper.pid}.*另一个批处理"):
            run_batch(SAMPLES / "xinyuan_trading" / "..", out, progress=False)
        assert sorted(p.name for p in out.iterdir()) == [RUNNING_FILE]
    finally:
        sleeper.kill()
        sleeper.wait()
    from workbench.report.batch import _refuse_if_running

    _refuse_if_running(out)  # the process is gone: an interrupted batch, which a new run replaces
