"""Answers (autosave, audit, corrupt files) and the risk model's golden numbers."""
from __future__ import annotations

import pytest
import yaml

from workbench.assessment import Assessment, AssessmentError, Company
from workbench.checklists import load_checklist
from workbench.risk import ScanFacts, score
from workbench.risk.model import risk_level


@pytest.fixture
def checklist():
    return load_checklist("post_deregistration")


def answer_all(checklist, value):
    a = Assessment(checklist.scenario)
    for cid in checklist.control_ids:
        a.set(cid, value, who="tester")
    return a


def test_all_compliant_scores_by_hand(checklist):
    result = score(checklist, answer_all(checklist, "compliant"))
    # every point: likelihood 1, risk = impact; score = 100·(1 − Σw(I−1)/15 / Σw)
    expected = 100 * (1 - sum(p.weight * (p.impact_level - 1) / 15 for p in checklist.points) /
                      sum(p.weight for p in checklist.points))
    assert result.score == round(expected, 1)
    assert all(r.likelihood == 1 and r.risk == p.impact_level for r, p in zip(result.points, checklist.points))


def test_all_non_compliant_is_severe(checklist):
    result = score(checklist, answer_all(checklist, "non_compliant"))
    critical = [p for p in result.points if p.impact == 4]
    assert critical and all(p.risk == 16 and p.level == "severe" for p in critical)
    assert result.level == "severe"


def test_unanswered_is_never_fine(checklist):
    empty = score(checklist, Assessment(checklist.scenario))
    compliant = score(checklist, answer_all(checklist, "compliant"))
    assert empty.score < compliant.score
    assert len(empty.unanswered_points) == 20
    assert all(p.likelihood == 3 for p in empty.points)


def test_golden_point_with_scan_evidence(checklist):
    a = Assessment(checklist.scenario)
    deletion = next(p for p in checklist.points if p.category == "deletion")
    first, *rest = deletion.controls
    a.set(first.id, "partial", who="t")
    for c in rest:
        a.set(c.id, "compliant", who="t")
    plain = next(p for p in score(checklist, a).points if p.point_id == deletion.id)
    assert (plain.impact, plain.likelihood, plain.risk) == (4, 3, 12)
    facts = ScanFacts(data_subjects=5000, sensitive_entities=("CN_RESIDENT_ID",), free_text_identifiers=3)
    with_scan = next(p for p in score(checklist, a, facts).points if p.point_id == deletion.id)
    # impact already 4 (capped); free-text identifiers raise likelihood 3 → 4
    assert (with_scan.impact, with_scan.likelihood, with_scan.risk) == (4, 4, 16)
    assert any("free_text_ids" in step for step in with_scan.trace)
    assert "PIPL Art. 51" in " ".join(with_scan.trace)


def test_not_applicable_points_are_excluded(checklist):
    a = answer_all(checklist, "compliant")
    base = score(checklist, a)
    worst = max(checklist.points, key=lambda p: p.impact_level * p.weight)
    for c in worst.controls:
        a.set(c.id, "not_applicable", who="t")
    result = score(checklist, a)
    assert next(p for p in result.points if p.point_id == worst.id).not_applicable
    assert result.score > base.score


def test_levels():
    assert [risk_level(r) for r in (1, 4, 8, 12, 16)] == ["low", "medium", "high", "severe", "severe"]


def test_remediation_plan_has_owner_deadline_priority(checklist):
    plan = score(checklist, answer_all(checklist, "non_compliant")).remediation("en")
    assert plan and all({"action", "priority", "deadline_days", "owner", "reason"} <= set(a) for a in plan)
    assert plan[0]["priority"] == "severe" and plan[0]["deadline_days"] == 15


def test_deterministic(checklist):
    a = answer_all(checklist, "partial")
    assert score(checklist, a).score == score(checklist, a).score


