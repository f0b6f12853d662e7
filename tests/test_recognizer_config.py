"""Recognizers configured the way Presidio's are: ``patterns`` / ``context`` / ``name``
overrides with the class data as defaults, so ``to_dict`` / ``from_dict`` round-trips."""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern

from workbench.pii.cn import RECOGNIZER_CLASSES, CnMobilePhoneRecognizer, all_recognizers

TEXTS = [
    "联系人王坤，手机 138 1234 5678，身份证 110105199001011237",
    "收货地址：上海市浦东新区世纪大道100号",
    "邮箱 wang.kun@163.com 车牌 沪A12345 生日 1990-01-01",
    "电话 021-62345678 银行卡号 6222021234567890128 统一社会信用代码 91310000MA1FL0T20C",
    "护照号码 E12345678 港澳通行证 C12345678 登录IP 192.168.1.10",
]


@pytest.mark.parametrize("recognizer", all_recognizers("zh"), ids=lambda r: type(r).__name__)
def test_to_dict_from_dict_rebuilds_the_same_recognizer(recognizer):
    data = recognizer.to_dict()
    again = type(recognizer).from_dict(data)
    assert again.to_dict() == data and again.name == recognizer.name
    assert again.context == recognizer.context
    found_any = False
    for text in TEXTS:
        found = recognizer.analyze(text, recognizer.supported_entities, None)
        found_any = found_any or bool(found)
        assert [
            (r.entity_type, r.start, r.end, r.score) for r in again.analyze(text, again.supported_entities, None)
        ] == [(r.entity_type, r.start, r.end, r.score) for r in found]
    assert found_any  # every recognizer finds its entity in the texts: the comparison means something


def test_overrides_replace_the_class_values_and_defaults_stay():
    own = CnMobilePhoneRecognizer(
        patterns=[Pattern("eleven digits", r"(?<!\d)1\d{10}(?!\d)", 0.3)], context=["联系"], name="mine"
    )
    assert own.name == "mine" and own.context == ["联系"] and [p.name for p in own.patterns] == ["eleven digits"]
    default = CnMobilePhoneRecognizer()
    assert [p.name for p in default.patterns] == [p.name for p in CnMobilePhoneRecognizer.PATTERNS]
    assert default.context == CnMobilePhoneRecognizer.CONTEXT and default.name == "CnMobilePhoneRecognizer_zh"
    assert {type(r) for r in all_recognizers()} == set(RECOGNIZER_CLASSES)
