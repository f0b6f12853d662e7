"""The kernel that runs report notebooks: Unix sockets, an asynchronous client, a memory cap.

Jupyter kernels default to ZMQ over TCP on 127.0.0.1.  Client data has no business on
any network interface, even loopback, so report kernels use jupyter_client's ``ipc``
transport (files in a private temporary folder).  This also silences ipykernel's
"running over TCP without encryption" warning.

The manager is jupyter_client's *asynchronous* one, as nbclient expects: with the
blocking manager nbclient's wait for a cell's output (``get_msg(timeout=None)``) blocks
the event loop, its once-a-second "is the kernel alive?" check never runs, and a kernel
killed mid-cell (``kill -9``, the OOM killer) left ``render_report`` waiting forever
(seen with py-spy: ``_async_poll_output_msg`` → ``zmq poll``).

The kernel is started through ``memcap`` with an address-space limit of
``$WORKBENCH_REPORT_MEMORY_MB`` MiB (default ``MEMORY_MB``; 0 removes the limit).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from . import memcap

#: the default cap on a report kernel's address space, in MiB: a normal report kernel
#: reserves about 1.3 GiB of address space and uses 170 MiB (measured on the samples)
MEMORY_MB = 8192


def memory_limit_mb() -> int:
    """The report kernel's memory cap in MiB ($WORKBENCH_REPORT_MEMORY_MB; 0: none)."""
    try:
        return max(0, int(os.environ.get("WORKBENCH_REPORT_MEMORY_MB", MEMORY_MB)))
    except ValueError:
        return MEMORY_MB


class IpcKernelManager(AsyncKernelManager):
    """A kernel manager whose channels are Unix domain sockets in a private folder, whose
    kernel runs under a memory cap, and which remembers how its kernel ended."""

    #: a list in the class made by ``for_one_run``: the managers nbclient created with it
    managers: list | None = None
    #: where the kernel process's own stdout / stderr go (``for_one_run``); None: inherited
    log_path: Path | None = None

    @classmethod
    def for_one_run(cls, log_path: Path | None = None) -> type[IpcKernelManager]:
        """A subclass for one notebook run: nbclient builds its manager from a class, and
        this one keeps the manager in ``managers`` so the caller can ask how the kernel ended.
        ``log_path`` receives what the kernel process prints outside cells (a crash at start-up)."""
        return type(cls.__name__, (cls,), {"managers": [], "log_path": log_path})

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        if self.managers is not None:
            self.managers.append(self)
        #: how the kernel ended when it was found dead (-9: SIGKILL), else None
        self.exit_status: int | None = None
        if self.transport == "ipc":
            self._ipc_dir = tempfile.TemporaryDirectory(prefix="workbench-kernel-")
            self.ip = f"{self._ipc_dir.name}/kernel"

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if sys.platform.startswith("linux") and memory_limit_mb():
            # the script by its path: the kernel's start needs no import path to find the package
            cmd = [sys.executable, memcap.__file__, str(memory_limit_mb()), "--", *cmd]
        return cmd

    # (jupyter_client types these as plain callables; on AsyncKernelManager they are coroutines)
    async def start_kernel(self, **kw) -> None:  # type: ignore[override]
        if self.log_path is None:
            return await super().start_kernel(**kw)
        with open(self.log_path, "ab") as log:  # the kernel holds its own copy of the handle
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", log)
            await super().start_kernel(**kw)

    async def cleanup_resources(self, restart: bool = False) -> None:  # type: ignore[override]
        # nbclient calls this, and not shutdown_kernel, for a kernel it found dead: the
        # process is still known here (-9: killed by SIGKILL, as the OOM killer does)
        if self.exit_status is None and self.provisioner is not None and self.provisioner.has_process:
            self.exit_status = await self.provisioner.poll()
        await super().cleanup_resources(restart=restart)
