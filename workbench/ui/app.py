"""The consultant's workbench in JupyterLab (ipywidgets 8)."""
from __future__ import annotations

from html import escape

import ipywidgets as w

from ..assessment import AssessmentSession
from ..checklists import citation
from ..pii.entities import label
from ..risk.model import level_label

ANSWER_OPTIONS = [("符合", "compliant"), ("部分符合", "partial"), ("不符合", "non_compliant"),
                  ("不适用", "not_applicable")]
FILTER_OPTIONS = [("全部要点 All", "all"), ("未回答 Unanswered", "unanswered"), ("不符合 Non-compliant", "non_compliant")]


class WorkbenchApp(w.VBox):
    """Header with the live risk summary, and tabs for scanning and the checklist."""

    def __init__(self, session: AssessmentSession):
        self.session = session
        self.summary = w.HTML(layout=w.Layout(margin="0 0 8px 0"))
        self.progress_label = w.HTML()
        self.filter = w.Dropdown(options=FILTER_OPTIONS, value="all", description="显示 Show")
        self.filter.observe(lambda _: self._render_points(), names="value")
        self.points_box = w.VBox()
        self.scan_output = w.Output()
        self.scan_button = w.Button(description="扫描数据 Scan", icon="search", button_style="primary")
        self.scan_button.on_click(lambda _: self.run_scan())
        default_paths = "\n".join(str(session.company.folder / d) for d in session.company.datasets
                                  if not isinstance(d, dict)) + "".join(f"\n{s.url}" for s in session.company.databases())
        self.scan_paths = w.Textarea(value=default_paths, description="路径 Paths", rows=3,
                                     placeholder="文件或文件夹，每行一个 Files or folders, one per line",
                                     layout=w.Layout(width="80%"))
        self.scan_status = w.HTML()
        scan_tab = w.VBox([self.scan_paths, self.scan_button, self.scan_status, self.scan_output])
        checklist_tab = w.VBox([w.HBox([self.filter, self.progress_label]), self.points_box])
        self.tabs = w.Tab(children=[checklist_tab, scan_tab])
        self.tabs.set_title(0, "检查清单 Checklist")
        self.tabs.set_title(1, "数据扫描 Scan")
        title = w.HTML(f"<h3 style='margin:4px 0'>{escape(session.company.name)}</h3>"
                       f"<div>{escape(session.checklist.title_zh)} · {escape(session.checklist.title_en)}</div>")
        super().__init__([title, self.summary, self.tabs])
        self.add_class("workbench-app")
        self._render_points()
        self._refresh()

    # -- actions ------------------------------------------------------------------------
    def answer(self, control_id: str, value: str | None, note: str | None = None,
               evidence: list[str] | None = None) -> None:
        """What a click does: save through the session, then refresh the numbers."""
        self.session.answer(control_id, value, note=note, evidence=evidence)
        self._refresh()

    def run_scan(self) -> None:
        from IPython.display import HTML, display

        from ..io import ReadError
        self.scan_output.clear_output()
        self.scan_status.value = ""
        paths = [p.strip() for p in self.scan_paths.value.splitlines() if p.strip()]
        with self.scan_output:
            try:
                scan = self.session.run_scan(paths, progress=True)
            except ReadError as exc:
                self.scan_status.value = f"<b style='color:#b71c1c'>{escape(str(exc.path))}: {escape(exc.problem)}</b>"
                return
            display(HTML(findings_table(scan) + findings_chart(scan)))
        problems = [f"{f.name}: {f.error}" for f in scan.errors] + \
                   [f"{f.name}: {warning}" for f in scan.files for warning in f.warnings]
        self.scan_status.value = "".join(f"<div style='color:#b26a00'>{escape(p)}</div>" for p in problems)
        self._refresh()

    # -- rendering ----------------------------------------------------------------------
    def _refresh(self) -> None:
        risk = self.session.risk()
        answered, total = self.session.progress()
        self.progress_label.value = f"&nbsp; 已回答 Answered: <b data-key='progress'>{answered} / {total}</b>"
        top = "".join(f"<li>{escape(p.point_id)} {escape(p.title_zh)} — {escape(level_label(p.level))}"
                      f"（{escape(p.reason_zh)}）</li>" for p in risk.top_risks(3))
        self.summary.value = (
            f"<div style='border:1px solid #ccd;border-radius:6px;padding:8px 12px'>"
            f"合规得分 Score <b class='wb-score' data-key='score'>{risk.score:.1f}</b> / 100 · "
            f"风险等级 Level <b>{escape(level_label(risk.level))}</b>"
            f"<ol style='margin:4px 0 0 0'>{top}</ol></div>")

    def _render_points(self) -> None:
        items = [self._point_widget(p) for p in self.session.points(self.filter.value)]
        self.points_box.children = items or [w.HTML("<i>没有符合条件的要点 No points match</i>")]

    def _point_widget(self, point) -> w.Widget:
        rows = []
        for control in point.controls:
            current = self.session.assessment.answers.get(control.id)
            buttons = w.ToggleButtons(options=ANSWER_OPTIONS, value=current.answer if current else None,
                                      style={"button_width": "78px"}, tooltips=[v for _, v in ANSWER_OPTIONS])
            buttons.add_class(f"wb-answer-{control.id.replace('.', '-')}")
            note = w.Text(value=current.note if current else "", placeholder="备注 Note",
                          layout=w.Layout(width="28%"))
            evidence = w.Text(value=", ".join(current.evidence) if current else "",
                              placeholder="证据 Evidence: " + control.evidence_text("zh"), layout=w.Layout(width="28%"))
            buttons.observe(lambda change, cid=control.id, n=note, e=evidence: self.answer(
                cid, change["new"], n.value, _refs(e.value)), names="value")
            for field in (note, evidence):
                field.observe(lambda change, cid=control.id, b=buttons, n=note, e=evidence: b.value and self.answer(
                    cid, b.value, n.value, _refs(e.value)), names="value")
            expected = control.evidence_text("zh") + " · " + control.evidence_text("en")
            rows.append(w.VBox([w.HTML(f"<b>{escape(control.id)}</b> {escape(control.question_zh)}"
                                       f"<br><small>{escape(control.question_en)}</small>"
                                       f"<br><small style='color:#667'>应留存证据 Evidence to keep: {escape(expected)}</small>"),
                                w.HBox([buttons, note, evidence])]))
        basis = "".join(f"<li>{escape(c['law_zh'])} 第{c['article']}条 — {escape(c['zh'])}</li>"
                        for c in (citation(law, art) for law, art in point.legal_basis)) or "<li>—</li>"
        legal = w.Accordion(children=[w.HTML(f"<ul>{basis}</ul>")], selected_index=None)
        legal.set_title(0, "法律依据 Legal basis")
        box = w.Accordion(children=[w.VBox(rows + [legal])], selected_index=None)
        box.set_title(0, f"{point.id} {point.title_zh} · {point.title_en}")
        return box


