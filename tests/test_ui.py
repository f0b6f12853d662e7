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
    first_unanswered = next(c.id for p in session.checklist.points for c in p.controls
                            if c.id not in session.assessment.answers)
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
    assert all(any(session.assessment.answers.get(c.id) and session.assessment.answers[c.id].answer ==
                   "non_compliant" for c in p.controls) for p in non_compliant)


def toggles(widget):
    if isinstance(widget, w.ToggleButtons):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from toggles(child)


def score_of(app):
    return float(re.search(r"data-key='score'>([\d.]+)<", app.summary.value).group(1))


def test_clicking_an_answer_saves_and_moves_the_score(company):
    app = WorkbenchApp(AssessmentSession.open(company, who="tester"))
    before = score_of(app)
    buttons = list(toggles(app))
    assert len(buttons) == len(app.session.checklist.control_ids)
    first = next(b for b in buttons if b.value != "non_compliant")
    control_id = re.search(r"wb-answer-(P\d\d-\d+)", " ".join(first._dom_classes)).group(1).replace("-", ".")
    first.value = "non_compliant"                            # what a click does
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
    create.click()                                              # no name yet: refused
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


def test_corrupt_answers_file_is_named_and_left_untouched(company):
    from workbench.ui import open_company
    broken = company / "assessment.yaml"
    broken.write_text("format: workbench-assessment/1\nanswers: [oops\n", "utf-8")
    before = broken.read_bytes()
    with pytest.raises(AssessmentError, match="assessment.yaml.*corrupt"):
        open_company(company)
    assert broken.read_bytes() == before
