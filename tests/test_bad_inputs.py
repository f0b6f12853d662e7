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
    phones = next(c for c in result.columns if c.column == "手机")
    assert phones.entities["CN_MOBILE_PHONE"].rows == 3


def test_blank_lines_are_rows_not_dropped(tmp_path):
    scanned(write(tmp_path / "blank_lines.csv", "姓名\n王坤\n\n李娜\n"), 3)


def test_nul_bytes(tmp_path):
    result, info = scanned(write(tmp_path / "nul.csv", b"name,mobile\nwang\x00kun,13812345678\nli,13900001111\n"), 2)
    assert any("NUL" in w for w in info.warnings)


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_boms(tmp_path, bom, encoding):
    result, _ = scanned(write(tmp_path / "bom.csv", bom + "姓名,手机\n王坤,13812345678\n".encode(encoding)), 1)
    assert [c.column for c in result.columns] == ["姓名", "手机"]


def test_mixed_encodings_are_kept_and_reported(tmp_path):
    data = (
        "姓名,备注\n".encode("utf-8") + "王坤,正常客户记录\n".encode("utf-8") * 2000 + "李娜,国标编码\n".encode("gbk")
    )
    result, info = scanned(write(tmp_path / "mixed.csv", data), 2001)
    assert result.files[0].tables[0].encoding == "utf-8"  # not mojibake for 2,000 good rows
    assert any("not valid utf-8" in w for w in info.warnings)


def test_unknown_encoding_gets_a_best_guess(tmp_path):
    data = "名前,電話\n山田太郎,090-1234-5678\n".encode("shift_jis")
    result = scan_paths([write(tmp_path / "sjis.csv", data)])
    assert result.files[0].error is None or "encoding" in result.files[0].error


def test_ten_megabyte_cell(tmp_path):
    filler = "这是一段很长的备注文字，记录了历次沟通情况。" * 20_000  # ~440k characters
    big = (filler + "客户手机13812345678。") * 8
    assert len(big.encode("utf-8")) > 10_000_000
    result, info = scanned(write(tmp_path / "big_cell.csv", f'备注\n"{big}"\n'), 1)
    assert any("longer than" in w for w in info.warnings)
    assert result.columns[0].entities["CN_MOBILE_PHONE"].findings == 8


def test_five_thousand_columns(tmp_path):
    header = ",".join(f"c{i}" for i in range(5000))
    row = ",".join("13812345678" if i == 4999 else str(i) for i in range(5000))
    result, _ = scanned(write(tmp_path / "wide.csv", f"{header}\n{row}\n{row}\n"), 2)
    assert len(result.columns) == 5000 and result.columns[-1].entity == "CN_MOBILE_PHONE"


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
    assert [c.column for c in result.columns] == ["手机", "手机_2", "手机_3"]


def test_folder_with_bad_and_good_files_loses_nothing(tmp_path, capsys):
    write(tmp_path / "good.csv", "姓名\n王坤\n")
    write(tmp_path / "empty.csv", b"")
    code, err = cli(tmp_path, capsys)
    assert code == 1 and "empty.csv" in err
    result = scan_paths([tmp_path])
    assert [f.name for f in result.files] == ["empty.csv", "good.csv"]
    assert result.files[1].rows == 1


# -- hostile inputs: each in a subprocess with a timeout, so a hang fails the test --------------


def run_cli(*args, env=None, timeout=180):
    """``workbench`` in a fresh process; returns (exit code, stderr, peak RSS of the child in MiB)."""
    import resource
    import subprocess
    import sys

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=None if env is None else {**os.environ, **env},
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done.returncode, done.stderr, max(peak, before) / 1024


@pytest.mark.slow
def test_two_hundred_megabyte_single_cell_csv_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "one_cell.csv"
    with open(path, "wb") as fh:
        for _ in range(200):
            fh.write(b"x" * (1 << 20))
    code, err, peak_mib = run_cli("scan", path, "-q")
    assert code == 1 and "one_cell.csv" in err and "longer than" in err and "WORKBENCH_MAX_CELL_MB" in err
    assert peak_mib < 1500, f"peak RSS {peak_mib:.0f} MiB"


