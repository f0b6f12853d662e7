"""CN_RESIDENT_ID: Resident Identity Card number (居民身份证号码, GB 11643-1999).

18 characters: a 6-digit administrative-division code of the place of first
registration, the birth date as YYYYMMDD, a 3-digit sequence (odd for men, even for
women) and an ISO 7064 MOD 11-2 check character (0-9 or X).  Legacy first-generation
cards carry 15 digits: the same division code, the birth date as YYMMDD (19YY) and a
3-digit sequence, with no check character.

Division codes are not checked against today's list: people keep the number they were
given, so a retired county code is still a real ID.  Only the province part must exist.
Residence permits for Hong Kong, Macau and Taiwan residents use the same format with the
codes 810000 / 820000 / 830000 and are found as resident IDs.

>>> is_valid('11010519491231002X')
True
>>> is_valid('110105194912310021')   # wrong check digit
False
>>> is_valid('110105491231002')      # legacy 15-digit number
True
>>> is_plausible('110105194912310021')  # plausible, but the check digit fails
True
>>> is_plausible('110105194913310021')  # month 13
False
>>> birth_date('11010519491231002X')
datetime.date(1949, 12, 31)
"""

from __future__ import annotations

import datetime

import numpy as np
from presidio_analyzer import Pattern
from stdnum.cn import ric

from ._recognizer import CnPatternRecognizer
from .text import D, UNDECIDED, digit_rows, digits_only, fenced, validate_in_arrays

#: province-level part of division codes in use since 1949 (71 Taiwan; 81, 82, 83:
#: residence permits of Hong Kong, Macau and Taiwan residents)
PROVINCE_NAMES = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
    "71": "台湾",
    "81": "香港",
    "82": "澳门",
    "83": "台湾居民",
}
PROVINCE_CODES = frozenset(PROVINCE_NAMES)

EARLIEST_BIRTH = datetime.date(1880, 1, 1)

SEP = "[ \u3000]?"
PATTERN_18 = fenced(f"{D}{{6}}{SEP}{D}{{4}}{SEP}{D}{{4}}{SEP}{D}{{3}}[0-9Xx\uff38\uff58\uff10-\uff19]")
PATTERN_15 = fenced(f"{D}{{6}}{SEP}{D}{{6}}{SEP}{D}{{3}}")


def compact(number: str) -> str:
    """Digits (and the check character, upper-cased) without spaces or full-width forms."""
    return digits_only(number).upper()


def birth_date(number: str) -> datetime.date | None:
    """Birth date encoded in an 18- or 15-digit number, or None when impossible."""
    number = compact(number)
    try:
        if len(number) == 18:
            return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if len(number) == 15:
            return datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return None
    return None


def birth_province(number: str) -> str | None:
    """Province (or region) of first registration, from the division code."""
    return PROVINCE_NAMES.get(compact(number)[:2])


def age_on(number: str, day: datetime.date) -> int | None:
    """Age in whole years on ``day``, or None for an impossible birth date."""
    born = birth_date(number)
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_plausible(number: str, today: datetime.date | None = None) -> bool:
    """The structure of an ID: length, a real province, a possible birth date.

    Says nothing about the check digit: mistyped and badly generated numbers in real
    exports fail it, yet in a column of IDs they are still someone's ID.
    """
    return _plausible(compact(number), today)


def _plausible(number: str, today: datetime.date | None = None) -> bool:
    """``is_plausible`` of a number already compacted."""
    if len(number) not in (15, 18) or not number[:-1].isdigit():
        return False
    if len(number) == 15 and not number.isdigit():
        return False
    if number[:2] not in PROVINCE_CODES:
        return False
    born = birth_date(number)
    return born is not None and EARLIEST_BIRTH <= born <= (today or datetime.date.today())


def is_valid(number: str, today: datetime.date | None = None) -> bool:
    """Plausible and, for 18 characters, the ISO 7064 MOD 11-2 check digit matches."""
    number = compact(number)
    return _plausible(number, today) and (len(number) == 15 or ric.calc_check_digit(number) == number[-1])


#: arrays for ``plausible_rows`` / ``check_digit_ok``: provinces by their two digits,
#: days of each month, the MOD 11-2 weights of the first 17 digits (2^(17-i) mod 11)
_PROVINCES = np.isin(np.arange(100), [int(code) for code in PROVINCE_CODES])
_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)])
_X = ord("X") - 48


def id_shaped_rows(digits: np.ndarray) -> np.ndarray:
    """Rows of 18 digit values (``byte - 48``) that are 17 digits and a digit or X."""
    last = digits[:, 17]
    return ((digits[:, :17] >= 0) & (digits[:, :17] <= 9)).all(axis=1) & (
        (last >= 0) & (last <= 9) | (last == _X) | (last == _X + 32)
    )


