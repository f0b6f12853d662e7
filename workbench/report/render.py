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
from .kernels import IpcKernelManager, memory_limit_mb

NOTEBOOK = "report.ipynb"
KERNEL = "python3"
#: the longest one report cell may run, in seconds ($WORKBENCH_REPORT_TIMEOUT): a runaway kernel
#: (a huge input, a bug) ends the company's report with a message instead of a batch that waits forever
CELL_TIMEOUT = 1800
#: how long the report kernel may take to start, in seconds ($WORKBENCH_KERNEL_START_TIMEOUT):
#: papermill's 60 s is short for a loaded 2-core machine running a batch beside other work
KERNEL_START_TIMEOUT = 180


def _seconds(variable: str, default: int) -> int:
    """A positive number of seconds from the environment; the default otherwise (0 would fail at once)."""
    try:
        value = int(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


def _cell_timeout() -> int:
    return _seconds("WORKBENCH_REPORT_TIMEOUT", CELL_TIMEOUT)


def _start_timeout() -> int:
    return _seconds("WORKBENCH_KERNEL_START_TIMEOUT", KERNEL_START_TIMEOUT)


def _memory() -> tuple[str, str]:
    """The kernel's memory cap and how to raise it, in English and Chinese."""
    mib = memory_limit_mb()
    if not mib:
        return "no limit set", "未设上限"
    return (
        f"limit {mib} MiB, raise $WORKBENCH_REPORT_MEMORY_MB",
        f"上限 {mib} MiB，可通过 $WORKBENCH_REPORT_MEMORY_MB 调高",
    )


def _ending(status: int | None) -> tuple[str, str]:
    """How a kernel process ended, in English and Chinese (-9: killed by SIGKILL)."""
    if status is None:
        return "exit status unknown", "退出状态未知"
    if status < 0:
        import signal

        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"killed by signal {-status} ({name})", f"被信号 {-status}（{name}）终止"
    return f"exit code {status}", f"退出码 {status}"


#: what a kernel at its memory cap says: Python's MemoryError, a shared library that cannot be
#: mapped (an import under the cap), glibc's and C++'s allocation failures
MEMORY_SIGNS = ("MemoryError", "failed to map segment", "Cannot allocate memory", "std::bad_alloc")


def _out_of_memory(error: str, executed: Path, kernel_log: Path) -> bool:
    """Did the kernel run out of memory?  The failed cell's error, its output (when the
    traceback itself could not be formatted nbclient reports a bare CellExecutionError), or
    what the kernel process printed (a start-up under the cap ends with MemoryError there)."""
    import nbformat

    text = error
    try:
        cells = nbformat.read(executed, as_version=4).cells
        text += "".join(
            str(c.get("outputs", "")) for c in cells if c.get("metadata", {}).get("papermill", {}).get("exception")
        )
    except (OSError, ValueError):
        pass
    try:
        text += kernel_log.read_text("utf-8", errors="replace")[-20_000:]
    except OSError:
        pass
    return memory_limit_mb() > 0 and any(sign in text for sign in MEMORY_SIGNS)


def notebook_path() -> Path:
    return resource_dir("notebooks") / NOTEBOOK


def slug(folder: Path) -> str:
    """A file-system-safe name for the company's report files."""
    name = re.sub(r"[^\w.-]+", "_", folder.resolve().name, flags=re.UNICODE).strip("._")
    return name or "company"


def export_html(notebook, lang: str = "zh") -> str:
    """HTML of an executed notebook with the report template: outputs only, all inline."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
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


def render_report(
    company_dir: str | Path,
    output_dir: str | Path = "reports",
    lang: str = "zh",
    consultant: str | None = None,
    keep_notebook: bool = True,
    prepare: bool = True,
    allow_outside: bool | None = None,
    reuse_scan: bool = True,
) -> Path:
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
    label = str(company_dir)  # errors name the folder, and the company once it is known
    if prepare:
        from .context import build_context, save_context

        context_path = runs / f"{name}.context.json"
        ctx = build_context(
            company_dir, lang=lang, consultant=consultant, allow_outside=allow_outside, reuse_scan=reuse_scan
        )
        label = f"{company_dir} ({ctx.company.name})"
        save_context(ctx, context_path)
    kernel_log = runs / f"{name}.kernel.log"  # the kernel's own output; kept when it fails
    kernel_log.unlink(missing_ok=True)
    manager = IpcKernelManager.for_one_run(kernel_log)  # to ask, after a failure, how the kernel ended
    cell_limit, start_limit = _cell_timeout(), _start_timeout()  # read once: what ran is what is said
    try:
        papermill.execute_notebook(
            str(notebook_path()),
            str(executed),
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            kernel_manager_class=manager,
            parameters={
                "company_dir": str(company_dir.resolve()),
                "lang": lang,
                "consultant": consultant,
                "summary_path": str((output_dir / f"{name}.summary.json").resolve()),
                "context_path": str(context_path.resolve()) if context_path else None,
            },
            cwd=str(company_dir.resolve()),
            execution_timeout=cell_limit,
            start_timeout=start_limit,
        )
    except papermill.PapermillExecutionError as exc:
        if _out_of_memory(f"{exc.ename} {exc.evalue}", executed, kernel_log):
            en, zh = _memory()
            raise ReportError(
                f"{label}: report kernel ran out of memory ({en}) / 报告内核内存不足（{zh}）; see {executed}"
            ) from None
        raise ReportError(f"{label}: report notebook failed ({exc.ename}: {exc.evalue}); see {executed}") from None
    except Exception as exc:  # the kernel died (killed, out of memory) or a cell ran past the timeout
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        if kernel_log.is_file() and not kernel_log.stat().st_size:
            kernel_log.unlink()
        ended = [m.exit_status for m in manager.managers or () if m.exit_status is not None]
        # jupyter_client's wait_for_ready; a kernel that exited instead is said below, with its exit
        if isinstance(exc, RuntimeError) and str(exc).startswith("Kernel didn't respond in") and not ended:
            raise ReportError(
                f"{label}: report kernel did not start within {start_limit} s (a busy machine? "
                f"raise $WORKBENCH_KERNEL_START_TIMEOUT) / 报告内核未在 {start_limit} 秒内启动"
                "（机器繁忙？可调高 $WORKBENCH_KERNEL_START_TIMEOUT）"
            ) from None
        if isinstance(exc, CellTimeoutError):
            raise ReportError(
                f"{label}: report kernel ran past {cell_limit} s and was stopped "
                f"(raise $WORKBENCH_REPORT_TIMEOUT) / 报告内核超时; see {executed}"
            ) from None
        if isinstance(exc, DeadKernelError) or ended:  # also "Kernel died before replying to kernel_info"
            how_en, how_zh = _ending(ended[0] if ended else None)
            kept = [p for p in (kernel_log, executed) if p.is_file() and p.stat().st_size]
            (en, zh), seen = _memory(), "; see " + " and ".join(map(str, kept)) if kept else ""
            if _out_of_memory("", executed, kernel_log):
                raise ReportError(
                    f"{label}: report kernel ran out of memory and died ({how_en}; {en}) / "
                    f"报告内核内存不足而退出（{how_zh}；{zh}）{seen}"
                ) from None
            raise ReportError(
                f"{label}: report kernel died ({how_en}; killed, or out of memory: {en}) / "
                f"报告内核意外退出（{how_zh}；被终止或内存不足：{zh}）{seen}"
            ) from None
        raise
    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata["report_title"] = _page_title(output_dir / f"{name}.summary.json", lang)
    html_path = output_dir / f"{name}.html"  # the summary JSON sits beside it
    from .batch import write_artifact

    write_artifact(html_path, export_html(notebook, lang))  # atomic; "disk full while writing …"
    kernel_log.unlink(missing_ok=True)
    if not keep_notebook:
        executed.unlink(missing_ok=True)
    return html_path
