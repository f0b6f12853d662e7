"""Where the report templates, checklists and notebooks are, in a checkout or an install.

In a checkout they sit at the top of the repository (``templates/``, ``notebooks/``); a
built wheel carries copies under ``workbench/bundled/`` (``setup.py`` puts them there), so
an installed ``workbench report`` works outside the checkout.
"""
from __future__ import annotations

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
    raise FileNotFoundError(f"the workbench's {name}/ folder is missing (looked in {bundled} and {checkout}); "
                            "reinstall the package")
