"""Scenario checklists: 20 points each, loaded from ``templates/checklists/*.yaml`` and validated.

Public API:
    available()              -> scenario ids
    load_checklist(scenario) -> Checklist (raises ChecklistError naming file, line, problem)
    citation(law, article)   -> the citation table entry (own-words summary)
"""
from .loader import (ANSWERS, Checklist, ChecklistError, Control, Point, available, citation, citations,
                     load_checklist, templates_dir)

__all__ = ["ANSWERS", "Checklist", "ChecklistError", "Control", "Point", "available", "citation", "citations",
           "load_checklist", "templates_dir"]
