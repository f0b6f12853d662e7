"""The RE2 prefilter never skips a pattern that Python's engines would match (``pii.prefilter``)."""

from __future__ import annotations

import doctest
import random
import re
from functools import cache

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.pii import prefilter as prefilter_module
from workbench.pii.engine import ColumnScanner, analyze_column, analyze_text
from workbench.pii.prefilter import FOLD_EXTRA, Prefilter, loosened, prefilter

#: the pack's own characters and those where case folding or widths could part the engines
_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９XxＸｘ -+＋()（）·•\u3000\n.@:_%/年月日转分机ext")
    + list("ABCDEGHIJKMNPSZabcdeghijkmnpsz\u212a\u017f\u0130\u0131ＡＺａｚ")
    + list("京沪粤使领挂学警港澳号码身份证卡客户ipIP")
)
_PIECES = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=6),
    st.from_regex(r"[0-9]{4,19}", fullmatch=True),
    st.from_regex(r"0[0-9]{2,3}[- ]?[0-9]{7,8}", fullmatch=True),
    st.from_regex(r"[a-z\u0131\u0130.]{1,6}@[a-z]{2,5}\.(com|cn)", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){3}", fullmatch=True),
    st.from_regex(r"[0-9a-f]{1,4}(:[0-9a-f]{0,4}){2,7}", fullmatch=True),
    st.from_regex(r"[CEGHMDSPcehm][A-Z]?[0-9]{7,10}", fullmatch=True),
    st.from_regex("[京沪粤使][A-Za-z\u212a][·• ]?[A-Za-z0-9]{5,6}[挂学]?", fullmatch=True),
)
_TEXTS = st.lists(_PIECES, max_size=8).map("".join)


@cache
def _pack():
    """The pack's scanner, and each pattern: (recognizer, pattern, the engine's compiled
    form, Presidio's compiled form)."""
    scanner = ColumnScanner(None)
    return scanner, [
        (r, p, c, regex.compile(p.regex, flags=r.global_regex_flags))
        for r in scanner.pattern_recognizers
        for p, c in zip(r.patterns, scanner.prefilters[r.id])
    ]


def _filter_of(scanner) -> Prefilter:
    return prefilter(
        tuple((p.regex, int(r.global_regex_flags)) for r in scanner.pattern_recognizers for p in r.patterns)
    )


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_TEXTS, min_size=1, max_size=4))
def test_a_pattern_that_matches_is_never_filtered_out(values):
    """Every pattern that Presidio's ``regex`` or the engine's compiled form matches in a
    column (values joined by newlines, as the engine joins them) is a candidate."""
    scanner, patterns = _pack()
    text = "\n".join(values)
    candidates = _filter_of(scanner).candidates(text)
    for index, (_, pattern, compiled, presidio) in enumerate(patterns):
        if presidio.search(text) or compiled.search(text):
            assert index in candidates, (pattern.name, text)


def test_the_filter_skips_most_patterns_of_a_structured_column():
    """Its point: an ID column runs the patterns that can match 18 digits, not all fourteen."""
    scanner, patterns = _pack()
    names = [p.name for _, p, _, _ in patterns]
    ids = "\n".join(["110105199001011234", "31011519851212002X"] * 50)
    run = {names[i] for i in _filter_of(scanner).candidates(ids)}
    assert "cn_resident_id_18" in run and "email" not in run and "cn_mobile" not in run
    assert len(run) <= 4
    assert _filter_of(scanner).candidates("") == set()


def test_columns_scan_the_same_with_and_without_the_filter():
    """The engine's findings on realistic mixed columns equal the AnalyzerEngine's, cell by
    cell, through the filter (the parity tests cover the sample datasets too)."""
    rnd = random.Random(11)
    values = [
        "客户王伟，手机13812345678，身份证110105199001011237",
        "联系ıt@qq.com或İnfo@163.com",
        "ＩＰ 10.0.0.8 与 fe80::1:2",
        "沪A·12345挂",
        "0755-88889999转123",
        "护照E12345678",
        "H1234567890",
        "2001年2月3日",
        "19900101",
        "621226" + "".join(rnd.choice("0123456789") for _ in range(13)),
    ]
    found = analyze_column(values, "备注")
    for value in values:
        expected = [(f.entity, f.start, f.end) for f in analyze_text(value, "备注")]
        assert [(f.entity, f.start, f.end) for f in found[value]] == expected, value


def test_case_folding_agrees_on_every_cased_character():
    """The premise of asking RE2 about case-insensitive patterns, for every cased character
    (RE2 reads the text with ``FOLD_EXTRA`` applied): a letter that Python's ``re`` or
    ``regex`` matches under IGNORECASE, RE2 matches under ``(?i)``; and the three agree on
    membership of the fence classes, which the filter keeps negated (``[^...]``)."""
    import re2

    scanner, patterns = _pack()
    fences = {
        m.group(0).replace("[^", "[", 1)
        for _, p, _, _ in patterns
        if (loose := loosened(p.regex))
        for m in re.finditer(r"\[\^[^\]]+\]", loose)
    }
    assert len(fences) >= 3, "the pack's fences are kept as negated classes"
    letters = [chr(c) for c in [*range(65, 91), *range(97, 123), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]]
    table = str.maketrans(FOLD_EXTRA)
    cased = [
        chr(c)
        for c in range(0x110000)
        if not 0xD800 <= c < 0xE000 and (chr(c).lower() != chr(c) or chr(c).upper() != chr(c))
    ]
    for atom in sorted(fences) + [re.escape(c) for c in letters]:
        python, presidio, ours = re.compile(atom, re.I), regex.compile(atom, regex.I), re2.compile(f"(?ims){atom}")
        for c in cased:
            theirs = {bool(python.fullmatch(c)), bool(presidio.fullmatch(c))}
            mine = bool(ours.fullmatch(c.translate(table)))
            if atom in fences:
                assert theirs == {mine}, (atom, c, hex(ord(c)))
            else:
                assert mine or theirs == {False}, (atom, c, hex(ord(c)))


def test_what_re2_might_read_otherwise_always_runs():
    flags = int(regex.I | regex.M | regex.S)
    unsure = [r"(?<!\d)1\d{10}", r"[^0-9]{3}", r"^abc$", r"(?i)abc", r"(?>ab)c", r"a(?#note)b", r"(a)\1"]
    for pattern in unsure:
        assert loosened(pattern) is None, pattern
    mixed = Prefilter([(p, flags) for p in unsure] + [("xyz", flags), ("abc", int(regex.X))])
    assert mixed.always == list(range(len(unsure))) + [len(unsure) + 1]
    assert mixed.candidates("nothing here") == set(mixed.always)
    assert mixed.candidates("...XYZ...") == set(mixed.always) | {len(unsure)}


def test_text_re2_cannot_read_runs_every_pattern():
    """Lone surrogates (undecodable bytes kept by ``surrogateescape``) are not UTF-8."""
    scanner, patterns = _pack()
    assert _filter_of(scanner).candidates("abc\udcff") == set(range(len(patterns)))
    assert [f.entity for f in analyze_column(["手机13812345678\udcff"], "备注")["手机13812345678\udcff"]] == [
        "CN_MOBILE_PHONE"
    ]


def test_doctests():
    assert doctest.testmod(prefilter_module).failed == 0
