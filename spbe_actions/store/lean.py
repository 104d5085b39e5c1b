"""The lean read path of ``spbe status``: the coordinator's figures in a few SQL statements over one read-only
DB-API connection (the standard library's ``sqlite3``, or psycopg), without SQLAlchemy: importing SQLAlchemy was
about a third of the command's start-up, the ORM models another third. The statements mirror the ORM queries of
``plan``, ``checklist`` and ``tracking``; the tests compare both paths' figures on SQLite and PostgreSQL.

A database this path cannot open by itself (another driver, a schema behind the newest migration) is opened
through the engine instead (``from_engine``): the same statements, on the engine's own DB-API connection."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from spbe_actions.store.revision import head_revision
from spbe_actions.store.rows import (
    CompletionCounts,
    Published,
    RegisterEntry,
    StandingItem,
    Target,
    VerifiedEvidence,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


class Unreachable(Exception):
    """The database server did not answer (or refused us): the driver's first line of reason."""


class MissingFile(LookupError):
    """An SQLite file that is not there: its path."""


class LeanConnection:
    """One read-only DB-API connection in one transaction, and the two conversions the lean statements need:
    ``:name`` parameters (a list expands to ``(:name_0, :name_1, …)``) in the driver's own style, and on SQLite
    dates, which are stored as ISO text, turned into ``date`` in the columns named by ``dates``."""

    def __init__(self, raw: Any, sqlite: bool, close: Callable[[], None]) -> None:
        self.raw, self.sqlite, self._close = raw, sqlite, close

    def all(self, sql: str, params: Mapping[str, Any] | None = None, dates: Sequence[int] = ()) -> list[tuple]:
        args: dict[str, Any] = {}

        def bind(m: re.Match[str]) -> str:
            name = m.group(1)
            value = (params or {})[name]
            if isinstance(value, list | tuple):
                names = [f"{name}_{i}" for i in range(len(value))]
                args.update(zip(names, value, strict=True))
                return "(" + ", ".join(map(self._mark, names)) + ")"
            args[name] = value.isoformat() if self.sqlite and isinstance(value, dt.date) else value
            return self._mark(name)

        cur = self.raw.cursor()
        try:
            cur.execute(_PARAM.sub(bind, sql), args)
            rows = [tuple(r) for r in cur.fetchall()]
        finally:
            cur.close()
        if self.sqlite and dates:
            rows = [
                tuple(
                    dt.date.fromisoformat(v[:10]) if i in dates and isinstance(v, str) else v
                    for i, v in enumerate(r)
                )
                for r in rows
            ]
        return rows

    def _mark(self, name: str) -> str:
        return f":{name}" if self.sqlite else f"%({name})s"

    def close(self) -> None:
        try:
            self.raw.rollback()  # nothing was written: the read transaction just ends
        finally:
            self._close()

    def __enter__(self) -> LeanConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_file(url: str) -> str | None:
    """The file of an ``sqlite:///path`` URL as SQLAlchemy reads it (``sqlite:////abs`` is absolute)."""
    rest = url.split("://", 1)[1]
    if not rest.startswith("/"):
        return None
    path = rest[1:].split("?", 1)[0]
    return path if path and path != ":memory:" else None


def open_url(url: str) -> LeanConnection | None:
    """A read-only connection on ``url`` at the newest schema revision, or None when this path cannot open it
    (another driver, an in-memory database, a schema not yet migrated): the caller then goes through the engine.
    ``MissingFile`` for an SQLite file that is not there, ``Unreachable`` for a server that does not answer."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme in ("sqlite", "sqlite+pysqlite"):
        path = _sqlite_file(url)
        if path is None:
            return None
        if not Path(path).exists():
            raise MissingFile(path)
        raw = sqlite3.connect(path, timeout=30, isolation_level=None)
        raw.execute("PRAGMA query_only = ON")
        raw.execute("BEGIN")  # deferred: under WAL this reader never waits for a writer
        conn = LeanConnection(raw, True, raw.close)
    elif scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        import psycopg

        try:
            pg = psycopg.connect("postgresql://" + url.split("://", 1)[1], autocommit=False)
        except psycopg.OperationalError as exc:
            raise Unreachable(
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            ) from None
        pg.read_only = True
        conn = LeanConnection(pg, False, pg.close)
    else:
        return None
    try:
        current = conn.all("SELECT version_num FROM alembic_version") == [(head_revision(),)]
    except Exception:  # the driver's error: no version table yet, so the engine's path creates the schema
        current = False
    if not current:
        conn.close()
        return None
    return conn


def from_engine(engine: Engine) -> LeanConnection:
    """The same read-only connection on an engine's own DB-API connection (a deferred BEGIN on SQLite)."""
    proxy = engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        proxy.cursor().execute("BEGIN")
    return LeanConnection(proxy, sqlite, proxy.close)


class InstansiInfo(NamedTuple):
    id: int
    code: str
    name: str
    timezone: str
    framework: str
    current_year: int
    target_year: int
    next_evaluation: dt.date | None


class StatusRows(NamedTuple):
    """What ``spbe status`` reads of one instansi."""

    levels: dict[str, int]  # the plan's actual levels in the evaluated year
    items: list[StandingItem]
    external: dict[str, str]  # indicator -> value (exact decimal text) in the evaluated year
    targets: dict[int, list[Target]]  # action id -> active targets
    completion: list[CompletionCounts]  # by OPD code and action
    verified: list[VerifiedEvidence]
    register: list[RegisterEntry]
    history: list[Published]


