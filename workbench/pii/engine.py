"""The columnar scan engine: Presidio's findings, computed column by column.

``AnalyzerEngine.analyze`` pays, for every cell, the registry look-up, deep copies of
the results for the context enhancer, explanation objects and one regex pass per
pattern.  ``ColumnScanner`` replays the same steps for a whole column:

1. the column's distinct non-empty values are analysed once each (repeated cities,
   banks, statuses and customers cost nothing);
2. each pattern recognizer's own regexes run once over the column's values joined by
   newlines (no pattern of the pack can cross one, and every pattern is fenced, so the
   matches are exactly those a cell-by-cell run finds), but only those that RE2 finds
   could match the column at all (``prefilter``: most columns need 0-3 of the 14
   passes); each match is scored as
   ``PatternRecognizer`` scores it — the pattern's score, then the recognizer's own
   ``validate_result`` / ``invalidate_result``, for all of a pattern's matches at once
   (``validate_many``, in arrays where the recognizer can) — so only candidate matches
   are validated, and those that fail never reach the per-value step;
3. the other recognizers (names, addresses) run their own ``analyze`` on the values with
   Chinese text; then every recognizer's ``enhance_using_context``, the engine's context
   step with Presidio's own matching rule (the header and any inferred words as
   context), the per-recognizer score thresholds and ``EntityRecognizer.remove_duplicates``;
4. a value whose only finding is one match of a pattern recognizer whose context step is
   its text cues alone (``cue_only_context``; most cells of ID, phone, card and e-mail
   columns) takes these last steps in arrays, for the whole column at once
   (``_finish_single``; the parity tests hold it to the full path).

Findings come out as ``ColumnFindings``: parallel arrays, one entry per finding, which
``columns.ColumnProfile`` aggregates per entity without a Python object per cell.

The engine asks a recognizer only what ``cn.protocol.ColumnRecognizer`` declares (and
Presidio's public ``EntityRecognizer`` API); Presidio's private context rule and its boost
formula come from ``cn.presidio_adapter``.

So findings equal the project's ``AnalyzerEngine`` run cell by cell with the header as
context (``tests/test_engine_parity.py``).  Column-level evidence (``column_rules``) adds
context words or vetoes an entity for a whole column: the engine's only deliberate
difference from a cell-by-cell run.
"""

from __future__ import annotations

import gc
import re
import time
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from . import column_rules
from .cn import ColumnRecognizer
from .cn.presidio_adapter import boosted, context_supports
from .charsets import CJK
from .factory import EMPTY_ARTIFACTS, analyzer
from .prefilter import prefilter

LANGUAGE = "zh"
_CJK = re.compile(f"[{CJK}]")
_ENHANCED = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY
_ID_KEY = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


class Stopwatch:
    """Seconds spent in each stage of a scan, summed (the benchmark's time split).

    The engine and ``scan_chunk`` take one optionally; without, their stages cost a
    ``nullcontext`` each (a few per column, nothing per value)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started


def _untimed(stage: str) -> nullcontext:
    return nullcontext()


@dataclass(frozen=True)
class Finding:
    """One detected span in one cell (the value itself is never kept)."""

    entity: str
    start: int
    end: int
    score: float


def analyze_text(
    text: str, header: str | None = None, language: str = LANGUAGE, extra_context: tuple[str, ...] = ()
) -> list[Finding]:
    """Findings in one cell through the AnalyzerEngine itself (the reference path)."""
    context = ([header] if header else []) + list(extra_context)
    results = analyzer().analyze(text=text, language=language, context=context or None, nlp_artifacts=EMPTY_ARTIFACTS)
    return _findings(results)


#: patterns that Python's own ``re`` runs 2-3x faster than the ``regex`` module Presidio
#: compiles them with (fenced digit runs, plates; measured over a 20,000-row table); the
#: others are faster in ``regex``.  Both engines find the same spans for these patterns:
#: ``tests/test_engine_parity.py`` fuzzes them against each other.
STDLIB_RE_PATTERNS = frozenset(
    {"cn_resident_id_18", "cn_resident_id_15", "cn_mobile", "cn_bank_card", "cn_uscc", "cn_vehicle_plate"}
)


def _compiled(pattern, flags: int):
    """A pattern compiled as Presidio compiles it, or by ``re`` where that is faster."""
    if pattern.name in STDLIB_RE_PATTERNS:
        return re.compile(pattern.regex, flags=flags)
    return regex.compile(pattern.regex, flags=flags)


def join_values(values: list[str]) -> tuple[str, np.ndarray]:
    """The values joined by newlines (one regex pass reads a whole column), and where each
    value starts in the joined text."""
    starts = np.zeros(len(values), dtype=np.int64)
    if len(values) > 1:
        np.cumsum(np.fromiter((len(v) + 1 for v in values[:-1]), dtype=np.int64, count=len(values) - 1), out=starts[1:])
    return "\n".join(values), starts


def value_at(starts: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Index of the value holding each position of the joined text (``join_values``)."""
    return np.searchsorted(starts, positions, side="right") - 1


