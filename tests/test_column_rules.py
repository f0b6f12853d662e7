"""Column-level evidence: inferred context and vetoes, and column classification."""

from __future__ import annotations

import datetime
import random

import pandas as pd
import pytest
from stdnum.cn import ric

from workbench.pii.column_rules import ColumnRules, infer

from workbench.pii.engine import analyze_column
from workbench.pii.scan import scan_chunk


def make_ids(n, seed=1, valid_check=True):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        body = (
            f"{rnd.choice(['110105', '310104', '440305'])}{rnd.randint(1950, 2005)}"
            f"{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{rnd.randint(100, 999)}"
        )
        check = ric.calc_check_digit(body + "0")
        out.append(body + (check if valid_check else ("0" if check != "0" else "1")))
    return out


def test_unlabelled_id_column_gets_id_context():
    ids = make_ids(50, valid_check=False)  # every check digit mistyped
    assert infer(ids) == ColumnRules(context=("身份证",))
    found = analyze_column(ids, "f2")
    assert all([f.entity for f in found[v]] == ["CN_RESIDENT_ID"] for v in ids)
    assert not any(analyze_column(ids[:1], "备注")[ids[0]])  # a lone value has no such evidence


def test_reference_numbers_with_impossible_dates_are_vetoed():
    plausible = make_ids(30)
    impossible = [v[:10] + "13" + v[12:] for v in make_ids(30, seed=2)]  # month 13
    rules = infer(plausible + impossible)
    assert "CN_RESIDENT_ID" in rules.vetoed
    found = analyze_column(plausible + impossible, "ref_no")
    assert not any(found.values())


def test_name_column_context_lets_rare_surnames_count():
    common = [
        "王坤",
        "李娜",
        "张伟",
        "刘洋",
        "陈静",
        "杨帆",
        "赵敏",
        "黄磊",
        "周杰",
        "吴倩",
        "徐丽",
        "孙浩",
        "胡军",
        "朱琳",
        "高峰",
        "林芳",
        "何涛",
        "郭敏",
        "马超",
        "罗娟",
    ]
    rare = ["乜晓燕", "仉建国", "禚玉兰"]
    assert infer(common + rare) == ColumnRules(context=("姓名",))
    found = analyze_column(common + rare, "f1")
    assert all([f.entity for f in found[v]] == ["PERSON"] for v in rare)


def test_labels_are_not_a_name_column():
    assert infer(["普通", "金卡", "银卡", "钻石"] * 10) == ColumnRules(vetoed=frozenset({"PERSON"}))


DISHES = [
    "宫保鸡丁",
    "鱼香肉丝",
    "麻婆豆腐",
    "回锅肉",
    "水煮鱼",
    "糖醋里脊",
    "红烧排骨",
    "清蒸鲈鱼",
    "干锅花菜",
    "酸菜鱼",
    "毛血旺",
    "地三鲜",
    "蒜蓉西兰花",
    "香辣虾",
    "口水鸡",
    "夫妻肺片",
    "东坡肘子",
    "佛跳墙",
    "白切鸡",
    "叉烧包",
    "马兰头",
    "毛豆腐",
    "熊掌豆腐",
    "孔雀开屏鱼",
    "江团",
    "包浆豆腐",
]


def test_label_column_drops_name_lookalikes():
    """Dish names that start with a surname character (马兰头, 毛豆腐, 江团) are not people."""
    assert infer(DISHES, "菜品名称") == ColumnRules(vetoed=frozenset({"PERSON"}))
    found = analyze_column(DISHES, "菜品名称")
    assert not [f for fs in found.values() for f in fs if f.entity == "PERSON"]


