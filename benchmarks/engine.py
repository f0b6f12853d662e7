"""Scan engine speed and memory, with the anchors measured in the same run.

    python benchmarks/engine.py [--rows 1000000] [--baseline-rows 20000]
                                [--memory-rows 10000000] [--split-rows 100000]

The default run does everything issue #22 asks for, in this order:

1. generates the customer table (15 columns, ``--rows`` rows) as CSV;
2. the read floor: reading and decoding the whole file (no detection);
3. the engine end to end from the file on every core, in a fresh process: rows per
   minute and the peak RSS of that process tree;
4. the time split: the first ``--split-rows`` rows scanned chunk by chunk in this process,
   each stage timed (``engine.Stopwatch``), the rest of the wall time named "other";
   then the end-to-end wall time as that work shared by the workers plus what the
   parallel run adds (start-up, pickling, merging, waiting), in wall time and in CPU time;
5. the anchors: Presidio's BatchAnalyzerEngine over the same AnalyzerEngine (the
   project's recognizer pack), cell by cell, on ``--baseline-rows`` rows of (a) the mixed
   table and (b) the same table without its free-text remarks column (structured
   columns only); the engine on the same rows in one process; ratio, and how many cells'
   findings differ;
6. last, the end-to-end run on a ``--memory-rows`` table (10,000,000 rows, a >= 2 GB file):
   peak RSS and its ratio to the peak at ``--rows`` (``--memory-rows 0`` skips it: it
   takes ~20 min on a quiet machine).

``--baseline-rows 0`` skips the anchors, ``--split-rows 0`` the split.  The machine may be
shared: compare ratios within one run; the load average is printed beside each figure.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from stdnum import luhn
from stdnum.cn import ric

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯鑫晨"
CITIES = ["北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区", "杭州市西湖区", "成都市武侯区"]
ROADS = "建国人民解放中山和平长江黄河东风光明幸福"
HEADERS = [
    "客户编号",
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "固定电话",
    "电子邮箱",
    "联系地址",
    "银行卡号",
    "开户行",
    "车牌号",
    "会员等级",
    "累计消费",
    "最近订单号",
    "备注",
]


def make_row(rnd: random.Random, i: int) -> list[str]:
    name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
    body = (
        f"{rnd.choice(['110105', '310115', '440305', '330106'])}{rnd.randint(1950, 2015)}"
        f"{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{rnd.randint(100, 999)}"
    )
    card = rnd.choice(["621226", "622848", "436742"]) + str(rnd.randint(10**9, 10**10 - 1))
    phone = f"1{rnd.choice('3578')}{rnd.randint(0, 9)}{rnd.randint(10**7, 10**8 - 1)}"
    address = f"{rnd.choice(CITIES)}{rnd.choice(ROADS)}路{rnd.randint(1, 999)}号"
    remark = rnd.choice(["", "", "", "VIP", f"客户{name}来电要求回访，手机{phone}", "已核实身份", f"寄送至{address}"])
    return [
        f"C{i:08d}",
        name,
        rnd.choice("男女"),
        body + ric.calc_check_digit(body + "0"),
        phone,
        f"0{rnd.choice(['10', '21', '755'])}-{rnd.randint(2, 8)}{rnd.randint(10**6, 10**7 - 1)}",
        f"u{rnd.randint(10**5, 10**9)}@{rnd.choice(['qq.com', '163.com', 'sina.com'])}",
        address,
        card + luhn.calc_check_digit(card),
        rnd.choice(["中国银行", "工商银行", "建设银行", "招商银行"]),
        rnd.choice("京沪粤浙川") + rnd.choice("ABCDE") + str(rnd.randint(10000, 99999)),
        rnd.choice(["普通", "银卡", "金卡", "钻石"]),
        f"{rnd.uniform(0, 99999):.2f}",
        f"DD2025{rnd.randint(10**11, 10**12 - 1)}",
        remark,
    ]


def generate(path: Path, rows: int, headers: list[str] = HEADERS) -> None:
    """``rows`` rows of the customer table, only the columns named in ``headers`` (the
    structured-only table drops the remarks; the other columns keep the same values)."""
    import csv

    keep = [HEADERS.index(h) for h in headers]
    rnd = random.Random(42)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for i in range(rows):
            row = make_row(rnd, i)
            writer.writerow([row[k] for k in keep])


class TreeRss:
    """Peak resident set of this process plus its worker processes, summed, sampled every
    0.25 s in a thread (``ru_maxrss`` only knows the largest single process)."""

    def __init__(self, every: float = 0.25):
        import threading

        self.every, self.peak, self.main, self.worker = every, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self.every):
            try:
                own = me.memory_info().rss
                others = [p.memory_info().rss for p in me.children(recursive=True)]
            except psutil.Error:  # a worker ended between the listing and the reading
                continue
            self.peak = max(self.peak, own + sum(others))
            self.main, self.worker = max(self.main, own), max([self.worker, *others])

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def __str__(self) -> str:
        mib = 1 << 20
        return (
            f"peak RSS of the process tree {self.peak / mib:,.0f} MiB (this process {self.main / mib:,.0f} MiB, "
            f"largest worker {self.worker / mib:,.0f} MiB; sampled every {self.every} s)"
        )


def load() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def main(rows: int, baseline_rows: int, memory_rows: int, split_rows: int) -> None:
    import shutil

    work = Path(tempfile.mkdtemp(prefix="engine-bench-"))
    try:
        measure(work, rows, baseline_rows, memory_rows, split_rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # up to 2.1 GB of generated CSV


def measure(work: Path, rows: int, baseline_rows: int, memory_rows: int, split_rows: int) -> None:
    big = work / "customers.csv"
    t = time.perf_counter()
    generate(big, rows)
    print(
        f"generated {rows:,} rows × {len(HEADERS)} columns: {big.stat().st_size / 1e6:.0f} MB "
        f"in {time.perf_counter() - t:.0f}s"
    )
    t_read = floor(big)

    # end to end first, in a fresh process: this process scans chunks too, and a
    # cell-by-cell Presidio run before would leave it a heap of a million dead objects
    e2e = end_to_end(big, t_read)
    if split_rows:
        time_split(big, min(split_rows, rows), t_read / rows, e2e)
    if baseline_rows:
        for name, keep in (("mixed", HEADERS), ("structured-only", HEADERS[:-1])):
            small = work / f"sample-{name}.csv"
            generate(small, baseline_rows, keep)
            anchor(small, name, baseline_rows)
    # last, as it takes longest (~15 min on a quiet machine): the rest is printed by then
    if memory_rows:
        huge = work / "customers-large.csv"
        generate(huge, memory_rows)
        t_huge = floor(huge)
        large = end_to_end(huge, t_huge)
        print(
            f"memory: peak RSS of the process tree {large['peak'] / MIB:,.0f} MiB at {memory_rows:,} rows "
            f"({large['size'] / 1e9:.2f} GB file) / {e2e['peak'] / MIB:,.0f} MiB at {rows:,} rows = "
            f"{large['peak'] / e2e['peak']:.2f}x (flat, <= 1.15x: "
            f"{'met' if large['peak'] <= 1.15 * e2e['peak'] else 'missed'}; <= 1.5 GB: "
            f"{'met' if large['peak'] <= 1.5e9 else 'missed'})"
        )


MIB = 1 << 20


def end_to_end(path: Path, t_read: float) -> dict:
    """Scan ``path`` on every core in a fresh process (``--scan-only``); its figures."""
    figures = in_fresh_process("--scan-only", path)
    figures["size"] = path.stat().st_size
    rows, wall = figures["rows"], figures["wall"]
    print(
        f"engine end to end, {figures['workers']} workers: {rows:,} rows in {wall:.1f}s = "
        f"{rows / wall * 60:,.0f} rows/min ({wall / t_read:.1f}x the read floor); peak RSS of the process tree "
        f"{figures['peak'] / MIB:,.0f} MiB (main {figures['main'] / MIB:,.0f} MiB, largest worker "
        f"{figures['worker'] / MIB:,.0f} MiB; sampled every 0.25 s); CPU time of the tree {figures['cpu']:.1f}s "
        f"(start-up included); {load()}"
    )
    print(
        f"  distinct values (data subjects) {sum(figures['distinct'].values()):,} over "
        f"{len(figures['distinct'])} entities; hashes moved to disk past the memory budget: "
        f"{figures['spilled']:,} in {figures['runs']} run(s)"
    )
    return figures


def in_fresh_process(flag: str, path: Path) -> dict:
    """The JSON figures this script prints when run with ``flag path`` in a new process."""
    import json
    import subprocess

    out = subprocess.run([sys.executable, __file__, flag, str(path)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def scan_only(path: Path) -> None:
    """The end-to-end scan, measured in this (fresh) process; one JSON line of figures."""
    import json

    import resource

    import logging

    from workbench.pii import scan_paths

    spilled = []  # hashes the scan moved to disk (``workbench.pii.distinct`` logs each run)

    class Spills(logging.Handler):
        def emit(self, record):
            if record.getMessage().endswith("hashes moved to disk"):
                spilled.append(int(str(record.args[0]).replace(",", "")))

    spill_log = logging.getLogger("workbench.pii.distinct")
    spill_log.setLevel(logging.DEBUG)
    spill_log.addHandler(Spills())
    with TreeRss() as rss:
        t = time.perf_counter()
        result = scan_paths([path], workers=os.cpu_count())
        wall = time.perf_counter() - t
    # CPU seconds of this process and its (ended, so reaped) workers: what the run cost,
    # whatever else the machine was doing
    cpu = sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )
    print(
        json.dumps(
            {
                "rows": result.rows,
                "wall": wall,
                "cpu": cpu,
                "workers": os.cpu_count(),
                "peak": rss.peak,
                "main": rss.main,
                "worker": rss.worker,
                "distinct": result.distinct,
                "spilled": sum(spilled),
                "runs": len(spilled),
            }
        )
    )


def anchor(small: Path, name: str, baseline_rows: int) -> None:
    """BatchAnalyzerEngine cell by cell vs the engine, same rows, one process."""
    from presidio_analyzer import BatchAnalyzerEngine

    from workbench.pii import analyzer

    columns = anchor_columns(small)
    engine_ = analyzer()
    t, cpu = time.perf_counter(), time.process_time()
    batch = list(BatchAnalyzerEngine(analyzer_engine=engine_).analyze_dict(columns, language="zh"))
    t_batch, cpu_batch = time.perf_counter() - t, time.process_time() - cpu
    ours, t_ours, cpu_ours = timed_engine(columns)
    differ = cells = 0
    for result in batch:
        for value, cell in zip(result.value, result.recognizer_results):
            expected = sorted((r.entity_type, r.start, r.end) for r in cell)
            got = sorted((f.entity, f.start, f.end) for f in ours[result.key].get(value, []))
            differ += expected != got
            cells += 1
    print(
        f"anchor, {name} table ({len(columns)} columns), {baseline_rows:,} rows: BatchAnalyzerEngine "
        f"{t_batch:.1f}s ({baseline_rows / t_batch:,.0f} rows/s); engine {t_ours:.2f}s "
        f"({baseline_rows / t_ours:,.0f} rows/s); ratio {t_batch / t_ours:.1f}x (in CPU time {cpu_batch:.1f}s / "
        f"{cpu_ours:.2f}s = {cpu_batch / cpu_ours:.1f}x); cells with different findings: {differ} of {cells:,}; "
        f"{load()}"
    )
    # the batch ran first, on a clean heap; the engine above ran beside the batch's 300,000
    # cells of results, which the garbage collector walks between columns: the engine
    # timed again as the batch was, alone in a fresh process
    fresh = in_fresh_process("--anchor-engine-only", small)
    print(
        f"  the engine alone in a fresh process (as the batch ran): {fresh['wall']:.2f}s, CPU {fresh['cpu']:.2f}s: "
        f"ratio {t_batch / fresh['wall']:.1f}x (in CPU time {cpu_batch / fresh['cpu']:.1f}x); {load()}"
    )


def anchor_engine_only(small: Path) -> None:
    """The engine's side of an anchor in this (fresh) process; one JSON line."""
    import json

    columns = anchor_columns(small)
    ours, t_ours, cpu_ours = timed_engine(columns)
    assert len(ours) == len(columns)
    print(json.dumps({"wall": t_ours, "cpu": cpu_ours}))


