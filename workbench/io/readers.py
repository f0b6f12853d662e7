"""One reader per file format, all yielding the same thing: a Table of text chunks.

Every cell becomes text exactly as a person would read it in the file (no float
conversion of IDs, no "nan"), because detection offsets refer to that text.  Files are
read in chunks so memory stays bounded whatever the file size.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pandas as pd

from .encoding import SAMPLE_BYTES, sniff_encoding

if TYPE_CHECKING:
    from .documents import DocumentFacts

#: rows per chunk: a 15-column chunk of 20,000 rows is about 24 MB of Python strings, and the
#: scan keeps (workers + 1) chunks in flight; larger chunks bought no speed
CHUNK_ROWS = 20_000
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".parquet", ".jsonl", ".json")
#: documents (``documents.py``): Word, PDF, e-mail, images read by OCR
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".eml", ".msg", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
SUPPORTED_SUFFIXES = TABLE_SUFFIXES + DOCUMENT_SUFFIXES


class ReadError(Exception):
    """A file that cannot be read, with the file and the problem in plain words."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


@dataclass
class Table:
    """One table of a file (a CSV, or one sheet of a workbook)."""

    path: Path
    sheet: str | None
    columns: list[str]
    chunks: Callable[[], Iterator[pd.DataFrame]]
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: share of the file read so far (0-1), for progress bars; None where the reader cannot tell
    share_read: Callable[[], float] | None = None
    #: documents: where row n stands (page, part, line, box), added to each finding
    position: Callable[[int], dict] | None = None
    #: documents: ``documents.DocumentFacts`` (pages, OCR pages, identity documents), filled as read
    document: "DocumentFacts | None" = None

    @property
    def file(self) -> str:
        return self.path.name


def discover(paths) -> list[Path]:
    """Supported files among ``paths`` (files, or folders searched recursively), sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not p.name.startswith((".", "~$"))))
        elif path.exists():
            found.append(path)
        else:
            raise ReadError(path, "no such file or folder")
    return found


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes (provenance in reports)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iter_tables(path: Path | str) -> Iterator[Table]:
    """The tables in one file; raises ReadError for unreadable or unsupported files."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise ReadError(path, f"unsupported file type '{suffix or '(none)'}'; "
                              f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if not os.access(path, os.R_OK):
        raise ReadError(path, "permission denied: the file cannot be opened for reading")
    if path.stat().st_size == 0:
        raise ReadError(path, "the file is empty")
    yield from reader(path)


def unique_headers(raw) -> list[str]:
    """Header texts, with blanks named by position and duplicates numbered (姓名, 姓名_2)."""
    seen: dict[str, int] = {}
    headers = []
    for position, value in enumerate(raw, start=1):
        name = cell_text(value).strip() or f"column_{position}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        headers.append(name if count == 1 else f"{name}_{count}")
    return headers


