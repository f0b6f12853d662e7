"""EMAIL_ADDRESS: e-mail address, fenced for Chinese text.

Presidio's EmailRecognizer uses ``\\b`` (which fails next to CJK characters, e.g.
``邮箱abc@qq.com``) and validates through tldextract, which would fetch the public
suffix list from the network.  This recognizer checks the shape offline instead:
a local part, a dot-separated domain and an alphabetic top-level domain.

>>> is_valid('lixiulan@163.com'), is_valid('a.b@mail.example.cn')
(True, True)
>>> is_valid('a..b@163.com'), is_valid('x@localhost'), is_valid('l***@163.com')
(False, False, False)
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer

LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
PATTERN = f"(?<![A-Za-z0-9._%+-]){LOCAL}@{DOMAIN}(?![A-Za-z0-9-])"
_FULL = re.compile(PATTERN)


def is_valid(address: str) -> bool:
    """The shape of an address; a masked one (``l***@163.com``) is not an exposed address."""
    return bool(_FULL.fullmatch(address.strip())) and ".." not in address and "**" not in address


class CnEmailRecognizer(CnPatternRecognizer):
    """Finds e-mail addresses in Chinese or English text without network look-ups."""

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = [Pattern("email", PATTERN, 0.5)]
    CONTEXT = ["邮箱", "邮件", "电邮", "email", "e-mail", "mail", "yx", "dzyx"]

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid(pattern_text)
