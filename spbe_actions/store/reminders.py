"""Reminder sweep and outbox: due work in; decisions recorded once (unique key); messages claimed and recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlmodel import Session

from .. import models as m
from ._base import _insert


def due_items(session: Session, instansi_id: int, statuses: Sequence[str]) -> list[tuple]:
    """Open work with its action and OPD: (occ id, opd id, opd code, domain, priority, title, period, due,
    status, grace days, action id)."""
    o = m.Occurrence
    stmt = (
        select(
            o.id,
            o.opd_id,
            m.Opd.code,
            m.Action.domain,
            m.Action.priority,
            m.Action.title,
            o.period,
            o.due,
            o.status,
            m.Action.grace_days,
            o.action_id,
        )
        .join(m.Action, m.Action.id == o.action_id)
        .join(m.Opd, m.Opd.id == o.opd_id)
        .where(o.instansi_id == instansi_id, o.status.in_(list(statuses)), m.Action.active.is_(True))
        .order_by(o.due, o.id)
    )
    return [tuple(r) for r in session.execute(stmt)]


def people(session: Session, instansi_id: int) -> list[tuple]:
    """(id, key, name, role, opd id, email, channels) of every active person."""
    p = m.Person
    stmt = select(p.id, p.key, p.name, p.role, p.opd_id, p.email, p.channels).where(
        p.instansi_id == instansi_id, p.active.is_(True)
    )
    return [tuple(r) for r in session.execute(stmt.order_by(p.key))]


def recorded(session: Session, keys: Sequence[tuple[str, str, int]]) -> set[tuple[str, str, int]]:
    """Which (subject, step, person id) decisions were already recorded (for a dry run)."""
    if not keys:
        return set()
    r = m.Reminder
    subjects = {k[0] for k in keys}
    stmt = select(r.subject, r.step, r.person_id).where(r.subject.in_(subjects))
    return {tuple(x) for x in session.execute(stmt)} & set(keys)  # type: ignore[misc]


def record_reminders(
    session: Session, instansi_id: int, keys: Sequence[tuple[str, str, int]], now: dt.datetime
) -> set[tuple[str, str, int]]:
    """Insert decisions; the unique key lets exactly one sweep win each. Returns the ones this call inserted."""
    if not keys:
        return set()
    r = m.Reminder
    rows = [dict(instansi_id=instansi_id, subject=s, step=st, person_id=p, created_at=now) for s, st, p in keys]
    stmt = _insert(session)(r.__table__).values(rows).on_conflict_do_nothing()  # type: ignore[attr-defined]
    inserted = session.execute(stmt.returning(r.subject, r.step, r.person_id))
    return {tuple(x) for x in inserted}  # type: ignore[misc]


def enqueue(
    session: Session, message: dict[str, Any], reminder_keys: Sequence[tuple[str, str, int]]
) -> int | None:
    """Queue one message (unique by ``key``) and link its reminder decisions to it; None if it existed."""
    o = m.Outbox
    stmt = _insert(session)(o.__table__).values(message).on_conflict_do_nothing()  # type: ignore[attr-defined]
    new_id = session.execute(stmt.returning(o.id)).scalar_one_or_none()
    if new_id is not None and reminder_keys:
        r = m.Reminder.__table__  # type: ignore[attr-defined]
        session.execute(
            update(r)
            .where(r.c.subject == bindparam("s"), r.c.step == bindparam("st"), r.c.person_id == bindparam("p"))
            .values(outbox_id=new_id),
            [dict(s=s, st=st, p=p) for s, st, p in reminder_keys],
        )
    return new_id


def claim(session: Session, worker: str, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[tuple]:
    """Claim up to ``limit`` messages ready to send (or abandoned by a crashed dispatcher after ``lease``).

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets concurrent dispatchers take disjoint rows; SQLite serialises
    writers (BEGIN IMMEDIATE). Returns (id, person id, kind, subject, text, html, chat, attachment, attempts).
    """
    o = m.Outbox
    ready = or_(
        (o.status.in_(["queued", "failed"])) & (o.next_attempt_at <= now),
        (o.status == "sending") & (o.claimed_at < now - lease),
    )
    ids = select(o.id).where(ready).order_by(o.id).limit(limit).with_for_update(skip_locked=True)
    stmt = (
        update(o)
        .where(o.id.in_(ids.scalar_subquery()))
        .values(status="sending", claimed_by=worker, claimed_at=now, attempts=o.attempts + 1)
        .returning(
            o.id, o.person_id, o.kind, o.subject, o.body_text, o.body_html, o.body_chat, o.attachment, o.attempts
        )
    )
    return sorted(tuple(r) for r in session.execute(stmt))


def record_delivery(
    session: Session, outbox_id: int, worker: str, values: dict[str, Any], attempts: Sequence[dict[str, Any]]
) -> bool:
    """Record the outcome of a claimed message (only while this worker still holds the claim)."""
    o = m.Outbox
    done = session.execute(
        update(o).where(o.id == outbox_id, o.status == "sending", o.claimed_by == worker).values(**values)
    )
    if attempts:
        session.execute(m.Delivery.__table__.insert(), [dict(outbox_id=outbox_id, **a) for a in attempts])  # type: ignore[attr-defined]
    return bool(done.rowcount)


def outbox_rows(session: Session, instansi_id: int, statuses: Sequence[str] | None = None) -> list[tuple]:
    """(id, person key, kind, subject, status, attempts, channel, last error, created, sent) newest first."""
    o = m.Outbox
    stmt = (
        select(
            o.id,
            m.Person.key,
            o.kind,
            o.subject,
            o.status,
            o.attempts,
            o.channel,
            o.last_error,
            o.created_at,
            o.sent_at,
        )
        .join(m.Person, m.Person.id == o.person_id)
        .where(o.instansi_id == instansi_id)
        .order_by(o.id.desc())
    )
    if statuses:
        stmt = stmt.where(o.status.in_(list(statuses)))
    return [tuple(r) for r in session.execute(stmt)]


def contacts(session: Session, person_ids: Sequence[int]) -> dict[int, tuple[str, str, list[str]]]:
    """Person id -> (key, email, channel URLs as written in the plan, with ${VAR} references)."""
    p = m.Person
    stmt = select(p.id, p.key, p.email, p.channels).where(p.id.in_(list(person_ids)))
    return {i: (k, e, list(c or [])) for i, k, e, c in session.execute(stmt)}


def last_seen(session: Session, occurrence_ids: Sequence[int]) -> dict[int, dt.datetime]:
    """Occurrence id -> when its person last said "sudah dilihat" on the link page."""
    if not occurrence_ids:
        return {}
    e = m.OccurrenceEvent
    stmt = (
        select(e.occurrence_id, func.max(e.at))
        .where(e.event == "seen", e.occurrence_id.in_(list(occurrence_ids)))
        .group_by(e.occurrence_id)
    )
    return {i: at for i, at in session.execute(stmt)}
