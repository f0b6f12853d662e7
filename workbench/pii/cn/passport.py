"""CN_PASSPORT: passport of the People's Republic of China (护照号码).

Ordinary e-passports: ``E`` followed by 8 digits, or ``E`` plus a letter (not I or O)
and 7 digits once the digit series ran out; older ordinary passports ``G`` + 8 digits;
diplomatic, service and public-affairs passports ``D``, ``S``, ``P`` + 7 or 8 digits.
The format has no check digit, so a bare match is weak evidence: it needs a header or a
cue (护照) to count.

>>> is_valid('E12345678'), is_valid('EH8286038'), is_valid('G04836685')
(True, True, True)
>>> is_valid('E8019')
False
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer
from .text import fenced, to_ascii

PATTERN = fenced("[EeGg][0-9]{8}|[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7}|[DSPdsp][Ee]?[0-9]{7,8}")
_FULL = re.compile(PATTERN)


def compact(number: str) -> str:
    return to_ascii(number).strip().upper()


def is_valid(number: str) -> bool:
    """The shape of a Chinese passport number (there is no checksum)."""
    return bool(_FULL.fullmatch(compact(number)))


class CnPassportRecognizer(CnPatternRecognizer):
    """Finds passport numbers; weak without header or text context."""

    ENTITY = "CN_PASSPORT"
    PATTERNS = [Pattern("cn_passport", PATTERN, 0.4)]
    CONTEXT = ["护照", "passport", "hzhm", "hz_no"]
    TEXT_CUES = ("护照", "passport")
