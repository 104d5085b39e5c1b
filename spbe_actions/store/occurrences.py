"""Occurrence materialisation: a domain's actions and evidence in, the diff written set-based."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlmodel import Session

from spbe_actions.domain.lifecycle import Status
from spbe_actions.domain.occurrences import CANCELLED, Changes, Existing, Planned, initial_status
from spbe_actions.store import models as m
from spbe_actions.store._base import _insert, add_events
from spbe_actions.store.models import table
from spbe_actions.store.rows import ActionLabel, EvidenceAge, Owner


@dataclass(frozen=True)
class ActionRow:
    """An active action of a management domain, with its active owner OPDs."""

    id: int
    key: str
    title: str
    recurrence: dict[str, Any]
    owners: tuple[Owner, ...]


def domain_actions(session: Session, instansi_id: int, domain: str) -> list[ActionRow]:
    """Active actions of ``domain`` with their active owners, in one query."""
    a, ao, opd = table(m.Action).c, table(m.ActionOwner).c, table(m.Opd).c
    stmt = (
        select(a.id, a.key, a.title, a.recurrence, opd.id, opd.code)
        .join(table(m.ActionOwner), ao.action_id == a.id)
        .join(table(m.Opd), opd.id == ao.opd_id)
        .where(
            a.instansi_id == instansi_id,
            a.domain == domain,
            a.active.is_(True),
            ao.active.is_(True),
            opd.active.is_(True),
        )
        .order_by(a.key, opd.code)
    )
    grouped: dict[int, ActionRow] = {}
    for aid, key, title, rec, opd_id, code in session.execute(stmt):
        row = grouped.get(aid) or ActionRow(aid, key, title, rec, ())
        grouped[aid] = ActionRow(aid, key, title, rec, row.owners + (Owner(opd_id, code),))
    return list(grouped.values())


def evidence_expiry_inputs(session: Session, instansi_id: int) -> dict[str, EvidenceAge]:
    """Evidence key -> effective date and years valid, for the instansi's active evidence records."""
    r = table(m.EvidenceRecord).c
    stmt = select(r.key, r.effective, r.valid_years).where(r.instansi_id == instansi_id, r.active.is_(True))
    return {k: EvidenceAge(eff, years) for k, eff, years in session.execute(stmt)}


def occurrences_in(session: Session, instansi_id: int, domain: str, lo: dt.date, hi: dt.date) -> list[Existing]:
    """Occurrences of every action of ``domain`` (active or not) with scheduled_due in [lo, hi]."""
    a = table(m.Action).c
    action_ids = select(a.id).where(a.instansi_id == instansi_id, a.domain == domain)
    o = table(m.Occurrence).c
    stmt = select(o.id, o.action_id, o.opd_id, o.period, o.scheduled_due, o.due, o.window_opens, o.status).where(
        o.action_id.in_(action_ids), o.scheduled_due >= lo, o.scheduled_due <= hi
    )
    return [Existing(*row) for row in session.execute(stmt)]


def _trail(
    occurrence_id: int,
    event: str,
    from_status: str | None,
    to_status: str,
    from_due: dt.date | None,
    to_due: dt.date,
    now: dt.datetime,
) -> dict[str, Any]:
    """An audit-trail row written by the engine itself (channel ``flow``, no person)."""
    return dict(
        occurrence_id=occurrence_id,
        event=event,
        from_status=from_status,
        to_status=to_status,
        from_due=from_due,
        to_due=to_due,
        at=now,
        channel="flow",
        actor_id=None,
    )


