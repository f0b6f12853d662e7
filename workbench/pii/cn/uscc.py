"""CN_USCC: Unified Social Credit Code of an organisation (统一社会信用代码, GB 32100-2015).

18 characters: registration authority (1 character), organisation type (1), the
6-digit division code, the 9-character organisation code and a check character, drawn
from the digits and the capital letters except I, O, S, V, Z.  The check character
comes from python-stdnum's ``cn.uscc``; pattern-only detectors accept strings such as
``91110000MA001AA123`` that fail it.  A sole trader's code names a natural person, which
is why the code is scanned for at all.

>>> is_valid('91110000600037341L')
True
>>> is_valid('91110000MA001AA123')
False
"""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.cn import uscc as stdnum_uscc

from . import resident_id
from ._recognizer import CnPatternRecognizer
from .text import D, fenced, to_ascii

CHAR = "[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy\uff10-\uff19]"
PATTERN = fenced(f"{CHAR}{{2}}{D}{{6}}{CHAR}{{10}}")


def compact(number: str) -> str:
    """Upper-case ASCII characters without separators."""
    return "".join(to_ascii(number).split()).upper()


#: first character: the registration authority (1 civil service, 5 civil affairs, 9 market
#: regulation, Y others, and the rarer 2-8, A, N)
AUTHORITIES = frozenset("123456789ANY")


def is_valid(number: str) -> bool:
    """Authority, a real province in the division code, and the GB 32100 check character.

    A string that is shaped like a resident ID (province, birth date) is an ID, not a code.
    """
    number = compact(number)
    if len(number) != 18 or number[0] not in AUTHORITIES:
        return False
    if number[2:4] not in resident_id.PROVINCE_CODES and number[2:4] != "10":  # 10: national bodies
        return False
    if number[:17].isdigit() and resident_id.is_plausible(number):
        return False
    return stdnum_uscc.is_valid(number)


class CnUsccRecognizer(CnPatternRecognizer):
    """Finds unified social credit codes; the GB 32100 check character decides."""

    ENTITY = "CN_USCC"
    PATTERNS = [Pattern("cn_uscc", PATTERN, 0.4)]
    CONTEXT = [
        "信用代码",
        "社会信用",
        "统一代码",
        "纳税人识别号",
        "税号",
        "营业执照",
        "uscc",
        "credit code",
        "tax id",
        "tyshxydm",
    ]
    TEXT_CUES = ("信用代码", "税号", "营业执照")

    def validate_result(self, pattern_text: str) -> bool | None:
        if not is_valid(pattern_text):
            return False
        # all digits: one string in 31 passes the check by chance (ID-like numbers with an
        # impossible date, order numbers), so it needs a header or a cue; letters make it sure
        return None if compact(pattern_text).isdigit() else True
