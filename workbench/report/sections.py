"""The report's sections as HTML fragments; every data-derived string goes through ``esc``.

The notebook displays these one per cell; nbconvert's template wraps them in one
self-contained page.  Nothing here loads anything from the network.
"""

from __future__ import annotations

import datetime
from html import escape

from ..checklists import citation
from ..pii.entities import ENTITIES, label
from ..risk.model import LEVELS, MIN_ANSWERED_SHARE, SCORE_LEVELS, level_label, score_level
from . import charts
from .context import ReportContext
from ..i18n import category, field, part_label, pick, scenario_what, sep, t, translated

#: the deliverable's sections, in reading order (each is an element with this id)
SECTION_IDS = (
    "document-control",
    "summary",
    "opinion",
    "scope",
    "findings",
    "charts",
    "inventory",
    "disposal-plan",
    "remediation",
    "method",
    "limitations",
    "sign-off",
    "appendix-controls",
)


def esc(value) -> str:
    """Escape client-derived text for HTML (quotes too, for attributes)."""
    return escape("" if value is None else str(value), quote=True)


def _section(cls: str, title: str, body: str, id: str | None = None) -> str:
    return f'<section id="{id or cls}" class="{cls}"><h2>{esc(title)}</h2>{body}</section>'


def _table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A table; each cell carries its column header (``data-label``) so phones show stacked cards."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_cell(h, c) for h, c in zip(headers, row)) + "</tr>" for row in rows)
    return f'<div class="table-wrap"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _cell(header: str, content: str) -> str:
    """One table cell; the content sits in one box so the phone layout (label | value) keeps it whole."""
    if not content:
        return f'<td data-label="{esc(header)}" class="empty"></td>'
    return f'<td data-label="{esc(header)}"><div class="cell">{content}</div></td>'


def fig(name: str, value) -> str:
    """A figure stated in the text, marked so tests can recompute it (``data-figure``)."""
    return f'<span class="figure" data-figure="{esc(name)}">{esc(value)}</span>'


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _sep(lang: str) -> str:
    return sep(lang)


def _place(document, name: str, lang: str) -> str:
    """A sheet or column name as the reader sees it: a document's place ids ("table 1",
    "attachment 合同.docx", "text") in the report's language, any other name as it is.
    ``document``: a FileInfo (documents have ``document``) or a bool."""
    is_document = document if isinstance(document, bool) else document.document is not None
    return part_label(name, lang) if is_document else name


def consultant_name(ctx: ReportContext) -> str:
    """The consultant as the report's reader spells the name (romanised in English when given)."""
    if ctx.consultant == ctx.company.consultant:
        return translated(ctx.consultant, ctx.company.consultant_en, ctx.lang) or "—"
    return ctx.consultant or "—"


def assessment_date(ctx: ReportContext) -> datetime.date:
    """The date deadlines count from: company.yaml ``document.date``, else the report date."""
    return ctx.company.assessment_date(ctx.generated_at)


def actions(ctx: ReportContext):
    return ctx.risk.actions(ctx.lang, assessment_date(ctx))


def _basis(items: list[dict], lang: str, why: bool = True) -> str:
    """Cited articles, with the one-line reason it governs the point when the checklist gives it."""
    out = []
    for b in items:
        law = field(b, "law", lang)
        art = t("article_ref", lang, n=b["article"])
        reason = b.get(f"why_{lang}") if why else None
        out.append(
            f'{esc(law)} {esc(art)} <span class="muted">{esc(b[lang])}</span>'
            + (f'<br><span class="why">{esc(t("why", lang))}: {esc(reason)}</span>' if reason else "")
        )
    return "<br>".join(out) or "—"


def _provisional_banner(ctx: ReportContext) -> str:
    r, lang = ctx.risk, ctx.lang
    if not r.provisional:
        return ""
    text = t("provisional_text", lang, answered=r.answered, controls=r.controls, share=_pct(r.answered_share))
    if not r.rated:
        text += " " + t("unrated_text", lang, minimum=_pct(MIN_ANSWERED_SHARE))
    return (
        f'<div class="banner provisional" data-key="provisional"><strong>{esc(t("provisional", lang))}</strong> '
        f"{esc(text)}</div>"
    )