def findings_table(scan) -> str:
    """Findings per file and column (masked examples only), as HTML."""
    rows = []
    for c in scan.columns:
        for entity, info in c["entities"].items():
            rows.append(f"<tr><td>{escape(c['file'])}</td><td>{escape(c['sheet'] or '')}</td>"
                        f"<td>{escape(c['column'])}</td><td>{escape(label(entity))}</td><td>{info['rows']:,}</td>"
                        f"<td>{info['distinct']:,}</td><td>{'是' if c['masked'] else '否'}</td>"
                        f"<td>{escape('  '.join(info['examples']))}</td></tr>")
        if c["masked"]:
            rows.append(f"<tr><td>{escape(c['file'])}</td><td>{escape(c['sheet'] or '')}</td>"
                        f"<td>{escape(c['column'])}</td><td>已脱敏 masked</td><td>{c['nonempty']:,}</td><td>—</td>"
                        f"<td>是</td><td>{escape('  '.join(c['masked_examples']))}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("文件 File", "工作表 Sheet", "列 Column", "类型 Entity", "行 Rows",
                                             "主体 Subjects", "脱敏 Masked", "示例 Examples"))
    return (f"<p>{scan.rows:,} 行 rows · 约 {scan.data_subjects:,} 个信息主体 data subjects · "
            f"未成年人 minors &lt;14: {scan.minors_under_14}</p>"
            f"<table class='wb-findings'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _refs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def findings_chart(scan) -> str:
    """Rows holding each kind of personal information, as an inline chart."""
    from ..report import charts
    rows = scan.entity_rows()
    if not rows:
        return ""
    return charts.bar_chart([label(e) for e in rows], list(rows.values()), "个人信息类型分布（行数）")


def open_company(folder, name: str | None = None, scenario: str | None = None, consultant: str = ""):
    """The workbench for a company folder (answers resume from its assessment file).

    For a folder without ``company.yaml``: with ``name`` and ``scenario`` the company is
    created; without them a small form asks for them.
    """
    from pathlib import Path
    if (Path(folder) / "company.yaml").is_file():
        return WorkbenchApp(AssessmentSession.open(folder))
    if name and scenario:
        return WorkbenchApp(AssessmentSession.create(folder, name, scenario, consultant))
    return new_company_form(folder)


def new_company_form(folder) -> w.VBox:
    """Name, scenario and consultant for a new company; replaced by the app once created."""
    from ..checklists import available, load_checklist
    name = w.Text(description="公司名称 Name")
    scenario = w.Dropdown(description="场景 Scenario",
                          options=[(f"{load_checklist(s).title_zh}", s) for s in available()])
    consultant = w.Text(description="顾问 Consultant")
    create = w.Button(description="创建 Create", button_style="primary")
    message = w.HTML()
    box = w.VBox([w.HTML(f"<b>新建公司 New company</b>: {escape(str(folder))}"), name, scenario, consultant,
                  create, message])

    def on_create(_):
        if not name.value.strip():
            message.value = "<span style='color:#b71c1c'>请填写公司名称 Please enter a name</span>"
            return
        app = WorkbenchApp(AssessmentSession.create(folder, name.value.strip(), scenario.value, consultant.value))
        box.children = [app]

    create.on_click(on_create)
    return box
