"""SQL dump files (mysqldump, pg_dump plain format) read as tables, without a server.

Handovers often arrive as a dump.  Every table with data becomes one ``Table`` named
``schema.table`` (mysqldump: the dumped database, else the file's stem; pg_dump: the
qualified name), its rows taken from ``INSERT … VALUES (…), (…);`` statements (with or
without a column list) and from ``COPY … FROM stdin;`` blocks.  Cell texts are the
values as written (``NULL`` / ``\\N`` become empty cells, strings are unescaped: backslash
escapes in MySQL dumps, doubled quotes everywhere), so a dumped table gives the same
findings as its CSV export.  The file is read line by line; each table's chunks re-read
it and keep that table's rows only, so memory stays bounded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from .encoding import SAMPLE_BYTES, sniff_encoding
from .readers import ReadError, Table, frames_from_records

_IDENT = r'(?:`[^`]+`|"[^"]+"|[\w$]+)'
_NAME = re.compile(rf"({_IDENT})(?:\s*\.\s*({_IDENT}))?")
_INSERT = re.compile(
    rf"INSERT\s+(?:IGNORE\s+)?INTO\s+({_IDENT}(?:\s*\.\s*{_IDENT})?)\s*(\([^)]*\))?\s*VALUES\s*", re.IGNORECASE
)
_COPY = re.compile(rf"COPY\s+({_IDENT}(?:\s*\.\s*{_IDENT})?)\s*(\([^)]*\))?\s+FROM\s+stdin", re.IGNORECASE)
_CREATE = re.compile(rf"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?({_IDENT}(?:\s*\.\s*{_IDENT})?)\s*\(", re.IGNORECASE)
_DATABASE = re.compile(r"^--\s*Host:.*Database:\s*(\S+)|^USE\s+(`[^`]+`|\w+)", re.IGNORECASE)
_NOT_COLUMNS = ("PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL")
_VALUE = re.compile(r"\s*(?:[EN]?'((?:[^'\\]|\\.|'')*)'|([^,()'\s][^,()]*?))\s*([,)])", re.DOTALL)
_MYSQL_ESCAPES = {"0": "\0", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "b": "\b"}
_COPY_ESCAPE = re.compile(r"\\(.)")


def _unquote(identifier: str) -> str:
    return identifier[1:-1] if identifier[:1] in '`"' else identifier


def _qualified(text: str, default_schema: str) -> str:
    match = _NAME.match(text.strip())
    assert match is not None  # the statement patterns only pass text that starts with a name
    first, second = _unquote(match.group(1)), match.group(2)
    return f"{first}.{_unquote(second)}" if second else f"{default_schema}.{first}"


def _column_list(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [_unquote(c.strip()) for c in text.strip()[1:-1].split(",") if c.strip()]


def _statements(path: Path, encoding: str) -> Iterator[tuple[str, Any]]:
    """("schema", name) / ("create", (table, columns)) / ("rows", (table, columns, rows))
    events, in file order; rows are lists of cell texts (None for NULL)."""
    mysql = False
    schema = path.stem
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        statement: list[str] = []
        for line in fh:
            if not statement:
                head = line.lstrip()
                if not head or head.startswith(("--", "/*", "#")):
                    match = _DATABASE.match(head)
                    if head.startswith("--") and ("MySQL dump" in head or "MariaDB dump" in head):
                        mysql = True
                    if match and match.group(1):
                        schema = _unquote(match.group(1))
                    continue
                if head.upper().startswith("USE "):
                    schema = _unquote(head[4:].strip().rstrip(";").strip())
                    continue
                copy = _COPY.match(head)
                if copy:
                    table = _qualified(copy.group(1), "public")
                    columns = _column_list(copy.group(2))
                    rows = []
                    for data in fh:
                        if data.rstrip("\r\n") == "\\.":
                            break
                        rows.append(
                            [
                                None if v == "\\N" else _COPY_ESCAPE.sub(_copy_unescape, v)
                                for v in data.rstrip("\r\n").split("\t")
                            ]
                        )
                        if len(rows) >= 5000:
                            yield "rows", (table, columns, rows)
                            rows = []
                    if rows:
                        yield "rows", (table, columns, rows)
                    continue
            statement.append(line)
            if not _complete(statement, mysql):
                continue
            text = "".join(statement)
            statement = []
            insert = _INSERT.match(text.lstrip())
            if insert:
                table = _qualified(insert.group(1), schema if mysql else "public")
                yield (
                    "rows",
                    (table, _column_list(insert.group(2)), _tuples(text.lstrip()[insert.end() :], mysql, path)),
                )
                continue
            create = _CREATE.match(text.lstrip())
            if create:
                table = _qualified(create.group(1), schema if mysql else "public")
                yield "create", (table, _create_columns(text.lstrip()[create.end() :]))


def _copy_unescape(match: re.Match) -> str:
    c = match.group(1)
    return {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}.get(c, c)


def _complete(lines: list[str], mysql: bool) -> bool:
    """Whether the statement ends with this line (a ';' outside quotes at its end)."""
    if not lines[-1].rstrip().endswith(";"):
        return False
    quote, escape = None, False
    for ch in "".join(lines):
        if escape:
            escape = False
        elif quote:
            if ch == "\\" and mysql and quote == "'":
                escape = True
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
    return quote is None


def _tuples(text: str, mysql: bool, path: Path) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    position, end = 0, len(text)
    while position < end:
        while position < end and text[position] in " \t\r\n,":
            position += 1
        if position >= end or text[position] == ";":
            break
        if text[position] != "(":
            raise ReadError(path, f"unreadable INSERT statement near '{text[position : position + 30]}'")
        position += 1
        row: list[str | None] = []
        while True:
            match = _VALUE.match(text, position)
            if not match:
                raise ReadError(path, f"unreadable value in an INSERT near '{text[position : position + 30]}'")
            quoted, bare, stop = match.groups()
            if quoted is not None:
                row.append(_unescape(quoted, mysql))
            else:
                row.append(None if bare.upper() == "NULL" else bare)
            position = match.end()
            if stop == ")":
                break
        rows.append(row)
    return rows


def _unescape(text: str, mysql: bool) -> str:
    text = text.replace("''", "'")
    if mysql and "\\" in text:
        text = re.sub(r"\\(.)", lambda m: _MYSQL_ESCAPES.get(m.group(1), m.group(1)), text, flags=re.DOTALL)
    return text


def _create_columns(body: str) -> list[str]:
    columns = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(")"):
            continue
        match = re.match(_IDENT, line)
        if match and match.group(0).upper() not in _NOT_COLUMNS:
            columns.append(_unquote(match.group(0)))
    return columns


def read_dump(path: Path) -> Iterator[Table]:
    """The tables with data in a SQL dump, each streaming its rows as cell texts."""
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
        complete = not fh.read(1)
    encoding = sniff_encoding(sample, complete) or "utf-8"
    declared: dict[str, list[str]] = {}
    with_rows: dict[str, list[str] | None] = {}
    for kind, event in _statements(path, encoding):
        if kind == "create":
            declared[event[0]] = event[1]
        elif event[0] not in with_rows:
            with_rows[event[0]] = event[1]
    if not with_rows:
        raise ReadError(path, "no table data found (no INSERT or COPY statements) / 转储文件中没有表数据")
    for name, listed in with_rows.items():
        columns = listed or declared.get(name)
        if not columns:
            raise ReadError(path, f"table '{name}' has rows without column names (no CREATE TABLE or column list)")

        def chunks(name=name, columns=columns):
            width = len(columns)

            def records():
                for kind, event in _statements(path, encoding):
                    if kind == "rows" and event[0] == name:
                        order = event[1]
                        for row in event[2]:
                            cells = ["" if v is None else v for v in row]
                            if order and order != columns:
                                cells = [cells[order.index(c)] if c in order else "" for c in columns]
                            yield (cells + [""] * width)[:width]

            return frames_from_records(records(), columns)

        yield Table(path, name, list(columns), chunks, encoding=encoding)
