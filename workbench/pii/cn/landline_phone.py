"""CN_LANDLINE_PHONE: mainland fixed-line number (固定电话).

A trunk prefix 0, an area code (2 digits for 010 and 02x, 3 digits elsewhere) and a
local number of 7 or 8 digits, written as ``0755-12345678``, ``(0571)12345678``,
``010 8508 9582`` or with a +86 prefix (which drops the 0), optionally followed by an
extension (``转123``, ``ext. 12``, ``-123``).  The area code must be one phonenumbers
knows; 7-digit local numbers are accepted where phonenumbers only lists 8-digit ones,
because many small cities kept 7-digit numbers.

>>> is_valid('0755-12345678')
True
>>> is_valid('(0532)5178205')
True
>>> is_valid('0999-1234')          # too short
False
"""

from __future__ import annotations

import functools

import phonenumbers
from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer
from .text import D, digits_only, fenced

BRACKETED_AREA = f"[(（]0{D}{{2,3}}[)）][ \\-]?"
AREA = f"0{D}{{2,3}}[ \\-]"
INTL = f"(?:\\+|＋|00)86[ \\-]?(?:[(（]{D}{{2,3}}[)）]|{D}{{2,3}})[ \\-]?"
LOCAL = f"{D}{{3,4}}[ \\-]?{D}{{4}}"
EXTENSION = f"(?:(?:转|分机|ext\\.?|x|-){D}{{1,5}})?"
#: not a group inside a longer grouped number (a card printed 6217 0047 7946 6489)
NOT_IN_GROUPS = "(?<![0-9][ \\-])"
NO_MORE_GROUPS = "(?![ \\-][0-9])"
#: written with a separator or brackets: a phone number by its looks
PATTERN = NOT_IN_GROUPS + fenced(f"(?:{BRACKETED_AREA}|{AREA}|{INTL}){LOCAL}") + EXTENSION + NO_MORE_GROUPS
#: twelve bare digits starting with 0 are also tracking numbers: weak until context
PLAIN = fenced(f"0{D}{{9,11}}")


def split(number: str) -> tuple[str, str] | None:
    """(area code without the trunk 0, local number), or None when not that shape."""
    digits = digits_only(number).replace("X", "").replace("x", "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and not number.lstrip().startswith("0"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    if not digits or digits[0] == "1" and not digits.startswith("10"):
        return None  # a mobile number, not a landline
    area_len = 2 if digits[0] in "12" else 3
    area, local = digits[:area_len], digits[area_len:]
    if not 7 <= len(local) <= 8 or local[0] == "0":
        return None
    return area, local


@functools.lru_cache(maxsize=4096)
def area_code_exists(area: str) -> bool:
    """Whether phonenumbers has a fixed-line range for the area code."""
    for local in ("62345678", "6234567", "82345678", "52345678"):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(f"0{area}{local}", "CN")):
                return True
        except phonenumbers.NumberParseException:
            return False
    return False


def is_valid(number: str) -> bool:
    """Area code known to phonenumbers and a local number of 7-8 digits."""
    main = number
    for marker in ("转", "分机", "ext", "x"):
        main = main.split(marker)[0]
    parts = split(main)
    if parts is None:
        # a trailing "-123" extension looks like part of the local number: retry without it
        head, _, tail = main.rpartition("-")
        parts = split(head) if head and len(digits_only(tail)) <= 5 else None
    return parts is not None and area_code_exists(parts[0])


class CnLandlinePhoneRecognizer(CnPatternRecognizer):
    """Finds fixed-line numbers with an area code."""

    ENTITY = "CN_LANDLINE_PHONE"

    PATTERNS = [Pattern("cn_landline", PATTERN, 0.5), Pattern("cn_landline_plain", PLAIN, 0.4)]
    CONTEXT = [
        "电话",
        "座机",
        "固话",
        "固定电话",
        "办公电话",
        "联系方式",
        "传真",
        "tel",
        "phone",
        "landline",
        "fax",
        "gddh",
        "lxdh",
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        if not is_valid(pattern_text):
            return False
        return None  # no checksum: keep the pattern's score (bare digits need context)
