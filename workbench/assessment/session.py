"""A consultant's working session on one company: answer, autosave, resume, see the risk.

The Jupyter widgets (``workbench.ui``) are a thin layer over this class; everything they
do can be done from plain Python::

    session = AssessmentSession.open("clients/acme")
    session.answer("P05.1", "partial", note="销毁记录不完整")
    session.progress()          # (answered, total)
    session.risk().score

A session keeps the company's last scan (``.last-scan.json``) and takes it back on the next
open while the scanned files are unchanged, so the score does not fall back after a restart.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..atomic import write_atomic
from ..checklists import load_checklist
from .model import AssessmentError, Company, clean_stale_temporaries, current_user
from .scans import CachedScan, ScanCache

FILTERS = ("all", "unanswered", "non_compliant")


class AssessmentSession:
    def __init__(self, company: Company, who: str | None = None):
        self.company = company
        self.checklist = company.checklist
        self.who = who or current_user()
        self.path = company.assessment_path
        clean_stale_temporaries(self.path)
        self.assessment = company.assessment()
        self.assessment.check_against(self.checklist, self.path)
        self.scan_cache = ScanCache(company.folder)
        #: the kept scan as found at open (None: never scanned); ``scan`` is set only while it is fresh
        #: why a kept scan could not be used (a broken ``.last-scan.json``: the answers still open)
        self.kept_scan_problem: AssessmentError | None = None
        try:
            self.kept_scan: CachedScan | None = self.scan_cache.load()
        except AssessmentError as exc:
            self.kept_scan, self.kept_scan_problem = None, exc
        self.scan = self.kept_scan.scan if self.kept_scan and self.kept_scan.fresh else None

    @classmethod
    def open(cls, folder: str | Path, who: str | None = None) -> "AssessmentSession":
        """Resume where the last session stopped (answers and audit trail from disk)."""
        return cls(Company.load(folder), who)

    @classmethod
    def create(
        cls, folder: str | Path, name: str, scenario: str, consultant: str = "", who: str | None = None
    ) -> "AssessmentSession":
        """A new company folder with its profile; refuses to touch an existing one."""
        folder = Path(folder)
        load_checklist(scenario)  # a clear error for an unknown scenario
        if (folder / "company.yaml").exists():
            raise AssessmentError(folder, "a company already exists here; open it instead")
        (folder / "data").mkdir(parents=True, exist_ok=True)
        profile = {"name": name, "scenario": scenario, "consultant": consultant, "datasets": ["data"]}
        write_atomic(folder / "company.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return cls.open(folder, who)

    # -- answers ------------------------------------------------------------------------
    def answer(
        self, control_id: str, answer: str | None, note: str | None = None, evidence: list[str] | None = None
    ) -> None:
        """Record an answer (None clears it) and save at once (atomic write, audit entry per change).

        :raises AssessmentConflict: someone else saved the file since it was loaded; the
            answer is then neither saved nor kept in memory (``reload`` and answer again)
        """
        self.checklist.control(control_id)  # KeyError for an unknown control
        before, audited = self.assessment.answers.get(control_id), len(self.assessment.audit)
        self.assessment.set(control_id, answer, note=note, evidence=evidence, who=self.who)
        self._save_or_undo(self.assessment.answers, control_id, before, audited)

    def reload(self) -> None:
        """Take the answers as they are on disk now (after a colleague's save)."""
        assessment = self.company.assessment()
        assessment.check_against(self.checklist, self.path)
        self.assessment = assessment

    def set_action_status(self, action_id: str, status: str) -> None:
        """Set a remediation action's status (open / in_progress / done); saved at once, audited.

        :raises AssessmentConflict: as for ``answer``; the status is then not kept in memory either
        """
        before, audited = self.assessment.remediation.get(action_id), len(self.assessment.audit)
        self.assessment.set_action_status(action_id, status, who=self.who)
        self._save_or_undo(self.assessment.remediation, action_id, before, audited)

    def _save_or_undo(self, table: dict, key: str, before, audited: int) -> None:
        """Save; if the save fails, undo the change in memory too: what is shown must be what is on disk."""
        try:
            self.assessment.save(self.path)
        except BaseException:
            if before is None:
                table.pop(key, None)
            else:
                table[key] = before
            del self.assessment.audit[audited:]
            raise

    def actions(self, lang: str = "zh", risk=None):
        """The remediation plan as the report computes it (same ids, statuses and due dates).

        ``risk`` saves scoring again when the caller has just scored; due dates count from the
        company's ``document.date``, else today (the date a report made now would carry).
        """
        return (risk or self.risk()).actions(lang, self.company.assessment_date())

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
            if show == "non_compliant" and not any(
                answers.get(i) and answers[i].answer == "non_compliant" for i in ids
            ):
                continue
            yield point

    # -- scan and risk ------------------------------------------------------------------
    def run_scan(self, paths=None, progress: bool = True):
        """Scan ``paths`` (default: the company's datasets) and keep the result with the company.

        Only a scan of files is kept for reuse: its files' hashes tell when it is stale, while a
        database can change without any file changing.
        """
        from ..io import DatabaseSource, is_database_url
        from ..pii import scan_paths

        if paths:
            inputs = [p if isinstance(p, DatabaseSource) or is_database_url(str(p)) else Path(p) for p in paths]
        else:
            inputs = [self.company.folder / d for d in self.company.datasets if not isinstance(d, dict)]
            inputs += self.company.databases()
        self.scan = scan_paths(inputs, progress=progress)
        if all(isinstance(p, Path) for p in inputs):
            self.scan_cache.save(inputs, self.scan)
        self.kept_scan = CachedScan(self.scan, self.scan.scanned_at, ())
        return self.scan

    def risk(self):
        from ..risk import score

        return score(self.checklist, self.assessment, self.scan)
