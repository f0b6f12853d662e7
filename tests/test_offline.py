"""No network, ever: the analyzer factory and a scan run with sockets blocked."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def test_factory_and_scan_in_a_fresh_process_with_sockets_blocked(samples):
    # a fresh interpreter, so nothing was imported or cached before the guard went up
    code = textwrap.dedent(f"""
        import socket
        def refuse(*a, **k):
            raise SystemExit(f"NETWORK ATTEMPT {{a!r}}")
        socket.getaddrinfo = refuse
        socket.gethostbyname = refuse
        socket.create_connection = refuse
        real = socket.socket.connect
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                refuse(address)
            return real(self, address)
        socket.socket.connect = connect
        from workbench.pii import analyzer, scan_paths
        engine = analyzer()
        found = engine.analyze("邮箱 test@example.com 手机13812345678", language="zh")
        assert {{r.entity_type for r in found}} == {{"EMAIL_ADDRESS", "CN_MOBILE_PHONE"}}, found
        result = scan_paths([r"{samples / 'xinyuan_trading'}"])
        assert result.rows > 0
        print("OK", result.rows)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "NETWORK ATTEMPT" not in done.stdout + done.stderr
    assert done.stdout.startswith("OK")


def test_blank_pipelines_need_no_model():
    from workbench.pii.factory import BlankSpacyNlpEngine
    engine = BlankSpacyNlpEngine()
    engine.load()
    artifacts = engine.process_text("客户王坤", "zh")
    assert len(artifacts.tokens) > 0
    assert set(engine.get_supported_languages()) == {"zh", "en"}
