"""Portfolio runs: many companies, parallel workers, an index page and a summary.

``run_batch`` renders every company of a portfolio (a folder of company folders, or a
YAML/CSV list of them) with ``render_report`` in a process pool; a failing company is
listed with its error and does not stop the others.  Unchanged companies (same input
hashes, checklist and answers) are skipped unless ``force``.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import logging
import os
from pathlib import Path

from ..i18n import both_en_first
from ..io.export import csv_text
from ..resources import code_fingerprint
from .context import ReportError, dataset_unreadable
from .render import render_report, slug

log = logging.getLogger(__name__)
STATE_FILE = "batch-state.json"
#: written when a batch starts rendering, removed when its index and summaries are written: found
#: later, it says that batch was killed midway (or still runs: its pid is inside)
RUNNING_FILE = "batch-running.json"


def portfolio_companies(portfolio: str | Path) -> list[Path]:
    """Company folders of a portfolio: a folder of folders, or a .yaml / .csv list."""
    portfolio = Path(portfolio)
    if portfolio.is_dir():
        folders = sorted(p for p in portfolio.iterdir() if (p / "company.yaml").is_file())
        if not folders:
            raise ReportError(f"{portfolio}: {both_en_first('batch_no_company_folders')}")
        return folders
    if not portfolio.is_file():
        raise ReportError(f"{portfolio}: {both_en_first('batch_no_portfolio')}")
    base = portfolio.parent
    if portfolio.suffix.lower() in (".yaml", ".yml"):
        from ..assessment import AssessmentError
        from ..assessment.model import read_yaml

        try:  # company.yaml's loader: size limit, alias bombs refused, GBK read
            data = read_yaml(portfolio)
        except AssessmentError as exc:
            raise ReportError(str(exc)) from None
        entries = data.get("companies", []) if isinstance(data, dict) else data
    elif portfolio.suffix.lower() == ".csv":
        entries = _csv_entries(portfolio)
    else:
        raise ReportError(f"{portfolio}: {both_en_first('batch_portfolio_kind')}")
    if not isinstance(entries, list) or not all(isinstance(e, (str, int)) and str(e).strip() for e in entries):
        raise ReportError(f"{portfolio}: {both_en_first('batch_companies_not_a_list')}")
    if not entries:
        raise ReportError(f"{portfolio}: {both_en_first('batch_companies_empty')}")
    return [(base / str(e)).resolve() if not Path(str(e)).is_absolute() else Path(str(e)) for e in entries]


def _csv_entries(portfolio: Path) -> list:
    """The ``company_dir`` (or ``path``) column of a portfolio CSV, read within the YAML size limit."""
    from ..assessment.model import MAX_YAML_KB

    try:
        max_kb = int(os.environ.get("WORKBENCH_MAX_YAML_KB", MAX_YAML_KB))
    except ValueError:
        max_kb = MAX_YAML_KB
    try:
        if portfolio.stat().st_size > max_kb * 1024:
            raise ReportError(f"{portfolio}: {both_en_first('batch_list_too_large', max_kb=max_kb)}")
        with open(portfolio, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not {"company_dir", "path"} & set(reader.fieldnames or []):
                raise ReportError(f"{portfolio}: {both_en_first('batch_no_company_dir_column')}")
            return [row.get("company_dir") or row.get("path") or "" for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReportError(f"{portfolio}: {both_en_first('batch_list_unreadable', problem=exc)}") from None


def input_fingerprint(company_dir: Path, lang: str, allow_outside: bool | None = None, code: str | None = None) -> str:
    """Hash of everything a report depends on: profile, answers, checklist, datasets (SQLite
    database files included), and the code (``code``: ``code_fingerprint()``, computed when None).

    A server database (PostgreSQL, MySQL) cannot be hashed from here: only its address counts.
    """
    from ..assessment import Company
    from ..io import ReadError, file_digest, sqlite_file

    digest = hashlib.sha256(lang.encode())
    company = Company.load(company_dir, allow_outside=allow_outside)
    try:
        datasets = company.dataset_files()
    except ReadError as exc:  # a dataset named in company.yaml that is not there: the row says so, masked
        raise dataset_unreadable(company, exc) from None
    paths = [company_dir / "company.yaml", company.checklist.path] + datasets
    if company.assessment_path.exists():
        paths.append(company.assessment_path)
    from .. import __version__

    digest.update(__version__.encode())
    digest.update((code or code_fingerprint()).encode())
    for source in company.databases():
        digest.update(f"database:{source.url}\n".encode())
        database_file = sqlite_file(source.url)
        if database_file is not None:
            for part in (database_file, Path(f"{database_file}-wal")):  # committed pages may sit in the WAL
                if part.is_file():
                    digest.update(file_digest(part).encode())
    digest.update("".join(f"refused:{p}\n" for p in company.refused_paths()).encode())
    for path in paths:
        digest.update(str(path.name).encode())
        # a FIFO or device named in datasets would block read_bytes forever; the scan reports it
        digest.update(path.read_bytes() if path.is_file() else b"\0not a regular file")
    return digest.hexdigest()


def _render_one(
    company_dir: str, output_dir: str, lang: str, pdf: bool = False, allow_outside: bool | None = None
) -> dict:
    started = datetime.datetime.now()
    html = render_report(company_dir, output_dir, lang=lang, allow_outside=allow_outside)
    summary = json.loads(html.with_suffix(".summary.json").read_text("utf-8"))
    pdf_name = ""
    if pdf:
        from .pdf import export_pdf

        pdf_name = export_pdf(html).name
    return {
        **summary,
        "html": html.name,
        "pdf": pdf_name,
        "status": "ok",
        "error": "",
        "seconds": round((datetime.datetime.now() - started).total_seconds(), 2),
    }


def run_batch(
    portfolio: str | Path,
    output_dir: str | Path = "reports",
    lang: str = "zh",
    workers: int | None = None,
    force: bool = False,
    progress: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    pdf: bool = False,
    allow_outside: bool | None = None,
) -> list[dict]:
    """Render every company of ``portfolio``; write ``index.html``, ``summary.json``, ``summary.csv``.

    :param portfolio: a folder of company folders, or a .yaml / .csv list of them
    :param output_dir: where reports, executed notebooks and summaries go
    :param lang: report language, "zh" or "en"
    :param workers: parallel workers (default: number of cores)
    :param force: re-render companies whose inputs did not change
    :param progress: show a progress bar
    :param engine: "local" (process pool) or "dask" (LocalCluster unless ``scheduler``)
    :param scheduler: address of a Dask scheduler to join
    :param pdf: also print each report to ``<company>.pdf`` (headless Chromium)
    :param allow_outside: scan dataset files outside each company folder (default:
        ``$WORKBENCH_ALLOW_OUTSIDE``); otherwise they are listed in the report as not scanned
    """
    companies = portfolio_companies(portfolio)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    _refuse_if_running(output_dir)
    state = _read_state(output_dir / STATE_FILE)
    results, todo = _select_by_fingerprint(companies, state, output_dir, lang, force, pdf, allow_outside)
    if todo:
        _warn_if_unfinished(output_dir)
        _mark_running(output_dir, len(todo), lang)
        results.update(
            _render_all(
                todo,
                output_dir,
                lang,
                pdf,
                allow_outside,
                workers=workers,
                engine=engine,
                scheduler=scheduler,
                progress=progress,
            )
        )
    rows = [results[str(folder)] for folder in companies]
    _record_run(rows, state, output_dir, lang)
    return rows


def _select_by_fingerprint(
    companies: list[Path], state: dict, output_dir: Path, lang: str, force: bool, pdf: bool, allow_outside: bool | None
) -> tuple[dict[str, dict], list[tuple[Path, str]]]:
    """Split the companies into rows already known (unchanged since the last run: "skipped";
    inputs that cannot even be hashed: "failed") and the (folder, fingerprint) pairs to render."""
    results: dict[str, dict] = {}
    todo = []
    code = code_fingerprint()  # once per batch: it reads every file of the package
    for folder in companies:
        key = str(folder)
        try:
            fingerprint = input_fingerprint(folder, lang, allow_outside, code)
        except Exception as exc:  # noqa: BLE001 - one broken company must not stop the batch
            results[key] = {
                "company_dir": key,
                "company": folder.name,
                "status": "failed",
                "error": _failure(exc, folder),
            }
            continue
        previous = state.get(key)
        if not force and previous and _still_current(previous, fingerprint, output_dir, pdf):
            results[key] = {**previous, "status": "skipped"}
        else:
            todo.append((folder, fingerprint))
    return results, todo


def _still_current(previous: dict, fingerprint: str, output_dir: Path, pdf: bool) -> bool:
    """The last run's row still stands: same inputs, and its report (and PDF, if asked) still there."""
    return (
        previous.get("fingerprint") == fingerprint
        and (output_dir / previous.get("html", "")).is_file()
        and (not pdf or bool(previous.get("pdf") and (output_dir / previous["pdf"]).is_file()))
    )


