"""Typed scan results: column summaries as frozen dataclasses whose JSON is the saved
scan's format, and one EntityInfo per entity for masking, comparison and vetoes."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pandas as pd
import pytest

from workbench.pii.charsets import CJK
from workbench.pii.column_rules import VETOED_WITH_IDS
from workbench.pii.columns import fingerprints
from workbench.pii.entities import ENTITIES
from workbench.pii.masking import mask
from workbench.pii.result import ColumnSummary, EntitySummary, ScanResult
from workbench.pii.scan import scan_chunk, scan_paths


def _summary(frame: pd.DataFrame) -> list[ColumnSummary]:
    profiles, _ = scan_chunk(frame, list(frame.columns), "客户.csv", None, 0, datetime.date(2026, 1, 1), False)
    return [p.summary() for p in profiles]


def test_column_summary_is_typed_frozen_and_round_trips_through_json():
    ids = ["110105199001011234", "310104198512126789", "440305200001010000", "138****5678"]
    name, phone, remarks, masked = _summary(
        pd.DataFrame(
            {
                "姓名": ["王坤", "李娜", "张伟", ""],
                "手机": ["13812345678", "13900001111", "13812345678", "无"],
                "备注": ["客户王坤来电", "电话13812345678", "", "请勿打扰"],
                "身份证": ids,
            }
        )
    )
    assert isinstance(phone.entities["CN_MOBILE_PHONE"], EntitySummary)
    assert phone.entity == "CN_MOBILE_PHONE" and phone.dominant is phone.entities["CN_MOBILE_PHONE"]
    assert phone.dominant.distinct == 2 and phone.dominant.examples == ("138****5678", "139****1111")
    assert remarks.entity is None and remarks.dominant is None and remarks.entities
    with pytest.raises(dataclasses.FrozenInstanceError):
        phone.entity = None  # type: ignore[misc]
    for column in (name, phone, remarks, masked):
        data = json.loads(json.dumps(column.to_dict(), ensure_ascii=False))
        assert ColumnSummary.from_dict(data) == column
        assert list(data) == [
            "file",
            "sheet",
            "column",
            "entity",
            "confidence",
            "masked",
            "masked_entity",
            "masked_share",
            "masked_examples",
            "rows",
            "nonempty",
            "entities",
        ] + (["identity"] if column.identity else [])
    assert masked.identity is not None and "identity" in masked.to_dict()
    assert set(masked.to_dict()["identity"]) == {"age_bands", "minors_under_14", "provinces"}


def test_saved_scan_loads_and_saves_byte_identical(samples, tmp_path):
    first = tmp_path / "scan.json"
    scan_paths([samples / "hanghai_shipping"], today=datetime.date(2026, 1, 1)).save(first)
    loaded = ScanResult.load(first)
    assert all(isinstance(c, ColumnSummary) for c in loaded.columns) and loaded.columns
    again = tmp_path / "again.json"
    loaded.save(again)
    assert again.read_bytes() == first.read_bytes()


def test_one_entity_info_drives_masking_comparison_and_vetoes():
    assert VETOED_WITH_IDS == {"CN_RESIDENT_ID", "CN_BANK_CARD", "CN_USCC"}
    for name, info in ENTITIES.items():
        assert info.name == name and info.label("zh") == info.label_zh and info.label("en") == info.label_en
    assert mask("13812345678", "CN_MOBILE_PHONE") == "138****5678"
    assert mask("110105199001011234", "CN_RESIDENT_ID") == "1101**********1234"
    assert mask("王坤", "PERSON") == "王*"
    # digits-compared entities ignore formatting; others compare the trimmed, lower-cased text
    spaced, plain = fingerprints("CN_BANK_CARD", ["6222 0212 3456 7890", "6222021234567890"])
    assert spaced == plain
    upper, lower = fingerprints("EMAIL_ADDRESS", ["Li@163.com", "li@163.com "])
    assert upper == lower
    a, b = fingerprints("CN_ADDRESS", ["北京市 朝阳区", "北京市朝阳区"])
    assert a != b


def test_cjk_range_is_defined_once():
    from pathlib import Path

    import workbench

    root = Path(workbench.__file__).parent
    defining = [
        p.relative_to(root).as_posix() for p in root.rglob("*.py") if "\\u4e00" in p.read_text("utf-8")
    ]  # the escape; 一 itself is common text
    assert defining == ["pii/charsets.py"] and CJK == "\u4e00-\u9fff"
