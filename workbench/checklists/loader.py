"""Load and validate checklist YAML; errors name the file, the line and what is wrong."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, NoReturn

import yaml

from .. import i18n
from ..resources import resource_dir

#: the answer scale of every control
ANSWERS = ("compliant", "partial", "non_compliant", "not_applicable")
IMPACTS = {"low": 1, "medium": 2, "high": 3, "critical": 4}
POINTS_PER_CHECKLIST = 20
#: what the report's disposal plan may propose for a dataset holding personal information, and the
#: point categories whose citations may ground it: handing data to a recipient is a transfer
#: (PIPL 22/23), keeping it under a new owner is governed by the transfer point (the company stays
#: the handler: PIPL 9/14/23), deleting it by the deletion point (PIPL 47)
DISPOSAL_ACTIONS = {
    "delete": ("deletion",),
    "return_delete": ("deletion",),
    "transfer": ("transfer",),
    "keep_new_control": ("transfer",),
}


class ChecklistError(Exception):
    def __init__(self, path, line: int | None, problem: str):
        self.path, self.line, self.problem = Path(path), line, problem
        where = f"{self.path.name}:{line}" if line else self.path.name
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Control:
    id: str
    question_zh: str
    question_en: str
    evidence: tuple[str, ...]  # keys of ``evidence.yaml``

    def question(self, lang: str = "zh") -> str:
        return i18n.field(self, "question", lang)

    def evidence_labels(self, lang: str = "zh") -> list[str]:
        return [evidence_label(key, lang) for key in self.evidence]

    def evidence_text(self, lang: str = "zh") -> str:
        return i18n.sep(lang).join(self.evidence_labels(lang))


@dataclass(frozen=True)
class LegalBasis:
    """One cited article and, in our own words, why it governs the point that cites it."""

    law: str
    article: int
    why_zh: str
    why_en: str

    def why(self, lang: str = "zh") -> str:
        return i18n.field(self, "why", lang)


@dataclass(frozen=True)
class Point:
    id: str
    title_zh: str
    title_en: str
    category: str
    weight: int
    impact: str
    legal_basis: tuple[tuple[str, int], ...]  # (law, article) pairs, as other stages use them
    controls: tuple[Control, ...]
    bases: tuple[LegalBasis, ...] = ()  # the same articles with the reason each one applies

    def title(self, lang: str = "zh") -> str:
        return i18n.field(self, "title", lang)

    @property
    def impact_level(self) -> int:
        return IMPACTS[self.impact]


@dataclass(frozen=True)
class DisposalRule:
    """What the report proposes for each dataset holding personal information in this scenario.

    ``bases`` are (point id, basis) pairs taken from the checklist's own points, so the plan
    cites what the checklist cites, with the checklist's reason.
    """

    action: str  # a key of DISPOSAL_ACTIONS
    bases: tuple[tuple[str, LegalBasis], ...]

    @property
    def legal_basis(self) -> tuple[tuple[str, int], ...]:
        return tuple((b.law, b.article) for _, b in self.bases)


@dataclass(frozen=True)
class Checklist:
    scenario: str
    title_zh: str
    title_en: str
    seed: str
    points: tuple[Point, ...]
    disposal: DisposalRule
    path: Path = field(compare=False)

    def title(self, lang: str = "zh") -> str:
        return i18n.field(self, "title", lang)

    def control(self, control_id: str) -> Control:
        for point in self.points:
            for control in point.controls:
                if control.id == control_id:
                    return control
        raise KeyError(control_id)

    @property
    def control_ids(self) -> list[str]:
        return [c.id for p in self.points for c in p.controls]


def templates_dir() -> Path:
    """The project's ``templates/`` folder (in the checkout, or bundled in the wheel)."""
    return resource_dir("templates")


def available() -> list[str]:
    return sorted(p.stem for p in (templates_dir() / "checklists").glob("*.yaml"))


