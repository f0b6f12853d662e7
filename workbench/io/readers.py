"""One reader per file format, all yielding the same thing: a Table of text chunks.

Every cell becomes text exactly as a person would read it in the file (no float
conversion of IDs, no "nan"), because detection offsets refer to that text.  Files are
read in chunks so memory stays bounded whatever the file size.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import csv
import datetime
import functools
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pandas as pd

# light (no Presidio): the person recognizer is loaded only when a name to print needs it
from ..pii.masking import mask_file_name, mask_problem
from .encoding import SAMPLE_BYTES, sniff_encoding

if TYPE_CHECKING:
    from .documents import DocumentFacts

#: rows per chunk: a 15-column chunk of 20,000 rows is about 24 MB of Python strings, and the
#: scan keeps (workers + 1) chunks in flight; larger chunks bought no speed
CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class ReadLimits:
    """How much one file may ask of the machine before it is refused with a clear message.

    A hostile or broken file must not hang the scan or exhaust memory: a 200 MB cell grew
    a worker to 7.8 GB, a sheet whose XML expands to millions of rows ran for minutes.
    Each limit is far above what a real customer export holds and can be raised through
    the environment variable named in its message (``WORKBENCH_MAX_CELL_MB`` ...), which
    worker processes and report kernels inherit.
    """

    #: characters in one CSV / JSON cell (a 10 MB remarks cell is scanned; 64 M is refused)
    cell_chars: int = 64 << 20
    #: columns of one table (Excel's own maximum is 16,384)
    columns: int = 16_384
    #: data rows of one sheet (Excel's own maximum is 1,048,576)
    sheet_rows: int = 1_048_576
    #: uncompressed bytes of one workbook's parts (zip-bomb guard, checked before parsing)
    unzipped_bytes: int = 4 << 30

    ENVIRONMENT = {
        "cell_chars": ("WORKBENCH_MAX_CELL_MB", 1 << 20),
        "columns": ("WORKBENCH_MAX_COLUMNS", 1),
        "sheet_rows": ("WORKBENCH_MAX_SHEET_ROWS", 1),
        "unzipped_bytes": ("WORKBENCH_MAX_UNZIPPED_MB", 1 << 20),
    }

    @classmethod
    def from_env(cls) -> "ReadLimits":
        values = {}
        for name, (variable, unit) in cls.ENVIRONMENT.items():
            raw = os.environ.get(variable)
            if raw:
                try:
                    values[name] = int(float(raw) * unit)
                except ValueError:
                    raise ValueError(f"{variable}={raw!r} is not a number") from None
        return cls(**values)

    def raise_hint(self, name: str) -> str:
        variable, unit = self.ENVIRONMENT[name]
        return f"set {variable} to more than {getattr(self, name) // unit:,} to raise the limit"


#: documents (``documents.py``): Word, PDF, e-mail, images read by OCR
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".eml", ".msg", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


class ReadError(Exception):
    """A file that cannot be read, with the file and the problem in plain words.

    ``path`` and ``problem`` stay as they are (callers need the real path); the string form,
    which ends up in logs, summaries and last-resort messages, names the file masked and masks
    the problem (``mask_problem``): a file or sheet named after a person (王五简历.csv) is
    named ``王*简历.csv`` wherever the error is printed.
    """

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(self.path, problem)  # the args a pickled error is rebuilt from

    def __str__(self) -> str:
        return f"{mask_file_name(self.path.name)}: {mask_problem(self.problem, self.path)}"


@dataclass
class Table:
    """One table of a file (a CSV, or one sheet of a workbook)."""

    path: Path
    sheet: str | None
    columns: list[str]
    chunks: Callable[[], Iterator[pd.DataFrame]]
    encoding: str | None = None
    #: data-quality problems found so far: updated as the chunks are read (a CSV's after
    #: every chunk), complete once ``chunks()`` has been read to the end
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
    """Supported files among ``paths`` (files, or folders searched recursively), sorted.

    In folders, only regular files count (a FIFO or a device would block the scan); a path
    named explicitly is kept whatever it is, and ``iter_tables`` says what is wrong with it.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in _READERS and not p.name.startswith((".", "~$"))
                )
            )
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise ReadError(path, "no such file or folder")
    return found


