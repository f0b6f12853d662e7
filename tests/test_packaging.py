"""The package installs and runs on its own: declared dependencies, a wheel that carries its data.

`pip install .` without the lock must give a working `workbench scan` and `workbench report`
outside the checkout; the static test catches an undeclared import before the wheel test does.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0] for spec in project["dependencies"]}
    return {_normal(n) for n in names}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, str]:
    """Top-level module → first file importing it, for every absolute import in the package."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_a_declared_dependency():
    declared = _declared() | {"dask"}  # `distributed` arrives through the dask[distributed] extra
    providers = metadata.packages_distributions()
    undeclared = []
    for module, where in _imported_modules().items():
        if module in sys.stdlib_module_names or module in ("workbench", "__future__"):
            continue
        dists = {_normal(d) for d in providers.get(module, [])}
        assert dists, f"{module} (imported in {where}) is not installed, so no distribution provides it"
        if module == "distributed" or dists & declared:
            continue
        undeclared.append(f"{module} ({where}; from {', '.join(sorted(dists))})")
    assert not undeclared, "imports without a declared dependency in pyproject.toml: " + "; ".join(undeclared)


@pytest.mark.slow
def test_wheel_installs_without_the_lock_and_runs_scan_and_report(tmp_path, samples):
    """Build the wheel, install it alone into a fresh venv, run scan and report outside the checkout."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("workbench-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for needed in (
        "workbench/bundled/notebooks/report.ipynb",
        "workbench/bundled/templates/report/report.css",
        "workbench/checklists/citations.yaml",
    ):
        assert needed in names, f"the wheel lacks {needed}"
    assert any(n.startswith("workbench/bundled/templates/checklists/") for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python, cli = venv / "bin" / "python", venv / "bin" / "workbench"
    # without PYTHONPATH for pip too: a checkout on it (and the workbench.egg-info the wheel
    # build leaves there) reads as "already installed" and pip would install nothing
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, env=env, timeout=1200
    )
    assert install.returncode == 0, install.stderr[-3000:]

    company = tmp_path / "company"
    shutil.copytree(samples / "hanghai_shipping", company)
    where = subprocess.run(
        [str(python), "-c", "import workbench; print(workbench.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert str(venv) in where.stdout, f"workbench imported from {where.stdout!r}, not the fresh venv"

    scan = subprocess.run(
        [str(cli), "scan", str(company / "data"), "--columns-out", str(tmp_path / "c.jsonl")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert scan.returncode == 0, scan.stderr[-3000:]
    entities = {json.loads(line)["entity"] for line in (tmp_path / "c.jsonl").read_text("utf-8").splitlines()}
    assert {"CN_MOBILE_PHONE", "CN_ADDRESS"} <= entities, entities

    report = subprocess.run(
        [str(cli), "report", str(company), "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=900,
    )
    assert report.returncode == 0, report.stdout[-2000:] + report.stderr[-3000:]
    html = next((tmp_path / "out").glob("*.html")).read_text("utf-8")
    assert "<html" in html.lower() and len(html) > 20_000
