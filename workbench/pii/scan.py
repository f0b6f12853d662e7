"""Scan files and folders: every table, every column, every cell, with exact counts.

``scan_paths`` is the one entry point; the CLI, the notebooks and the report all call it.
Findings stream to an optional ``on_span`` callback (the CLI writes them as JSON lines);
the returned ``ScanResult`` holds only counts, masked examples and file provenance.
"""
from __future__ import annotations

import datetime
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from ..io import ReadError, discover, file_digest, iter_tables
from .columns import ColumnProfile
from .engine import analyze_column
from .result import FileInfo, ScanResult, TableInfo


def scan_paths(paths: Iterable[str | Path], on_span: Callable[[dict], None] | None = None,
               progress: bool = False, today: datetime.date | None = None) -> ScanResult:
    """Scan every supported file under ``paths``.

    :param paths: files and/or folders (searched recursively)
    :param on_span: called with one dict per finding (file, sheet, row, column, entity,
        start, end, score) — offsets into the cell text, never the value
    :param progress: show a progress bar (terminal or Jupyter)
    :param today: reference date for ages (default: today)
    :raises ReadError: when a path does not exist; unreadable files are reported in
        ``FileInfo.error`` and the scan goes on with the others
    """
    started = time.perf_counter()
    today = today or datetime.date.today()
    files = discover(paths)
    profiles: list[ColumnProfile] = []
    infos: list[FileInfo] = []
    bar = _progress(files, progress)
    for path in files:
        info = FileInfo(path.name, str(path), path.stat().st_size, file_digest(path))
        infos.append(info)
        try:
            for table in iter_tables(path):
                table_profiles = [ColumnProfile(table.file, table.sheet, c) for c in table.columns]
                rows = 0
                for chunk in table.chunks():
                    _scan_chunk(chunk, table, table_profiles, rows, on_span, today)
                    rows += len(chunk)
                    if bar is not None:
                        bar.set_postfix_str(f"{path.name} {rows:,} rows", refresh=False)
                warnings = list(table.warnings) + [w for p in table_profiles for w in p.warnings()]
                info.tables.append(TableInfo(table.sheet, rows, len(table.columns), table.encoding, warnings))
                profiles.extend(table_profiles)
        except ReadError as exc:
            info.error = exc.problem
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    distinct: dict[str, set] = defaultdict(set)
    minors: set = set()
    for p in profiles:
        for name, s in p.stats.items():
            distinct[name] |= s.distinct
        minors |= p.minors
    return ScanResult(infos, [p.summary() for p in profiles],
                      {name: len(v) for name, v in sorted(distinct.items())}, len(minors),
                      round(time.perf_counter() - started, 3), datetime.datetime.now().isoformat(timespec="seconds"))


def _scan_chunk(chunk, table, profiles, first_row, on_span, today) -> None:
    for profile, column in zip(profiles, table.columns):
        values = chunk[column] if column in chunk.columns else chunk.iloc[:, table.columns.index(column)]
        findings = analyze_column(values, column)
        for offset, text in enumerate(values):
            text = text if isinstance(text, str) else ""
            cell = findings.get(text, [])
            profile.add(text, cell, today)
            if on_span is not None:
                for f in cell:
                    on_span({"file": table.file, "sheet": table.sheet, "row": first_row + offset,
                             "column": column, "entity": f.entity, "start": f.start, "end": f.end,
                             "score": f.score})


def _progress(files, enabled):
    if not enabled or not files:
        return None
    from tqdm.auto import tqdm
    return tqdm(total=len(files), unit="file", desc="scan")
