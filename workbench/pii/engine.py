"""The columnar scan engine: Presidio's findings, computed once per distinct cell value.

For every column of a table chunk the engine takes the distinct non-empty values and
asks the project's ``AnalyzerEngine`` about each once, passing the column header as
Presidio ``context`` (exactly what ``BatchAnalyzerEngine`` does with a dict key) and
empty NLP artifacts (a blank pipeline yields no lemmas, so nothing is lost, and the
spaCy tokenisation is skipped).  Findings are therefore identical to running the
AnalyzerEngine cell by cell; repeated values (cities, banks, statuses, repeated
customers) cost nothing.

Column-level evidence (``column_rules``) adds context words or vetoes an entity for a
whole column; that is the engine's only deliberate difference from a cell-by-cell run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import pandas as pd

from . import column_rules
from .factory import EMPTY_ARTIFACTS, analyzer


@dataclass(frozen=True)
class Finding:
    """One detected span in one cell (the value itself is never kept)."""

    entity: str
    start: int
    end: int
    score: float


def analyze_text(text: str, header: str | None = None, language: str = "zh",
                 extra_context: tuple[str, ...] = ()) -> list[Finding]:
    """Findings in one cell, with the column header (and inferred words) as context."""
    context = ([header] if header else []) + list(extra_context)
    results = analyzer().analyze(text=text, language=language, context=context or None,
                                 nlp_artifacts=EMPTY_ARTIFACTS)
    return sorted((Finding(r.entity_type, r.start, r.end, round(r.score, 4)) for r in results),
                  key=lambda f: (f.start, f.end, f.entity))


def analyze_column(values: pd.Series | Iterable[str], header: str,
                   rules: column_rules.ColumnRules | None = None) -> dict[str, list[Finding]]:
    """Findings for each distinct non-blank value of a column, column rules applied.

    ``rules`` are inferred from ``values`` unless given (e.g. from a larger sample).
    """
    distinct = [v for v in pd.unique(pd.Series(values, dtype=object)) if isinstance(v, str) and v.strip()]
    if rules is None:
        rules = column_rules.infer(distinct)
    found = {}
    for value in distinct:
        findings = analyze_text(value, header, extra_context=rules.context)
        found[value] = [f for f in findings if f.entity not in rules.vetoed] if rules.vetoed else findings
    return found


SpanSink = Callable[[dict], None]