class FailedMessages(NamedTuple):
    """The instansi's messages that failed: how many wait for a retry, how many were given up, the newest one."""

    waiting: int
    dead: int
    person_key: str
    last_error: str | None


def failed_messages(conn: LeanConnection, instansi_id: int, failed: str, dead: str) -> FailedMessages | None:
    args = {"i": instansi_id, "f": failed, "d": dead}
    counts = conn.all(
        "SELECT status, COUNT(*) FROM outbox WHERE instansi_id = :i AND status IN (:f, :d) GROUP BY status", args
    )
    by = {status: n for status, n in counts}
    if not by:
        return None
    newest = conn.all(
        "SELECT p.key, o.last_error FROM outbox o JOIN person p ON p.id = o.person_id "
        "WHERE o.instansi_id = :i AND o.status IN (:f, :d) ORDER BY o.id DESC LIMIT 1",
        args,
    )[0]
    return FailedMessages(by.get(failed, 0), by.get(dead, 0), newest[0], newest[1])


def instansi_rows(conn: LeanConnection) -> list[InstansiInfo]:
    sql = (
        "SELECT id, code, name, timezone, framework, current_year, target_year, next_evaluation "
        "FROM instansi ORDER BY id"
    )
    return [InstansiInfo(*r) for r in conn.all(sql, dates=(7,))]


def status_rows(
    conn: LeanConnection,
    inst: InstansiInfo,
    today: dt.date,
    done: Sequence[str],
    to_do: Sequence[str],
    cancelled: str,
    submitted: str,
    waived: str,
    verified: str,
) -> StatusRows:
    """Every figure ``spbe status`` needs of ``inst``, in eight statements (statuses given by the caller: the
    store does not decide what "done" means)."""
    iid, year = inst.id, inst.current_year
    one = dict(i=iid, y=year)
    levels = {
        ind: lv
        for ind, lv in conn.all(
            "SELECT indicator, level FROM indicator_level WHERE instansi_id = :i AND year = :y AND kind = 'actual'",
            one,
        )
    }
    items = [
        StandingItem(*r)
        for r in conn.all(
            "SELECT e.key, e.indicator, e.level, e.title, e.state, o.code FROM evidence_item e "
            "LEFT JOIN opd o ON o.id = e.owner_opd_id WHERE e.instansi_id = :i AND e.active = :t "
            "ORDER BY e.indicator, e.level, e.key",
            dict(i=iid, t=True),
        )
    ]
    external = {
        ind: value
        for ind, value in conn.all(
            "SELECT indicator, value FROM external_value WHERE instansi_id = :i AND year = :y", one
        )
    }
    targets: dict[int, list[Target]] = {}
    for aid, ind, lv in conn.all(
        "SELECT t.action_id, t.indicator, t.level FROM action_target t JOIN action a ON a.id = t.action_id "
        "WHERE a.instansi_id = :i AND t.active = :t ORDER BY t.id",
        dict(i=iid, t=True),
    ):
        targets.setdefault(aid, []).append(Target(ind, lv))
    counts = (
        "SELECT opd.code, o.action_id, "
        "SUM(CASE WHEN o.due <= :today OR o.status IN :done THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status IN :done AND o.submitted_on <= o.due THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status IN :to_do AND o.due < :today THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status IN :to_do OR o.status = :submitted THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status = :waived AND o.due <= :today THEN 1 ELSE 0 END) "
        "FROM occurrence o JOIN opd ON opd.id = o.opd_id "
        "WHERE o.instansi_id = :i AND o.status != :cancelled GROUP BY opd.code, o.action_id"
    )
    done_, to_do_ = sorted(done), sorted(to_do)
    args = dict(
        i=iid, today=today, done=done_, to_do=to_do_, submitted=submitted, waived=waived, cancelled=cancelled
    )
    completion = [CompletionCounts(g, a, *(int(n or 0) for n in rest)) for g, a, *rest in conn.all(counts, args)]
    evidence = (
        "SELECT o.instansi_id, o.action_id, o.opd_id, opd.code, a.title, e.title, e.url, e.expires, o.due "
        "FROM evidence e JOIN occurrence o ON o.id = e.occurrence_id JOIN action a ON a.id = o.action_id "
        "JOIN opd ON opd.id = o.opd_id WHERE o.instansi_id = :i AND o.status = :verified "
        "AND e.expires IS NOT NULL"
    )
    found = [VerifiedEvidence(*r) for r in conn.all(evidence, dict(i=iid, verified=verified), dates=(7, 8))]
    register = [
        RegisterEntry(*r)
        for r in conn.all(
            "SELECT instansi_id, key, title, indicator, effective, valid_years FROM evidence_record "
            "WHERE instansi_id = :i AND active = :t",
            dict(i=iid, t=True),
            dates=(4,),
        )
    ]
    history = sorted(
        Published(*r)
        for r in conn.all("SELECT year, value, framework FROM published_index WHERE instansi_id = :i", dict(i=iid))
    )
    return StatusRows(levels, items, external, targets, completion, found, register, history)
