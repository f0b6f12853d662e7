"""``workbench.atomic``: a new file gets the mode a plain ``open`` would give it, and the
process umask is read, never set (setting it to 0 for a moment would let another thread's
file be world-writable)."""

from __future__ import annotations

import os
import sys

import pytest

from workbench import atomic


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the umask is read from /proc on Linux")
def test_new_file_follows_the_umask_without_setting_it(tmp_path, monkeypatch):
    old = os.umask(0o027)
    try:

        def forbidden(mask):
            raise AssertionError("os.umask was called")

        monkeypatch.setattr(atomic.os, "umask", forbidden)
        atomic.write_file(tmp_path / "a.json", "{}")
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "a.json").read_text() == "{}"


def test_an_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("old")
    path.chmod(0o604)
    atomic.write_file(path, "new")
    assert path.stat().st_mode & 0o777 == 0o604 and path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary left


def test_streamed_file_appears_whole_or_not_at_all(tmp_path):
    path = tmp_path / "S.jsonl"
    with atomic.streamed(path) as out:
        out.write("a\n")
        assert not path.exists()  # nothing in place while it is written
    assert path.read_text() == "a\n"
    with pytest.raises(RuntimeError):
        with atomic.streamed(path) as out:
            out.write("half")
            raise RuntimeError("scan failed")
    with atomic.streamed(path) as out:
        out.write("b\n")
        out.abandon()
    assert path.read_text() == "a\n"  # the old file, untouched both times
    assert [p.name for p in tmp_path.iterdir()] == ["S.jsonl"]
    # two writers of one path each have their own temporary: the last to finish wins, whole
    with atomic.streamed(path) as first, atomic.streamed(path) as second:
        first.write("first\n")
        second.write("second\n")
    assert path.read_text() in ("first\n", "second\n")
