"""Readers: encodings, sheets, formats, text fidelity, clear errors."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.io import ReadError, discover, iter_tables
from workbench.io.encoding import sniff_encoding


def read_all(path):
    return [(t.sheet, t.encoding, pd.concat(list(t.chunks()), ignore_index=True)) for t in iter_tables(path)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5"])
def test_csv_in_chinese_encodings(tmp_path, encoding):
    text = "姓名,手机号\n王坤,13812345678\n李娜,13900001111\n"
    if encoding == "big5":
        text = "姓名,手機\n王坤,13812345678\n李娜,13900001111\n"
    path = tmp_path / "c.csv"
    path.write_bytes(text.encode(encoding))
    ((_, found, frame),) = read_all(path)
    assert list(frame.iloc[:, 0]) == ["王坤", "李娜"]
    assert frame.iloc[0, 1] == "13812345678"


def test_sniff_prefers_utf8_over_gb18030():
    assert sniff_encoding("客户姓名".encode("utf-8"), complete=True) == "utf-8"
    assert sniff_encoding("客户姓名".encode("gb18030"), complete=True) == "gb18030"


def test_ids_keep_leading_zeros_and_x(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("id\n01234567890123456X\n", "utf-8")
    ((_, _, frame),) = read_all(path)
    assert frame.iloc[0, 0] == "01234567890123456X"


def test_excel_every_sheet_and_integer_text(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"手机": [13812345678, 13900001111]}).to_excel(xl, sheet_name="客户", index=False)
        pd.DataFrame({"金额": [12.5], "日期": [pd.Timestamp("2024-01-02")]}).to_excel(
            xl, sheet_name="订单", index=False
        )
    tables = read_all(path)
    assert [t[0] for t in tables] == ["客户", "订单"]
    assert list(tables[0][2]["手机"]) == ["13812345678", "13900001111"]
    assert list(tables[1][2].iloc[0]) == ["12.5", "2024-01-02"]


def test_parquet(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"a": ["x", None], "b": [1, 2]}).to_parquet(path)
    ((_, _, frame),) = read_all(path)
    assert list(frame["a"]) == ["x", ""] and list(frame["b"]) == ["1", "2"]


def test_duplicate_and_blank_headers(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("姓名,姓名,\n张三,李四,x\n", "utf-8")
    (table,) = iter_tables(path)
    assert table.columns == ["姓名", "姓名_2", "column_3"]


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("empty.csv", b"", "empty"),
        ("junk.csv", b"\x00\x01\x02binary\x00" * 50, "not a text file"),
        ("bad.xlsx", b"PK\x03\x04 truncated", "not a valid .xlsx"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
        ("notes.pptx", b"whatever", "unsupported file type"),
        ("notes.docx", b"whatever", "not a readable Word .docx"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_all(path)
    assert problem in str(err.value) and name in str(err.value)


def test_missing_path_is_named(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        discover([tmp_path / "nope"])


def test_discover_folder_finds_supported_files(samples):
    found = discover([samples])
    assert {p.suffix for p in found} >= {".csv", ".xlsx", ".parquet"}
