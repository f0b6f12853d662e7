"""Scan files, folders and databases: every table, every column, every cell, with exact counts.

``scan_paths`` is the one entry point; the CLI, the notebooks and the report call it.
Tables are read in chunks; each chunk is analysed as a task (inline, on a local process
pool using every core, or on a Dask cluster — ``workbench.parallel``) with a bounded
number of chunks in flight, and the per-chunk column profiles are merged in order, so
results do not depend on where the work ran.  A database (a URL or a
``DatabaseSource``) is read the same way, table by table through a server-side cursor
(``workbench.io.database``); its findings name the database where a file's name the file,
and ``schema.table`` where a file's name the sheet.  Findings stream to an optional ``on_span``
callback; the returned ``ScanResult`` holds only counts, masked examples and provenance.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import deque
from pathlib import Path
from contextlib import nullcontext
from typing import Callable, Iterable, NamedTuple

import numpy as np
import pandas as pd

from .. import parallel
from ..io import (
    DOCUMENT_SUFFIXES,
    Database,
    DatabaseError,
    DatabaseSource,
    ReadError,
    TableSkipped,
    discover,
    document_kind,
    file_digest,
    is_database_url,
    iter_tables,
    location,
    regular_file_size,
)
from .columns import ColumnProfile
from .distinct import HashSpill, count_union
from .masking import mask_file_name, mask_identifiers, mask_problem
from .engine import Stopwatch, collector_paused, scan_column, warm_up
from .result import DocumentInfo, FileInfo, ScanResult, TableInfo

log = logging.getLogger(__name__)

#: told the profiles of the table being scanned after each merged chunk (``HashSpill.balance``)
Balance = Callable[[list[ColumnProfile]], None]

#: inputs smaller than this are scanned in this process (worker start-up costs ~2 s)
PARALLEL_FROM_BYTES = 20 << 20


class ChunkSpan(NamedTuple):
    """One finding in one cell of a chunk, as it travels back from a worker."""

    row: int  # 0-based data row in the table
    column: int  # index into the table's columns
    entity: str
    start: int
    end: int
    score: float


def scan_chunk(
    chunk,
    columns: list[str],
    file: str,
    sheet: str | None,
    first_row: int,
    today: datetime.date,
    want_spans: bool,
    headers: list[str] | None = None,
    clock: Stopwatch | None = None,
) -> tuple[list[ColumnProfile], list[ChunkSpan]]:
    """Analyse one chunk of a table: (column profiles, spans). Runs anywhere.

    ``headers`` are the texts detection reads as each column's header (default: the
    column names; a database column's comment joins its name); ``clock`` sums the time
    of each stage (the benchmark's time split)."""
    timed = clock or (lambda stage: nullcontext())
    warm_up()
    with collector_paused():  # the column profiles allocate as much as the detection
        return _scan_chunk(chunk, columns, file, sheet, first_row, today, want_spans, headers, clock, timed)


def _scan_chunk(chunk, columns, file, sheet, first_row, today, want_spans, headers, clock, timed):
    profiles: list = []
    spans: list = []
    for index, column in enumerate(columns):
        with timed("factorize"):
            codes, distinct = pd.factorize(chunk.iloc[:, index])  # missing cells: code -1
            texts = [v if isinstance(v, str) else "" for v in distinct]
            counts = np.bincount(codes[codes >= 0], minlength=len(texts))
        found = scan_column(texts, headers[index] if headers else column, clock=clock)
        with timed("classify"):
            profile = ColumnProfile(file, sheet, column)
            profile.add_distinct(texts, counts, found, today, rows=len(codes))
            profiles.append(profile)
        if want_spans and len(found):
            with timed("spans"):
                spans.extend(_spans(codes, found, first_row, index))
    return profiles, spans


def _spans(codes: np.ndarray, found, first_row: int, index: int) -> Iterable[ChunkSpan]:
    """Every finding in every cell of the chunk's column ``index``."""
    per_value = found.grouped()
    for offset, code in enumerate(codes.tolist()):
        for f in per_value.get(code, ()):
            yield ChunkSpan(first_row + offset, index, f.entity, f.start, f.end, f.score)


def scan_paths(
    paths: Iterable[str | Path],
    on_span: Callable[[dict], None] | None = None,
    progress: bool = False,
    today: datetime.date | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
) -> ScanResult:
    """Scan every supported file under ``paths``, and every database among them.

    :param paths: files and/or folders (searched recursively), database URLs
        (``postgresql://user@host/db``, ``mysql+pymysql://…``, ``sqlite:///file.db``; the
        password from ``$WORKBENCH_DB_PASSWORD``) or ``DatabaseSource`` objects
    :param on_span: called with one dict per finding (file, sheet, row, column, entity,
        start, end, score) — offsets into the cell text, never the value; findings in
        documents also carry page, part, line and (OCR) box, their row being the line's
        number in the document's ``text`` table
    :param progress: show a progress bar (terminal or Jupyter)
    :param today: reference date for ages (default: today)
    :param engine: "local" (this machine) or "dask"
    :param workers: parallel workers (default: every core for files over 20 MB, else 1;
        a database's size is not known ahead, so pass ``workers`` for a large one)
    :param scheduler: address of a Dask scheduler to join (implies engine="dask")
    :raises ReadError: when a path does not exist; unreadable files are reported in
        ``FileInfo.error`` and the scan goes on with the others
    """
    started = time.perf_counter()
    today = today or datetime.date.today()
    paths = list(paths)
    databases = [
        p if isinstance(p, DatabaseSource) else DatabaseSource(str(p))
        for p in paths
        if isinstance(p, DatabaseSource) or is_database_url(p)
    ]
    files = discover([p for p in paths if not (isinstance(p, DatabaseSource) or is_database_url(p))])
    if workers is None:
        big = sum(map(_size, files)) >= PARALLEL_FROM_BYTES
        workers = parallel.default_workers() if big or engine == "dask" or scheduler else 1
    # this process reads the chunks and scans some itself: one model-holding process fewer
    log.debug(
        "scanning %d file(s) and %d database(s) with %d worker(s) (engine %s)",
        len(files),
        len(databases),
        workers,
        engine,
    )
    # the distinct-value hashes past a memory budget go to disk (permuted), counted there
    spill = HashSpill()
    pool = parallel.executor(engine, workers, scheduler, caller_works=True)
    profiles: list[ColumnProfile] = []
    infos: list[FileInfo] = []
    bar = _progress(files, progress)
    done_bytes = 0

    def balance(current: list[ColumnProfile]) -> None:
        spill.balance(c for p in (*profiles, *current) for c in p.counters())

    try:
        for path in files:
            # the bar counts bytes: a file's share as its chunks are scanned, where the reader
            # can tell (CSV, Parquet, .xlsx), else the whole file when it is done
            info = _scan_file(
                path,
                pool,
                on_span,
                today,
                profiles,
                lambda size, before=done_bytes: None if bar is None else _advancer(bar, before, size),
                balance,
            )
            infos.append(info)
            done_bytes += info.size
        for source in databases:
            infos.append(_scan_database(source, pool, on_span, today, profiles, balance))
        log.debug(
            "scan done: %d file(s), %d column(s) in %.2fs", len(infos), len(profiles), time.perf_counter() - started
        )
        summaries = [p.summary() for p in profiles]
        distinct, minors = _people(profiles)
    finally:
        spill.close()  # first: it cannot fail, and its files must not outlive the scan
        pool.close()
        if bar is not None:
            bar.close()
    return ScanResult(
        infos,
        summaries,
        distinct,
        minors,
        round(time.perf_counter() - started, 3),
        datetime.datetime.now().isoformat(timespec="seconds"),
    )


def _scan_file(path: Path, pool, on_span, today, profiles: list, advancer, balance: Balance | None = None) -> FileInfo:
    """Scan every table of one file into ``profiles``; its provenance, with the problem when
    it cannot be read (the tables read before the problem stay counted)."""
    info = _file_info(path)
    if info.error:
        log.debug("%s: not read (%s)", info.path, info.error)
        return info
    log.debug("%s: opened (%s bytes)", info.path, f"{info.size:,}")
    started = time.perf_counter()
    advance = advancer(info.size)
    try:
        for table in iter_tables(path):
            found = _document_counter(info, table)
            rows, table_profiles = _scan_table(table, pool, on_span, today, advance, found, balance=balance)
            # a reader's warnings grow as its chunks are read (``Table.warnings``: found
            # so far); every chunk is merged here, so they are the whole table's
            # (they name the file, sheets and columns: masked as names; a document's reader
            # masks the attachments it names itself, ``documents._warn``)
            warnings = [mask_problem(w, path) for w in table.warnings]
            warnings += [mask_identifiers(w) for p in table_profiles for w in p.warnings()]
            info.tables.append(
                TableInfo(mask_file_name(table.sheet), rows, len(table.columns), table.encoding, warnings)
            )
            profiles.extend(table_profiles)
            if table.document is not None:
                info.document = DocumentInfo.from_facts(table.document, info.document)
                info.document.identity_pages = list(map(mask_file_name, info.document.identity_pages))
    except ReadError as exc:
        info.error = mask_problem(exc.problem, exc.path)
        if info.document is None and path.suffix.lower() in DOCUMENT_SUFFIXES:
            info.document = DocumentInfo(document_kind(path.name))  # still a document
    log.debug(
        "%s: %s rows in %d table(s) in %.2fs",
        info.path,
        f"{info.rows:,}",
        len(info.tables),
        time.perf_counter() - started,
    )
    if advance is not None:
        advance(info.name, 1.0, None)
    return info


def _people(profiles: list[ColumnProfile]) -> tuple[dict[str, int], int]:
    """Distinct values per entity over the whole scan, and distinct minors: unions of the
    columns' hashes, which the totals take over (no second copy in memory)."""
    per_entity: dict[str, list] = {}
    for p in profiles:
        for name, s in p.stats.items():
            per_entity.setdefault(name, []).append(s.distinct)
            s.distinct = None  # released: the total owns the hashes now
    minors = count_union(p.minors for p in profiles)
    for p in profiles:
        p.minors = None  # type: ignore[assignment]  # released likewise
    return {name: count_union(counters) for name, counters in sorted(per_entity.items())}, minors


def _size(path: Path) -> int:
    try:
        return regular_file_size(path)
    except ReadError:
        return 0  # reported by _file_info when the file is reached


def _file_info(path: Path) -> FileInfo:
    """Provenance of one file; a file that vanished or cannot be read since it was listed
    is reported as unreadable (never dropped from the results)."""
    try:
        return FileInfo(
            mask_file_name(path.name), mask_file_name(str(path)), regular_file_size(path), file_digest(path)
        )
    except ReadError as exc:
        problem = mask_problem(exc.problem, exc.path)
    except OSError as exc:
        problem = f"the file cannot be read ({exc.strerror or exc})"
    return FileInfo(mask_file_name(path.name), mask_file_name(str(path)), 0, "", error=problem)


def _scan_database(
    source: DatabaseSource, pool, on_span, today, profiles: list, balance: Balance | None = None
) -> FileInfo:
    """Scan every chosen table of one database; a table that cannot be read is listed
    (a warning on its entry) and the scan carries on."""
    # named masked from the start: a database that cannot be opened keeps this name
    # (sqlite:///data/王五客户.db missing: 王*客户.db)
    location = mask_file_name(source.location)
    info = FileInfo(location, location, 0, "")
    try:
        with Database(source) as database:
            info.name, info.path = mask_file_name(database.name), mask_file_name(database.location)
            if database.path is not None:  # a SQLite file: provenance as for files
                info.size, info.sha256 = database.path.stat().st_size, file_digest(database.path)
            log.debug("%s: connected", info.path)
            for table in database.tables():
                log.debug("%s: reading %s", info.path, mask_file_name(table.sheet))
                try:
                    rows, table_profiles = _scan_table(
                        table, pool, on_span, today, headers=table.context, balance=balance
                    )
                except TableSkipped as exc:
                    info.tables.append(
                        TableInfo(
                            mask_file_name(table.sheet),
                            0,
                            len(table.columns),
                            None,
                            [mask_problem(exc.problem, exc.path)],
                        )
                    )
                    continue
                warnings = [w for p in table_profiles for w in p.warnings()]
                info.tables.append(TableInfo(mask_file_name(table.sheet), rows, len(table.columns), None, warnings))
                profiles.extend(table_profiles)
    except DatabaseError as exc:
        info.error = mask_problem(exc.problem, exc.path)
    return info


def _document_counter(info: FileInfo, table):
    """For a document's tables: the callback counting findings per page or part into
    ``info.document.findings`` (created on the first table); None for other files."""
    if table.position is None:
        return None
    if info.document is None:
        info.document = DocumentInfo(getattr(table.document, "kind", "document"))
    findings = info.document.findings

    def count(row: int, entity: str) -> None:
        where = table.position(row)
        per_entity = findings.setdefault(location(mask_file_name(where["part"]), where["page"]), {})
        per_entity[entity] = per_entity.get(entity, 0) + 1

    return count


def _scan_table(table, pool, on_span, today, advance=None, found=None, headers=None, balance: Balance | None = None):
    """Scan the table's chunks (a bounded number in flight) and merge them in order;
    ``advance(file, share of the file, rows)`` is told as each chunk is merged;
    ``found(row, entity)`` (documents) is told of every finding; ``balance(profiles)``
    is given the table's profiles after each merge (to keep the hashes within budget)."""
    # every name written out has its identifiers masked (a file named by a resident ID, a
    # sheet named by a mobile) and file and sheet names their personal names too (王*简历.docx):
    # the profiles, the spans, the report, scan.json alike; column headers are schema words
    # (姓名, 联系人), identifiers only (``mask_file_name`` says why)
    file, sheet = mask_file_name(table.file), mask_file_name(table.sheet)
    columns = [mask_identifiers(c) for c in table.columns]
    merged = [ColumnProfile(file, sheet, c) for c in columns]
    rows = 0
    read: deque = deque()  # (share of the file, rows) when each chunk in flight was read

    def tasks():
        nonlocal rows
        for chunk in table.chunks():
            read.append((table.share_read() if table.share_read else None, rows + len(chunk)))
            yield (
                chunk,
                table.columns,
                table.file,
                table.sheet,
                rows,
                today,
                on_span is not None or found is not None,
                headers,
            )
            rows += len(chunk)

    where = f"{file} [{sheet}]" if sheet else file  # masked: -v logs are output too
    log.debug("%s: %d column(s)", where, len(table.columns))
    for chunk_profiles, spans in parallel.in_order(pool, scan_chunk, tasks()):
        share, rows_done = read.popleft()
        log.debug("%s: chunk merged, %s rows so far", where, f"{rows_done:,}")
        if advance is not None:
            advance(file, share, rows_done)
        for mine, theirs in zip(merged, chunk_profiles):
            mine.merge(theirs)
        if balance is not None:
            balance(merged)
        if found is not None:
            for span in spans:
                found(span.row, span.entity)
        if on_span is not None:
            for s in spans:
                span = {
                    "file": file,
                    "sheet": sheet,
                    "row": s.row,
                    "column": columns[s.column],
                    "entity": s.entity,
                    "start": s.start,
                    "end": s.end,
                    "score": s.score,
                }
                if table.position is not None:  # documents: page, part, line (and OCR box)
                    span.update(table.position(s.row))
                    span["part"] = mask_file_name(span["part"])  # an attachment named by an ID or a person
                on_span(span)
    return rows, merged


def _progress(files, enabled):
    if not enabled or not files:
        return None
    from tqdm.auto import tqdm

    return tqdm(
        total=sum(map(_size, files)), unit="B", unit_scale=True, unit_divisor=1024, desc=f"scan {len(files)} file(s)"
    )


def _advancer(bar, before: int, size: int):
    """``advance(file, share, rows)`` moving ``bar`` to ``before`` + ``share`` of ``size`` bytes."""

    def advance(file: str, share: float | None, rows: int | None) -> None:
        if share is not None:
            bar.update(max(before + round(share * size) - bar.n, 0))
        if rows is not None:
            bar.set_postfix_str(f"{file}: {rows:,} rows", refresh=False)

    return advance
