"""A framework file is read once per version: an edited file is read again (its modification time changed), a
symlinked folder swapped to a new release is followed, and a missing file is the usual clear error."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from spbe_actions.adapters import config
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.framework import load_framework

FRAMEWORK = "permenpanrb-59-2020"


def _release(root, name: str, title: str):  # type: ignore[no-untyped-def]
    folder = root / name
    folder.mkdir()
    text = (config.frameworks_dir() / f"{FRAMEWORK}.yaml").read_text(encoding="utf-8")
    named = re.sub(r"(?m)^name: .*$", f"name: {title}", text, count=1)
    (folder / f"{FRAMEWORK}.yaml").write_text(named, encoding="utf-8")
    return folder


def test_an_edited_file_and_a_swapped_release_are_read_again(tmp_path):  # type: ignore[no-untyped-def]
    original = load_framework(FRAMEWORK, config.frameworks_dir())
    first = _release(tmp_path, "rilis-1", "Rilis satu")
    current = tmp_path / "current"
    current.symlink_to(first)
    assert load_framework(FRAMEWORK, current).name == "Rilis satu"
    assert load_framework(FRAMEWORK, current) is load_framework(FRAMEWORK, current)  # read once per version
    edited = first / f"{FRAMEWORK}.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Rilis satu", "Rilis satu, diperbaiki"))
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_framework(FRAMEWORK, current).name == "Rilis satu, diperbaiki"
    second = _release(tmp_path, "rilis-2", "Rilis dua")
    os.utime(second / f"{FRAMEWORK}.yaml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    current.unlink()
    current.symlink_to(second)
    assert load_framework(FRAMEWORK, current).name == "Rilis dua"
    assert load_framework(FRAMEWORK, config.frameworks_dir()) is original
    shutil.rmtree(second)
    with pytest.raises(InputError, match="tidak ditemukan"):
        load_framework(FRAMEWORK, current)
