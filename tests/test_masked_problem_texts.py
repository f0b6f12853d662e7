"""No person's name from a file, folder, sheet, database or attachment name reaches an error or
warning text: the problems of read errors (``mask_problem``), ``ReadError``'s string form,
a database that cannot be opened, and attachment warnings whose name holds ``": "``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import yaml

from workbench.cli import main
from workbench.io import ReadError

from .conftest import ROOT, SAMPLES

RAW = ("王五", "赵敏", "张三")


def _no_raw(*texts: str) -> None:
    for text in texts:
        assert not any(raw in text for raw in RAW), text[:600]


def test_mask_problem_masks_the_path_its_parts_and_quoted_sheet_names():
    from workbench.pii import mask_problem

    path = Path("张三资料/张三_身份证.jpg")
    problem = f"cannot identify image file '{path}'; sheet '赵敏' declares 10 rows; table '王五客户' 13857808700"
    masked = mask_problem(problem, path)
    assert "张*资料/张*_身份证.jpg" in masked and "sheet '赵*'" in masked and "table '王*客户'" in masked
    assert "138****8700" in masked
    _no_raw(masked)
    # an apostrophe inside a sheet name does not cut the name short
    assert mask_problem("sheet 'O'Neil 赵敏' has 9 columns") == "sheet 'O'Neil 赵*' has 9 columns"
    # nothing to mask: the text as it was (a one-letter folder is not replaced everywhere)
    assert mask_problem("the file is empty", Path("d/export.csv")) == "the file is empty"


def test_a_sheet_named_by_a_person_over_the_row_limit_is_named_masked(tmp_path, capsys, monkeypatch):
    book = openpyxl.Workbook()
    book.active.title = "赵敏"
    for row in range(6):
        book.active.append([f"客户{row}", f"1385780870{row}"])
    data = tmp_path / "data"
    data.mkdir()
    book.save(data / "客户资料.xlsx")
    (data / "张三_身份证.jpg").write_bytes(b"\x13\x37\xfe\xed damaged, not a JPEG \x00\x01\x02")
    monkeypatch.setenv("WORKBENCH_MAX_SHEET_ROWS", "2")
    out = tmp_path / "scan.json"
    assert main(["scan", str(data), "-q", "--json-out", str(out)]) == 1
    err, saved = capsys.readouterr().err, out.read_text("utf-8")
    errors = {f["name"]: f["error"] for f in json.loads(saved)["files"]}
    assert "sheet '赵*' declares" in errors["客户资料.xlsx"], errors
    assert "not a readable image" in errors["张*_身份证.jpg"] and "张*_身份证.jpg" in errors["张*_身份证.jpg"]
    assert "sheet '赵*'" in err and "张*_身份证.jpg" in err
    _no_raw(err, saved)


def test_read_error_says_the_name_masked_and_keeps_the_real_path():
    exc = ReadError("data/王五简历.csv", "no such file or folder")
    assert str(exc) == "王*简历.csv: no such file or folder"
    assert exc.path == Path("data/王五简历.csv")  # callers need the real one


def _company_with_a_missing_dataset(root: Path) -> Path:
    folder = root / "co"
    shutil.copytree(SAMPLES / "xinyuan_trading", folder)
    profile = yaml.safe_load((folder / "company.yaml").read_text("utf-8"))
    profile["datasets"] = ["data", "王五简历.csv"]
    (folder / "company.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    return folder


def test_report_on_a_missing_dataset_names_the_company_and_the_file_masked(tmp_path, capsys):
    folder = _company_with_a_missing_dataset(tmp_path)
    assert main(["report", str(folder), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "王*简历.csv" in err and "深圳鑫源商贸有限公司" in err and str(folder) in err, err
    assert "数据集" in err and "dataset" in err, err  # both languages
    assert "Traceback" not in err and "ReadError" not in err
    _no_raw(err)


def test_batch_over_a_missing_dataset_writes_no_name_into_its_summary_or_index(tmp_path, capsys):
    _company_with_a_missing_dataset(tmp_path / "portfolio")
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "portfolio"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    written = [p.read_text("utf-8") for p in out.rglob("*") if p.is_file() and p.suffix in (".json", ".html", ".csv")]
    assert any("王*简历.csv" in text for text in written) and "王*简历.csv" in err
    _no_raw(err, *written)


def test_a_database_named_by_a_person_that_cannot_be_opened_is_named_masked(tmp_path, capsys):
    (tmp_path / "王五客户.db").write_bytes(b"this is not a SQLite database, only damaged bytes" * 20)
    urls = [f"sqlite:///{tmp_path / name}" for name in ("王五客户.db", "赵敏客户.db")]  # corrupt, missing
    out = tmp_path / "scan.json"
    assert main(["scan", *urls, "-q", "--json-out", str(out)]) == 1
    err, saved = capsys.readouterr().err, out.read_text("utf-8")
    infos = json.loads(saved)["files"]
    assert [bool(f["error"]) for f in infos] == [True, True]
    assert "王*客户.db" in infos[0]["name"] and "赵*客户.db" in infos[1]["name"]
    assert "王*客户.db" in err and "赵*客户.db" in err
    _no_raw(err, saved)


def test_an_attachment_named_with_a_colon_is_masked_in_its_warning(tmp_path, capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import document_factory as factory

    crowd = factory.people(11, 4)
    mail = factory.mail_with_attachment(crowd[0], "Re: 王五简历.docx", b"PK\x03\x04 broken", "application/octet-stream")
    (tmp_path / "来信.eml").write_bytes(mail)
    out = tmp_path / "scan.json"
    assert main(["scan", str(tmp_path), "-q", "--json-out", str(out)]) == 0
    err, saved = capsys.readouterr().err, out.read_text("utf-8")
    (info,) = json.loads(saved)["files"]
    warnings = [w for t in info["tables"] for w in t["warnings"]]
    assert any(w.startswith("attachment Re: 王*简历.docx: ") for w in warnings), warnings
    assert "王*简历.docx" in err
    _no_raw(err, saved)


def test_a_dumped_table_named_by_a_person_is_named_masked_in_its_problem(tmp_path, capsys):
    (tmp_path / "导出.sql").write_text("INSERT INTO \"赵敏客户\" VALUES ('客户甲', '13857808700');\n", "utf-8")
    out = tmp_path / "scan.json"
    assert main(["scan", str(tmp_path), "-q", "--json-out", str(out)]) == 1
    err, saved = capsys.readouterr().err, out.read_text("utf-8")
    (info,) = json.loads(saved)["files"]
    assert "table 'public.赵*客户' has rows without column names" in info["error"], info["error"]
    _no_raw(err, saved)
