"""Reminder sweep and outbox: due work in; decisions recorded once (unique key); messages claimed and recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, or_, select, union_all, update
from sqlmodel import Session

from spbe_actions.domain.lifecycle import COORDINATOR, OutboxStatus
from spbe_actions.store import models as m
from spbe_actions.store._base import _insert
from spbe_actions.store.models import table
from spbe_actions.store.rows import Address, Claimed, Contact, DueItem, OutboxLine, PersonRow, Target

NEVER = dt.date(9999, 12, 31)  # next_step_on of work whose step cannot change while nothing about it does


def _to_look_at(o: Any, statuses: Sequence[str], until: dt.date, today: dt.date) -> tuple[Any, Any]:
    """The sweep's two disjoint predicates, each a range of the (status, next_step_on, due) index: work never
    looked at (NULL) that is within reach of the reminders, and work whose next step date has come."""
    chased = o.status.in_(list(statuses))
    return (chased & o.next_step_on.is_(None) & (o.due <= until), chased & (o.next_step_on <= today))


def due_items(
    session: Session,
    instansi_ids: Sequence[int] | None,
    statuses: Sequence[str],
    until: dt.date,
    today: dt.date,
) -> list[DueItem]:
    """Work the sweep looks at, of the given instansi (None: all), in one statement: chased work whose next
    step date (``next_step_on``) is ``today`` or earlier, and chased work not yet looked at (NULL) due on or
    before ``until``. Both parts walk the (status, next_step_on, due) index."""
    o, a, opd = table(m.Occurrence).c, table(m.Action).c, table(m.Opd).c
    columns = (o.instansi_id, o.id, o.opd_id, opd.code, a.domain, a.priority, a.title, o.period, o.due)
    parts = []
    for where in _to_look_at(o, statuses, until, today):
        stmt = (
            select(*columns, o.status, a.grace_days, o.action_id)
            .join(table(m.Action), a.id == o.action_id)
            .join(table(m.Opd), opd.id == o.opd_id)
            .where(where, a.active.is_(True))
        )
        if instansi_ids is not None:
            stmt = stmt.where(o.instansi_id.in_(list(instansi_ids)))
        parts.append(stmt)
    both = union_all(*parts).subquery()
    stmt = select(*both.c).order_by(both.c.instansi_id, both.c.due, both.c.id)
    return [DueItem(*r) for r in session.execute(stmt)]


def advance_next_steps(session: Session, rows: Sequence[tuple[int, str, dt.date, dt.date | None]]) -> None:
    """Store each (occurrence id, status, due, next step date) the sweep decided (None: never), unless the row's
    status or due changed since the sweep read it (then it stays NULL: looked at again)."""
    if not rows:
        return
    o = table(m.Occurrence)
    stmt = (
        update(o)
        .where(o.c.id == bindparam("oid"), o.c.status == bindparam("st"), o.c.due == bindparam("d"))
        .values(next_step_on=bindparam("n"))
    )
    session.execute(stmt, [dict(oid=i, st=st, d=d, n=n or NEVER) for i, st, d, n in rows])


def forget_next_steps(session: Session, instansi_id: int) -> None:
    """Make the sweep look at every one of the instansi's rows again (after a plan change)."""
    o = table(m.Occurrence)
    session.execute(
        update(o).where(o.c.instansi_id == instansi_id, o.c.next_step_on.is_not(None)).values(next_step_on=None)
    )


def people_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, list[PersonRow]]:
    """Instansi id -> its active people, by key."""
    p = table(m.Person).c
    stmt = select(p.instansi_id, p.id, p.key, p.name, p.role, p.opd_id).where(
        p.instansi_id.in_(list(instansi_ids)), p.active.is_(True)
    )
    out: dict[int, list[PersonRow]] = {}
    for r in session.execute(stmt.order_by(p.instansi_id, p.key)):
        row = PersonRow(*r)
        out.setdefault(row.instansi_id, []).append(row)
    return out


def targets_to_look_at(
    session: Session, instansi_ids: Sequence[int] | None, statuses: Sequence[str], until: dt.date, today: dt.date
) -> dict[int, list[Target]]:
    """Action id -> its active targets, for the actions of the work ``due_items`` returns."""
    t, o = table(m.ActionTarget).c, table(m.Occurrence).c
    parts = [select(o.action_id).where(w) for w in _to_look_at(o, statuses, until, today)]
    if instansi_ids is not None:
        parts = [p.where(o.instansi_id.in_(list(instansi_ids))) for p in parts]
    actions = union_all(*parts)
    stmt = select(t.action_id, t.indicator, t.level).where(t.action_id.in_(actions), t.active.is_(True))
    out: dict[int, list[Target]] = {}
    for aid, ind, level in session.execute(stmt.order_by(t.id)):
        out.setdefault(aid, []).append(Target(ind, level))
    return out


