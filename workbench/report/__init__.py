"""Client reports: one company (``render_report``) or a portfolio (``run_batch``).

``build_context`` scans and scores a company once; the report notebook
(``notebooks/report.ipynb``) loads that context and displays the ``sections``;
``render_report`` executes it with papermill and exports it with the
``templates/report`` nbconvert template.  Imports are lazy so the notebook's kernel
loads only what displaying needs.
"""

from importlib import import_module

_EXPORTS = {
    "ReportContext": ".context",
    "ReportError": ".context",
    "build_context": ".context",
    "load_context": ".context",
    "report_context": ".context",
    "export_html": ".render",
    "render_report": ".render",
    "run_batch": ".batch",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