def _css_string(text: str) -> str:
    """A CSS string literal; ``<`` escaped so client text cannot close the style element."""
    return (
        '"'
        + "".join("\\" + ch if ch in '"\\' else "\\3c " if ch == "<" else " " if ch in "\r\n" else ch for ch in text)
        + '"'
    )


def running_header(ctx: ReportContext) -> str:
    """Print header (company, confidentiality, draft) and page numbers as CSS page-margin boxes."""
    lang = ctx.lang
    head = f"{ctx.company.name} · {t('confidential', lang)}"
    status = t("draft", lang) if document_status(ctx) == "draft" else ""
    page = pick(
        '"第 " counter(page) " 页，共 " counter(pages) " 页"', '"Page " counter(page) " of " counter(pages)', lang
    )
    return (
        "<style>@page { @top-left { content: " + _css_string(head) + "; }"
        " @top-right { content: " + _css_string(status) + "; }"
        " @bottom-center { content: " + page + "; } }</style>"
    )


def document_status(ctx: ReportContext) -> str:
    """draft or final; a provisional assessment is always a draft."""
    wanted = str(ctx.company.document.get("status", "draft")).lower()
    return "final" if wanted == "final" and not ctx.risk.provisional else "draft"


def _badge(level: str, lang: str) -> str:
    return f'<span class="badge level-{esc(level)}">{esc(level_label(level, lang))}</span>'


def cover(ctx: ReportContext) -> str:
    lang, c = ctx.lang, ctx.company
    other = translated("", c.name_en, lang)
    return (
        running_header(ctx) + f'<header class="cover"><p class="kicker">{esc(t("report_title", lang))}</p>'
        f'<h1 data-key="company">{esc(c.name)}</h1>'
        + (f'<p class="subtitle">{esc(other)}</p>' if other else "")
        + f"<dl><dt>{esc(t('scenario', lang))}</dt><dd>{esc(ctx.checklist.title(lang))}</dd>"
        f"<dt>{esc(t('consultant', lang))}</dt><dd>{esc(consultant_name(ctx))}</dd>"
        f"<dt>{esc(t('date', lang))}</dt><dd>{esc(ctx.generated_at)}</dd>"
        f"<dt>{esc(t('status', lang))}</dt><dd>{esc(t(document_status(ctx), lang))}</dd></dl>"
        f'<p class="confidential">{esc(t("confidential", lang))}</p>' + _provisional_banner(ctx) + "</header>"
    )


def document_control(ctx: ReportContext) -> str:
    lang, doc = ctx.lang, ctx.company.document
    status = document_status(ctx)
    rows = [
        (t("version", lang), esc(doc.get("version", "1.0"))),
        (
            t("status", lang),
            esc(t(status, lang))
            + (
                f' <span class="muted">{esc(t("draft_because_provisional", lang))}</span>'
                if ctx.risk.provisional
                else ""
            ),
        ),
        (t("confidentiality", lang), esc(t("confidential", lang))),
        (
            t("distribution", lang),
            esc(
                translated(doc.get("distribution"), doc.get("distribution_en"), lang) or t("default_distribution", lang)
            ),
        ),
        (t("date", lang), esc(ctx.generated_at)),
        (t("assessment_date", lang), esc(assessment_date(ctx).isoformat())),
        (t("consultant", lang), esc(consultant_name(ctx))),
        (t("reviewer", lang), esc(ctx.company.text("reviewer", lang) or "—")),
    ]
    body = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return _section("document-control", t("document_control", lang), f'<dl class="facts">{body}</dl>')


