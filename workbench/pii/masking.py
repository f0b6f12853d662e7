"""The one masking rule used everywhere the tool writes a value (reports, logs, UI).

Keep a short, non-identifying prefix and suffix and replace the rest with ``*``, the way
Chinese banks and couriers print numbers: ``138****5678``, ``3101**********123X``,
``张*``, ``l***@163.com``.  Short values are masked entirely.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import PurePath
from typing import overload

from .charsets import CJK
from .entities import ENTITIES, EntityInfo

#: the rule for values of no known entity (a masked value whose kind is not recognised)
_UNKNOWN = EntityInfo("", "", "", False, "", "", "", False)


def mask(value: str, entity: str | None = None) -> str:
    """A masked rendering of ``value``: the entity's usual prefix/suffix, the rest ``*``.

    A value too short for its rule (fewer than 4 hidden characters) is hidden at least
    by half.
    """
    value = value.strip()
    if not value:
        return value
    if "@" in value and entity in ("EMAIL_ADDRESS", None):
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if entity == "IP_ADDRESS":
        parts = re.split(r"([.:])", value)
        return "".join(p if p in ".:" or i == 0 else "*" for i, p in enumerate(parts))
    head, tail = ENTITIES.get(entity or "", _UNKNOWN).keep
    while len(value) - head - tail < 4 and head + tail > len(value) // 2 and (head or tail):
        if head >= tail and head:
            head -= 1
        else:
            tail -= 1
    return value[:head] + "*" * (len(value) - head - tail) + (value[-tail:] if tail else "")


MASK_CHARS = "*＊●"
_MASKED = re.compile(f"[{MASK_CHARS}]")
_READABLE = re.compile(f"[0-9A-Za-z{CJK}]")
_MASKED_NAME = re.compile(f"[{CJK}][{MASK_CHARS}]{{1,3}}|[{CJK}][{MASK_CHARS}][{CJK}]")


def is_masked(value: str) -> bool:
    """An already-masked value: mask characters among digits, letters or CJK (``138****5678``)."""
    stripped = value.strip()
    return _MASKED.search(stripped) is not None and _READABLE.search(stripped) is not None


def masked_entity(value: str) -> str | None:
    """The entity an already-masked value most likely was, judged by its shape."""
    v = value.strip()
    if "@" in v:
        return "EMAIL_ADDRESS"
    if _MASKED_NAME.fullmatch(v):
        return "PERSON"
    compact = re.sub(r"[\s\-]", "", v)
    if re.fullmatch(r"(?:\+?86)?1[0-9*＊●]{10}", compact) and compact[-1:].isdigit():
        return "CN_MOBILE_PHONE"
    if len(compact) == 18 and re.fullmatch(r"[0-9*＊●]{17}[0-9Xx*＊●]", compact):
        return "CN_RESIDENT_ID"
    if 16 <= len(compact) <= 19 and re.fullmatch(r"[0-9*＊●]+", compact):
        return "CN_BANK_CARD"
    return None


#: identifiers that turn up in file, sheet, table and column names (scans of ID copies are often
#: named by the ID): a mobile, a resident ID, a card number, an e-mail.  Dates and order
#: numbers of other lengths stay readable (export_20240101.csv).
_NAME_IDENTIFIER = re.compile(
    r"(?<![0-9])(?:1[3-9]\d{9}|\d{17}[\dXx]|\d{15,19})(?![0-9])"
    r"|[^@\s/\\]+@[^@\s/\\]+\.[A-Za-z]{2,}"
)


@overload
def mask_identifiers(name: str) -> str: ...
@overload
def mask_identifiers(name: None) -> None: ...
def mask_identifiers(name: str | None) -> str | None:
    """A file, sheet, table or column name with any identifier in it masked.

    >>> mask_identifiers("110101199003072009_王五.csv")
    '1101**********2009_王五.csv'
    >>> mask_identifiers("13857808700")
    '138****8700'
    >>> mask_identifiers("export_20240101.csv")
    'export_20240101.csv'
    """
    if not name:
        return name

    def hide(match: re.Match) -> str:
        value = match.group()
        if "@" in value:
            return mask(value, "EMAIL_ADDRESS")
        return mask(value, "CN_MOBILE_PHONE" if len(value) == 11 else "CN_RESIDENT_ID")

    return _NAME_IDENTIFIER.sub(hide, name)


#: a file name needs a look for personal names only with two Chinese characters in a row
#: (``export_20240101.csv``, ``orders.parquet`` cost one regex search)
_CJK_PAIR = re.compile(f"[{CJK}]{{2}}")


@overload
def mask_file_name(name: str) -> str: ...
@overload
def mask_file_name(name: None) -> None: ...
def mask_file_name(name: str | None) -> str | None:
    """A file or document name (or a path, a sheet, an attachment) with identifiers and
    personal names masked: ``mask_identifiers``, then the person rules of the ``cn`` pack
    (``cn.person.label_names``) on the name's Chinese text, masked as cells are.

    >>> mask_file_name("王五简历.docx"), mask_file_name("data/张三_身份证.jpg")
    ('王*简历.docx', 'data/张*_身份证.jpg')
    >>> mask_file_name("王府井门店.xlsx"), mask_file_name("export_20240101.csv")
    ('王府井门店.xlsx', 'export_20240101.csv')

    Not for column headers: they are schema words (姓名, 客户姓名, 联系人), and the
    evaluation matches columns by name; ``mask_identifiers`` is enough for them.  The
    result depends on the name alone (LAC tags each piece by itself), so a kept scan
    matches a file by its masked name.  Names written in Latin letters only (a pinyin
    ``zhangsan_cv.pdf``, ``John_Smith.docx``) stay as they are: the pack's person rules
    read Chinese text (its recognizer declares ``needs_cjk``).
    """
    if not name:
        return name
    return _masked_name(name)


@functools.lru_cache(maxsize=65_536)
def _masked_name(name: str) -> str:
    # a pure function of the name: the cache spares the repeats (each table, log line and finding names its file)
    name = mask_identifiers(name)
    if not _CJK_PAIR.search(name):
        return name
    from .cn.person import label_names  # Presidio and LAC are loaded only when a name needs them

    return mask_findings(name, [(start, end, "PERSON") for start, end in label_names(name)])


#: a sheet, table or attachment a problem text names in quotes (``sheet '赵敏' declares …``): the
#: name ends at the quote before a space, punctuation or the end (a sheet may be called O'Neil)
_QUOTED_NAME = re.compile(r"\b(sheet|table|attachment) '(.+?)'(?=[\s,;:.)/]|$)")


@overload
def mask_problem(problem: str, path: str | os.PathLike | None = None) -> str: ...
@overload
def mask_problem(problem: None, path: str | os.PathLike | None = None) -> None: ...
def mask_problem(problem: str | None, path: str | os.PathLike | None = None) -> str | None:
    """A problem text (a read error's, a reader's warning) fit to be written out: the file it is
    about (``path``: as a whole, its name, its folders) and the sheets, tables and attachments it
    quotes masked as names (``mask_file_name``), identifiers anywhere masked.

    Readers and the libraries under them repeat the path or a sheet's name in their messages
    (PIL: ``cannot identify image file 'd/张三_身份证.jpg'``); masking where the problem is
    turned into text spares every reader from knowing it.

    >>> mask_problem("cannot identify image file 'd/张三_身份证.jpg'", "d/张三_身份证.jpg")
    "cannot identify image file 'd/张*_身份证.jpg'"
    >>> mask_problem("sheet '赵敏' declares 10 rows, more than the limit of 2")
    "sheet '赵*' declares 10 rows, more than the limit of 2"
    """
    if not problem:
        return problem
    if path is not None:
        whole = os.fspath(path)
        pieces = {whole, *PurePath(whole).parts}
        # the longest first: the whole path before its name, its name before a folder in it;
        # a piece is replaced only where masking changes it (a folder ``d`` stays everywhere)
        for piece in sorted(pieces, key=len, reverse=True):
            if piece and piece in problem:
                masked = mask_file_name(piece)
                if masked != piece:
                    problem = problem.replace(piece, masked)
    problem = _QUOTED_NAME.sub(lambda m: f"{m[1]} '{mask_file_name(m[2])}'", problem)
    return mask_identifiers(problem)


def mask_findings(text: str, findings) -> str:
    """``text`` with every finding masked by its entity's rule: ``findings`` are
    ``(start, end, entity)`` offsets into ``text``; overlapping ones are masked once, the
    earliest first.  A masked example built this way shows no raw identifier, whatever
    entity the column holds (``w***@163.com 手机138****1234``)."""
    out, at = [], 0
    for start, end, entity in sorted(findings):
        if start < at:
            start = at
        if start >= end:
            continue
        out.append(text[at:start])
        out.append(mask(text[start:end], entity))
        at = end
    out.append(text[at:])
    return "".join(out)
