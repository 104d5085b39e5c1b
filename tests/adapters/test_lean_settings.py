"""The lean settings reader (``spbe status``'s path, no pydantic-settings) gives what ``Settings`` gives, from the
environment, from ``.env`` and from both, whatever the case of the names."""

from __future__ import annotations

from pathlib import Path

import pytest

from spbe_actions.adapters import lean_settings
from spbe_actions.adapters.settings import Settings

ENV_FILE = """# a comment
export SPBE_DATABASE_URL="sqlite:///dari-env-file.db"  # quoted, exported
spbe_config_dir = '/srv/spbe config'
SPBE_LANG
"""


def both() -> tuple[tuple[str, Path], tuple[str, Path]]:
    full = Settings()
    return (lean_settings.database_url(), lean_settings.config_dir()), (full.database_url, full.config_dir)


def test_defaults_match(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SPBE_CONFIG_DIR", raising=False)
    lean, full = both()
    assert lean == full == ("sqlite:///spbe.db", lean_settings.REPO_CONFIG)


@pytest.mark.parametrize("with_env", [False, True], ids=["env file only", "environment over env file"])
def test_env_file_and_environment_match(tmp_path, monkeypatch, with_env):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SPBE_CONFIG_DIR", raising=False)
    (tmp_path / ".env").write_text(ENV_FILE, encoding="utf-8")
    if with_env:
        monkeypatch.setenv("Spbe_Database_Url", "postgresql://spbe@127.0.0.1/dari-lingkungan")
    lean, full = both()
    assert lean == full
    expected = "postgresql://spbe@127.0.0.1/dari-lingkungan" if with_env else "sqlite:///dari-env-file.db"
    assert lean == (expected, Path("/srv/spbe config"))


def test_an_empty_value_is_a_value(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    (tmp_path / ".env").write_text("SPBE_DATABASE_URL=sqlite:///x.db\n", encoding="utf-8")
    monkeypatch.setenv("SPBE_DATABASE_URL", "")
    lean, full = both()
    assert lean[0] == full[0] == ""
