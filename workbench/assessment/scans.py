"""The last scan of a company, kept beside its answers so a new session need not rescan.

The file (``.last-scan.json`` in the company folder; hidden, so a dataset entry ``.`` does not
scan it as data) holds what ``workbench scan --json-out``
writes — counts, column summaries and masked examples, never a raw value — plus the paths
that were scanned. Each scanned file is keyed by its content hash (``FileInfo.sha256``): the
kept scan counts only while every file still has the same hash and no file was added or
removed under those paths.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..io import ReadError, discover, file_digest
from ..pii import ScanResult
from ..atomic import write_atomic
from .model import AssessmentError

CACHE_NAME = ".last-scan.json"
FORMAT = "workbench-scan-cache/1"


@dataclass(frozen=True)
class CachedScan:
    """A kept scan and what changed on disk since it was taken."""

    scan: ScanResult
    #: when the scan finished (ISO time, local)
    taken_at: str
    #: files added, removed or changed since (relative to the company folder); empty: still valid
    changed: tuple[str, ...]

    @property
    def fresh(self) -> bool:
        return not self.changed


class ScanCache:
    """``.last-scan.json`` of one company folder."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder).resolve()
        self.path = self.folder / CACHE_NAME

    def save(self, inputs, scan: ScanResult) -> None:
        """Keep ``scan`` (of ``inputs``: files or folders) with the company."""
        data = {"format": FORMAT, "inputs": [self._key(p) for p in inputs],
                "files": {self._key(f.path): f.sha256 for f in scan.files}, "scan": scan.to_dict()}
        try:
            previous = os.stat(self.path)
        except FileNotFoundError:
            previous = None
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1), previous)

    def load(self) -> CachedScan | None:
        """The kept scan (None when there is none); a broken file raises ``AssessmentError``."""
        if not self.path.is_file():
            return None
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"expected format '{FORMAT}'")
            scan = ScanResult.from_dict(data["scan"])
            kept, inputs = dict(data["files"]), [self._path(p) for p in data["inputs"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AssessmentError(self.path, f"the kept scan cannot be read ({exc}); scan again") from None
        try:
            now = {self._key(p): p for p in discover(inputs)}
        except ReadError as exc:
            return CachedScan(scan, scan.scanned_at, (self._key(exc.path),))
        changed = sorted(set(kept) ^ set(now))
        changed += sorted(k for k in set(kept) & set(now) if file_digest(now[k]) != kept[k])
        return CachedScan(scan, scan.scanned_at, tuple(changed))

    def _key(self, path) -> str:
        """A path relative to the company folder where it lies inside it (the folder may move)."""
        path = Path(path).resolve()
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)

    def _path(self, key: str) -> Path:
        return self.folder / key if not os.path.isabs(key) else Path(key)
