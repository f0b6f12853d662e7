"""JSON arrays of records are streamed (one block and one record in memory), with the same
cells as JSON lines; any block size gives the same table."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from workbench.io import ReadError, iter_tables
from workbench.io import readers

RECORDS = [
    {"姓名": "王坤", "手机": 13812345678, "备注": {"vip": True}},
    {"姓名": "李娜", "手机": "139 0000 1111", "地址": "上海市浦东新区世纪大道 100 号"},
    [1, 2],
    "单独的值",
    12345678901234567890,
    None,
    {"手机": 1.5e3},
]


def _cells(path):
    (table,) = iter_tables(path)
    return table.columns, [row for frame in table.chunks() for row in frame.values.tolist()]


def test_array_reads_as_the_same_records_as_json_lines(tmp_path):
    array, lines = tmp_path / "a.json", tmp_path / "a.jsonl"
    array.write_text(json.dumps(RECORDS, ensure_ascii=False, indent=2), "utf-8")
    lines.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), "utf-8")
    assert _cells(array) == _cells(lines)
    columns, rows = _cells(array)
    assert columns == ["姓名", "手机", "备注", "地址", "value"]
    assert rows[0][:3] == ["王坤", "13812345678", '{"vip": true}'] and rows[4][4] == "12345678901234567890"


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64])
def test_any_block_size_gives_the_same_values(tmp_path, block):
    path = tmp_path / "a.json"
    path.write_text(" \n" + json.dumps(RECORDS, ensure_ascii=False) + "\n", "utf-8")
    values = list(readers._json_array(path, readers.ReadLimits(), block=block))
    assert values == RECORDS


def test_broken_arrays_name_the_problem(tmp_path):
    for text, problem in (
        ('[{"a": 1} {"a": 2}]', "expected , or ]"),
        ('[{"a": 1}, {"a": ', "not valid JSON"),
        ('[{"a": 1},', "not valid JSON"),
    ):
        path = tmp_path / "bad.json"
        path.write_text(text, "utf-8")
        with pytest.raises(ReadError, match=problem):
            _cells(path)


@pytest.mark.parametrize("block", [3, 64, 1 << 16])
def test_a_syntax_error_inside_a_record_is_named_at_once(tmp_path, block):
    """A broken record is called broken where it is, whatever the block size, and not a record
    "longer than the limit" read on to the end of the file (the limit is low here to show it)."""
    path = tmp_path / "bad.json"
    path.write_text('[{"a": 1}, {bad}, ' + ", ".join(['{"a": 2}'] * 20_000) + "]", "utf-8")
    with pytest.raises(ReadError, match=r"not valid JSON near character 1[1-2] "):
        list(readers._json_array(path, readers.ReadLimits(cell_chars=100), block=block))


def test_memory_does_not_grow_with_the_array(tmp_path, monkeypatch):
    """Measured on 32 / 64 MB arrays (20,000-row chunks): 42 MB peak for both, where
    reading them whole with pandas took 243 / 487 MB."""
    monkeypatch.setattr(readers, "CHUNK_ROWS", 1000)
    monkeypatch.setattr(readers, "JSON_BLOCK_CHARS", 1 << 18)
    record = json.dumps({"姓名": "王坤", "手机": "13812345678", "备注": "客户来电要求回访" * 20}, ensure_ascii=False)
    peaks = []
    for n in (15_000, 30_000):
        path = tmp_path / f"big{n}.json"
        path.write_text("[" + ",".join([record] * n) + "]", "utf-8")
        (table,) = iter_tables(path)
        tracemalloc.start()
        assert sum(len(frame) for frame in table.chunks()) == n
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.3 * peaks[0] and peaks[1] < path.stat().st_size / 2, (peaks, path.stat().st_size)
