"""PDF of a rendered report through headless Chromium (Debian ``chromium``), offline.

Page numbers, the running header (company, confidentiality, draft) and the page size
come from the report's own CSS (``@page`` margin boxes, which Chromium prints since
version 131), so the PDF needs no header template and Chromium's own date/URL header is
switched off.  Chromium runs with a throw-away profile and its network features off; the
report is a local file with everything inline, so nothing is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .context import ReportError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
#: a throw-away Chromium with its network features off (the browser tests start it so too)
OFFLINE_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)
FLAGS = (
    "--headless",
    *OFFLINE_FLAGS,
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)
TIMEOUT = 180


def chromium() -> str:
    """Path of the Chromium executable; ``WORKBENCH_CHROMIUM`` overrides the search."""
    wanted = os.environ.get("WORKBENCH_CHROMIUM")
    for name in (wanted,) if wanted else CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ReportError(
        "no Chromium found to print the PDF: install it (`apt-get install chromium`, "
        "make setup does this) or set WORKBENCH_CHROMIUM / 未找到 Chromium，无法生成 PDF"
    )


def export_pdf(html_path: str | Path, pdf_path: str | Path | None = None) -> Path:
    """Print ``html_path`` to ``pdf_path`` (default: the same name with .pdf); returns the PDF's path.

    :raises ReportError: naming the report when Chromium is missing, fails or times out
    """
    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path) if pdf_path else html_path.with_suffix(".pdf")
    tmp = pdf_path.with_suffix(".pdf.tmp")
    with tempfile.TemporaryDirectory(prefix="workbench-chromium-") as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", html_path.as_uri()]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ, "HOME": profile}
            )
        except subprocess.TimeoutExpired:
            tmp.unlink(missing_ok=True)
            raise ReportError(
                f"{html_path}: Chromium did not finish the PDF within {TIMEOUT}s / PDF 生成超时"
            ) from None
    if done.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ReportError(f"{html_path}: Chromium could not print the PDF ({detail[0]}) / PDF 生成失败")
    os.replace(tmp, pdf_path)
    return pdf_path
