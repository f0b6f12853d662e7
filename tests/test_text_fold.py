"""``cn.text.to_ascii``'s fast path (no full-width character: the text itself) folds as
``translate`` does, for every character."""

from __future__ import annotations

from workbench.pii.cn.text import _FULLWIDTH, to_ascii


def test_to_ascii_equals_translate_for_every_character():
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        for text in (chr(code), f"a{chr(code)}京"):
            assert to_ascii(text) == text.translate(_FULLWIDTH), hex(code)
