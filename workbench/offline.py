"""Switches that keep third-party libraries off the network and off the user's disk.

Set in the environment (not only in this process) as soon as the package is imported, so
that every process it starts — scan workers, Dask workers, report kernels — inherits them
before any of those libraries initialises:

- ONNX Runtime (Baidu LAC's encoder; OCR models) ships telemetry on Linux since 1.2x: on
  import it writes a device id and an event database under ``~/.cache/Microsoft`` and its
  threads look up Microsoft's collector.  ``ORT_DISABLE_TELEMETRY=1`` (read by 1.32) stops all
  of it, device id included; ``ORT_TELEMETRY_DISABLED=1`` is the name later releases read.
  ``onnxruntime.disable_telemetry_events()`` is too late: the environment already exists.
- tldextract (Presidio's e-mail recognizer) fetches the public suffix list unless its URL
  list is empty; it then uses the snapshot inside its wheel.
"""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "ORT_DISABLE_TELEMETRY": "1",
    "ORT_TELEMETRY_DISABLED": "1",
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
}


def apply() -> None:
    """Put the switches into ``os.environ`` (a value the user set stays)."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
