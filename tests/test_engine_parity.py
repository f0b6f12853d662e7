"""The columnar engine finds exactly what the project's AnalyzerEngine finds cell by cell."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.io import discover, iter_tables
from workbench.pii import analyzer
from workbench.pii.column_rules import ColumnRules, infer
from workbench.pii.engine import analyze_column


def reference(text: str, header: str, rules=ColumnRules()):
    """Presidio's full path: the blank spaCy pipeline runs, header (+ inferred words) as context."""
    results = analyzer().analyze(text=text, language="zh", context=[header, *rules.context])
    return sorted(
        (r.entity_type, r.start, r.end, round(r.score, 4)) for r in results if r.entity_type not in rules.vetoed
    )


def sampled_cells(paths, per_column=40, seed=7):
    rnd = random.Random(seed)
    for path in discover(paths):
        for table in iter_tables(path):
            frame = next(table.chunks())
            for column in table.columns:
                values = [v for v in frame[column].tolist() if isinstance(v, str) and v.strip()]
                yield column, values, rnd.sample(values, min(per_column, len(values)))


def assert_parity(paths):
    checked, with_rules = 0, 0
    for column, values, sample in sampled_cells(paths):
        rules = infer(list(dict.fromkeys(values)))
        engine = analyze_column(sample, column, rules)
        with_rules += rules != ColumnRules()
        for value in sample:
            got = sorted((f.entity, f.start, f.end, f.score) for f in engine[value])
            assert got == reference(value, column, rules), (column, value)
            checked += 1
    assert checked > 100
    return with_rules


def test_parity_on_samples(samples):
    assert_parity([samples])


def test_parity_on_dev_tables(dev_tables):
    # the dev tables exercise both column rules (an unlabelled ID column, reference numbers)
    assert assert_parity([dev_tables]) >= 3


def test_repeated_values_are_analyzed_once(monkeypatch):
    """Each distinct value meets each recognizer once: the text recognizers' ``analyze`` and
    the pattern recognizers' validation see it once, however many cells hold it."""
    from workbench.pii import engine
    from workbench.pii.cn import CnMobilePhoneRecognizer, CnPersonRecognizer

    seen = []
    for cls, method in ((CnPersonRecognizer, "analyze"), (CnMobilePhoneRecognizer, "validate_result")):
        real = getattr(cls, method)
        monkeypatch.setattr(
            cls, method, lambda self, text, *a, _real=real, **k: seen.append(text) or _real(self, text, *a, **k)
        )
    result = engine.analyze_column(["北京"] * 500 + ["13812345678"] * 500 + [""] * 10, "城市")
    assert sorted(seen) == ["13812345678", "北京"]
    assert [f.entity for f in result["13812345678"]] == ["CN_MOBILE_PHONE"]


def test_prefilter_only_skips_recognizers_that_cannot_match():
    """Values a recognizer's patterns never touch give it nothing to find, cell by cell too."""
    from workbench.pii.engine import ColumnScanner

    values = ["13812345678", "北京市朝阳区建国路88号", "王坤", "abc@qq.com", "普通", "订单DD2025", "无"]
    scanner = ColumnScanner("备注")
    for value in values:
        as_tuples = [(f.entity, f.start, f.end, f.score) for f in scanner.analyze_values([value])[value]]
        assert as_tuples == sorted(reference(value, "备注"), key=lambda t: (t[1], t[2], t[0]))


def test_single_match_short_path_equals_the_full_path():
    """Values with one candidate are finished in arrays (``ColumnScanner._finish_single``);
    scores, cues, header context and thresholds come out as Presidio's full path gives them."""
    from workbench.pii.engine import ColumnScanner

    values = [
        "11010519491231002X",
        "110105194912310021",
        "id:110105194912310021",
        "13812345678",
        "138 1234 5678",
        "6222021234567890123",
        "0755-86013388",
        "abc@qq.com",
        "京A12345",
        "110105491231002",
        "DD2025123456789012",
        "1.2.3.4",
        "2001:db8::1",
        "E12345678",
    ]
    short_path = 0
    for header in ("备注", "身份证号", "手机号", "银行卡号", "联系方式"):
        scanner = ColumnScanner(header)
        found = scanner.analyze_values(values)
        for value in values:
            short_path += len(scanner._scored_matches([value]).value) == 1
            got = [(f.entity, f.start, f.end, f.score) for f in found[value]]
            assert sorted(got) == reference(value, header), (header, value)
    assert short_path >= 30


