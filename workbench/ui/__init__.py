"""Jupyter widgets for the consultant: scan panel, checklist form, live risk summary.

``open_company(folder)`` returns the app (display it in a notebook cell).  Every action
goes through ``workbench.assessment.AssessmentSession``; the widgets only show it.
"""

from .app import WorkbenchApp, open_company

__all__ = ["WorkbenchApp", "open_company"]