def summary(ctx: ReportContext) -> str:
    lang, r = ctx.lang, ctx.risk
    urgent = actions(ctx)[:3]
    items = "".join(
        f"<li><strong>{esc(a.text)}</strong> "
        f'<span class="muted">({esc(t("due_inline", lang))} {esc(a.due)})</span></li>'
        for a in urgent
    )
    todo = sum(len(ids) for _, ids in r.to_complete())
    level = _badge(r.level, lang)
    return _section(
        "summary",
        t("summary", lang),
        (
            _provisional_banner(ctx)
            + f'<div class="kpis"><div class="kpi"><span class="kpi-value" data-key="score">{r.score:.1f}</span>'
            f'<span class="kpi-label">{esc(t("score", lang))} / 100'
            + (f" · {esc(t('provisional', lang))}" if r.provisional else "")
            + "</span></div>"
            f'<div class="kpi"><span class="kpi-value" data-key="level">{level}</span>'
            f'<span class="kpi-label">{esc(t("risk_level", lang))}</span></div>'
            f'<div class="kpi"><span class="kpi-value" data-key="subjects">{ctx.scan.data_subjects:,}</span>'
            f'<span class="kpi-label">{esc(t("data_subjects", lang))}</span></div>'
            f'<div class="kpi"><span class="kpi-value" data-key="answered">{r.answered}/{r.controls}</span>'
            f'<span class="kpi-label">{esc(t("answered", lang))} ({_pct(r.answered_share)})</span></div></div>'
            f"<h3>{esc(t('urgent', lang))}</h3>"
            + (f'<ol class="actions">{items}</ol>' if items else f"<p>{esc(t('no_actions', lang))}</p>")
            + (
                f'<p class="note">{esc(t("to_complete", lang))}: {fig("unanswered_controls", todo)} · '
                f'<a href="#to-complete">{esc(t("unanswered_points", lang))}: {esc(", ".join(r.unanswered_points))}</a></p>'
                if todo
                else ""
            )
        ),
    )


def opinion(ctx: ReportContext) -> str:
    lang, r = ctx.lang, ctx.risk
    what = scenario_what(ctx.company.scenario, lang)
    if not r.rated:
        body = f'<p class="opinion-text">{esc(t("opinion_unrated", lang, what=what, share=_pct(r.answered_share), minimum=_pct(MIN_ANSWERED_SHARE)))}</p>'
    else:
        conditions = [a for a in actions(ctx) if a.priority in ("severe", "high")]
        if conditions:
            items = "".join(
                f'<li>{esc(a.text)} <span class="muted">({esc(t("due_inline", lang))} {esc(a.due)})</span></li>'
                for a in conditions
            )
            body = (
                f'<p class="opinion-text">{esc(t("opinion_conditions", lang, what=what, n=len(conditions)))}</p>'
                f'<ol class="conditions">{items}</ol>'
            )
        else:
            body = f'<p class="opinion-text">{esc(t("opinion_clear", lang, what=what))}</p>'
    if r.provisional:
        body += f'<p class="note">{esc(t("opinion_provisional", lang, n=r.controls - r.answered))}</p>'
    return _section("opinion", t("opinion", lang), body)


def scope(ctx: ReportContext) -> str:
    lang, s, c = ctx.lang, ctx.scan, ctx.company
    note = c.text("notes", lang)  # (a profile may give only the English notes)
    notes = f'<h3>{esc(t("company_notes", lang))}</h3><p class="notes">{esc(note)}</p>' if note else ""
    files = "".join(
        f"<li>{esc(f.name)} — {esc(t('n_rows', lang, n=f'{f.rows:,}'))}"
        + (
            f" ({esc(_sep(lang).join(_place(f, tb.sheet, lang) for tb in f.tables if tb.sheet))})"
            if any(tb.sheet for tb in f.tables)
            else ""
        )
        + "</li>"
        for f in s.files
        if not f.error
    )
    errors = [f.name for f in s.errors]
    out = (
        (esc(t("out_of_scope_text", lang)) + " " + esc(_sep(lang).join(errors)))
        if errors
        else esc(t("out_of_scope_default", lang))
    )
    subjects = _sep(lang).join(c.text("data_subjects", lang))
    found = sorted({ENTITIES[e].category(lang) for e in s.entity_rows() if e in ENTITIES})
    when = t("scan_reused" if ctx.scan_reused else "scan_new", lang, date=s.scanned_at[:16].replace("T", " "))
    return _section(
        "scope",
        t("scope", lang),
        notes + f'<h3>{esc(t("in_scope", lang))}</h3><p class="scan-when" data-key="scan-when">{esc(when)}</p>'
        f"<ul>{files}</ul>"
        f"<h3>{esc(t('out_of_scope', lang))}</h3><p>{out}</p>"
        + (f"<h3>{esc(t('subject_categories', lang))}</h3><p>{esc(subjects)}</p>" if subjects else "")
        + f"<h3>{esc(t('pi_categories', lang))}</h3><p>{esc(_sep(lang).join(found) or t('none', lang))}</p>",
    )


