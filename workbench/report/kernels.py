"""The kernel that runs report notebooks talks over Unix sockets, not TCP.

Jupyter kernels default to ZMQ over TCP on 127.0.0.1.  Client data has no business on
any network interface, even loopback, so report kernels use jupyter_client's ``ipc``
transport (files in a private temporary folder).  This also silences ipykernel's
"running over TCP without encryption" warning.
"""
from __future__ import annotations

import tempfile

from jupyter_client.manager import KernelManager

IPC_KERNEL_MANAGER = f"{__name__}.IpcKernelManager"


class IpcKernelManager(KernelManager):
    """A KernelManager whose channels are Unix domain sockets in a private folder."""

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        if self.transport == "ipc":
            self._ipc_dir = tempfile.TemporaryDirectory(prefix="workbench-kernel-")
            self.ip = f"{self._ipc_dir.name}/kernel"
