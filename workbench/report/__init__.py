"""Client reports: one company (``render_report``) or a portfolio (``run_batch``).

The report notebook (``notebooks/report.ipynb``) calls ``build_context`` once and
displays the ``sections``; ``render_report`` executes it with papermill and exports it
with the ``templates/report`` nbconvert template.
"""
from .batch import run_batch
from .context import ReportContext, ReportError, build_context
from .render import export_html, render_report

__all__ = ["ReportContext", "ReportError", "build_context", "export_html", "render_report", "run_batch"]