def _refuse_if_running(output_dir: Path) -> None:
    """Two batches into one folder would overwrite each other's reports, state and index,
    and the first to end would remove the other's marker: the second is refused."""
    other = unfinished_batch(output_dir)
    if other and other["running"] and other.get("pid") != os.getpid():
        raise ReportError(
            f"{output_dir}: "
            + both_en_first(
                "batch_already_running", pid=other.get("pid"), started=other.get("started_at", "?"), marker=RUNNING_FILE
            )
        )


def _warn_if_unfinished(output_dir: Path) -> None:
    """Log that an earlier batch into ``output_dir`` never finished: this run replaces it."""
    interrupted = unfinished_batch(output_dir)
    if interrupted:
        log.warning(
            "%s: the batch started there at %s did not finish (%s); this run replaces it",
            output_dir,
            interrupted.get("started_at", "?"),
            "still running" if interrupted["running"] else "interrupted",
        )


def _render_all(
    todo: list[tuple[Path, str]],
    output_dir: Path,
    lang: str,
    pdf: bool,
    allow_outside: bool | None,
    *,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    progress: bool,
) -> dict[str, dict]:
    """Render each (folder, fingerprint) of ``todo`` in a local process pool or on Dask
    (``parallel.executor``); one row per company folder, a failure included."""
    from .. import parallel

    workers = min(workers or parallel.default_workers(), len(todo))
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), unit="company", desc="reports")
    pool = parallel.executor(engine, workers, scheduler)
    results = {}
    try:
        futures = [
            (pool.submit(_render_one, str(folder), str(output_dir), lang, pdf, allow_outside), folder, fp)
            for folder, fp in todo
        ]
        for future, folder, fingerprint in futures:
            results[str(folder)] = _rendered_row(future, folder, fingerprint, output_dir)
            if bar is not None:
                bar.update(1)
    finally:
        pool.close()
        if bar is not None:
            bar.close()
    return results


