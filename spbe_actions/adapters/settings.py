"""Settings from the environment (``SPBE_`` prefix) or a ``.env`` file. Secrets never live in committed files."""

from __future__ import annotations

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
    max_input_mb: float | None = None  # raise (or lower) the size caps of plans, levels tables and workbooks
    max_problems: int = 20  # problems listed for a bad levels table or workbook; the rest are counted
    max_rows: int | None = None  # rows of a levels table or workbook (default 50,000)
    # bukti dukung files: a folder (default: `bukti/` beside the SQLite database) or s3://bucket/prefix
    evidence_store: str | None = None
    evidence_store_options: str | None = None  # fsspec storage options as JSON, e.g. {"endpoint_url": "..."}
    evidence_max_file_mb: int = 20  # per file
    evidence_max_submission_mb: int = 100  # per submission (all its files together)
    evidence_temp_hours: int = 24  # temporaries of crashed uploads older than this are removed (at least 1)
    instansi: str | None = None  # SPBE_INSTANSI: the instansi commands (and the settings' coordinator) act on


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once (the environment and ``.env``): scanning them on every call cost
    12 % of ``spbe remind --dry-run`` (issue #17). Code that changes the environment afterwards (tests) calls
    ``get_settings.cache_clear()``; the tests' autouse fixture does so on every ``monkeypatch.setenv``."""
    return Settings()