#: characters the stdlib-``re`` patterns could treat differently from ``regex``: digits of
#: both widths, check letters, case-folding oddities (Kelvin sign, long s, dotted/dotless i),
#: separators, plate provinces and suffixes, CJK text
_RE_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９XxＸｘ -+＋()（）·•\u3000\n.@:")
    + list("ABCDEGHJKMNPSZabcdeghjkmnpsz\u212a\u017f\u0130\u0131ＡＺａｚ")
    + list("京沪粤使领挂学警港澳号码身份证卡客户")
)
_DIGIT_RUNS = st.lists(
    st.one_of(
        st.text(alphabet=_RE_ALPHABET, max_size=6),
        st.from_regex(r"[0-9]{6,19}", fullmatch=True),
        st.from_regex("[京沪粤使][A-Za-z\u212a\u017f][·• ]?[A-Za-z0-9\u212a]{5,6}[挂学]?", fullmatch=True),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(alphabet=_RE_ALPHABET, max_size=80), _DIGIT_RUNS))
def test_patterns_run_by_stdlib_re_match_as_presidio_compiles_them(text):
    """The engine runs some patterns with ``re`` (faster); Presidio compiles them with
    ``regex``: both must find the same spans."""
    import regex

    from workbench.pii.engine import STDLIB_RE_PATTERNS, ColumnScanner

    scanner = ColumnScanner(None)
    checked = 0
    for r in scanner.pattern_recognizers:
        for pattern, compiled in zip(r.patterns, scanner.prefilters[r.id]):
            if pattern.name in STDLIB_RE_PATTERNS:
                presidio = regex.compile(pattern.regex, flags=r.global_regex_flags)
                assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in presidio.finditer(text)]
                checked += 1
    assert checked == len(STDLIB_RE_PATTERNS)


def _ids_and_cards(rnd: random.Random, n: int) -> list[str]:
    """Numbers near the edges of the array validators: real IDs (right and wrong check
    characters, x and X, leap days, future births, unknown provinces), Luhn-valid cards
    of 16-19 digits with every issuer digit, and the same with separators or letters."""
    from stdnum import luhn
    from stdnum.cn import ric

    texts = []
    for _ in range(n):
        province = rnd.choice(["11", "44", "83", "99", "00", "71"])
        day = rnd.choice(
            [
                "19000229",
                "20000229",
                "20010229",
                "19491231",
                "18791231",
                "18800101",
                "20991231",
                f"{rnd.randint(1800, 2030)}{rnd.randint(0, 13):02d}{rnd.randint(0, 32):02d}",
            ]
        )
        body = f"{province}{rnd.randint(0, 9999):04d}{day}{rnd.randint(0, 999):03d}"
        check = ric.calc_check_digit(body + "0")
        texts.append(body + rnd.choice([check, check.lower(), str(rnd.randint(0, 9)), "X", "A"]))
        card = f"{rnd.randint(0, 99):02d}" + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(13, 16)))
        texts.append(card + rnd.choice([luhn.calc_check_digit(card), "0", "5"]))
    for text in list(texts[: n // 4]):
        at = rnd.randrange(1, len(text))
        texts.append(text[:at] + rnd.choice([" ", "-", "x", "０", "Ｘ"]) + text[at:])
        texts.append(text[:at] + text[at + 1 :])
    return texts


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.one_of(st.text(alphabet=_RE_ALPHABET, max_size=24), st.from_regex(r"[0-9]{15,19}[0-9Xx]?", fullmatch=True)),
        max_size=12,
    )
)
def test_array_validation_equals_validate_result_on_any_text(texts):
    from workbench.pii.cn import CnBankCardRecognizer, CnResidentIdRecognizer

    for recognizer in (CnResidentIdRecognizer(), CnBankCardRecognizer()):
        assert recognizer.validate_many(texts) == [recognizer.validate_result(t) for t in texts]


def test_array_validation_equals_validate_result_near_the_edges():
    from workbench.pii.cn import CnBankCardRecognizer, CnResidentIdRecognizer

    texts = _ids_and_cards(random.Random(5), 4000)
    for recognizer in (CnResidentIdRecognizer(), CnBankCardRecognizer()):
        verdicts = recognizer.validate_many(texts)
        assert verdicts == [recognizer.validate_result(t) for t in texts]
        assert {True, False, None} <= set(verdicts)  # every verdict is exercised
