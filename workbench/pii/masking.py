"""The one masking rule used everywhere the tool writes a value (reports, logs, UI).

Keep a short, non-identifying prefix and suffix and replace the rest with ``*``, the way
Chinese banks and couriers print numbers: ``138****5678``, ``3101**********123X``,
``张*``, ``l***@163.com``.  Short values are masked entirely.
"""

from __future__ import annotations

import re
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
