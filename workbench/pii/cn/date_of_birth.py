"""DATE_OF_BIRTH: a calendar date that the header or the text says is a birth date.

Dates are everywhere in customer data (orders, tickets, log-ins); only a header such
as 出生日期 / birthday / csrq, or a cue such as 出生于 just before the date, makes one
personal information.  The bare pattern therefore scores below the threshold.

>>> is_valid('1990-03-07'), is_valid('2006年07月10日'), is_valid('19900307')
(True, True, True)
>>> is_valid('1990-02-30'), is_valid('2999-01-01')
(False, False)
"""

from __future__ import annotations

import datetime
import re

from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer
from .text import D, NOT_AFTER, NOT_BEFORE, to_ascii

PATTERN = (
    f"{NOT_BEFORE}(?:(?:19|20){D}{{2}}(?:[-/.]{D}{{1,2}}[-/.]{D}{{1,2}}"
    f"|年{D}{{1,2}}月{D}{{1,2}}日?)|(?:19|20){D}{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])){NOT_AFTER}"
)
_PARTS = re.compile(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?")


def parse(text: str) -> datetime.date | None:
    match = _PARTS.fullmatch(to_ascii(text).strip())
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def is_valid(text: str) -> bool:
    """A real date between 1880 and today."""
    born = parse(text)
    return born is not None and datetime.date(1880, 1, 1) <= born <= datetime.date.today()


class CnDateOfBirthRecognizer(CnPatternRecognizer):
    """Finds birth dates: a valid date plus a birth cue in the header or the text."""

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [Pattern("date", PATTERN, 0.2)]
    CONTEXT = ["出生", "生日", "生辰", "birth", "dob", "csrq", "srrq"]
    TEXT_CUES = ("出生", "生日", "生于", "birth", "dob")

    def validate_result(self, pattern_text: str) -> bool | None:
        # a valid date keeps its weak score; only a cue lifts it above the threshold
        return None if is_valid(pattern_text) else False
