"""Identifiers in file and sheet names stay masked on every way out: the ``-v`` log and the
progress bar, read errors stored in scan.json, and the workbench's kept scan (which must still
recognise the file it masks, and name it masked when it changed)."""

from __future__ import annotations

import json

import openpyxl

from workbench.assessment import ScanCache
from workbench.cli import main
from workbench.pii import scan_paths

RESIDENT_ID = "110101199003072009"
MOBILE = "13857808700"


def _named_table(folder):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{RESIDENT_ID}.csv"
    path.write_text("姓名,备注\n" + "".join(f"王坤,第{i}次来访\n" for i in range(30)), "utf-8")
    return path


def test_verbose_log_and_progress_name_files_masked(tmp_path, capsys):
    path = _named_table(tmp_path / "data")
    assert main(["-v", "scan", str(path)]) == 0
    err = capsys.readouterr().err
    assert "opened" in err and "chunk merged" in err  # the lines are there ...
    assert RESIDENT_ID not in err  # ... with the name masked
    assert "1101**********2009.csv" in err


def test_a_read_error_naming_a_sheet_is_masked(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = MOBILE
    sheet.append(["a", "b", "c"])
    sheet.append([1, 2, 3])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    monkeypatch.setenv("WORKBENCH_MAX_COLUMNS", "2")
    result = scan_paths([path], progress=False)
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    assert "138****8700" in text, text[:500]  # the problem is reported ...
    assert MOBILE not in text  # ... naming the sheet masked


def test_kept_scan_of_a_file_named_by_an_id_is_recognised_and_names_it_masked(tmp_path):
    folder = tmp_path / "company"
    path = _named_table(folder / "data")
    cache = ScanCache(folder)
    cache.save([folder / "data"], scan_paths([folder / "data"], progress=False))
    kept = cache.load()
    assert kept is not None and kept.fresh, kept.changed  # the masked name still matches its file
    assert cache.reusable([path])[0] is not None
    path.write_text(path.read_text("utf-8") + "李雷,又来了\n", "utf-8")
    kept = cache.load()
    assert kept.changed == ("data/1101**********2009.csv",)
    assert cache.reusable([path])[0] is None
