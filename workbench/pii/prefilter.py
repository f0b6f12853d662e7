"""Which of the pack's patterns can match a column at all: one RE2 pass instead of fourteen.

The columnar engine runs each pattern recognizer's regexes over a column's values joined
by newlines.  Most patterns find nothing in most columns (no e-mail in a phone column,
no plate in an amount column), yet a Python regex pass costs the same whether it finds
anything or not: 14 passes, ~0.5 s per 20,000-row chunk on a quiet core.

A ``Prefilter`` asks RE2 (``google-re2``: a DFA, linear in the text, a few milliseconds
for the fourteen patterns over a 20,000-value column) which patterns *may* match
anywhere in the text, with each pattern's lookarounds removed
(RE2 has none).  An assertion removed can only let more texts match, so every text the
original pattern matches, the loosened one matches too: a "no" is certain, a "yes" sends
the pattern to Python's own engine as before, and findings stay exactly the
recognizers'.  That premise holds for patterns written with literal characters and
classes; a pattern with anything where RE2 and Python could disagree (shorthand classes
such as ``\\d`` or ``\\w``, which RE2 reads as ASCII only; anchors; negated classes;
flags other than I, M, S) is not filtered: it always runs.

Case-insensitive patterns are asked about the text with ``ı`` and ``İ`` (dotless i,
dotted capital I) written ``i``: Python's engines let them match ``i`` / ``I`` under
IGNORECASE, RE2's simple case folding does not; for every other cased character the two
agree (``tests/test_engine_parity.py`` checks each one).  A text RE2 cannot take (lone
surrogates from undecodable bytes) runs every pattern.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import re2

#: flags that the loosened pattern reproduces as RE2 inline flags
_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
_KNOWN = re.IGNORECASE | re.MULTILINE | re.DOTALL
#: Python's IGNORECASE matches these to ASCII letters where RE2's case folding does not
#: (one character for one: positions stay)
FOLD_EXTRA = {"ı": "i", "İ": "i"}
_FOLD_TABLE = str.maketrans(FOLD_EXTRA)


#: a fence: a negative lookbehind / lookahead of one plain character class
_FENCE_BEFORE = re.compile(r"\(\?<!\[([^\]\\^\[]+)\]\)")
_FENCE_AFTER = re.compile(r"\(\?!\[([^\]\\^\[]+)\]\)")


def loosened(pattern: str) -> str | None:
    r"""``pattern`` without its lookaround assertions, or None when it holds something whose
    meaning RE2 and Python might not share (then the pattern is never filtered).

    Whether a text holds a match is all a prefilter asks, so a fence at the very start
    (``(?<![0-9])``) or end (``(?![0-9@])``) of the pattern can stay, as a character it
    reads: "the start of the text or a character not in the class" (a text holds a match
    of one exactly when it holds one of the other).  Fences keep a mobile-number pattern
    from matching inside every 18-digit ID number.

    >>> print(loosened(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9@])"))
    (?:\A|[^0-9])1[3-9][0-9]{9}(?:[^0-9@]|\z)
    >>> print(loosened(r"1(?<![0-9][ ])[3-9][0-9]{9}(?![0-9])x"))
    1[3-9][0-9]{9}x
    >>> loosened(r"(?<!\d)1\d{10}") is None     # RE2's \d is ASCII, Python's is not
    True
    """
    before = ""
    # leading lookarounds: the first plain fence among them is kept, the others dropped
    while (end := _lookaround_end(pattern, 0)) is not None:
        fence = _FENCE_BEFORE.fullmatch(pattern[:end])
        if fence and not before:
            before = rf"(?:\A|[^{fence.group(1)}])"
        pattern = pattern[end:]
    stripped = _without_lookarounds(pattern)
    if stripped is None:
        return None
    core, last = stripped
    fence = _FENCE_AFTER.fullmatch(last) if last else None
    return before + core + (rf"(?:[^{fence.group(1)}]|\z)" if fence else "")


def _lookaround_end(pattern: str, i: int) -> int | None:
    """End of the lookaround group opening at ``pattern[i]``, if one does."""
    if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
        return _group_end(pattern, i)
    return None


def _without_lookarounds(pattern: str) -> tuple[str, str | None] | None:
    """(``pattern`` without lookarounds, the text of the lookaround that ends it at the top
    level if one does), or None (see ``loosened``)."""
    out, i, n = [], 0, len(pattern)
    depth, in_class, last = 0, False, None
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n or pattern[i + 1].isalnum():
                return None  # shorthand classes, anchors, back-references, \u escapes
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
            i += 1
            continue
        if c == "[":
            if pattern.startswith("[^", i):
                return None  # a negated class under case folding: not certain
            in_class = True
            out.append(c)
            # a "]" right after the opening bracket is a literal one
            if pattern.startswith("[]", i):
                out.append("]")
                i += 1
            i += 1
            continue
        if c in "^$":
            return None
        end = _lookaround_end(pattern, i)
        if end is not None:
            if end == n and depth == 0:
                last = pattern[i:end]
            i = end
            continue
        if end is None and pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            return None  # unbalanced
        if pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?P<"), i):
            return None  # inline flags, atomic groups, comments: not ours to guess
        depth += c == "("
        depth -= c == ")"
        out.append(c)
        i += 1
    return "".join(out), last


def _group_end(pattern: str, i: int) -> int | None:
    """Index just after the group opened at ``pattern[i]``."""
    depth, in_class, n = 0, False, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


class Prefilter:
    """For a list of (regex, flags), which may match a text: ``candidates(text)``.

    Each loosened pattern is its own RE2 regex, searched until its first match: an RE2
    ``Set`` would read the text once, but it must find every member's matches, and its
    DFA over fourteen counted repetitions overflows on digit-heavy columns (0.13 s on an
    ID column against 0.004 s for the fourteen searches, measured)."""

    def __init__(self, patterns: Sequence[tuple[str, int]]):
        self.size = len(patterns)
        self.always: list[int] = []
        self._searches: list[tuple[int, bool, re2._Regexp]] = []  # (index, folded, regex)
        for index, (pattern, flags) in enumerate(patterns):
            loose = loosened(pattern) if not flags & ~_KNOWN else None
            prefix = "".join(letter for flag, letter in _FLAGS if flags & flag)
            try:
                if loose is None:
                    raise re2.error("not filtered")
                compiled = re2.compile(f"(?{prefix})(?:{loose})" if prefix else loose)
            except re2.error:
                self.always.append(index)
                continue
            self._searches.append((index, bool(flags & re.IGNORECASE), compiled))

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns that may match somewhere in ``text`` (all that are not
        certain to fail)."""
        try:
            raw = text.encode("utf-8")  # once, not once per pattern
        except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
            return set(range(self.size))
        folded = None
        found = set(self.always)
        for index, case_blind, compiled in self._searches:
            if case_blind and folded is None:
                # a search for two characters is cheap; ``translate`` reads every character
                folded = text.translate(_FOLD_TABLE).encode("utf-8") if any(c in text for c in FOLD_EXTRA) else raw
            if compiled.search(folded if case_blind else raw):
                found.add(index)
        return found


@lru_cache(maxsize=16)
def prefilter(patterns: tuple[tuple[str, int], ...]) -> Prefilter:
    """The ``Prefilter`` of ``patterns``, built once per process (compiling takes
    milliseconds; the engine asks for one per column)."""
    return Prefilter(patterns)
