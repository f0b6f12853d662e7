"""The ``workbench`` command: scan, report, batch, checklists.

Every subcommand prints a one-line error naming the file and the problem and exits
non-zero on failure; tracebacks are only shown with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .i18n import both_en_first, t

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _scan(args) -> int:
    from .io import ReadError
    from .pii import scan_paths

    _ask_database_password(args.paths)
    # spans stream to a temporary file beside S.jsonl, put in place when the scan is done: a
    # kill or an error never leaves a truncated S.jsonl that looks complete
    from .atomic import streamed

    with streamed(args.spans_out) as spans:
        on_span = (lambda s: spans.write(json.dumps(s, ensure_ascii=False) + "\n")) if spans else None
        try:
            result = scan_paths(
                args.paths,
                on_span=on_span,
                progress=not args.quiet,
                engine=args.engine,
                workers=args.workers,
                scheduler=args.scheduler,
            )
        except ReadError as exc:
            if spans:
                spans.abandon()
            from .pii.masking import mask_file_name, mask_problem

            # the path named masked, as everywhere the scan writes one (a person's name, an ID)
            print(f"error: {mask_file_name(str(exc.path))}: {mask_problem(exc.problem, exc.path)}", file=sys.stderr)
            return EXIT_USAGE
    if args.columns_out:
        from .atomic import write_file

        write_file(
            args.columns_out, "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in result.columns)
        )
    if args.json_out:
        result.save(args.json_out)
    if not args.quiet:
        _print_scan_summary(result)
    for info in result.files:
        for warning in info.warnings:
            print(f"warning: {info.path}: {warning}", file=sys.stderr)
    for failed in result.errors:
        print(f"error: {failed.path}: {failed.error}", file=sys.stderr)
    return EXIT_FAILED if result.errors else EXIT_OK


def _ask_database_password(paths) -> None:
    """Prompt for the database password when a server URL is scanned, none is in the
    environment and someone is at the terminal; it stays in this process's environment
    (where the scan reads it), never on the command line or in an output."""
    import os

    from .io import PASSWORD_ENV, is_database_url

    servers = [p for p in paths if is_database_url(p) and not p.lower().startswith("sqlite")]
    if servers and not os.environ.get(PASSWORD_ENV) and sys.stdin.isatty():
        import getpass

        os.environ[PASSWORD_ENV] = getpass.getpass(
            f"{t('cli_db_password', 'en', url=servers[0])} ({t('cli_db_password')}): "
        )


def _print_scan_summary(result) -> None:
    from .pii import label

    print(
        f"{len(result.files)} file(s), {result.rows:,} rows in {result.seconds:.1f}s; "
        f"~{result.data_subjects:,} data subjects; minors under 14: {result.minors_under_14}"
    )
    for col in result.columns:
        if col.entity or col.masked:
            where = col.file + (f"[{col.sheet}]" if col.sheet else "")
            kind = label(col.entity, "en") if col.entity else f"masked {col.masked_entity or ''}".strip()
            print(f"  {where:40} {col.column[:24]:24} {kind}")
    _print_documents(result)


def _print_documents(result) -> None:
    """Documents: findings per file and page (or part), and identity documents seen."""
    documents = [f for f in result.documents if not f.error]
    if not documents:
        return
    pages = sum(f.document.pages for f in documents)
    ocr = sum(f.document.ocr_pages for f in documents)
    print(
        f"{len(documents)} document(s), {pages} page(s) ({ocr} read by OCR); "
        f"{both_en_first('cli_identity_copies')}: {result.identity_documents}"
    )
    for info in documents:
        identity = set(info.document.identity_pages)
        for where, counts in info.document.findings.items():
            found = ", ".join(f"{entity} {n}" for entity, n in sorted(counts.items()))
            mark = f"  [{both_en_first('cli_resident_id_card')}]" if where in identity else ""
            print(f"  {info.name[:36]:36} {where[:28]:28} {found}{mark}")
        for where in identity - set(info.document.findings):
            print(f"  {info.name[:36]:36} {where[:28]:28} [{both_en_first('cli_resident_id_card')}]")


def _allow_outside(args) -> None:
    """``--allow-outside``: the environment carries it to pool workers and report kernels."""
    if getattr(args, "allow_outside", False):
        import os

        from .assessment.model import ALLOW_OUTSIDE_ENV

        os.environ[ALLOW_OUTSIDE_ENV] = "1"


def _report(args) -> int:
    from .report import ReportError, render_report

    _allow_outside(args)
    status = EXIT_OK
    for company in args.companies:
        try:
            html = render_report(
                company, output_dir=args.output, lang=args.lang, consultant=args.consultant, reuse_scan=not args.rescan
            )
            if args.pdf:
                from .report.pdf import export_pdf

                print(f"wrote {export_pdf(html)}")
        except ReportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        print(f"wrote {html}")
    return status


def _batch(args) -> int:
    from .report import ReportError, run_batch

    _allow_outside(args)
    try:
        summary = run_batch(
            args.portfolio,
            output_dir=args.output,
            lang=args.lang,
            workers=args.workers,
            force=args.force,
            engine=args.engine,
            scheduler=args.scheduler,
            pdf=args.pdf,
        )
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    failed = [r for r in summary if r["status"] == "failed"]
    print(
        f"{len(summary)} companies: {len(summary) - len(failed)} ok, {len(failed)} failed; "
        f"index: {Path(args.output) / 'index.html'}"
    )
    for r in failed:
        print(f"error: {r['company_dir']}: {r['error']}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _checklists(args) -> int:
    from .checklists import ChecklistError, available, load_checklist

    status = EXIT_OK
    for scenario in available():
        try:
            checklist = load_checklist(scenario)
        except ChecklistError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        controls = sum(len(p.controls) for p in checklist.points)
        print(f"{scenario:14} {len(checklist.points)} points, {controls} controls  {checklist.title_zh}")
    return status


def _add_engine_options(parser, what: str) -> None:
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help=f"where {what} are processed: this machine's cores, or a Dask cluster",
    )
    parser.add_argument("--workers", type=int, default=None, help="parallel workers (default: number of cores)")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="join this Dask scheduler (e.g. tcp://10.0.0.5:8786); implies --engine dask; "
        "without it --engine dask starts a LocalCluster",
    )


def _add_outside_option(parser) -> None:
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help=(
            "also scan dataset files outside the company folder (../.., absolute paths, symlinks leading out); "
            "without it they are listed as not scanned"
        ),
    )


def _add_verbose_option(parser, default=argparse.SUPPRESS) -> None:
    """``-v`` before or after the command (``workbench -v scan …`` or ``workbench scan -v …``);
    a subcommand's default is SUPPRESS so that it does not undo the global flag."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default,
        help="log what is done on stderr: files opened, chunks read, timings",
    )


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests and notebooks replace it),
    as the logging module's own last-resort handler does."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _configure_logging(verbose: bool) -> None:
    """The package's loggers (``workbench.*``) to stderr: debug lines with ``--verbose``,
    warnings only otherwise.  Other libraries' loggers are left as they are (Presidio's
    and spaCy's info lines would drown ours)."""
    logger = logging.getLogger("workbench")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):  # once per process
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description=(
            "Compliance assessment workbench: scan customer data for personal information, "
            "assess a company against its scenario checklist, render client reports."
        ),
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    _add_verbose_option(parser, False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    scan = sub.add_parser("scan", help="scan files/folders for personal information")
    scan.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=(
            "CSV, Excel, Parquet, JSON, SQL-dump, Word, PDF, e-mail or image files, or folders; or database URLs "
            "(postgresql://user@host/db, mysql+pymysql://user@host/db, sqlite:///file.db) with the password in "
            "$WORKBENCH_DB_PASSWORD or typed at the prompt, never in the URL"
        ),
    )
    scan.add_argument("--spans-out", metavar="S.jsonl", help="write one line per finding (no raw values)")
    scan.add_argument("--columns-out", metavar="C.jsonl", help="write one line per column")
    scan.add_argument("--json-out", metavar="SCAN.json", help="write the whole scan result")
    scan.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    _add_engine_options(scan, "chunks of large tables")
    _add_verbose_option(scan)
    scan.set_defaults(func=_scan)

    report = sub.add_parser("report", help="render the HTML report of one or more company folders")
    report.add_argument("companies", nargs="+", metavar="COMPANY_DIR")
    report.add_argument("-o", "--output", default="reports", help="output folder (default: reports)")
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language (default: zh)")
    report.add_argument("--consultant", default=None, help="consultant name on the cover")
    report.add_argument("--pdf", action="store_true", help="also write <company>.pdf (headless Chromium, offline)")
    report.add_argument(
        "--rescan",
        action="store_true",
        help="scan afresh even when the workbench's kept scan (.last-scan.json) matches every file",
    )
    _add_outside_option(report)
    _add_verbose_option(report)
    report.set_defaults(func=_report)

    batch = sub.add_parser("batch", help="render reports for a portfolio of companies")
    batch.add_argument("portfolio", help="a folder of company folders, or a YAML/CSV list of them")
    batch.add_argument("-o", "--output", default="reports")
    batch.add_argument("--lang", choices=("zh", "en"), default="zh")
    batch.add_argument("--force", action="store_true", help="re-render unchanged companies too")
    batch.add_argument("--pdf", action="store_true", help="also write each company's PDF (headless Chromium)")
    _add_engine_options(batch, "companies")
    _add_outside_option(batch)
    _add_verbose_option(batch)
    batch.set_defaults(func=_batch)

    checklists = sub.add_parser("checklists", help="validate and list the scenario checklists")
    checklists.set_defaults(func=_checklists)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: a message, not a traceback
        if args.debug:
            raise
        print(f"error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
