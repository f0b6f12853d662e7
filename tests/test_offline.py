"""No network, ever: the analyzer factory and a scan run with sockets blocked."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path


GUARD = '''
import os, socket
def _refuse(*args, **kwargs):
    with open(os.environ["WORKBENCH_NET_LOG"], "a") as fh:
        fh.write(f"{os.getpid()} {args!r}\\n")
    raise OSError("network access blocked by test guard")
socket.getaddrinfo = socket.gethostbyname = socket.create_connection = _refuse
_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse(address)
    return _connect(self, address)
socket.socket.connect = connect
'''


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
        result = scan_paths([r"{samples / 'xinyuan_trading'}"])
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


def test_batch_of_reports_in_a_network_namespace(tmp_path, samples):
    """Reports and batches: no interface at all (``unshare -n``), and a guard in every Python
    process (the kernels included) that logs any name lookup or internet connection."""
    if not shutil.which("unshare") or os.geteuid() != 0:
        import pytest
        pytest.skip("needs root and unshare to create a network namespace")
    env, log = guarded_env(tmp_path)
    portfolio = tmp_path / "portfolio"
    for name in ("dongyue_machinery", "huakang_home_services"):
        shutil.copytree(samples / name, portfolio / name)
    done = subprocess.run(["unshare", "-n", sys.executable, "-m", "workbench.cli", "batch", str(portfolio),
                           "-o", str(tmp_path / "out"), "--workers", "2"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out" / "huakang_home_services.html").is_file()
    assert not log.exists(), log.read_text()
