"""A consultant's working session on one company: answer, autosave, resume, see the risk.

The Jupyter widgets (``workbench.ui``) are a thin layer over this class; everything they
do can be done from plain Python::

    session = AssessmentSession.open("clients/acme")
    session.answer("P05.1", "partial", note="销毁记录不完整")
    session.progress()          # (answered, total)
    session.risk().score
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..checklists import load_checklist
from .model import AssessmentError, Company, current_user

FILTERS = ("all", "unanswered", "non_compliant")


class AssessmentSession:
    def __init__(self, company: Company, who: str | None = None):
        self.company = company
        self.checklist = company.checklist
        self.who = who or current_user()
        self.path = company.assessment_path
        self.assessment = company.assessment()
        self.assessment.check_against(self.checklist, self.path)
        self.scan = None

    @classmethod
    def open(cls, folder: str | Path, who: str | None = None) -> "AssessmentSession":
        """Resume where the last session stopped (answers and audit trail from disk)."""
        return cls(Company.load(folder), who)

    @classmethod
    def create(cls, folder: str | Path, name: str, scenario: str, consultant: str = "",
               who: str | None = None) -> "AssessmentSession":
        """A new company folder with its profile; refuses to touch an existing one."""
        folder = Path(folder)
        load_checklist(scenario)                      # a clear error for an unknown scenario
        if (folder / "company.yaml").exists():
            raise AssessmentError(folder, "a company already exists here; open it instead")
        (folder / "data").mkdir(parents=True, exist_ok=True)
        profile = {"name": name, "scenario": scenario, "consultant": consultant, "datasets": ["data"]}
        (folder / "company.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), "utf-8")
        return cls.open(folder, who)

    # -- answers ------------------------------------------------------------------------
    def answer(self, control_id: str, answer: str | None, note: str | None = None,
               evidence: list[str] | None = None) -> None:
        """Record an answer and save at once (atomic write, audit entry per change)."""
        self.checklist.control(control_id)            # KeyError for an unknown control
        self.assessment.set(control_id, answer, note=note, evidence=evidence, who=self.who)
        self.assessment.save(self.path)

    def set_action_status(self, action_id: str, status: str) -> None:
        """Set a remediation action's status (open / in_progress / done); saved at once, audited."""
        self.assessment.set_action_status(action_id, status, who=self.who)
        self.assessment.save(self.path)

    def progress(self) -> tuple[int, int]:
        return len(self.assessment.answers), len(self.checklist.control_ids)

    def points(self, show: str = "all"):
        """Points of the checklist: all, those with unanswered controls, or non-compliant ones."""
        if show not in FILTERS:
            raise ValueError(f"show must be one of {', '.join(FILTERS)}")
        answers = self.assessment.answers
        for point in self.checklist.points:
            ids = [c.id for c in point.controls]
            if show == "unanswered" and all(i in answers for i in ids):
                continue
            if show == "non_compliant" and not any(answers.get(i) and answers[i].answer == "non_compliant"
                                                   for i in ids):
                continue
            yield point

    # -- scan and risk ------------------------------------------------------------------
    def run_scan(self, paths=None, progress: bool = True):
        from ..pii.scan import scan_paths
        self.scan = scan_paths(paths or self.company.dataset_sources(), progress=progress)
        return self.scan

    def risk(self):
        from ..risk import score
        return score(self.checklist, self.assessment, self.scan)
