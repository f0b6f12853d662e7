"""CN_MOBILE_PHONE: mainland mobile number (手机号码).

11 digits starting with 1, written with an optional +86 / 0086 / (+86) prefix and with
spaces or dashes between the 3-4-4 groups, in ASCII or full-width digits.  Which
prefixes are in service (e.g. 162, 193) is taken from phonenumbers' metadata, not from
a hand-kept list, since published prefix tables disagree: the number must match the
mobile ``national_number_pattern`` of phonenumbers' CN metadata, which is what
``phonenumbers.number_type`` checks (without parsing each number).

>>> is_valid('138 1234 5678')
True
>>> is_valid('+86-199-1234-5678')
True
>>> is_valid('11582647477')      # an 11-digit SKU, no such prefix
False
"""

from __future__ import annotations

import functools
import re

from phonenumbers import PhoneMetadata
from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer
from .text import D, digits_only, fenced

PREFIX = r"(?:(?:\+|＋|00)86[ \-]?|[(（](?:\+|＋)?86[)）][ \-]?)?"
SEP = "[ \\-]?"
PATTERN = fenced(f"{PREFIX}[1\uff11]{D}{{2}}{SEP}{D}{{4}}{SEP}{D}{{4}}")


def compact(number: str) -> str:
    """The 11 national digits, without country prefix or separators."""
    digits = digits_only(number)
    for prefix in ("0086", "86"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


@functools.cache
def _mobile_ranges() -> re.Pattern:
    """phonenumbers' own metadata for CN mobile numbers: the pattern ``number_type`` uses."""
    metadata = PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None and metadata.mobile is not None and metadata.mobile.national_number_pattern
    return re.compile(metadata.mobile.national_number_pattern)


def is_valid(number: str) -> bool:
    """An 11-digit number in a range phonenumbers' metadata lists as CN mobile."""
    national = compact(number)
    return len(national) == 11 and national.isdigit() and _mobile_ranges().fullmatch(national) is not None


class CnMobilePhoneRecognizer(CnPatternRecognizer):
    """Finds mobile numbers; phonenumbers' metadata decides which prefixes exist."""

    ENTITY = "CN_MOBILE_PHONE"

    PATTERNS = [Pattern("cn_mobile", PATTERN, 0.5)]
    CONTEXT = ["手机", "移动电话", "电话", "联系方式", "联系电话", "mobile", "cell", "phone", "tel", "sjhm", "lxdh"]

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid(pattern_text)
