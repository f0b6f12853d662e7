"""A company under assessment: its profile, its datasets and the consultant's answers.

Public API:
    Company.load(folder)          company.yaml + the datasets it names
    Assessment.load(path) / save  answers per control, with an audit trail; saved atomically
    AssessmentSession.open/create a consultant's session: answer (autosaved), progress, risk
    AssessmentError               a broken or foreign file, named with the problem
    AssessmentConflict            a save refused: someone else saved the file (who, when)
    ScanCache                     the last scan kept with the company, valid while its files are unchanged;
                                  .reusable(files): the kept scan only when a signed report may state it
"""

from .model import Answer, Assessment, AssessmentConflict, AssessmentError, AuditEntry, Company
from .scans import ScanCache
from .session import FILTERS, AssessmentSession

__all__ = [
    "FILTERS",
    "Answer",
    "Assessment",
    "AssessmentConflict",
    "AssessmentError",
    "AssessmentSession",
    "AuditEntry",
    "Company",
    "ScanCache",
]