@functools.cache
def citations() -> dict:
    text = resources.files(__package__).joinpath("citations.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def evidence_kinds() -> dict:
    """Evidence vocabulary: key -> {'kind', 'zh', 'en'} (document, record, log or screenshot)."""
    text = resources.files(__package__).joinpath("evidence.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def evidence_label(key: str, lang: str = "zh") -> str:
    return evidence_kinds()[key][lang]


def citation(law: str, article: int) -> dict:
    """{'law_zh', 'law_en', 'article', 'zh', 'en'} for a cited article."""
    table = citations()
    entry = table["articles"][law][article]
    info = table["laws"][law]
    return {
        "law": law,
        "law_zh": info["name_zh"],
        "law_en": info["name_en"],
        "article": article,
        "zh": entry["zh"],
        "en": entry["en"],
    }


def _line_of(node, *path) -> int | None:
    """1-based line of the YAML node at ``path`` (keys and list indexes), best effort."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return None
        if node is None:
            return None
    return node.start_mark.line + 1


@functools.cache
def load_checklist(scenario_or_path: str | Path) -> Checklist:
    """Load a checklist by scenario id or path and validate it completely."""
    path = Path(scenario_or_path)
    if path.suffix != ".yaml":
        path = templates_dir() / "checklists" / f"{scenario_or_path}.yaml"
    if not path.is_file():
        raise ChecklistError(
            path, None, f"no checklist for scenario '{scenario_or_path}' (available: {', '.join(available())})"
        )
    text = path.read_text("utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ChecklistError(path, line, f"invalid YAML: {exc.problem}") from None

    def fail(problem, *where) -> NoReturn:
        raise ChecklistError(path, _line_of(node, *where), problem)

    if not isinstance(data, dict):
        fail("the file must be a mapping with 'scenario' and 'points'")
    for key in ("scenario", "title_zh", "title_en", "seed", "points"):
        if key not in data:
            fail(f"missing key '{key}'")
    raw_points = data["points"]
    if not isinstance(raw_points, list) or len(raw_points) != POINTS_PER_CHECKLIST:
        fail(
            f"expected {POINTS_PER_CHECKLIST} points, found "
            f"{len(raw_points) if isinstance(raw_points, list) else 'none'}",
            "points",
        )
    table = citations()
    points, seen = [], set()
    for i, p in enumerate(raw_points):
        where = ("points", i)
        if not isinstance(p, dict):
            fail("a point must be a mapping", *where)
        for key in ("id", "title_zh", "title_en", "category", "weight", "impact", "controls"):
            if key not in p:
                fail(f"point {p.get('id', i + 1)}: missing '{key}'", *where)
        if p["id"] != f"P{i + 1:02d}":
            fail(f"point ids must run P01..P20 in order; found '{p['id']}' at position {i + 1}", *where, "id")
        if not isinstance(p["weight"], int) or not 1 <= p["weight"] <= 5:
            fail(f"point {p['id']}: weight must be an integer 1-5", *where, "weight")
        if p["impact"] not in IMPACTS:
            fail(f"point {p['id']}: impact must be one of {', '.join(IMPACTS)}", *where, "impact")
        bases: list[LegalBasis] = []
        for j, ref in enumerate(p.get("legal_basis") or []):
            law, article = ref.get("law"), ref.get("article")
            if law not in table["laws"] or article not in table["articles"].get(law, {}):
                fail(
                    f"point {p['id']}: citation {law} Art. {article} is not in the citation table",
                    *where,
                    "legal_basis",
                    j,
                )
            # a citation a consultant signs must say why the article governs this point
            if not all(isinstance(ref.get(k), str) and ref[k].strip() for k in ("why_zh", "why_en")):
                fail(
                    f"point {p['id']}: citation {law} Art. {article} needs why_zh and why_en "
                    f"(one line on why it governs this point)",
                    *where,
                    "legal_basis",
                    j,
                )
            if (law, article) in {(b.law, b.article) for b in bases}:
                fail(f"point {p['id']}: {law} Art. {article} is cited twice", *where, "legal_basis", j)
            bases.append(LegalBasis(law, article, ref["why_zh"].strip(), ref["why_en"].strip()))
        controls = []
        if not p["controls"]:
            fail(f"point {p['id']}: no controls", *where, "controls")
        for j, c in enumerate(p["controls"]):
            if not all(c.get(k) for k in ("id", "question_zh", "question_en")):
                fail(f"point {p['id']}: control {j + 1} needs id, question_zh and question_en", *where, "controls", j)
            unknown = [e for e in c.get("evidence") or () if e not in evidence_kinds()]
            if unknown:
                fail(
                    f"control {c['id']}: unknown evidence {', '.join(map(str, unknown))} "
                    f"(known: {', '.join(evidence_kinds())})",
                    *where,
                    "controls",
                    j,
                    "evidence",
                )
            if c["id"] in seen:
                fail(f"duplicate control id '{c['id']}'", *where, "controls", j)
            seen.add(c["id"])
            controls.append(Control(c["id"], c["question_zh"], c["question_en"], tuple(c.get("evidence") or ())))
        points.append(
            Point(
                p["id"],
                p["title_zh"],
                p["title_en"],
                p["category"],
                p["weight"],
                p["impact"],
                tuple((b.law, b.article) for b in bases),
                tuple(controls),
                tuple(bases),
            )
        )
    return Checklist(
        data["scenario"],
        data["title_zh"],
        data["title_en"],
        data["seed"],
        tuple(points),
        _disposal(data.get("disposal"), points, fail),
        path,
    )


def _disposal(raw, points: list[Point], fail: Callable[..., NoReturn]) -> DisposalRule:
    """The ``disposal:`` block: an action and the (point, law, article) citations that ground it."""
    if raw is None:
        fail("missing key 'disposal' (the action the report's disposal plan proposes and the articles it rests on)")
    if not isinstance(raw, dict) or raw.get("action") not in DISPOSAL_ACTIONS:
        fail(f"disposal: 'action' must be one of {', '.join(DISPOSAL_ACTIONS)}", "disposal")
    by_id = {p.id: p for p in points}
    bases = []
    for j, ref in enumerate(raw.get("basis") or []):
        point = by_id.get(str(ref.get("point"))) if isinstance(ref, dict) else None
        if point is None:
            fail(f"disposal basis {j + 1}: 'point' must name one of P01..P20", "disposal", "basis", j)
        basis = next((b for b in point.bases if (b.law, b.article) == (ref.get("law"), ref.get("article"))), None)
        if basis is None:
            fail(
                f"disposal basis {j + 1}: {point.id} does not cite {ref.get('law')} Art. {ref.get('article')}",
                "disposal",
                "basis",
                j,
            )
        if point.category not in DISPOSAL_ACTIONS[raw["action"]]:
            fail(
                f"disposal basis {j + 1}: {point.id} is a '{point.category}' point; a '{raw['action']}' plan "
                f"rests on {' or '.join(DISPOSAL_ACTIONS[raw['action']])} points",
                "disposal",
                "basis",
                j,
            )
        bases.append((point.id, basis))
    if not bases:
        fail("disposal: 'basis' must cite at least one article of the checklist's points", "disposal")
    return DisposalRule(raw["action"], tuple(bases))