def cell_text(value) -> str:
    """How a cell reads to a person: integers without '.0', dates in ISO form, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.time() else value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# -- CSV ------------------------------------------------------------------------------

#: bytes that cannot be decoded become U+FFFD and are counted, never dropped
_BAD_BYTES = [0]


def _count_and_replace(error: UnicodeDecodeError):
    _BAD_BYTES[0] += 1
    return "\ufffd", error.end


codecs.register_error("workbench-count", _count_and_replace)
csv.field_size_limit(sys.maxsize)

#: share of NUL / control bytes above which a ".csv" is binary junk, not damaged text
BINARY_SHARE = 0.02


def _looks_binary(sample: bytes) -> bool:
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    return controls > max(32, BINARY_SHARE * len(sample))


def _read_csv(path: Path) -> Iterator[Table]:
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
        complete = not fh.read(1)
    if _looks_binary(sample):
        raise ReadError(path, "this is not a text file (binary content); is it really a CSV?")
    encoding = sniff_encoding(sample, complete)
    if encoding is None:
        raise ReadError(path, "the text encoding could not be recognised (tried UTF-8, GB18030, Big5)")
    text_sample = sample.decode(encoding, errors="replace")
    try:
        delimiter = csv.Sniffer().sniff(text_sample[:65536], delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        first_line = next(csv.reader(io.StringIO(text_sample, newline=""), delimiter=delimiter), None)
    except csv.Error as exc:
        raise ReadError(path, f"malformed CSV header ({exc})") from None
    if not first_line or not any(cell.strip() for cell in first_line):
        raise ReadError(path, "no header row found (the first line is empty)")
    columns = unique_headers(first_line)
    warnings: list[str] = []
    size, position = path.stat().st_size, [0]

    def chunks() -> Iterator[pd.DataFrame]:
        width, counts = len(columns), {"short": 0, "long": 0}
        bad_before = _BAD_BYTES[0]

        def records(reader):
            for record in reader:
                if len(record) < width:
                    counts["short"] += bool(record)
                    record = record + [""] * (width - len(record))
                elif len(record) > width:  # keep every field: the extras stay in the last column
                    counts["long"] += 1
                    record = record[:width - 1] + [delimiter.join(record[width - 1:])]
                yield record

        with open(path, encoding=encoding, errors="workbench-count", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                next(reader, None)
                for frame in _frames(records(reader), columns):
                    position[0] = fh.buffer.tell()     # bytes decoded so far (plus read-ahead)
                    yield frame
            except csv.Error as exc:
                raise ReadError(path, f"malformed CSV near line {reader.line_num} ({exc})") from None
        short, long = counts["short"], counts["long"]
        nul = b"\x00" in sample
        bad = _BAD_BYTES[0] - bad_before
        warnings.clear()
        if short:
            warnings.append(f"{short} row(s) have fewer fields than the header; missing cells are read as empty")
        if long:
            warnings.append(f"{long} row(s) have more fields than the header; extra fields are kept in the last column")
        if bad:
            warnings.append(f"{bad} byte sequence(s) are not valid {encoding}; they are shown as \ufffd")
        if nul:
            warnings.append("the file contains NUL bytes (damaged export?); they are kept in the cell text")

    yield Table(path, None, columns, chunks, encoding=encoding, warnings=warnings,
                share_read=lambda: min(position[0] / size, 1.0))


# -- Excel ----------------------------------------------------------------------------

def _frames(records: Iterator[list[str]], columns: list[str]) -> Iterator[pd.DataFrame]:
    """Batch rows of cell texts (already as wide as ``columns``) into DataFrames."""
    batch: list[list[str]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= CHUNK_ROWS:
            yield pd.DataFrame(batch, columns=columns, dtype=object)
            batch = []
    if batch:
        yield pd.DataFrame(batch, columns=columns, dtype=object)


def _rows_to_frames(rows: Iterator[tuple], columns: list[str]) -> Iterator[pd.DataFrame]:
    width = len(columns)

    def texts(row):
        cells = [cell_text(v) for v in row[:width]]
        return cells + [""] * (width - len(cells))

    return _frames((texts(row) for row in rows), columns)


def _read_xlsx(path: Path) -> Iterator[Table]:
    import zipfile

    import openpyxl
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReadError(path, "the workbook is password-protected (encrypted); "
                                  "save an unprotected copy and scan that") from None
        raise ReadError(path, "not a valid .xlsx workbook (damaged or truncated file)") from None
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ReadError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    # progress: rows read against the rows the sheets declare (their <dimension>; a sheet
    # without one counts as empty, and the bar then moves when the file is done)
    declared = [sheet.max_row or 0 for sheet in workbook.worksheets]
    total, read = sum(declared), [0]
    share_read = (lambda: min(read[0] / total, 1.0)) if total else None
    try:
        for index, sheet in enumerate(workbook.worksheets):
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            while header is not None and not any(cell_text(v).strip() for v in header):
                header = next(rows, None)
            if header is None:
                continue
            columns = unique_headers(header)

            def chunks(name=sheet.title, columns=columns, before=sum(declared[:index])) -> Iterator[pd.DataFrame]:
                book = openpyxl.load_workbook(path, read_only=True, data_only=True)
                try:
                    rows = book[name].iter_rows(values_only=True)
                    read[0] = before
                    for first in rows:
                        read[0] += 1
                        if any(cell_text(v).strip() for v in first):
                            break
                    for frame in _rows_to_frames(rows, columns):
                        read[0] += len(frame)
                        yield frame
                finally:
                    book.close()

            yield Table(path, sheet.title, columns, chunks, share_read=share_read)
    finally:
        workbook.close()


def _read_xls(path: Path) -> Iterator[Table]:
    import xlrd
    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except Exception as exc:
        raise ReadError(path, f"not a readable .xls workbook ({exc})") from None
    for sheet in book.sheets():
        if sheet.nrows == 0:
            continue
        columns = unique_headers(sheet.row_values(0))
        rows = (tuple(sheet.row_values(i)) for i in range(1, sheet.nrows))
        yield Table(path, sheet.name, columns, lambda rows=rows, columns=columns: _rows_to_frames(rows, columns))


# -- Parquet and JSON -----------------------------------------------------------------

def _arrow_chunks(batches) -> Iterator[pd.DataFrame]:
    for batch in batches:
        frame = batch.to_pandas()
        yield frame.apply(lambda col: col.map(cell_text)).astype(object)


def _read_parquet(path: Path) -> Iterator[Table]:
    import pyarrow.parquet as pq
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:
        raise ReadError(path, f"not a readable Parquet file ({exc})") from None
    columns = unique_headers(parquet.schema_arrow.names)
    total, done = max(parquet.metadata.num_rows, 1), [0]

    def chunks() -> Iterator[pd.DataFrame]:
        for frame in _arrow_chunks(pq.ParquetFile(path).iter_batches(batch_size=CHUNK_ROWS)):
            frame.columns = columns
            done[0] += len(frame)
            yield frame

    yield Table(path, None, columns, chunks, share_read=lambda: min(done[0] / total, 1.0))


def _read_json(path: Path) -> Iterator[Table]:
    lines = path.suffix.lower() == ".jsonl"
    try:
        frame = pd.read_json(path, lines=lines, dtype=False)
    except ValueError as exc:
        raise ReadError(path, f"not valid JSON{' lines' if lines else ''} ({exc})") from None
    columns = unique_headers(frame.columns)
    frame.columns = columns
    text = frame.apply(lambda col: col.map(cell_text)).astype(object)
    yield Table(path, None, columns, lambda: iter([text]))


def _read_document(path: Path) -> Iterator[Table]:
    from .documents import read_document      # imported on first use: python-docx, PDFium, OCR
    return read_document(path)


_READERS = {**{suffix: _read_document for suffix in DOCUMENT_SUFFIXES},
            ".csv": _read_csv, ".tsv": _read_csv, ".txt": _read_csv, ".xlsx": _read_xlsx,
            ".xlsm": _read_xlsx, ".xls": _read_xls, ".parquet": _read_parquet,
            ".jsonl": _read_json, ".json": _read_json}
