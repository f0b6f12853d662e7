"""The portfolio page (``index.html``): every company's score, level and links, in the report's style.

Self-contained like the reports: the report CSS inline, the chart as inline SVG, and one
small inline script that sorts the table and filters it by level (the page works without
it; nothing is loaded from anywhere).
"""

from __future__ import annotations

from html import escape

from ..checklists import templates_dir
from ..risk.model import level_label
from ..i18n import TEXT, pick, t, translated

SCRIPT = """
document.querySelectorAll('table.portfolio th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0], dir = th.dataset.dir === 'asc' ? -1 : 1;
    th.dataset.dir = dir === 1 ? 'asc' : 'desc';
    Array.from(body.rows).sort(function (a, b) {
      var x = a.cells[col].dataset.sort || a.cells[col].textContent, y = b.cells[col].dataset.sort || b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      return dir * (isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny);
    }).forEach(function (row) { body.appendChild(row); });
  });
});
document.getElementById('level-filter').addEventListener('change', function (e) {
  document.querySelectorAll('table.portfolio tbody tr').forEach(function (row) {
    row.hidden = e.target.value !== '' && row.dataset.level !== e.target.value;
  });
});
"""


def _l(key: str, lang: str) -> str:
    """The page's own wording (``portfolio_*`` keys of the catalogue)."""
    return t(f"portfolio_{key}", lang)


def _name(row: dict, lang: str) -> str:
    """The company as the page's reader knows it: its English name on an English page when it has one."""
    return translated(row.get("company", ""), row.get("company_en"), lang)


def _chart(rows: list[dict], lang: str) -> str:
    from . import charts

    ok = [r for r in rows if r.get("status") in ("ok", "skipped") and isinstance(r.get("score"), (int, float))]
    if not ok:
        return ""
    names = [_name(r, lang) + (" *" if r.get("provisional") else "") for r in ok]
    colours = [charts.LEVEL_COLOURS.get(r.get("level") or "", "#78909c") for r in ok]
    svg = charts.bar_chart(names, [r["score"] for r in ok], _l("scores", lang), xmax=100, colours=colours, fmt="{:.1f}")
    note = (
        f'<figcaption class="note">* {escape(t("provisional", lang))}</figcaption>'
        if any(r.get("provisional") for r in ok)
        else ""
    )
    return f'<figure class="chart">{svg}{note}</figure>'


def portfolio_page(rows: list[dict], lang: str = "zh", unfinished: str | None = None) -> str:
    """HTML of the portfolio page for batch ``rows`` (summary dicts).

    ``unfinished``: when a batch that has not finished started; the page then says so at the top.
    """
    css = (templates_dir() / "report" / "report.css").read_text("utf-8")
    levels = sorted({str(r["level"]) for r in rows if r.get("level")})
    options = "".join(f'<option value="{escape(x)}">{escape(level_label(x, lang))}</option>' for x in levels)
    body = []
    for r in rows:
        level = r.get("level") or ""
        badge = f'<span class="badge level-{escape(level)}">{escape(level_label(level, lang))}</span>' if level else ""
        provisional = f' <span class="tag">{escape(t("provisional", lang))}</span>' if r.get("provisional") else ""
        links = " ".join(f'<a href="{escape(r[k])}">{k.upper()}</a>' for k in ("html", "pdf", "notebook") if r.get(k))
        score = r.get("score")
        answered = f"{r['answered']}/{r['controls']}" if "answered" in r else ""
        cells = [
            (escape(_name(r, lang)), ""),
            (
                escape(f"{score:.1f}" if isinstance(score, (int, float)) else "—") + provisional,
                f' data-sort="{score if isinstance(score, (int, float)) else -1}"',
            ),
            (badge, f' data-sort="{escape(level)}"'),
            (escape(answered), f' data-sort="{r.get("answered_share", "")}"'),
            (
                escape(f"{r['data_subjects']:,}" if isinstance(r.get("data_subjects"), int) else ""),
                f' data-sort="{r.get("data_subjects", "")}"',
            ),
            (
                escape(_l(r.get("status", "failed"), lang))
                if f"portfolio_{r.get('status')}" in TEXT
                else escape(r.get("status", "")),
                "",
            ),
            (links, ""),
            (escape(r.get("error", "")), ""),
        ]
        heads = [
            _l("company", lang),
            t("score", lang),
            t("risk_level", lang),
            t("answered", lang),
            t("data_subjects", lang),
            t("status", lang),
            _l("report", lang),
            _l("error", lang),
        ]
        body.append(
            f'<tr data-level="{escape(level)}">'
            + "".join(
                (
                    f'<td data-label="{escape(h)}"{attr}><div class="cell">{c}</div></td>'
                    if c
                    else f'<td data-label="{escape(h)}"{attr} class="empty"></td>'
                )
                for h, (c, attr) in zip(heads, cells)
            )
            + "</tr>"
        )
    head = "".join(f"<th>{escape(h)}</th>" for h in heads) if rows else ""
    return (
        f'<!DOCTYPE html><html lang="{pick("zh-CN", "en", lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(_l('portfolio', lang))} — {escape(t('report_title', lang))}</title>"
        f"<style>{css}\ntable.portfolio th {{ cursor: pointer; }}\n"
        ".notice.unfinished { border-left: 4px solid #c62828; background: #fff3e0; padding: .6em 1em; }"
        '</style></head><body><main class="report">'
        f'<header class="cover"><p class="kicker">{escape(t("report_title", lang))}</p>'
        f'<h1>{escape(_l("portfolio", lang))}</h1><p class="confidential">{escape(t("confidential", lang))}</p></header>'
        + (
            f'<p class="notice unfinished" role="alert"><strong>'
            f"{escape(t('portfolio_unfinished', lang, when=unfinished))}</strong></p>"
            if unfinished
            else ""
        )
        + _chart(rows, lang)
        + f'<p><label>{escape(_l("filter", lang))} <select id="level-filter"><option value="">'
        f"{escape(_l('all', lang))}</option>{options}</select></label> "
        f'<span class="muted">{escape(_l("sort_hint", lang))}</span></p>'
        f'<div class="table-wrap"><table class="portfolio"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
        f"<script>{SCRIPT}</script></main></body></html>"
    )
