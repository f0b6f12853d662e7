"""A corpus of bad inputs: each gets a clear message naming the file, or is scanned with a
data-quality warning; no traceback, and no row silently dropped (row counts are checked)."""
from __future__ import annotations

import codecs
import os

import pandas as pd
import pytest

from workbench.cli import main
from workbench.pii import scan_paths


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def cli(path, capsys):
    code = main(["scan", str(path), "-q"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


# (file name, content builder, expected problem in the error message)
FATAL = [
    ("empty.csv", lambda: b"", "empty"),
    ("junk.csv", lambda: bytes(range(256)) * 400, "not a text file"),
    ("truncated.xlsx", lambda: b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50, "not a valid .xlsx"),
    ("protected.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "password-protected"),
    ("blank_header.csv", lambda: b"\n\n1,2\n", "no header row"),
    ("slides.pptx", lambda: b"PK\x03\x04", "unsupported file type"),
    ("report.pdf", lambda: b"%PDF-1.4", "not a readable PDF"),
    ("broken.parquet", lambda: b"PAR1 not really", "not a readable Parquet"),
]


@pytest.mark.parametrize("name,content,problem", FATAL)
def test_fatal_inputs_name_file_and_problem(tmp_path, capsys, name, content, problem):
    path = write(tmp_path / name, content())
    code, err = cli(path, capsys)
    assert code == 1 and name in err and problem in err


def test_unreadable_permissions(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "locked.csv", "姓名\n王坤\n")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(path) else real(p, mode))
    code, err = cli(path, capsys)
    assert code == 1 and "locked.csv" in err and "permission denied" in err


def scanned(path, expected_rows):
    result = scan_paths([path])
    info = result.files[0]
    assert info.error is None, info.error
    assert info.rows == expected_rows
    return result, info


def test_header_only(tmp_path):
    scanned(write(tmp_path / "header_only.csv", "姓名,手机\n"), 0)


def test_ragged_rows_keep_every_field(tmp_path):
    text = "姓名,手机,备注\n王坤,13812345678\n李娜,13900001111,VIP,额外,字段\n张伟,13700002222,正常\n"
    result, info = scanned(write(tmp_path / "ragged.csv", text), 3)
    assert any("fewer fields" in w for w in info.warnings) and any("more fields" in w for w in info.warnings)
    phones = next(c for c in result.columns if c["column"] == "手机")
    assert phones["entities"]["CN_MOBILE_PHONE"]["rows"] == 3


def test_blank_lines_are_rows_not_dropped(tmp_path):
    scanned(write(tmp_path / "blank_lines.csv", "姓名\n王坤\n\n李娜\n"), 3)


def test_nul_bytes(tmp_path):
    result, info = scanned(write(tmp_path / "nul.csv", b"name,mobile\nwang\x00kun,13812345678\nli,13900001111\n"), 2)
    assert any("NUL" in w for w in info.warnings)


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_boms(tmp_path, bom, encoding):
    result, _ = scanned(write(tmp_path / "bom.csv", bom + "姓名,手机\n王坤,13812345678\n".encode(encoding)), 1)
    assert [c["column"] for c in result.columns] == ["姓名", "手机"]


def test_mixed_encodings_are_kept_and_reported(tmp_path):
    data = "姓名,备注\n".encode("utf-8") + "王坤,正常客户记录\n".encode("utf-8") * 2000 + \
        "李娜,国标编码\n".encode("gbk")
    result, info = scanned(write(tmp_path / "mixed.csv", data), 2001)
    assert result.files[0].tables[0].encoding == "utf-8"       # not mojibake for 2,000 good rows
    assert any("not valid utf-8" in w for w in info.warnings)


def test_unknown_encoding_gets_a_best_guess(tmp_path):
    data = "名前,電話\n山田太郎,090-1234-5678\n".encode("shift_jis")
    result = scan_paths([write(tmp_path / "sjis.csv", data)])
    assert result.files[0].error is None or "encoding" in result.files[0].error


def test_ten_megabyte_cell(tmp_path):
    filler = "这是一段很长的备注文字，记录了历次沟通情况。" * 20_000          # ~440k characters
    big = (filler + "客户手机13812345678。") * 8
    assert len(big.encode("utf-8")) > 10_000_000
    result, info = scanned(write(tmp_path / "big_cell.csv", f"备注\n\"{big}\"\n"), 1)
    assert any("longer than" in w for w in info.warnings)
    assert result.columns[0]["entities"]["CN_MOBILE_PHONE"]["findings"] == 8


def test_five_thousand_columns(tmp_path):
    header = ",".join(f"c{i}" for i in range(5000))
    row = ",".join("13812345678" if i == 4999 else str(i) for i in range(5000))
    result, _ = scanned(write(tmp_path / "wide.csv", f"{header}\n{row}\n{row}\n"), 2)
    assert len(result.columns) == 5000 and result.columns[-1]["entity"] == "CN_MOBILE_PHONE"


def test_excel_mangled_ids(tmp_path):
    text = "身份证号\n" + "1.30925E+17\n" * 5 + "110105194912310021\n"
    _, info = scanned(write(tmp_path / "mangled.csv", text), 6)
    assert any("scientific notation" in w for w in info.warnings)


def test_excel_float_ids_in_workbook(tmp_path):
    path = tmp_path / "ids.xlsx"
    pd.DataFrame({"身份证号": [110105194912310021.0, 130925198001010011.0]}).to_excel(path, index=False)
    _, info = scanned(path, 2)
    assert any("scientific notation" in w for w in info.warnings)


def test_duplicated_headers(tmp_path):
    result, _ = scanned(write(tmp_path / "dup.csv", "手机,手机,手机\n13812345678,13900001111,\n"), 1)
    assert [c["column"] for c in result.columns] == ["手机", "手机_2", "手机_3"]


def test_folder_with_bad_and_good_files_loses_nothing(tmp_path, capsys):
    write(tmp_path / "good.csv", "姓名\n王坤\n")
    write(tmp_path / "empty.csv", b"")
    code, err = cli(tmp_path, capsys)
    assert code == 1 and "empty.csv" in err
    result = scan_paths([tmp_path])
    assert [f.name for f in result.files] == ["empty.csv", "good.csv"]
    assert result.files[1].rows == 1
