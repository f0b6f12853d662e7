"""What the pack and the columnar engine take from Presidio beyond its public API, in one place.

Two things: the context boost (the formula of Presidio's ``LemmaContextAwareEnhancer``,
which the pack applies for text cues and the engine for the column header, written here
once), and the enhancer's rule for "does the context support this recognizer"
(``_find_supportive_word_in_context``, a private method of the pinned
``presidio-analyzer``).  ``tests/test_upstream_adapters.py`` fails if the pinned version
changes either.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

#: ``LemmaContextAwareEnhancer``'s defaults: a supported score gains this much …
CONTEXT_BOOST = 0.35
#: … and is at least this much
MIN_SCORE_WITH_CONTEXT = 0.4

Score = TypeVar("Score", float, np.ndarray)


def boosted(score: Score, factor: float = CONTEXT_BOOST, floor: float = MIN_SCORE_WITH_CONTEXT) -> Score:
    """``score`` raised as Presidio's context enhancer raises it: ``+ factor``, at least
    ``floor``, at most ``MAX_SCORE``; a float stays a float, an array is raised element-wise."""
    raised = score + factor
    if isinstance(raised, np.ndarray):
        return np.minimum(np.maximum(raised, floor), EntityRecognizer.MAX_SCORE)
    return min(max(raised, floor), EntityRecognizer.MAX_SCORE)


def context_supports(enhancer: ContextAwareEnhancer, lowered_context: list[str], words: list[str]) -> bool:
    """Does the engine's enhancer find one of a recognizer's context ``words`` in the
    (lower-cased) context, with its own matching rule?"""
    # Presidio privates, used here only (tests/test_upstream_adapters.py pins them)
    return bool(enhancer._find_supportive_word_in_context(lowered_context, words, enhancer.context_matching_mode))
