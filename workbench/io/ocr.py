"""Text in images, offline, in Chinese: RapidOCR (PaddleOCR's PP-OCRv4 models in ONNX).

The models ship inside the ``rapidocr-onnxruntime`` wheel (det 4.7 MB, rec 10.9 MB, cls
0.6 MB) and run on ONNX Runtime, already a dependency of the project (the LAC name tagger);
nothing is downloaded.  Measured against Debian's ``tesseract-ocr`` + ``chi_sim`` on the
project's rendered ID cards and forms (``benchmarks/documents.py``; figures in
``benchmarks/README.md``), RapidOCR read far more characters right and found the IDs,
phones and names that Tesseract lost, so it is the engine; Tesseract is not a dependency.

Scans are often turned: a page is read as it comes, then turned (``_turns``: the likeliest
turn first) until the reading is confident with lines lying flat (the most confident reading
otherwise), so lines also come out in reading order.  Boxes on one visual line are joined
left to right, so a printed label ("公民身份号码") stays beside its
value, as the recognizers' text cues expect.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from PIL import Image

#: a reading is right when it is this confident with its lines lying flat; text read upside
#: down or sideways comes out short and at low confidence (about 0.6 against 0.99 for the
#: right way up, on the rendered cards and forms)
CONFIDENT = 0.9
#: share of characters in boxes taller than wide above which lines stand upright
UPRIGHT_SHARE = 0.5


@dataclass(frozen=True)
class OcrLine:
    """One visual line of text and where it stands on the (turned) page, in pixels."""

    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom
    score: float


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]
    #: degrees (counter-clockwise) the page was turned before it read right; boxes refer to
    #: the turned page
    rotation: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class RapidOcr:
    """RapidOCR with the models of its wheel; one instance per process (``ocr_engine``)."""

    def __init__(self):
        import onnxruntime

        # ONNX Runtime's telemetry stays off in every session this project creates
        onnxruntime.disable_telemetry_events()
        from rapidocr_onnxruntime import RapidOCR

        # ONNX Runtime's default threads: one per physical core, inside each reading
        self._engine = RapidOCR()

    def _boxes(self, image: Image.Image, rotation: int) -> list[tuple[tuple[int, int, int, int], str, float]]:
        turned = image.rotate(rotation, expand=True) if rotation else image
        # RapidOCR reads BGR arrays; its per-line direction classifier is off: the page's
        # orientation is settled for the whole page in ``read``
        result, _ = self._engine(np.ascontiguousarray(np.asarray(turned)[:, :, ::-1]), use_cls=False)
        boxes = []
        for points, text, score in result or ():
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            boxes.append(((int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), text, float(score)))
        return boxes

    def read(self, image: Image.Image) -> OcrPage:
        """The text lines of one page image (any mode, any orientation)."""
        rgb = image.convert("RGB")
        best, best_rotation = self._boxes(rgb, 0), 0
        for rotation in _turns(best):
            if _reads_right(best):
                break
            boxes = self._boxes(rgb, rotation)
            if (_reads_right(boxes), _weight(boxes)) > (_reads_right(best), _weight(best)):
                best, best_rotation = boxes, rotation
        return OcrPage(tuple(_join_lines(best)), best_rotation)


def _turns(first) -> tuple[int, ...]:
    """The turns to try after a first reading, likeliest first.  Lines standing upright mean a
    page turned sideways; RapidOCR reads a tall box turned one way (a quarter turn clockwise),
    so a confident first reading of upright lines means the page wants 90 degrees, a poor
    one 270 (each then reads on the first try: 2 readings, not up to 4)."""
    if _upright_share(first) <= UPRIGHT_SHARE:
        return 180, 90, 270
    chars = sum(len(text) for _, text, _ in first)
    confident = chars > 0 and _weight(first) / chars >= CONFIDENT
    return (90, 270, 180) if confident else (270, 90, 180)


@functools.lru_cache(maxsize=1)
def ocr_engine() -> RapidOcr:
    """The process's OCR engine (loading the models takes about a second)."""
    return RapidOcr()


def _weight(boxes) -> float:
    return sum(score * len(text) for _, text, score in boxes)


def _reads_right(boxes) -> bool:
    chars = sum(len(text) for _, text, _ in boxes)
    return chars > 0 and _weight(boxes) / chars >= CONFIDENT and _upright_share(boxes) <= UPRIGHT_SHARE


def _upright_share(boxes) -> float:
    chars = sum(len(text) for _, text, _ in boxes)
    upright = sum(len(text) for (x0, y0, x1, y1), text, _ in boxes if (y1 - y0) > 1.5 * (x1 - x0))
    return upright / chars if chars else 0.0


def _join_lines(boxes) -> list[OcrLine]:
    """Boxes whose vertical middles lie within half a box height of each other form one line."""
    rows: list[list] = []
    for box in sorted(boxes, key=lambda b: (b[0][1] + b[0][3]) / 2):
        (x0, y0, x1, y1), _, _ = box
        middle, height = (y0 + y1) / 2, y1 - y0
        if rows:
            (_, ry0, _, ry1), _, _ = rows[-1][0]
            if abs(middle - (ry0 + ry1) / 2) <= max(height, ry1 - ry0) / 2:
                rows[-1].append(box)
                continue
        rows.append([box])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[0][0])
        left, top = min(b[0][0] for b in row), min(b[0][1] for b in row)
        right, bottom = max(b[0][2] for b in row), max(b[0][3] for b in row)
        lines.append(OcrLine(" ".join(b[1] for b in row), (left, top, right, bottom), round(min(b[2] for b in row), 4)))
    return lines
