"""Run a command with its address space capped: ``python memcap.py MIB -- CMD...``.

The report kernel is started through this module (see ``kernels.IpcKernelManager``): the
limit (``RLIMIT_AS``) is set here and survives ``exec``, so the kernel itself starts capped.
A runaway kernel (a YAML alias bomb once grew one to 14.5 GB) then gets ``MemoryError``
instead of swapping the consultant's machine to a halt.  An argv wrapper rather than a
``preexec_fn``: the parent runs threads (ZMQ, asyncio), and Python code between ``fork``
and ``exec`` in a threaded process can deadlock.  Run by its path, not with ``-m``: it
imports nothing of the package, so it works whatever the kernel's import path.
"""

from __future__ import annotations

import os
import sys


def cap(mib: int) -> None:
    """Limit this process (and what it execs) to ``mib`` MiB of address space; 0: no limit."""
    if mib > 0:
        import resource

        limit = mib << 20
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:  # never ask above the hard limit (refused)
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: python memcap.py MIB -- COMMAND [ARG...]")
    cap(int(argv[0]))
    os.execvp(argv[2], argv[2:])


if __name__ == "__main__":
    main(sys.argv[1:])
