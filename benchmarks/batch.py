"""Portfolio rendering: ``workbench batch`` vs the loop a user would write, same run.

The naive loop runs, per company, ``papermill`` on the report notebook and then
``jupyter nbconvert --to html --no-input``, one company after another.  Both render the
same 20 companies (the four samples, five times each, in a temporary portfolio); the
script prints both times, the ratio, and checks that the reports carry the same
content (the same score, level and inventory rows).  Usage:

    python benchmarks/batch.py [N_COMPANIES]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def make_portfolio(target: Path, n: int) -> list[Path]:
    samples = sorted(p for p in (ROOT / "data" / "samples").iterdir() if (p / "company.yaml").is_file())
    folders = []
    for i in range(n):
        folder = target / f"{samples[i % len(samples)].name}_{i:02d}"
        shutil.copytree(samples[i % len(samples)], folder)
        folders.append(folder)
    return folders


def key_content(html: str) -> tuple:
    score = re.search(r'data-key="score">([\d.]+)<', html).group(1)
    rows = re.search(r'data-key="rows">([\d,]+)<', html).group(1)
    inventory = len(re.findall(r"<tr>", html))
    return score, rows, inventory


def naive(folders: list[Path], out: Path) -> float:
    out.mkdir()
    started = time.perf_counter()
    for folder in folders:
        executed = out / f"{folder.name}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(ROOT / "notebooks" / "report.ipynb"),
                str(executed),
                "-p",
                "company_dir",
                str(folder),
                "--cwd",
                str(folder),
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def batch(portfolio: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "workbench"), "batch", str(portfolio), "--output", str(out)], check=True, capture_output=True
    )
    return time.perf_counter() - started


def main(n: int) -> None:
    work = Path(tempfile.mkdtemp())
    folders = make_portfolio(work / "portfolio", n)
    t_batch = batch(work / "portfolio", work / "batch")
    t_naive = naive(folders, work / "naive")
    same = all(
        key_content((work / "batch" / f"{f.name}.html").read_text("utf-8"))
        == key_content((work / "naive" / f"{f.name}.html").read_text("utf-8"))
        for f in folders
    )
    print(f"{n} companies on {__import__('os').cpu_count()} cores")
    print(f"naive loop (papermill + nbconvert --no-input): {t_naive:7.1f}s  ({t_naive / n:.1f}s per company)")
    print(f"workbench batch:                              {t_batch:7.1f}s  ({t_batch / n:.1f}s per company)")
    print(f"speed-up: {t_naive / t_batch:.2f}x; same key content in every report: {same}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
