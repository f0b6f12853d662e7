"""Detection quality on a labelled evaluation set (default: ../shared/eval/dev).

Runs ``workbench scan`` on the set's tables and its ``score.py``, then prints the
per-entity table, plus PERSON/CN_ADDRESS split into tables+tickets and prose (news),
the two targets of the detection issue.  Usage:

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


def main(eval_dir: Path) -> None:
    scorer = eval_dir.parent / "score.py"
    work = Path(tempfile.mkdtemp())
    spans, columns = work / "s.jsonl", work / "c.jsonl"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workbench.cli", "scan", str(eval_dir / "tables"), "--spans-out",
                    str(spans), "--columns-out", str(columns), "-q"], check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    result = run_scorer(scorer, eval_dir, spans, columns)
    print(f"scan of {eval_dir / 'tables'}: {seconds:.1f}s\n")
    print("| entity | precision | recall | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    for entity, r in result["spans"].items():
        print(f"| {entity} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |")
    print(f"\ncolumn classification accuracy: {result['columns']['accuracy']:.3f} over {result['columns']['columns']} columns")
    for name, keep in (("tables and tickets", lambda f: f not in PROSE), ("prose (news)", lambda f: f in PROSE)):
        part = work / name.replace(" ", "_")
        (part / "truth").mkdir(parents=True)
        subset(eval_dir / "truth" / "spans.jsonl", part / "truth" / "spans.jsonl", keep)
        subset(spans, part / "spans.jsonl", keep)
        scores = run_scorer(scorer, part, part / "spans.jsonl")["spans"]
        shown = ", ".join(f"{e} P {scores[e]['precision']:.3f} R {scores[e]['recall']:.3f} F1 {scores[e]['f1']:.3f}"
                          for e in ("PERSON", "CN_ADDRESS") if e in scores)
        print(f"{name}: {shown}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "dev")
