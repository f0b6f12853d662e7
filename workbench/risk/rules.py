"""Scan evidence rules: facts from the data scan that raise impact or likelihood.

Each rule cites the articles it rests on (checked against the official texts through the
citation table); a threshold that comes from rules outside the project's legal texts says
so in ``outside_corpus`` and is shown as unverified.  Impact rises when the data is more
harmful if mishandled (sensitive PI, minors, volume); likelihood rises when the scan shows
the control is not working in practice (identifiers exposed in free text, columns left
unmasked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import i18n


@dataclass(frozen=True)
class Exposure:
    """One place where the scan found identifying numbers left readable (no values, counts only).

    ``kind`` is "column" (a column whose dominant entity identifies a person on its own,
    not masked; ``count`` = its distinct values) or "free_text" (a column with no dominant
    entity holding identifying numbers in its text; ``count`` = findings).
    """

    file: str
    sheet: str | None
    column: str
    kind: str
    entities: tuple[tuple[str, int], ...]  # (entity, count), most first
    count: int
    sensitive: bool  # holds PIPL Art. 28 sensitive PI
    #: in a document (Word, PDF, e-mail, image): sheet and column are place ids such as
    #: "attachment 合同.docx / table 1" and "text", shown in the reader's language
    document: bool = False

    def where(self, lang: str = "zh") -> str:
        """``file / sheet / column`` as a reader finds it in the client's files."""
        sheet, column = self.sheet, self.column
        if self.document:
            sheet, column = sheet and i18n.part_label(sheet, lang), i18n.part_label(column, lang)
        return " / ".join(x for x in (self.file, sheet, column) if x)


@dataclass(frozen=True)
class ScanFacts:
    """The numbers risk scoring takes from a scan (no values, only counts).

    Every figure the report states about exposed identifiers is derived here, once:
    ``free_text_identifiers`` is the sum of the free-text exposures' findings and
    ``unmasked_identifier_columns`` the number of column exposures ("identifying" =
    ``EntityInfo.identifying``: resident ID, mobile, e-mail, bank card, passport, permit).
    """

    data_subjects: int = 0
    sensitive_entities: tuple[str, ...] = ()
    sensitive_subjects: int = 0
    minors_under_14: int = 0
    free_text_identifiers: int = 0  # findings of identifying entities in free-text columns
    unmasked_identifier_columns: int = 0
    masked_columns: int = 0
    exposures: tuple[Exposure, ...] = ()

    @property
    def free_text_exposures(self) -> tuple[Exposure, ...]:
        return tuple(e for e in self.exposures if e.kind == "free_text")

    @property
    def column_exposures(self) -> tuple[Exposure, ...]:
        return tuple(e for e in self.exposures if e.kind == "column")

    @classmethod
    def from_scan(cls, scan) -> "ScanFacts":
        if scan is None:
            return cls()
        from ..pii.entities import ENTITIES

        masked = 0
        exposures = []
        documents = {f.name for f in scan.documents}
        for col in scan.columns:
            if col.masked:
                masked += 1
            elif col.entity and col.dominant and ENTITIES[col.entity].identifying:
                people = col.dominant.distinct
                exposures.append(
                    Exposure(
                        col.file,
                        col.sheet,
                        col.column,
                        "column",
                        ((col.entity, people),),
                        people,
                        ENTITIES[col.entity].sensitive,
                        col.file in documents,
                    )
                )
            if col.entity is None:
                found = sorted(
                    (
                        (name, info.findings)
                        for name, info in col.entities.items()
                        if ENTITIES.get(name) and ENTITIES[name].identifying
                    ),
                    key=lambda x: (-x[1], x[0]),
                )
                if found:
                    exposures.append(
                        Exposure(
                            col.file,
                            col.sheet,
                            col.column,
                            "free_text",
                            tuple(found),
                            sum(n for _, n in found),
                            any(ENTITIES[e].sensitive for e, _ in found),
                            col.file in documents,
                        )
                    )
        sensitive = tuple(scan.sensitive_entities)
        return cls(
            scan.data_subjects,
            sensitive,
            max((scan.distinct.get(e, 0) for e in sensitive), default=0),
            scan.minors_under_14,
            sum(e.count for e in exposures if e.kind == "free_text"),
            sum(1 for e in exposures if e.kind == "column"),
            masked,
            tuple(exposures),
        )


@dataclass(frozen=True)
class EvidenceRule:
    id: str
    applies_to: frozenset  # point categories
    raises: str  # "impact" or "likelihood"
    cites: tuple  # ((law, article), ...) in the citation table
    text_zh: str
    text_en: str
    test: Callable[[ScanFacts], bool] = field(compare=False)
    outside_corpus: str = ""  # a source not among the official texts (unverified)

    @property
    def source(self) -> str:
        laws: dict[str, list[str]] = {}
        for law, article in self.cites:
            laws.setdefault(law, []).append(str(article))
        text = "; ".join(f"{law} Art. {', '.join(arts)}" for law, arts in laws.items())
        return text + (f"; {self.outside_corpus} (unverified)" if self.outside_corpus else "")


