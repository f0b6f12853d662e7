"""Shared fixtures: paths and the evaluation set when present."""

from __future__ import annotations

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
