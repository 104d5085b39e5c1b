"""The two settings the lean read path needs (``SPBE_DATABASE_URL``, ``SPBE_CONFIG_DIR``), read the way
``settings.Settings`` (pydantic-settings) reads them, without importing pydantic-settings: that import is ~40 ms
of the ~0.3 s start-up of ``spbe status`` (issue #17). The defaults live here and ``Settings`` uses them.

The rule, as pydantic-settings applies it: the process environment wins over a ``.env`` file in the working folder
(read with python-dotenv, as pydantic-settings reads it); names are case-insensitive; a ``.env`` line without a
value is no value. Nothing is cached: each call reads the environment again (no cache to clear in tests).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"
DATABASE_URL = "sqlite:///spbe.db"
PREFIX = "spbe_"
ENV_FILE = ".env"


def value(name: str) -> str | None:
    """The setting ``name`` (e.g. ``database_url``) from the environment, else from ``.env``; None when unset."""
    key = PREFIX + name.lower()
    found = [v for k, v in os.environ.items() if k.lower() == key]
    if found:
        return found[-1]
    env_file = Path(ENV_FILE)
    if not (env_file.is_file() or env_file.is_fifo()):
        return None
    from dotenv import dotenv_values  # only when there is a .env file

    in_file = {k.lower(): v for k, v in dotenv_values(env_file, encoding="utf-8").items()}
    return in_file.get(key)


def database_url() -> str:
    """``SPBE_DATABASE_URL`` (default ``sqlite:///spbe.db``)."""
    found = value("database_url")
    return DATABASE_URL if found is None else found


def config_dir() -> Path:
    """``SPBE_CONFIG_DIR`` (default the repository's ``config/``)."""
    found = value("config_dir")
    return REPO_CONFIG if found is None else Path(found)
