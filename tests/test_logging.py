"""`--verbose`: the scan says what it does (files opened, chunks, timings) through the
``logging`` module, on stderr, never a value; silent by default."""

from __future__ import annotations

import re

from workbench.cli import main

PHONE = re.compile(r"1[3-9]\d{9}")


def _table(tmp_path):
    path = tmp_path / "客户.csv"
    path.write_text("姓名,手机\n" + "".join(f"王坤,138{i:08d}\n" for i in range(50)), "utf-8")
    return path


def test_verbose_scan_logs_files_chunks_and_timings(tmp_path, capsys):
    path = _table(tmp_path)
    assert main(["scan", "-v", str(path), "-q"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"DEBUG workbench\.pii\.scan: .*客户\.csv: opened \(\d[\d,]* bytes\)", err)
    assert "客户.csv: chunk merged, 50 rows so far" in err
    assert re.search(r"客户\.csv: 50 rows in 1 table\(s\) in \d+\.\d\ds", err)
    assert not PHONE.search(err)
    assert main(["-v", "scan", str(path), "-q"]) == 0  # before the command too
    assert "opened" in capsys.readouterr().err


def test_without_verbose_the_scan_logs_nothing(tmp_path, capsys):
    assert main(["scan", str(_table(tmp_path)), "-q"]) == 0
    assert "DEBUG" not in capsys.readouterr().err
