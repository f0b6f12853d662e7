"""Writing tables that people open in Excel: no formula injection.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is run as a
formula by spreadsheet programs; client-derived text (company names, file names,
headers, notes) must never be.  Such cells get a leading apostrophe, which Excel and
LibreOffice show as text (OWASP's CSV injection guidance).
"""
from __future__ import annotations

import csv
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, made inert as a spreadsheet cell if it is text that looks like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path | str, rows: list[dict], fields: list[str]) -> None:
    """UTF-8 with BOM (so Excel reads Chinese correctly), formula cells neutralised."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise(row.get(k, "")) for k in fields})
