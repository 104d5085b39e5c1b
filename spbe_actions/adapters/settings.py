"""Settings from the environment (``SPBE_`` prefix) or a ``.env`` file. Secrets never live in committed files."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPBE_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///spbe.db"
    config_dir: Path = REPO_CONFIG
    plan: Path = REPO_CONFIG / "instansi" / "kota-mojokerto-pemdi.example.yaml"  # the Indeks Pemdi sample
    lang: str = "id"
    # outgoing mail (the password from the environment or, in flows, a Prefect Secret block)
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_password_block: str | None = None  # name of a Prefect Secret block holding the password
    smtp_from: str = "spbe@example.go.id"
    smtp_secure: str = "none"  # none | starttls | ssl
    dispatch_concurrency: int = 8
    chat_redirect: str | None = None  # staging/demo: send every chat message to this one apprise URL instead
    base_url: str | None = None  # where `spbe web` is reachable, for links in reminders
    report_dir: Path = Path("laporan")  # where the weekly report flow writes the HTML/XLSX report
    link_secret: str | None = None  # HMAC key of the signed links (keep it secret, at least 32 characters)
    link_days: int = 30  # how long a link in a reminder stays valid
    prefect_ui_url: str | None = None  # the Prefect UI's public address, for links in alerts
    serve_retry_max_seconds: int = 300  # `spbe serve` waits at most this long between tries when Prefect is down
    installation: str | None = None  # names this installation's deployments (default: from its instansi codes)
    coordinator_user: str = "koordinator"
    coordinator_password_hash: str | None = None  # `spbe hash-password` makes one; never the password itself
    overseer_user: str | None = None  # an installation-wide, read-only login (a province's or ministry's team)
    overseer_password_hash: str | None = None
    # bukti dukung files: a folder (default: `bukti/` beside the SQLite database) or s3://bucket/prefix
    evidence_store: str | None = None
    evidence_store_options: str | None = None  # fsspec storage options as JSON, e.g. {"endpoint_url": "..."}
    evidence_max_file_mb: int = 20  # per file
    evidence_max_submission_mb: int = 100  # per submission (all its files together)
    instansi: str | None = None  # SPBE_INSTANSI: the instansi commands (and the settings' coordinator) act on


def get_settings() -> Settings:
    """The settings of the current environment: rebuilt whenever an ``SPBE_`` variable or the ``.env`` file
    changes, so tests and the CLI can change the environment; otherwise shared (building them costs ~1 ms, and
    rendering one digest used to build them several times: 24 ms a digest, measured in bench/run.py)."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("SPBE_")))
    dotenv = Path(".env").resolve()
    try:
        stamp: int | None = dotenv.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _settings(env, str(dotenv), stamp)


@lru_cache(maxsize=16)
def _settings(_env: tuple, _dotenv: str, _stamp: int | None) -> Settings:
    return Settings()