def _remove_duplicates(results: list) -> list:
    """``EntityRecognizer.remove_duplicates``, without its sorting for the common single result."""
    if len(results) <= 1:
        return [r for r in results if r.score != 0]
    return EntityRecognizer.remove_duplicates(results)


def _findings(results) -> list[Finding]:
    if len(results) == 1:  # most values: nothing to sort
        (r,) = results
        return [Finding(r.entity_type, r.start, r.end, round(r.score, 4))]
    return sorted(
        (Finding(r.entity_type, r.start, r.end, round(r.score, 4)) for r in results),
        key=lambda f: (f.start, f.end, f.entity),
    )


class ColumnScanner:
    """Presidio's ``analyze`` for every value of one column, set up once per column."""

    def __init__(
        self,
        header: str | None,
        rules: column_rules.ColumnRules = column_rules.ColumnRules(),
        language: str = LANGUAGE,
        clock: Stopwatch | None = None,
    ):
        engine = analyzer()
        self.clock = clock or _untimed
        self.rules = rules
        self.context = ([header] if header else []) + list(rules.context)
        lowered = [word.lower() for word in self.context] + [""]
        enhancer = engine.context_aware_enhancer
        self.factor = enhancer.context_similarity_factor
        self.min_with_context = enhancer.min_score_with_context_similarity
        self.entities = engine.get_supported_entities(language)
        # every recognizer of the registry implements ``ColumnRecognizer`` (the ``cn`` pack's do)
        self.recognizers: list[ColumnRecognizer] = engine.registry.get_recognizers(language=language, all_fields=True)
        # the engine-level context step, decided once: does the header support this recognizer?
        self.supported = {
            r.id: bool(r.context) and context_supports(enhancer, lowered, r.context) for r in self.recognizers
        }
        self.thresholds = {r.id: r.score_thresholds for r in self.recognizers}
        self.default_threshold = engine.default_score_threshold
        self.pattern_recognizers = [r for r in self.recognizers if r.patterns]
        self.prefilters = {
            r.id: [_compiled(p, r.global_regex_flags) for p in r.patterns] for r in self.pattern_recognizers
        }
        # which patterns may match a column at all: one RE2 pass (``prefilter``), built once
        self._may_match = prefilter(
            tuple((p.regex, int(r.global_regex_flags)) for r in self.pattern_recognizers for p in r.patterns)
        )
        # the others read text, value by value; some only Chinese text
        self.text_recognizers = [r for r in self.recognizers if not r.patterns]
        self.cjk_only = {r.id for r in self.text_recognizers if r.needs_cjk}
        # Presidio computes ``id`` on every access; the per-value loops read these instead
        self._by_id = {r.id: r for r in self.pattern_recognizers}
        self._text_entries = [(r.id, r, r.id in self.cjk_only) for r in self.text_recognizers]
        # recognizers whose context step is the text-cue boost alone: a value whose only
        # finding is a single match of one of them is finished in arrays (``_finish_single``)
        self._plain = {r.id for r in self.pattern_recognizers if r.cue_only_context}

    # -- pattern recognizers: one regex pass per pattern over the whole column -------------
    def _scored_matches(self, values: list[str]) -> "_Matches":
        """Every match of every pattern over the whole column, scored and validated as
        ``PatternRecognizer.analyze`` does, that keeps a score above the minimum (Presidio
        drops the others); in Presidio's order (recognizer, then pattern, then position)."""
        clock = self.clock
        with clock("match"):
            joined, starts = join_values(values)
            candidates = self._may_match.candidates(joined)
        parts = []
        index = -1
        for k, r in enumerate(self.pattern_recognizers):
            for pattern, compiled in zip(r.patterns, self.prefilters[r.id]):
                index += 1
                if index not in candidates:
                    continue  # RE2 is certain: no match anywhere in the column
                with clock("match"):
                    spans = [m.span() for m in compiled.finditer(joined)]
                if not spans:
                    continue
                with clock("validate"):
                    scores = np.asarray(self._validated_scores(r, pattern, [joined[a:b] for a, b in spans]))
                with clock("match"):
                    where = np.asarray(spans, dtype=np.int64)
                    keep = (scores > EntityRecognizer.MIN_SCORE) & (where[:, 1] > where[:, 0])
                    where, scores = where[keep], scores[keep]
                    owner = value_at(starts, where[:, 0])
                    where -= starts[owner][:, None]
                    parts.append(
                        _Matches(
                            owner, np.full(owner.size, k), where[:, 0], where[:, 1], scores, [pattern] * owner.size
                        )
                    )
        with clock("match"):
            return _Matches.concat(parts)

    @staticmethod
    def _validated_scores(r: ColumnRecognizer, pattern, texts: list[str]) -> list[float]:
        """Each match's score as ``PatternRecognizer.analyze`` sets it: the pattern's, then the
        recognizer's verdict (``validate_many``: ``validate_result`` and ``invalidate_result``)."""
        return [
            pattern.score if v is None else EntityRecognizer.MAX_SCORE if v else EntityRecognizer.MIN_SCORE
            for v in r.validate_many(texts)
        ]

    @staticmethod
    def _results(r: ColumnRecognizer, matches) -> list:
        """What ``PatternRecognizer.analyze`` returns for these scored matches of its patterns."""
        entity = r.supported_entities[0]
        metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: r.name, _ID_KEY: r.id}
        return _remove_duplicates(
            [
                RecognizerResult(entity, start, end, score, recognition_metadata=dict(metadata))
                for _, start, end, score in matches
            ]
        )

    def _with_header(self, score: float) -> float:
        """The engine-level context step: the header supports the recognizer."""
        return boosted(score, self.factor, self.min_with_context)

    def _threshold(self, result) -> float:
        return self._threshold_for(result.recognition_metadata.get(_ID_KEY), result.entity_type)

    def _threshold_for(self, rid: str, entity: str) -> float:
        thresholds = self.thresholds.get(rid) or {}
        value = thresholds.get(entity, thresholds.get("default"))
        return self.default_threshold if value is None else value

    def _text_findings(self, text: str, has_cjk: bool | None = None) -> dict[str, tuple]:
        """{recognizer id: (recognizer, results)} of the recognizers that read text (names, addresses)."""
        found_in_text: dict[str, tuple] = {}
        if has_cjk is None:
            has_cjk = not text.isascii() and _CJK.search(text) is not None
        for rid, r, cjk_only in self._text_entries:
            if cjk_only and not has_cjk:
                continue
            found = r.analyze(text=text, entities=self.entities, nlp_artifacts=EMPTY_ARTIFACTS)
            if found:
                for result in found:
                    if result.recognition_metadata is None:
                        result.recognition_metadata = {}
                    result.recognition_metadata.setdefault(_ID_KEY, rid)
                found_in_text[rid] = (r, found)
        return found_in_text

    def _finish(self, text: str, pattern_matches: dict, found_in_text: dict) -> list[Finding]:
        """The engine's steps after the recognizers for one value: each recognizer's
        ``enhance_using_context``, header context, thresholds, ``remove_duplicates``."""
        raw: dict[str, tuple] = {}
        for rid, r in self._by_id.items() if pattern_matches else ():
            if rid in pattern_matches:
                raw[rid] = (r, self._results(r, pattern_matches[rid]))
        raw.update(found_in_text)
        if not raw:
            return []
        results = []
        for rid, (r, found) in raw.items():
            others = [x for other, (_, xs) in raw.items() if other != rid for x in xs] if len(raw) > 1 else []
            found = r.enhance_using_context(text, found, others, EMPTY_ARTIFACTS, self.context) or found
            for result in found:
                if self.supported[rid] and not result.recognition_metadata.get(_ENHANCED):
                    result.score = self._with_header(result.score)
            results.extend(found)
        results = [x for x in results if x.score >= self._threshold(x)]
        return _findings(_remove_duplicates(results))

    def scan(self, values: list[str]) -> "ColumnFindings":
        """Findings of every value of ``values`` (distinct, non-blank), column rules applied.

        Values whose only finding is a single match of a plain pattern recognizer (most
        cells of ID, phone, card or e-mail columns) are finished for the whole column at
        once (``_finish_single``); the others go through ``_finish`` one by one,
        right after their text recognizers (their result objects die young, which keeps
        the garbage collector's work small).
        """
        clock = self.clock
        matches = self._scored_matches(values)
        with clock("finish"):
            per_value = np.bincount(matches.value, minlength=len(values))
            plain = np.array([r.id in self._plain for r in self.pattern_recognizers] or [False])[matches.recognizer]
            # a value's only match, from a plain recognizer: finished in bulk unless the text
            # recognizers find something in that value too
            only_match = np.full(len(values), -1, dtype=np.int64)  # per value: index of that match
            is_only_plain = (per_value[matches.value] == 1) & plain  # per match
            only_match[matches.value[is_only_plain]] = np.flatnonzero(is_only_plain)
            several = matches.take(~is_only_plain).nested(self.pattern_recognizers)  # value -> its matches
        one_by_one, their_findings = [], []
        in_bulk = only_match >= 0
        with self._prepared(values) as has_cjk, clock("names, addresses, per-value finish"):
            everyone = not all(cjk for _, _, cjk in self._text_entries)
            for i, value in enumerate(values):
                found_in_text = self._text_findings(value, has_cjk[i]) if has_cjk[i] or everyone else {}
                if i in several or found_in_text:
                    pattern_matches = several.get(i, {})
                    if only_match[i] >= 0:
                        pattern_matches = matches.one(int(only_match[i]), self.pattern_recognizers)
                        in_bulk[i] = False
                    one_by_one.append(i)
                    their_findings.append(self._finish(value, pattern_matches, found_in_text))
        with clock("finish"):
            pieces = [
                ColumnFindings.of_lists(np.array(one_by_one, dtype=np.int64), their_findings),
                self._finish_single(values, matches.take(is_only_plain & in_bulk[matches.value])),
            ]
            found = ColumnFindings.concat(pieces)
            return found.without(self.rules.vetoed) if self.rules.vetoed else found

    @contextmanager
    def _prepared(self, values: list[str]) -> Iterator[list[bool]]:
        """The text recognizers that work faster on a whole column (LAC in batches) prepared
        with its values (those with Chinese text, for those that need it), released after;
        yields which values have Chinese text.  With no text recognizer every value counts
        as Chinese-free (``scan`` then asks none of them)."""
        if not self._text_entries:
            yield [False] * len(values)
            return
        try:  # released even when a recognizer fails while preparing (it holds the texts)
            with self.clock("prepare (LAC)"):
                # ``isascii`` is a flag look-up: ID, phone, e-mail and card columns skip the search
                has_cjk = [not v.isascii() and _CJK.search(v) is not None for v in values]
                for r in self.text_recognizers:
                    r.prepare([v for v, cjk in zip(values, has_cjk) if cjk] if r.id in self.cjk_only else values)
            yield has_cjk
        finally:
            for r in self.text_recognizers:
                r.release()

    def _finish_single(self, values: list[str], matches: "_Matches") -> "ColumnFindings":
        """``_finish`` for values whose only finding is one match of a plain recognizer, many
        at once, one recognizer at a time: the pack's text-cue boost where a cue precedes
        the match, else the header context, then the threshold."""
        pieces = []
        for k in np.unique(matches.recognizer).tolist():
            r = self.pattern_recognizers[k]
            mine = matches.take(matches.recognizer == k)
            score = mine.score.copy()
            cue = np.zeros(score.size, dtype=bool)
            if r.text_cues:
                for j in np.flatnonzero((mine.start > 0) & (score < EntityRecognizer.MAX_SCORE)).tolist():
                    if r.cued(values[mine.value[j]], int(mine.start[j]), float(score[j])):
                        cue[j] = True
                        score[j] = boosted(float(score[j]))
            if self.supported[r.id]:
                score[~cue] = boosted(score[~cue], self.factor, self.min_with_context)
            entity = r.supported_entities[0]
            keep = score >= self._threshold_for(r.id, entity)
            pieces.append(
                ColumnFindings(
                    mine.value[keep],
                    np.full(int(keep.sum()), entity, dtype=object),
                    mine.start[keep],
                    mine.end[keep],
                    _rounded(score[keep]),
                )
            )
        return ColumnFindings.concat(pieces)

    def analyze_values(self, values: list[str]) -> dict[str, list[Finding]]:
        """{value: findings} for distinct non-blank ``values`` (``scan`` as Finding lists)."""
        with collector_paused():
            return self.scan(values).by_value(values)