def people_to_tell(
    session: Session,
    instansi_ids: Sequence[int],
    statuses: Sequence[str],
    until: dt.date,
    today: dt.date,
    opd_ids: Sequence[int],
) -> dict[int, list[PersonRow]]:
    """Instansi id -> its active people, by key, who may hear about the sweep's work of the day: the coordinators,
    the people of the OPDs with work ``due_items`` returns, and of ``opd_ids`` (expiring evidence)."""
    p, o = table(m.Person).c, table(m.Occurrence).c
    work_opds = union_all(*(select(o.opd_id).where(w) for w in _to_look_at(o, statuses, until, today)))
    stmt = select(p.instansi_id, p.id, p.key, p.name, p.role, p.opd_id).where(
        p.instansi_id.in_(list(instansi_ids)),
        p.active.is_(True),
        or_(p.role == COORDINATOR, p.opd_id.in_(work_opds), p.opd_id.in_(list(opd_ids))),
    )
    out: dict[int, list[PersonRow]] = {}
    for r in session.execute(stmt.order_by(p.instansi_id, p.key)):
        row = PersonRow(*r)
        out.setdefault(row.instansi_id, []).append(row)
    return out


def people(session: Session, instansi_id: int) -> list[Contact]:
    """Every active person of the instansi with their addresses, by key."""
    p = table(m.Person).c
    stmt = select(p.id, p.key, p.name, p.role, p.opd_id, p.email, p.channels).where(
        p.instansi_id == instansi_id, p.active.is_(True)
    )
    return [
        Contact(i, key, name, role, opd_id, email, list(channels or []))
        for i, key, name, role, opd_id, email, channels in session.execute(stmt.order_by(p.key))
    ]


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """Slices of at most ``size``: SQLite limits the bound parameters of one statement."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def recorded(session: Session, keys: Sequence[tuple[str, str, int]]) -> set[tuple[str, str, int]]:
    """Which (subject, step, person id) decisions were already recorded (for a dry run)."""
    r = table(m.Reminder).c
    subjects = sorted({k[0] for k in keys})
    found: set[tuple[str, str, int]] = set()
    for part in _chunks(subjects, 5000):
        stmt = select(r.subject, r.step, r.person_id).where(r.subject.in_(list(part)))
        found.update(tuple(x) for x in session.execute(stmt))
    return found & set(keys)


def record_reminders(
    session: Session, instansi_id: int, keys: Sequence[tuple[str, str, int]], now: dt.datetime
) -> set[tuple[str, str, int]]:
    """Insert decisions; the unique key lets exactly one sweep win each. Returns the ones this call inserted."""
    r = table(m.Reminder)
    rows = [dict(instansi_id=instansi_id, subject=s, step=st, person_id=p, created_at=now) for s, st, p in keys]
    inserted: set[tuple[str, str, int]] = set()
    for part in _chunks(rows, 2000):
        stmt = _insert(session)(r).values(list(part)).on_conflict_do_nothing()
        inserted.update(tuple(x) for x in session.execute(stmt.returning(r.c.subject, r.c.step, r.c.person_id)))
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
        status=OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


DIGEST_KINDS = ("digest", "escalation", "summary", "weekly")  # a newer one replaces an unsent older one


def enqueue_many(
    session: Session, messages: Sequence[tuple[dict[str, Any], Sequence[tuple[str, str, int]]]]
) -> list[int]:
    """Queue messages (unique by ``key``; existing ones are skipped) and link each one's reminder decisions to it.

    A new digest supersedes the same person's older digests of its kind that are still waiting (queued, or failed
    and waiting for a retry): those are never sent (status ``superseded``), so a digest that failed yesterday does
    not go out beside today's. Set-based: one multi-row insert per chunk, then executemany updates. Returns the
    new outbox ids.
    """
    o = table(m.Outbox).c
    keys_of = {row["key"]: keys for row, keys in messages}
    kind_of = {row["key"]: (row["person_id"], row["kind"]) for row, _ in messages}
    new: dict[str, int] = {}
    for part in _chunks([row for row, _ in messages], 500):
        stmt = _insert(session)(table(m.Outbox)).values(list(part)).on_conflict_do_nothing()
        new.update({k: i for i, k in session.execute(stmt.returning(o.id, o.key))})
    links = [dict(s=s, st=st, p=p, oid=oid) for key, oid in new.items() for s, st, p in keys_of[key]]
    if links:
        r = table(m.Reminder)
        session.execute(
            update(r)
            .where(r.c.subject == bindparam("s"), r.c.step == bindparam("st"), r.c.person_id == bindparam("p"))
            .values(outbox_id=bindparam("oid")),
            links,
        )
    replaced = [
        dict(p=kind_of[key][0], k=kind_of[key][1], oid=oid, note=f"digantikan pesan #{oid}")
        for key, oid in new.items()
        if kind_of[key][1] in DIGEST_KINDS
    ]
    if replaced:
        session.execute(
            update(table(m.Outbox))
            .where(
                o.person_id == bindparam("p"),
                o.kind == bindparam("k"),
                o.id < bindparam("oid"),
                or_(o.status == OutboxStatus.QUEUED, o.status == OutboxStatus.FAILED),  # no IN: executemany
            )
            .values(status=OutboxStatus.SUPERSEDED, last_error=bindparam("note")),
            replaced,
        )
    return sorted(new.values())


def enqueue(
    session: Session, message: dict[str, Any], reminder_keys: Sequence[tuple[str, str, int]]
) -> int | None:
    """Queue one message (unique by ``key``) and link its reminder decisions to it; None if it existed."""
    new = enqueue_many(session, [(message, reminder_keys)])
    return new[0] if new else None


def claim(
    session: Session,
    worker: str,
    now: dt.datetime,
    limit: int,
    lease: dt.timedelta,
    instansi_ids: Sequence[int] | None = None,
) -> list[Claimed]:
    """Claim up to ``limit`` messages ready to send: due, abandoned by a crashed dispatcher after ``lease``, or
    left unrecorded by this same ``worker`` (a retry of the same run takes its own claims back at once); only of
    ``instansi_ids`` when given.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets concurrent dispatchers take disjoint rows; SQLite serialises
    writers (BEGIN IMMEDIATE).
    """
    outbox = table(m.Outbox)
    o = outbox.c
    ready = or_(
        (o.status.in_([OutboxStatus.QUEUED, OutboxStatus.FAILED])) & (o.next_attempt_at <= now),
        (o.status == OutboxStatus.SENDING) & ((o.claimed_at < now - lease) | (o.claimed_by == worker)),
    )
    if instansi_ids is not None:
        ready = ready & o.instansi_id.in_(list(instansi_ids))
    ids = select(o.id).where(ready).order_by(o.id).limit(limit).with_for_update(skip_locked=True)
    stmt = (
        update(outbox)
        .where(o.id.in_(ids.scalar_subquery()))
        .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now, attempts=o.attempts + 1)
        .returning(
            o.id,
            o.person_id,
            o.kind,
            o.subject,
            o.body_text,
            o.body_html,
            o.body_chat,
            o.attachment,
            o.attempts,
            o.instansi_id,
        )
    )
    return sorted(Claimed(*r) for r in session.execute(stmt))


def record_delivery(
    session: Session, outbox_id: int, worker: str, values: dict[str, Any], attempts: Sequence[dict[str, Any]]
) -> bool:
    """Record the outcome of a claimed message (only while this worker still holds the claim)."""
    outbox = table(m.Outbox)
    o = outbox.c
    done = session.exec(
        update(outbox)
        .where(o.id == outbox_id, o.status == OutboxStatus.SENDING, o.claimed_by == worker)
        .values(**values)
    )
    if attempts:
        session.execute(table(m.Delivery).insert(), [dict(outbox_id=outbox_id, **a) for a in attempts])
    return bool(done.rowcount)


def outbox_rows(session: Session, instansi_id: int, statuses: Sequence[str] | None = None) -> list[OutboxLine]:
    """The instansi's outbox, newest first."""
    o, p = table(m.Outbox).c, table(m.Person).c
    stmt = (
        select(
            o.id,
            p.key,
            o.kind,
            o.subject,
            o.status,
            o.attempts,
            o.channel,
            o.last_error,
            o.created_at,
            o.sent_at,
        )
        .join(table(m.Person), p.id == o.person_id)
        .where(o.instansi_id == instansi_id)
        .order_by(o.id.desc())
    )
    if statuses:
        stmt = stmt.where(o.status.in_(list(statuses)))
    return [OutboxLine(*r) for r in session.execute(stmt)]


