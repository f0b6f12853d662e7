"""Distinct-value counts past the memory budget: exact, on disk only under a secret key,
nothing left behind, and still exact when the disk is full."""

from __future__ import annotations

import logging
import os
import pickle
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from workbench.pii.columns import fingerprints
from workbench.pii.distinct import DistinctCounter, HashSpill, count_union

from .small_disk import run_on_small_disk


def _mobiles(seed: int, n: int, spread: int = 400_000) -> list[str]:
    rnd = np.random.default_rng(seed)
    return [f"138{x:08d}" for x in rnd.integers(0, spread, n).tolist()]


def _fill(spill: HashSpill, values: list[str], others: list[DistinctCounter], batch: int = 5_000):
    """A counter fed in batches as chunks are merged, the spill balanced after each."""
    counter = DistinctCounter()
    for first in range(0, len(values), batch):
        counter.update(fingerprints("CN_MOBILE_PHONE", values[first : first + batch]))
        spill.balance([counter, *others])
    return counter


def _table_and_temp_folder(tmp_path: Path, monkeypatch, rows: list[str]) -> tuple[Path, Path]:
    """A CSV of ``rows`` read in chunks of 500, and an empty temp folder for the scan's files."""
    data = tmp_path / "data.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    spill_dir = tmp_path / "tmp"
    spill_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill_dir))
    monkeypatch.setattr("workbench.io.readers.CHUNK_ROWS", 500)
    return data, spill_dir