def _rounded(scores: np.ndarray) -> np.ndarray:
    """``round(score, 4)`` as Python rounds it (the few distinct scores, not numpy's rint)."""
    if not scores.size:
        return scores
    distinct, inverse = np.unique(scores, return_inverse=True)
    return np.array([round(float(x), 4) for x in distinct])[inverse]


@dataclass
class _Matches:
    """Scored pattern matches of a column as parallel arrays."""

    value: np.ndarray  # index of the value
    recognizer: np.ndarray  # index into ``ColumnScanner.pattern_recognizers``
    start: np.ndarray
    end: np.ndarray
    score: np.ndarray
    pattern: list

    @classmethod
    def concat(cls, parts: list["_Matches"]) -> "_Matches":
        if not parts:
            empty = np.empty(0, dtype=np.int64)
            return cls(empty, empty, empty, empty, np.empty(0), [])

        def joined(name: str) -> np.ndarray:
            return np.concatenate([getattr(p, name) for p in parts])

        return cls(
            joined("value"),
            joined("recognizer"),
            joined("start"),
            joined("end"),
            joined("score"),
            [x for p in parts for x in p.pattern],
        )

    def take(self, mask: np.ndarray) -> "_Matches":
        return _Matches(
            self.value[mask],
            self.recognizer[mask],
            self.start[mask],
            self.end[mask],
            self.score[mask],
            [p for p, keep in zip(self.pattern, mask.tolist()) if keep],
        )

    def one(self, j: int, recognizers) -> dict[str, list]:
        """Match ``j`` as ``nested`` gives it for its value."""
        return {
            recognizers[self.recognizer[j]].id: [
                (self.pattern[j], int(self.start[j]), int(self.end[j]), float(self.score[j]))
            ]
        }

    def nested(self, recognizers) -> dict[int, dict[str, list]]:
        found: dict[int, dict[str, list]] = {}
        for i, k, a, b, score, pattern in zip(
            self.value.tolist(),
            self.recognizer.tolist(),
            self.start.tolist(),
            self.end.tolist(),
            self.score.tolist(),
            self.pattern,
        ):
            found.setdefault(i, {}).setdefault(recognizers[k].id, []).append((pattern, a, b, score))
        return found


