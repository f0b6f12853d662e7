"""Guess the text encoding of a CSV file the way a Chinese office produces them.

Order matters: a BOM wins; then strict UTF-8 (GB18030 would happily decode UTF-8 bytes
into nonsense); then GB18030 (a superset of GBK and GB2312, the usual Excel export);
then Big5 for Hong Kong / Taiwan files; charset-normalizer has the last word.
"""

from __future__ import annotations

import codecs

SAMPLE_BYTES = 1 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decodes(sample: bytes, encoding: str, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


#: share of undecodable bytes up to which a file is UTF-8 with a few foreign lines
MOSTLY = 0.001


def _mostly_utf8(sample: bytes) -> bool:
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return 0 < bad <= MOSTLY * len(sample) and any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text)


def _private_use(text: str) -> bool:
    return any("\ue000" <= ch <= "\uf8ff" for ch in text)


def sniff_encoding(sample: bytes, complete: bool = False) -> str | None:
    """Best encoding for ``sample`` (the first bytes of a file), or None if nothing fits.

    ``complete`` says the sample is the whole file; otherwise a multi-byte character
    cut at the end of the sample is not held against an encoding.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if _decodes(sample, "utf-8", complete):
        return "utf-8"
    if _mostly_utf8(sample):
        return "utf-8"  # a few foreign lines in a UTF-8 file: read as UTF-8, count the rest
    if _decodes(sample, "gb18030", complete):
        # Big5 bytes also decode as GB18030, into private-use characters: prefer Big5 then
        text = sample.decode("gb18030", errors="ignore")
        if (
            _private_use(text)
            and _decodes(sample, "big5", complete)
            and not _private_use(sample.decode("big5", errors="ignore"))
        ):
            return "big5"
        return "gb18030"
    if _decodes(sample, "big5", complete):
        return "big5"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None
