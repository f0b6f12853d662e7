"""Writing tables that people open in Excel: no formula injection.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is run as a
formula by spreadsheet programs; client-derived text (company names, file names,
headers, notes) must never be.  Such cells get a leading apostrophe, which Excel and
LibreOffice show as text (OWASP's CSV injection guidance).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, made inert as a spreadsheet cell if it is text that looks like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: list[dict], fields: list[str]) -> str:
    """The CSV as text, a BOM first (so Excel reads Chinese correctly), formula cells neutralised."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(row.get(k, "")) for k in fields})
    return "\ufeff" + out.getvalue()


def write_csv(path: Path | str, rows: list[dict], fields: list[str]) -> None:
    """``csv_text`` written atomically (a kill leaves the old file or the new one).

    :raises workbench.atomic.WriteError: naming the file ("disk full while writing …")
    """
    from ..atomic import write_file

    write_file(path, csv_text(rows, fields))