def findings(ctx: ReportContext) -> str:
    """Points by severity, each with the failing controls (answer, note, evidence) and the legal basis."""
    lang = ctx.lang
    by_level: dict[str, list] = {}
    for p in ctx.risk.top_risks(len(ctx.risk.points)):
        by_level.setdefault(p.level, []).append(p)
    parts = []
    for level, _, _ in LEVELS:
        pts = by_level.get(level, [])
        if not pts:
            continue
        n = t("n_point" if len(pts) == 1 else "n_points", lang, n=len(pts))
        parts.append(f'<h3 class="finding-level">{_badge(level, lang)} {esc(n)}</h3>')
        if level == "low":
            rows = [
                [
                    esc(p.point_id),
                    esc(p.title(lang)),
                    f"{p.impact}×{p.likelihood}={p.risk}",
                    esc(p.reason(lang)),
                    esc(_sep(lang).join(p.failing_controls)) or "—",
                ]
                for p in pts
            ]
            parts.append(
                _table(
                    [
                        t("point", lang),
                        t("title", lang),
                        t("risk", lang),
                        t("reason", lang),
                        t("failing_controls", lang),
                    ],
                    rows,
                    "low-points",
                )
            )
            continue
        for p in pts:
            point = next(x for x in ctx.checklist.points if x.id == p.point_id)
            controls = []
            for control in point.controls:
                a = ctx.assessment.answers.get(control.id)
                if a and a.answer in ("partial", "non_compliant"):
                    controls.append(
                        f'<li><code>{esc(control.id)}</code> <span class="answer-{a.answer}">{esc(t(a.answer, lang))}</span> '
                        f"{esc(control.question(lang))}"
                        + (f'<br><span class="muted">{esc(t("note", lang))}: {esc(a.note)}</span>' if a.note else "")
                        + f'<br><span class="muted">{esc(t("evidence", lang))}: {esc(control.evidence_text(lang))}</span></li>'
                    )
            parts.append(
                f'<article class="finding level-border-{esc(level)}" id="finding-{esc(p.point_id)}">'
                f'<h4>{esc(p.point_id)} {esc(p.title(lang))} <span class="muted">'
                f"{esc(t('impact', lang))} {p.impact} × {esc(t('likelihood', lang))} {p.likelihood} = {p.risk}</span></h4>"
                f"<p>{esc(p.reason(lang))}</p>"
                + (
                    f'<p class="label">{esc(t("failing_controls", lang))}</p><ul class="controls">{"".join(controls)}</ul>'
                    if controls
                    else ""
                )
                + f'<p class="label">{esc(t("legal_basis", lang))}</p><p class="basis">'
                + (_basis(p.legal_basis, lang) if p.legal_basis else esc(t("no_legal_basis", lang)))
                + "</p></article>"
            )
    na = [p for p in ctx.risk.points if p.not_applicable]
    if na:
        parts.append(
            f"<h3>{_badge('not_applicable', lang)} {esc(t('not_applicable_points', lang))}</h3><p>"
            + esc(_sep(lang).join(f"{p.point_id} {p.title(lang)}" for p in na))
            + "</p>"
        )
    return _section("findings", t("findings", lang), "".join(parts))


def disposal_plan(ctx: ReportContext) -> str:
    """Per dataset: retain, transfer or delete, with the legal basis, method and record to obtain."""
    lang, s = ctx.lang, ctx.scan
    rule = ctx.checklist.disposal
    # the action and its articles come from the checklist (its disposal rule cites its own points);
    # each row names the articles, the reasons are given once under the table rather than per dataset
    cited = [citation(b.law, b.article) for _, b in rule.bases]
    short = "<br>".join(
        esc(pick(f"{c['law_zh']} 第{c['article']}条", f"{c['law_en']} Art. {c['article']}", lang)) for c in cited
    )
    reasons = [{**c, "why_zh": b.why_zh, "why_en": b.why_en} for c, (_, b) in zip(cited, rule.bases)]
    points = _sep(lang).join(dict.fromkeys(pid for pid, _ in rule.bases))
    rows, with_pi = [], False
    for f in s.files:
        if f.error:
            continue
        entities = sorted(
            {e for col in s.columns if col.file == f.name for e in col.entities}
            | {col.masked_entity for col in s.columns if col.file == f.name and col.masked_entity}
        )
        held = _sep(lang).join(label(e, lang) for e in entities)
        if not entities:
            kind, basis, method, record = "dispose_retain", "—", "m_retain", "r_retain"
        else:
            with_pi, action = True, rule.action
            kind, method, basis = f"dispose_{action}", f"m_{action}", short
            record = "r_delete" if action == "return_delete" else f"r_{action}"
        rows.append(
            [
                esc(f.name),
                esc(held or t("none", lang)),
                f"<strong>{esc(t(kind, lang))}</strong>",
                basis,
                esc(t(method, lang)),
                esc(t(record, lang)),
            ]
        )
    why = (
        f'<h3>{esc(t("disposal_basis", lang, points=points))}</h3><p class="basis">{_basis(reasons, lang)}</p>'
        if with_pi
        else ""
    )
    return _section(
        "disposal-plan",
        t("disposal_plan", lang),
        _table(
            [
                t("dataset", lang),
                t("pi_found", lang),
                t("disposition", lang),
                t("legal_basis", lang),
                t("method_col", lang),
                t("record", lang),
            ],
            rows,
            "disposal",
        )
        + why,
    )