def regular_file_size(path: Path) -> int:
    """The size of a regular file; ReadError for a missing file or anything else (opening a
    FIFO or a device for reading would block the scan forever)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, "the file no longer exists (deleted or moved during the scan?)") from None
    except OSError as exc:
        raise ReadError(path, f"the file cannot be examined ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not a regular file (a pipe, device or socket); only files are scanned")
    return info.st_size


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes (provenance in reports)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iter_tables(path: Path | str, limits: ReadLimits | None = None) -> Iterator[Table]:
    """The tables in one file; raises ReadError for unreadable or unsupported files.

    A failure while a table's chunks are read (a damaged Parquet page, a file deleted
    mid-scan) is raised as a ReadError naming the file too, so one bad file never ends a scan.
    """
    path = Path(path)
    limits = limits or ReadLimits.from_env()
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise ReadError(
            path, f"unsupported file type '{suffix or '(none)'}'; supported: {', '.join(supported_suffixes())}"
        )
    if regular_file_size(path) == 0:
        raise ReadError(path, "the file is empty")
    if not os.access(path, os.R_OK):
        raise ReadError(path, "permission denied: the file cannot be opened for reading")
    for table in _named_failures(path, reader(path, limits)):
        table.chunks = _guarded_chunks(path, table.chunks)
        yield table


def _named_failures(path: Path, items: Iterator):
    """Re-raise any failure of ``items`` but a ReadError as a ReadError naming ``path``."""
    try:
        yield from items
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(path, "the file no longer exists (deleted or moved during the scan?)") from None
    except MemoryError:
        raise ReadError(path, "the file needs more memory than this machine has") from None
    except Exception as exc:  # noqa: BLE001 - readers' libraries raise many types for damaged files
        raise ReadError(path, f"the file is damaged or unreadable ({type(exc).__name__}: {exc})") from None


def _guarded_chunks(path: Path, chunks: Callable[[], Iterator[pd.DataFrame]]):
    return lambda: _named_failures(path, chunks())


#: a cell that reads as data rather than as a column name: 7+ digits (an ID, a phone, a
#: card) making up most of it once separators are dropped, or an e-mail address
_DIGITS_LIKE_DATA = re.compile(r"^[+(]?\d[\d\s()+\-./]{5,}\d$")
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def looks_like_data(text: str) -> bool:
    """Would a person read this header cell as a value (an identifier, a phone, an e-mail)?"""
    text = text.strip()
    digits = sum(ch.isdigit() for ch in text)
    return bool(digits >= 7 and _DIGITS_LIKE_DATA.match(text)) or bool(_EMAIL_LIKE.search(text))


def _masked_name(text: str) -> str:
    """A header cell that holds an identifier, masked like the report's examples (138****5678)."""
    text = text.strip()
    head, tail = (3, 4) if len(text) >= 11 else (1, 1)
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def _is_a_name(text: str) -> bool:
    """Is this header cell wholly a person's name (王五, 欧阳娜娜)?  Header words (姓名, 联系人,
    客户经理) are not: none of the 88 headers of the samples and evaluation sets is."""
    return 2 <= len(text) <= 4 and mask_file_name(text) != text  # no identifier is this short


def header_columns(first_row, what: str) -> tuple[list[str], str | None]:
    """The columns a table's first row gives, and a warning when that row is data.

    Real exports often have no header: their first record (a name, a resident ID, a mobile)
    must not become column names printed in every artifact.  A first row holding an
    identifier is read as data and the columns are named by position (``what``: "file" or
    "sheet", for the warning).
    """
    texts = [cell_text(v).strip() for v in first_row]
    # a header-less export's first record may hold a name and no identifier (王五,男,上海):
    # a cell that is wholly a person's name (the name masking would change it) is no column name
    if not any(looks_like_data(t) for t in texts) and not any(_is_a_name(t) for t in texts):
        return unique_headers(first_row), None
    width = len(first_row)
    return (
        [f"column_{position}" for position in range(1, width + 1)],
        "the first row looks like data, not column names (it holds an identifier or a name): the "
        f"{what} is read as having no header; its columns are named column_1 … column_{width}",
    )


