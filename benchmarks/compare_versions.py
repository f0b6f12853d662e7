"""Scan speed of two or more checkouts of the project, as ratios measured in one run.

    python benchmarks/compare_versions.py ROWS ROUNDS CHECKOUT [CHECKOUT ...]

e.g. ``git worktree add /tmp/before 36310ae`` then
``python benchmarks/compare_versions.py 60000 5 /tmp/before .``.  A machine shared with other
work makes wall times of the same code vary by half, so each checkout is timed in its own
child process (``PYTHONPATH`` pointing at it), the checkouts alternate (A B, B A, A B, …) and
what is reported is the median, over rounds, of each round's ratio to the first checkout —
CPU time (steadier under load) and wall time, with the load average of every run.

A run: the engine benchmark's table (``engine.generate``, ROWS rows × 15 columns, written
once) scanned in one process (``scan_paths(..., workers=1)``), after the remarks column of
the first chunk alone (best of 3), where Baidu LAC's work shows.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEYS = ("cpu", "wall", "remarks_cpu", "remarks_wall")


def child(path: str) -> None:
    """One timed run of the checkout on ``PYTHONPATH``; prints one JSON line."""
    import pandas as pd

    from workbench.io import iter_tables
    from workbench.pii import scan_paths
    from workbench.pii.engine import scan_column, warm_up

    warm_up()
    chunk = next(next(iter_tables(path)).chunks())
    _, distinct = pd.factorize(chunk["备注"])
    texts = [v if isinstance(v, str) else "" for v in distinct]
    remarks = []
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        scan_column(texts, "备注")
        remarks.append((time.process_time() - cpu, time.perf_counter() - wall))
    wall, cpu = time.perf_counter(), time.process_time()
    rows = scan_paths([path], workers=1).rows
    print(
        json.dumps(
            {
                "rows": rows,
                "cpu": time.process_time() - cpu,
                "wall": time.perf_counter() - wall,
                "remarks_cpu": min(r[0] for r in remarks),
                "remarks_wall": min(r[1] for r in remarks),
                "load": os.getloadavg()[0],
            }
        )
    )


def main(rows: int, rounds: int, checkouts: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from engine import generate

    path = Path(tempfile.mkdtemp()) / "customers.csv"
    generate(path, rows)
    runs: dict[str, list[dict]] = {c: [] for c in checkouts}
    for round_ in range(rounds):
        for checkout in checkouts if round_ % 2 == 0 else checkouts[::-1]:
            env = dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()))
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                env=env,
                cwd=tempfile.gettempdir(),
                capture_output=True,
                text=True,
                check=True,
            )
            runs[checkout].append(json.loads(out.stdout.strip().splitlines()[-1]))
            shown = ", ".join(f"{k} {runs[checkout][-1][k]:.2f}s" for k in KEYS)
            print(f"round {round_ + 1} {checkout}: {shown}, load {runs[checkout][-1]['load']:.1f}", flush=True)
    first = checkouts[0]
    for checkout in checkouts:
        for key in KEYS:
            ratios = [b[key] / a[key] for a, b in zip(runs[first], runs[checkout])]
            print(
                f"{checkout} {key}: median {statistics.median(r[key] for r in runs[checkout]):.2f}s, "
                f"ratio to {first} median {statistics.median(ratios):.3f} "
                f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
            )
    loads = [r["load"] for c in checkouts for r in runs[c]]
    print(f"load average during the runs: {min(loads):.1f}-{max(loads):.1f}")


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
