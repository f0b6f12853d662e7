"""Writing files so that a kill or a full disk never leaves half of one.

Every artifact the tool writes (answers, the kept scan, reports, context and summary JSON,
batch state, ``scan.json``) goes through ``write_atomic``: a temporary file beside the
target, flushed to disk, then renamed over it.  A reader sees the old file or the new one.
``write_file`` adds the error a user can act on: "disk full while writing <file>", in English
and Chinese (the wording is in ``workbench.i18n``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .i18n import both_en_first


class WriteError(OSError):
    """A file that could not be written, with its path and the problem (English / Chinese)."""

    def __init__(self, path: Path | str, problem: str, message: str | None = None):
        super().__init__(message or f"{path}: {problem}")
        self.path, self.problem = Path(path), problem


def write_atomic(path: Path | str, data: str | bytes, previous: os.stat_result | None = None) -> None:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path``, then rename it over ``path``.

    A crash leaves the old file or the new one, never half of one; ``previous`` (the old
    file's ``stat``) gives the new file the same mode and owner.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _keep_mode(fh.fileno(), previous)
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def streamed(path: Path | str | None) -> Iterator[StreamedText | None]:
    """A text file written as it goes (spans of a long scan) and put in place only when the
    block ends normally: a kill, an error or ``abandon()`` leaves the old file, or none, and
    no temporary.  Two writers of one path each have their own temporary.  ``None``: no file."""
    if path is None:
        yield None
        return
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            _keep_mode(fh.fileno(), None)
            out = StreamedText(fh)
            yield out
            fh.flush()
            os.fsync(fh.fileno())
        if out.abandoned:
            Path(tmp).unlink(missing_ok=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class StreamedText:
    """The open file of ``streamed``: ``write`` text; ``abandon()`` to keep nothing."""

    def __init__(self, fh):
        self.write, self.abandoned = fh.write, False

    def abandon(self) -> None:
        self.abandoned = True


def write_file(path: Path | str, data: str | bytes) -> None:
    """``write_atomic`` keeping an existing file's mode and owner.

    :raises WriteError: "disk full while writing <file>" on ENOSPC / EDQUOT, the file and the
        system's reason on any other error
    """
    try:
        previous = os.stat(path)
    except FileNotFoundError:
        previous = None
    try:
        write_atomic(path, data, previous)
    except OSError as exc:
        if isinstance(exc, WriteError):
            raise
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise WriteError(
                path, both_en_first("write_disk_full_problem"), both_en_first("write_disk_full", path=path)
            ) from None
        raise WriteError(path, both_en_first("write_failed", problem=exc.strerror or exc)) from None


def _keep_mode(fd: int, previous: os.stat_result | None) -> None:
    """Give the new file the old one's mode and owner (mkstemp makes it 0600, private)."""
    if previous is None:
        os.fchmod(fd, 0o666 & ~_umask())  # what a plain open() would have made
        return
    os.fchmod(fd, previous.st_mode & 0o7777)
    with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
        os.fchown(fd, previous.st_uid, previous.st_gid)


def _umask() -> int:
    """The process's umask, read without changing it: setting it to 0 and back, the only
    portable way, would let a file another thread makes meanwhile (a kernel's, Dask's) be
    world-writable.  Linux states it in /proc (since 4.7); elsewhere the toggle remains."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        with open("/proc/self/status", encoding="ascii") as fh:
            return int(next(line for line in fh if line.startswith("Umask:")).split()[1], 8)
    umask = os.umask(0)
    os.umask(umask)
    return umask
