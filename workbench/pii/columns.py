"""Column classification and the facts a risk assessment needs from each column.

A column's dominant entity is the one that the most non-empty values *are* (a finding
covering most of the cell), provided at least half the values are; free-text columns
with scattered PII get no dominant entity, though their findings still count.  Counts
are exact; distinct values are counted through short in-memory hashes (never written)
and give the number of data subjects.  Resident IDs also yield ages, minors under 14
(sensitive PI under PIPL Art. 28 and 31) and provinces of registration.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .cn import resident_id
from .cn._lac import MAX_CHARS as LAC_MAX_CHARS
from .cn._text import digits_only
from .engine import Finding
from .masking import is_masked, mask, masked_entity

#: a finding that covers this share of the cell text means the cell *is* that entity
WHOLE_CELL_SHARE = 0.6
#: share of non-empty values a column needs to be classified as an entity / as masked
DOMINANT_SHARE = 0.5
EXAMPLES_PER_ENTITY = 3
AGE_BANDS = ((0, 14, "<14"), (14, 18, "14-17"), (18, 30, "18-29"), (30, 45, "30-44"),
             (45, 60, "45-59"), (60, 200, "60+"))
_HASHED = {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "CN_PASSPORT", "CN_HK_MACAU_PERMIT"}


_SCIENTIFIC = re.compile(r"-?\d(?:\.\d+)?[Ee]\+\d{1,3}")


def fingerprint(entity: str, text: str) -> int:
    """A 64-bit in-memory hash of a value, normalised so formatting does not split people."""
    key = digits_only(text).upper() if entity in _HASHED else text.strip().lower()
    return int.from_bytes(hashlib.blake2b(f"{entity}:{key}".encode(), digest_size=8).digest(), "little")


class DistinctCounter:
    """Exact count of distinct values through their 64-bit hashes.

    Hashes are kept as a sorted ``uint64`` array (8 bytes a value, where a Python set of
    digests takes ~65), new ones buffered and merged in batches; counts stay exact (a
    64-bit collision among a billion values has a probability below 3%, among ten
    million below one in 300,000).
    """

    FLUSH = 65536

    def __init__(self):
        self._sorted = np.empty(0, dtype=np.uint64)
        self._pending: list[int] = []

    def add(self, value: int) -> None:
        self._pending.append(value)
        if len(self._pending) >= self.FLUSH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._merge(np.unique(np.fromiter(self._pending, dtype=np.uint64)))
            self._pending = []

    def _merge(self, new: np.ndarray) -> None:
        """Insert the sorted unique ``new`` hashes that are not yet known.

        ``np.union1d`` would concatenate, copy and sort everything (about four times the
        array at its peak); inserting only the unknown hashes needs the old and the new
        array at once, which matters when one column holds ten million people.
        """
        known = self._sorted
        if not known.size:
            self._sorted = new
            return
        at = np.searchsorted(known, new)
        fresh = known[np.minimum(at, known.size - 1)] != new
        fresh |= at == known.size
        self._sorted = np.insert(known, at[fresh], new[fresh])

    def __ior__(self, other: "DistinctCounter") -> "DistinctCounter":
        other._flush()
        self._flush()
        self._merge(other._sorted)
        return self

    def __len__(self) -> int:
        self._flush()
        return int(self._sorted.size)


def age_band(age: int) -> str:
    return next(label for low, high, label in AGE_BANDS if low <= age < high)


@dataclass
class EntityStats:
    rows: int = 0              # rows with at least one finding of the entity
    whole_rows: int = 0        # rows the entity fills (the cell *is* the entity)
    findings: int = 0
    score_sum: float = 0.0
    distinct: DistinctCounter = field(default_factory=DistinctCounter)
    examples: list = field(default_factory=list)


@dataclass
class ColumnProfile:
    """Accumulates one column over all chunks of a table."""

    file: str
    sheet: str | None
    column: str
    rows: int = 0
    nonempty: int = 0
    masked_rows: int = 0
    masked_kinds: Counter = field(default_factory=Counter)
    masked_examples: list = field(default_factory=list)
    stats: dict = field(default_factory=lambda: defaultdict(EntityStats))
    ages: Counter = field(default_factory=Counter)
    provinces: Counter = field(default_factory=Counter)
    minors: DistinctCounter = field(default_factory=DistinctCounter)
    scientific: int = 0        # Excel-mangled numbers such as 1.30925E+17
    overlong: int = 0          # cells longer than the prose model reads

    def add(self, text: str, findings: list[Finding], today: datetime.date) -> None:
        self.rows += 1
        stripped = text.strip()
        if not stripped:
            return
        self.nonempty += 1
        if _SCIENTIFIC.fullmatch(stripped):
            self.scientific += 1
        if len(stripped) > LAC_MAX_CHARS:
            self.overlong += 1
        if is_masked(stripped):
            self.masked_rows += 1
            kind = masked_entity(stripped)
            self.masked_kinds[kind] += 1
            if len(self.masked_examples) < EXAMPLES_PER_ENTITY:
                # masked at source, but weakly perhaps: apply our rule on top
                self.masked_examples.append(mask(stripped, kind))
        seen = set()
        for f in findings:
            value = text[f.start:f.end]
            s = self.stats[f.entity]
            s.findings += 1
            s.score_sum += f.score
            digest = fingerprint(f.entity, value)
            s.distinct.add(digest)
            if f.entity not in seen:
                seen.add(f.entity)
                s.rows += 1
            if (f.end - f.start) >= WHOLE_CELL_SHARE * len(stripped):
                s.whole_rows += 1
            if len(s.examples) < EXAMPLES_PER_ENTITY:
                s.examples.append(mask(value, f.entity))
            if f.entity == "CN_RESIDENT_ID":
                self._add_identity(value, digest, today)

    def _add_identity(self, value: str, digest: int, today: datetime.date) -> None:
        age = resident_id.age_on(value, today)
        if age is not None:
            self.ages[age_band(age)] += 1
            if age < 14:
                self.minors.add(digest)
        province = resident_id.birth_province(value)
        if province:
            self.provinces[province] += 1

    def merge(self, other: "ColumnProfile") -> None:
        """Add the profile of a later chunk of the same column (order matters for examples)."""
        self.rows += other.rows
        self.nonempty += other.nonempty
        self.masked_rows += other.masked_rows
        self.masked_kinds.update(other.masked_kinds)
        self.masked_examples.extend(other.masked_examples[:EXAMPLES_PER_ENTITY - len(self.masked_examples)])
        for name, theirs in other.stats.items():
            mine = self.stats[name]
            mine.rows += theirs.rows
            mine.whole_rows += theirs.whole_rows
            mine.findings += theirs.findings
            mine.score_sum += theirs.score_sum
            mine.distinct |= theirs.distinct
            mine.examples.extend(theirs.examples[:EXAMPLES_PER_ENTITY - len(mine.examples)])
        self.ages.update(other.ages)
        self.provinces.update(other.provinces)
        self.minors |= other.minors
        self.scientific += other.scientific
        self.overlong += other.overlong

    def warnings(self) -> list[str]:
        """Data-quality problems of the column, for the file's provenance."""
        found = []
        if self.scientific:
            found.append(f"column '{self.column}': {self.scientific} value(s) in scientific notation "
                         f"(e.g. 1.30925E+17: Excel rounded long numbers such as ID or card numbers; "
                         f"the lost digits cannot be recovered from this file)")
        if self.overlong:
            found.append(f"column '{self.column}': {self.overlong} cell(s) longer than {LAC_MAX_CHARS:,} "
                         f"characters; names in running text were searched in the first {LAC_MAX_CHARS:,} "
                         f"only (numbers, e-mails and addresses in the whole cell)")
        return found

    def summary(self) -> dict:
        """The JSON-ready description of the column (no raw values)."""
        base = max(self.nonempty, 1)
        entities = {}
        for name, s in sorted(self.stats.items(), key=lambda kv: -kv[1].rows):
            entities[name] = {
                "rows": s.rows, "share": round(s.rows / base, 4), "whole_share": round(s.whole_rows / base, 4),
                "findings": s.findings, "distinct": len(s.distinct),
                "mean_score": round(s.score_sum / s.findings, 4) if s.findings else 0.0,
                "examples": s.examples,
            }
        dominant, confidence = None, 0.0
        masked_share = self.masked_rows / base
        if masked_share < DOMINANT_SHARE and entities:
            name, info = max(entities.items(), key=lambda kv: kv[1]["whole_share"])
            if info["whole_share"] >= DOMINANT_SHARE:
                dominant, confidence = name, round(info["whole_share"] * info["mean_score"], 4)
        masked = masked_share >= DOMINANT_SHARE
        summary = {
            "file": self.file, "sheet": self.sheet, "column": self.column, "entity": dominant,
            "confidence": confidence, "masked": masked,
            "masked_entity": self.masked_kinds.most_common(1)[0][0] if masked and self.masked_kinds else None,
            "masked_share": round(masked_share, 4), "masked_examples": self.masked_examples,
            "rows": self.rows, "nonempty": self.nonempty, "entities": entities,
        }
        if "CN_RESIDENT_ID" in self.stats:
            summary["identity"] = {"age_bands": {label: self.ages.get(label, 0) for *_, label in AGE_BANDS},
                                   "minors_under_14": len(self.minors),
                                   "provinces": dict(self.provinces.most_common())}
        return summary