def unique_headers(raw) -> list[str]:
    """Header texts, with blanks named by position and duplicates numbered (姓名, 姓名_2);
    a header cell holding an identifier is masked, so no artifact prints it."""
    seen: dict[str, int] = {}
    headers = []
    for position, value in enumerate(raw, start=1):
        name = cell_text(value).strip() or f"column_{position}"
        if looks_like_data(name):
            name = _masked_name(name)
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

#: bytes that cannot be decoded become U+FFFD and are counted, never dropped: into the
#: counter of the read being stepped (``_csv_read_step``), so concurrent reads keep theirs
_BAD_BYTES: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("workbench_bad_bytes", default=None)


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    counter = _BAD_BYTES.get()
    if counter is not None:
        counter[0] += 1
    return "\ufffd", error.end


@functools.cache
def _counting_errors() -> str:
    """The name of the counting decode-error handler, registered on the first CSV read (the
    codecs registry is process-wide and has no way to unregister; the handler holds no state)."""
    codecs.register_error("workbench-count", _count_and_replace)
    return "workbench-count"


@contextlib.contextmanager
def csv_read_step(cell_chars: int, bad_bytes: list[int] | None = None) -> Iterator[None]:
    """One step of a CSV read (the header, a chunk): the csv module's field size limit (a
    process-wide setting) is this read's for the step and restored after it, and undecodable
    bytes are counted into ``bad_bytes``; reads interleaved (two files' chunks in flight, a
    notebook and a scan) never see each other's settings."""
    previous = csv.field_size_limit(cell_chars)
    token = _BAD_BYTES.set(bad_bytes)
    try:
        yield
    finally:
        _BAD_BYTES.reset(token)
        csv.field_size_limit(previous)


#: share of NUL / control bytes above which a ".csv" is binary junk, not damaged text
BINARY_SHARE = 0.02


def _looks_binary(sample: bytes) -> bool:
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    return controls > max(32, BINARY_SHARE * len(sample))


def _csv_dialect(path: Path) -> tuple[bytes, str, str]:
    """The file's first bytes, its encoding and its delimiter, sniffed from those bytes;
    a binary file or an unknown encoding is refused."""
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
    return sample, encoding, delimiter


