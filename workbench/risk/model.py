"""Impact × likelihood per point, an overall score, top risks and a remediation plan.

Method (after GB/T 39335-2020, personal information security impact assessment):
- impact 1-4 comes from the point's impact level in the checklist, +1 per scan evidence
  rule that applies to the point's category and raises impact (capped at 4);
- likelihood 1-4 comes from the answers: compliant 1, partial 3, non-compliant 4, the
  worst answered control of the point counting; unanswered controls count as 3 and the
  point is flagged as incompletely answered; scan rules that raise likelihood add 1;
- risk = impact × likelihood (1-16): 12+ severe, 8+ high, 4+ medium, else low;
- score 0-100 = 100 × (1 − Σ weight·(risk−1)/15 / Σ weight) over points that are not
  wholly "not applicable".  Unanswered points are scored as partially compliant (never
  as fine) and listed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..checklists import Checklist, citation, evidence_label
from .rules import EVIDENCE_RULES, ScanFacts, describe

LIKELIHOOD = {"compliant": 1, "partial": 3, "non_compliant": 4}
UNANSWERED_LIKELIHOOD = 3
LEVELS = (("severe", 12, "严重"), ("high", 8, "高"), ("medium", 4, "中"), ("low", 1, "低"))
SCORE_LEVELS = (("low", 85, "低"), ("medium", 70, "中"), ("high", 50, "高"), ("severe", 0, "严重"))
DEADLINE_DAYS = {"severe": 15, "high": 30, "medium": 60, "low": 90}
OWNER = {"deletion": ("数据保护负责人", "Data protection officer"), "transfer": ("清算组 / 法务", "Liquidation team / legal"),
         "security": ("信息安全负责人", "Information security lead"), "inventory": ("数据保护负责人", "Data protection officer"),
         "records": ("档案管理员", "Records manager"), "risk_assessment": ("数据保护负责人", "Data protection officer"),
         "incident": ("信息安全负责人", "Information security lead"), "cross_border": ("法务", "Legal"),
         "governance": ("合规负责人", "Compliance lead"), "lawful_basis": ("法务", "Legal")}
DEFAULT_OWNER = ("业务负责人", "Business owner")


def risk_level(risk: int) -> str:
    return next(name for name, floor, _ in LEVELS if risk >= floor)


def level_label(level: str, lang: str = "zh") -> str:
    for name, _, zh in LEVELS + SCORE_LEVELS:
        if name == level:
            return zh if lang == "zh" else name
    return level


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
    evidence_needed: list[str] = field(default_factory=list)   # evidence keys of the failing controls
    trace: list[str] = field(default_factory=list)
    reason_zh: str = ""
    reason_en: str = ""

    @property
    def unanswered(self) -> bool:
        return self.answered < self.controls

    def title(self, lang="zh"):
        return self.title_zh if lang == "zh" else self.title_en

    def reason(self, lang="zh"):
        return self.reason_zh if lang == "zh" else self.reason_en


@dataclass
class RiskResult:
    score: float
    level: str
    points: list[PointRisk]
    categories: dict[str, float]
    facts: ScanFacts
    answered: int
    controls: int

    def top_risks(self, n: int = 5) -> list[PointRisk]:
        ranked = [p for p in self.points if not p.not_applicable]
        return sorted(ranked, key=lambda p: (-p.risk, -p.weight, p.point_id))[:n]

    def remediation(self, lang: str = "zh") -> list[dict]:
        """One action per point at medium risk or above, most urgent first."""
        plan = []
        for p in self.top_risks(len(self.points)):
            if p.risk < 4:
                continue
            owner = OWNER.get(p.category, DEFAULT_OWNER)
            evidence = [evidence_label(key, lang) for key in p.evidence_needed]
            if lang == "zh":
                controls = "、".join(p.failing_controls[:6])
                action = f"整改「{p.title_zh}」" + (f"：完善控制项 {controls}" if controls else "：补充回答")
                action += f"，留存{'、'.join(evidence)}" if evidence else "，并留存证据"
            else:
                controls = ", ".join(p.failing_controls[:6])
                action = f"Remediate \"{p.title_en}\"" + (f": fix controls {controls}" if controls else
                                                          ": complete the answers")
                action += f"; keep {', '.join(evidence)}" if evidence else " and keep evidence"
            plan.append({"point": p.point_id, "action": action, "priority": p.level,
                         "deadline_days": DEADLINE_DAYS[p.level], "owner": owner[0] if lang == "zh" else owner[1],
                         "reason": p.reason(lang), "evidence": evidence})
        return plan

    @property
    def unanswered_points(self) -> list[str]:
        return [p.point_id for p in self.points if p.unanswered]


def score(checklist: Checklist, assessment, scan=None) -> RiskResult:
    """Score an assessment (answers) with optional scan evidence; deterministic."""
    facts = scan if isinstance(scan, ScanFacts) else ScanFacts.from_scan(scan)
    fired = [r for r in EVIDENCE_RULES if r.test(facts)]
    points: list[PointRisk] = []
    answered_total = 0
    for point in checklist.points:
        trace, failing, needed, worst, answered, na = [], [], [], 0, 0, 0
        for control in point.controls:
            a = assessment.answers.get(control.id)
            if a is None:
                continue
            answered += 1
            if a.answer == "not_applicable":
                na += 1
                continue
            value = LIKELIHOOD[a.answer]
            if value > 1:
                failing.append(control.id)
                needed += [key for key in control.evidence if key not in needed]
            if value > worst:
                worst = value
            trace.append(f"{control.id}={a.answer}→L{value}")
        answered_total += answered
        all_na = na == len(point.controls)
        likelihood = worst or 1
        if answered < len(point.controls) and not all_na:
            likelihood = max(likelihood, UNANSWERED_LIKELIHOOD)
            trace.append(f"{len(point.controls) - answered} unanswered→L≥{UNANSWERED_LIKELIHOOD}")
        impact = point.impact_level
        trace.insert(0, f"impact {point.impact}→I{impact}")
        reasons_zh, reasons_en = [], []
        for rule in fired:
            if point.category not in rule.applies_to:
                continue
            if rule.raises == "impact" and impact < 4:
                impact += 1
            elif rule.raises == "likelihood" and likelihood < 4:
                likelihood += 1
            trace.append(f"scan:{rule.id} ({rule.source})→{rule.raises}+1")
            reasons_zh.append(describe(rule, facts, "zh"))
            reasons_en.append(describe(rule, facts, "en"))
        risk = impact * likelihood
        level = risk_level(risk)
        if failing:
            reasons_zh.insert(0, f"{len(failing)} 项控制未完全达标")
            reasons_en.insert(0, f"{len(failing)} control(s) not fully met")
        if answered < len(point.controls) and not all_na:
            reasons_zh.append(f"{len(point.controls) - answered} 项尚未回答")
            reasons_en.append(f"{len(point.controls) - answered} control(s) unanswered")
        points.append(PointRisk(
            point.id, point.title_zh, point.title_en, point.category, point.weight, impact, likelihood, risk,
            level, answered, len(point.controls), all_na, failing,
            [citation(b.law, b.article) | {"why_zh": b.why_zh, "why_en": b.why_en} for b in point.bases],
            needed, trace,
            ("；".join(reasons_zh) or "控制措施已落实") + "。",
            ("; ".join(reasons_en) or "controls in place").capitalize() + "."))
    scored = [p for p in points if not p.not_applicable]
    total_weight = sum(p.weight for p in scored) or 1
    overall = 100 * (1 - sum(p.weight * (p.risk - 1) / 15 for p in scored) / total_weight)
    by_cat: dict[str, list] = defaultdict(list)
    for p in scored:
        by_cat[p.category].append(p)
    categories = {cat: round(100 * (1 - sum(p.weight * (p.risk - 1) / 15 for p in ps) / sum(p.weight for p in ps)), 1)
                  for cat, ps in sorted(by_cat.items())}
    overall = round(overall, 1)
    level = next(name for name, floor, _ in SCORE_LEVELS if overall >= floor)
    return RiskResult(overall, level, points, categories, facts, answered_total,
                      sum(len(p.controls) for p in checklist.points))
