"""The consultant's session and widgets, without a browser (the browser test drives JupyterLab)."""

from __future__ import annotations

import re
import shutil

import ipywidgets as w
import pytest

from workbench.assessment import Assessment, AssessmentError, AssessmentSession
from workbench.ui import WorkbenchApp


@pytest.fixture
def company(tmp_path, samples):
    folder = tmp_path / "company"
    shutil.copytree(samples / "huakang_home_services", folder)
    return folder


def test_answers_autosave_with_audit_and_resume(company):
    session = AssessmentSession.open(company, who="林晓")
    first_unanswered = next(
        c.id for p in session.checklist.points for c in p.controls if c.id not in session.assessment.answers
    )
    before = session.progress()[0]
    session.answer(first_unanswered, "non_compliant", note="无销毁记录")
    on_disk = Assessment.load(company / "assessment.yaml")
    assert on_disk.answers[first_unanswered].answer == "non_compliant"
    assert on_disk.answers[first_unanswered].note == "无销毁记录"
    mine = [(e.who, e.field, e.old, e.new) for e in on_disk.audit if e.control == first_unanswered]
    assert mine == [("林晓", "answer", None, "non_compliant"), ("林晓", "note", None, "无销毁记录")]
    resumed = AssessmentSession.open(company)
    assert resumed.progress()[0] == before + 1


def test_create_and_refuse_existing(tmp_path):
    session = AssessmentSession.create(tmp_path / "new_co", "新公司", "account_transfer", consultant="周航")
    assert session.progress() == (0, len(session.checklist.control_ids))
    with pytest.raises(AssessmentError, match="already exists"):
        AssessmentSession.create(tmp_path / "new_co", "x", "account_transfer")
    with pytest.raises(Exception, match="no checklist for scenario"):
        AssessmentSession.create(tmp_path / "other", "x", "no_such")


def test_filters(company):
    session = AssessmentSession.open(company)
    all_points = list(session.points("all"))
    unanswered = list(session.points("unanswered"))
    non_compliant = list(session.points("non_compliant"))
    assert len(all_points) == 20 and 0 < len(unanswered) < 20
    assert all(
        any(
            session.assessment.answers.get(c.id) and session.assessment.answers[c.id].answer == "non_compliant"
            for c in p.controls
        )
        for p in non_compliant
    )


def toggles(widget):
    if isinstance(widget, w.ToggleButtons):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from toggles(child)


def score_of(app):
    return float(re.search(r"data-key='score'>([\d.]+)<", app.summary.value).group(1))


def buttons_of(app, control_id):
    return next(b for b in toggles(app) if f"wb-answer-{control_id.replace('.', '-')}" in b._dom_classes)


def test_clicking_an_answer_saves_and_moves_the_score(company):
    app = WorkbenchApp(AssessmentSession.open(company, who="tester"))
    before = score_of(app)
    buttons = list(toggles(app))
    assert len(buttons) == len(app.session.checklist.control_ids)
    answers = app.session.assessment.answers

    def control_of(button):
        return re.search(r"wb-answer-(P\d\d-\d+)", " ".join(button._dom_classes)).group(1).replace("-", ".")

    def point_already_failing(cid):  # one more failing control there would not move the score
        return any(a.answer == "non_compliant" for k, a in answers.items() if k.split(".")[0] == cid.split(".")[0])

    first = next(b for b in buttons if b.value != "non_compliant" and not point_already_failing(control_of(b)))
    control_id = control_of(first)
    first.value = "non_compliant"  # what a click does
    assert Assessment.load(company / "assessment.yaml").answers[control_id].answer == "non_compliant"
    assert score_of(app) < before
    app.filter.value = "non_compliant"
    assert all(isinstance(child, w.Accordion) for child in app.points_box.children)


