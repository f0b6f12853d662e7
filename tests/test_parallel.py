"""The same scan inline, on the local process pool and on a Dask LocalCluster: identical."""

from __future__ import annotations

import pytest

from workbench.io import readers
from workbench.pii import scan_paths

pytestmark = pytest.mark.slow


def run(path, **kwargs):
    spans = []
    result = scan_paths([path], on_span=spans.append, **kwargs)
    columns = [c.to_dict() for c in result.columns]
    for c in columns:  # float sums may differ in the last bit with the merge order
        for info in c["entities"].values():
            info["mean_score"] = round(info["mean_score"], 3)
    return spans, columns, result.distinct, result.rows


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_ROWS", 700)  # several chunks per table


def test_local_pool_equals_inline(small_chunks, samples):
    inline = run(samples / "hanghai_shipping", workers=1)
    pooled = run(samples / "hanghai_shipping", workers=2)
    assert pooled == inline and inline[3] == 4800


def test_dask_local_cluster_equals_inline(small_chunks, samples):
    pytest.importorskip("distributed")
    inline = run(samples / "xinyuan_trading", workers=1)
    dask = run(samples / "xinyuan_trading", engine="dask", workers=2)
    assert dask == inline


def _pid_after(seconds: float, index: int):
    import os
    import time

    time.sleep(seconds)
    return index, os.getpid()


def test_caller_is_one_of_the_workers_and_order_is_kept():
    """Two workers = one pool process + this one: both run tasks, results come in order."""
    import os

    from workbench import parallel

    pool = parallel.executor("local", 2, caller_works=True)
    try:
        assert pool.slots == 1
        tasks = [(0.05 * (i % 3), i) for i in range(12)]
        results = list(parallel.in_order(pool, _pid_after, tasks))
    finally:
        pool.close()
    assert [index for index, _ in results] == list(range(12))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


def test_in_order_keeps_tasks_in_flight_bounded():
    """However many tasks, at most the pool's slots plus two are open at once (the one
    whose result is being read and one queued besides); results come in order."""
    from workbench import parallel

    class Lazy:  # a task that runs when its result is asked for
        def __init__(self, pool, fn, args):
            self.pool, self.fn, self.args, self.ran = pool, fn, args, False

        def done(self):
            return self.ran

        def result(self):
            self.ran = True
            self.pool.open -= 1
            return self.fn(*self.args)

    class Pool:
        slots, caller_works = 2, False
        open = most = 0

        def submit(self, fn, *args):
            self.open += 1
            self.most = max(self.most, self.open)
            return Lazy(self, fn, args)

    pool = Pool()
    assert list(parallel.in_order(pool, lambda i: i * i, ((i,) for i in range(50)))) == [i * i for i in range(50)]
    assert pool.most == pool.slots + 2


class _Bar:
    """Stands in for tqdm: records where the bar stands after each move."""

    def __init__(self):
        self.n, self.seen, self.postfix = 0, [], ""

    def update(self, n):
        self.n += n
        self.seen.append(self.n)

    def set_postfix_str(self, text, refresh=True):
        self.postfix = text

    def close(self):
        pass


@pytest.mark.parametrize("company", ["xinyuan_trading", "hanghai_shipping"])
def test_progress_counts_bytes_as_each_chunk_is_scanned(small_chunks, samples, monkeypatch, company):
    """A CSV (GB18030) and a Parquet file, or a workbook and a CSV, of several chunks each:
    the bar moves with every chunk, never back, and ends at the files' total size."""
    from workbench.pii import scan

    bar = _Bar()
    monkeypatch.setattr(scan, "_progress", lambda files, enabled: bar)
    files = sorted((samples / company / "data").iterdir())
    result = scan_paths(files, workers=1)
    assert bar.seen == sorted(bar.seen) and bar.seen[-1] == sum(p.stat().st_size for p in files)
    start = 0
    for path in files:  # not only at the end of each file
        end = start + path.stat().st_size
        assert len([n for n in bar.seen if start < n < end]) >= 3, path.name
        start = end
    assert bar.postfix.endswith(f"{result.files[-1].tables[-1].rows:,} rows")