def test_label_rule_spares_name_headers_and_name_columns():
    assert "PERSON" not in infer(DISHES, "联系人").vetoed
    names = ["王坤", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴倩", "徐丽", "孙浩"] * 2
    assert infer(names, "f1") == ColumnRules(context=("姓名",))


def test_code_column_is_not_counted_as_phones():
    """Random 11-digit product codes: the few in a mobile range are chance, not phones."""
    rnd = random.Random(5)
    codes = [str(rnd.randint(10**10, 10**11 - 1)) for _ in range(2000)]
    assert infer(codes, "商品编码").vetoed == frozenset({"CN_MOBILE_PHONE"})
    found = analyze_column(codes, "商品编码")
    assert not [f for fs in found.values() for f in fs if f.entity == "CN_MOBILE_PHONE"]


def test_phone_column_under_a_code_header_keeps_its_phones():
    rnd = random.Random(6)
    phones = [f"13{rnd.randint(0, 9)}{rnd.randint(0, 10**8 - 1):08d}" for _ in range(200)]
    assert infer(phones, "会员编号") == ColumnRules()
    assert infer(phones[:30] + [str(rnd.randint(10**10, 10**11 - 1)) for _ in range(170)], "手机号") == ColumnRules()


def profile_of(values, header):
    (profile,), _ = scan_chunk(
        pd.DataFrame({header: values}), [header], "f.csv", None, 0, datetime.date(2026, 1, 1), False
    )
    return profile.summary()


def test_classification_free_text_vs_column():
    remarks = ["客户王坤来电要求回访", "联系人李娜电话13812345678", "", "请勿打扰", "张伟女士要求开发票"] * 4
    assert profile_of(remarks, "备注").entity is None
    assert profile_of(["13812345678", "13900001111", "", "无"], "手机").entity == "CN_MOBILE_PHONE"


def test_counts_are_per_cell_and_examples_per_distinct_value():
    """The profile works per distinct value, yet counts every cell that holds it."""
    (profile,), spans = scan_chunk(
        pd.DataFrame({"手机": ["13812345678"] * 3 + ["13900001111", "", None, "1.30925E+17"]}),
        ["手机"],
        "f.csv",
        None,
        10,
        datetime.date(2026, 1, 1),
        True,
    )
    summary = profile.summary()
    phones = summary.entities["CN_MOBILE_PHONE"]
    assert (summary.rows, summary.nonempty) == (7, 5)
    assert (phones.rows, phones.findings, phones.distinct) == (4, 4, 2)
    assert phones.examples == ("138****5678", "139****1111")
    assert [row for row, *_ in spans] == [10, 11, 12, 13]
    assert "1 value(s) in scientific notation" in profile.warnings()[0]


def test_masked_column():
    summary = profile_of(["138****5678", "139****1111", "186****0000"], "mobile_masked")
    assert summary.masked and summary.entity is None and summary.masked_entity == "CN_MOBILE_PHONE"
    assert summary.masked_examples[0] == "138****5678"


def test_identity_facts_minors_and_provinces():
    today = datetime.date(2026, 1, 1)
    body = "11010520150101123"  # born 2015: a minor under 14
    minor = body + ric.calc_check_digit(body + "0")
    adult = make_ids(1)[0]
    summary = profile_of([minor, adult, minor], "身份证号")
    assert summary.identity is not None
    assert summary.identity.minors_under_14 == 1  # distinct people, not rows
    assert summary.entities["CN_RESIDENT_ID"].distinct == 2
    assert summary.identity.provinces["北京"] >= 1
    assert today.year - 2015 < 14


def test_age_bands_and_provinces_in_arrays_equal_the_per_id_functions():
    """The profile counts ages and provinces in arrays; the per-ID functions of
    ``resident_id`` (one by one) must give the same counts, birthdays and odd forms included."""
    from collections import Counter

    import numpy as np

    from workbench.pii.cn import resident_id
    from workbench.pii.columns import AGE_BANDS, ColumnProfile

    today = datetime.date(2026, 3, 1)
    rnd = random.Random(11)
    numbers = []
    for _ in range(3000):
        day = rnd.choice(
            [
                "20120229",
                "20120301",
                "20120302",
                "20120228",
                "20260301",
                "19000101",
                "20001231",
                f"{rnd.randint(1900, 2026)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}",
            ]
        )
        body = f"{rnd.choice(['11', '44', '83', '71', '99'])}0105{day}{rnd.randint(0, 999):03d}"
        number = body + rnd.choice([ric.calc_check_digit(body + "0"), "x"])
        numbers.append(
            rnd.choice(
                [
                    number,
                    number,
                    f"{number[:6]} {number[6:14]} {number[14:]}",
                    number.translate({48 + d: 0xFF10 + d for d in range(10)}),
                    number[:6] + number[8:17],
                ]
            )
        )  # legacy 15 digits
    cells = np.array([rnd.randint(1, 3) for _ in numbers])
    profile = ColumnProfile("f", None, "id")
    minors = profile._add_identities(numbers, cells, today)
    ages, provinces, expected_minors = Counter(), Counter(), []
    for number, n in zip(numbers, cells.tolist()):
        age = resident_id.age_on(number, today)
        if age is not None:
            ages[next(label for low, high, label in AGE_BANDS if low <= age < high)] += n
        if resident_id.birth_province(number):
            provinces[resident_id.birth_province(number)] += n
        expected_minors.append(age is not None and age < 14)
    assert profile.ages == ages and profile.provinces == provinces
    assert minors.tolist() == expected_minors
    assert len(ages) == len(AGE_BANDS) and "<14" in ages and "台湾居民" in provinces


@pytest.mark.parametrize("buffer", [1_000, 1 << 16])
def test_distinct_counter_is_exact_and_mergeable(monkeypatch, buffer):
    import random

    import numpy as np

    from workbench.pii.columns import fingerprints
    from workbench.pii.distinct import DistinctCounter

    monkeypatch.setattr(DistinctCounter, "BUFFER", buffer)  # small: many merges into segments
    rnd = random.Random(3)
    values = [f"138{rnd.randint(0, 99_999):08d}" for _ in range(200_000)]
    a, b = DistinctCounter(), DistinctCounter()
    for first in range(0, 120_000, 10_000):
        a.update(fingerprints("CN_MOBILE_PHONE", values[first : first + 10_000]))
    for first in range(80_000, 200_000, 10_000):
        b.update(fingerprints("CN_MOBILE_PHONE", values[first : first + 10_000]))
    assert len(a) == len(set(values[:120_000])) and len(b) == len(set(values[80_000:]))
    a |= b
    assert len(a) == len(set(values))
    stored = np.concatenate(a._segments)
    assert (stored[1:] > stored[:-1]).all()  # segments in order, each sorted and unique
    assert not np.isin(a._buffer, stored).any()  # the buffer holds only new hashes
    assert stored.size > 0  # merged into segments at least once
    spaced, plain = fingerprints("CN_MOBILE_PHONE", ["138 1234 5678", "13812345678"])
    assert spaced == plain
