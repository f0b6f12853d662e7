"""Impact × likelihood per point, an overall score, top risks and a remediation plan.

Method (after GB/T 39335-2020, personal information security impact assessment):
- impact 1-4 comes from the point's impact level in the checklist, +1 per scan evidence
  rule that applies to the point's category and raises impact (capped at 4);
- likelihood 1-4 comes from the answers: compliant 1, partial 3, non-compliant 4, the
  worst answered control of the point counting; unanswered controls count as 3 (as if
  partially compliant, never as fine) and the point is flagged as incompletely answered;
  scan rules that raise likelihood add 1;
- risk = impact × likelihood (1-16): 12+ severe, 8+ high, 4+ medium, else low;
- score 0-100 = 100 × (1 − Σ weight·(risk−1)/15 / Σ weight) over points that are not
  wholly "not applicable" (those leave the score and are shown as N/A);
- score bands: 85+ low, 70+ medium, 50+ high, else severe;
- an assessment with any unanswered control is *provisional*; below
  ``MIN_ANSWERED_SHARE`` of its controls answered it gets no level at all ("unrated"),
  because the unanswered controls would then decide the level.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from ..checklists import Checklist, citation, evidence_label
from ..i18n import field as field_
from ..i18n import pick, sep, t
from .rules import EVIDENCE_RULES, ScanFacts, describe

LIKELIHOOD = {"compliant": 1, "partial": 3, "non_compliant": 4}
UNANSWERED_LIKELIHOOD = 3
LEVELS = (("severe", 12, "严重"), ("high", 8, "高"), ("medium", 4, "中"), ("low", 1, "低"))
SCORE_LEVELS = (("low", 85, "低"), ("medium", 70, "中"), ("high", 50, "高"), ("severe", 0, "严重"))
DEADLINE_DAYS = {"severe": 15, "high": 30, "medium": 60, "low": 90}
#: below this share of controls answered no level is given (the unanswered would decide it)
MIN_ANSWERED_SHARE = 0.5
UNRATED, NOT_APPLICABLE = "unrated", "not_applicable"
PRIORITY_RANK = {"severe": 0, "high": 1, "medium": 2, "low": 3}
OWNER = {
    "deletion": ("数据保护负责人", "Data protection officer"),
    "transfer": ("清算组 / 法务", "Liquidation team / legal"),
    "security": ("信息安全负责人", "Information security lead"),
    "inventory": ("数据保护负责人", "Data protection officer"),
    "records": ("档案管理员", "Records manager"),
    "risk_assessment": ("数据保护负责人", "Data protection officer"),
    "incident": ("信息安全负责人", "Information security lead"),
    "cross_border": ("法务", "Legal"),
    "governance": ("合规负责人", "Compliance lead"),
    "lawful_basis": ("法务", "Legal"),
}
DEFAULT_OWNER = ("业务负责人", "Business owner")


def risk_level(risk: int) -> str:
    return next(name for name, floor, _ in LEVELS if risk >= floor)


LEVEL_EN = {
    "severe": "Severe",
    "high": "High",
    "medium": "Medium",
    "low": "Low",
    UNRATED: "Not rated",
    NOT_APPLICABLE: "N/A",
}


def level_label(level: str, lang: str = "zh") -> str:
    if lang != "zh":
        return LEVEL_EN.get(level, level)
    extra = ((UNRATED, 0, "暂不评级"), (NOT_APPLICABLE, 0, "不适用"))
    return next((zh for name, _, zh in LEVELS + SCORE_LEVELS + extra if name == level), level)


def score_level(score: float) -> str:
    """The band of a 0-100 score (``SCORE_LEVELS``)."""
    return next(name for name, floor, _ in SCORE_LEVELS if score >= floor)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _cap(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower-case 'ID')."""
    return text[:1].upper() + text[1:]


@dataclass
class Action:
    """One remediation action: what to do to which data or control, by whom, by when.

    ``id`` is stable across runs (the point id, or ``data:<file>/<sheet>/<column>``), so a
    status saved in ``assessment.yaml`` (``remediation:``) stays attached to it.
    """

    id: str
    kind: str  # "controls" (failing controls of a point) or "data" (what the scan found)
    point: str
    text: str
    priority: str
    deadline_days: int
    owner: str
    reason: str
    evidence: list[str] = field(default_factory=list)
    legal_basis: list[dict] = field(default_factory=list)
    due: str = ""  # calendar date: assessment date + deadline_days
    status: str = "open"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["action"] = data.pop("text")
        return data


