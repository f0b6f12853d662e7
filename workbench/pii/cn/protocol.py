"""The contract between the columnar engine (``workbench.pii.engine``) and a recognizer.

Presidio's ``AnalyzerEngine`` asks a recognizer only ``analyze`` and
``enhance_using_context``.  The columnar engine computes the same findings for a whole
column at once, and for that it asks a little more, always through the names below,
never by looking at a recognizer's type or module:

``patterns``, ``global_regex_flags``
    the regexes the engine runs over a column's joined values (Presidio's
    ``PatternRecognizer`` attributes); empty for a recognizer that reads text, whose
    ``analyze`` the engine calls value by value instead.
``validate_many(texts)``
    each pattern match's verdict, as ``PatternRecognizer.analyze`` applies
    ``validate_result`` and ``invalidate_result``: ``True`` (certain), ``False``
    (dropped), ``None`` (the pattern's score stands).
``text_cues``, ``cued(text, start, score)``
    the words that, just before a match, raise its score (``presidio_adapter.boosted``),
    and whether they do for one match.
``cue_only_context``
    ``enhance_using_context`` does nothing but that text-cue boost, so a value whose only
    finding is one match of this recognizer can be finished in arrays.
``needs_cjk``
    ``analyze`` finds nothing in a text without a Chinese character, so the engine skips
    such values.
``prepare(texts)``, ``release()``
    a column's texts before its values are analysed (LAC tags them in batches), and the
    end of the column (drop what was kept for it).

``ColumnDefaults`` gives every member a neutral value; the pack's recognizers inherit it
and override what they do.  A recognizer from elsewhere joins a column scan by
inheriting it too (``tests/test_upstream_adapters.py`` checks the pack keeps the contract).
"""

from __future__ import annotations

from typing import Any, ClassVar, Iterable, Protocol, Sequence

from presidio_analyzer import Pattern, RecognizerResult


class ColumnRecognizer(Protocol):
    """Everything the columnar engine asks of a recognizer."""

    # -- Presidio's EntityRecognizer API, which every recognizer has ------------------------
    name: str
    context: list[str]
    supported_entities: list[str]
    score_thresholds: dict[str, float] | None

    @property
    def id(self) -> str: ...

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]: ...

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: Any,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]: ...

    # -- the columnar engine's own questions (``ColumnDefaults`` answers them neutrally) ----
    patterns: Sequence[Pattern]
    global_regex_flags: int
    cue_only_context: bool
    needs_cjk: bool

    @property
    def text_cues(self) -> tuple[str, ...]: ...

    def validate_many(self, texts: list[str]) -> list[bool | None]: ...

    def cued(self, text: str, start: int, score: float) -> bool: ...

    def prepare(self, texts: Iterable[str]) -> None: ...

    def release(self) -> None: ...


class ColumnDefaults:
    """Neutral members of ``ColumnRecognizer``: no patterns, no cues, no preparation.
    Listed before Presidio's base class, so that ``PatternRecognizer``'s own instance
    attributes (``patterns``, ``global_regex_flags``) take precedence."""

    patterns: Sequence[Pattern] = ()
    global_regex_flags: int | None = 0
    cue_only_context: ClassVar[bool] = False
    needs_cjk: ClassVar[bool] = False

    @property
    def text_cues(self) -> tuple[str, ...]:
        return ()

    def validate_many(self, texts: list[str]) -> list[bool | None]:
        """What ``PatternRecognizer.analyze`` makes of each text (only pattern recognizers are asked)."""
        return [
            False if self.invalidate_result(t) else self.validate_result(t)  # type: ignore[attr-defined]
            for t in texts
        ]

    def cued(self, text: str, start: int, score: float) -> bool:
        return False

    def prepare(self, texts: Iterable[str]) -> None:
        pass

    def release(self) -> None:
        pass