def province_rows(digits: np.ndarray) -> np.ndarray:
    """Rows of digit values whose first two digits are a province code (``PROVINCE_CODES``)."""
    return _PROVINCES[np.clip(digits[:, 0] * 10 + digits[:, 1], 0, 99)]


def _yyyymmdd(day: datetime.date) -> int:
    """A date as the number ``_birth_rows`` dates compare as (19491231)."""
    return day.year * 10_000 + day.month * 100 + day.day


def _birth_rows(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of rows of 18 digit values, and whether they make a calendar date."""

    def number(a: int, b: int) -> np.ndarray:
        return digits[:, a:b] @ (10 ** np.arange(b - a - 1, -1, -1))

    year, month, day = number(6, 10), number(10, 12), number(12, 14)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _MONTH_DAYS[np.clip(month, 0, 12)] - ((month == 2) & ~leap)
    return year, month, day, (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)


def plausible_rows(digits: np.ndarray, today: datetime.date | None = None) -> np.ndarray:
    """``is_plausible`` for rows of 18 digit values that are ``id_shaped_rows``."""
    year, month, day, possible = _birth_rows(digits)
    born = year * 10_000 + month * 100 + day
    return (
        province_rows(digits)
        & possible
        & (born >= _yyyymmdd(EARLIEST_BIRTH))
        & (born <= _yyyymmdd(today or datetime.date.today()))
    )


def birth_facts(numbers: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """For each number: the birth date as YYYYMMDD (-1 when impossible, as ``birth_date``)
    and the two province digits (-1 when unknown, as ``birth_province``); in arrays for
    plain 18-character numbers, one by one for the others (15 digits, spaces, full-width)."""
    born = np.full(len(numbers), -1, dtype=np.int64)
    province = np.full(len(numbers), -1, dtype=np.int64)
    plain = np.array([i for i, v in enumerate(numbers) if len(v) == 18 and v.isascii()], dtype=np.int64)
    if plain.size:
        digits = digit_rows([numbers[i] for i in plain.tolist()], 18)
        shaped = id_shaped_rows(digits)
        plain, digits = plain[shaped], digits[shaped]
        year, month, day, possible = _birth_rows(digits)
        born[plain] = np.where(possible, year * 10_000 + month * 100 + day, -1)
        province[plain] = np.where(province_rows(digits), digits[:, 0] * 10 + digits[:, 1], -1)
    done = np.zeros(len(numbers), dtype=bool)
    done[plain] = True
    for i in np.flatnonzero(~done).tolist():
        date = birth_date(numbers[i])
        born[i] = -1 if date is None else _yyyymmdd(date)
        code = compact(numbers[i])[:2]
        province[i] = int(code) if code in PROVINCE_CODES else -1
    return born, province


def check_digit_ok(digits: np.ndarray) -> np.ndarray:
    """The ISO 7064 MOD 11-2 check character of rows of 18 digit values matches."""
    expected = (1 - digits[:, :17] @ _WEIGHTS) % 11  # 10 stands for X
    last = digits[:, 17]
    return np.where(expected == 10, (last == _X) | (last == _X + 32), last == expected)


class CnResidentIdRecognizer(CnPatternRecognizer):
    """Finds resident ID numbers; the check digit and birth date decide, not the pattern."""

    ENTITY = "CN_RESIDENT_ID"

    PATTERNS = [
        # a valid check digit makes it certain (1.0); a plausible number with a failing
        # check digit keeps this weak score and needs a header or a cue
        Pattern("cn_resident_id_18", PATTERN_18, 0.4),
        # a legacy number is also the shape of many tracking numbers: weak until context
        Pattern("cn_resident_id_15", PATTERN_15, 0.3),
    ]
    CONTEXT = [
        "身份证",
        "证件号",
        "身份号",
        "公民身份",
        "id_no",
        "idno",
        "id_card",
        "idcard",
        "identity",
        "citizen id",
        "national id",
        "sfz",
        "sfzh",
        "zjhm",
    ]
    TEXT_CUES = ("身份证", "证件号", "身份号", "id no", "id:")

    def validate_result(self, pattern_text: str) -> bool | None:
        number = compact(pattern_text)
        if not _plausible(number):
            return False
        # only a correct 18-digit check digit is certain; otherwise keep the weak score
        return True if len(number) == 18 and ric.calc_check_digit(number) == number[-1] else None

    def validate_many(self, texts: list[str]) -> list[bool | None]:
        def by_rows(digits: np.ndarray) -> np.ndarray:
            # 0 False (implausible), 1 True (check digit right), 2 None (plausible only);
            # other 18-character texts (dashes, letters) may compact to 15 digits: undecided
            verdict = np.where(plausible_rows(digits), np.where(check_digit_ok(digits), 1, 2), 0)
            return np.where(id_shaped_rows(digits), verdict, UNDECIDED)

        return validate_in_arrays(texts, (18,), by_rows, self.validate_result)