def test_scan_panel_shows_masked_examples_only(company):
    app = WorkbenchApp(AssessmentSession.open(company))
    app.session.run_scan(progress=False)
    from workbench.ui.app import findings_table

    table = findings_table(app.session.scan)
    assert "居民身份证号" in table and not re.search(r"\d{17}[\dX]", table)


def test_new_company_form_creates_the_folder(tmp_path):
    from workbench.ui import open_company

    form = open_company(tmp_path / "new_co")
    name, scenario, consultant, create = form.children[1:5]
    create.click()  # no name yet: refused
    assert not (tmp_path / "new_co" / "company.yaml").exists() and "请填写" in form.children[5].value
    name.value, scenario.value, consultant.value = "新注销公司", "deregistration", "林晓"
    create.click()
    assert (tmp_path / "new_co" / "company.yaml").is_file()
    assert isinstance(form.children[0], WorkbenchApp)


def test_scan_panel_reports_a_wrong_path(company):
    app = WorkbenchApp(AssessmentSession.open(company))
    app.scan_paths.value = str(company / "no_such_folder")
    app.run_scan()
    assert "no such file" in app.scan_status.value and "no_such_folder" in app.scan_status.value


def test_a_wrong_path_named_by_a_person_is_said_masked(company):
    app = WorkbenchApp(AssessmentSession.open(company))
    app.scan_paths.value = str(company / "王五简历.csv")
    app.run_scan()
    assert "no such file" in app.scan_status.value and "王*简历.csv" in app.scan_status.value
    assert "王五" not in app.scan_status.value


def test_corrupt_answers_file_is_named_and_left_untouched(company):
    from workbench.ui import open_company

    broken = company / "assessment.yaml"
    broken.write_text("format: workbench-assessment/1\nanswers: [oops\n", "utf-8")
    before = broken.read_bytes()
    panel = open_company(company)  # one line naming the file, not a traceback
    assert isinstance(panel, w.HTML) and "wb-open-error" in panel._dom_classes
    assert "assessment.yaml" in panel.value and "corrupt" in panel.value and "无法打开" in panel.value
    assert broken.read_bytes() == before


def test_a_colleagues_save_is_shown_and_reload_keeps_my_click(company, monkeypatch):
    import ipywidgets

    class Recorded(ipywidgets.ToggleButtons):  # the value each answer's buttons are created with
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.at_creation = self.value

    monkeypatch.setattr(ipywidgets, "ToggleButtons", Recorded)
    mine = WorkbenchApp(AssessmentSession.open(company, who="林晓"))
    theirs = AssessmentSession.open(company, who="周航")
    answers = mine.session.assessment.answers
    ids = [c for c in mine.session.checklist.control_ids if c not in answers or answers[c].answer == "compliant"]
    theirs.answer(ids[0], "partial")  # a colleague saves first
    mine.filter.value = "all"
    mine._point_widget(mine._point(ids[1]))
    answered = mine.session.progress()[0]
    buttons_of(mine, ids[1]).value = "non_compliant"  # my click: refused by the file
    assert "周航" in mine.alert.value and "Not saved" in mine.alert.value and "未保存" in mine.alert.value
    assert mine.reload_button.layout.display != "none"
    assert buttons_of(mine, ids[1]).value == (
        theirs.assessment.answers[ids[1]].answer if ids[1] in theirs.assessment.answers else None
    )
    assert mine.session.progress()[0] == answered  # the counter did not pretend
    mine.reload()
    on_disk = Assessment.load(company / "assessment.yaml")
    assert on_disk.answers[ids[0]].answer == "partial"  # theirs kept
    assert on_disk.answers[ids[1]].answer == "non_compliant"  # mine saved after the reload
    assert buttons_of(mine, ids[1]).value == "non_compliant" and mine.reload_button.layout.display == "none"
    assert buttons_of(mine, ids[1]).at_creation == "non_compliant"  # shown answered from the start


