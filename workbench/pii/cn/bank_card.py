"""CN_BANK_CARD: payment card number (银行卡号).

16 to 19 digits, printed in groups of four, with a Luhn check digit.  UnionPay cards
start with 62 (and 60, 65, 81 for some domestic issuers), international schemes with
3 (JCB, Amex, Diners), 4 (Visa) or 5 (Mastercard).  An 18-digit number shaped like a
resident ID (province, birth date) is an ID, not a card: a random number passes Luhn
one time in ten.

>>> is_valid('6212 2648 3980 2942')
True
>>> is_valid('6212264839802943')    # Luhn fails
False
>>> is_valid('202507071241370136')  # an order number starting with 2
False
"""

from __future__ import annotations

import numpy as np
from presidio_analyzer import Pattern
from stdnum import luhn

from . import resident_id
from ._recognizer import CnPatternRecognizer
from .text import D, UNDECIDED, digits_only, fenced, validate_in_arrays

#: first digits of issuer identification numbers in use on Chinese customers' cards
ISSUER_PREFIXES = ("3", "4", "5", "6", "81", "9")
SEP = "[ \\-]?"
PATTERN_GROUPED = fenced(f"{D}{{4}}{SEP}{D}{{4}}{SEP}{D}{{4}}{SEP}{D}{{4}}(?:{SEP}{D}{{1,3}})?")


def compact(number: str) -> str:
    """The card digits without separators."""
    return digits_only(number)


def is_valid(number: str) -> bool:
    """16-19 digits, a known issuer prefix, Luhn, and not a resident ID."""
    number = compact(number)
    if not 16 <= len(number) <= 19 or not number.isdigit():
        return False
    if not number.startswith(ISSUER_PREFIXES) or number.startswith("9") and len(number) != 19:
        return False
    if len(number) == 18 and resident_id.is_plausible(number):
        return False
    return luhn.is_valid(number)


def _verdict_rows(digits: np.ndarray) -> np.ndarray:
    """``CnBankCardRecognizer.validate_result`` codes for rows of 16-19 digit values
    (``byte - 48``): rows with anything but digits are left to the text path."""
    width = digits.shape[1]
    first, second = digits[:, 0], digits[:, 1]
    known_issuer = (first >= 3) & (first <= 6) | (first == 8) & (second == 1) | (first == 9) & (width == 19)
    # Luhn: every second digit from the right doubled, its digits summed
    doubled = digits[:, width - 2 :: -2] * 2
    total = digits[:, width - 1 :: -2].sum(axis=1) + (doubled - 9 * (doubled > 9)).sum(axis=1)
    valid = known_issuer & (total % 10 == 0)
    if width == 18:
        valid &= ~resident_id.plausible_rows(digits)
        # an ID-shaped number with a province code needs a header or a cue (as the text path)
        verdict = np.where(valid, np.where(resident_id.province_rows(digits), 2, 1), 0)
    else:
        verdict = valid.astype(np.int64)
    return np.where(((digits >= 0) & (digits <= 9)).all(axis=1), verdict, UNDECIDED)


class CnBankCardRecognizer(CnPatternRecognizer):
    """Finds card numbers; Luhn and the issuer prefix decide."""

    ENTITY = "CN_BANK_CARD"
    PATTERNS = [Pattern("cn_bank_card", PATTERN_GROUPED, 0.4)]
    CONTEXT = [
        "银行卡",
        "卡号",
        "账号",
        "帐号",
        "储蓄卡",
        "信用卡",
        "借记卡",
        "银联",
        "开户",
        "card",
        "account",
        "bank",
        "yhk",
        "khzh",
    ]
    TEXT_CUES = ("卡号", "银行卡", "账号", "帐号", "信用卡", "card")

    def validate_result(self, pattern_text: str) -> bool | None:
        if not is_valid(pattern_text):
            return False
        # 18 bare digits opening with a province code: more often an ID with a typo or an
        # impossible date than an 18-digit card, so it needs a header or a cue
        number = compact(pattern_text)
        if len(number) == 18 and number[:2] in resident_id.PROVINCE_CODES and pattern_text.isdigit():
            return None
        return True

    def validate_many(self, texts: list[str]) -> list[bool | None]:
        return validate_in_arrays(texts, range(16, 20), _verdict_rows, self.validate_result)
