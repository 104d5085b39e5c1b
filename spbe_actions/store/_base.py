"""Shared SQL helpers: dialect-aware upserts, id lookups, the audit-trail insert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy import insert as sa_insert
from sqlmodel import Session, SQLModel

from spbe_actions.store import models as m


def _insert(session: Session):  # type: ignore[no-untyped-def]
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
    table = model.__table__  # type: ignore[attr-defined]
    stmt = _insert(session)(table).values(list(rows))
    new = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    for c in keep_later:
        new[c] = case((table.c[c] > stmt.excluded[c], table.c[c]), else_=stmt.excluded[c])
    session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=new))


def _ids(session: Session, model: type[SQLModel], key: str, **where: Any) -> dict[Any, int]:
    col = getattr(model, key)
    stmt = select(col, model.id)  # type: ignore[attr-defined]
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return {k: i for k, i in session.execute(stmt)}


def add_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Append audit-trail rows (one statement); ``at``, ``channel`` and ``detail`` default per row."""
    if rows:
        session.execute(sa_insert(m.OccurrenceEvent), [{"detail": {}, **r} for r in rows])


def _count_active(session: Session, model: type[SQLModel], iid: int) -> int:
    stmt = select(func.count()).select_from(model).where(model.instansi_id == iid, model.active.is_(True))  # type: ignore[attr-defined]
    return int(session.execute(stmt).scalar_one())
