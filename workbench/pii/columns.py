"""Column classification and the facts a risk assessment needs from each column.

A column's dominant entity is the one that the most non-empty values *are* (a finding
covering most of the cell), provided at least half the values are; free-text columns
with scattered PII get no dominant entity, though their findings still count.  Counts
are exact; distinct values are counted through 64-bit hashes (``distinct``: in memory,
past a budget on disk under a secret key) and give the number of data subjects.
Resident IDs also yield ages, minors under 14 (sensitive PI under PIPL Art. 28 and 31)
and provinces of registration.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from .cn import resident_id
from .cn.lac import MAX_CHARS as LAC_MAX_CHARS
from .cn.text import digits_only
from .entities import ENTITIES
from .engine import ColumnFindings, join_values, value_at
from .distinct import DistinctCounter
from .masking import MASK_CHARS, is_masked, mask, mask_findings, masked_entity
from .result import ColumnSummary, EntitySummary, IdentitySummary

#: a finding that covers this share of the cell text means the cell *is* that entity
WHOLE_CELL_SHARE = 0.6
#: share of non-empty values a column needs to be classified as an entity / as masked
DOMINANT_SHARE = 0.5
EXAMPLES_PER_ENTITY = 3
AGE_BANDS = (
    (0, 14, "<14"),
    (14, 18, "14-17"),
    (18, 30, "18-29"),
    (30, 45, "30-44"),
    (45, 60, "45-59"),
    (60, 200, "60+"),
)
_BAND_STARTS = np.array([low for low, _, _ in AGE_BANDS])


_SCIENTIFIC = re.compile(r"-?\d(?:\.\d+)?[Ee]\+\d{1,3}")
_EXPONENT = re.compile(r"[Ee]\+")
_MASK_CHAR = re.compile(f"[{MASK_CHARS}]")


def _holding(pattern: re.Pattern, joined: str, starts: np.ndarray, needles: Iterable[str]) -> list[int]:
    """Indices of the joined values (``join_values``) in which ``pattern`` occurs; a
    column in which none of the ``needles`` occurs (every match holds one) is passed
    over by ``in``, many times cheaper than the regex's scan."""
    if not any(n in joined for n in needles):
        return []
    hits = np.fromiter((m.start() for m in pattern.finditer(joined)), dtype=np.int64)
    return np.unique(value_at(starts, hits)).tolist()


def fingerprints(entity: str, texts: list[str]) -> np.ndarray:
    """64-bit in-memory hashes of values (``uint64``), normalised so that formatting does
    not split people; pandas' keyed SipHash, the same in every process."""
    info = ENTITIES.get(entity)
    if info is not None and info.compared_by_digits:
        keys = [f"{entity}:{digits_only(t).upper()}" for t in texts]
    else:
        keys = [f"{entity}:{t.strip().lower()}" for t in texts]
    return pd.util.hash_array(np.array(keys, dtype=object), categorize=False)


