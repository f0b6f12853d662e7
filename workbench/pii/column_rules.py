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

These are the engine's only deliberate differences from running the AnalyzerEngine cell
by cell with the header as context; ``tests/test_engine_parity.py`` checks that with
the same context words and vetoes the findings are identical.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cn import person, resident_id

ID_SHAPE = re.compile(r"\s*(?:\d{17}[\dXx]|\d{15})\s*")
#: share of non-empty distinct values that must be ID-shaped for a rule to apply
SHAPED_SHARE = 0.8
#: at most this share of ID-shaped values may be implausible for an ID column
MAX_IMPLAUSIBLE_FOR_IDS = 0.02
#: at least this share implausible and the column is not IDs
MIN_IMPLAUSIBLE_FOR_VETO = 0.2
ID_CONTEXT_WORD = "身份证"
VETOED_WITH_IDS = frozenset({"CN_RESIDENT_ID", "CN_BANK_CARD", "CN_USCC"})
SAMPLE = 5000
#: fewer distinct values than this are not evidence about a column
MIN_VALUES = 20
#: share of distinct values that must be plausible names for a name column
NAME_SHARE = 0.7
NAME_CONTEXT_WORD = "姓名"


@dataclass(frozen=True)
class ColumnRules:
    context: tuple[str, ...] = ()
    vetoed: frozenset = field(default_factory=frozenset)


def infer(distinct_values) -> ColumnRules:
    """Rules for a column from its distinct non-empty values (a sample suffices)."""
    values = [v for v in distinct_values if isinstance(v, str) and v.strip()][:SAMPLE]
    if len(values) < MIN_VALUES:
        return ColumnRules()
    shaped = [v for v in values if ID_SHAPE.fullmatch(v)]
    if len(shaped) < SHAPED_SHARE * len(values):
        if sum(map(person.is_name, values)) >= NAME_SHARE * len(values):
            return ColumnRules(context=(NAME_CONTEXT_WORD,))
        return ColumnRules()
    implausible = sum(not resident_id.is_plausible(v) for v in shaped) / len(shaped)
    if implausible <= MAX_IMPLAUSIBLE_FOR_IDS:
        return ColumnRules(context=(ID_CONTEXT_WORD,))
    if implausible >= MIN_IMPLAUSIBLE_FOR_VETO:
        return ColumnRules(vetoed=VETOED_WITH_IDS)
    return ColumnRules()