def anchor_columns(small: Path) -> dict[str, list[str]]:
    """The anchor table's columns as lists of cell texts, the models warmed up."""
    import pandas as pd

    from workbench.pii.engine import warm_up

    frame = pd.read_csv(small, dtype=str, keep_default_na=False)
    warm_up()
    return {c: frame[c].tolist() for c in frame.columns}


def timed_engine(columns: dict[str, list[str]]) -> tuple[dict, float, float]:
    """The engine's findings of every column, its wall and CPU seconds."""
    from workbench.pii.engine import analyze_column

    t, cpu = time.perf_counter(), time.process_time()
    ours = {c: analyze_column(v, c) for c, v in columns.items()}
    return ours, time.perf_counter() - t, time.process_time() - cpu


def floor(big: Path) -> float:
    """The physical floor: read and decode the whole file, no detection."""
    from workbench.io import iter_tables

    t = time.perf_counter()
    n = sum(len(chunk) for table in iter_tables(big) for chunk in table.chunks())
    t_read = time.perf_counter() - t
    print(f"floor: read+decode {n:,} rows in {t_read:.1f}s ({n / t_read * 60:,.0f} rows/min); {load()}")
    return t_read


def time_split(big: Path, rows: int, read_per_row: float, e2e: dict) -> None:
    """The first ``rows`` rows scanned chunk by chunk in this process, every stage timed;
    "other" is the wall time no stage claims.  Then the end-to-end wall time split into
    this per-row work shared by the workers and what the parallel run adds."""
    from workbench.io import iter_tables
    from workbench.pii.engine import Stopwatch, warm_up
    from workbench.pii.scan import scan_chunk

    warm_up()
    clock = Stopwatch()
    done = 0
    t, cpu = time.perf_counter(), time.process_time()
    table = next(iter_tables(big))
    chunks = table.chunks()
    while done < rows:
        with clock("read"):
            chunk = next(chunks, None)
        if chunk is None:
            break
        scan_chunk(chunk, table.columns, table.file, table.sheet, done, datetime.date.today(), False, clock=clock)
        done += len(chunk)
    wall = time.perf_counter() - t
    cpu = time.process_time() - cpu
    parts = dict(clock.seconds)
    parts["other"] = wall - sum(parts.values())
    per = 20_000 / done
    print(
        f"time split, {done:,} rows in one process, {wall:.2f}s (per 20,000 rows {wall * per:.2f}s): "
        + ", ".join(f"{k} {v * per:.2f}s ({v / wall:.0%})" for k, v in sorted(parts.items(), key=lambda x: -x[1]))
        + f"; {load()}"
    )
    shared = wall / done * e2e["rows"] / e2e["workers"]
    print(
        f"end to end {e2e['wall']:.1f}s = this work for {e2e['rows']:,} rows shared by {e2e['workers']} "
        f"processes {shared:.1f}s + parallel run's own cost (start-up, pickling, merging, waiting, other "
        f"programs) {e2e['wall'] - shared:.1f}s; the read floor is {read_per_row * e2e['rows']:.1f}s"
    )
    work = cpu / done * e2e["rows"]
    print(
        f"in CPU time (what the machine's load does not change): end to end {e2e['cpu']:.1f}s = this work "
        f"({cpu:.2f}s of CPU for {done:,} rows) for {e2e['rows']:,} rows {work:.1f}s + the parallel run's own "
        f"{e2e['cpu'] - work:.1f}s (worker start-up and models, pickling, merging)"
    )


def arguments(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the end-to-end table")
    parser.add_argument("--baseline-rows", type=int, default=20_000, help="rows of each anchor table (0: no anchors)")
    parser.add_argument(
        "--memory-rows", type=int, default=10_000_000, help="rows of the memory table, a >= 2 GB file at 10 M (0: skip)"
    )
    parser.add_argument("--split-rows", type=int, default=100_000, help="rows timed for the split (0: no split)")
    parser.add_argument("--scan-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--anchor-engine-only", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if __name__ == "__main__":
    args = arguments(sys.argv[1:])
    if args.scan_only:
        scan_only(args.scan_only)
    elif args.anchor_engine_only:
        anchor_engine_only(args.anchor_engine_only)
    else:
        main(args.rows, args.baseline_rows, args.memory_rows, args.split_rows)
