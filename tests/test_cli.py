"""The command line: help, scan contract, errors as messages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workbench.cli import main


def test_help_lists_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("scan", "report", "batch", "checklists"):
        assert command in out


def test_console_script_installed():
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "workbench" in done.stdout


def test_scan_wrong_path_names_it(capsys, tmp_path):
    code = main(["scan", str(tmp_path / "missing.csv"), "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "missing.csv" in err and "no such file" in err and "Traceback" not in err


def test_scan_contract_on_samples(tmp_path, samples):
    spans, columns = tmp_path / "s.jsonl", tmp_path / "c.jsonl"
    code = main(
        ["scan", str(samples / "hanghai_shipping"), "--spans-out", str(spans), "--columns-out", str(columns), "-q"]
    )
    assert code == 0
    span_rows = [json.loads(line) for line in spans.read_text("utf-8").splitlines()]
    col_rows = [json.loads(line) for line in columns.read_text("utf-8").splitlines()]
    assert set(span_rows[0]) == {"file", "sheet", "row", "column", "entity", "start", "end", "score"}
    by_col = {(c["file"], c["sheet"], c["column"]): c for c in col_rows}
    assert by_col[("shippers.csv", None, "身份证号码")]["entity"] == "CN_RESIDENT_ID"
    assert by_col[("consignments.xlsx", "收货人", "收货电话")]["masked"] is True
    assert by_col[("shippers.csv", None, "最近运单号")]["entity"] is None
    assert by_col[("shippers.csv", None, "备注")]["entity"] is None  # free text
    assert by_col[("shippers.csv", None, "备注")]["entities"]  # ...with findings


def test_scan_unreadable_file_exit_code(tmp_path, capsys):
    (tmp_path / "ok.csv").write_text("姓名\n王坤\n", "utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 nope")
    code = main(["scan", str(tmp_path), "-q"])
    err = capsys.readouterr().err
    assert code == 1 and "broken.xlsx" in err


def test_scan_dev_tables_scores(tmp_path, dev_tables):
    """The evaluation contract end to end: score.py reads what scan writes."""
    spans, columns = tmp_path / "s.jsonl", tmp_path / "c.jsonl"
    assert main(["scan", str(dev_tables), "--spans-out", str(spans), "--columns-out", str(columns), "-q"]) == 0
    scorer = dev_tables.parent.parent / "score.py"
    done = subprocess.run(
        [sys.executable, str(scorer), str(dev_tables.parent), str(spans), str(columns), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["spans"]["_micro"]["f1"] > 0.85
    assert result["columns"]["accuracy"] > 0.95


def test_checklists_command(capsys):
    assert main(["checklists"]) == 0
    assert capsys.readouterr().out.count("20 points") == 4
