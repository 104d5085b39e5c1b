"""What every use case needs: an engine on a migrated database (or a clear error), the instansi a request is
about, its framework, and the key of a stored row."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters import config
from spbe_actions.adapters.settings import get_settings
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework, Words
from spbe_actions.domain.i18n import t
from spbe_actions.store import engine as db
from spbe_actions.store.models import Instansi


def safe_url(url: str) -> str:
    """The database URL with any password masked, for messages and logs."""
    try:
        return make_url(db.normalise_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "<URL tidak sah>"


def open_engine(url: str | None = None, migrate: bool = True) -> Engine:
    """An engine on a migrated database; a bad URL or unreachable server is a clear InputError."""
    url = url or get_settings().database_url
    try:
        engine = db.make_engine(url)
        if migrate or not db.is_current(engine):  # read-only commands migrate only when behind
            db.migrate(engine)
        return engine
    except (ArgumentError, OperationalError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("cli_db_error", url=safe_url(url), reason=reason))]
        ) from None


def require_instansi(session: Session, code: str | None = None) -> Instansi:
    """The instansi with ``code`` (else the first) in the database, or a clear InputError telling the user to
    run ``spbe init``."""
    inst = store.instansi(session, code)
    if inst is None:
        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("no_instansi", url=safe_url(str(session.get_bind().engine.url))))]
        )
    return inst


def framework_of(inst: Instansi) -> Framework:
    """The instansi's evaluation instrument (a checked framework file)."""
    return config.framework(inst.framework)


def vocab_of(inst: Instansi, language: str | None = None) -> Words:
    """How the instansi's framework names itself ("Indeks Pemdi", "Koordinator Pemdi"), in ``language``."""
    return framework_of(inst).vocab(language)


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Row) -> int:
    """The key of a row read from the database (``Instansi``, ``Person``, ...): the models type ``id`` Optional
    only because a row has none before its insert."""
    assert row.id is not None, "a row read from the database has its key"
    return row.id
