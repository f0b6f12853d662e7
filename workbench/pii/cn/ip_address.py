"""IP_ADDRESS: IPv4 or IPv6 address, validated by the standard ``ipaddress`` module.

Fenced with look-arounds so that version strings such as ``1.2.3.4.5`` and numbers
inside longer tokens do not match, and so that an address right after Chinese text
(``登录IP223.5.5.5``) does.

>>> is_valid('121.231.87.74'), is_valid('2001:db8::1')
(True, True)
>>> is_valid('256.1.1.1')
False
"""

from __future__ import annotations

import ipaddress

from presidio_analyzer import Pattern

from ._recognizer import CnPatternRecognizer

OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
IPV4 = rf"(?:(?<![0-9A-Za-z.])|(?<=[Ii][Pp])){OCTET}(?:\.{OCTET}){{3}}(?![0-9A-Za-z]|\.[0-9])"
IPV6 = r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?:(?<=::)|(?<=[0-9A-Fa-f]))(?![0-9A-Fa-f:])"


def is_valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return True


class CnIpAddressRecognizer(CnPatternRecognizer):
    """Finds IPv4 and IPv6 addresses."""

    ENTITY = "IP_ADDRESS"
    PATTERNS = [Pattern("ipv4", IPV4, 0.5), Pattern("ipv6", IPV6, 0.5)]
    CONTEXT = ["ip", "地址", "登录", "address", "host"]

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid(pattern_text)
