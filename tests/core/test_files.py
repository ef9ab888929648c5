"""The one atomic writer: all or nothing, 0600, no temporary left on any failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dhrdesk.core.files import FileWriteError, atomic_file, write_atomic


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_bytes_and_text_with_owner_only_mode(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "a.txt", "café")
    assert target.read_bytes() == "café".encode()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert _siblings(tmp_path) == ["a.txt", "b.bin"]


def test_a_failed_check_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"yesterday")

    def refuse(tmp: Path) -> None:
        assert tmp.read_bytes() == b"today"
        raise FileWriteError("refused")

    with pytest.raises(FileWriteError):
        write_atomic(target, b"today", check=refuse)
    assert target.read_bytes() == b"yesterday"
    assert _siblings(tmp_path) == ["report.pdf"]


def test_an_error_while_streaming_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "pack.zip"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_file(target) as out:
            out.write(b"half")
            raise RuntimeError("battery")
    assert target.read_bytes() == b"old"
    assert _siblings(tmp_path) == ["pack.zip"]


def test_missing_folder_and_folder_target_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "x.txt", "x")
    with pytest.raises(FileWriteError, match="is a folder"):
        write_atomic(tmp_path, "x")


def test_an_os_error_becomes_a_clear_message(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    def full(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(FileWriteError, match="No space left on device"):
        write_atomic(tmp_path / "x.txt", "x")
    assert _siblings(tmp_path) == []
