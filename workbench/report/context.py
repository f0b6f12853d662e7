"""Everything one report shows, computed once: company, scan, answers, risk, provenance."""

from __future__ import annotations

import datetime
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..assessment import Assessment, AssessmentError, Company
from ..checklists import Checklist, ChecklistError
from ..i18n import both_en_first
from ..io import ReadError
from ..pii.result import ScanResult
from ..risk import RiskResult, score


OUTSIDE = "outside the company folder: not scanned (use --allow-outside to include it) / 位于公司文件夹之外，未扫描"


class ReportError(Exception):
    """A company that cannot be reported on, with the folder and the problem."""


def dataset_unreadable(company: Company, exc: ReadError) -> ReportError:
    """A dataset the company lists that cannot be read or found (``王五简历.csv`` missing), said
    in English and Chinese, naming the company folder, the company and the dataset masked:
    a file named after a person is ``王*简历.csv`` here as in the report."""
    from ..pii.masking import mask_file_name, mask_problem

    path = exc.path.relative_to(company.folder) if exc.path.is_relative_to(company.folder) else exc.path
    message = both_en_first(
        "report_dataset_unreadable", path=mask_file_name(str(path)), problem=mask_problem(exc.problem, exc.path)
    )
    return ReportError(f"{company.folder} ({company.name}): {message}")


@dataclass
class ReportContext:
    company: Company
    checklist: Checklist
    assessment: Assessment
    scan: ScanResult
    risk: RiskResult
    lang: str
    consultant: str
    generated_at: str
    seconds: float
    versions: dict = field(default_factory=dict)
    #: the scan is the workbench's kept scan of unchanged files (``ScanCache.reusable``), not a new one
    scan_reused: bool = False

    def summary(self) -> dict:
        """Key figures for portfolio overviews (no personal data)."""
        r = self.risk
        return {
            "company": self.company.name,
            "company_en": self.company.name_en,
            "scenario": self.company.scenario,
            "score": r.score,
            "level": r.level,
            "provisional": r.provisional,
            "answered_share": round(r.answered_share, 4),
            "data_subjects": self.scan.data_subjects,
            "minors_under_14": self.scan.minors_under_14,
            "answered": r.answered,
            "controls": r.controls,
            "unanswered_points": len(r.unanswered_points),
            "severe_points": sum(p.level == "severe" for p in r.points),
            "high_points": sum(p.level == "high" for p in r.points),
            "lang": self.lang,
            "generated_at": self.generated_at,
        }

    def save_summary(self, path: str | Path | None) -> None:
        if path:
            import json
            from ..atomic import write_file  # batch reads it as soon as the kernel ends

            write_file(path, json.dumps(self.summary(), ensure_ascii=False, indent=1))


def tool_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    from ..pii.cn import RECOGNIZER_CLASSES

    found = {"workbench": __version__, "python": platform.python_version()}
    for package in ("presidio-analyzer", "python-stdnum", "phonenumbers", "pandas", "papermill", "nbconvert"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "?"
    found["recognizers"] = ", ".join(cls.__name__ for cls in RECOGNIZER_CLASSES)
    return found


def _load_company(company_dir: str | Path, lang: str, allow_outside: bool | None = None):
    if lang not in ("zh", "en"):
        raise ReportError(f"unknown language '{lang}' (use zh or en)")
    try:
        company = Company.load(company_dir, allow_outside=allow_outside)
        checklist = company.checklist
        assessment = company.assessment()
        assessment.check_against(checklist, company.assessment_path)
    except (AssessmentError, ChecklistError) as exc:
        raise ReportError(str(exc)) from None
    return company, checklist, assessment


def build_context(
    company_dir: str | Path,
    lang: str = "zh",
    consultant: str | None = None,
    progress: bool = False,
    allow_outside: bool | None = None,
    reuse_scan: bool = True,
) -> ReportContext:
    """Load the company, scan its datasets and score it; raises ReportError with the cause.

    Dataset files outside the company folder are listed among the unreadable files with the
    reason, not scanned, unless ``allow_outside`` (default: ``$WORKBENCH_ALLOW_OUTSIDE``).
    With ``reuse_scan`` the workbench's kept scan (``.last-scan.json``) stands in for a new
    scan when ``ScanCache.reusable`` trusts it (same files by SHA-256, no database, same
    scanner); the report then says so.  The company folder is never written.
    """
    from ..assessment import ScanCache
    from ..pii.masking import mask_file_name
    from ..pii.result import FileInfo
    from ..pii.scan import scan_paths

    started = time.perf_counter()
    company, checklist, assessment = _load_company(company_dir, lang, allow_outside)
    try:
        sources = company.dataset_sources()
        scan = ScanCache(company.folder).reusable(sources)[0] if reuse_scan and not company.refused_paths() else None
        reused = scan is not None
        if scan is None:
            scan = scan_paths(sources, progress=progress)
    except ReadError as exc:  # a dataset named in company.yaml that is not there
        raise dataset_unreadable(company, exc) from None
    scan.files.extend(
        FileInfo(mask_file_name(p.name), mask_file_name(str(p)), 0, "", error=OUTSIDE) for p in company.refused_paths()
    )
    risk = score(checklist, assessment, scan)
    return ReportContext(
        company,
        checklist,
        assessment,
        scan,
        risk,
        lang,
        consultant or company.consultant,
        datetime.date.today().isoformat(),
        round(time.perf_counter() - started, 2),
        tool_versions(),
        reused,
    )


def save_context(ctx: ReportContext, path: str | Path) -> None:
    """The scan and run facts of a context as JSON (counts and masked examples only)."""
    import json

    data = {
        "company_dir": str(Path(ctx.company.folder).resolve()),
        "lang": ctx.lang,
        "consultant": ctx.consultant,
        "generated_at": ctx.generated_at,
        "seconds": ctx.seconds,
        "versions": ctx.versions,
        "scan_reused": ctx.scan_reused,
        "scan": ctx.scan.to_dict(),
    }
    from ..atomic import write_file

    write_file(path, json.dumps(data, ensure_ascii=False))


def load_context(path: str | Path) -> ReportContext:
    """Rebuild a context saved by ``save_context``; answers and checklist are read afresh."""
    import json

    data = json.loads(Path(path).read_text("utf-8"))
    company, checklist, assessment = _load_company(data["company_dir"], data["lang"])
    scan = ScanResult.from_dict(data["scan"])
    return ReportContext(
        company,
        checklist,
        assessment,
        scan,
        score(checklist, assessment, scan),
        data["lang"],
        data["consultant"] or company.consultant,
        data["generated_at"],
        data["seconds"],
        data["versions"],
        bool(data.get("scan_reused")),
    )


def report_context(
    company_dir: str | Path, lang: str = "zh", consultant: str | None = None, context_path: str | Path | None = None
) -> ReportContext:
    """What the report notebook calls: a prepared context if given, else a fresh one."""
    if context_path:
        return load_context(context_path)
    return build_context(company_dir, lang=lang, consultant=consultant)
