"""Per-read state in the readers: a CSV read's undecodable-byte count, the csv module's
field size limit and its warnings belong to that read, not to the process."""

from __future__ import annotations

import csv
import subprocess
import sys

from workbench.io import iter_tables


def _bad_csv(path, bad: int, rows: int = 2000):
    """A UTF-8 CSV (Chinese names) in which ``bad`` lines hold one undecodable byte each."""
    lines = [f"王坤{i},138{i:08d}\n".encode() for i in range(rows)]
    for i in range(bad):
        lines[i * 10] = b"\xff" + lines[i * 10]
    path.write_bytes("姓名,手机\n".encode() + b"".join(lines))
    return path


def test_interleaved_reads_count_their_own_undecodable_bytes(tmp_path):
    (a,) = iter_tables(_bad_csv(tmp_path / "a.csv", 2))
    (b,) = iter_tables(_bad_csv(tmp_path / "b.csv", 5))
    first = a.chunks()
    next(first)  # a's only chunk read, its generator not finished
    assert sum(len(f) for f in b.chunks()) == 2000
    assert list(first) == []  # a finishes after b was read whole
    assert any(w.startswith("2 byte sequence(s) are not valid utf-8") for w in a.warnings), a.warnings
    assert any(w.startswith("5 byte sequence(s) are not valid utf-8") for w in b.warnings), b.warnings


def test_warnings_are_there_after_the_first_chunk(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("姓名,手机,备注\n王坤,13812345678\n李娜,13900001111,VIP,额外\n", "utf-8")
    (table,) = iter_tables(path)
    chunks = table.chunks()
    next(chunks)
    assert any("fewer fields" in w for w in table.warnings) and any("more fields" in w for w in table.warnings)
    assert list(chunks) == [] and len(table.warnings) == 2
    list(table.chunks())  # read again: the same warnings, not doubled
    assert len(table.warnings) == 2


def test_csv_field_size_limit_is_left_as_it_was(tmp_path):
    before = csv.field_size_limit()
    (table,) = iter_tables(_bad_csv(tmp_path / "a.csv", 0))
    list(table.chunks())
    assert csv.field_size_limit() == before


def test_importing_the_readers_changes_no_process_state():
    code = (
        "import codecs, csv; limit = csv.field_size_limit(); import workbench.io.readers\n"
        "try:\n    codecs.lookup_error('workbench-count'); print('registered')\n"
        "except LookupError:\n    print('clean' if csv.field_size_limit() == limit else 'limit changed')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "clean"