def remediation(ctx: ReportContext) -> str:
    lang = ctx.lang
    plan = actions(ctx)
    rows = [
        [
            f"<code>{esc(a.id)}</code>",
            esc(a.text),
            _badge(a.priority, lang),
            esc(a.due),
            esc(a.owner),
            f'<span class="status status-{esc(a.status)}">{esc(t(a.status, lang))}</span>',
            esc(a.reason),
        ]
        for a in plan
    ]
    table = (
        _table(
            [
                t("action_id", lang),
                t("action", lang),
                t("priority", lang),
                t("due", lang),
                t("owner", lang),
                t("status", lang),
                t("reason", lang),
            ],
            rows,
            "plan",
        )
        if rows
        else f"<p>{esc(t('no_actions', lang))}</p>"
    )
    todo = ctx.risk.to_complete()
    complete = ""
    if todo:
        items = "".join(
            f"<li><strong>{esc(pid)}</strong> {esc(next(p.title(lang) for p in ctx.risk.points if p.point_id == pid))}: "
            + esc(_sep(lang).join(ids))
            + "</li>"
            for pid, ids in todo
        )
        complete = (
            f'<h3 id="to-complete">{esc(t("to_complete", lang))}</h3>'
            f'<p class="note">{esc(t("to_complete_text", lang))}</p><ul class="to-complete">{items}</ul>'
        )
    return _section("remediation", t("remediation", lang), table + complete)


def method(ctx: ReportContext) -> str:
    lang, cl = ctx.lang, ctx.checklist
    minimum = _pct(MIN_ANSWERED_SHARE)
    bands, floor_above = [], 100.0
    for name, floor, _ in SCORE_LEVELS:
        bands.append(
            [_badge(name, lang), f"{floor:g}–{floor_above:g}" if floor_above == 100 else f"{floor:g}–<{floor_above:g}"]
        )
        floor_above = floor
    glossary = [
        [esc(t("data_subjects", lang)), esc(t("g_subjects", lang))],
        [esc(t("identifying_numbers", lang)), esc(t("g_identifying", lang))],
        [esc(t("free_text_findings", lang)), esc(t("g_free_text", lang))],
        [esc(t("unmasked_columns", lang)), esc(t("g_unmasked", lang))],
        [esc(t("masked_share", lang)), esc(t("g_masked_share", lang))],
        [esc(t("rows", lang)), esc(t("g_rows", lang))],
    ]
    files = [
        [esc(f.name), f"{f.size:,}", f"{f.rows:,}", f'<code class="hash">{esc(f.sha256)}</code>']
        for f in ctx.scan.files
    ]
    versions = "".join(f"<li>{esc(k)}: {esc(v)}</li>" for k, v in ctx.versions.items())
    controls = sum(len(p.controls) for p in cl.points)
    return _section(
        "method",
        t("method", lang),
        f"<p>{esc(t('method_checklist', lang, title=cl.title(lang), points=len(cl.points), controls=controls, seed=cl.seed))}</p>"
        f"<p>{esc(t('method_text', lang))}</p><p>{esc(t('method_formula', lang))}</p>"
        f"<p>{esc(t('point_bands', lang))}</p>"
        f"<p>{esc(t('method_unanswered', lang, minimum=minimum))}</p><p>{esc(t('method_na', lang))}</p>"
        f"<h3>{esc(t('bands', lang))}</h3>"
        + _table([t("band", lang), t("range", lang)], bands, "bands")
        + f"<p>{esc(t('method_scan', lang))}</p><p>{esc(t('method_limits', lang))}</p>"
        f"<h3>{esc(t('glossary', lang))}</h3>"
        + _table([t("term", lang), t("definition", lang)], glossary, "glossary")
        + f"<h3>{esc(t('provenance', lang))}</h3>"
        + _table([t("file", lang), t("size", lang), t("rows", lang), t("sha256", lang)], files, "files")
        + f'<h3>{esc(t("tool", lang))}</h3><ul class="versions">{versions}</ul>'
        f'<p class="muted">{esc(t("scan_time", lang))}: {ctx.scan.seconds:.1f}s · '
        f"{esc(t('run_time', lang))}: {ctx.seconds:.1f}s</p>",
    )


