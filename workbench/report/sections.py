"""The report's sections as HTML fragments; every data-derived string goes through ``esc``.

The notebook displays these one per cell; nbconvert's template wraps them in one
self-contained page.  Nothing here loads anything from the network.
"""
from __future__ import annotations

from html import escape

from ..pii.entities import ENTITIES, label
from ..risk.model import level_label
from . import charts
from .context import ReportContext
from .i18n import category, t


def esc(value) -> str:
    """Escape client-derived text for HTML (quotes too, for attributes)."""
    return escape("" if value is None else str(value), quote=True)


def _section(cls: str, title: str, body: str) -> str:
    return f'<section class="{cls}"><h2>{esc(title)}</h2>{body}</section>'


def _table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="table-wrap"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _badge(level: str, lang: str) -> str:
    return f'<span class="badge level-{esc(level)}">{esc(level_label(level, lang))}</span>'


def cover(ctx: ReportContext) -> str:
    lang, c = ctx.lang, ctx.company
    other = c.name_en if lang == "en" and c.name_en else ""
    return (f'<header class="cover"><p class="kicker">{esc(t("report_title", lang))}</p>'
            f'<h1 data-key="company">{esc(c.name)}</h1>' + (f'<p class="subtitle">{esc(other)}</p>' if other else "") +
            f'<dl><dt>{esc(t("scenario", lang))}</dt><dd>{esc(ctx.checklist.title(lang))}</dd>'
            f'<dt>{esc(t("consultant", lang))}</dt><dd>{esc(ctx.consultant or "—")}</dd>'
            f'<dt>{esc(t("date", lang))}</dt><dd>{esc(ctx.generated_at)}</dd></dl></header>')


def summary(ctx: ReportContext) -> str:
    lang, r = ctx.lang, ctx.risk
    actions = "".join(f'<li><strong>{esc(a["action"])}</strong> — {esc(a["reason"])} '
                      f'({esc(t("days", lang, n=a["deadline_days"]))})</li>' for a in r.remediation(lang)[:3])
    unanswered = ", ".join(r.unanswered_points) or t("none", lang)
    return _section("summary", t("summary", lang), (
        f'<div class="kpis"><div class="kpi"><span class="kpi-value" data-key="score">{r.score:.1f}</span>'
        f'<span class="kpi-label">{esc(t("score", lang))} / 100</span></div>'
        f'<div class="kpi"><span class="kpi-value" data-key="level">{_badge(r.level, lang)}</span>'
        f'<span class="kpi-label">{esc(t("risk_level", lang))}</span></div>'
        f'<div class="kpi"><span class="kpi-value" data-key="subjects">{ctx.scan.data_subjects:,}</span>'
        f'<span class="kpi-label">{esc(t("data_subjects", lang))}</span></div>'
        f'<div class="kpi"><span class="kpi-value" data-key="answered">{r.answered}/{r.controls}</span>'
        f'<span class="kpi-label">{esc(t("answered", lang))}</span></div></div>'
        f'<h3>{esc(t("urgent", lang))}</h3><ol class="actions">{actions}</ol>'
        f'<p class="note">{esc(t("unanswered_points", lang))}: {esc(unanswered)}</p>'))


def inventory(ctx: ReportContext) -> str:
    lang, s = ctx.lang, ctx.scan
    pii_cols = [c for c in s.columns if c["entity"] or c["masked"] or c["entities"]]
    masked = sum(1 for c in s.columns if c["masked"])
    identifying = sum(1 for c in s.columns if c["entity"] or c["masked"])
    sensitive = "、".join(label(e, lang) for e in s.sensitive_entities) if lang == "zh" else \
        ", ".join(label(e, lang) for e in s.sensitive_entities)
    facts = (f'<dl class="facts"><dt>{esc(t("files", lang))}</dt><dd>{len(s.files)}</dd>'
             f'<dt>{esc(t("rows", lang))}</dt><dd data-key="rows">{s.rows:,}</dd>'
             f'<dt>{esc(t("data_subjects", lang))}</dt><dd>{s.data_subjects:,}</dd>'
             f'<dt>{esc(t("sensitive", lang))}</dt><dd>{esc(sensitive or t("none", lang))}</dd>'
             f'<dt>{esc(t("minors", lang))}</dt><dd data-key="minors">{s.minors_under_14:,}</dd>'
             f'<dt>{esc(t("masked_share", lang))}</dt><dd>{(masked / identifying if identifying else 0):.0%}</dd></dl>')
    rows = []
    for c in pii_cols:
        if c["entity"]:
            info = c["entities"][c["entity"]]
            kind, share, distinct, examples = label(c["entity"], lang), info["share"], info["distinct"], info["examples"]
        elif c["masked"]:
            kind = f'{label(c["masked_entity"], lang) if c["masked_entity"] else ""}'
            share, distinct, examples = c["masked_share"], None, c["masked_examples"]
        else:
            found = ", ".join(f'{label(e, lang)} ×{i["findings"]}' for e, i in c["entities"].items())
            kind, share, distinct = found, None, None
            examples = [x for i in c["entities"].values() for x in i["examples"]][:3]
        sensitive_col = c["entity"] and ENTITIES[c["entity"]].sensitive
        rows.append([esc(c["file"]), esc(c["sheet"] or ""), esc(c["column"]),
                     ('<span class="sensitive">' + esc(kind) + "</span>") if sensitive_col else esc(kind),
                     f"{share:.0%}" if share is not None else "—", f"{distinct:,}" if distinct is not None else "—",
                     esc(t("yes" if c["masked"] else "no", lang)), esc("  ".join(examples))])
    table = _table([t(k, lang) for k in ("file", "sheet", "column", "entity", "share", "distinct", "masked", "examples")],
                   rows, "inventory") if rows else f'<p>{esc(t("no_pii", lang))}</p>'
    errors = "".join(f'<p class="error">{esc(f.name)}: {esc(t("read_error", lang))} — {esc(f.error)}</p>' for f in s.errors)
    errors += "".join(f'<p class="warning">{esc(f.name)}: {esc(w)}</p>' for f in s.files for w in f.warnings)
    return _section("inventory", t("inventory", lang), facts + errors + table)