def test_counts_past_the_budget_are_exact_per_counter_and_in_union(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    a_values, b_values = _mobiles(1, 120_000), _mobiles(2, 90_000)  # overlapping, repeating
    with HashSpill(budget_bytes=200_000) as spill:  # 25,000 hashes: many spills
        a = _fill(spill, a_values, [])
        b = _fill(spill, b_values, [a])
        assert spill.spilled > 0 and a._runs and b._runs  # both went to disk, several times
        assert len(a._runs) > 1
        assert a.held + b.held <= 25_000 + 5_000
        assert len(a) == len(set(a_values))
        assert len(b) == len(set(b_values))
        c = DistinctCounter()  # never spilled, counted with the others
        c.update(fingerprints("CN_MOBILE_PHONE", ["13900000000", a_values[0]]))
        assert count_union([a, b, c]) == len(set(a_values) | set(b_values) | {"13900000000"})
        folder = Path(spill._folder)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # private
        assert any(folder.iterdir())
    assert not folder.exists()  # every run removed with the scan
    assert list(tmp_path.iterdir()) == []


def test_in_memory_counts_are_unchanged_below_the_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    values = _mobiles(3, 50_000)
    with HashSpill() as spill:  # the default budget: 64 MiB
        counter = _fill(spill, values, [])
        assert spill.spilled == 0 and not counter._runs
        assert len(counter) == len(set(values))
    assert list(tmp_path.iterdir()) == []  # no folder made


def test_what_reaches_disk_is_keyed_by_a_secret_of_the_scan(tmp_path, monkeypatch):
    """The in-memory hashes use pandas' public key: written as they are, an ID number's hash
    could be found by trying numbers. The files must hold none of them, and two scans of the
    same values must write different hashes (a key drawn per scan)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    values = _mobiles(4, 20_000)
    public = set(fingerprints("CN_MOBILE_PHONE", values).tolist())
    written = []
    for _ in range(2):
        with HashSpill(budget_bytes=0) as spill:
            counter = _fill(spill, values, [])
            assert len(counter) == len(set(values))
            files = sorted(Path(spill._folder).iterdir())
            on_disk = np.concatenate([np.fromfile(f, dtype=np.uint64) for f in files])
            assert on_disk.size >= len(set(values))
            assert public.isdisjoint(on_disk.tolist())
            written.append(set(on_disk.tolist()))
    assert written[0].isdisjoint(written[1])


def test_a_counter_on_disk_does_not_leave_its_process(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with HashSpill(budget_bytes=0) as spill:
        counter = _fill(spill, _mobiles(5, 1_000), [])
        with pytest.raises(TypeError, match="cannot leave its process"):
            pickle.dumps(counter)
    fresh = DistinctCounter()
    fresh.update(fingerprints("CN_MOBILE_PHONE", ["13800000000"]))
    assert len(pickle.loads(pickle.dumps(fresh))) == 1  # a worker's counter still travels


def test_a_scan_past_the_budget_counts_as_one_within_it(tmp_path, monkeypatch, caplog):
    """The whole scan: column and scan-wide distinct counts, minors included, are the same
    with a budget of a few hundred hashes as in memory; nothing is left in the temp folder."""
    from workbench.pii.scan import scan_paths

    rnd = np.random.default_rng(6)
    ids = ["11010120150307201X", "110101199003072009", "11010120120101001X", "110101198001010016"]
    rows = ["name,id_no,mobile,contact"]
    for i in range(6_000):
        rows.append(f"客户{i % 50},{ids[i % 4]},138{rnd.integers(0, 3_000):08d},139{rnd.integers(0, 4_000):08d}")
    data, spill_dir = _table_and_temp_folder(tmp_path, monkeypatch, rows)

    monkeypatch.delenv("WORKBENCH_DISTINCT_MEMORY_MB", raising=False)
    within = scan_paths([data], today=__import__("datetime").date(2026, 11, 24))
    monkeypatch.setenv("WORKBENCH_DISTINCT_MEMORY_MB", "0.002")  # ~260 hashes
    with caplog.at_level(logging.DEBUG, logger="workbench.pii.distinct"):
        past = scan_paths([data], today=__import__("datetime").date(2026, 11, 24))
    assert any("moved to disk" in r.getMessage() for r in caplog.records)
    assert past.distinct == within.distinct
    assert past.distinct["CN_MOBILE_PHONE"] > 3_000  # two columns of mobiles, in union
    assert past.minors_under_14 == within.minors_under_14 == 1  # born 2015 (2012: 14 on this day)
    for mine, theirs in zip(past.columns, within.columns):
        assert mine.to_dict() == theirs.to_dict()
    assert list(spill_dir.iterdir()) == []


def test_a_full_disk_keeps_the_count_exact_in_memory(tmp_path):
    """A 64 KiB tmpfs in a private mount namespace as the temp folder: the first run that
    does not fit is reported once in the log, and the counts stay exact."""
    mount = tmp_path / "small"
    mount.mkdir()
    code = (
        "import logging, tempfile, numpy as np\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        f"tempfile.tempdir = {str(mount)!r}\n"
        "from workbench.pii.columns import fingerprints\n"
        "from workbench.pii.distinct import DistinctCounter, HashSpill, count_union\n"
        "rnd = np.random.default_rng(7)\n"
        "values = [f'138{x:08d}' for x in rnd.integers(0, 200_000, 60_000).tolist()]\n"
        "parts = {0: [], 1: []}\n"
        "with HashSpill(budget_bytes=16_000) as spill:\n"
        " a, b = DistinctCounter(), DistinctCounter()\n"
        " for k, first in enumerate(range(0, 60_000, 2_000)):\n"
        "  batch = values[first:first + 2_000]\n"
        "  parts[k % 2] += batch\n"
        "  (a, b)[k % 2].update(fingerprints('CN_MOBILE_PHONE', batch))\n"
        "  spill.balance([a, b])\n"
        " print('on disk', spill.spilled > 0, 'in memory', any(r.kept is not None for r in a._runs + b._runs))\n"
        " print('count', len(a), len(b), count_union([a, b]))\n"
        "print('expected', len(set(parts[0])), len(set(parts[1])), len(set(values)))\n"
    )
    done = run_on_small_disk(mount, code, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "on disk True in memory True" in done.stdout  # some runs fitted, then the disk was full
    counted = done.stdout.split("count ")[1].split()[:3]
    expected = done.stdout.split("expected ")[1].split()[:3]
    assert counted == expected
    assert done.stderr.count("could not be written") == 1  # said once
    assert "No space left on device" in done.stderr


def test_many_counters_and_spills_stay_within_a_few_files_each(tmp_path):
    """Twenty columns spilled twenty times each: each counter's files are merged past
    ``MAX_RUNS``, and counting opens one file at a time, so a limit of 64 open files is
    enough (one descriptor per run at once ran out of them)."""
    code = (
        "import resource, tempfile, numpy as np\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))\n"
        f"tempfile.tempdir = {str(tmp_path)!r}\n"
        "from workbench.pii.columns import fingerprints\n"
        "from workbench.pii.distinct import DistinctCounter, HashSpill, count_union\n"
        "rnd = np.random.default_rng(8)\n"
        "counters = [DistinctCounter() for _ in range(20)]\n"
        "seen = [set() for _ in range(20)]\n"
        "with HashSpill(budget_bytes=0) as spill:\n"
        " for _ in range(20):\n"
        "  for c, s in zip(counters, seen):\n"
        "   batch = [f'138{x:08d}' for x in rnd.integers(0, 50_000, 300).tolist()]\n"
        "   s.update(batch)\n"
        "   c.update(fingerprints('CN_MOBILE_PHONE', batch))\n"
        "   spill.balance(counters)\n"
        " print('files', max(sum(r.path is not None for r in c._runs) for c in counters))\n"
        " print('each', all(len(c) == len(s) for c, s in zip(counters, seen)))\n"
        " print('union', count_union(counters) == len(set().union(*seen)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    files = int(done.stdout.split("files ")[1].split()[0])
    assert 1 <= files <= HashSpill.MAX_RUNS
    assert "each True" in done.stdout and "union True" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_scan_that_fails_midway_leaves_no_hashes_behind(tmp_path, monkeypatch):
    from workbench.pii.scan import scan_paths

    rows = ["mobile"] + [f"138{i:08d}" for i in range(3_000)]
    data, spill_dir = _table_and_temp_folder(tmp_path, monkeypatch, rows)
    monkeypatch.setenv("WORKBENCH_DISTINCT_MEMORY_MB", "0")
    folders = []

    def on_span(span):
        folders.extend(spill_dir.iterdir())
        if span["row"] >= 2_000:
            raise RuntimeError("the caller gives up")

    with pytest.raises(RuntimeError, match="gives up"):
        scan_paths([data], on_span=on_span)
    assert folders  # the hashes were on disk while the scan ran
    assert list(spill_dir.iterdir()) == []


def test_what_went_missing_on_disk_is_said_not_miscounted(tmp_path, monkeypatch):
    from workbench.pii.distinct import SpillError

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with HashSpill(budget_bytes=0) as spill:
        counter = _fill(spill, _mobiles(9, 4_000), [])
        (run,) = [r for r in counter._runs if r.path is not None][-1:]
        with open(run.path, "r+b") as f:  # cut short by 8 bytes: one hash fewer
            f.truncate(os.path.getsize(run.path) - 8)
        with pytest.raises(SpillError, match="cut short"):
            len(counter)
        os.remove(run.path)
        with pytest.raises(SpillError, match="has gone"):
            len(counter)
    with pytest.raises(SpillError, match="removed when it ended"):
        len(counter)


def test_counters_of_different_scans_or_on_disk_are_not_merged(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with HashSpill(budget_bytes=0) as first, HashSpill(budget_bytes=0) as second:
        a = _fill(first, _mobiles(10, 1_000), [])
        b = _fill(second, _mobiles(11, 1_000), [])
        assert a and b  # truth without reading the disk
        with pytest.raises(ValueError, match="different scans"):
            count_union([a, b])
        fresh = DistinctCounter()
        with pytest.raises(ValueError, match="count_union"):
            fresh |= a
        with pytest.raises(TypeError, match="secret key"):
            pickle.dumps(first)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("", 64 << 20),
        ("0", 0),
        ("0.5", 1 << 19),
        ("inf", float("inf")),
        ("nan", 64 << 20),
        ("-3", 64 << 20),
        ("x", 64 << 20),
    ],
)
def test_the_memory_budget_setting(monkeypatch, caplog, raw, expected):
    from workbench.pii.distinct import memory_budget

    monkeypatch.setenv("WORKBENCH_DISTINCT_MEMORY_MB", raw)
    with caplog.at_level(logging.WARNING, logger="workbench.pii.distinct"):
        assert memory_budget() == expected
    assert any("WORKBENCH_DISTINCT_MEMORY_MB" in r.getMessage() for r in caplog.records) == (raw in ("nan", "-3", "x"))


def test_an_infinite_budget_never_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with HashSpill(budget_bytes=float("inf")) as spill:
        counter = _fill(spill, _mobiles(12, 20_000), [])
        assert spill.spilled == 0 and not counter._runs
    assert list(tmp_path.iterdir()) == []


def test_the_garbage_collector_pause_restores_what_it_found():
    import gc

    from workbench.pii.engine import collector_paused

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():  # nested: the inner one leaves it off
                pass
            assert not gc.isenabled()
            raise ZeroDivisionError("a column fails")
    assert gc.isenabled()  # back on after an exception
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_the_folder_of_a_killed_scan_is_removed_by_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    orphan = tmp_path / f"workbench-hashes-{dead_pid}-abc"
    orphan.mkdir()
    (orphan / "run00000.u64").write_bytes(b"\0" * 64)
    alive = tmp_path / f"workbench-hashes-{os.getpid()}-def"  # a scan still running
    alive.mkdir()
    other = tmp_path / "workbench-hashes-notes"  # not ours
    other.mkdir()
    with HashSpill(budget_bytes=0) as spill:
        _fill(spill, _mobiles(13, 500), [])
        assert not orphan.exists()
        assert alive.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])
