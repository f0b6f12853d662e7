"""What a scan produces: file provenance and column summaries, counts only (no values).

Kept free of Presidio so the report notebook can load a saved scan cheaply.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .entities import ENTITIES


@dataclass(frozen=True)
class EntitySummary:
    """One entity's findings in one column: counts and masked examples, never a value."""

    rows: int  # rows with at least one finding
    share: float  # of the column's non-empty rows
    whole_share: float  # share of rows the entity fills (the cell *is* the entity)
    findings: int
    distinct: int  # distinct values (data subjects, for identifying entities)
    mean_score: float
    examples: tuple[str, ...] = ()  # masked

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "share": self.share,
            "whole_share": self.whole_share,
            "findings": self.findings,
            "distinct": self.distinct,
            "mean_score": self.mean_score,
            "examples": list(self.examples),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "EntitySummary":
        return cls(
            data["rows"],
            data["share"],
            data["whole_share"],
            data["findings"],
            data["distinct"],
            data["mean_score"],
            tuple(data["examples"]),
        )


@dataclass(frozen=True)
class IdentitySummary:
    """What a column of resident IDs says about the people: age bands, minors, provinces."""

    age_bands: Mapping[str, int]
    minors_under_14: int  # distinct people, not rows
    provinces: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "age_bands": dict(self.age_bands),
            "minors_under_14": self.minors_under_14,
            "provinces": dict(self.provinces),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "IdentitySummary":
        return cls(dict(data["age_bands"]), data["minors_under_14"], dict(data["provinces"]))


@dataclass(frozen=True)
class ColumnSummary:
    """The JSON-ready description of one column (no raw values): its dominant entity (the
    one most non-empty values *are*, or None for free text), whether it is masked at source,
    and every entity found in it, most rows first."""

    file: str
    sheet: str | None
    column: str
    entity: str | None
    confidence: float
    masked: bool
    masked_entity: str | None
    masked_share: float
    masked_examples: tuple[str, ...]
    rows: int
    nonempty: int
    entities: Mapping[str, EntitySummary]
    #: resident-ID columns only
    identity: IdentitySummary | None = None

    @property
    def dominant(self) -> EntitySummary | None:
        """The summary of the dominant entity, if the column has one."""
        return self.entities[self.entity] if self.entity else None

    def to_dict(self) -> dict[str, Any]:
        """The column as a JSON object; key order and content are the saved scan's format."""
        data: dict[str, Any] = {
            "file": self.file,
            "sheet": self.sheet,
            "column": self.column,
            "entity": self.entity,
            "confidence": self.confidence,
            "masked": self.masked,
            "masked_entity": self.masked_entity,
            "masked_share": self.masked_share,
            "masked_examples": list(self.masked_examples),
            "rows": self.rows,
            "nonempty": self.nonempty,
            "entities": {name: e.to_dict() for name, e in self.entities.items()},
        }
        if self.identity is not None:
            data["identity"] = self.identity.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ColumnSummary":
        return cls(
            data["file"],
            data["sheet"],
            data["column"],
            data["entity"],
            data["confidence"],
            data["masked"],
            data["masked_entity"],
            data["masked_share"],
            tuple(data["masked_examples"]),
            data["rows"],
            data["nonempty"],
            {name: EntitySummary.from_dict(e) for name, e in data["entities"].items()},
            IdentitySummary.from_dict(data["identity"]) if data.get("identity") else None,
        )


@dataclass
class TableInfo:
    sheet: str | None
    rows: int
    columns: int
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class DocumentInfo:
    """A document's facts: its kind (docx, pdf, email, image), pages read (and by OCR), and
    the pages showing a resident-ID card (copies of identity documents: sensitive PI)."""

    kind: str
    pages: int = 0
    ocr_pages: int = 0
    identity_pages: list[str] = field(default_factory=list)
    #: findings per page or part ("page 2", "headers", "table 1", "attachment 合同.docx / page 1"):
    #: entity -> count, never a value
    findings: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def from_facts(cls, facts, counted: "DocumentInfo | None" = None) -> "DocumentInfo":
        """The facts read from the document, with the findings ``counted`` so far."""
        return cls(
            facts.kind, facts.pages, facts.ocr_pages, list(facts.identity_pages), counted.findings if counted else {}
        )


@dataclass
class FileInfo:
    name: str
    path: str
    size: int
    sha256: str
    tables: list[TableInfo] = field(default_factory=list)
    error: str | None = None
    #: documents only (Word, PDF, e-mail, images); None for tables
    document: DocumentInfo | None = None

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def warnings(self) -> list[str]:
        return [(f"[{t.sheet}] " if t.sheet else "") + w for t in self.tables for w in t.warnings]


@dataclass
class ScanResult:
    files: list[FileInfo]
    columns: list[ColumnSummary]
    #: distinct values per entity over the whole scan (hash unions, never the values)
    distinct: dict[str, int]
    minors_under_14: int
    seconds: float
    scanned_at: str

    # -- derived views used by risk scoring and the report --------------------------
    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def errors(self) -> list[FileInfo]:
        return [f for f in self.files if f.error]

    @property
    def documents(self) -> list[FileInfo]:
        """Documents (Word, PDF, e-mail, images) among the files."""
        return [f for f in self.files if f.document is not None]

    @property
    def identity_documents(self) -> int:
        """Pages or images showing a resident-ID card (copies of identity documents)."""
        return sum(len(f.document.identity_pages) for f in self.documents if f.document is not None)

    def entity_rows(self) -> dict[str, int]:
        """Rows holding each entity, summed over columns."""
        total: Counter = Counter()
        for col in self.columns:
            for name, info in col.entities.items():
                total[name] += info.rows
        return dict(total.most_common())

    @property
    def data_subjects(self) -> int:
        """Estimated people: the most distinct values of any identifying entity."""
        identifying = [n for e, n in self.distinct.items() if ENTITIES.get(e) and ENTITIES[e].identifying]
        return max(identifying, default=self.distinct.get("PERSON", 0))

    @property
    def sensitive_entities(self) -> list[str]:
        return [e for e in self.entity_rows() if ENTITIES.get(e) and ENTITIES[e].sensitive]

    def to_dict(self) -> dict:
        return {
            "files": [asdict(f) for f in self.files],
            "columns": [c.to_dict() for c in self.columns],
            "distinct": self.distinct,
            "minors_under_14": self.minors_under_14,
            "seconds": self.seconds,
            "scanned_at": self.scanned_at,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ScanResult":
        files = [
            FileInfo(
                **{
                    **f,
                    "tables": [TableInfo(**t) for t in f["tables"]],
                    "document": DocumentInfo(**f["document"]) if f.get("document") else None,
                }
            )
            for f in data["files"]
        ]
        return cls(
            files,
            [ColumnSummary.from_dict(c) for c in data["columns"]],
            data["distinct"],
            data["minors_under_14"],
            data["seconds"],
            data["scanned_at"],
        )

    def save(self, path: Path | str) -> None:
        from ..atomic import write_file  # atomic: a kill never leaves half a scan.json

        write_file(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=1))

    @classmethod
    def load(cls, path: Path | str) -> "ScanResult":
        return cls.from_dict(json.loads(Path(path).read_text("utf-8")))