def chart_panel(ctx: ReportContext) -> str:
    lang, r = ctx.lang, ctx.risk
    cats = list(r.categories.items())
    from ..risk.model import SCORE_LEVELS
    colours = [charts.LEVEL_COLOURS[next(name for name, floor, _ in SCORE_LEVELS if v >= floor)] for _, v in cats]
    category_svg = charts.bar_chart([category(c, lang) for c, _ in cats], [v for _, v in cats],
                                    t("risk_by_category", lang), xmax=100, colours=colours)
    entity_rows = ctx.scan.entity_rows()
    entity_svg = charts.bar_chart([label(e, lang) for e in entity_rows], list(entity_rows.values()),
                                  t("pii_by_entity", lang)) if entity_rows else ""
    matrix_svg = charts.risk_matrix([p for p in r.points if not p.not_applicable], t("risk_matrix", lang),
                                    t("impact", lang), t("likelihood", lang))
    figures = "".join(f'<figure class="chart">{svg}</figure>' for svg in (category_svg, entity_svg, matrix_svg) if svg)
    return _section("charts", t("charts", lang), f'<div class="chart-grid">{figures}</div>')


def points(ctx: ReportContext) -> str:
    lang = ctx.lang
    rows = []
    for p in ctx.risk.points:
        counts = {}
        for control in ctx.checklist.points[int(p.point_id[1:]) - 1].controls:
            a = ctx.assessment.answers.get(control.id)
            key = a.answer if a else "unanswered"
            counts[key] = counts.get(key, 0) + 1
        answers = " ".join(f"{esc(t(k, lang))} {n}" for k, n in counts.items())
        basis = "<br>".join(f'{esc(b["law_zh"] if lang == "zh" else b["law_en"])} '
                            f'{"第" + str(b["article"]) + "条" if lang == "zh" else "Art. " + str(b["article"])}'
                            f' <span class="muted">{esc(b[lang])}</span>' for b in p.legal_basis) or "—"
        rows.append([esc(p.point_id), esc(p.title(lang)), answers,
                     f'{_badge(p.level, lang)} <span class="muted">{p.impact}×{p.likelihood}={p.risk}</span>',
                     esc(p.reason(lang)), basis])
    return _section("points", t("points", lang),
                    _table([t("point", lang), "", t("answers", lang), t("risk", lang), t("reason", lang),
                            t("legal_basis", lang)], rows, "points"))


def gaps(ctx: ReportContext) -> str:
    """Every control answered partial or non-compliant: the question and the evidence to keep."""
    lang = ctx.lang
    rows = []
    for point in ctx.checklist.points:
        for control in point.controls:
            a = ctx.assessment.answers.get(control.id)
            if a and a.answer in ("partial", "non_compliant"):
                rows.append([esc(control.id), esc(control.question(lang)),
                             f'<span class="answer-{a.answer}">{esc(t(a.answer, lang))}</span>',
                             esc(control.evidence_text(lang))])
    body = (_table([t("control", lang), t("question", lang), t("answers", lang), t("evidence", lang)], rows, "gaps")
            if rows else f'<p>{esc(t("no_gaps", lang))}</p>')
    return _section("gaps", t("gaps", lang), body)


def remediation(ctx: ReportContext) -> str:
    lang = ctx.lang
    rows = [[esc(a["point"]), esc(a["action"]), _badge(a["priority"], lang),
             esc(t("days", lang, n=a["deadline_days"])), esc(a["owner"]), esc(a["reason"])]
            for a in ctx.risk.remediation(lang)]
    return _section("remediation", t("remediation", lang),
                    _table([t("point", lang), t("action", lang), t("priority", lang), t("deadline", lang),
                            t("owner", lang), t("reason", lang)], rows, "plan"))


def provenance(ctx: ReportContext) -> str:
    lang = ctx.lang
    rows = [[esc(f.name), f"{f.size:,}", f"{f.rows:,}", f'<code class="hash">{esc(f.sha256)}</code>']
            for f in ctx.scan.files]
    versions = "".join(f"<li>{esc(k)}: {esc(v)}</li>" for k, v in ctx.versions.items())
    return _section("method", t("method", lang),
                    f'<p>{esc(t("method_text", lang))}</p>' +
                    _table([t("file", lang), t("size", lang), t("rows", lang), t("sha256", lang)], rows, "files") +
                    f'<h3>{esc(t("tool", lang))}</h3><ul class="versions">{versions}</ul>'
                    f'<p class="muted">{esc(t("scan_time", lang))}: {ctx.scan.seconds:.1f}s · '
                    f'{esc(t("run_time", lang))}: {ctx.seconds:.1f}s</p>')
