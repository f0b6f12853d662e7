"""A company under assessment: its profile, its datasets and the consultant's answers.

Public API:
    Company.load(folder)          company.yaml + the datasets it names
    Assessment.load(path) / save  answers per control, with an audit trail; saved atomically
    AssessmentSession.open/create a consultant's session: answer (autosaved), progress, risk
    AssessmentError               a broken or foreign file, named with the problem
"""
from .model import Answer, Assessment, AssessmentError, AuditEntry, Company
from .session import FILTERS, AssessmentSession

__all__ = ["FILTERS", "Answer", "Assessment", "AssessmentError", "AssessmentSession", "AuditEntry", "Company"]
