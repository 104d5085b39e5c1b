"""Shared fixtures: a real database per test (SQLite file, and a fresh PostgreSQL database on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from spbe_actions.adapters.settings import get_settings
from tests.support.plans import small_plan

PG_ADMIN_URL = os.environ.get("SPBE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = REPO / "config" / "instansi" / "kota-mojokerto.example.yaml"

# Prefect reads its settings at import: make them offline, quiet and private to this test session.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="spbe-test-prefect-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def _pg_reason() -> str | None:
    """None when the PostgreSQL test server answers, else why not (shown as the skip reason)."""
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: skip, visibly
        return f"PostgreSQL at {PG_ADMIN_URL} does not answer: {exc.__class__.__name__}"


PG_SKIP = _pg_reason()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's .env or writes into the repo's working directory."""
    monkeypatch.delenv("SPBE_DATABASE_URL", raising=False)
    monkeypatch.delenv("SPBE_LANG", raising=False)
    monkeypatch.delenv("SPBE_PLAN", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # pytest-xdist's workers set 80: the CLI's pipe width holds
    monkeypatch.chdir(tmp_path)
    # settings are read once per process: every change of the environment (or folder) reads them again
    get_settings.cache_clear()
    for name in ("setenv", "delenv", "chdir"):
        real = getattr(monkeypatch, name)

        def changed(*args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            _real(*args, **kwargs)
            get_settings.cache_clear()

        setattr(monkeypatch, name, changed)
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@contextlib.contextmanager
def fresh_pg_database() -> Iterator[str]:
    """The URL of a brand-new PostgreSQL database, dropped on the way out."""
    name = f"spbe_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url():
    """A brand-new PostgreSQL database, dropped afterwards."""
    if PG_SKIP:
        pytest.skip(PG_SKIP)
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The same test against an SQLite file and a real PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'spbe.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def plan_file(tmp_path):
    """Write a plan dict to YAML; returns a function (dict -> path)."""

    def write(data: dict | None = None, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(
            yaml.safe_dump(data or small_plan(), sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        return path

    return write


@pytest.fixture(scope="session")
def prefect_api():
    """One Prefect test server for the whole session (it takes ~25 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free loopback port, for one test module."""
    from tests.support.processes import prefect_server as start

    yield from start(tmp_path_factory.mktemp("prefect-server"))
