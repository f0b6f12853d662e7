"""A company under assessment: its profile, its datasets and the consultant's answers.

Public API:
    Company.load(folder)          company.yaml + the datasets it names
    Assessment.load(path) / save  answers per control, with an audit trail; saved atomically
    AssessmentError               a broken or foreign file, named with the problem
"""
from .model import Answer, Assessment, AssessmentError, AuditEntry, Company

__all__ = ["Answer", "Assessment", "AssessmentError", "AuditEntry", "Company"]
