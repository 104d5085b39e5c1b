"""Reminder sweep and outbox: due work in; decisions recorded once (unique key); messages claimed and recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlmodel import Session

from spbe_actions.store import models as m
from spbe_actions.store._base import _insert
from spbe_actions.store.rows import Address, Claimed, Contact, DueItem, OutboxLine, PersonRow


def due_items(
    session: Session, instansi_ids: Sequence[int] | None, statuses: Sequence[str], until: dt.date
) -> list[DueItem]:
    """Work the sweep looks at, due on or before ``until``, of the given instansi (None: all) in one query.

    For every instansi the query walks the (status, due) index; an instansi filter would make the planner walk
    each instansi's whole year instead."""
    o = m.Occurrence
    stmt = (
        select(
            o.instansi_id,
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
        .where(o.status.in_(list(statuses)), o.due <= until, m.Action.active.is_(True))
        .order_by(o.instansi_id, o.due, o.id)
    )
    if instansi_ids is not None:
        stmt = stmt.where(o.instansi_id.in_(list(instansi_ids)))
    return [DueItem(*r) for r in session.execute(stmt)]


def people_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, list[PersonRow]]:
    """Instansi id -> its active people, by key."""
    p = m.Person
    stmt = select(p.instansi_id, p.id, p.key, p.name, p.role, p.opd_id).where(
        p.instansi_id.in_(list(instansi_ids)), p.active.is_(True)
    )
    out: dict[int, list[PersonRow]] = {}
    for r in session.execute(stmt.order_by(p.instansi_id, p.key)):
        row = PersonRow(*r)
        out.setdefault(row.instansi_id, []).append(row)
    return out


def people(session: Session, instansi_id: int) -> list[Contact]:
    """Every active person of the instansi with their addresses, by key."""
    p = m.Person
    stmt = select(p.id, p.key, p.name, p.role, p.opd_id, p.email, p.channels).where(
        p.instansi_id == instansi_id, p.active.is_(True)
    )
    return [Contact(*r[:6], list(r[6] or [])) for r in session.execute(stmt.order_by(p.key))]


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """Slices of at most ``size``: SQLite limits the bound parameters of one statement."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def recorded(session: Session, keys: Sequence[tuple[str, str, int]]) -> set[tuple[str, str, int]]:
    """Which (subject, step, person id) decisions were already recorded (for a dry run)."""
    r = m.Reminder
    subjects = sorted({k[0] for k in keys})
    found: set[tuple[str, str, int]] = set()
    for part in _chunks(subjects, 5000):
        stmt = select(r.subject, r.step, r.person_id).where(r.subject.in_(list(part)))
        found.update(tuple(x) for x in session.execute(stmt))  # type: ignore[misc]
    return found & set(keys)


def record_reminders(
    session: Session, instansi_id: int, keys: Sequence[tuple[str, str, int]], now: dt.datetime
) -> set[tuple[str, str, int]]:
    """Insert decisions; the unique key lets exactly one sweep win each. Returns the ones this call inserted."""
    r = m.Reminder
    rows = [dict(instansi_id=instansi_id, subject=s, step=st, person_id=p, created_at=now) for s, st, p in keys]
    inserted: set[tuple[str, str, int]] = set()
    for part in _chunks(rows, 2000):
        stmt = _insert(session)(r.__table__).values(list(part)).on_conflict_do_nothing()  # type: ignore[attr-defined]
        inserted.update(tuple(x) for x in session.execute(stmt.returning(r.subject, r.step, r.person_id)))  # type: ignore[misc]
    return inserted


def outbox_row(
    iid: int,
    key: str,
    person_id: int,
    kind: str,
    subject: str,
    text: str,
    html: str,
    chat: str,
    now: dt.datetime,
    attachment: str | None = None,
) -> dict[str, Any]:
    """A queued outbox row (for ``enqueue_many``), due now; ``key`` makes it unique."""
    return dict(
        instansi_id=iid,
        key=key,
        person_id=person_id,
        kind=kind,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        body_chat=chat,
        attachment=attachment,
        status="queued",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


def enqueue_many(
    session: Session, messages: Sequence[tuple[dict[str, Any], Sequence[tuple[str, str, int]]]]
) -> list[int]:
    """Queue messages (unique by ``key``; existing ones are skipped) and link each one's reminder decisions to it.

    Set-based: one multi-row insert per chunk, then one executemany update. Returns the new outbox ids.
    """
    o = m.Outbox
    keys_of = {row["key"]: keys for row, keys in messages}
    new: dict[str, int] = {}
    for part in _chunks([row for row, _ in messages], 500):
        stmt = _insert(session)(o.__table__).values(list(part)).on_conflict_do_nothing()  # type: ignore[attr-defined]
        new.update({k: i for i, k in session.execute(stmt.returning(o.id, o.key))})
    links = [dict(s=s, st=st, p=p, oid=oid) for key, oid in new.items() for s, st, p in keys_of[key]]
    if links:
        r = m.Reminder.__table__  # type: ignore[attr-defined]
        session.execute(
            update(r)
            .where(r.c.subject == bindparam("s"), r.c.step == bindparam("st"), r.c.person_id == bindparam("p"))
            .values(outbox_id=bindparam("oid")),
            links,
        )
    return sorted(new.values())


def enqueue(
    session: Session, message: dict[str, Any], reminder_keys: Sequence[tuple[str, str, int]]
) -> int | None:
    """Queue one message (unique by ``key``) and link its reminder decisions to it; None if it existed."""
    new = enqueue_many(session, [(message, reminder_keys)])
    return new[0] if new else None


def claim(session: Session, worker: str, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[Claimed]:
    """Claim up to ``limit`` messages ready to send (or abandoned by a crashed dispatcher after ``lease``).

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets concurrent dispatchers take disjoint rows; SQLite serialises
    writers (BEGIN IMMEDIATE).
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
    return sorted(Claimed(*r) for r in session.execute(stmt))


