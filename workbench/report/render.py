"""Render one company's report: papermill runs the notebook, nbconvert exports HTML.

``render_report`` is the one entry point for a single company; ``batch.run_batch``
calls it for a portfolio.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..checklists import templates_dir
from ..resources import resource_dir
from .context import ReportError
from .kernels import IPC_KERNEL_MANAGER

NOTEBOOK = "report.ipynb"
KERNEL = "python3"
#: the longest one report cell may run, in seconds ($WORKBENCH_REPORT_TIMEOUT): a runaway kernel
#: (a huge input, a bug) ends the company's report with a message instead of a batch that waits forever
CELL_TIMEOUT = 1800


def _cell_timeout() -> int:
    try:
        return int(os.environ.get("WORKBENCH_REPORT_TIMEOUT", CELL_TIMEOUT))
    except ValueError:
        return CELL_TIMEOUT


def notebook_path() -> Path:
    return resource_dir("notebooks") / NOTEBOOK


def slug(folder: Path) -> str:
    """A file-system-safe name for the company's report files."""
    name = re.sub(r"[^\w.-]+", "_", folder.resolve().name, flags=re.UNICODE).strip("._")
    return name or "company"


def export_html(notebook, lang: str = "zh") -> str:
    """HTML of an executed notebook with the report template: outputs only, all inline."""
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(templates_dir())],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    html, _ = exporter.from_notebook_node(notebook, resources={"lang": lang})
    return html


def _page_title(summary_path: Path, lang: str) -> str:
    """The browser tab / PDF title: the company's name first, so tabs and files tell reports apart."""
    import json
    from ..i18n import t
    try:
        company = json.loads(summary_path.read_text("utf-8"))["company"]
    except (OSError, ValueError, KeyError):
        return t("report_title", lang)
    return f"{company} — {t('report_title', lang)}"


def render_report(company_dir: str | Path, output_dir: str | Path = "reports", lang: str = "zh",
                  consultant: str | None = None, keep_notebook: bool = True, prepare: bool = True,
                  allow_outside: bool | None = None, reuse_scan: bool = True) -> Path:
    """Execute the report notebook for one company and write ``<output_dir>/<company>.html``.

    :param company_dir: folder with company.yaml, its datasets and assessment.yaml
    :param output_dir: where the HTML goes; executed notebooks go to ``<output_dir>/notebooks``
    :param lang: "zh" (default) or "en"
    :param consultant: name on the cover (default: company.yaml's consultant)
    :param keep_notebook: keep the executed notebook (always kept when execution fails)
    :param prepare: scan and score in this process and hand the notebook the saved
        context (its kernel then only displays); False lets the notebook do everything
    :param allow_outside: scan dataset files outside the company folder (default:
        ``$WORKBENCH_ALLOW_OUTSIDE``); otherwise they are listed as not scanned
    :param reuse_scan: state the workbench's kept scan when its files are unchanged
        (``build_context``); False scans afresh
    :raises ReportError: with the company folder and the cause
    """
    import nbformat
    import papermill

    company_dir = Path(company_dir)
    if not (company_dir / "company.yaml").is_file():
        raise ReportError(f"{company_dir}: not a company folder (company.yaml is missing)")
    output_dir = Path(output_dir)
    runs = output_dir / "notebooks"
    runs.mkdir(parents=True, exist_ok=True)
    name = slug(company_dir)
    executed = runs / f"{name}.ipynb"
    context_path = None
    if prepare:
        from .context import build_context, save_context
        context_path = runs / f"{name}.context.json"
        save_context(build_context(company_dir, lang=lang, consultant=consultant,
                                   allow_outside=allow_outside, reuse_scan=reuse_scan), context_path)
    try:
        papermill.execute_notebook(
            str(notebook_path()), str(executed), kernel_name=KERNEL, progress_bar=False, log_output=False,
            kernel_manager_class=IPC_KERNEL_MANAGER,
            parameters={"company_dir": str(company_dir.resolve()), "lang": lang, "consultant": consultant,
                        "summary_path": str((output_dir / f"{name}.summary.json").resolve()),
                        "context_path": str(context_path.resolve()) if context_path else None},
            cwd=str(company_dir.resolve()), execution_timeout=_cell_timeout())
    except papermill.PapermillExecutionError as exc:
        raise ReportError(f"{company_dir}: report notebook failed ({exc.ename}: {exc.evalue}); "
                          f"see {executed}") from None
    except Exception as exc:   # the kernel died (killed, out of memory) or a cell ran past the timeout
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        if isinstance(exc, CellTimeoutError):
            raise ReportError(f"{company_dir}: report kernel ran past {_cell_timeout()} s and was stopped "
                              f"(raise $WORKBENCH_REPORT_TIMEOUT) / 报告内核超时; see {executed}") from None
        if isinstance(exc, DeadKernelError):
            raise ReportError(f"{company_dir}: report kernel died (out of memory or killed) / "
                              f"报告内核意外退出; see {executed}") from None
        raise
    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata["report_title"] = _page_title(output_dir / f"{name}.summary.json", lang)
    html_path = output_dir / f"{name}.html"  # the summary JSON sits beside it
    from .batch import write_artifact
    write_artifact(html_path, export_html(notebook, lang))   # atomic; "disk full while writing …"
    if not keep_notebook:
        executed.unlink(missing_ok=True)
    return html_path