def apply_occurrence_changes(
    session: Session, instansi_id: int, domain: str, changes: Changes, today: dt.date, now: dt.datetime
) -> int:
    """Write a diff set-based (with its trail rows), then open every window that has opened; returns opened."""
    _create(session, instansi_id, changes, today, now)
    _move(session, changes, today, now)
    occ = table(m.Occurrence)
    o = occ.c
    if changes.remove:
        session.execute(
            update(occ).where(o.id.in_([e.id for e in changes.remove])).values(status=CANCELLED, updated_at=now)
        )
        add_events(
            session, [_trail(e.id, "cancel", e.status, CANCELLED, e.due, e.due, now) for e in changes.remove]
        )
    a = table(m.Action).c
    action_ids = select(a.id).where(a.instansi_id == instansi_id, a.domain == domain)
    opened = session.execute(
        update(occ)
        # instansi_id first: without it SQLite walks every instansi's scheduled rows (the status index)
        .where(o.instansi_id == instansi_id, o.action_id.in_(action_ids), o.status == Status.SCHEDULED)
        .where(o.window_opens <= today)
        .values(status=Status.OPEN, updated_at=now)
        .returning(o.id, o.due)
    ).all()
    add_events(session, [_trail(i, "open", Status.SCHEDULED, Status.OPEN, due, due, now) for i, due in opened])
    return len(opened)


def _new_row(instansi_id: int, p: Planned, today: dt.date, now: dt.datetime) -> dict[str, Any]:
    """The row of a new occurrence (its due date the planned one, open or scheduled by ``today``)."""
    return dict(
        instansi_id=instansi_id,
        action_id=p.action_id,
        opd_id=p.opd_id,
        period=p.period,
        scheduled_due=p.scheduled_due,
        due=p.scheduled_due,
        window_opens=p.window_opens,
        status=initial_status(p.window_opens, today),
        created_at=now,
        updated_at=now,
    )


def _create(session: Session, instansi_id: int, changes: Changes, today: dt.date, now: dt.datetime) -> None:
    if not changes.create:
        return
    occ = table(m.Occurrence)
    o = occ.c
    rows = [_new_row(instansi_id, p, today, now) for p in changes.create]
    session.execute(_insert(session)(occ).on_conflict_do_nothing(), rows)
    keys = {p.key for p in changes.create}
    created = session.execute(
        select(o.id, o.action_id, o.opd_id, o.period, o.status, o.due).where(
            o.action_id.in_({p.action_id for p in changes.create}), o.created_at == now
        )
    ).all()
    add_events(
        session,
        [
            _trail(i, "create", None, st, None, due, now)
            for i, a, op, per, st, due in created
            if (a, op, per) in keys
        ],
    )


def _move(session: Session, changes: Changes, today: dt.date, now: dt.datetime) -> None:
    moves = [(e, p, initial_status(p.window_opens, today)) for e, p in changes.move]
    if not moves:
        return
    occ = table(m.Occurrence)
    session.execute(
        update(occ).where(occ.c.id == bindparam("oid")),
        [
            dict(
                oid=e.id,
                scheduled_due=p.scheduled_due,
                due=p.scheduled_due,
                window_opens=p.window_opens,
                status=st,
                updated_at=now,
            )
            for e, p, st in moves
        ],
    )
    add_events(
        session, [_trail(e.id, "reschedule", e.status, st, e.due, p.scheduled_due, now) for e, p, st in moves]
    )


def occurrence_counts(session: Session, instansi_id: int) -> dict[tuple[str, str], int]:
    """(management domain, status) -> number of occurrences, for summaries."""
    a, o = table(m.Action).c, table(m.Occurrence).c
    stmt = (
        select(a.domain, o.status, func.count())
        .join(table(m.Action), a.id == o.action_id)
        .where(o.instansi_id == instansi_id)
        .group_by(a.domain, o.status)
    )
    return {(d, s): int(n) for d, s, n in session.execute(stmt)}


def action_labels(session: Session, instansi_id: int) -> dict[int, ActionLabel]:
    """Action id -> its key and title."""
    a = table(m.Action).c
    stmt = select(a.id, a.key, a.title).where(a.instansi_id == instansi_id)
    return {i: ActionLabel(k, t) for i, k, t in session.execute(stmt)}


def active_domains(session: Session, instansi_id: int) -> set[str]:
    a = table(m.Action).c
    stmt = select(a.domain).where(a.instansi_id == instansi_id, a.active.is_(True)).distinct()
    return set(session.execute(stmt).scalars())