@dataclass
class ColumnFindings:
    """The findings of a column's distinct values as parallel arrays, one entry per finding,
    ordered by value, then as ``Finding`` lists are (start, end, entity)."""

    value: np.ndarray
    entity: np.ndarray
    start: np.ndarray
    end: np.ndarray
    score: np.ndarray

    @classmethod
    def of_lists(cls, values: np.ndarray, lists: list[list[Finding]]) -> "ColumnFindings":
        flat = [(i, f) for i, found in zip(values.tolist(), lists) for f in found]
        return cls(
            np.array([i for i, _ in flat], dtype=np.int64),
            np.array([f.entity for _, f in flat], dtype=object),
            np.array([f.start for _, f in flat], dtype=np.int64),
            np.array([f.end for _, f in flat], dtype=np.int64),
            np.array([f.score for _, f in flat], dtype=float),
        )

    @classmethod
    def concat(cls, pieces: list["ColumnFindings"]) -> "ColumnFindings":
        if not pieces:
            return cls.of_lists(np.empty(0, dtype=np.int64), [])
        value, entity, start, end, score = (
            np.concatenate([getattr(p, name) for p in pieces]) for name in ("value", "entity", "start", "end", "score")
        )
        order = np.lexsort((entity.astype(str), end, start, value)) if value.size else value
        return cls(value[order], entity[order].astype(object), start[order], end[order], score[order])

    def take(self, mask: np.ndarray) -> "ColumnFindings":
        return ColumnFindings(self.value[mask], self.entity[mask], self.start[mask], self.end[mask], self.score[mask])

    def without(self, entities) -> "ColumnFindings":
        return self.take(~np.isin(self.entity.astype(str), list(entities)))

    def __len__(self) -> int:
        return int(self.value.size)

    def grouped(self) -> dict[int, list[Finding]]:
        """{value index: its findings} for the values that have some."""
        out: dict[int, list[Finding]] = {}
        for i, entity, start, end, score in zip(
            self.value.tolist(), self.entity.tolist(), self.start.tolist(), self.end.tolist(), self.score.tolist()
        ):
            out.setdefault(i, []).append(Finding(entity, start, end, score))
        return out

    def by_value(self, values: list[str]) -> dict[str, list[Finding]]:
        """{value: its findings} for every value (``[]`` for those without)."""
        grouped = self.grouped()
        return {v: grouped.get(i, []) for i, v in enumerate(values)}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a column's work, back as it was after.

    A column allocates hundreds of thousands of short-lived objects (matches, results,
    findings), nearly all freed by reference counting, and every so many allocations the
    collector walks *every* live object of the process, the caller's included: 16% of a
    20,000-row table's time in a fresh process, 30-40% beside a million live objects of
    the caller's (a notebook's, or the cell-by-cell run the benchmark keeps).  The work
    makes no cycles of its own, so nothing waits longer to be freed; the next collection
    after it runs as usual.  Nested and concurrent use leaves the collector on at the end
    unless it was off before (the pause that found it on turns it back on, possibly while
    another thread's pause goes on: never left off for good)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def scan_column(
    distinct: list[str], header: str, rules: column_rules.ColumnRules | None = None, clock: Stopwatch | None = None
) -> ColumnFindings:
    """Findings of a column given as its distinct values (``value`` indexes ``distinct``;
    blank values have none), column rules applied.

    ``rules`` are inferred from the values unless given (e.g. from a larger sample);
    ``clock`` sums the time of each stage.
    """
    with collector_paused():
        return _scan_column(distinct, header, rules, clock)