@dataclass
class PointRisk:
    point_id: str
    title_zh: str
    title_en: str
    category: str
    weight: int
    impact: int
    likelihood: int
    risk: int
    level: str
    answered: int
    controls: int
    not_applicable: bool
    failing_controls: list[str]
    legal_basis: list[dict]
    evidence_needed: list[str] = field(default_factory=list)  # evidence keys of the failing controls
    trace: list[str] = field(default_factory=list)
    reason_zh: str = ""
    reason_en: str = ""

    @property
    def unanswered(self) -> bool:
        return self.answered < self.controls and not self.not_applicable

    def title(self, lang="zh"):
        return field_(self, "title", lang)

    def reason(self, lang="zh"):
        return field_(self, "reason", lang)


@dataclass
class RiskResult:
    score: float
    level: str  # a score band, or "unrated" below MIN_ANSWERED_SHARE answered
    points: list[PointRisk]
    categories: dict[str, float]
    facts: ScanFacts
    answered: int
    controls: int
    statuses: dict[str, str] = field(default_factory=dict)  # action id -> status, from the assessment
    unanswered_controls: list[str] = field(default_factory=list)

    @property
    def answered_share(self) -> float:
        return self.answered / self.controls if self.controls else 1.0

    @property
    def provisional(self) -> bool:
        """Some controls are unanswered: the score counts them as partial and may still move."""
        return self.answered < self.controls

    @property
    def rated(self) -> bool:
        return self.level != UNRATED

    def top_risks(self, n: int = 5) -> list[PointRisk]:
        ranked = [p for p in self.points if not p.not_applicable]
        return sorted(ranked, key=lambda p: (-p.risk, -p.weight, p.point_id))[:n]

    def actions(self, lang: str = "zh", start: datetime.date | None = None) -> list[Action]:
        """The remediation plan, most urgent first: failing controls per point, and one action
        per place the scan found identifying numbers readable.  Unanswered controls are not
        actions (see ``to_complete``).  ``start`` (the assessment date) turns days into dates."""
        plan: list[Action] = []
        for p in self.top_risks(len(self.points)):
            if not p.failing_controls or p.risk < 4:
                continue
            owner = OWNER.get(p.category, DEFAULT_OWNER)
            evidence = [evidence_label(key, lang) for key in p.evidence_needed]
            text = t(
                "act_fix_control" if len(p.failing_controls) == 1 else "act_fix_controls",
                lang,
                title=p.title(lang),
                controls=sep(lang).join(p.failing_controls),
            )
            text += t("act_keep_evidence", lang, evidence=sep(lang).join(evidence)) if evidence else ""
            plan.append(
                Action(
                    p.point_id,
                    "controls",
                    p.point_id,
                    text,
                    p.level,
                    DEADLINE_DAYS[p.level],
                    pick(*owner, lang),
                    p.reason(lang),
                    evidence,
                    p.legal_basis,
                )
            )
        plan += self._data_actions(lang)
        plan.sort(key=lambda a: (PRIORITY_RANK[a.priority], a.kind != "data", a.point, a.id))
        for a in plan:
            a.status = self.statuses.get(a.id, "open")
            if start is not None:
                a.due = (start + datetime.timedelta(days=a.deadline_days)).isoformat()
        return plan

    def _data_actions(self, lang: str) -> list[Action]:
        from ..pii.entities import label

        security = [p for p in self.top_risks(len(self.points)) if p.category == "security"]
        point = security[0].point_id if security else ""
        owner = pick(*OWNER["security"], lang)
        basis = [citation("PIPL", 51), citation("PIPL", 47)]
        out = []
        for e in self.facts.exposures:
            kinds = sep(lang).join(f"{label(x, lang)} {n:,}" for x, n in e.entities)
            # identifiers in free text and sensitive numbers (bank cards, IDs) are the most exposed
            priority = "high" if e.sensitive or e.kind == "free_text" else "medium"
            what = "act_mask_column" if e.kind == "column" else "act_redact_text"
            text = t(what, lang, where=e.where(lang), kinds=kinds)
            reason = t(f"why_{what[4:]}", lang)
            out.append(
                Action(
                    f"data:{e.file}/{e.sheet or ''}/{e.column}",
                    "data",
                    point,
                    text,
                    priority,
                    DEADLINE_DAYS[priority],
                    owner,
                    reason,
                    [],
                    basis,
                )
            )
        return out

    def remediation(self, lang: str = "zh", start: datetime.date | None = None) -> list[dict]:
        """``actions`` as plain dicts (``action`` holds the text)."""
        return [a.to_dict() for a in self.actions(lang, start)]

    def to_complete(self) -> list[tuple[str, list[str]]]:
        """(point id, unanswered control ids) for every incompletely answered point."""
        by_point: dict[str, list[str]] = defaultdict(list)
        for cid in self.unanswered_controls:
            by_point[cid.split(".")[0]].append(cid)
        return [(p.point_id, by_point[p.point_id]) for p in self.points if by_point.get(p.point_id)]

    @property
    def unanswered_points(self) -> list[str]:
        return [p.point_id for p in self.points if p.unanswered]


