"""Base class of the pack: Presidio's PatternRecognizer with class data and text cues.

Presidio's own context enhancer looks at lemmas of neighbouring tokens, which a blank
(download-free) Chinese pipeline does not produce, and whitespace tokens do not exist in
Chinese.  So each recognizer also looks for ``TEXT_CUES`` in the characters just before a
match, through Presidio's per-recognizer ``enhance_using_context`` hook, and marks the
result as enhanced so the engine-level enhancer (which handles the column header passed
as ``context``) does not boost it twice.  What the columnar engine asks of these classes
is declared in ``protocol.py``.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from .presidio_adapter import boosted
from .protocol import ColumnDefaults
from .text import cue_before


def cued(text: str, start: int, score: float, cues: tuple[str, ...], window: int = 12) -> bool:
    """A match at ``start`` that one of ``cues`` announces and that is not already certain."""
    return bool(cues) and score < EntityRecognizer.MAX_SCORE and cue_before(text, start, cues, window)


def boost(result: RecognizerResult, cue: str) -> None:
    """Raise a result's score as Presidio's context enhancer would, once."""
    result.score = boosted(result.score)
    result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
    if result.analysis_explanation is not None:
        result.analysis_explanation.set_supportive_context_word(cue)
        result.analysis_explanation.set_improved_score(result.score)


def boost_by_text_cues(
    text: str, results: list[RecognizerResult], cues: tuple[str, ...], window: int = 12
) -> list[RecognizerResult]:
    """Boost every result preceded (within ``window`` characters) by one of ``cues``."""
    for result in results:
        if cued(text, result.start, result.score, cues, window):
            boost(result, "text-cue")
    return results


class CnEntityRecognizer(ColumnDefaults, EntityRecognizer):
    """A recognizer with its own reading of the text (addresses, names), configured by class
    data like ``CnPatternRecognizer``: the class's ``CONTEXT`` and entity unless given."""

    ENTITY: ClassVar[str]
    #: words that raise the score when they occur in the column header / passed context
    CONTEXT: ClassVar[list[str]] = []

    def __init__(
        self,
        supported_language: str = "zh",
        context: list[str] | None = None,
        name: str | None = None,
        supported_entities: list[str] | None = None,
        **kwargs,
    ):
        """The class's ``CONTEXT`` and entity unless given (``from_dict`` round-trips)."""
        super().__init__(
            supported_entities=supported_entities or [self.ENTITY],
            supported_language=supported_language,
            name=name or f"{type(self).__name__}_{supported_language}",
            context=list(context) if context is not None else list(self.CONTEXT),
            **kwargs,
        )


class CnPatternRecognizer(ColumnDefaults, PatternRecognizer):
    """A pattern recognizer configured by class data, like Presidio's country packs.

    A subclass that overrides ``enhance_using_context`` sets ``cue_only_context = False``;
    one that overrides ``invalidate_result`` overrides ``validate_many`` to apply it.
    """

    #: ``enhance_using_context`` below is the text-cue boost and nothing else
    cue_only_context = True

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    #: words that raise the score when they occur in the column header / passed context
    CONTEXT: ClassVar[list[str]] = []
    #: words that raise the score when they occur in the text just before the match
    TEXT_CUES: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        supported_language: str = "zh",
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        name: str | None = None,
        supported_entity: str | None = None,
        **kwargs,
    ):
        """As Presidio's recognizers: the class's ``PATTERNS``, ``CONTEXT`` and entity unless
        given, so ``type(r).from_dict(r.to_dict())`` rebuilds the same recognizer."""
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=list(patterns)
            if patterns is not None
            else [Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(context) if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or f"{type(self).__name__}_{supported_language}",
            **kwargs,
        )

    @property
    def text_cues(self) -> tuple[str, ...]:
        return self.TEXT_CUES

    def validate_many(self, texts: list[str]) -> list[bool | None]:
        """``validate_result`` of each text: the engine validates a column's matches of a
        pattern at once, and recognizers with array code override this (same answers)."""
        return list(map(self.validate_result, texts))

    def cued(self, text: str, start: int, score: float) -> bool:
        return cued(text, start, score, self.TEXT_CUES)

    def enhance_using_context(
        self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context=None
    ):
        return boost_by_text_cues(text, raw_recognizer_results, self.TEXT_CUES)
