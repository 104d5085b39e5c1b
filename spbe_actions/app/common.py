"""What every use case needs: an engine on a migrated database (or a clear error), the instansi a request is
about, its framework, and the key of a stored row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from spbe_actions import store
from spbe_actions.adapters import config
from spbe_actions.adapters.settings import get_settings
from spbe_actions.domain.choice import choose_instansi
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework, Words
from spbe_actions.domain.i18n import t
from spbe_actions.store import engine as db

if TYPE_CHECKING:
    from sqlmodel import Session

    from spbe_actions.store.models import Instansi


def safe_url(url: str) -> str:
    """The database URL with any password masked, for messages and logs."""
    try:
        return make_url(db.normalise_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return t("a_bad_url")


def is_sqlite(url: str) -> bool:
    """True for an SQLite URL (one writer at a time: one web process is enough)."""
    try:
        return make_url(db.normalise_url(url)).get_backend_name() == "sqlite"
    except ArgumentError:
        return False


def open_engine(url: str | None = None, migrate: bool = True, create: bool = False) -> Engine:
    """An engine on a migrated database; a bad URL, an unreachable server or a missing SQLite file (only
    ``create``, i.e. ``spbe init``, makes one) is a clear InputError."""
    url = url or get_settings().database_url
    try:
        engine = db.make_engine(url, create=create)
        if migrate or not db.is_current(engine):  # read-only commands migrate only when behind
            db.migrate(engine)
        return engine
    except db.MissingDatabase as missing:
        raise InputError([Problem("SPBE_DATABASE_URL", t("db_missing", path=str(missing)))]) from None
    except OSError as exc:  # the SQLite file's folder cannot be made (permissions, a read-only volume)
        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("db_folder", path=exc.filename or url, reason=exc.strerror or exc))]
        ) from None
    except (ArgumentError, OperationalError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("cli_db_error", url=safe_url(url), reason=reason))]
        ) from None


def every_instansi(session: Session) -> list[Instansi]:
    """Every instansi of the database, by id; a clear InputError (run ``spbe init``) when there is none."""
    found = store.all_instansi(session)
    if not found:
        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("no_instansi", url=safe_url(str(session.get_bind().engine.url))))]
        )
    return found


def require_instansi(session: Session, code: str | None = None) -> Instansi:
    """The instansi a request is about: the one with ``code``, or (no code) the only one of the database.

    A clear InputError otherwise: an empty database (run ``spbe init``), an unknown code, or several instansi and
    no code (the message lists the codes to choose from with ``--instansi`` / ``SPBE_INSTANSI``).
    """
    return choose_instansi(every_instansi(session), code)


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