def _scan_column(distinct: list[str], header: str, rules, clock) -> ColumnFindings:
    with (clock or _untimed)("column set-up"):
        keep = [i for i, v in enumerate(distinct) if v.strip()]
        values = [distinct[i] for i in keep]
        if rules is None:
            rules = column_rules.infer(values, header)
        scanner = ColumnScanner(header, rules, clock=clock)
    found = scanner.scan(values)
    found.value = np.asarray(keep, dtype=np.int64)[found.value]
    return found


def analyze_column(
    values: pd.Series | Iterable[str], header: str, rules: column_rules.ColumnRules | None = None
) -> dict[str, list[Finding]]:
    """Findings for each distinct non-blank value of a column, column rules applied.

    ``rules`` are inferred from ``values`` unless given (e.g. from a larger sample).
    """
    with collector_paused():  # the findings as objects are as many allocations again
        distinct = [v for v in pd.unique(pd.Series(values, dtype=object)) if isinstance(v, str) and v.strip()]
        return scan_column(distinct, header, rules).by_value(distinct)


@cache
def warm_up() -> None:
    """Load the pack's models and word lists, then move everything alive to the garbage
    collector's permanent generation, once per process (``cache``: later calls return).

    A scan allocates millions of short-lived objects; each full collection would walk
    the hundreds of thousands of long-lived ones (Presidio, pandas, LAC, word lists).
    Frozen, they are skipped: a third less time per chunk, measured.

    Once per process, not per scan, on purpose: what it loads is the process's own (the
    analyzer and LAC are cached per process, and a pool worker serves many scans), and
    the garbage collector is the process's.  Freezing again at each scan would also
    freeze whatever the previous scan left alive, for good.
    """
    # an address and a name in traditional script load the division list and the
    # character table too, so that they are frozen with the rest
    ColumnScanner("姓名").analyze_values(
        ["王坤", "張偉", "客户李宇反映快递未送达", "13812345678", "上海市浦东新区张江路88号"]
    )
    gc.freeze()
