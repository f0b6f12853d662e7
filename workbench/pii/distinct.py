"""Exact counts of distinct values (data subjects) in memory that does not grow with the data.

A column's distinct values are counted through their 64-bit hashes (``columns.fingerprints``):
8 bytes a value.  Ten million customers hold tens of millions of distinct identifiers, hundreds
of MB of hashes, so past a budget (``$WORKBENCH_DISTINCT_MEMORY_MB``, default 64) a scan's
``HashSpill`` writes the largest counters' hashes to disk and counts them there, one slice of
the hash space at a time: the counts stay exact and the memory stays flat.

Nothing written can be turned back into an identifier.  The in-memory hashes use pandas' public
SipHash key (every worker must hash alike), and a hash of an ID number under a known key is
found by trying every plausible number; so before a hash leaves memory it goes through a
permutation keyed by a random secret drawn for the scan and kept only in this process's memory
(a permutation, so the counts stay those of the memory).  The files live in a private
temporary folder (mode 0700, files 0600) removed when the scan ends; a folder left by a killed
scan (``workbench-hashes-<pid>-…``) holds values whose key died with it.
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import shutil
import string
import tempfile
import weakref
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

#: hashes kept in memory by one scan before the largest counters go to disk, in MiB
MEMORY_BUDGET_ENV = "WORKBENCH_DISTINCT_MEMORY_MB"
DEFAULT_MEMORY_MB = 64
#: hashes re-keyed at a time (the keyed hash takes a 41-byte bytes object a value: 12 MB)
_REKEY_BATCH = 1 << 18
#: where slices 1..255 of the 64-bit hash space begin (slices by top byte)
_STARTS = np.arange(1, 256, dtype=np.uint64) << np.uint64(56)
_EMPTY = np.empty(0, dtype=np.uint64)
_32 = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)


class DistinctCounter:
    """Exact count of distinct values through their 64-bit hashes.

    Hashes are kept sorted (8 bytes a value, where a Python set of ints takes ~60) in 256
    segments by their top byte.  New hashes wait in a small sorted buffer that is merged
    into the segments when it reaches 1/16 of them: each hash is copied a few times,
    not once per batch, and a merge copies one segment at a time, so a column of ten
    million people never needs its array twice in memory.  Counts stay exact (a 64-bit
    collision among a billion values has a probability below 3%, among ten million
    below one in 300,000).  A scan's ``HashSpill`` may move the hashes to disk (``runs``);
    ``len`` then counts both.
    """

    BUFFER = 1 << 16

    def __init__(self):
        self._segments = [_EMPTY] * 256
        self._buffer = _EMPTY
        self._stored = 0
        self._runs: list[_Run] = []  # hashes on disk, re-keyed (``HashSpill``)
        self._spill: HashSpill | None = None

    @property
    def held(self) -> int:
        """Hashes held in memory."""
        return self._stored + int(self._buffer.size)

    def update(self, hashes: np.ndarray) -> None:
        """Add a batch of hashes."""
        if hashes.size:
            self._add(np.unique(hashes.astype(np.uint64, copy=False)))

    def _add(self, new: np.ndarray) -> None:
        """Add sorted unique hashes."""
        unknown = np.ones(new.size, dtype=bool)
        for segment, start, end in _split(new):
            known = self._segments[segment]
            if known.size:
                unknown[start:end] = _absent(known, new[start:end])
        self._buffer = _insert_unknown(self._buffer, new[unknown])
        if self._buffer.size > max(self.BUFFER, self._stored >> 4):
            self._flush()

    def _flush(self) -> None:
        """Merge the buffer (hashes in no segment) into the segments."""
        buffer, self._buffer = self._buffer, _EMPTY
        for segment, start, end in _split(buffer):
            known, part = self._segments[segment], buffer[start:end]
            self._segments[segment] = (
                np.insert(known, np.searchsorted(known, part), part) if known.size else part.copy()
            )
        self._stored += buffer.size

    def _held_parts(self) -> list[np.ndarray]:
        """The hashes held in memory (sorted, unique, in order), left in place."""
        self._flush()
        return [s for s in self._segments if s.size]

    def _take(self) -> list[np.ndarray]:
        """Hand over the hashes held in memory (sorted, unique, in order) and forget them."""
        held = self._held_parts()
        self._segments, self._stored = [_EMPTY] * 256, 0
        return held

    def __ior__(self, other: "DistinctCounter") -> "DistinctCounter":
        if other._runs:  # only a scan's own totals hold runs, and they are counted by ``count_union``
            raise ValueError("a counter with hashes on disk is counted with count_union, not merged")
        other._flush()  # invisible to ``other``: its hashes move into its segments
        batch: list[np.ndarray] = []
        for segment in other._segments:  # in batches of about a million: small copies
            if segment.size:
                batch.append(segment)
            if sum(map(len, batch)) >= 1 << 20:
                self._add(np.concatenate(batch))  # sorted and unique: segments are disjoint, in order
                batch = []
        if batch:
            self._add(np.concatenate(batch))
        return self

    def __bool__(self) -> bool:
        return bool(self.held or self._runs)  # not ``len``: that may read the disk

    def __len__(self) -> int:
        if self._runs:
            assert self._spill is not None
            return self._spill.count([self])
        return self.held

    def __getstate__(self):
        if self._runs:  # the runs are files of this process, keyed by its secret
            raise TypeError("a counter with hashes on disk cannot leave its process")
        state = self.__dict__.copy()
        state["_spill"] = None
        return state


def count_union(counters: Iterable[DistinctCounter]) -> int:
    """Distinct hashes in the union of ``counters``, which it consumes (the first one takes
    the others' hashes in memory; no second copy is made)."""
    counters = list(counters)
    if not counters:
        return 0
    spills = {id(c._spill): c._spill for c in counters if c._spill is not None}
    if len(spills) > 1:  # each re-keys under its own secret: their hashes do not compare
        raise ValueError("counters of different scans cannot be counted together")
    if spills:
        (spill,) = spills.values()
        assert spill is not None
        return spill.count(counters)
    total = counters[0]
    for other in counters[1:]:
        total |= other
    return len(total)


class SpillError(RuntimeError):
    """The hashes a scan moved to disk cannot be read back (removed, cut short)."""


@dataclass
class _Run:
    """Sorted, unique re-keyed hashes of one spill, and where each slice starts: in a file,
    or in memory when the disk refused them."""

    bounds: list[int]  # 257 offsets (in hashes): slice k is bounds[k]:bounds[k + 1]
    path: str | None = None
    kept: np.ndarray | None = None

    @property
    def size(self) -> int:
        return self.bounds[-1]

    def slices(self, first: int, last: int) -> list[np.ndarray]:
        """Slices ``first`` .. ``last - 1``, read in one go (a file is opened only for that)."""
        start, end = self.bounds[first], self.bounds[last]
        if self.kept is not None:
            block = self.kept[start:end]
        elif start == end:
            block = _EMPTY
        else:
            assert self.path is not None
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                raise SpillError(
                    f"distinct values: {self.path} has gone (a temp-folder cleaner?); the counts cannot be finished"
                ) from None
            try:
                data = os.pread(fd, (end - start) * 8, start * 8)
            finally:
                os.close(fd)
            if len(data) != (end - start) * 8:
                raise SpillError(f"distinct values: {self.path} was cut short; the counts cannot be finished")
            block = np.frombuffer(data, dtype=np.uint64)
        return [
            block[a - start : b - start] for a, b in zip(self.bounds[first:last], self.bounds[first + 1 : last + 1])
        ]


class HashSpill:
    """One scan's disk space for distinct-value hashes beyond its memory budget.

    ``balance`` after each merged chunk moves the largest counters to disk when the
    counters hold more than the budget; ``count`` reads them back a few slices of the hash
    space at a time.  Use it as a context manager: leaving it removes every file (and so
    does the interpreter's exit).  A counter is kept to ``MAX_RUNS`` files by merging them.
    A disk that is full or cannot be written is said once in the log and the hashes stay
    in memory (re-keyed), the counts exact.

    Re-keying is a permutation of the 64-bit hashes (a four-round Feistel network whose
    round function is SipHash under the scan's key), so counts on disk equal counts in
    memory exactly, whatever the key.
    """

    #: files per counter before they are merged into one
    MAX_RUNS = 8
    #: slices read at a time by ``count`` (of 256: about 1/32 of the hashes in memory)
    SLICES_AT_A_TIME = 8

    def __init__(self, budget_bytes: float | None = None):
        self.budget = memory_budget() if budget_bytes is None else budget_bytes
        alphabet = string.ascii_letters + string.digits + string.punctuation
        self._key = "".join(secrets.choice(alphabet) for _ in range(16))  # ~105 random bits
        self._folder: str | None = None
        self._remove_folder: weakref.finalize | None = None
        self._failed = False
        self._closed = False
        self._files = 0
        self.spilled = 0  # hashes written, for the log and the benchmark

    def __reduce__(self):
        raise TypeError("a scan's HashSpill holds its secret key and stays in its process")

    def __enter__(self) -> "HashSpill":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Remove every file; counters with hashes on disk cannot be counted after."""
        self._closed = True
        if self._remove_folder is not None:
            self._remove_folder()

    def balance(self, counters: Iterable[DistinctCounter]) -> None:
        """Move the largest counters to disk while the ones in memory hold more than the
        budget (down to half of it, so that a spill is worth its file)."""
        if self._failed:
            return
        counters = [c for c in counters if c.held]
        held = sum(c.held for c in counters) * 8
        if held <= self.budget:
            return
        for counter in sorted(counters, key=lambda c: c.held, reverse=True):
            if held <= self.budget / 2:
                break
            size = counter.held * 8
            if not self._write(counter):
                return
            held -= size

    def count(self, counters: list[DistinctCounter]) -> int:
        """Distinct hashes in the union of ``counters``, on disk or in memory, read a few
        slices of the hash space at a time.  Nothing is written: the hashes still in
        memory are re-keyed into a copy for the count (at most the budget)."""
        if self._closed:
            raise SpillError("distinct values: the scan's hashes on disk were removed when it ended")
        runs = [run for c in counters for run in c._runs]
        runs += [_in_memory(self._permuted(c._held_parts())) for c in counters if c.held]
        return sum(unique.size for unique in self._merged_slices(runs))

    def _merged_slices(self, runs: list[_Run]):
        """The union of ``runs``, slice by slice (sorted, unique)."""
        for first in range(0, 256, self.SLICES_AT_A_TIME):
            last = first + self.SLICES_AT_A_TIME
            per_run = [run.slices(first, last) for run in runs if run.bounds[first] < run.bounds[last]]
            for k in range(last - first):
                parts = [slices[k] for slices in per_run if slices[k].size]
                if len(parts) == 1:
                    yield parts[0]  # a run is unique already
                else:
                    yield np.unique(np.concatenate(parts)) if parts else _EMPTY

    def _write(self, counter: DistinctCounter) -> bool:
        """Move the counter's in-memory hashes to a new run on disk; False if the disk
        refuses them (or refused earlier): the run is then kept in memory, re-keyed."""
        keyed = self._permuted(counter._take())
        counter._spill = self
        path = None
        if not self._failed:
            try:
                path = self._new_file([keyed])
            except OSError as exc:
                self._failed = True
                log.warning(
                    "distinct values: hashes could not be written to %s (%s); counted in memory from now on",
                    self._folder or tempfile.gettempdir(),
                    exc.strerror or exc,
                )
        if path is None:
            counter._runs.append(_in_memory(keyed))
            return False
        counter._runs.append(_Run(_bounds(keyed), path=path))
        self.spilled += int(keyed.size)
        log.debug("distinct values: %s hashes moved to disk", f"{keyed.size:,}")
        if sum(run.path is not None for run in counter._runs) > self.MAX_RUNS:
            self._compact(counter)
        return True

    def _compact(self, counter: DistinctCounter) -> None:
        """Merge the counter's files into one (a few slices in memory at a time); the
        files stay as they are if the disk refuses."""
        on_disk = [run for run in counter._runs if run.path is not None]
        sizes: list[int] = []
        try:
            path = self._new_file(self._merged_slices(on_disk), sizes)
        except OSError as exc:
            log.warning("distinct values: hashes could not be merged in %s (%s)", self._folder, exc.strerror or exc)
            return
        merged = _Run([0, *np.cumsum(sizes).tolist()], path=path)
        counter._runs = [run for run in counter._runs if run.path is None] + [merged]
        for run in on_disk:
            assert run.path is not None
            os.remove(run.path)
        log.debug("distinct values: %d files merged into one of %s hashes", len(on_disk), f"{merged.size:,}")

    def _new_file(self, blocks, sizes: list[int] | None = None) -> str:
        """Write sorted ``blocks`` of hashes to a new file of the private folder (only this
        user may read it); ``sizes`` gets each block's length.  A partial file is removed."""
        if self._folder is None:
            _remove_orphans()
            self._folder = tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-")  # mode 0700
            self._remove_folder = weakref.finalize(self, shutil.rmtree, self._folder, True)
        path = os.path.join(self._folder, f"run{self._files:05d}.u64")
        self._files += 1
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                for block in blocks:
                    out.write(block.data.cast("B"))  # (``tofile`` would lose the errno)
                    if sizes is not None:
                        sizes.append(int(block.size))
        except OSError:
            if os.path.exists(path):
                os.remove(path)
            raise
        return path

    def _permuted(self, parts: list[np.ndarray]) -> np.ndarray:
        """The hashes of ``parts`` (unique), which it empties, through this scan's secret
        permutation, sorted; about one copy of the hashes at a time: each part is let go
        once the next one is taken."""
        out = np.empty(sum(p.size for p in parts), dtype=np.uint64)
        filled = 0
        while parts:
            part = parts.pop(0)
            for start in range(0, part.size, _REKEY_BATCH):
                piece = part[start : start + _REKEY_BATCH]
                out[filled : filled + piece.size] = self._feistel(piece)
                filled += piece.size
        out.sort()
        return out

    def _feistel(self, hashes: np.ndarray) -> np.ndarray:
        """A keyed permutation of 64-bit values: four Feistel rounds on 32-bit halves."""
        left = (hashes >> _32).astype(np.uint32)
        right = (hashes & _LOW).astype(np.uint32)
        for round_ in range(4):
            left, right = right, left ^ self._round(right, round_)
        return (left.astype(np.uint64) << _32) | right.astype(np.uint64)

    def _round(self, half: np.ndarray, round_: int) -> np.ndarray:
        """SipHash under the scan's key of a half's 4 bytes and the round's number (a fifth
        byte, never zero: 'S8' drops trailing zero bytes, which cannot merge two inputs)."""
        data = (half.astype(np.uint64) | np.uint64((round_ + 1) << 32)).view("S8").astype(object)
        return (pd.util.hash_array(data, hash_key=self._key, categorize=False) & _LOW).astype(np.uint32)


_PREFIX = "workbench-hashes-"


def _remove_orphans() -> None:
    """Remove the folders of scans that were killed (their process is gone): this user's
    ``workbench-hashes-<pid>-…`` in the temp folder.  Their values are useless without the
    key that died with them; this gives the disk space back."""
    root = tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        pid = name[len(_PREFIX) :].split("-", 1)[0]
        if not (name.startswith(_PREFIX) and pid.isdigit()) or _alive(int(pid)):
            continue
        path = os.path.join(root, name)
        try:
            if os.stat(path, follow_symlinks=False).st_uid == os.getuid() and os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
                log.debug("distinct values: removed %s, left by a scan that was stopped", path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _in_memory(keyed: np.ndarray) -> _Run:
    return _Run(_bounds(keyed), kept=keyed)


def memory_budget() -> float:
    """Bytes of hashes a scan keeps in memory (``$WORKBENCH_DISTINCT_MEMORY_MB``; ``inf``:
    never on disk).  A value that is no number of MiB is said in the log and the default
    used: a scan is not stopped for a tuning setting."""
    raw = os.environ.get(MEMORY_BUDGET_ENV, "").strip()
    try:
        mib = float(raw) if raw else DEFAULT_MEMORY_MB
    except ValueError:
        mib = math.nan
    if math.isnan(mib) or mib < 0:
        log.warning(
            "%s=%r is not a number of MiB (0 or more, inf for never on disk); %d is used",
            MEMORY_BUDGET_ENV,
            raw,
            DEFAULT_MEMORY_MB,
        )
        mib = DEFAULT_MEMORY_MB
    return mib * (1 << 20)


def _bounds(hashes: np.ndarray) -> list[int]:
    """Offsets of the 256 top-byte slices of sorted ``hashes``."""
    return [0, *np.searchsorted(hashes, _STARTS).tolist(), int(hashes.size)]


def _split(hashes: np.ndarray):
    """(segment, start, end) of the sorted ``hashes`` in each segment they reach."""
    bounds = _bounds(hashes)
    return [(segment, start, end) for segment, (start, end) in enumerate(zip(bounds, bounds[1:])) if start < end]


def _absent(known: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Which of the ``new`` hashes the sorted, non-empty ``known`` lacks."""
    return known[np.minimum(np.searchsorted(known, new), known.size - 1)] != new


def _insert_unknown(known: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The sorted ``known`` hashes with those of the sorted unique ``new`` not among them."""
    if not known.size:
        return new
    fresh = new[_absent(known, new)]
    # ``np.insert`` copies even when there is nothing to add
    return np.insert(known, np.searchsorted(known, fresh), fresh) if fresh.size else known
