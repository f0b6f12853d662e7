"""Answers (autosave, audit, corrupt files) and the risk model's golden numbers."""

from __future__ import annotations

import multiprocessing
import os
import stat

import pytest
import yaml

from workbench.assessment import Assessment, AssessmentConflict, AssessmentError, Company
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
    expected = 100 * (
        1
        - sum(p.weight * (p.impact_level - 1) / 15 for p in checklist.points) / sum(p.weight for p in checklist.points)
    )
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


@pytest.mark.parametrize(
    "content,problem",
    [
        ("answers: [oops", "corrupt"),
        ("just: a dict\n", "not a workbench"),
        ("format: workbench-assessment/1\nscenario: x\nanswers:\n  P01.1: {answer: maybe}\n", "unknown answer"),
    ],
)
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
    mine.save(path, force=True)  # an explicit decision
    assert checklist.control_ids[2] in Assessment.load(path).answers


def test_new_file_then_repeated_saves(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    a = Assessment(checklist.scenario)
    for cid in checklist.control_ids[:3]:
        a.set(cid, "compliant", who="t")
        a.save(path)  # autosave after each change
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
    assert small[transfer.id].impact == transfer.impact_level == 4  # critical already: capped
    medium = next(p for p in checklist.points if p.category == "governance" and p.impact_level <= 2)
    assert huge[medium.id].impact == small[medium.id].impact + 1  # the 10M rule (the 1M one is outbound only)
    assert any("NDSMR Art. 28, 30, 32" in step for step in huge[medium.id].trace)
    assert not any("(unverified)" in step for step in huge[medium.id].trace)


# -- saves shared by colleagues: file mode, locking, stale temporaries ---------------------------
def test_saves_keep_the_file_mode(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    a = Assessment(checklist.scenario)
    a.set(checklist.control_ids[0], "partial", who="lin")
    a.save(path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # a new file: as open() would make it
    for mode in (0o644, 0o664, 0o640):
        path.chmod(mode)
        a.set(checklist.control_ids[1], "compliant" if mode != 0o664 else "partial", who="lin")
        a.save(path)
        assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_conflict_names_who_saved_and_when(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    Assessment(checklist.scenario).save(path)
    mine, theirs = Assessment.load(path), Assessment.load(path)
    theirs.set(checklist.control_ids[1], "compliant", who="周航")
    theirs.save(path)
    mine.set(checklist.control_ids[2], "partial", who="lin")
    with pytest.raises(AssessmentConflict) as err:
        mine.save(path)
    assert err.value.changed_by == "周航" and err.value.changed_at[:4].isdigit()
    assert "周航" in str(err.value)


def test_notes_and_evidence_are_audited(checklist):
    a = Assessment(checklist.scenario)
    cid = checklist.control_ids[0]
    a.set(cid, "partial", note="", evidence=[], who="lin")
    a.set(cid, "partial", note="销毁记录不完整", who="lin")
    a.set(cid, "partial", evidence=["destruction_log"], who="zhou")
    a.set(cid, None, who="zhou")  # cleared: answer, note and evidence go
    assert [(e.field, e.old, e.new, e.who) for e in a.audit] == [
        ("answer", None, "partial", "lin"),
        ("note", None, "销毁记录不完整", "lin"),
        ("evidence", None, "destruction_log", "zhou"),
        ("answer", "partial", None, "zhou"),
        ("note", "销毁记录不完整", None, "zhou"),
        ("evidence", "destruction_log", None, "zhou"),
    ]
    assert cid not in a.answers


def test_stale_temporaries_are_cleaned_on_open(tmp_path, checklist):
    path = tmp_path / "assessment.yaml"
    Assessment(checklist.scenario).save(path)
    for i in range(3):  # what kill -9 during a save leaves
        (tmp_path / f".assessment.yaml.dead{i}.tmp").write_text("format: half", "utf-8")
    (tmp_path / ".other.yaml.x.tmp").write_text("not ours", "utf-8")
    Assessment.load(path)
    assert not list(tmp_path.glob(".assessment.yaml.*.tmp"))
    assert (tmp_path / ".other.yaml.x.tmp").exists()


def _writer(path: str, controls: list[str], rounds: int, start, results) -> None:
    """One consultant's process: answer its own controls over and over, reload when refused."""
    mine = Assessment.load(path)
    saved: list[str] = []
    start.wait()
    for i in range(rounds):
        control = controls[i % len(controls)]
        value = ("compliant", "partial", "non_compliant")[i % 3]
        token = f"{os.getpid()}-{i}"  # each save's note is unique
        mine.set(control, value, note=token, who=str(os.getpid()))
        try:
            mine.save(path)
            saved.append(token)  # reported to the user as saved
        except AssessmentError:
            mine = Assessment.load(path)  # refused: reload, go on
    results.put(saved)


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 4])
def test_every_reported_save_survives_concurrent_writers(tmp_path, checklist, writers):
    """Issue 23: with the check and the write not under one lock, reported saves were lost."""
    path = tmp_path / "assessment.yaml"
    Assessment(checklist.scenario).save(path)
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(writers), ctx.Queue()
    ids = checklist.control_ids
    procs = [
        ctx.Process(target=_writer, args=(str(path), ids[k::writers][:6], 40, start, results)) for k in range(writers)
    ]
    for p in procs:
        p.start()
    saved = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    # every save reported as done left its audit entry in the final file
    in_file = {e.new for e in Assessment.load(path).audit if e.field == "note"}
    assert all(saved), "every writer had at least one save accepted"
    lost = [token for tokens in saved for token in tokens if token not in in_file]
    assert not lost


def test_workbench_and_report_count_due_dates_from_the_same_day(tmp_path, samples):
    import datetime
    import shutil

    from workbench.assessment import AssessmentSession
    from workbench.report import sections

    folder = tmp_path / "co"
    shutil.copytree(samples / "huakang_home_services", folder)
    profile = yaml.safe_load((folder / "company.yaml").read_text("utf-8"))
    profile["document"] = {"date": "2026-03-01"}
    (folder / "company.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    session = AssessmentSession.open(folder)
    plan = session.actions("en")
    assert plan and all(
        a.due == (datetime.date(2026, 3, 1) + datetime.timedelta(days=a.deadline_days)).isoformat() for a in plan
    )

    class Ctx:  # what the report's section reads: the company and the report date
        company, generated_at = session.company, "2026-11-30"

    assert sections.assessment_date(Ctx) == datetime.date(2026, 3, 1)
    session.company.document = {}
    assert sections.assessment_date(Ctx) == datetime.date(2026, 11, 30)
    assert (
        session.actions("zh")[0].due
        == (datetime.date.today() + datetime.timedelta(days=session.actions("zh")[0].deadline_days)).isoformat()
    )