@dataclass
class EntityStats:
    rows: int = 0  # rows with at least one finding of the entity
    whole_rows: int = 0  # rows the entity fills (the cell *is* the entity)
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
    scientific: int = 0  # Excel-mangled numbers such as 1.30925E+17
    overlong: int = 0  # cells longer than the prose model reads

    def add_distinct(
        self, texts: list[str], counts: np.ndarray, found: ColumnFindings, today: datetime.date, rows: int
    ) -> None:
        """Add a chunk of the column given as its distinct values, how many cells hold each,
        and their findings; ``rows`` counts every cell (empty ones too).

        Work is per distinct value, and per entity over arrays; examples are the first
        distinct values in the order of the file.
        """
        self.rows += rows
        stripped = [t.strip() for t in texts]
        lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=len(stripped))
        self.nonempty += int(counts[lengths > 0].sum())
        self.overlong += int(counts[lengths > LAC_MAX_CHARS].sum())
        joined, starts = join_values(stripped)
        for i in _holding(_EXPONENT, joined, starts, ("E+", "e+")):
            if _SCIENTIFIC.fullmatch(stripped[i]):
                self.scientific += int(counts[i])
        for i in _holding(_MASK_CHAR, joined, starts, MASK_CHARS):
            if is_masked(stripped[i]):
                self._add_masked(stripped[i], int(counts[i]), texts[i], found, i)
        for entity in dict.fromkeys(found.entity.tolist()):
            self._add_entity(entity, found.take(found.entity == entity), texts, counts, lengths, today)

    def _add_masked(self, stripped: str, count: int, text: str, found: ColumnFindings, index: int) -> None:
        self.masked_rows += count
        kind = masked_entity(stripped)
        self.masked_kinds[kind] += count
        if len(self.masked_examples) < EXAMPLES_PER_ENTITY:
            mine = found.value == index
            if mine.any():
                # a cell masked in part (w***@163.com 手机13856221234): every finding in it is
                # masked, not only what the column mostly holds, and the masked part is kept
                self.masked_examples.append(
                    mask_findings(
                        text, zip(found.start[mine].tolist(), found.end[mine].tolist(), found.entity[mine].tolist())
                    ).strip()
                )
            else:
                # masked at source, but weakly perhaps: apply our rule on top
                self.masked_examples.append(mask(stripped, kind))

    def _add_entity(self, entity: str, found: ColumnFindings, texts, counts, lengths, today) -> None:
        s = self.stats[entity]
        cells = counts[found.value]
        s.findings += int(cells.sum())
        s.score_sum += float((found.score * cells).sum())
        s.rows += int(counts[np.unique(found.value)].sum())
        s.whole_rows += int(cells[(found.end - found.start) >= WHOLE_CELL_SHARE * lengths[found.value]].sum())
        spans = [texts[i][a:b] for i, a, b in zip(found.value.tolist(), found.start.tolist(), found.end.tolist())]
        digests = fingerprints(entity, spans)
        s.distinct.update(digests)
        for value in spans[: EXAMPLES_PER_ENTITY - len(s.examples)]:
            s.examples.append(mask(value, entity))
        if entity == "CN_RESIDENT_ID":
            self.minors.update(digests[self._add_identities(spans, cells, today)])

    def _add_identities(self, numbers: list[str], cells: np.ndarray, today: datetime.date) -> np.ndarray:
        """Count the age bands and provinces of the cells holding these IDs (``cells`` of
        each); which are minors."""
        born, province = resident_id.birth_facts(numbers)
        # ``resident_id.age_on`` in arrays: whole years, one fewer before the birthday
        age = today.year - born // 10_000 - (today.month * 100 + today.day < born % 10_000)
        known = (born >= 0) & (age >= 0)
        band = np.searchsorted(_BAND_STARTS, age[known], side="right") - 1
        per_band = np.bincount(band, weights=cells[known], minlength=len(AGE_BANDS))
        for k in np.flatnonzero(per_band).tolist():
            self.ages[AGE_BANDS[k][2]] += int(per_band[k])
        per_province = np.bincount(province[province >= 0], weights=cells[province >= 0], minlength=100)
        for code in np.flatnonzero(per_province).tolist():
            self.provinces[resident_id.PROVINCE_NAMES[f"{code:02d}"]] += int(per_province[code])
        return known & (age < 14)

    def merge(self, other: "ColumnProfile") -> None:
        """Add the profile of a later chunk of the same column (order matters for examples)."""
        self.rows += other.rows
        self.nonempty += other.nonempty
        self.masked_rows += other.masked_rows
        self.masked_kinds.update(other.masked_kinds)
        self.masked_examples.extend(other.masked_examples[: EXAMPLES_PER_ENTITY - len(self.masked_examples)])
        for name, theirs in other.stats.items():
            mine = self.stats[name]
            mine.rows += theirs.rows
            mine.whole_rows += theirs.whole_rows
            mine.findings += theirs.findings
            mine.score_sum += theirs.score_sum
            mine.distinct |= theirs.distinct
            mine.examples.extend(theirs.examples[: EXAMPLES_PER_ENTITY - len(mine.examples)])
        self.ages.update(other.ages)
        self.provinces.update(other.provinces)
        self.minors |= other.minors
        self.scientific += other.scientific
        self.overlong += other.overlong

    def counters(self) -> Iterator[DistinctCounter]:
        """The column's distinct-value counters (each entity's, and the minors')."""
        yield from (s.distinct for s in self.stats.values() if s.distinct is not None)
        if self.minors is not None:
            yield self.minors

    def warnings(self) -> list[str]:
        """Data-quality problems of the column, for the file's provenance."""
        found = []
        if self.scientific:
            found.append(
                f"column '{self.column}': {self.scientific} value(s) in scientific notation "
                f"(e.g. 1.30925E+17: Excel rounded long numbers such as ID or card numbers; "
                f"the lost digits cannot be recovered from this file)"
            )
        if self.overlong:
            found.append(
                f"column '{self.column}': {self.overlong} cell(s) longer than {LAC_MAX_CHARS:,} "
                f"characters; names in running text were searched in the first {LAC_MAX_CHARS:,} "
                f"only (numbers, e-mails and addresses in the whole cell)"
            )
        return found

    def summary(self) -> ColumnSummary:
        """The column's facts (no raw values): dominant entity, masking, entities found."""
        base = max(self.nonempty, 1)
        entities = {}
        for name, s in sorted(self.stats.items(), key=lambda kv: -kv[1].rows):
            entities[name] = EntitySummary(
                rows=s.rows,
                share=round(s.rows / base, 4),
                whole_share=round(s.whole_rows / base, 4),
                findings=s.findings,
                distinct=len(s.distinct),
                mean_score=round(s.score_sum / s.findings, 4) if s.findings else 0.0,
                examples=tuple(s.examples),
            )
        dominant, confidence = None, 0.0
        masked_share = self.masked_rows / base
        if masked_share < DOMINANT_SHARE and entities:
            name, top = max(entities.items(), key=lambda kv: kv[1].whole_share)
            if top.whole_share >= DOMINANT_SHARE:
                dominant, confidence = name, round(top.whole_share * top.mean_score, 4)
        masked = masked_share >= DOMINANT_SHARE
        identity = None
        if "CN_RESIDENT_ID" in self.stats:
            identity = IdentitySummary(
                age_bands={label: self.ages.get(label, 0) for *_, label in AGE_BANDS},
                minors_under_14=len(self.minors),
                provinces=dict(self.provinces.most_common()),
            )
        return ColumnSummary(
            file=self.file,
            sheet=self.sheet,
            column=self.column,
            entity=dominant,
            confidence=confidence,
            masked=masked,
            masked_entity=self.masked_kinds.most_common(1)[0][0] if masked and self.masked_kinds else None,
            masked_share=round(masked_share, 4),
            masked_examples=tuple(self.masked_examples),
            rows=self.rows,
            nonempty=self.nonempty,
            entities=entities,
            identity=identity,
        )
