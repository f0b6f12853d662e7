"""No network, ever: the analyzer factory and a scan run with sockets blocked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


GUARD = """
import ipaddress, os, socket
def _refuse(*args, **kwargs):
    with open(os.environ["WORKBENCH_NET_LOG"], "a") as fh:
        fh.write(f"{os.getpid()} {args!r}\\n")
    raise OSError("network access blocked by test guard")
_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    # a numeric address or a wildcard bind is no name look-up
    if host not in (None, ""):
        try:
            ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host)
        except ValueError:
            _refuse(host, *args)
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = socket.create_connection = _refuse
_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse(address)
    return _connect(self, address)
socket.socket.connect = connect
"""


def guarded_env(tmp_path: Path) -> tuple[dict, Path]:
    """Environment whose Python processes (kernels included) load the guard; and its log."""
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD, "utf-8")
    log = tmp_path / "net.log"
    # the guard first, then any PYTHONPATH already set (a worktree under test stays the code run)
    path = os.pathsep.join(filter(None, [str(tmp_path / "guard"), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, WORKBENCH_NET_LOG=str(log)), log


def test_factory_and_scan_in_a_fresh_process_with_sockets_blocked(tmp_path, samples):
    # a fresh interpreter, so nothing was imported or cached before the guard went up
    code = textwrap.dedent(f"""
        from workbench.pii import analyzer, scan_paths
        engine = analyzer()
        found = engine.analyze("邮箱 test@example.com 手机13812345678", language="zh")
        assert {{r.entity_type for r in found}} == {{"EMAIL_ADDRESS", "CN_MOBILE_PHONE"}}, found
        result = scan_paths([r"{samples / "xinyuan_trading"}"])
        assert result.rows > 0
        print("OK", result.rows)
    """)
    env, log = guarded_env(tmp_path)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not log.exists(), log.read_text()
    assert done.stdout.startswith("OK")


def test_blank_pipelines_need_no_model():
    from workbench.pii.factory import BlankSpacyNlpEngine

    engine = BlankSpacyNlpEngine()
    engine.load()
    artifacts = engine.process_text("客户王坤", "zh")
    assert len(artifacts.tokens) > 0
    assert set(engine.get_supported_languages()) == {"zh", "en"}


def _two_company_batch(tmp_path: Path, samples: Path, engine: str) -> list[str]:
    """The command of a batch over two sample companies copied into ``tmp_path``, reports to ``out``."""
    portfolio = tmp_path / "portfolio"
    for name in ("dongyue_machinery", "huakang_home_services"):
        shutil.copytree(samples / name, portfolio / name)
    out = str(tmp_path / "out")
    return [
        sys.executable,
        "-m",
        "workbench.cli",
        "batch",
        str(portfolio),
        "-o",
        out,
        "--workers",
        "2",
        "--engine",
        engine,
    ]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_batch_of_reports_in_a_network_namespace(tmp_path, samples, engine):
    """Reports and batches: no interface at all (``unshare -n``, loopback down too), and a guard
    in every Python process (the kernels included) that logs any name lookup or internet
    connection.  A local Dask cluster falls back to in-process workers there."""
    if not shutil.which("unshare") or os.geteuid() != 0:
        pytest.skip("needs root and unshare to create a network namespace")
    env, log = guarded_env(tmp_path)
    done = subprocess.run(
        [
            "unshare",
            "-n",
            *_two_company_batch(tmp_path, samples, engine),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out" / "huakang_home_services.html").is_file()
    assert not log.exists(), log.read_text()


def _traced_batch(tmp_path: Path, samples: Path, engine: str, extra_env: dict | None = None):
    """Run a two-company batch under strace (every process, native threads included) with a
    private home; return the traced network calls and the files written under that home."""
    if not shutil.which("strace"):
        pytest.skip("strace is not installed (scripts/system-deps.sh installs it)")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), **(extra_env or {}))
    trace = tmp_path / "trace.log"
    done = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "--seccomp-bpf",
            "-e",
            "trace=connect,sendto,sendmsg",
            "-o",
            str(trace),
            *_two_company_batch(tmp_path, samples, engine),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out" / "huakang_home_services.html").is_file()
    calls = [
        line
        for line in trace.read_text().splitlines()
        if "AF_INET" in line and "127.0.0.1" not in line and "::1" not in line
    ]
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    return calls, written


def test_batch_makes_no_lookup_and_no_telemetry_at_the_system_call_level(tmp_path, samples):
    """A Python-level guard cannot see native threads (ONNX Runtime's telemetry resolved its
    collector from C++): strace sees every process's connect/sendto, DNS queries to a
    resolver included (the name-service cache socket is not counted: it also answers user
    look-ups, and a host look-up without it goes to the resolver over AF_INET), and a
    private home shows what libraries would have written about the machine."""
    calls, written = _traced_batch(tmp_path, samples, "local")
    assert not calls, "network calls: " + "\n".join(calls[:20])
    assert not [w for w in written if "Microsoft" in w or "onnxruntime" in w], written


def test_dask_batch_talks_only_to_loopback(tmp_path, samples):
    calls, written = _traced_batch(tmp_path, samples, "dask")
    assert not calls, "network calls: " + "\n".join(calls[:20])
    assert not [w for w in written if "Microsoft" in w or "onnxruntime" in w], written
