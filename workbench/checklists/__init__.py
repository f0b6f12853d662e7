"""Scenario checklists: 20 points each, loaded from ``templates/checklists/*.yaml`` and validated.

Public API:
    available()              -> scenario ids
    load_checklist(scenario) -> Checklist (raises ChecklistError naming file, line, problem)
    citation(law, article)   -> the citation table entry (own-words summary)
    Point.bases              -> LegalBasis(law, article, why_zh, why_en): why each article governs the point
    evidence_label(key, lang)-> the label of an evidence kind a control expects
    Checklist.disposal       -> DisposalRule(action, bases): what the report's disposal plan proposes, and
                                the checklist points' articles it rests on
"""

from .loader import (
    ANSWERS,
    DISPOSAL_ACTIONS,
    Checklist,
    ChecklistError,
    Control,
    DisposalRule,
    LegalBasis,
    Point,
    available,
    citation,
    citations,
    evidence_kinds,
    evidence_label,
    load_checklist,
    templates_dir,
)

__all__ = [
    "ANSWERS",
    "DISPOSAL_ACTIONS",
    "Checklist",
    "ChecklistError",
    "Control",
    "DisposalRule",
    "LegalBasis",
    "Point",
    "available",
    "citation",
    "citations",
    "evidence_kinds",
    "evidence_label",
    "load_checklist",
    "templates_dir",
]