def _rendered_row(future, folder: Path, fingerprint: str, output_dir: Path) -> dict:
    """The summary row of one submitted render: its report's summary, or the failure with the
    notebook that ran up to it."""
    try:
        row = future.result()
        row["fingerprint"] = fingerprint
    except Exception as exc:  # noqa: BLE001 - one failing company must not stop the batch
        row = {"company": folder.name, "status": "failed", "error": _failure(exc, folder)}
        notebook = output_dir / "notebooks" / f"{slug(folder)}.ipynb"
        if notebook.is_file():  # what ran before the failure, for the consultant to open
            row["notebook"] = notebook.relative_to(output_dir).as_posix()
    row["company_dir"] = str(folder)
    return row


def _record_run(rows: list[dict], state: dict, output_dir: Path, lang: str) -> None:
    """Keep the rendered and skipped rows for the next run's fingerprint check, write the index
    and summaries, and only then remove the running marker: the batch is finished."""
    state.update({r["company_dir"]: r for r in rows if r["status"] != "failed"})
    write_artifact(output_dir / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1))
    _write_summary(rows, output_dir, lang)
    (output_dir / RUNNING_FILE).unlink(missing_ok=True)


def _mark_running(output_dir: Path, companies: int, lang: str) -> None:
    """Say, before any report is replaced, that a batch is under way: the marker file, and
    the previous run's index page (its rows kept) with a notice that stays if this batch is
    killed midway, so nobody takes a half-renewed folder for a finished run."""
    started = datetime.datetime.now().isoformat(timespec="seconds")
    write_artifact(
        output_dir / RUNNING_FILE,
        json.dumps({"pid": os.getpid(), "started_at": started, "companies": companies}, ensure_ascii=False),
    )
    try:
        previous = json.loads((output_dir / "summary.json").read_text("utf-8"))
    except (OSError, ValueError):
        previous = []
    if not (isinstance(previous, list) and all(isinstance(r, dict) for r in previous)):
        previous = []
    from .portfolio import portfolio_page

    write_artifact(output_dir / "index.html", portfolio_page(previous, lang, unfinished=started))


