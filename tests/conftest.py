"""Shared fixtures: paths, the evaluation set when present, a network guard."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def dev_tables() -> Path:
    if not (DEV / "tables").is_dir():
        pytest.skip("../shared/eval/dev is not available")
    return DEV / "tables"


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test on any attempt to resolve a name or open an internet connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkAttempt(f"network access attempted: {args!r}")

    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield attempts
    assert not attempts, f"network attempts: {attempts}"
