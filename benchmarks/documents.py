"""Documents: OCR quality on rendered scans, and pages per minute.

    python benchmarks/documents.py [quality] [speed] [--images N] [--text-pages N] [--ocr-pages N]

quality — the project's generator (``scripts/document_factory.py``) renders N resident-ID
    cards and N customer forms with a CJK font, as they come from a copier: clean, turned
    90 / 180 / 270 degrees, skewed 3 degrees, speckled and blurred.  For each OCR engine:
    character accuracy (1 - edit distance / length, spaces and the form's underscores
    ignored, per image, summed), and how many of the planted resident IDs, mobile numbers
    and names it read exactly.  For RapidOCR (the engine the workbench uses) also the
    detection recall through the scan itself: the ID / phone / name found as
    CN_RESIDENT_ID / CN_MOBILE_PHONE / PERSON at the right place, and the ID cards
    recognised as identity documents.  Tesseract (Debian's tesseract-ocr + chi_sim, when
    installed: ``apt-get install tesseract-ocr tesseract-ocr-chi-sim``) is read with page
    segmentation 1 (orientation detection on) and 3 (off).
speed — ``scan_paths`` on a text PDF (N pages of 30 customer lines) and on a scanned PDF
    (N pages of forms and ID cards, some turned), the default engine on this machine's
    cores: pages per minute end to end (reading, OCR, detection).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import document_factory as factory  # noqa: E402


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def compact(text: str) -> str:
    return "".join(text.split()).replace("_", "")


def rapidocr_text(image) -> str:
    from workbench.io.ocr import ocr_engine

    return ocr_engine().read(image).text


def tesseract_text(psm: int):
    def read(image) -> str:
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", str(psm)],
            input=buffer.getvalue(),
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")

    return read


def quality(n: int) -> dict:
    images = factory.ocr_images(17, n, n)
    engines = {"RapidOCR (rapidocr-onnxruntime 1.4.4, PP-OCRv4)": rapidocr_text}
    if shutil.which("tesseract"):
        engines["Tesseract 5 chi_sim, --psm 1 (orientation on)"] = tesseract_text(1)
        engines["Tesseract 5 chi_sim, --psm 3"] = tesseract_text(3)
    rapidocr_text(images[0][1])  # load the models outside the timing
    out = {}
    for engine, read in engines.items():
        errors = chars = 0
        found = {"resident IDs": [0, 0], "mobiles": [0, 0], "names": [0, 0]}
        per_variant: dict[str, list[int]] = {}
        started = time.perf_counter()
        for _, image, truth in images:
            text, expected = compact(read(image)), compact(truth.pages[0])
            wrong = min(edit_distance(expected, text), len(expected))
            errors, chars = errors + wrong, chars + len(expected)
            group = per_variant.setdefault(truth.variant.split(" ")[0] or "clean", [0, 0])
            group[0] += wrong
            group[1] += len(expected)
            for key, values in (
                ("resident IDs", truth.resident_ids),
                ("mobiles", truth.mobiles),
                ("names", truth.names),
            ):
                found[key][0] += sum(v in text for v in values)
                found[key][1] += len(values)
        seconds = time.perf_counter() - started
        out[engine] = {
            "character accuracy": round(1 - errors / chars, 4),
            "by variant": {k: round(1 - e / c, 4) for k, (e, c) in sorted(per_variant.items())},
            "read exactly": {k: f"{a}/{b}" for k, (a, b) in found.items()},
            "seconds per image": round(seconds / len(images), 2),
        }
        print(engine, json.dumps(out[engine], ensure_ascii=False), flush=True)
    out["detection through the scan (RapidOCR)"] = detection(images)
    print(json.dumps(out["detection through the scan (RapidOCR)"], ensure_ascii=False), flush=True)
    return out


def detection(images) -> dict:
    """Recall of the planted IDs, phones and names through ``scan_paths`` on the image files."""
    from workbench.io import iter_tables
    from workbench.pii import scan_paths

    with tempfile.TemporaryDirectory() as tmp:
        truths = {}
        for name, image, truth in images:
            image.save(Path(tmp) / name)
            truths[name] = truth
        spans: list[dict] = []
        result = scan_paths([tmp], on_span=spans.append)
        # the lines as read, to place each planted value (the benchmark's eyes only)
        lines = {
            name: [t for table in iter_tables(Path(tmp) / name) for chunk in table.chunks() for t in chunk["text"]]
            for name in truths
        }
    hits = {"CN_RESIDENT_ID": [0, 0], "CN_MOBILE_PHONE": [0, 0], "PERSON": [0, 0]}
    for name, truth in truths.items():
        for entity, values in (
            ("CN_RESIDENT_ID", truth.resident_ids),
            ("CN_MOBILE_PHONE", truth.mobiles),
            ("PERSON", truth.names),
        ):
            for value in values:
                hits[entity][1] += 1
                for row, line in enumerate(lines[name]):
                    start = line.find(value)
                    if start >= 0 and any(
                        s["file"] == name
                        and s["row"] == row
                        and s["entity"] == entity
                        and s["start"] <= start
                        and s["end"] >= start + len(value)
                        for s in spans
                    ):
                        hits[entity][0] += 1
                        break
    cards = [n for n, t in truths.items() if t.identity_document]
    flagged = {f.name for f in result.documents if f.document.identity_pages}
    return {
        **{entity: f"{a}/{b}" for entity, (a, b) in hits.items()},
        "ID cards recognised": f"{len(flagged & set(cards))}/{len(cards)}",
        "other images taken for ID cards": len(flagged - set(cards)),
    }


def speed(text_pages: int, ocr_pages: int) -> dict:
    from workbench.pii import scan_paths

    rnd = random.Random(3)
    crowd = factory.people(23, 60)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        pages = [
            [f"{p.name}  手机 {p.mobile}  身份证 {p.resident_id}  {p.address[:12]}" for p in rnd.sample(crowd, 30)]
            for _ in range(text_pages)
        ]
        (Path(tmp) / "text.pdf").write_bytes(factory.text_pdf(pages))
        scans = [image for _, image, _ in factory.ocr_images(29, ocr_pages // 2, ocr_pages - ocr_pages // 2)]
        (Path(tmp) / "scan.pdf").write_bytes(factory.image_pdf([s.convert("RGB") for s in scans]))
        scan_paths([Path(tmp) / "text.pdf"])  # models loaded outside the timing
        for name, count in (("text.pdf", text_pages), ("scan.pdf", len(scans))):
            started = time.perf_counter()
            result = scan_paths([Path(tmp) / name])
            seconds = time.perf_counter() - started
            assert not result.errors, result.errors
            out[name] = {
                "pages": count,
                "seconds": round(seconds, 1),
                "pages per minute": round(count / seconds * 60, 1),
                "ocr pages": result.files[0].document.ocr_pages,
            }
            print(name, json.dumps(out[name]), flush=True)
    out["cores"] = os.cpu_count()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", help="quality and/or speed (default: both)")
    parser.add_argument("--images", type=int, default=6, help="ID cards and as many forms (default 6)")
    parser.add_argument("--text-pages", type=int, default=200)
    parser.add_argument("--ocr-pages", type=int, default=20)
    args = parser.parse_args()
    results, parts = {}, args.parts or ["quality", "speed"]
    if set(parts) - {"quality", "speed"}:
        parser.error("parts are 'quality' and 'speed'")
    if "quality" in parts:
        results["quality"] = quality(args.images)
    if "speed" in parts:
        results["speed"] = speed(args.text_pages, args.ocr_pages)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