def score(checklist: Checklist, assessment, scan=None) -> RiskResult:
    """Score an assessment (answers) with optional scan evidence; deterministic."""
    facts = scan if isinstance(scan, ScanFacts) else ScanFacts.from_scan(scan)
    fired = [r for r in EVIDENCE_RULES if r.test(facts)]
    unanswered_controls = [c.id for p in checklist.points for c in p.controls if c.id not in assessment.answers]
    points = [_point_risk(point, assessment.answers, facts, fired) for point in checklist.points]
    overall, categories = _weighted_scores([p for p in points if not p.not_applicable])
    answered_total = sum(p.answered for p in points)
    controls = sum(len(p.controls) for p in checklist.points)
    level = score_level(overall) if controls and answered_total / controls >= MIN_ANSWERED_SHARE else UNRATED
    statuses = dict(assessment.remediation)
    return RiskResult(
        overall, level, points, categories, facts, answered_total, controls, statuses, unanswered_controls
    )


@dataclass
class _Answered:
    """What a point's answers say: answered and not-applicable counts, the failing controls,
    the evidence they need, the worst likelihood and the trace of each answer."""

    answered: int = 0
    not_applicable: int = 0
    failing: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    worst: int = 0
    trace: list[str] = field(default_factory=list)


def _answers(point, answers) -> _Answered:
    found = _Answered()
    for control in point.controls:
        a = answers.get(control.id)
        if a is None:
            continue
        found.answered += 1
        if a.answer == "not_applicable":
            found.not_applicable += 1
            continue
        value = LIKELIHOOD[a.answer]
        if value > 1:
            found.failing.append(control.id)
            found.evidence += [key for key in control.evidence if key not in found.evidence]
        found.worst = max(found.worst, value)
        found.trace.append(f"{control.id}={a.answer}→L{value}")
    return found


def _point_risk(point, answers, facts: ScanFacts, fired) -> PointRisk:
    """One point's impact × likelihood: the worst answer, unanswered controls counted as
    partial, raised by the scan rules that fired for its category; with its reasons."""
    found = _answers(point, answers)
    trace = found.trace
    all_na = found.not_applicable == len(point.controls)
    missing = len(point.controls) - found.answered
    likelihood = found.worst or 1
    if missing and not all_na:
        likelihood = max(likelihood, UNANSWERED_LIKELIHOOD)
        trace.append(f"{missing} unanswered→L≥{UNANSWERED_LIKELIHOOD}")
    impact = point.impact_level
    trace.insert(0, f"impact {point.impact}→I{impact}")
    reasons: dict[str, list[str]] = {"zh": [], "en": []}
    for rule in fired:
        if point.category not in rule.applies_to:
            continue
        if rule.raises == "impact" and impact < 4:
            impact += 1
        elif rule.raises == "likelihood" and likelihood < 4:
            likelihood += 1
        trace.append(f"scan:{rule.id} ({rule.source})→{rule.raises}+1")
        for lang in reasons:
            reasons[lang].append(describe(rule, facts, lang))
    risk = impact * likelihood
    level = risk_level(risk)
    for lang in reasons:
        if found.failing:
            reasons[lang].insert(
                0,
                t(
                    "why_failing",
                    lang,
                    n=len(found.failing),
                    controls=_plural(len(found.failing), "control", "controls"),
                ),
            )
        if missing and not all_na:
            reasons[lang].append(t("why_unanswered", lang, n=missing, controls=_plural(missing, "control", "controls")))
        if all_na:
            reasons[lang] = [t("why_not_applicable", lang)]
    if all_na:
        level = NOT_APPLICABLE
    return PointRisk(
        point.id,
        point.title_zh,
        point.title_en,
        point.category,
        point.weight,
        impact,
        likelihood,
        risk,
        level,
        found.answered,
        len(point.controls),
        all_na,
        found.failing,
        [citation(b.law, b.article) | {"why_zh": b.why_zh, "why_en": b.why_en} for b in point.bases],
        found.evidence,
        trace,
        ("；".join(reasons["zh"]) or t("why_in_place", "zh")) + "。",
        _cap("; ".join(reasons["en"]) or t("why_in_place", "en")) + ".",
    )


def _weighted_scores(scored: list[PointRisk]) -> tuple[float, dict[str, float]]:
    """The 0-100 score overall and per category: 100 less the weighted mean of each point's
    risk above the minimum (risk 1 costs nothing, 16 costs all of its weight)."""

    def mean_score(points: list[PointRisk]) -> float:
        return 100 * (1 - sum(p.weight * (p.risk - 1) / 15 for p in points) / (sum(p.weight for p in points) or 1))

    by_cat: dict[str, list] = defaultdict(list)
    for p in scored:
        by_cat[p.category].append(p)
    return round(mean_score(scored), 1), {cat: round(mean_score(ps), 1) for cat, ps in sorted(by_cat.items())}
