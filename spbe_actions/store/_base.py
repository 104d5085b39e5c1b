"""Shared SQL helpers: dialect-aware upserts, id lookups, the audit-trail insert."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, case, func, select
from sqlalchemy import insert as sa_insert
from sqlmodel import Session, SQLModel

from spbe_actions.store import models as m
from spbe_actions.store.models import table

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


def _insert(session: Session) -> Callable[[Table], PgInsert | SqliteInsert]:
    """The dialect's INSERT (with ON CONFLICT); imported on use: read-only commands start faster without them."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def upsert(
    session: Session,
    model: type[SQLModel],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    keep_later: Sequence[str] = (),
) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE for many rows in one statement (SQLite and PostgreSQL).

    Columns in ``keep_later`` only ever move forward: the stored value stays when it is later than the new one.
    """
    if not rows:
        return
    t = table(model)
    stmt = _insert(session)(t).values(list(rows))
    new: dict[str, Any] = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    for c in keep_later:
        new[c] = case((t.c[c] > stmt.excluded[c], t.c[c]), else_=stmt.excluded[c])
    session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=new))


def _ids(session: Session, model: type[SQLModel], key: str, **where: Any) -> dict[Any, int]:
    c = table(model).c
    stmt = select(c[key], c.id)
    for name, value in where.items():
        stmt = stmt.where(c[name] == value)
    return {k: i for k, i in session.execute(stmt)}


def add_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Append audit-trail rows (one statement); ``at``, ``channel`` and ``detail`` default per row."""
    if rows:
        session.execute(sa_insert(m.OccurrenceEvent), [{"detail": {}, **r} for r in rows])


def _count_active(session: Session, model: type[SQLModel], iid: int) -> int:
    t = table(model)
    stmt = select(func.count()).select_from(t).where(t.c.instansi_id == iid, t.c.active.is_(True))
    return int(session.execute(stmt).scalar_one())
