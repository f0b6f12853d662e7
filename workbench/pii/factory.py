"""The project's Presidio AnalyzerEngine, built without any download or network call.

Presidio's defaults reach for the network twice: ``AnalyzerEngine()`` loads
``en_core_web_lg`` through ``spacy.cli.download``, and the e-mail recognizer's
tldextract fetches the public suffix list.  Here the NLP engine wraps spaCy *blank*
pipelines (zh with the built-in character segmenter, and en), which need no model
files, and tldextract is told to use its bundled snapshot before Presidio is imported.

Blank pipelines produce no lemmas, so Presidio's lemma-based enhancer only sees the
``context`` words passed in (the column header); cues inside the text are handled by
each recognizer's own ``enhance_using_context`` (see ``cn/_recognizer.py``).  What the
columnar engine asks of a recognizer beyond that is declared in ``cn/protocol.py``.
"""

from __future__ import annotations

import functools

# tldextract's suffix-list URLs are emptied by ``workbench.offline`` when the package is imported
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

from .cn import all_recognizers

LANGUAGES = ("zh", "en")
#: results below this score are dropped (a bare passport-shaped string scores 0.4)
SCORE_THRESHOLD = 0.5


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """spaCy NLP engine over blank pipelines: tokenisation only, never a model download."""

    engine_name = "spacy_blank"

    def __init__(self, languages=LANGUAGES):
        super().__init__(models=[{"lang_code": lang, "model_name": f"blank:{lang}"} for lang in languages])
        self.languages = tuple(languages)

    def load(self) -> None:
        import spacy

        self.nlp = {lang: spacy.blank(lang) for lang in self.languages}


def registry(languages=LANGUAGES) -> RecognizerRegistry:
    """A registry holding the ``cn`` pack for each language (and nothing that downloads)."""
    reg = RecognizerRegistry(supported_languages=list(languages))
    for lang in languages:
        for recognizer in all_recognizers(lang):
            reg.add_recognizer(recognizer)
    return reg


@functools.cache
def analyzer() -> AnalyzerEngine:
    """The shared AnalyzerEngine: the reference the columnar engine must agree with."""
    nlp_engine = BlankSpacyNlpEngine()
    nlp_engine.load()
    return AnalyzerEngine(
        registry=registry(),
        nlp_engine=nlp_engine,
        supported_languages=list(LANGUAGES),
        default_score_threshold=SCORE_THRESHOLD,
    )


#: NLP artifacts with no tokens: what a blank pipeline contributes to context matching
EMPTY_ARTIFACTS = NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=None, language="zh")