def _read_csv(path: Path, limits: ReadLimits) -> Iterator[Table]:
    sample, encoding, delimiter = _csv_dialect(path)
    first_line = _csv_header(path, encoding, delimiter, limits)
    if not first_line or not any(cell.strip() for cell in first_line):
        raise ReadError(path, "no header row found (the first line is empty)")
    warnings: list[str] = []
    columns, headerless_warning = header_columns(first_line, "file")
    has_header = headerless_warning is None
    size, position = path.stat().st_size, [0]

    def chunks() -> Iterator[pd.DataFrame]:
        """The file's chunks; ``warnings`` says what was found so far after each one."""
        width, counts, bad = len(columns), {"short": 0, "long": 0}, [0]

        def found_so_far() -> None:
            warnings[:] = _csv_warnings(
                headerless_warning, counts["short"], counts["long"], bad[0], encoding, nul=b"\x00" in sample
            )

        with open(path, encoding=encoding, errors=_counting_errors(), newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                frames = frames_from_records(_fitted(reader, width, delimiter, counts), columns)
                with csv_read_step(limits.cell_chars, bad):
                    if has_header:
                        next(reader, None)
                while True:
                    # reading and decoding happen inside next(): the step's limit and counter
                    with csv_read_step(limits.cell_chars, bad):
                        frame = next(frames, None)
                    if frame is None:
                        break
                    # bytes decoded so far (plus read-ahead); open() in text mode wraps a BufferedReader
                    position[0] = fh.buffer.tell()  # type: ignore[attr-defined]
                    found_so_far()
                    yield frame
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise ReadError(
                        path,
                        f"a cell near line {reader.line_num} is longer than "
                        f"{limits.cell_chars:,} characters ({limits.raise_hint('cell_chars')})",
                    ) from None
                raise ReadError(path, f"malformed CSV near line {reader.line_num} ({exc})") from None
        found_so_far()

    yield Table(
        path,
        None,
        columns,
        chunks,
        encoding=encoding,
        warnings=warnings,
        share_read=lambda: min(position[0] / size, 1.0),
    )


def _fitted(reader: Iterator[list[str]], width: int, delimiter: str, counts: dict[str, int]) -> Iterator[list[str]]:
    """Records made as wide as the header: short ones padded with empty cells, long ones
    with their extra fields kept in the last column (joined by the delimiter); ``counts``
    tallies both ("short" counts non-empty records only)."""
    for record in reader:
        if len(record) < width:
            counts["short"] += bool(record)
            record = record + [""] * (width - len(record))
        elif len(record) > width:
            counts["long"] += 1
            record = record[: width - 1] + [delimiter.join(record[width - 1 :])]
        yield record


def _csv_warnings(headerless: str | None, short: int, long: int, bad: int, encoding: str, nul: bool) -> list[str]:
    """A CSV's data-quality warnings from its counts."""
    found = [headerless] if headerless else []
    if short:
        found.append(f"{short} row(s) have fewer fields than the header; missing cells are read as empty")
    if long:
        found.append(f"{long} row(s) have more fields than the header; extra fields are kept in the last column")
    if bad:
        found.append(f"{bad} byte sequence(s) are not valid {encoding}; they are shown as \ufffd")
    if nul:
        found.append("the file contains NUL bytes (damaged export?); they are kept in the cell text")
    return found


def _csv_header(path: Path, encoding: str, delimiter: str, limits: ReadLimits) -> list[str] | None:
    """The first record of the file, read from the file itself (not a sample: a wide header
    can be longer than the sample), refused past the column or cell limit."""
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            # a cell (the header's included) may not exceed the limit: the csv module holds a
            # whole field in memory, and a 200 MB one-line file would otherwise be one cell
            with csv_read_step(limits.cell_chars):
                first = next(reader, None)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ReadError(
                    path,
                    f"the first line holds a cell longer than {limits.cell_chars:,} characters "
                    f"(one huge line, not a table?) ({limits.raise_hint('cell_chars')})",
                ) from None
            raise ReadError(path, f"malformed CSV header ({exc})") from None
    if first is not None and len(first) > limits.columns:
        raise ReadError(
            path,
            f"the header has {len(first):,} columns, more than the limit of "
            f"{limits.columns:,} ({limits.raise_hint('columns')})",
        )
    return first


# -- chunks from rows: every reader's last step (CSV, workbooks, JSON, SQL dumps, databases)


def frames_from_records(records: Iterator[list[str]], columns: list[str]) -> Iterator[pd.DataFrame]:
    """Batch rows of cell texts (already as wide as ``columns``) into DataFrames of
    ``CHUNK_ROWS`` rows: the one chunk size of every tabular source."""
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

    return frames_from_records((texts(row) for row in rows), columns)


# -- Excel ----------------------------------------------------------------------------


def _unzipped_size(path: Path) -> int:
    """Bytes the workbook's parts take once decompressed, as its zip directory declares."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return sum(member.file_size for member in archive.infolist())


def _read_xlsx(path: Path, limits: ReadLimits) -> Iterator[Table]:
    import zipfile

    import openpyxl

    try:
        unzipped = _unzipped_size(path)
    except (zipfile.BadZipFile, OSError):
        unzipped = 0  # openpyxl's own error below says what is wrong
    if unzipped > limits.unzipped_bytes:
        raise ReadError(
            path,
            f"the workbook expands to {unzipped / (1 << 20):,.0f} MB when unpacked, more than "
            f"the limit of {limits.unzipped_bytes / (1 << 20):,.0f} MB (a zip bomb?) "
            f"({limits.raise_hint('unzipped_bytes')})",
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReadError(
                path, "the workbook is password-protected (encrypted); save an unprotected copy and scan that"
            ) from None
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
            if declared[index] > limits.sheet_rows + 1:
                raise ReadError(
                    path,
                    f"sheet '{sheet.title}' declares {declared[index]:,} rows, more than the "
                    f"limit of {limits.sheet_rows:,} ({limits.raise_hint('sheet_rows')})",
                )
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            while header is not None and not any(cell_text(v).strip() for v in header):
                header = next(rows, None)
            if header is None:
                continue
            if len(header) > limits.columns:
                raise ReadError(
                    path,
                    f"sheet '{sheet.title}' has {len(header):,} columns, more than the limit of "
                    f"{limits.columns:,} ({limits.raise_hint('columns')})",
                )
            columns, headerless_warning = header_columns(header, "sheet")
            has_header = headerless_warning is None
            warnings = [headerless_warning] if headerless_warning else []

            def chunks(
                name=sheet.title, columns=columns, before=sum(declared[:index]), has_header=has_header
            ) -> Iterator[pd.DataFrame]:
                book = openpyxl.load_workbook(path, read_only=True, data_only=True)
                try:
                    rows = book[name].iter_rows(values_only=True)
                    read[0] = before
                    if has_header:
                        for first in rows:
                            read[0] += 1
                            if any(cell_text(v).strip() for v in first):
                                break
                    count = 0
                    for frame in _rows_to_frames(rows, columns):
                        read[0] += len(frame)
                        count += len(frame)
                        # a sheet whose XML holds more rows than it declares is refused as it goes
                        if count > limits.sheet_rows:
                            raise ReadError(
                                path,
                                f"sheet '{name}' holds more than {limits.sheet_rows:,} rows "
                                f"({limits.raise_hint('sheet_rows')})",
                            )
                        yield frame
                finally:
                    book.close()

            yield Table(path, sheet.title, columns, chunks, warnings=warnings, share_read=share_read)
    finally:
        workbook.close()


def _read_xls(path: Path, limits: ReadLimits) -> Iterator[Table]:
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except Exception as exc:
        raise ReadError(path, f"not a readable .xls workbook ({exc})") from None
    for sheet in book.sheets():
        if sheet.nrows == 0:
            continue
        columns = unique_headers(sheet.row_values(0))

        def chunks(sheet=sheet, columns=columns) -> Iterator[pd.DataFrame]:  # a new pass each call
            return _rows_to_frames((tuple(sheet.row_values(i)) for i in range(1, sheet.nrows)), columns)

        yield Table(path, sheet.name, columns, chunks)


# -- Parquet and JSON -----------------------------------------------------------------


def _arrow_chunks(batches) -> Iterator[pd.DataFrame]:
    for batch in batches:
        frame = batch.to_pandas()
        yield frame.apply(lambda col: col.map(cell_text)).astype(object)


def _read_parquet(path: Path, limits: ReadLimits) -> Iterator[Table]:
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


def _read_json(path: Path, limits: ReadLimits) -> Iterator[Table]:
    """JSON lines (``.jsonl``) and JSON arrays of records (``.json``), streamed in bounded
    memory; a ``.json`` whose top level is not an array (an object of columns) is small by
    nature and read whole by pandas."""
    if path.suffix.lower() == ".jsonl":
        yield from _read_records(path, limits, functools.partial(_json_lines, path, limits))
    elif _starts_with_array(path):
        yield from _read_records(path, limits, functools.partial(_json_array, path, limits))
    else:
        try:
            frame = pd.read_json(path, dtype=False)
        except ValueError as exc:
            raise ReadError(path, f"not valid JSON ({exc})") from None
        columns = unique_headers(frame.columns)
        frame.columns = columns
        text = frame.apply(lambda col: col.map(cell_text)).astype(object)
        yield Table(path, None, columns, lambda: iter([text]))


def _json_lines(path: Path, limits: ReadLimits) -> Iterator:
    """The values of a JSON-lines file, one a line (blank lines skipped)."""
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for number, line in enumerate(fh, start=1):
            if len(line) > limits.cell_chars:
                raise ReadError(
                    path,
                    f"line {number} is longer than {limits.cell_chars:,} characters "
                    f"({limits.raise_hint('cell_chars')})",
                )
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise ReadError(path, f"not valid JSON lines: line {number} ({exc})") from None


#: characters read at a time from a JSON array (a record longer than this just takes more reads)
JSON_BLOCK_CHARS = 1 << 20


def _starts_with_array(path: Path) -> bool:
    """Whether the first character after any whitespace is ``[``."""
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        while block := fh.read(4096):
            if block.strip():
                return block.lstrip().startswith("[")
    return False


def _json_array(path: Path, limits: ReadLimits, block: int | None = None) -> Iterator:
    """The elements of a top-level JSON array, decoded one at a time with the standard
    library's ``raw_decode`` over a buffer refilled from the file: memory holds one block and
    one element, never the array.  A value that ends exactly at the end of the buffer is
    decoded again once more text is read (``12`` may be the start of ``1234``)."""
    decoder, block = json.JSONDecoder(), block or JSON_BLOCK_CHARS
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        buffer, at, eof, read = "", 0, False, 0

        def fill() -> bool:
            nonlocal buffer, at, eof, read
            more = fh.read(block)
            eof = not more
            read += len(buffer[:at])
            buffer, at = buffer[at:] + more, 0
            return bool(more)

        def skip(chars: str) -> None:
            nonlocal at
            while True:
                while at < len(buffer) and buffer[at] in chars:
                    at += 1
                if at < len(buffer) or not fill():
                    return

        skip(" \t\r\n")
        if buffer[at : at + 1] != "[":
            raise ReadError(path, "not valid JSON (expected an array of records)")
        at += 1
        first = True
        while True:
            skip(" \t\r\n")
            if buffer[at : at + 1] == "]":
                return
            if not first:
                if buffer[at : at + 1] != ",":
                    raise ReadError(path, f"not valid JSON near character {read + at:,} (expected , or ])")
                at += 1
                skip(" \t\r\n")
            first = False
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, at)
                except json.JSONDecodeError as exc:
                    # the buffer may end inside the value (read on), or the value is broken
                    # here and now (say so at once: reading on would only end at the cell limit)
                    incomplete = (
                        exc.msg.startswith("Unterminated string") or exc.pos >= len(buffer.rstrip()) - 6
                    )  # (6: inside a \uXXXX escape)
                    if eof or not incomplete:
                        raise ReadError(path, f"not valid JSON near character {read + exc.pos:,} ({exc.msg})") from None
                    value, end = None, len(buffer)  # incomplete: read on
                if end < len(buffer) or eof:
                    break
                if len(buffer) - at > limits.cell_chars:
                    raise ReadError(
                        path,
                        f"a record near character {read + at:,} is longer than "
                        f"{limits.cell_chars:,} characters ({limits.raise_hint('cell_chars')})",
                    )
                fill()
            at = end
            yield value


def _read_records(path: Path, limits: ReadLimits, values: Callable[[], Iterator]) -> Iterator[Table]:
    """A table from a stream of JSON records (``values()`` may be called again): one pass
    collects every key (records need not share them), then chunks of CHUNK_ROWS records are
    read on demand, so memory stays bounded."""

    def records():
        for record in values():
            yield record if isinstance(record, dict) else {"value": record}

    keys: dict[str, None] = {}
    for record in records():
        keys.update(dict.fromkeys(map(str, record)))
        if len(keys) > limits.columns:
            raise ReadError(
                path, f"the records hold more than {limits.columns:,} distinct keys ({limits.raise_hint('columns')})"
            )
    if not keys:
        raise ReadError(path, "no JSON records found")
    names = list(keys)
    columns = unique_headers(names)

    def chunks() -> Iterator[pd.DataFrame]:
        def texts():
            for record in records():
                yield [cell_text(_json_cell(record.get(name))) for name in names]

        yield from frames_from_records(texts(), columns)

    yield Table(path, None, columns, chunks)


def _json_cell(value):
    """Nested JSON reads as its JSON text (offsets refer to what a person sees in the file)."""
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


Reader = Callable[[Path, ReadLimits], Iterator[Table]]
_READERS: dict[str, Reader] = {}


def register_reader(suffixes: tuple[str, ...], reader: Reader) -> None:
    """Make ``reader(path, limits)`` the reader of files ending in ``suffixes`` (".csv"):
    it yields the file's Tables and raises ReadError(path, problem) for what it cannot read."""
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


def supported_suffixes() -> tuple[str, ...]:
    """The file endings some reader is registered for (".csv", ".xlsx", ...)."""
    return tuple(_READERS)


def _read_sql(path: Path, limits: ReadLimits) -> Iterator[Table]:
    from .sqldump import read_dump  # imports this module

    yield from read_dump(path)


def _read_document(path: Path, limits: ReadLimits) -> Iterator[Table]:
    from .documents import read_document  # imported on first use: python-docx, PDFium, OCR

    return read_document(path)


register_reader(DOCUMENT_SUFFIXES, _read_document)
register_reader((".sql",), _read_sql)
register_reader((".csv", ".tsv", ".txt"), _read_csv)
register_reader((".xlsx", ".xlsm"), _read_xlsx)
register_reader((".xls",), _read_xls)
register_reader((".parquet",), _read_parquet)
register_reader((".jsonl", ".json"), _read_json)
