"""CN_HK_MACAU_PERMIT: travel permits between the Mainland and Hong Kong / Macau.

- Exit-Entry Permit for mainland residents travelling to HK and Macau (往来港澳通行证):
  ``C`` + 8 digits, or ``C`` + a letter + 7 digits on the newer cards.
- Mainland Travel Permit for HK / Macau residents (回乡证): ``H`` (Hong Kong) or ``M``
  (Macau) + 8 digits (card number) or 10 digits (the permanent number).
No checksum: a bare match needs a header or a cue (通行证, 回乡证) to count.

>>> is_valid('C22791294'), is_valid('CT6871640'), is_valid('H1234567801')
(True, True, True)
>>> is_valid('C1234')
False
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer
from .text import fenced, to_ascii

PATTERN = fenced("[Cc][0-9]{8}|[Cc][A-HJ-NP-Za-hj-np-z][0-9]{7}|[HMhm][0-9]{8}(?:[0-9]{2})?")
_FULL = re.compile(PATTERN)


def compact(number: str) -> str:
    return to_ascii(number).strip().upper()


def is_valid(number: str) -> bool:
    """The shape of a HK/Macau permit number (there is no checksum)."""
    return bool(_FULL.fullmatch(compact(number)))


class CnHkMacauPermitRecognizer(CnPatternRecognizer):
    """Finds HK/Macau travel permit numbers; weak without header or text context."""

    ENTITY = "CN_HK_MACAU_PERMIT"
    PATTERNS = [Pattern("cn_hk_macau_permit", PATTERN, 0.4)]
    CONTEXT = ["通行证", "港澳", "回乡证", "permit", "hk_macau", "gatxz", "txz"]
    TEXT_CUES = ("通行证", "回乡证", "permit")