def limitations(ctx: ReportContext) -> str:
    lang = ctx.lang
    items = [t(k, lang) for k in ("lim_answers", "lim_scan", "lim_date", "lim_legal")]
    items.insert(1, t("method_limits", lang))
    if ctx.risk.provisional:
        items.insert(
            0,
            t("provisional", lang)
            + ": "
            + t(
                "provisional_text",
                lang,
                answered=ctx.risk.answered,
                controls=ctx.risk.controls,
                share=_pct(ctx.risk.answered_share),
            ),
        )
    return _section(
        "limitations", t("limitations", lang), "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in items) + "</ul>"
    )


def sign_off(ctx: ReportContext) -> str:
    lang = ctx.lang
    line = '<span class="sign-line"></span>'
    rows = [
        [esc(t("consultant", lang)), esc(consultant_name(ctx)), line, line],
        [esc(t("reviewer", lang)), esc(ctx.company.text("reviewer", lang)) or line, line, line],
        [esc(t("client_acceptance", lang)), line, line, line],
    ]
    return _section(
        "sign-off",
        t("sign_off", lang),
        _table([t("role", lang), t("name", lang), t("signature", lang), t("date", lang)], rows, "sign"),
    )


def appendix_controls(ctx: ReportContext) -> str:
    lang = ctx.lang
    rows = []
    for point in ctx.checklist.points:
        for control in point.controls:
            a = ctx.assessment.answers.get(control.id)
            key = a.answer if a else "unanswered"
            rows.append(
                [
                    esc(control.id),
                    esc(control.question(lang)),
                    f'<span class="answer-{key}">{esc(t(key, lang))}</span>',
                    esc(a.note) if a and a.note else "—",
                    esc(_sep(lang).join(a.evidence)) if a and a.evidence else "—",
                    esc(control.evidence_text(lang)),
                ]
            )
    basis = [[esc(p.point_id), esc(p.title(lang)), _basis(p.legal_basis, lang)] for p in ctx.risk.points]
    return _section(
        "appendix-controls",
        t("appendix_controls", lang),
        _table(
            [
                t("control", lang),
                t("question", lang),
                t("answers", lang),
                t("note", lang),
                t("evidence_given", lang),
                t("evidence", lang),
            ],
            rows,
            "controls-table",
        )
        + f"<h3>{esc(t('legal_basis', lang))}</h3>"
        + _table([t("point", lang), t("title", lang), t("legal_basis", lang)], basis, "basis-table"),
    )


