"""Honest scoring and actionable remediation: provisional, unrated, N/A, data-naming actions, saved status."""

from __future__ import annotations

import datetime

import pytest

from workbench.assessment import Assessment, AssessmentError, AssessmentSession
from workbench.checklists import load_checklist
from workbench.risk import ScanFacts, score
from workbench.risk.model import MIN_ANSWERED_SHARE
from workbench.risk.rules import Exposure


@pytest.fixture
def checklist():
    return load_checklist("post_deregistration")


def answered(checklist, value, share=1.0):
    a = Assessment(checklist.scenario)
    ids = checklist.control_ids
    for cid in ids[: round(len(ids) * share)]:
        a.set(cid, value, who="t")
    return a


def test_nothing_answered_gives_no_level(checklist):
    result = score(checklist, Assessment(checklist.scenario))
    assert result.provisional and not result.rated and result.level == "unrated"


def test_level_given_from_the_minimum_share(checklist):
    above = score(checklist, answered(checklist, "compliant", MIN_ANSWERED_SHARE + 0.05))
    below = score(checklist, answered(checklist, "compliant", MIN_ANSWERED_SHARE - 0.1))
    assert above.rated and above.provisional
    assert not below.rated
    full = score(checklist, answered(checklist, "compliant"))
    assert full.rated and not full.provisional and full.answered_share == 1.0


def test_not_applicable_point_is_shown_as_na_not_low(checklist):
    a = answered(checklist, "compliant")
    point = checklist.points[0]
    for c in point.controls:
        a.set(c.id, "not_applicable", who="t")
    p = next(x for x in score(checklist, a).points if x.point_id == point.id)
    assert p.not_applicable and p.level == "not_applicable" and "not applicable" in p.reason_en.lower()
    assert "控制措施已落实" not in p.reason_zh


def test_unanswered_controls_are_never_actions_but_to_complete(checklist):
    result = score(checklist, Assessment(checklist.scenario))
    assert result.actions("zh") == []  # nothing failing, no scan: nothing to remediate yet
    todo = dict(result.to_complete())
    assert sum(len(v) for v in todo.values()) == len(checklist.control_ids)


def test_compliant_point_gets_no_action_and_english_plurals(checklist):
    a = answered(checklist, "compliant")
    point = checklist.points[4]
    a.set(point.controls[0].id, "non_compliant", who="t")
    result = score(checklist, a)
    plan = result.actions("en")
    assert [x.point for x in plan if x.kind == "controls"] == [point.id]
    assert "fix control " in plan[0].text and "1 control not fully met" in plan[0].reason
    assert "control(s)" not in " ".join(p.reason_en for p in result.points)


def test_data_actions_name_the_file_sheet_column_and_count(checklist):
    facts = ScanFacts(
        data_subjects=900,
        free_text_identifiers=12,
        unmasked_identifier_columns=1,
        exposures=(
            Exposure("customers.xlsx", "客户", "身份证号", "column", (("CN_RESIDENT_ID", 741),), 741, True),
            Exposure("tickets.parquet", None, "工单内容", "free_text", (("CN_MOBILE_PHONE", 12),), 12, False),
        ),
    )
    start = datetime.date(2026, 1, 10)
    plan = score(checklist, answered(checklist, "compliant"), facts).actions("zh", start)
    data = {a.id: a for a in plan if a.kind == "data"}
    column = data["data:customers.xlsx/客户/身份证号"]
    assert "customers.xlsx / 客户 / 身份证号" in column.text and "741" in column.text
    assert column.priority == "high" and column.due == "2026-02-09"  # 30 days after the assessment date
    assert "tickets.parquet / 工单内容" in data["data:tickets.parquet//工单内容"].text
    assert all(a.status == "open" for a in plan)


def test_action_status_is_saved_audited_and_read_back(tmp_path, samples):
    import shutil

    folder = tmp_path / "co"
    shutil.copytree(samples / "xinyuan_trading", folder)
    session = AssessmentSession.open(folder, who="lin")
    session.set_action_status("data:members_gb18030.csv//手机号", "in_progress")
    again = AssessmentSession.open(folder)
    assert again.assessment.remediation == {"data:members_gb18030.csv//手机号": "in_progress"}
    entry = again.assessment.audit[-1]
    assert (entry.control, entry.old, entry.new, entry.who) == (
        "action:data:members_gb18030.csv//手机号",
        "open",
        "in_progress",
        "lin",
    )
    plan = again.risk().actions("zh")  # no scan in the session: status still attaches by id to control actions
    assert all(a.status == "open" for a in plan)
    with pytest.raises(ValueError, match="status must be one of"):
        again.set_action_status("P01", "maybe")


def test_unknown_status_in_file_is_named(tmp_path):
    path = tmp_path / "assessment.yaml"
    path.write_text("format: workbench-assessment/1\nscenario: x\nanswers: {}\nremediation:\n  P01: later\n", "utf-8")
    with pytest.raises(AssessmentError, match="P01: unknown status 'later'"):
        Assessment.load(path)
