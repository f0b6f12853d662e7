"""Word lists shipped with the pack (``data/*.txt``), loaded once."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """Whitespace-separated entries of ``data/<name>.txt``, comments dropped, order kept."""
    text = resources.files(__package__).joinpath("data", f"{name}.txt").read_text("utf-8")
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            seen.update(dict.fromkeys(line.split()))
    return tuple(seen)


def alternation(entries) -> str:
    """A regex alternation of literal entries, longest first so the longest wins."""
    import re

    return "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