def contacts(session: Session, person_ids: Sequence[int]) -> dict[int, Address]:
    """Person id -> key, email and channel URLs as written in the plan (with ${VAR} references)."""
    p = table(m.Person).c
    stmt = select(p.id, p.key, p.email, p.channels).where(p.id.in_(list(person_ids)))
    return {i: Address(k, e, list(c or [])) for i, k, e, c in session.execute(stmt)}


def last_seen(
    session: Session,
    instansi_ids: Sequence[int] | None,
    statuses: Sequence[str],
    until: dt.date,
    today: dt.date,
) -> dict[int, dt.datetime]:
    """Occurrence id -> when its person last said "sudah dilihat", for the work ``due_items`` returns."""
    e, o = table(m.OccurrenceEvent).c, table(m.Occurrence).c
    stmt = (
        select(e.occurrence_id, func.max(e.at))
        .join(table(m.Occurrence), o.id == e.occurrence_id)
        .where(e.event == "seen", or_(*_to_look_at(o, statuses, until, today)))
        .group_by(e.occurrence_id)
    )
    if instansi_ids is not None:
        stmt = stmt.where(o.instansi_id.in_(list(instansi_ids)))
    return {i: at for i, at in session.execute(stmt)}


def return_reasons(session: Session, occurrence_ids: Sequence[int]) -> dict[int, str]:
    """Occurrence id -> the coordinator's reason of its latest return ("dikembalikan"), for returned work."""
    if not occurrence_ids:
        return {}
    e = table(m.OccurrenceEvent).c
    latest = (
        select(e.occurrence_id, func.max(e.id).label("last"))
        .where(e.occurrence_id.in_(list(occurrence_ids)), e.event == "return")
        .group_by(e.occurrence_id)
        .subquery()
    )
    stmt = select(e.occurrence_id, e.reason).join(latest, latest.c.last == e.id)
    return {i: reason or "" for i, reason in session.execute(stmt)}