EVIDENCE_RULES = (
    EvidenceRule(
        "sensitive_pi",
        frozenset({"security", "deletion", "transfer", "risk_assessment", "inventory", "lawful_basis"}),
        "impact",
        (("PIPL", 28), ("PIPL", 55)),
        "数据中含敏感个人信息（{entities}）",
        "the data holds sensitive personal information ({entities})",
        lambda f: bool(f.sensitive_entities),
    ),
    EvidenceRule(
        "minors",
        frozenset({"lawful_basis", "risk_assessment", "deletion", "security", "inventory"}),
        "impact",
        (("PIPL", 28), ("PIPL", 31)),
        "含不满十四周岁未成年人信息（{minors} 人）",
        "it includes minors under 14 ({minors} people)",
        lambda f: f.minors_under_14 > 0,
    ),
    EvidenceRule(
        "volume_10m",
        frozenset({"governance", "transfer", "deletion", "risk_assessment"}),
        "impact",
        (("NDSMR", 28), ("NDSMR", 30), ("NDSMR", 32)),
        "个人信息主体达到一千万人以上（约 {subjects} 人）：须明确网络数据安全负责人和管理机构，解散时须报告数据处置方案",
        "10,000,000 data subjects or more (about {subjects}): a network data security officer and body must be "
        "named, and a disposal plan reported on dissolution",
        lambda f: f.data_subjects >= 10_000_000,
    ),
    # The outbound thresholds come from the CAC's 2024 Provisions, which count the people whose data
    # is provided abroad since 1 January of the year; a scan counts the people whose data is held.
    # So these rules only flag that a threshold may be reached, on cross-border points, and say so.
    # (PIPL 40 requires a security assessment above "a number the CAC sets" and names no number;
    # PIPL 52's protection officer is not an outbound rule, so it is not cited here.)
    EvidenceRule(
        "volume_1m",
        frozenset({"cross_border"}),
        "impact",
        (("PIPL", 38), ("PIPL", 40)),
        "持有约 {subjects} 人的个人信息（或一万人以上的敏感个人信息）：如当年1月1日起向境外提供达到一百万人"
        "（或一万人的敏感个人信息），须申报出境安全评估（门槛按向境外提供的人数计算，不按持有人数）",
        "personal data of about {subjects} people (or sensitive PI of 10,000) is held: providing data of "
        "1,000,000 people (or sensitive PI of 10,000) abroad since 1 January needs a CAC security "
        "assessment (the threshold counts people whose data goes abroad, not people held)",
        lambda f: f.data_subjects >= 1_000_000 or f.sensitive_subjects >= 10_000,
        "1,000,000 / 10,000 thresholds: Provisions on Promoting and Regulating Cross-border Data Flows "
        "(2024) Art. 7, counted as people whose data is provided abroad since 1 January",
    ),
    EvidenceRule(
        "volume_100k",
        frozenset({"cross_border"}),
        "impact",
        (("PIPL", 38),),
        "持有十万人以上的个人信息：如当年1月1日起向境外提供达到十万人，须订立标准合同或通过认证"
        "（门槛按向境外提供的人数计算，不按持有人数）",
        "100,000 people or more are held: providing data of 100,000 people abroad since 1 January needs a "
        "standard contract or certification (the threshold counts people whose data goes abroad, not "
        "people held)",
        lambda f: f.data_subjects >= 100_000,
        "100,000-person threshold: Provisions on Promoting and Regulating Cross-border Data Flows "
        "(2024) Art. 8, counted as people whose data is provided abroad since 1 January",
    ),
    EvidenceRule(
        "free_text_ids",
        frozenset({"security", "inventory", "deletion"}),
        "likelihood",
        (("PIPL", 51),),
        "自由文本列（{free_text_columns}）中有 {free_text} 处可单独识别个人的号码（{free_text_entities}）",
        "{free_text} identifying numbers ({free_text_entities}) sit in free-text columns ({free_text_columns})",
        lambda f: f.free_text_identifiers > 0,
    ),
    EvidenceRule(
        "unmasked_columns",
        frozenset({"security"}),
        "likelihood",
        (("PIPL", 51),),
        "{unmasked} 个标识号码列未做脱敏或加密（{unmasked_columns}）",
        "{unmasked_columns_phrase} stored unmasked ({unmasked_columns})",
        lambda f: f.unmasked_identifier_columns > 0,
    ),
)


def describe(rule: EvidenceRule, facts: ScanFacts, lang: str) -> str:
    from ..pii.entities import label

    template = i18n.field(rule, "text", lang)
    sep = i18n.sep(lang)
    labels = [label(e, lang) for e in facts.sensitive_entities]
    per_entity: dict[str, int] = {}
    for exposure in facts.free_text_exposures:
        for entity, n in exposure.entities:
            per_entity[entity] = per_entity.get(entity, 0) + n
    unmasked = facts.unmasked_identifier_columns
    return template.format(
        entities=sep.join(labels),
        minors=f"{facts.minors_under_14:,}",
        subjects=f"{facts.data_subjects:,}",
        free_text=f"{facts.free_text_identifiers:,}",
        unmasked=unmasked,
        free_text_columns=sep.join(e.where(lang) for e in facts.free_text_exposures) or "—",
        free_text_entities=sep.join(f"{label(e, lang)} {n:,}" for e, n in per_entity.items()) or "—",
        unmasked_columns=sep.join(e.where(lang) for e in facts.column_exposures) or "—",
        unmasked_columns_phrase="1 identifier column is" if unmasked == 1 else f"{unmasked} identifier columns are",
    )