def record_delivery(
    session: Session, outbox_id: int, worker: str, values: dict[str, Any], attempts: Sequence[dict[str, Any]]
) -> bool:
    """Record the outcome of a claimed message (only while this worker still holds the claim)."""
    o = m.Outbox.__table__.c  # type: ignore[attr-defined]  (Core: this runs once per message sent)
    done = session.execute(
        update(m.Outbox.__table__)  # type: ignore[attr-defined]
        .where(o.id == outbox_id, o.status == "sending", o.claimed_by == worker)
        .values(**values)
    )
    if attempts:
        session.execute(m.Delivery.__table__.insert(), [dict(outbox_id=outbox_id, **a) for a in attempts])  # type: ignore[attr-defined]
    return bool(done.rowcount)


def outbox_rows(session: Session, instansi_id: int, statuses: Sequence[str] | None = None) -> list[OutboxLine]:
    """The instansi's outbox, newest first."""
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
    return [OutboxLine(*r) for r in session.execute(stmt)]


def contacts(session: Session, person_ids: Sequence[int]) -> dict[int, Address]:
    """Person id -> key, email and channel URLs as written in the plan (with ${VAR} references)."""
    p = m.Person
    stmt = select(p.id, p.key, p.email, p.channels).where(p.id.in_(list(person_ids)))
    return {i: Address(k, e, list(c or [])) for i, k, e, c in session.execute(stmt)}


def last_seen(
    session: Session, instansi_ids: Sequence[int] | None, statuses: Sequence[str], until: dt.date
) -> dict[int, dt.datetime]:
    """Occurrence id -> when its person last said "sudah dilihat", for the work ``due_items`` returns."""
    e, o = m.OccurrenceEvent, m.Occurrence
    stmt = (
        select(e.occurrence_id, func.max(e.at))
        .join(o, o.id == e.occurrence_id)
        .where(e.event == "seen", o.status.in_(list(statuses)), o.due <= until)
        .group_by(e.occurrence_id)
    )
    if instansi_ids is not None:
        stmt = stmt.where(o.instansi_id.in_(list(instansi_ids)))
    return {i: at for i, at in session.execute(stmt)}
