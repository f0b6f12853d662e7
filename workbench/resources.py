"""Where the report templates, checklists and notebooks are, in a checkout or an install.

In a checkout they sit at the top of the repository (``templates/``, ``notebooks/``); a
built wheel carries copies under ``workbench/bundled/`` (``setup.py`` puts them there), so
an installed ``workbench report`` works outside the checkout.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The ``templates`` or ``notebooks`` folder the package should use."""
    bundled = _PACKAGE / "bundled" / name
    if bundled.is_dir():
        return bundled
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"the workbench's {name}/ folder is missing (looked in {bundled} and {checkout}); reinstall the package"
    )


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the code and resources that make a scan and a report: every file of the
    installed ``workbench`` package, the report templates and the notebook.  A fix re-renders
    a report (batch) and retires a kept scan even when ``__version__`` was not raised.
    (Computed once a process: about 4 ms.)"""
    digest = hashlib.sha256()
    for root in dict.fromkeys((_PACKAGE, resource_dir("templates"), resource_dir("notebooks"))):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