def test_audit_trail_and_atomic_resume(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    a = Assessment(checklist.scenario)
    cid = checklist.control_ids[0]
    a.set(cid, "partial", who="lin")
    a.set(cid, "compliant", who="lin")
    a.save(path)
    again = Assessment.load(path)
    assert again.answers[cid].answer == "compliant"
    assert [(e.old, e.new, e.who) for e in again.audit] == [(None, "partial", "lin"), ("partial", "compliant", "lin")]
    assert not list(tmp_path.glob(".*.tmp"))


def test_crash_mid_save_keeps_previous_version(tmp_path, checklist, monkeypatch):
    path = tmp_path / "assessment.yaml"
    a = Assessment(checklist.scenario)
    a.set(checklist.control_ids[0], "partial", who="t")
    a.save(path)
    before = path.read_bytes()
    a.set(checklist.control_ids[1], "compliant", who="t")
    import os

    def crash(*args):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        a.save(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("content,problem", [("answers: [oops", "corrupt"), ("just: a dict\n", "not a workbench"),
                                             ("format: workbench-assessment/1\nscenario: x\nanswers:\n  P01.1: {answer: maybe}\n",
                                              "unknown answer")])
def test_corrupt_or_foreign_files_are_named(tmp_path, content, problem):
    path = tmp_path / "assessment.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(AssessmentError) as err:
        Assessment.load(path)
    assert problem in str(err.value) and "assessment.yaml" in str(err.value)


def test_sample_companies_load(samples):
    for folder in sorted(samples.iterdir()):
        company = Company.load(folder)
        company.assessment().check_against(company.checklist)
        assert company.dataset_sources()
        data = yaml.safe_load((folder / "company.yaml").read_text("utf-8"))
        assert data["scenario"] == company.scenario


def test_concurrent_edits_are_detected_not_merged(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    a = Assessment(checklist.scenario)
    a.set(checklist.control_ids[0], "partial", who="lin")
    a.save(path)
    mine, theirs = Assessment.load(path), Assessment.load(path)
    theirs.set(checklist.control_ids[1], "compliant", who="zhou")
    theirs.save(path)
    mine.set(checklist.control_ids[2], "non_compliant", who="lin")
    with pytest.raises(AssessmentError, match="changed by someone else"):
        mine.save(path)
    on_disk = Assessment.load(path)
    assert checklist.control_ids[1] in on_disk.answers and checklist.control_ids[2] not in on_disk.answers
    mine.save(path, force=True)                                  # an explicit decision
    assert checklist.control_ids[2] in Assessment.load(path).answers


def test_new_file_then_repeated_saves(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    a = Assessment(checklist.scenario)
    for cid in checklist.control_ids[:3]:
        a.set(cid, "compliant", who="t")
        a.save(path)                                             # autosave after each change
    assert len(Assessment.load(path).answers) == 3


def test_remediation_names_the_evidence_of_failing_controls(checklist):
    a = Assessment(checklist.scenario)
    deletion = next(p for p in checklist.points if p.category == "deletion")
    for c in deletion.controls:
        a.set(c.id, "compliant", who="t")
    failing = deletion.controls[2]
    a.set(failing.id, "non_compliant", who="t")
    result = score(checklist, a)
    point = next(p for p in result.points if p.point_id == deletion.id)
    assert point.failing_controls == [failing.id] and point.evidence_needed == list(failing.evidence)
    action = next(x for x in result.remediation("zh") if x["point"] == deletion.id)
    assert failing.id in action["action"]
    assert action["evidence"] == failing.evidence_labels("zh")
    assert all(label in action["action"] for label in action["evidence"])


def test_ten_million_subjects_raise_transfer_and_deletion_impact():
    checklist = load_checklist("joint_stock_deregistration")
    a = answer_all(checklist, "partial")
    small = {p.point_id: p for p in score(checklist, a, ScanFacts(data_subjects=5_000)).points}
    huge = {p.point_id: p for p in score(checklist, a, ScanFacts(data_subjects=12_000_000)).points}
    transfer = next(p for p in checklist.points if p.category == "transfer")
    assert small[transfer.id].impact == transfer.impact_level == 4    # critical already: capped
    medium = next(p for p in checklist.points if p.category == "governance" and p.impact_level <= 2)
    assert huge[medium.id].impact == small[medium.id].impact + 1      # the 10M rule (the 1M one is outbound only)
    assert any("NDSMR Art. 28, 30, 32" in step for step in huge[medium.id].trace)
    assert not any("(unverified)" in step for step in huge[medium.id].trace)
