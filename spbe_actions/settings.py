"""Settings from the environment (``SPBE_`` prefix) or a ``.env`` file. Secrets never live in committed files."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPBE_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///spbe.db"
    config_dir: Path = REPO_CONFIG
    plan: Path = REPO_CONFIG / "instansi" / "kota-mojokerto.example.yaml"
    lang: str = "id"


def get_settings() -> Settings:
    """Fresh settings each call, so tests and the CLI can change the environment."""
    return Settings()


def config_dir() -> Path:
    return get_settings().config_dir