def inventory(ctx: ReportContext) -> str:
    lang, s = ctx.lang, ctx.scan
    pii_cols = [c for c in s.columns if c.entity or c.masked or c.entities]
    masked = sum(1 for c in s.columns if c.masked)
    identifying = sum(1 for c in s.columns if c.entity or c.masked)
    sensitive = sep(lang).join(label(e, lang) for e in s.sensitive_entities)
    documents = {f.name for f in s.documents}
    facts_ = ctx.risk.facts
    facts = (
        f'<dl class="facts"><dt>{esc(t("files", lang))}</dt><dd>{fig("files", len(s.files))}</dd>'
        f'<dt>{esc(t("rows", lang))}</dt><dd data-key="rows">{s.rows:,}</dd>'
        f"<dt>{esc(t('data_subjects', lang))}</dt><dd>{fig('data_subjects', f'{s.data_subjects:,}')}</dd>"
        f"<dt>{esc(t('sensitive', lang))}</dt><dd>{esc(sensitive or t('none', lang))}</dd>"
        f'<dt>{esc(t("minors", lang))}</dt><dd data-key="minors">{s.minors_under_14:,}</dd>'
        f"<dt>{esc(t('unmasked_columns', lang))}</dt><dd>{fig('unmasked_columns', facts_.unmasked_identifier_columns)}</dd>"
        f"<dt>{esc(t('free_text_findings', lang))}</dt><dd>{fig('free_text_identifiers', f'{facts_.free_text_identifiers:,}')}</dd>"
        f"<dt>{esc(t('masked_share', lang))}</dt><dd>{fig('masked_share', f'{(masked / identifying if identifying else 0):.0%}')}</dd></dl>"
    )
    rows = []
    for c in pii_cols:
        share: float | None
        distinct: int | None
        examples: tuple[str, ...] | list[str]
        if c.entity and c.dominant:
            info = c.dominant
            kind, share, distinct, examples = label(c.entity, lang), info.share, info.distinct, info.examples
        elif c.masked:
            kind = label(c.masked_entity, lang) if c.masked_entity else ""
            share, distinct, examples = c.masked_share, None, c.masked_examples
        else:
            found = ", ".join(f"{label(e, lang)} ×{i.findings}" for e, i in c.entities.items())
            kind, share, distinct = found, None, None
            examples = [x for i in c.entities.values() for x in i.examples][:3]
        sensitive_col = c.entity and ENTITIES[c.entity].sensitive
        identifier = c.entity and not c.masked and ENTITIES[c.entity].identifying
        kind_html = ('<span class="sensitive">' + esc(kind) + "</span>") if sensitive_col else esc(kind)
        if identifier:
            kind_html += f' <span class="tag">{esc(t("identifier", lang))}</span>'
        in_document = c.file in documents
        rows.append(
            [
                esc(c.file),
                esc(c.sheet and _place(in_document, c.sheet, lang) or ""),
                esc(_place(in_document, c.column, lang)),
                kind_html,
                f"{share:.0%}" if share is not None else "—",
                f"{distinct:,}" if distinct is not None else "—",
                esc(t("yes" if c.masked else "no", lang)),
                esc("  ".join(examples)),
            ]
        )
    table = (
        _table(
            [t(k, lang) for k in ("file", "sheet", "column", "entity", "share", "distinct", "masked", "examples")],
            rows,
            "inventory",
        )
        if rows
        else f"<p>{esc(t('no_pii', lang))}</p>"
    )
    errors = "".join(
        f'<p class="error">{esc(f.name)}: {esc(t("read_error", lang))} — {esc(f.error)}</p>' for f in s.errors
    )
    errors += "".join(f'<p class="warning">{esc(f.name)}: {esc(w)}</p>' for f in s.files for w in f.warnings)
    return _section("inventory", t("inventory", lang), facts + errors + table)


def chart_panel(ctx: ReportContext) -> str:
    lang, r = ctx.lang, ctx.risk
    cats = list(r.categories.items())
    colours = [charts.LEVEL_COLOURS[score_level(v)] for _, v in cats]
    category_svg = charts.bar_chart(
        [category(c, lang) for c, _ in cats],
        [v for _, v in cats],
        t("risk_by_category", lang),
        xmax=100,
        colours=colours,
        fmt="{:.1f}",
    )
    entity_rows = ctx.scan.entity_rows()
    entity_svg = (
        charts.bar_chart([label(e, lang) for e in entity_rows], list(entity_rows.values()), t("pii_by_entity", lang))
        if entity_rows
        else ""
    )
    matrix_svg = charts.risk_matrix(
        [p for p in r.points if not p.not_applicable], t("risk_matrix", lang), t("impact", lang), t("likelihood", lang)
    )
    figures = "".join(
        f'<figure class="chart{cls}">{svg}</figure>'
        for svg, cls in ((category_svg, ""), (entity_svg, ""), (matrix_svg, " matrix"))
        if svg
    )
    key = "".join(
        f"<li><strong>{esc(p.point_id)}</strong> {esc(p.title(lang))} "
        f'<span class="muted">{p.impact}×{p.likelihood}={p.risk}</span></li>'
        for p in r.points
        if not p.not_applicable
    )
    figures += (
        f'<figure class="chart-key"><figcaption>{esc(t("risk_key", lang))} — {esc(t("risk_matrix", lang))}'
        f'</figcaption><ul class="matrix-key">{key}</ul></figure>'
    )
    return _section("charts", t("charts", lang), f'<div class="chart-grid">{figures}</div>')