def unfinished_batch(output_dir: str | Path) -> dict | None:
    """The marker of a batch into ``output_dir`` that has not finished (``pid``, ``started_at``,
    ``companies``, and ``running``: is that process still alive), or None."""
    path = Path(output_dir) / RUNNING_FILE
    try:
        marker = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        marker = {}
    if not isinstance(marker, dict):
        marker = {}
    pid = marker.get("pid")
    running = False
    if isinstance(pid, int) and pid > 0:
        try:
            os.kill(pid, 0)
            running = True
        except ProcessLookupError:
            pass
        except PermissionError:
            running = True
    return {**marker, "running": running}


def _failure(exc: Exception, folder: Path) -> str:
    """One line for the summary: a ReportError names its file already; anything else gets its
    type and the company folder, so "Corrupt snappy compressed data." never stands alone."""
    text = (str(exc).splitlines() or [""])[0]
    if isinstance(exc, ReportError):
        return text
    return f"{folder}: {type(exc).__name__}: {text}"


def _read_state(path: Path) -> dict:
    """The last batch's state; missing, truncated (a full disk, a kill) or foreign means "rebuild"."""
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and all(isinstance(v, dict) for v in state.values()) else {}


def write_artifact(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file, then rename): a kill or a full
    disk leaves the previous file or the new one, never a truncated one.

    :raises ReportError: "disk full while writing <file>" on ENOSPC, the file named on any other error
    """
    from ..atomic import WriteError, write_file

    try:
        write_file(path, text)
    except WriteError as exc:
        raise ReportError(str(exc)) from None


SUMMARY_FIELDS = [
    "company",
    "scenario",
    "score",
    "level",
    "provisional",
    "answered",
    "controls",
    "answered_share",
    "unanswered_points",
    "severe_points",
    "high_points",
    "data_subjects",
    "minors_under_14",
    "lang",
    "generated_at",
    "company_dir",
    "status",
    "html",
    "pdf",
    "error",
    "seconds",
    "fingerprint",
]


def _write_summary(rows: list[dict], output_dir: Path, lang: str = "zh") -> None:
    """summary.json, summary.csv (every field summary.json has) and the portfolio page."""
    write_artifact(output_dir / "summary.json", json.dumps(rows, ensure_ascii=False, indent=1))
    fields = SUMMARY_FIELDS + sorted({k for r in rows for k in r} - set(SUMMARY_FIELDS))
    write_artifact(output_dir / "summary.csv", csv_text(rows, fields))
    from .portfolio import portfolio_page

    write_artifact(output_dir / "index.html", portfolio_page(rows, lang))
