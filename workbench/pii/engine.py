"""The columnar scan engine: Presidio's findings, computed once per distinct cell value.

For every column of a table chunk the engine takes the distinct non-empty values and
asks the project's ``AnalyzerEngine`` about each once, passing the column header as
Presidio ``context`` (exactly what ``BatchAnalyzerEngine`` does with a dict key) and
empty NLP artifacts (a blank pipeline yields no lemmas, so nothing is lost, and the
spaCy tokenisation is skipped).  Findings are therefore identical to running the
AnalyzerEngine cell by cell; repeated values (cities, banks, statuses, repeated
customers) cost nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import pandas as pd

from .analyzer import EMPTY_ARTIFACTS, analyzer


@dataclass(frozen=True)
class Finding:
    """One detected span in one cell (the value itself is never kept)."""

    entity: str
    start: int
    end: int
    score: float


def analyze_text(text: str, header: str | None = None, language: str = "zh") -> list[Finding]:
    """Findings in one cell, with the column header as context; sorted by position."""
    results = analyzer().analyze(text=text, language=language,
                                 context=[header] if header else None, nlp_artifacts=EMPTY_ARTIFACTS)
    return sorted((Finding(r.entity_type, r.start, r.end, round(r.score, 4)) for r in results),
                  key=lambda f: (f.start, f.end, f.entity))


def analyze_column(values: pd.Series | Iterable[str], header: str) -> dict[str, list[Finding]]:
    """Findings for each distinct non-blank value of a column."""
    distinct = pd.unique(pd.Series(values, dtype=object))
    return {value: analyze_text(value, header) for value in distinct
            if isinstance(value, str) and value.strip()}


SpanSink = Callable[[dict], None]
