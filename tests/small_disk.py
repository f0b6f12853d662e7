"""A full disk for tests: Python code run with a 64 KiB tmpfs mounted at a folder, in a
private mount namespace (needs root or user namespaces; the test is skipped without)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: printed by the shell once the tmpfs is mounted, before the code runs
_MOUNTED = "small-disk-mounted"


def run_on_small_disk(mount: Path, code: str, timeout: int = 60) -> subprocess.CompletedProcess:
    """Run ``code`` (``python -c``) with a 64 KiB tmpfs at ``mount`` (an existing folder)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare(1) is not installed")
    done = subprocess.run(
        [
            unshare,
            "-m",
            "sh",
            "-c",
            f'mount -t tmpfs -o size=64k none "{mount}" && echo {_MOUNTED} >&2 && exec "{sys.executable}" -c "$0"',
            code,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )
    if _MOUNTED not in done.stderr:
        pytest.skip(f"cannot mount a small tmpfs here (needs root or user namespaces): {done.stderr.strip()[:200]}")
    return done
