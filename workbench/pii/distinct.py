"""Exact counts of distinct values (data subjects) in memory that does not grow with the data.

A column's distinct values are counted through their 64-bit hashes (``columns.fingerprints``):
8 bytes a value.  Ten million customers hold tens of millions of distinct identifiers, hundreds
of MB of hashes, so past a budget (``$WORKBENCH_DISTINCT_MEMORY_MB``, default 64) a scan's
``HashSpill`` writes the largest counters' hashes to disk and counts them there, one slice of
the hash space at a time: the counts stay exact and the memory stays flat.

Nothing written can be turned back into an identifier.  The in-memory hashes use pandas' public
SipHash key (every worker must hash alike), and a hash of an ID number under a known key is
found by trying every plausible number; so before a hash leaves memory it is hashed again under
a random key drawn for the scan and kept only in this process's memory.  The files live in a
private temporary folder (mode 0700) removed when the scan ends; a file left by a killed scan
holds keyed hashes whose key died with it.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import string
import tempfile
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

    def _take(self) -> list[np.ndarray]:
        """Hand over the hashes held in memory (sorted, unique, in order) and forget them."""
        self._flush()
        held = [s for s in self._segments if s.size]
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
    spill = next((c._spill for c in counters if c._runs), None)
    if spill is not None:
        return spill.count(counters)
    total = counters[0]
    for other in counters[1:]:
        total |= other
    return len(total)


@dataclass
class _Run:
    """Sorted, unique re-keyed hashes of one spill, and where each slice starts: in a file,
    or in memory when the disk refused them."""

    bounds: list[int]  # 257 offsets (in hashes): slice k is bounds[k]:bounds[k + 1]
    path: str | None = None
    kept: np.ndarray | None = None

    def slice(self, fd: int | None, k: int) -> np.ndarray:
        start, end = self.bounds[k], self.bounds[k + 1]
        if self.kept is not None:
            return self.kept[start:end]
        if start == end or fd is None:
            return _EMPTY
        return np.frombuffer(os.pread(fd, (end - start) * 8, start * 8), dtype=np.uint64)


class HashSpill:
    """One scan's disk space for distinct-value hashes beyond its memory budget.

    ``balance`` after each merged chunk moves the largest counters to disk when the
    counters hold more than the budget; ``count`` reads them back one slice at a time.  Use
    it as a context manager: leaving it removes every file.  A disk that is full or cannot
    be written is reported once in the log and the hashes stay in memory, still exact.
    """

    def __init__(self, budget_bytes: int | None = None):
        if budget_bytes is None:
            budget_bytes = memory_budget()
        self.budget = budget_bytes
        alphabet = string.ascii_letters + string.digits + string.punctuation
        self._key = "".join(secrets.choice(alphabet) for _ in range(16))  # ~105 random bits
        self._folder: str | None = None
        self._failed = False
        self._files = 0
        self.spilled = 0  # hashes written, for the log and the benchmark

    def __enter__(self) -> "HashSpill":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def balance(self, counters: Iterable[DistinctCounter]) -> None:
        """Move the largest counters to disk while the ones in memory hold more than the
        budget (down to half of it, so that each spill writes a large run)."""
        if self._failed:
            return
        counters = [c for c in counters if c.held]
        held = sum(c.held for c in counters) * 8
        if held <= self.budget:
            return
        for counter in sorted(counters, key=lambda c: c.held, reverse=True):
            if held <= self.budget // 2:
                break
            size = counter.held * 8
            if not self._write(counter):
                return
            held -= size

    def count(self, counters: list[DistinctCounter]) -> int:
        """Distinct hashes in the union of ``counters`` (on disk or in memory), read one
        slice of the hash space at a time; the hashes still in memory go to disk first."""
        for counter in counters:
            if counter.held:
                self._write(counter)
        runs = [run for c in counters for run in c._runs]
        fds = [None if run.path is None else os.open(run.path, os.O_RDONLY) for run in runs]
        try:
            total = 0
            for k in range(256):
                parts = [run.slice(fd, k) for run, fd in zip(runs, fds)]
                parts = [p for p in parts if p.size]
                if len(parts) == 1:
                    total += parts[0].size  # a run is unique already
                elif parts:
                    total += np.unique(np.concatenate(parts)).size
            return total
        finally:
            for fd in fds:
                if fd is not None:
                    os.close(fd)

    def _write(self, counter: DistinctCounter) -> bool:
        """Move the counter's in-memory hashes to a new run on disk; False if the disk
        refuses them (or refused earlier): the run is then kept in memory, re-keyed."""
        keyed = self._rekeyed(counter._take())
        counter._spill = self
        if self._failed:
            counter._runs.append(_Run(_bounds(keyed), kept=keyed))
            return False
        path = None
        try:
            if self._folder is None:
                self._folder = tempfile.mkdtemp(prefix="workbench-hashes-")  # mode 0700
            path = os.path.join(self._folder, f"run{self._files:05d}.u64")
            self._files += 1
            with open(path, "wb") as out:
                out.write(keyed.data.cast("B"))  # (``tofile`` would lose the errno)
        except OSError as exc:
            if path is not None and os.path.exists(path):
                os.remove(path)
            self._failed = True
            log.warning(
                "distinct values: hashes could not be written to %s (%s); counted in memory from now on",
                self._folder or tempfile.gettempdir(),
                exc.strerror or exc,
            )
            counter._runs.append(_Run(_bounds(keyed), kept=keyed))
            return False
        counter._runs.append(_Run(_bounds(keyed), path=path))
        self.spilled += int(keyed.size)
        log.debug("distinct values: %s hashes moved to disk", f"{keyed.size:,}")
        return True

    def _rekeyed(self, parts: list[np.ndarray]) -> np.ndarray:
        """The unique hashes of ``parts``, which it empties, hashed again under this scan's
        secret key (SipHash of each hash's 8 bytes), sorted; about one copy of the hashes
        at a time: each part is let go once the next one is taken."""
        out = np.empty(sum(p.size for p in parts), dtype=np.uint64)
        filled = 0
        while parts:
            part = parts.pop(0)
            for start in range(0, part.size, _REKEY_BATCH):
                piece = part[start : start + _REKEY_BATCH]
                # 'S8' drops trailing zero bytes, which keeps distinct 8-byte strings distinct
                out[filled : filled + piece.size] = pd.util.hash_array(
                    piece.view("S8").astype(object), hash_key=self._key, categorize=False
                )
                filled += piece.size
        out.sort()
        if out.size > 1 and (out[1:] == out[:-1]).any():  # a collision of the new key: next to never
            out = np.unique(out)
        return out


def memory_budget() -> int:
    """Bytes of hashes a scan keeps in memory (``$WORKBENCH_DISTINCT_MEMORY_MB``)."""
    raw = os.environ.get(MEMORY_BUDGET_ENV, "").strip()
    try:
        mib = float(raw) if raw else DEFAULT_MEMORY_MB
    except ValueError:
        log.warning("%s=%r is not a number of MiB; %d is used", MEMORY_BUDGET_ENV, raw, DEFAULT_MEMORY_MB)
        mib = DEFAULT_MEMORY_MB
    return max(int(mib * (1 << 20)), 0)


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