def test_reload_rebuilds_the_points_with_the_open_ones_open_from_the_start(company, monkeypatch):
    """The browser renders a widget from the state it is created with; a point opened by a later
    update was seen shown closed after Reload. So the rebuilt point must be open at creation."""
    import ipywidgets

    class Recorded(ipywidgets.Accordion):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.at_creation, self.updates = self.selected_index, []
            self.observe(lambda change: self.updates.append(change.new), names="selected_index")

    monkeypatch.setattr(ipywidgets, "Accordion", Recorded)
    app = WorkbenchApp(AssessmentSession.open(company, who="林晓"))
    first, second = app.session.checklist.points[:2]
    before = app._point_widgets[first.id]
    before.selected_index = 0  # the consultant opened the first point
    app.reload()
    after = app._point_widgets[first.id]
    assert after is not before  # rebuilt from the file as it is now
    assert after.at_creation == 0 and after.updates == []  # open when created, not by an update
    assert app._point_widgets[second.id].at_creation is None and app._point_widgets[second.id].selected_index is None
    assert after in app.points_box.children and before not in app.points_box.children


def test_clearing_an_answer_and_the_unanswered_filter(company):
    app = WorkbenchApp(AssessmentSession.open(company, who="t"))
    app.filter.value = "unanswered"
    point = next(iter(app.session.points("unanswered")))
    for c in point.controls:
        if c.id not in app.session.assessment.answers:
            buttons_of(app, c.id).value = "compliant"
    assert point.id not in {b.get_title(0).split()[0] for b in app.points_box.children if isinstance(b, w.Accordion)}
    app.filter.value = "all"
    cid = point.controls[0].id
    app._point_widgets[point.id]._controls[cid]  # the widgets exist
    clear = next(x for x in _all(app) if f"wb-clear-{cid.replace('.', '-')}" in getattr(x, "_dom_classes", ()))
    clear.click()
    assert cid not in Assessment.load(company / "assessment.yaml").answers
    assert buttons_of(app, cid).value is None and "○" in app._point_widgets[point.id].get_title(0)


