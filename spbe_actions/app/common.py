"""Use cases that tie the pure core to the database: the shell the CLI, the demo and the flows call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters.settings import get_settings
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework, load_framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.index import IndexResult, compute
from spbe_actions.domain.plan import load_plan
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


@dataclass(frozen=True)
class InitResult:
    url: str
    name: str
    counts: store.LoadCounts


def init_database(plan_path: Path | None, now: dt.datetime, url: str | None = None) -> InitResult:
    """Validate the plan, migrate the database and load the plan in one transaction (all or nothing)."""
    settings = get_settings()
    plan, _ = load_plan(plan_path or settings.plan)
    engine = open_engine(url)
    try:
        with db.session(engine) as session, session.begin():
            counts = store.load_plan(session, plan, now)
    finally:
        engine.dispose()
    return InitResult(safe_url(url or settings.database_url), plan.instansi.name, counts)


def require_instansi(session: Session, code: str | None = None) -> Instansi:
    """The instansi with ``code`` (else the first) in the database, or a clear InputError telling the user to
    run ``spbe init``."""
    inst = store.instansi(session, code)
    if inst is None:
        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("no_instansi", url=safe_url(str(session.get_bind().url))))]
        )
    return inst


@dataclass(frozen=True)
class IndexPair:
    framework: Framework
    current_year: int
    target_year: int
    current: IndexResult
    target: IndexResult


def index_pair(engine: Engine) -> IndexPair:
    """The instansi's index for its evaluated year and for its target year, from the database."""
    with db.session(engine) as session:
        inst = require_instansi(session)
        fw = load_framework(inst.framework)
        current = store.levels(session, inst.id, inst.current_year, "actual")
        target = {**current, **store.levels(session, inst.id, inst.target_year, "target")}
    return IndexPair(fw, inst.current_year, inst.target_year, compute(fw, current), compute(fw, target))
