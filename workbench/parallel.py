"""Where work runs: this process, a local process pool, or a Dask cluster — one interface.

``executor(name, workers, scheduler)`` returns an object with ``submit(fn, *args)``
returning a future with ``.result()``, and ``close()``.  The scan engine submits table
chunks, the batch submits companies; both keep only a bounded number of tasks in
flight, so memory stays bounded whatever the input size.

- ``local`` with one worker runs tasks inline (no start-up cost for small jobs);
- ``local`` with more uses a ``ProcessPoolExecutor`` (both cores of a laptop);
- ``dask`` joins the cluster at ``scheduler`` (``tcp://host:8786``) or starts a
  ``LocalCluster`` of worker processes when no address is given.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor

ENGINES = ("local", "dask")


def default_workers() -> int:
    return os.cpu_count() or 1


class InlineExecutor:
    """Runs each task at once in this process; futures are already done."""

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future
            future.set_exception(exc)
        return future

    def close(self) -> None:
        pass


class ProcessExecutor:
    """Worker processes started with ``spawn``: forking a process that runs threads (Jupyter
    kernels' ZMQ, ONNX Runtime) can leave a child waiting forever on a copied lock."""

    def __init__(self, workers: int):
        import multiprocessing
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn, *args, **kwargs) -> Future:
        return self.pool.submit(fn, *args, **kwargs)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """A dask.distributed client; its futures have the same ``result()``."""

    def __init__(self, workers: int, scheduler: str | None = None):
        from distributed import Client, LocalCluster
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)

    def submit(self, fn, *args, **kwargs):
        return self.client.submit(fn, *args, pure=False, **kwargs)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def executor(name: str = "local", workers: int | None = None, scheduler: str | None = None):
    """An executor for ``name`` ("local" or "dask"); a scheduler address implies dask."""
    if scheduler:
        name = "dask"
    if name not in ENGINES:
        raise ValueError(f"unknown engine '{name}' (use {' or '.join(ENGINES)})")
    workers = workers or default_workers()
    if name == "dask":
        return DaskExecutor(workers, scheduler)
    return InlineExecutor() if workers <= 1 else ProcessExecutor(workers)
