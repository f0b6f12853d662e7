"""An in-process kernel for batch workers: notebooks run inside the worker's interpreter.

A batch worker renders many companies; with a kernel per notebook each one pays a
kernel start and the imports of Presidio, spaCy, LAC and matplotlib again.  Run
in-process, those imports stay in the worker's module cache.  Each notebook still gets
a fresh kernel (a fresh user namespace).  ipykernel's InProcessKernelManager predates
nbclient's ``shutdown_kernel(now=...)`` call; this subclass accepts it.
"""
from __future__ import annotations

from ipykernel.inprocess.manager import InProcessKernelManager

INPROCESS = f"{__name__}.WorkerKernelManager"


class WorkerKernelManager(InProcessKernelManager):
    def shutdown_kernel(self, now: bool = False, restart: bool = False):  # noqa: D102
        return super().shutdown_kernel()

    def interrupt_kernel(self):  # noqa: D102 - nothing to interrupt in-process
        return None
