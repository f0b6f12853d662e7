"""Detection quality on a labelled evaluation set (default: ../shared/eval/dev).

Runs ``workbench scan`` on the set's tables and its ``score.py``, then prints the
per-entity table, plus PERSON/CN_ADDRESS split into tables+tickets and prose (news),
the two targets of the detection issue; the share of each labelled span's characters
that the findings cover (the scorer counts any overlap as a hit, but a partial span
leaves the rest of an address unmasked); and the negative cells flagged (cells of
columns that hold no labelled span at all, with any finding).  Usage:

    python benchmarks/detection.py [EVAL_DIR]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROSE = {"news_remarks.csv"}


def run_scorer(scorer: Path, truth_dir: Path, spans: Path, columns: Path | None = None) -> dict:
    args = [sys.executable, str(scorer), str(truth_dir), str(spans)] + ([str(columns)] if columns else []) + ["--json"]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def subset(source: Path, target: Path, keep) -> None:
    with open(source, encoding="utf-8") as fh, open(target, "w", encoding="utf-8") as out:
        out.writelines(line for line in fh if keep(json.loads(line)["file"]))


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cell(span: dict) -> tuple:
    return span["file"], span.get("sheet"), int(span["row"]), span["column"]


def coverage(truth: list[dict], found: list[dict], entity: str) -> float | None:
    """Share of the characters of ``entity``'s labelled spans that findings of it cover."""
    covered_by: dict[tuple, list] = {}
    for f in found:
        if f["entity"] == entity:
            covered_by.setdefault(cell(f), []).append((f["start"], f["end"]))
    total = covered = 0
    for t in truth:
        if t["entity"] != entity:
            continue
        chars = set()
        for start, end in covered_by.get(cell(t), ()):
            chars.update(range(max(start, t["start"]), min(end, t["end"])))
        total += t["end"] - t["start"]
        covered += len(chars)
    return covered / total if total else None


def negative_cells(eval_dir: Path, truth: list[dict], found: list[dict], columns: Path) -> tuple[int, int]:
    """(flagged, all) non-empty cells of the columns that hold no labelled span."""
    labelled = {(t["file"], t.get("sheet"), t["column"]) for t in truth}
    from workbench.pii.entities import ENTITY_NAMES  # the scorer's entities (DESIGN.md)

    scored = set(ENTITY_NAMES)
    negative = {
        (c["file"], c.get("sheet"), c["column"])
        for c in load(eval_dir / "truth" / "columns.jsonl")
        if c["entity"] is None
    } - labelled
    cells = sum(c["nonempty"] for c in load(columns) if (c["file"], c.get("sheet"), c["column"]) in negative)
    flagged = {cell(f) for f in found if f["entity"] in scored and (f["file"], f.get("sheet"), f["column"]) in negative}
    return len(flagged), cells


def main(eval_dir: Path) -> None:
    scorer = eval_dir.parent / "score.py"
    work = Path(tempfile.mkdtemp())
    spans, columns = work / "s.jsonl", work / "c.jsonl"
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench.cli",
            "scan",
            str(eval_dir / "tables"),
            "--spans-out",
            str(spans),
            "--columns-out",
            str(columns),
            "-q",
        ],
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    result = run_scorer(scorer, eval_dir, spans, columns)
    print(f"scan of {eval_dir / 'tables'}: {seconds:.1f}s\n")
    print("| entity | precision | recall | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    for entity, r in result["spans"].items():
        print(
            f"| {entity} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |"
        )
    print(
        f"\ncolumn classification accuracy: {result['columns']['accuracy']:.3f} over {result['columns']['columns']} columns"
    )
    truth, found = load(eval_dir / "truth" / "spans.jsonl"), load(spans)
    shares = {e: coverage(truth, found, e) for e in ("CN_ADDRESS", "PERSON")}
    print(
        "characters of labelled spans covered: " + ", ".join(f"{e} {v:.3f}" for e, v in shares.items() if v is not None)
    )
    flagged, cells = negative_cells(eval_dir, truth, found, columns)
    if cells:
        print(f"negative cells flagged: {flagged} of {cells} ({flagged / cells:.2%})")
    for name, keep in (("tables and tickets", lambda f: f not in PROSE), ("prose (news)", lambda f: f in PROSE)):
        part = work / name.replace(" ", "_")
        (part / "truth").mkdir(parents=True)
        subset(eval_dir / "truth" / "spans.jsonl", part / "truth" / "spans.jsonl", keep)
        subset(spans, part / "spans.jsonl", keep)
        if not (part / "truth" / "spans.jsonl").stat().st_size:
            continue
        scores = run_scorer(scorer, part, part / "spans.jsonl")["spans"]
        shown = ", ".join(
            f"{e} P {scores[e]['precision']:.3f} R {scores[e]['recall']:.3f} F1 {scores[e]['f1']:.3f}"
            for e in ("PERSON", "CN_ADDRESS")
            if e in scores
        )
        print(f"{name}: {shown}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "dev")
