"""Scan engine speed and memory, with the anchors measured in the same run.

    python benchmarks/engine.py [ROWS] [BASELINE_ROWS]

(BASELINE_ROWS 0 skips the anchor and the split: the memory run on a >= 2 GB file is
``python benchmarks/engine.py 10000000 0``.)

1. generates a customer table (15 columns, ROWS rows, default 1,000,000) as CSV;
2. physical floor: reading and decoding the whole file (no detection);
3. the engine end to end from the file on every core: rows per minute and the peak RSS
   of the process tree (run first, in a fresh process);
4. the time split (read / match / validate / classify) on one chunk, in one process;
5. anchor: Presidio's BatchAnalyzerEngine over the same AnalyzerEngine (the project's
   recognizer pack), cell by cell, on BASELINE_ROWS rows (default 2,000) of the same
   generator; the engine on the same rows, in one process; ratio, and whether findings agree.
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
HEADERS = ["客户编号", "姓名", "性别", "身份证号", "手机号", "固定电话", "电子邮箱", "联系地址", "银行卡号",
           "开户行", "车牌号", "会员等级", "累计消费", "最近订单号", "备注"]


def make_row(rnd: random.Random, i: int) -> list[str]:
    name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
    body = f"{rnd.choice(['110105', '310115', '440305', '330106'])}{rnd.randint(1950, 2015)}" \
           f"{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{rnd.randint(100, 999)}"
    card = rnd.choice(["621226", "622848", "436742"]) + str(rnd.randint(10 ** 9, 10 ** 10 - 1))
    phone = f"1{rnd.choice('3578')}{rnd.randint(0, 9)}{rnd.randint(10 ** 7, 10 ** 8 - 1)}"
    address = f"{rnd.choice(CITIES)}{rnd.choice(ROADS)}路{rnd.randint(1, 999)}号"
    remark = rnd.choice(["", "", "", "VIP", f"客户{name}来电要求回访，手机{phone}", "已核实身份", f"寄送至{address}"])
    return [f"C{i:08d}", name, rnd.choice("男女"), body + ric.calc_check_digit(body + "0"), phone,
            f"0{rnd.choice(['10', '21', '755'])}-{rnd.randint(2, 8)}{rnd.randint(10 ** 6, 10 ** 7 - 1)}",
            f"u{rnd.randint(10 ** 5, 10 ** 9)}@{rnd.choice(['qq.com', '163.com', 'sina.com'])}", address,
            card + luhn.calc_check_digit(card), rnd.choice(["中国银行", "工商银行", "建设银行", "招商银行"]),
            rnd.choice("京沪粤浙川") + rnd.choice("ABCDE") + str(rnd.randint(10000, 99999)),
            rnd.choice(["普通", "银卡", "金卡", "钻石"]), f"{rnd.uniform(0, 99999):.2f}",
            f"DD2025{rnd.randint(10 ** 11, 10 ** 12 - 1)}", remark]


def generate(path: Path, rows: int) -> None:
    import csv
    rnd = random.Random(42)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for i in range(rows):
            writer.writerow(make_row(rnd, i))


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
            except psutil.Error:            # a worker ended between the listing and the reading
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
        return (f"peak RSS of the process tree {self.peak / mib:,.0f} MiB (this process {self.main / mib:,.0f} MiB, "
                f"largest worker {self.worker / mib:,.0f} MiB; sampled every {self.every} s)")


def main(rows: int, baseline_rows: int) -> None:
    from workbench.pii import scan_paths

    work = Path(tempfile.mkdtemp())
    big, small = work / "customers.csv", work / "sample.csv"
    t = time.perf_counter()
    generate(big, rows)
    if baseline_rows:
        generate(small, baseline_rows)
    print(f"generated {rows:,} rows × {len(HEADERS)} columns: {big.stat().st_size / 1e6:.0f} MB "
          f"in {time.perf_counter() - t:.0f}s")
    t_read = floor(big)

    # 4. end to end from the file on every core, first: this process scans chunks too, and
    # a cell-by-cell Presidio run before would leave it a heap of a million dead objects
    with TreeRss() as rss:
        t = time.perf_counter()
        result = scan_paths([big], workers=os.cpu_count())
        t_scan = time.perf_counter() - t
    print(f"engine end to end, {os.cpu_count()} workers: {result.rows:,} rows in {t_scan:.1f}s = "
          f"{result.rows / t_scan * 60:,.0f} rows/min ({t_scan / t_read:.1f}x the read floor); {rss}")
    if baseline_rows:
        time_split(big, t_read / result.rows)
        anchor(small, baseline_rows)


def anchor(small: Path, baseline_rows: int) -> None:
    """2. BatchAnalyzerEngine cell by cell vs the engine, same rows, one process."""
    import pandas as pd
    from presidio_analyzer import BatchAnalyzerEngine

    from workbench.pii import analyzer
    from workbench.pii.engine import analyze_column
    frame = pd.read_csv(small, dtype=str, keep_default_na=False)
    columns = {c: frame[c].tolist() for c in frame.columns}
    engine_ = analyzer()
    t = time.perf_counter()
    batch = list(BatchAnalyzerEngine(analyzer_engine=engine_).analyze_dict(columns, language="zh"))
    t_batch = time.perf_counter() - t
    t = time.perf_counter()
    ours = {c: analyze_column(v, c) for c, v in columns.items()}
    t_ours = time.perf_counter() - t
    differ = 0
    for result in batch:
        for value, cell in zip(result.value, result.recognizer_results):
            expected = sorted((r.entity_type, r.start, r.end) for r in cell)
            got = sorted((f.entity, f.start, f.end) for f in ours[result.key].get(value, []))
            differ += expected != got
    print(f"anchor, {baseline_rows:,} rows: BatchAnalyzerEngine {t_batch:.1f}s "
          f"({baseline_rows / t_batch:,.0f} rows/s); engine {t_ours:.2f}s ({baseline_rows / t_ours:,.0f} rows/s); "
          f"ratio {t_batch / t_ours:.0f}x; cells with different findings: {differ}")



def floor(big: Path) -> float:
    """3. The physical floor: read and decode the whole file, no detection."""
    from workbench.io import iter_tables
    t = time.perf_counter()
    n = sum(len(chunk) for table in iter_tables(big) for chunk in table.chunks())
    t_read = time.perf_counter() - t
    print(f"floor: read+decode {n:,} rows in {t_read:.1f}s ({n / t_read * 60:,.0f} rows/min)")
    return t_read


def time_split(big: Path, read_per_row: float) -> None:
    """The time split (read / match / validate / classify) on one chunk, in this process."""
    import numpy as np
    import pandas as pd

    from workbench.io import iter_tables
    from workbench.pii.column_rules import infer
    from workbench.pii.columns import ColumnProfile
    from workbench.pii.engine import ColumnScanner, scan_column, warm_up
    table = next(iter_tables(big))
    chunk = next(table.chunks())
    warm_up()
    split = {"match": 0.0, "validate": 0.0, "names, addresses, context": 0.0, "classify": 0.0}
    for index, column in enumerate(table.columns):
        codes, distinct = pd.factorize(chunk.iloc[:, index])
        texts = [v if isinstance(v, str) else "" for v in distinct]
        values = [v for v in texts if v.strip()]
        scanner = ColumnScanner(column, infer(values))
        validating = scanner._validated_scores

        def timed(*args, _real=validating):
            t = time.perf_counter()
            try:
                return _real(*args)
            finally:
                split["validate"] += time.perf_counter() - t

        scanner._validated_scores = timed
        before = split["validate"]
        t = time.perf_counter()
        scanner._scored_matches(values)                 # regex passes (+ validation, timed apart)
        match = time.perf_counter() - t
        split["match"] += match - (split["validate"] - before)
        scanner._validated_scores = validating
        t = time.perf_counter()
        found = scan_column(texts, column)              # match and validate again, then the rest
        split["names, addresses, context"] += time.perf_counter() - t - match
        profile = ColumnProfile("f", None, column)
        t = time.perf_counter()
        profile.add_distinct(texts, np.bincount(codes[codes >= 0], minlength=len(texts)), found,
                             datetime.date.today(), len(codes))
        split["classify"] += time.perf_counter() - t
    read_share = read_per_row * len(chunk)
    total = read_share + sum(split.values())
    print(f"time split per {len(chunk):,}-row chunk (one process): read {read_share:.2f}s ({read_share / total:.0%}), "
          + ", ".join(f"{k} {v:.2f}s ({v / total:.0%})" for k, v in split.items()))


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000, int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
