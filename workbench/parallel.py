"""Where work runs: this process, a local process pool, or a Dask cluster — one interface.

``executor(name, workers, scheduler)`` returns an object with ``submit(fn, *args)``
returning a future with ``.result()``, and ``close()``.  The scan engine runs table
chunks through ``in_order``, the batch submits companies; both keep only a bounded
number of tasks in flight, so memory stays bounded whatever the input size.

- ``local`` with one worker runs tasks inline (no start-up cost for small jobs);
- ``local`` with more uses a ``ProcessPoolExecutor`` (both cores of a laptop); with
  ``caller_works`` this process is one of the workers, so one process fewer starts;
- ``dask`` joins the cluster at ``scheduler`` (``tcp://host:8786``) or starts a
  ``LocalCluster`` of worker processes when no address is given.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

ENGINES = ("local", "dask")
log = logging.getLogger(__name__)


def default_workers() -> int:
    return os.cpu_count() or 1


class InlineExecutor:
    """Runs each task at once in this process; futures are already done."""

    slots = 0
    caller_works = False

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future
            future.set_exception(exc)
        return future

    def close(self) -> None:
        pass


def die_with_parent(parent: int) -> None:
    """Worker initializer: on Linux, ask the kernel to SIGKILL this worker when its parent
    dies (``prctl(PR_SET_PDEATHSIG)``).  A ``kill -9`` of a batch left its two workers
    alive 12 minutes later, holding about 400 MB each (issue 23).  Elsewhere, a no-op.
    (Linux sends the signal when the *thread* that started the worker ends: the pool starts
    workers from the thread that submits, or its manager thread; here both live as long as
    the pool's work: scans and batches submit from the thread that then waits for results.)"""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request: go now
        os.kill(os.getpid(), signal.SIGKILL)


class ProcessExecutor:
    """Worker processes started with ``spawn``: forking a process that runs threads (Jupyter
    kernels' ZMQ, ONNX Runtime) can leave a child waiting forever on a copied lock.

    ``caller_works``: the calling process also runs tasks (``in_order``), as one more
    worker; each worker process holds its own models and imports (about 350 MiB while scanning).
    """

    def __init__(self, workers: int, caller_works: bool = False):
        import multiprocessing

        self.slots = workers
        self.caller_works = caller_works
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )

    def submit(self, fn, *args, **kwargs) -> Future:
        return self.pool.submit(fn, *args, **kwargs)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def loopback_works() -> bool:
    """Is the loopback interface up?  Not in a network namespace without an interface
    (``unshare -n``), where a consultant may run the tool to prove it is offline.

    Asked of the kernel (SIOCGIFFLAGS on ``lo``) rather than by connecting, so the check
    itself makes no connection; elsewhere than Linux, loopback is taken to work.
    """
    import fcntl
    import socket
    import struct

    siocgifflags, iff_up = 0x8913, 0x1
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            answer = fcntl.ioctl(probe.fileno(), siocgifflags, struct.pack("256s", b"lo"))
    except OSError:
        return True
    return bool(struct.unpack("H", answer[16:18])[0] & iff_up)


class DaskExecutor:
    """A dask.distributed client; its futures have the same ``result()``.

    A local cluster's processes talk over loopback TCP; where loopback is down, the cluster
    runs its workers as threads of this process (Dask's in-process transport) and logs so.
    """

    caller_works = False

    def __init__(self, workers: int, scheduler: str | None = None):
        from distributed import Client, LocalCluster

        self.slots = workers
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        elif loopback_works():
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            )
            self.client = Client(self.cluster)
        else:
            log.warning(
                "loopback network unavailable: the local Dask cluster runs in this process "
                "(in-process transport, worker threads: %d)",
                workers,
            )
            # in-process addresses are labelled with "this machine's IP", which Dask finds by
            # routing towards 8.8.8.8 and then looking up the host name; give it the label
            # (an upstream private: tests/test_offline.py's namespace test fails if it changes)
            from distributed.comm import inproc

            inproc.global_manager._ip = "127.0.0.1"
            self.cluster = LocalCluster(
                n_workers=1, threads_per_worker=workers, processes=False, protocol="inproc://", dashboard_address=None
            )
            self.client = Client(self.cluster)

    def submit(self, fn, *args, **kwargs):
        return self.client.submit(fn, *args, pure=False, **kwargs)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def executor(name: str = "local", workers: int | None = None, scheduler: str | None = None, caller_works: bool = False):
    """An executor for ``name`` ("local" or "dask"); a scheduler address implies dask.

    ``caller_works``: a local pool starts ``workers - 1`` processes and the caller, running
    tasks through ``in_order``, is the last worker.
    """
    if scheduler:
        name = "dask"
    if name not in ENGINES:
        raise ValueError(f"unknown engine '{name}' (use {' or '.join(ENGINES)})")
    workers = workers or default_workers()
    if name == "dask":
        return DaskExecutor(workers, scheduler)
    if workers <= 1:
        return InlineExecutor()
    return ProcessExecutor(workers - 1, caller_works=True) if caller_works else ProcessExecutor(workers)


def _run_here(fn: Callable, args: tuple) -> Future:
    return InlineExecutor().submit(fn, *args)


def in_order(pool, fn: Callable, tasks: Iterable[tuple]) -> Iterator:
    """``fn(*args)`` for each ``args`` of ``tasks``, yielded in the order of ``tasks``.

    The pool gets a task for each worker and one queued; when it ``caller_works`` and is
    full, this process runs the next task itself instead of waiting.  Results wait in
    order behind a slower task, a bounded number of them: memory stays bounded.
    """
    slots, helps = pool.slots, pool.caller_works
    limit = 2 * (slots + 1) if helps else slots + 1
    pending: deque[Future] = deque()
    for args in tasks:
        if helps and sum(not f.done() for f in pending) > slots:
            pending.append(_run_here(fn, args))
        else:
            pending.append(pool.submit(fn, *args))
        while pending and (pending[0].done() or len(pending) > limit):
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
