"""Risk scoring from checklist answers and scan evidence, in the manner of GB/T 39335-2020.

Public API:
    score(checklist, assessment, scan=None) -> RiskResult
"""

from .model import LEVELS, Action, PointRisk, RiskResult, score
from .rules import EVIDENCE_RULES, Exposure, ScanFacts

__all__ = ["EVIDENCE_RULES", "LEVELS", "Action", "PointRisk", "Exposure", "RiskResult", "ScanFacts", "score"]