def test_a_million_columns_are_refused_not_folded(tmp_path):
    path = write(tmp_path / "wide.csv", ",".join(f"c{i}" for i in range(1_000_000)) + "\n" + "1," * 10 + "\n")
    code, err, _ = run_cli("scan", path, "-q")
    assert code == 1 and "wide.csv" in err and "1,000,000 columns" in err and "WORKBENCH_MAX_COLUMNS" in err
    # the limit is the user's to set
    narrow = write(tmp_path / "narrow.csv", ",".join(f"c{i}" for i in range(100)) + "\n" + "1," * 99 + "1\n")
    code, err, _ = run_cli("scan", narrow, "-q", env={"WORKBENCH_MAX_COLUMNS": "50"})
    assert code == 1 and "100 columns" in err
    assert run_cli("scan", narrow, "-q")[0] == 0


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "customers.csv"
    os.mkfifo(fifo)
    code, err, _ = run_cli("scan", fifo, "-q", timeout=60)
    assert code == 1 and "customers.csv" in err and "not a regular file" in err
    # inside a folder it is not even listed, and the real file beside it is scanned
    write(tmp_path / "real.csv", "手机\n13812345678\n")
    result = scan_paths([tmp_path])
    assert [f.name for f in result.files] == ["real.csv"]


def test_workbook_that_expands_past_its_limits_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.xlsx"
    pd.DataFrame({"备注": ["零" * 2000] * 3000}).to_excel(path, index=False)  # ~18 MB of XML, well compressed
    code, err, _ = run_cli("scan", path, "-q", env={"WORKBENCH_MAX_UNZIPPED_MB": "5"}, timeout=120)
    assert code == 1 and "bomb.xlsx" in err and "when unpacked" in err and "zip bomb" in err
    code, err, _ = run_cli("scan", path, "-q", env={"WORKBENCH_MAX_SHEET_ROWS": "1000"}, timeout=120)
    assert code == 1 and "bomb.xlsx" in err and "3,001 rows, more than the limit of 1,000" in err


def test_headerless_csv_never_turns_identifiers_into_column_names(tmp_path):
    rows = [
        "王坤,110101199003072009,13857808700,北京市海淀区中关村大街1号",
        "李娜,11010519491231002X,13912345678,上海市浦东新区世纪大道100号",
    ]
    path = write(tmp_path / "export.csv", "\n".join(rows) + "\n")
    result, info = scanned(path, 2)  # the first record is data, not a header
    assert [c.column for c in result.columns] == ["column_1", "column_2", "column_3", "column_4"]
    assert any("no header" in w for w in info.warnings)
    assert {c.entity for c in result.columns} >= {"CN_RESIDENT_ID", "CN_MOBILE_PHONE"}
    out = tmp_path / "scan.json"
    assert main(["scan", str(path), "-q", "--json-out", str(out), "--columns-out", str(tmp_path / "c.jsonl")]) == 0
    for artifact in (out, tmp_path / "c.jsonl"):
        text = artifact.read_text("utf-8")
        assert "110101199003072009" not in text and "13857808700" not in text


def test_identifier_in_a_real_header_is_masked(tmp_path):
    from workbench.io.readers import unique_headers

    assert unique_headers(["姓名", "13857808700", "备注"]) == ["姓名", "138****8700", "备注"]


def test_damaged_parquet_is_named_and_the_other_files_are_kept(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = write(tmp_path / "good.csv", "手机\n13812345678\n")
    bad = tmp_path / "tickets.parquet"
    table = pa.table({"备注": [f"客户{i}来电，手机13812345678，要求退款" * 5 for i in range(20000)]})
    pq.write_table(table, bad, compression="snappy", row_group_size=5000)
    data = bytearray(bad.read_bytes())
    for offset in range(2000, len(data) // 2, 997):  # scramble data pages, keep footer and schema
        data[offset] ^= 0xFF
    bad.write_bytes(bytes(data))
    out = tmp_path / "scan.json"
    code, err, _ = run_cli("scan", tmp_path, "-q", "--json-out", out)
    assert code == 1 and "tickets.parquet" in err and ("damaged" in err or "not a readable Parquet" in err)
    saved = __import__("json").loads(out.read_text("utf-8"))  # the good file's results are kept
    names = {f["name"]: f for f in saved["files"]}
    assert names["good.csv"]["error"] is None and names["tickets.parquet"]["error"]
    assert good.exists()


def test_file_deleted_during_the_scan_is_reported_not_dropped(tmp_path):
    write(tmp_path / "a.csv", "手机\n" + "13812345678\n" * 10)
    doomed = write(tmp_path / "b.csv", "手机\n13912345678\n")
    deleted = []

    def delete_b(span):
        if not deleted:
            doomed.unlink()
            deleted.append(True)

    result = scan_paths([tmp_path], on_span=delete_b)
    assert deleted and [f.name for f in result.files] == ["a.csv", "b.csv"]
    assert result.files[0].error is None and result.files[0].rows == 10
    assert "no longer exists" in result.files[1].error