def _all(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all(child)


def test_a_new_company_has_no_score_yet_and_an_empty_folder_says_where_files_go(tmp_path):
    app = WorkbenchApp(AssessmentSession.create(tmp_path / "co", "新公司", "deregistration"))
    assert "尚未回答" in app.summary.value and "data-key='score'>—<" in app.summary.value
    app.run_scan()
    assert "data/" in app.scan_status.value and "No files to scan" in app.scan_status.value
    assert not app.scan_button.disabled


def test_a_mistyped_folder_is_named_not_taken_for_a_new_company(tmp_path):
    from workbench.ui import open_company

    form = open_company(tmp_path / "no_such_compnay")
    assert "Folder not found" in form.children[0].value and "找不到文件夹" in form.children[0].value
    assert not (tmp_path / "no_such_compnay").exists()


@pytest.mark.slow
def test_the_last_scan_is_kept_until_the_files_change(company):
    app = WorkbenchApp(AssessmentSession.open(company))
    app.run_scan()
    scanned = score_of(app)
    again = WorkbenchApp(AssessmentSession.open(company))  # a kernel restart
    assert again.session.scan is not None and score_of(again) == scanned
    assert "reused" in again.scan_status.value and again.session.kept_scan.taken_at[:4] in again.summary.value
    data_file = next((company / "data").iterdir())
    with open(data_file, "ab") as fh:  # a file changed since the scan
        fh.write(b"\n")
    stale = WorkbenchApp(AssessmentSession.open(company))
    assert stale.session.scan is None and data_file.name in stale.scan_status.value
    assert "scan again" in stale.summary.value
    import json

    kept = json.loads((company / ".last-scan.json").read_text("utf-8"))
    assert not re.search(r"\d{17}[\dX]|1[3-9]\d{9}", json.dumps(kept["scan"]["columns"], ensure_ascii=False))


def test_a_broken_kept_scan_does_not_stop_the_work(company):
    (company / ".last-scan.json").write_text("{not json", "utf-8")
    app = WorkbenchApp(AssessmentSession.open(company))
    assert app.session.scan is None and ".last-scan.json" in app.scan_status.value
    assert "not scanned" in app.summary.value


def test_a_save_the_folder_refuses_is_said_not_logged(company):
    app = WorkbenchApp(AssessmentSession.open(company))
    (company / ".assessment.yaml.lock").mkdir()  # the lock cannot be opened: an OSError (even as root)
    cid = next(c for c in app.session.checklist.control_ids if c not in app.session.assessment.answers)
    app._point_widget(app._point(cid))
    buttons_of(app, cid).value = "partial"
    assert "Not saved" in app.alert.value and "未能保存" in app.alert.value
    assert buttons_of(app, cid).value is None and cid not in app.session.assessment.answers


def status_of(app, action_id):
    return app._action_rows[action_id][2]


def shown_actions(app):
    return [aid for aid, (row, _, _) in app._action_rows.items() if row in app.actions_box.children]


def test_remediation_status_is_saved_audited_and_follows_the_answers(company):
    import datetime

    app = WorkbenchApp(AssessmentSession.open(company, who="林晓"))
    plan = app.session.actions("zh")
    assert shown_actions(app) and set(shown_actions(app)) == {a.id for a in plan}  # the report's plan, no other
    action = next(a for a in plan if a.kind == "controls")
    row_text = app._action_rows[action.id][1].value
    due = (datetime.date.today() + datetime.timedelta(days=action.deadline_days)).isoformat()
    assert action.due == due and due in row_text and level_label_both(action.priority) in row_text
    status_of(app, action.id).value = "in_progress"  # what choosing a status does
    on_disk = Assessment.load(company / "assessment.yaml")
    assert on_disk.remediation[action.id] == "in_progress"
    entry = on_disk.audit[-1]
    assert (entry.who, entry.control, entry.old, entry.new) == ("林晓", f"action:{action.id}", "open", "in_progress")
    assert "处理中 1" in app.actions_head.value and "in progress 1" in app.actions_head.value
    # fixing the point's failing controls takes its action off the list; failing again brings it back,
    # with the status it had (the id is stable)
    point = next(p for p in app.session.checklist.points if p.id == action.point)
    failing = [
        c.id
        for c in point.controls
        if app.session.assessment.answers.get(c.id)
        and app.session.assessment.answers[c.id].answer in ("partial", "non_compliant")
    ]
    app._point_widget(point)
    for cid in failing:
        buttons_of(app, cid).value = "compliant"
    assert action.id not in shown_actions(app)
    buttons_of(app, failing[0]).value = "non_compliant"
    assert action.id in shown_actions(app) and status_of(app, action.id).value == "in_progress"


def level_label_both(level):
    from workbench.risk.model import level_label

    return f"{level_label(level)} {level_label(level, 'en')}"


def test_a_refused_status_change_is_shown_and_saved_after_reload(company):
    mine = WorkbenchApp(AssessmentSession.open(company, who="林晓"))
    theirs = AssessmentSession.open(company, who="周航")
    first, second = shown_actions(mine)[:2]
    theirs.set_action_status(first, "done")  # a colleague saves first
    status_of(mine, second).value = "done"  # my choice: refused by the file
    assert "周航" in mine.alert.value and "未保存" in mine.alert.value and "Not saved" in mine.alert.value
    assert status_of(mine, second).value == "open" and second not in mine.session.assessment.remediation
    assert second not in Assessment.load(company / "assessment.yaml").remediation
    mine.reload()
    on_disk = Assessment.load(company / "assessment.yaml").remediation
    assert on_disk == {first: "done", second: "done"}  # theirs kept, mine saved
    assert status_of(mine, first).value == "done" and status_of(mine, second).value == "done"
    assert "wb-action-done" in mine._action_rows[first][0]._dom_classes
