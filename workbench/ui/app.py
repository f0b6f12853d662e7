"""The consultant's workbench in JupyterLab (ipywidgets 8).

Everything the consultant sees in words is in zh and en; errors are red, warnings orange.
A click is never lost silently: a save the file refused (a colleague saved meanwhile) is
undone on screen, named in a red banner, and kept for the "reload" action.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from pathlib import Path

import ipywidgets as w

from ..assessment import AssessmentConflict, AssessmentError, AssessmentSession
from ..checklists import citation
from ..pii.entities import label
from ..pii.masking import mask_file_name, mask_problem
from ..i18n import both, both_fields, sep, t
from ..risk.model import level_label

ANSWER_OPTIONS = [(t(a), a) for a in ("compliant", "partial", "non_compliant", "not_applicable")]
STATUS_OPTIONS = [(both(s), s) for s in ("open", "in_progress", "done")]
FILTER_OPTIONS = [(both(f"ui_filter_{f}"), f) for f in ("all", "unanswered", "non_compliant")]
ERROR, WARNING, MUTED = "#b71c1c", "#b26a00", "#667"

# One stylesheet for the app: the summary bar stays on top while the checklist scrolls, and
# the selected answer has its own colour per value (not the same pale grey for all four).
STYLE = """<style>
.workbench-app .wb-summary {position: sticky; top: 0; z-index: 20; background: var(--jp-layout-color0, #fff);
  border: 1px solid #ccd; border-radius: 6px; padding: 6px 12px; margin-bottom: 6px}
.workbench-app .wb-points {max-height: 70vh; overflow-y: auto}
/* sticky needs no scrolling box between the bar and the notebook's scroller: JupyterLab's
   output area and the widget box clip (overflow auto/hidden), so only around this app they do not;
   min-width 0 keeps a wide findings table from widening the app past the window (it scrolls instead) */
.jp-OutputArea:has(.workbench-app), .jp-OutputArea-child:has(.workbench-app),
.jp-OutputArea-output:has(.workbench-app), .widget-box.workbench-app {overflow: visible !important; min-width: 0}
.workbench-app .wb-answers button.mod-active[title='compliant'] {background: #2e7d32; color: #fff}
.workbench-app .wb-answers button.mod-active[title='partial'] {background: #f9a825; color: #000}
.workbench-app .wb-answers button.mod-active[title='non_compliant'] {background: #c62828; color: #fff}
.workbench-app .wb-answers button.mod-active[title='not_applicable'] {background: #546e7a; color: #fff}
.workbench-app .wb-answers .widget-toggle-buttons {flex-wrap: nowrap}
.workbench-app .wb-fields {flex-wrap: wrap; gap: 4px}
.workbench-app .wb-table, .workbench-app .widget-output {overflow-x: auto; max-width: 100%; min-width: 0}
.widget-box.workbench-app {max-width: 100%}
.workbench-app .widget-vbox, .workbench-app .widget-tab {min-width: 0}
.workbench-app .wb-findings td, .workbench-app .wb-findings th {padding: 2px 6px; text-align: left}
.workbench-app .wb-action {border-bottom: 1px solid #e3e3ea; padding: 4px 0; align-items: flex-start; gap: 8px}
.workbench-app .wb-action-done .wb-action-text {color: #667; text-decoration: line-through}
.workbench-app .wb-priority {display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff}
.workbench-app .wb-priority-severe {background: #8e0000} .workbench-app .wb-priority-high {background: #c62828}
.workbench-app .wb-priority-medium {background: #f9a825; color: #000}
.workbench-app .wb-priority-low {background: #546e7a}
/* tab titles are bilingual: as wide as their words, not ipywidgets' fixed 144 px */
.workbench-app .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab {flex: 0 0 auto; max-width: none}
</style>"""


def _message(zh: str, en: str, color: str = ERROR) -> str:
    return f"<div style='color:{color}'>{escape(zh)} · {escape(en)}</div>"


def _say(key: str, color: str = ERROR, **kwargs) -> str:
    """A catalogue message in both languages (``kwargs`` fill either wording's fields)."""
    return _message(t(key, "zh", **kwargs), t(key, "en", **kwargs), color)


class WorkbenchApp(w.VBox):
    """A sticky summary bar, and tabs for the checklist, the data scan and the remediation plan."""

    def __init__(self, session: AssessmentSession):
        self.session = session
        self._quiet = False  # set while the app itself changes a widget's value
        #: answers the file refused (control id -> answer, note, evidence), kept for "reload"
        self.unsaved: dict[str, tuple[str | None, str, list[str]]] = {}
        #: remediation statuses the file refused (action id -> status), kept for "reload" likewise
        self.unsaved_status: dict[str, str] = {}
        self.summary = w.HTML()
        self.summary.add_class("wb-summary-text")
        self.alert = w.HTML()
        self.reload_button = w.Button(
            description=both("ui_reload"),
            icon="refresh",
            button_style="danger",
            layout=w.Layout(display="none", width="auto", min_width="10em", flex="0 0 auto"),
        )
        self.reload_button.add_class("wb-reload")
        self.reload_button.on_click(lambda _: self.reload())
        bar = w.VBox([self.summary, w.HBox([self.alert, self.reload_button])])
        bar.add_class("wb-summary")
        self.filter = w.Dropdown(
            options=FILTER_OPTIONS, value="all", description=both("ui_show"), style={"description_width": "initial"}
        )
        self.filter.observe(lambda _: self._show_points(), names="value")
        self.points_box = w.VBox()
        self.points_box.add_class("wb-points")
        self._point_widgets: dict[str, w.Accordion] = {}
        self.scan_output = w.Output()
        self.scan_button = w.Button(description=both("ui_scan"), icon="search", button_style="primary")
        self.scan_button.add_class("wb-scan")
        self.scan_button.on_click(lambda _: self.run_scan())
        default_paths = "\n".join(
            str(session.company.folder / d) for d in session.company.datasets if not isinstance(d, dict)
        ) + "".join(f"\n{s.url}" for s in session.company.databases())
        self.scan_paths = w.Textarea(
            value=default_paths,
            description=both("ui_paths"),
            rows=3,
            placeholder=both("ui_paths_hint"),
            layout=w.Layout(width="95%"),
            style={"description_width": "initial"},
        )
        self.scan_status = w.HTML()
        self.scan_status.add_class("wb-scan-status")
        scan_tab = w.VBox([self.scan_paths, self.scan_button, self.scan_status, self.scan_output])
        checklist_tab = w.VBox([self.filter, self.points_box])
        # the report's remediation plan, with a status per action the consultant keeps up to date
        self.actions_head = w.HTML()
        self.actions_box = w.VBox()
        self.actions_box.add_class("wb-actions")
        self._action_rows: dict[str, tuple[w.HBox, w.HTML, w.Dropdown]] = {}
        self.tabs = w.Tab(children=[checklist_tab, scan_tab, w.VBox([self.actions_head, self.actions_box])])
        self.tabs.set_title(0, both("ui_tab_checklist"))
        self.tabs.set_title(1, both("ui_tab_scan"))
        self.tabs.set_title(2, both("ui_tab_remediation"))
        title = w.HTML(
            f"{STYLE}<h3 style='margin:4px 0'>{escape(session.company.name)}</h3>"
            f"<div>{escape(both_fields(session.checklist, 'title'))}</div>"
        )
        super().__init__([title, bar, self.tabs])
        self.add_class("workbench-app")
        self._show_points()
        self._show_kept_scan()
        self._refresh()

    # -- actions ------------------------------------------------------------------------
    def answer(
        self, control_id: str, value: str | None, note: str | None = None, evidence: list[str] | None = None
    ) -> bool:
        """What a click does: save through the session, then refresh the numbers.

        Returns False when the save was refused (shown in the summary bar, kept for reload).
        """
        if not self._save(
            lambda: self.session.answer(control_id, value, note=note, evidence=evidence),
            lambda: self.unsaved.__setitem__(control_id, (value, note or "", list(evidence or []))),
            lambda: self._sync_point(control_id),
        ):
            return False
        self.unsaved.pop(control_id, None)
        self._refresh(control_id)
        return True

    def set_action_status(self, action_id: str, status: str) -> bool:
        """What choosing a remediation status does: save through the session (audited), like an answer."""
        if not self._save(
            lambda: self.session.set_action_status(action_id, status),
            lambda: self.unsaved_status.__setitem__(action_id, status),
            lambda: self._show_actions(),
        ):
            return False
        self.unsaved_status.pop(action_id, None)
        self._show_actions()
        return True

    def _save(self, save, keep, resync) -> bool:
        """Run ``save``; when the file refuses it, say so in the bar and put the screen back to disk.

        ``keep`` remembers a change a colleague's save refused (for "reload"); ``resync`` shows
        what is on disk again instead of the lost click.
        """
        try:
            save()
        except AssessmentConflict as exc:
            keep()
            self._show_conflict(exc)
            resync()
            return False
        except AssessmentError as exc:
            self.alert.value = _say("ui_not_saved", path=exc.path, problem=exc.problem)
            resync()
            return False
        except OSError as exc:  # a read-only or full folder: said, never only logged
            self.alert.value = _say("ui_not_saved_folder", path=exc.filename or self.session.path, problem=exc.strerror)
            resync()
            return False
        return True

    def reload(self) -> None:
        """Take the file as a colleague left it, then save again what could not be saved."""
        try:
            self.session.reload()
        except AssessmentError as exc:
            self.alert.value = _say("ui_cannot_reload", path=exc.path, problem=exc.problem)
            return
        pending, self.unsaved = self.unsaved, {}
        statuses, self.unsaved_status = self.unsaved_status, {}
        self.alert.value = ""
        self.reload_button.layout.display = "none"
        opened = {pid for pid, box in self._point_widgets.items() if box.selected_index == 0}
        # my refused changes are saved first and the points then built once, from what the file
        # now holds: each widget is created with its final state (open, answered). Changes sent
        # right after a widget's creation were seen lost in the browser (a point shown closed, an
        # answer shown unanswered after Reload)
        # each one tried: one refused again is kept for the next reload, and so are the others
        results = [self.answer(control_id, *change) for control_id, change in pending.items()]
        results += [self.set_action_status(action_id, status) for action_id, status in statuses.items()]
        saved = all(results)
        self._point_widgets.clear()
        self._show_points(opened)  # the consultant stays where they were
        if not saved:  # a colleague saved again meanwhile: said in the bar, kept for the next reload
            return
        if pending or statuses:
            n = len(pending) + len(statuses)
            self.alert.value = _say("ui_reloaded", "#2e7d32", n=n)
        self._refresh()

    def run_scan(self) -> None:
        from IPython.display import HTML, display

        from ..io import ReadError, discover

        if self.scan_button.disabled:  # a click that was queued while the scan ran
            return
        paths = [p.strip() for p in self.scan_paths.value.splitlines() if p.strip()]
        self.scan_output.clear_output()
        self.scan_button.disabled = True
        self.scan_button.description, self.scan_button.icon = both("ui_scanning"), "spinner"
        try:
            try:
                files = discover(
                    paths
                    or [
                        self.session.company.folder / d
                        for d in self.session.company.datasets
                        if not isinstance(d, dict)
                    ]
                )  # database entries are URLs, not paths
            except ReadError as exc:
                # the consultant's screen is saved with the notebook: a person's name in the path is masked
                self.scan_status.value = _say(
                    "ui_not_found", path=mask_file_name(str(exc.path)), problem=mask_problem(exc.problem, exc.path)
                )
                return
            if not files:
                self.scan_status.value = _say("ui_no_files_in_data", WARNING, paths=", ".join(paths))
                return
            size = sum(f.stat().st_size for f in files)
            scanning = {"n": len(files), "mb": f"{size / 1e6:,.1f}"}
            self.scan_status.value = (
                f"<div class='wb-scanning'><i class='fa fa-spinner fa-spin'></i> "
                f"{t('ui_scanning_files', 'zh', **scanning)} · "
                f"{t('ui_scanning_files', 'en', **scanning)}</div>"
            )
            with self.scan_output:
                scan = self.session.run_scan(paths or None, progress=True)
                self.scan_output.clear_output()
                display(HTML(findings_table(scan) + findings_chart(scan)))
            self.scan_status.value = scan_messages(scan)
        finally:
            self.scan_button.disabled = False
            self.scan_button.description, self.scan_button.icon = both("ui_scan"), "search"
        self._refresh()

    # -- rendering ----------------------------------------------------------------------
    def _show_conflict(self, exc: AssessmentConflict) -> None:
        who = exc.changed_by or both("ui_someone")
        n = len(self.unsaved) + len(self.unsaved_status)
        self.alert.value = _say("ui_conflict", who=who, at=exc.changed_at, n=n, file=exc.path.name)
        self.reload_button.layout.display = None

    def _refresh(self, control_id: str | None = None) -> None:
        risk = self.session.risk()
        answered, total = self.session.progress()
        if answered == 0:
            score = f"<b class='wb-score' data-key='score'>—</b> {both('ui_nothing_answered')}"
            level = "—"
        else:
            provisional = "" if answered == total else f" <i>{both('ui_provisional')}</i>"
            score = f"<b class='wb-score' data-key='score'>{risk.score:.1f}</b> / 100{provisional}"
            level = escape(f"{level_label(risk.level)} {level_label(risk.level, 'en')}")
        kept = self.session.kept_scan
        if kept is None:
            scan = both("ui_not_scanned")
        elif kept.fresh:
            scan = f"{escape(kept.taken_at.replace('T', ' '))}"
        else:
            scan = (
                f"<span style='color:{WARNING}'>{escape(kept.taken_at.replace('T', ' '))}{both('ui_scan_stale')}</span>"
            )
        self.summary.value = (
            f"{both('ui_score')} {score} · {both('ui_level')} <b>{level}</b> · "
            f"{both('ui_answered')} <b data-key='progress'>{answered} / {total}</b> · {both('ui_last_scan')} {scan}"
        )
        if control_id is not None:
            self._update_point_title(control_id)
        if self.filter.value != "all":
            self._show_points()
        self._show_actions(risk)

    def _show_actions(self, risk=None) -> None:
        """The remediation plan as the report has it, one row per action with its status selector.

        Rows are kept per action id and only their text and status updated, so an answer click
        does not rebuild dozens of widgets; actions that left the plan (fixed) disappear.
        """
        risk = risk or self.session.risk()
        zh, en = self.session.actions("zh", risk), self.session.actions("en", risk)
        rows = []
        for a, a_en in zip(zh, en):
            row, text, status = self._action_rows.get(a.id) or self._action_row(a.id)
            text.value = (
                f"<span class='wb-priority wb-priority-{escape(a.priority)}'>{escape(level_label(a.priority))} "
                f"{escape(level_label(a.priority, 'en'))}</span> <code>{escape(a.id)}</code> · "
                f"{both('ui_due')} <b>{escape(a.due)}</b> · {escape(a.owner)} {escape(a_en.owner)}"
                f"<div class='wb-action-text'>{escape(a.text)}<br><small>{escape(a_en.text)}</small></div>"
                f"<small style='color:{MUTED}'>{escape(a.reason)} {escape(a_en.reason)}</small>"
            )
            self._quiet = True
            try:
                status.value = a.status
            finally:
                self._quiet = False
            (row.add_class if a.status == "done" else row.remove_class)("wb-action-done")
            rows.append(row)
        counts = {s: sum(a.status == s for a in zh) for _, s in STATUS_OPTIONS}
        if zh:
            self.actions_head.value = (
                f"<div>{t('ui_actions_count', n=len(zh))}"
                + "，".join(f"{t(s)} {n}" for s, n in counts.items())
                + f" · {t('ui_actions_count', 'en', n=len(zh))}"
                + ", ".join(f"{t(s, 'en').lower()} {n}" for s, n in counts.items())
                + f"</div><small style='color:{MUTED}'>{t('ui_statuses_saved')} · {t('ui_statuses_saved', 'en')}</small>"
            )
        else:
            self.actions_head.value = _message(t("no_actions"), t("no_actions", "en"), MUTED)
        self.actions_box.children = rows
        self.tabs.set_title(2, f"{both('ui_tab_remediation')} ({len(zh) - counts['done']})")

    def _action_row(self, action_id: str):
        text = w.HTML(layout=w.Layout(flex="1 1 auto", min_width="0"))
        status = w.Dropdown(
            options=STATUS_OPTIONS,
            value="open",
            description=both("ui_status"),
            style={"description_width": "initial"},
            layout=w.Layout(width="19em", flex="0 0 auto"),
        )
        status.add_class("wb-action-status")

        def on_status(change):
            if not self._quiet:
                self.set_action_status(action_id, change["new"])

        status.observe(on_status, names="value")
        row = w.HBox([text, status])
        row.add_class("wb-action")
        self._action_rows[action_id] = (row, text, status)
        return self._action_rows[action_id]

    def _show_points(self, opened: Collection[str] = ()) -> None:
        """The points the filter shows; those in ``opened`` are open when first built."""
        points = list(self.session.points(self.filter.value))
        items = [self._point_widget(p, open_=p.id in opened) for p in points]
        self.points_box.children = items or [w.HTML(f"<i>{both('ui_no_points')}</i>")]

    def _point(self, control_id: str):
        return next(p for p in self.session.checklist.points if any(c.id == control_id for c in p.controls))

    def _point_title(self, point) -> str:
        answers = self.session.assessment.answers
        done = sum(c.id in answers for c in point.controls)
        failing = sum(answers[c.id].answer == "non_compliant" for c in point.controls if c.id in answers)
        mark = "✓" if done == len(point.controls) else "○"
        status = f"{mark} {done}/{len(point.controls)}" + (
            f" · ✗ {both('ui_non_compliant')} {failing}" if failing else ""
        )
        return f"{point.id} {both_fields(point, 'title')}   [{status}]"

    def _update_point_title(self, control_id: str) -> None:
        point = self._point(control_id)
        box = self._point_widgets.get(point.id)
        if box is not None:
            box.set_title(0, self._point_title(point))

    def _sync_point(self, control_id: str) -> None:
        """Put a control's widgets back to what the session holds."""
        point = self._point(control_id)
        box = self._point_widgets.get(point.id)
        if box is None:
            return
        current = self.session.assessment.answers.get(control_id)
        buttons, note, evidence = box._controls[control_id]
        self._quiet = True
        try:
            buttons.value = current.answer if current else None
            if current:
                note.value, evidence.value = current.note, ", ".join(current.evidence)
        finally:
            self._quiet = False
        box.set_title(0, self._point_title(point))

    def _point_widget(self, point, open_: bool = False) -> w.Widget:
        if point.id in self._point_widgets:
            return self._point_widgets[point.id]
        rows, controls = [], {}
        for control in point.controls:
            current = self.session.assessment.answers.get(control.id)
            buttons = w.ToggleButtons(
                options=ANSWER_OPTIONS,
                value=current.answer if current else None,
                style={"button_width": "76px"},
                tooltips=[v for _, v in ANSWER_OPTIONS],
            )
            buttons.add_class(f"wb-answer-{control.id.replace('.', '-')}")
            buttons.add_class("wb-answers")
            clear = w.Button(description=both("ui_clear"), tooltip=both("ui_clear_hint"), layout=w.Layout(width="auto"))
            clear.add_class(f"wb-clear-{control.id.replace('.', '-')}")
            note = w.Text(
                value=current.note if current else "",
                placeholder=both("ui_note"),
                layout=w.Layout(flex="1 1 220px", min_width="160px"),
            )
            evidence = w.Text(
                value=", ".join(current.evidence) if current else "",
                placeholder=both("ui_evidence_files"),
                layout=w.Layout(flex="1 1 260px", min_width="160px"),
            )
            controls[control.id] = (buttons, note, evidence)

            def on_answer(change, cid=control.id, n=note, e=evidence):
                if not self._quiet:
                    self.answer(cid, change["new"], n.value, _refs(e.value))

            def on_text(change, cid=control.id, b=buttons, n=note, e=evidence):
                if not self._quiet and b.value:
                    self.answer(cid, b.value, n.value, _refs(e.value))

            def on_clear(_, cid=control.id):
                if cid in self.session.assessment.answers and self.answer(cid, None):
                    self._sync_point(cid)

            buttons.observe(on_answer, names="value")
            for field in (note, evidence):
                field.observe(on_text, names="value")
            clear.on_click(on_clear)
            expected = control.evidence_text("zh") + " · " + control.evidence_text("en")
            fields = w.HBox([note, evidence])
            fields.add_class("wb-fields")
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b>{escape(control.id)}</b> {escape(control.question('zh'))}"
                            f"<br><small>{escape(control.question('en'))}</small>"
                            f"<br><small style='color:{MUTED}'>{both('evidence')}: "
                            f"{escape(expected)}</small>"
                        ),
                        w.HBox([buttons, clear]),
                        fields,
                    ]
                )
            )
        basis = (
            "".join(
                f"<li>{escape(c['law_zh'])} {t('article_ref', n=c['article'])} — {escape(c['zh'])}</li>"
                for c in (citation(law, art) for law, art in point.legal_basis)
            )
            or "<li>—</li>"
        )
        legal = w.Accordion(children=[w.HTML(f"<ul>{basis}</ul>")], selected_index=None)
        legal.set_title(0, both("legal_basis"))
        # open from the start, not opened by a later update: an update that follows the widget's
        # creation was seen lost in the browser (a point open before Reload shown closed after it)
        box = w.Accordion(children=[w.VBox(rows + [legal])], selected_index=0 if open_ else None)
        box._controls = controls
        box.set_title(0, self._point_title(point))
        self._point_widgets[point.id] = box
        return box

    def _show_kept_scan(self) -> None:
        """The scan kept from an earlier session, with when it was taken and whether files changed."""
        from IPython.display import HTML, display

        kept, problem = self.session.kept_scan, self.session.kept_scan_problem
        if problem is not None:
            self.scan_status.value = _say(
                "ui_kept_scan_unreadable", WARNING, path=problem.path, problem=problem.problem
            )
        if kept is None:
            return
        when = kept.taken_at.replace("T", " ")
        if kept.fresh:
            self.scan_status.value = _say("ui_scan_reused", MUTED, when=when)
        else:
            self.scan_status.value = _message(
                t("ui_scan_out_of_date", "zh", when=when, changed=sep("zh").join(kept.changed[:5])),
                t("ui_scan_out_of_date", "en", when=when, changed=sep("en").join(kept.changed[:5])),
                WARNING,
            )
        with self.scan_output:
            display(HTML(findings_table(kept.scan) + findings_chart(kept.scan)))


def scan_messages(scan) -> str:
    """Skipped files in red (they were not scanned), data-quality warnings in orange."""
    parts = [_say("ui_skipped", file=f.name, problem=f.error) for f in scan.errors]
    parts += [_say("ui_warning", WARNING, file=f.name, problem=warning) for f in scan.files for warning in f.warnings]
    if not scan.files:
        parts.append(_say("ui_no_files", WARNING))
    return "".join(parts)


def findings_table(scan) -> str:
    """Findings per file and column (masked examples only), as HTML."""
    rows = []
    for c in scan.columns:
        for entity, info in c.entities.items():
            rows.append(
                f"<tr><td>{escape(c.file)}</td><td>{escape(c.sheet or '')}</td>"
                f"<td>{escape(c.column)}</td><td>{escape(label(entity))}</td><td>{info.rows:,}</td>"
                f"<td>{info.distinct:,}</td><td>{t('yes' if c.masked else 'no')}</td>"
                f"<td>{escape('  '.join(info.examples))}</td></tr>"
            )
        if c.masked:
            rows.append(
                f"<tr><td>{escape(c.file)}</td><td>{escape(c.sheet or '')}</td>"
                f"<td>{escape(c.column)}</td><td>{both('ui_masked')}</td><td>{c.nonempty:,}</td><td>—</td>"
                f"<td>{t('yes')}</td><td>{escape('  '.join(c.masked_examples))}</td></tr>"
            )
    head = "".join(
        f"<th>{both(h)}</th>"
        for h in ("file", "sheet", "column", "ui_entity_kind", "ui_rows", "ui_subjects", "masked", "ui_examples")
    )
    return (
        f"<p>{scan.rows:,} {both('ui_rows_word')} · {both('ui_about_subjects', n=f'{scan.data_subjects:,}')} · "
        f"{escape(both('ui_minors'))}: {scan.minors_under_14}</p>"
        f"<div class='wb-table'><table class='wb-findings'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _refs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def findings_chart(scan) -> str:
    """Rows holding each kind of personal information, as an inline chart."""
    from ..report import charts

    rows = scan.entity_rows()
    if not rows:
        return ""
    return charts.bar_chart([label(e) for e in rows], list(rows.values()), t("pii_by_entity"))


def open_company(folder, name: str | None = None, scenario: str | None = None, consultant: str = ""):
    """The workbench for a company folder (answers resume from its assessment file).

    For a folder without ``company.yaml``: with ``name`` and ``scenario`` the company is
    created; without them a small form asks for them (saying whether the folder exists, so
    a typo in the path is not taken for a new company). A broken company or assessment file
    gives a one-line message naming the file instead of a traceback.
    """
    folder = Path(folder)
    try:
        if (folder / "company.yaml").is_file():
            return WorkbenchApp(AssessmentSession.open(folder))
        if name and scenario:
            return WorkbenchApp(AssessmentSession.create(folder, name, scenario, consultant))
    except AssessmentError as exc:
        return error_panel(exc)
    return new_company_form(folder)


def error_panel(exc: AssessmentError) -> w.HTML:
    """A file the workbench cannot open: which file, what is wrong, what to do (no traceback)."""
    panel = w.HTML(_say("ui_cannot_open", path=exc.path, problem=exc.problem))
    panel.add_class("wb-open-error")
    return panel


def new_company_form(folder) -> w.VBox:
    """Name, scenario and consultant for a new company; replaced by the app once created."""
    from ..checklists import available, load_checklist

    folder = Path(folder)
    wide = {"style": {"description_width": "9em"}, "layout": w.Layout(width="95%", max_width="60em")}
    name = w.Text(description=both("ui_company_name"), **wide)
    scenario = w.Dropdown(
        description=both("scenario"),
        **wide,
        options=[(both_fields(load_checklist(s), "title"), s) for s in available()],
    )
    consultant = w.Text(description=both("ui_consultant"), **wide)
    create = w.Button(description=both("ui_create"), button_style="primary")
    message = w.HTML()
    if folder.is_dir():
        where = _say("ui_no_company_yaml", MUTED, folder=folder)
    else:
        where = _say("ui_folder_not_found", WARNING, folder=folder)
    heading = w.HTML(f"<b>{both('ui_new_company')}</b>{where}")
    heading.add_class("wb-new-company")
    box = w.VBox([heading, name, scenario, consultant, create, message])

    def on_create(_):
        if not name.value.strip():
            message.value = _say("ui_enter_name")
            return
        try:
            session = AssessmentSession.create(folder, name.value.strip(), scenario.value, consultant.value)
        except AssessmentError as exc:
            message.value = _say("ui_cannot_create", path=exc.path, problem=exc.problem)
            return
        box.children = [WorkbenchApp(session)]

    create.on_click(on_create)
    return box
