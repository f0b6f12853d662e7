"""What a whole column says about its cells: inferred context and vetoes.

Presidio judges one text at a time; a column adds evidence no single cell has.  Two
rules, both applied by the scan engine before and after calling the AnalyzerEngine:

- **inferred context**: when nearly every value of a column is a plausible resident ID
  (18 characters, a real province, a possible birth date) the column is an ID column
  even if its header is ``f2``; the engine passes ``身份证`` as an extra Presidio context
  word, so IDs whose check digit was mistyped still count (as they do under a 身份证号
  header);
- **veto**: when a fifth or more of a column's ID-shaped values carry an impossible date
  or province, the column holds reference or order numbers, and the few values that
  pass every check by chance (one in ten) are not IDs: the column's CN_RESIDENT_ID,
  CN_BANK_CARD and CN_USCC findings are dropped.

- **name column**: when most values are plausible Chinese names (surname list), the
  column is a name column whatever its header; ``姓名`` is passed as context so names
  with surnames outside the list (found only by LAC, at a weak score) count too.

- **label column**: when nearly every value is a short Chinese label (dish names,
  product or medical terms: ``毛氏红烧肉``, ``蒙迪欧``, ``黄皮``) and few are plausible names,
  the header names no person, the few values that read as names (a surname character
  and a word) are look-alikes: the column's PERSON findings are dropped.  A column of
  names, a name header or running text never qualifies;
- **code column**: when nearly every value is an 11-digit number but only a small share
  are valid mobile numbers (product codes, SKUs), or the header says code / 编码 / 编号
  and under half are, the valid-looking ones are chance: CN_MOBILE_PHONE is dropped
  (Presidio's context can lower a score as well as raise it).

These are the engine's only deliberate differences from running the AnalyzerEngine cell
by cell with the header as context; ``tests/test_engine_parity.py`` checks that with
the same context words and vetoes the findings are identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cn import mobile_phone, person, resident_id
from .charsets import CJK
from .entities import ENTITIES

ID_SHAPE = re.compile(r"\s*(?:\d{17}[\dXx]|\d{15})\s*")
#: share of non-empty distinct values that must be ID-shaped for a rule to apply
SHAPED_SHARE = 0.8
#: at most this share of ID-shaped values may be implausible for an ID column
MAX_IMPLAUSIBLE_FOR_IDS = 0.02
#: at least this share implausible and the column is not IDs
MIN_IMPLAUSIBLE_FOR_VETO = 0.2
ID_CONTEXT_WORD = "身份证"
VETOED_WITH_IDS = frozenset(e.name for e in ENTITIES.values() if e.vetoed_in_reference_columns)
SAMPLE = 5000
#: fewer distinct values than this are not evidence about a column
MIN_VALUES = 20
#: share of distinct values that must be plausible names for a name column
NAME_SHARE = 0.7
NAME_CONTEXT_WORD = "姓名"
#: a label: a short run of Chinese characters (no digits, no punctuation)
LABEL_SHAPE = re.compile(f"\\s*[{CJK}·]{{2,12}}\\s*")
#: share of values that must be labels, and at most this share plausible names, for a label column
LABEL_SHARE = 0.9
MAX_NAME_SHARE_OF_LABELS = 0.3
#: headers that announce people: a label column with such a header keeps its names
PERSON_HEADER = re.compile(
    "(?i)"
    + "|".join(
        re.escape(w)
        for w in person.CnPersonRecognizer.CONTEXT
        + ["人", "员", "客户", "用户", "会员", "作者", "昵称", "nick", "user", "member"]
    )
)
MOBILE_SHAPE = re.compile(r"\s*\d{11}\s*")
#: below this share of valid mobiles an 11-digit column is codes whatever its header
MAX_MOBILE_SHARE_OF_CODES = 0.2
#: below this share, with a header that says code / number, it is codes
MAX_MOBILE_SHARE_UNDER_CODE_HEADER = 0.5
CODE_HEADER = re.compile(r"(?i)编码|编号|代码|货号|单号|条码|条形码|序号|款号|批号|型号|sku|code|serial|\bno\b|\bid\b")
PHONE_HEADER = re.compile(r"(?i)手机|电话|联系|phone|mobile|tel|sjhm|lxdh")


@dataclass(frozen=True)
class ColumnRules:
    context: tuple[str, ...] = ()
    vetoed: frozenset = field(default_factory=frozenset)


def infer(distinct_values, header: str | None = None) -> ColumnRules:
    """Rules for a column from its distinct non-empty values (a sample suffices) and,
    for look-alike columns, its header."""
    values = [v for v in distinct_values if isinstance(v, str) and v.strip()][:SAMPLE]
    if len(values) < MIN_VALUES:
        return ColumnRules()
    shaped = [v for v in values if ID_SHAPE.fullmatch(v)]
    if len(shaped) < SHAPED_SHARE * len(values):
        names = sum(map(person.is_name, values))
        if names >= NAME_SHARE * len(values):
            return ColumnRules(context=(NAME_CONTEXT_WORD,))
        if _is_code_column(values, header):
            return ColumnRules(vetoed=frozenset({"CN_MOBILE_PHONE"}))
        if names <= MAX_NAME_SHARE_OF_LABELS * len(values) and _is_label_column(values, header):
            return ColumnRules(vetoed=frozenset({"PERSON"}))
        return ColumnRules()
    implausible = sum(not resident_id.is_plausible(v) for v in shaped) / len(shaped)
    if implausible <= MAX_IMPLAUSIBLE_FOR_IDS:
        return ColumnRules(context=(ID_CONTEXT_WORD,))
    if implausible >= MIN_IMPLAUSIBLE_FOR_VETO:
        return ColumnRules(vetoed=VETOED_WITH_IDS)
    return ColumnRules()


def _mostly(pattern: re.Pattern, values: list[str], share: float) -> bool:
    """Whether at least ``share`` of ``values`` match ``pattern`` whole; stops as soon as
    too many do not (most columns fail on their first values)."""
    allowed = (1 - share) * len(values)
    misses = 0
    for value in values:
        if not pattern.fullmatch(value):
            misses += 1
            if misses > allowed:
                return False
    return True


def _is_label_column(values: list[str], header: str | None) -> bool:
    """Short Chinese labels under a header that names no person."""
    if header and PERSON_HEADER.search(header):
        return False
    return _mostly(LABEL_SHAPE, values, LABEL_SHARE)


def _is_code_column(values: list[str], header: str | None) -> bool:
    """11-digit codes of which only chance ones are valid mobile numbers."""
    if (header and PHONE_HEADER.search(header)) or not _mostly(MOBILE_SHAPE, values, SHAPED_SHARE):
        return False
    shaped = [v.strip() for v in values if MOBILE_SHAPE.fullmatch(v)]
    valid = sum(map(mobile_phone.is_valid, shaped)) / len(shaped)
    code_header = bool(header and CODE_HEADER.search(header))
    return valid < MAX_MOBILE_SHARE_OF_CODES or (code_header and valid < MAX_MOBILE_SHARE_UNDER_CODE_HEADER)
