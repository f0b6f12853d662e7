"""CN_VEHICLE_PLATE: mainland licence plate (机动车号牌, GA 36-2018).

A one-character province abbreviation, the issuing authority letter (A-Z without I and
O), then 5 characters (ordinary plates) or 6 (new-energy plates, with D or F for
battery or hybrid), digits and letters except I and O, sometimes with a dot or space
after the authority letter and a 挂/学/警/港/澳 suffix.  Issued plates carry digits; a
letters-only match (a province name followed by an English word, or a badly typed
plate) is weak and needs a header or a cue (车牌, 车辆).

>>> is_valid('粤B12345'), is_valid('京AD12345'), is_valid('沪A·5G8H9')
(True, True, True)
>>> is_valid('京ABCDEF'), has_digit('京ABCDEF')
(True, False)
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer
from .text import NOT_AFTER, to_ascii

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
ALNUM = "[A-HJ-NP-Z0-9]"
PATTERN = f"[{PROVINCES}][A-HJ-NP-Z][·• ]?{ALNUM}{{5,6}}[挂学警港澳]?{NOT_AFTER}"
_FULL = re.compile(PATTERN)


def compact(number: str) -> str:
    return to_ascii(number).replace("·", "").replace("•", "").replace(" ", "").upper()


def is_valid(number: str) -> bool:
    """Province, authority letter and 5-6 characters."""
    return bool(_FULL.fullmatch(compact(number)))


def has_digit(number: str) -> bool:
    return any(ch.isdigit() for ch in compact(number)[2:])


class CnVehiclePlateRecognizer(CnPatternRecognizer):
    """Finds licence plates."""

    ENTITY = "CN_VEHICLE_PLATE"
    PATTERNS = [Pattern("cn_vehicle_plate", PATTERN, 0.4)]
    CONTEXT = ["车牌", "号牌", "车辆", "plate", "vehicle", "cph"]
    TEXT_CUES = ("车牌", "车辆", "车号")

    def validate_result(self, pattern_text: str) -> bool | None:
        if not is_valid(pattern_text):
            return False
        return True if has_digit(pattern_text) else None
