"""Every query and write of the engine, set-based. The only module that speaks SQL.

``load_plan`` upserts a validated plan in one transaction: rows present in the plan are inserted or
updated and marked active; rows the plan no longer names are deactivated (kept for history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel

from . import models as m
from .occurrences import CANCELLED, Changes, Existing, initial_status
from .plan import Plan


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


@dataclass(frozen=True)
class LoadCounts:
    opds: int
    people: int
    actions: int
    deactivated: int


def load_plan(session: Session, plan: Plan, now: dt.datetime) -> LoadCounts:
    """Upsert ``plan`` into the database inside the caller's transaction; idempotent."""
    inst = plan.instansi
    upsert(
        session,
        m.Instansi,
        [
            dict(
                code=inst.code,
                name=inst.name,
                timezone=inst.timezone,
                framework=inst.framework,
                language=inst.language,
                current_year=inst.current_year,
                target_year=inst.target_year,
                next_evaluation=inst.next_evaluation,
                calendar=plan.calendar.model_dump(mode="json"),
                schedule=plan.schedule.model_dump(mode="json"),
                reminders=plan.reminders.model_dump(mode="json"),
                updated_at=now,
            )
        ],
        ["code"],
    )
    iid = session.execute(select(m.Instansi.id).where(m.Instansi.code == inst.code)).scalar_one()
    before = _active_count(session, iid)
    _deactivate_all(session, iid)

    upsert(
        session,
        m.Opd,
        [dict(instansi_id=iid, code=o.code, name=o.name, active=True) for o in plan.opds],
        ["instansi_id", "code"],
    )
    opd_ids = _ids(session, m.Opd, "code", instansi_id=iid)
    upsert(
        session,
        m.Person,
        [
            dict(
                instansi_id=iid,
                key=p.id,
                opd_id=opd_ids.get(code) if code else None,
                role=role,
                name=p.name,
                title=p.title,
                email=p.email,
                channels=list(p.channels),
                active=True,
            )
            for p, code, role in plan.people()
        ],
        ["instansi_id", "key"],
    )
    _load_indicators(session, iid, plan, opd_ids)
    _load_actions(session, iid, plan, opd_ids)
    upsert(
        session,
        m.EvidenceRecord,
        [
            dict(
                instansi_id=iid,
                key=e.id,
                title=e.title,
                indicator=e.indicator,
                effective=e.effective,
                valid_years=e.valid_years,
                active=True,
            )
            for e in plan.evidence
        ],
        ["instansi_id", "key"],
        keep_later=["effective"],  # a verified review renewed it: reloading the plan must not undo that
    )
    after = _active_count(session, iid)
    return LoadCounts(len(plan.opds), len(plan.people()), len(plan.actions), max(before - after, 0))


def _load_indicators(session: Session, iid: int, plan: Plan, opd_ids: dict[str, int]) -> None:
    owners, levels = [], []
    for ind, ip in plan.indicators.items():
        owners.append(dict(instansi_id=iid, indicator=ind, opd_id=opd_ids[ip.lead], role="lead", active=True))
        owners += [
            dict(instansi_id=iid, indicator=ind, opd_id=opd_ids[c], role="support", active=True)
            for c in ip.support
            if c != ip.lead
        ]
        levels.append(
            dict(instansi_id=iid, indicator=ind, year=plan.instansi.current_year, kind="actual", level=ip.current)
        )
        levels.append(
            dict(instansi_id=iid, indicator=ind, year=plan.instansi.target_year, kind="target", level=ip.target)
        )
    upsert(session, m.IndicatorOwner, owners, ["instansi_id", "indicator", "opd_id"])
    upsert(session, m.IndicatorLevel, levels, ["instansi_id", "indicator", "year", "kind"])
    upsert(
        session,
        m.PublishedIndex,
        [dict(instansi_id=iid, year=y, value=str(v)) for y, v in plan.instansi.index_history.items()],
        ["instansi_id", "year"],
    )


def _load_actions(session: Session, iid: int, plan: Plan, opd_ids: dict[str, int]) -> None:
    upsert(
        session,
        m.Action,
        [
            dict(
                instansi_id=iid,
                key=a.id,
                title=a.title,
                domain=a.domain,
                recurrence=a.recurrence.model_dump(mode="json"),
                grace_days=a.grace_days,
                evidence_required=list(a.evidence),
                priority=a.priority,
                active=a.active,
            )
            for a in plan.actions
        ],
        ["instansi_id", "key"],
    )
    action_ids = _ids(session, m.Action, "key", instansi_id=iid)
    targets, owners = [], []
    for a in plan.actions:
        aid = action_ids[a.id]
        targets += [dict(action_id=aid, indicator=r.indicator, level=r.level, active=True) for r in a.raises]
        owners += [dict(action_id=aid, opd_id=opd_ids[c], active=True) for c in dict.fromkeys(a.owners)]
    upsert(session, m.ActionTarget, targets, ["action_id", "indicator"])
    upsert(session, m.ActionOwner, owners, ["action_id", "opd_id"])


_SCOPED = (m.Opd, m.Person, m.IndicatorOwner, m.Action, m.EvidenceRecord)


def _deactivate_all(session: Session, iid: int) -> None:
    """Mark everything of the instansi inactive; the upserts that follow re-activate what the plan names."""
    for model in _SCOPED:
        session.execute(update(model).where(model.instansi_id == iid).values(active=False))  # type: ignore[attr-defined]
    action_ids = select(m.Action.id).where(m.Action.instansi_id == iid)
    for child in (m.ActionTarget, m.ActionOwner):
        session.execute(update(child).where(child.action_id.in_(action_ids)).values(active=False))  # type: ignore[attr-defined]


def _count_active(session: Session, model: type[SQLModel], iid: int) -> int:
    stmt = select(func.count()).select_from(model).where(model.instansi_id == iid, model.active.is_(True))  # type: ignore[attr-defined]
    return int(session.execute(stmt).scalar_one())


def _active_count(session: Session, iid: int) -> int:
    return sum(_count_active(session, model, iid) for model in _SCOPED)


# --- reads ----------------------------------------------------------------------------------------


def instansi(session: Session, code: str | None = None) -> m.Instansi | None:
    """The instansi with ``code``, or the only/first one when ``code`` is None."""
    stmt = select(m.Instansi).order_by(m.Instansi.id)
    if code:
        stmt = stmt.where(m.Instansi.code == code)
    return session.execute(stmt).scalars().first()


def levels(session: Session, instansi_id: int, year: int, kind: str) -> dict[str, int]:
    """Indicator -> level for one year and kind (``actual`` or ``target``)."""
    stmt = select(m.IndicatorLevel.indicator, m.IndicatorLevel.level).where(
        m.IndicatorLevel.instansi_id == instansi_id, m.IndicatorLevel.year == year, m.IndicatorLevel.kind == kind
    )
    return {i: lv for i, lv in session.execute(stmt)}


def active_counts(session: Session, instansi_id: int) -> dict[str, int]:
    """How many active OPDs, people and actions an instansi has."""
    return {
        name: _count_active(session, model, instansi_id)
        for name, model in (("opds", m.Opd), ("people", m.Person), ("actions", m.Action))
    }


# --- occurrences ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """An active action of a management domain, with its active owner OPDs."""

    id: int
    key: str
    title: str
    recurrence: dict[str, Any]
    owners: tuple[tuple[int, str], ...]  # (opd_id, opd code)


def domain_actions(session: Session, instansi_id: int, domain: str) -> list[ActionRow]:
    """Active actions of ``domain`` with their active owners, in one query."""
    stmt = (
        select(m.Action.id, m.Action.key, m.Action.title, m.Action.recurrence, m.Opd.id, m.Opd.code)
        .join(m.ActionOwner, m.ActionOwner.action_id == m.Action.id)
        .join(m.Opd, m.Opd.id == m.ActionOwner.opd_id)
        .where(
            m.Action.instansi_id == instansi_id,
            m.Action.domain == domain,
            m.Action.active.is_(True),
            m.ActionOwner.active.is_(True),
            m.Opd.active.is_(True),
        )
        .order_by(m.Action.key, m.Opd.code)
    )
    grouped: dict[int, ActionRow] = {}
    for aid, key, title, rec, opd_id, code in session.execute(stmt):
        row = grouped.get(aid) or ActionRow(aid, key, title, rec, ())
        grouped[aid] = ActionRow(aid, key, title, rec, row.owners + ((opd_id, code),))
    return list(grouped.values())


def evidence_expiry_inputs(session: Session, instansi_id: int) -> dict[str, tuple[dt.date, int]]:
    """Evidence key -> (effective date, years valid) for the instansi's active evidence records."""
    stmt = select(m.EvidenceRecord.key, m.EvidenceRecord.effective, m.EvidenceRecord.valid_years).where(
        m.EvidenceRecord.instansi_id == instansi_id, m.EvidenceRecord.active.is_(True)
    )
    return {k: (eff, years) for k, eff, years in session.execute(stmt)}


def occurrences_in(session: Session, instansi_id: int, domain: str, lo: dt.date, hi: dt.date) -> list[Existing]:
    """Occurrences of every action of ``domain`` (active or not) with scheduled_due in [lo, hi]."""
    action_ids = select(m.Action.id).where(m.Action.instansi_id == instansi_id, m.Action.domain == domain)
    o = m.Occurrence
    stmt = select(o.id, o.action_id, o.opd_id, o.period, o.scheduled_due, o.due, o.window_opens, o.status).where(
        o.action_id.in_(action_ids), o.scheduled_due >= lo, o.scheduled_due <= hi
    )
    return [Existing(*row) for row in session.execute(stmt)]


def _insert(session: Session):  # type: ignore[no-untyped-def]
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def add_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Append audit-trail rows (one statement); ``at``, ``channel`` and ``detail`` default per row."""
    if rows:
        session.execute(sa_insert(m.OccurrenceEvent), [{"detail": {}, **r} for r in rows])


def apply_occurrence_changes(
    session: Session, instansi_id: int, domain: str, changes: Changes, today: dt.date, now: dt.datetime
) -> int:
    """Write a diff set-based (with its trail rows), then open every window that has opened; returns opened."""
    o = m.Occurrence
    flow = dict(at=now, channel="flow", actor_id=None)
    if changes.create:
        rows = [
            dict(
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
            for p in changes.create
        ]
        session.execute(_insert(session)(o.__table__).on_conflict_do_nothing(), rows)  # type: ignore[attr-defined]
        keys = {p.key for p in changes.create}
        created = session.execute(
            select(o.id, o.action_id, o.opd_id, o.period, o.status, o.due).where(
                o.action_id.in_({p.action_id for p in changes.create}), o.created_at == now
            )
        ).all()
        add_events(
            session,
            [
                dict(occurrence_id=i, event="create", from_status=None, to_status=st, to_due=due, **flow)
                for i, a, op, per, st, due in created
                if (a, op, per) in keys
            ],
        )
    moves = [(e, p, initial_status(p.window_opens, today)) for e, p in changes.move]
    if moves:
        session.execute(
            update(o.__table__).where(o.__table__.c.id == bindparam("oid")),  # type: ignore[attr-defined]
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
            session,
            [
                dict(
                    occurrence_id=e.id,
                    event="reschedule",
                    from_status=e.status,
                    to_status=st,
                    from_due=e.due,
                    to_due=p.scheduled_due,
                    **flow,
                )
                for e, p, st in moves
            ],
        )
    if changes.remove:
        session.execute(
            update(o).where(o.id.in_([e.id for e in changes.remove])).values(status=CANCELLED, updated_at=now)
        )
        add_events(
            session,
            [
                dict(
                    occurrence_id=e.id,
                    event="cancel",
                    from_status=e.status,
                    to_status=CANCELLED,
                    from_due=e.due,
                    to_due=e.due,
                    **flow,
                )
                for e in changes.remove
            ],
        )
    action_ids = select(m.Action.id).where(m.Action.instansi_id == instansi_id, m.Action.domain == domain)
    opened = session.execute(
        update(o)
        .where(o.action_id.in_(action_ids), o.status == "scheduled", o.window_opens <= today)
        .values(status="open", updated_at=now)
        .returning(o.id, o.due)
    ).all()
    add_events(
        session,
        [
            dict(
                occurrence_id=i,
                event="open",
                from_status="scheduled",
                to_status="open",
                from_due=due,
                to_due=due,
                **flow,
            )
            for i, due in opened
        ],
    )
    return len(opened)


def occurrence_counts(session: Session, instansi_id: int) -> dict[tuple[str, str], int]:
    """(management domain, status) -> number of occurrences, for summaries."""
    stmt = (
        select(m.Action.domain, m.Occurrence.status, func.count())
        .join(m.Action, m.Action.id == m.Occurrence.action_id)
        .where(m.Occurrence.instansi_id == instansi_id)
        .group_by(m.Action.domain, m.Occurrence.status)
    )
    return {(d, s): int(n) for d, s, n in session.execute(stmt)}


def action_labels(session: Session, instansi_id: int) -> dict[int, tuple[str, str]]:
    """Action id -> (key, title)."""
    stmt = select(m.Action.id, m.Action.key, m.Action.title).where(m.Action.instansi_id == instansi_id)
    return {i: (k, t) for i, k, t in session.execute(stmt)}


def opd_codes(session: Session, instansi_id: int) -> dict[int, str]:
    return {i: c for i, c in session.execute(select(m.Opd.id, m.Opd.code).where(m.Opd.instansi_id == instansi_id))}


def active_domains(session: Session, instansi_id: int) -> set[str]:
    stmt = select(m.Action.domain).where(m.Action.instansi_id == instansi_id, m.Action.active.is_(True)).distinct()
    return set(session.execute(stmt).scalars())


# --- tracking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccurrenceRow:
    id: int
    action_id: int
    action_key: str
    title: str
    domain: str
    opd_id: int
    opd_code: str
    period: str
    scheduled_due: dt.date
    due: dt.date
    window_opens: dt.date
    status: str
    submitted_on: dt.date | None


def _occurrence_select():  # type: ignore[no-untyped-def]
    o = m.Occurrence
    return (
        select(
            o.id,
            o.action_id,
            m.Action.key,
            m.Action.title,
            m.Action.domain,
            o.opd_id,
            m.Opd.code,
            o.period,
            o.scheduled_due,
            o.due,
            o.window_opens,
            o.status,
            o.submitted_on,
        )
        .join(m.Action, m.Action.id == o.action_id)
        .join(m.Opd, m.Opd.id == o.opd_id)
    )


def occurrences_by_ids(
    session: Session, instansi_id: int, ids: Sequence[int], lock: bool = False
) -> dict[int, OccurrenceRow]:
    """The occurrences among ``ids`` (locked FOR UPDATE on PostgreSQL when ``lock``)."""
    stmt = _occurrence_select().where(m.Occurrence.instansi_id == instansi_id, m.Occurrence.id.in_(list(ids)))
    if lock:
        stmt = stmt.with_for_update(of=m.Occurrence)
    return {r[0]: OccurrenceRow(*r) for r in session.execute(stmt)}


def task_rows(
    session: Session,
    instansi_id: int,
    statuses: Sequence[str],
    opd_id: int | None = None,
    domain: str | None = None,
    due_until: dt.date | None = None,
) -> list[OccurrenceRow]:
    """Occurrences in ``statuses``, optionally of one OPD or domain, due on or before ``due_until``."""
    o = m.Occurrence
    stmt = _occurrence_select().where(o.instansi_id == instansi_id, o.status.in_(list(statuses)))
    if opd_id is not None:
        stmt = stmt.where(o.opd_id == opd_id)
    if domain is not None:
        stmt = stmt.where(m.Action.domain == domain)
    if due_until is not None:
        stmt = stmt.where(o.due <= due_until)
    return [OccurrenceRow(*r) for r in session.execute(stmt.order_by(o.due, o.id))]


def person(session: Session, instansi_id: int, key: str) -> m.Person | None:
    stmt = select(m.Person).where(
        m.Person.instansi_id == instansi_id, m.Person.key == key, m.Person.active.is_(True)
    )
    return session.execute(stmt).scalars().first()


def opd_id_by_code(session: Session, instansi_id: int, code: str) -> int | None:
    stmt = select(m.Opd.id).where(m.Opd.instansi_id == instansi_id, m.Opd.code == code, m.Opd.active.is_(True))
    return session.execute(stmt).scalar_one_or_none()


def apply_transitions(
    session: Session,
    updates: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
    evidence: Sequence[dict[str, Any]],
) -> None:
    """Write status/due changes (rows locked by the caller), their trail rows and evidence, set-based."""
    o = m.Occurrence.__table__  # type: ignore[attr-defined]
    if updates:
        session.execute(update(o).where(o.c.id == bindparam("oid")), list(updates))
    if evidence:
        session.execute(sa_insert(m.Evidence), list(evidence))
    add_events(session, events)


def history(session: Session, occurrence_id: int) -> list[tuple]:
    """The trail of one occurrence, oldest first: (at, who, channel, event, from, to, from_due, to_due, reason, detail)."""
    e = m.OccurrenceEvent
    stmt = (
        select(
            e.at,
            func.coalesce(m.Person.key, "sistem"),
            e.channel,
            e.event,
            e.from_status,
            e.to_status,
            e.from_due,
            e.to_due,
            e.reason,
            e.detail,
        )
        .outerjoin(m.Person, m.Person.id == e.actor_id)
        .where(e.occurrence_id == occurrence_id)
        .order_by(e.id)
    )
    return [tuple(r) for r in session.execute(stmt)]


def evidence_of(session: Session, occurrence_id: int) -> list[m.Evidence]:
    stmt = select(m.Evidence).where(m.Evidence.occurrence_id == occurrence_id).order_by(m.Evidence.id)
    return list(session.execute(stmt).scalars())


def refresh_evidence_records(session: Session, instansi_id: int, renewals: dict[str, dt.date]) -> None:
    """A verified review renews the evidence record its rule watches (evidence key -> new effective date)."""
    if renewals:
        session.execute(
            update(m.EvidenceRecord.__table__)  # type: ignore[attr-defined]
            .where(m.EvidenceRecord.instansi_id == instansi_id, m.EvidenceRecord.key == bindparam("k"))
            .values(effective=bindparam("eff")),
            [dict(k=k, eff=eff) for k, eff in renewals.items()],
        )


def action_recurrence(session: Session, action_id: int) -> dict[str, Any]:
    return session.execute(select(m.Action.recurrence).where(m.Action.id == action_id)).scalar_one()


def action_targets(session: Session, instansi_id: int) -> dict[int, list[tuple[str, int]]]:
    """Action id -> the (indicator, level) pairs it raises (active targets)."""
    stmt = (
        select(m.ActionTarget.action_id, m.ActionTarget.indicator, m.ActionTarget.level)
        .join(m.Action, m.Action.id == m.ActionTarget.action_id)
        .where(m.Action.instansi_id == instansi_id, m.ActionTarget.active.is_(True))
    )
    out: dict[int, list[tuple[str, int]]] = {}
    for aid, ind, level in session.execute(stmt):
        out.setdefault(aid, []).append((ind, level))
    return out


def completion_counts(session: Session, instansi_id: int, today: dt.date, by: str) -> list[tuple]:
    """Per OPD code or management domain (``by``: "opd" | "domain") and action: counts for completion figures.

    Rows: (group, action_id, due_so_far, on_time, late, still_open, waived). One grouped query.
    """
    o = m.Occurrence
    group = m.Opd.code if by == "opd" else m.Action.domain
    done = o.status.in_(["submitted", "verified"])
    to_do = o.status.in_(["scheduled", "open", "returned", "extension_requested"])

    def count(cond):  # type: ignore[no-untyped-def]
        return func.sum(case((cond, 1), else_=0))

    stmt = (
        select(
            group,
            o.action_id,
            count(or_(o.due <= today, done)),
            count(and_(done, o.submitted_on <= o.due)),
            count(and_(to_do, o.due < today)),
            count(or_(to_do, o.status == "submitted")),
            count(and_(o.status == "waived", o.due <= today)),
        )
        .join(m.Action, m.Action.id == o.action_id)
        .join(m.Opd, m.Opd.id == o.opd_id)
        .where(o.instansi_id == instansi_id, o.status != "cancelled")
        .group_by(group, o.action_id)
    )
    return [tuple(r) for r in session.execute(stmt)]


def people_roles(session: Session, instansi_id: int) -> list[tuple[str, str, int | None]]:
    """(person key, role, OPD id) of every active person, in key order."""
    stmt = (
        select(m.Person.key, m.Person.role, m.Person.opd_id)
        .where(m.Person.instansi_id == instansi_id, m.Person.active.is_(True))
        .order_by(m.Person.key)
    )
    return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]


def verified_evidence(session: Session, instansi_id: int) -> list[tuple]:
    """(action id, OPD id, OPD code, action title, evidence title, url, expires, verified occurrence's due)."""
    o, e = m.Occurrence, m.Evidence
    stmt = (
        select(o.action_id, o.opd_id, m.Opd.code, m.Action.title, e.title, e.url, e.expires, o.due)
        .join(o, o.id == e.occurrence_id)
        .join(m.Action, m.Action.id == o.action_id)
        .join(m.Opd, m.Opd.id == o.opd_id)
        .where(o.instansi_id == instansi_id, o.status == "verified", e.expires.is_not(None))
    )
    return [tuple(r) for r in session.execute(stmt)]


def evidence_records(session: Session, instansi_id: int) -> list[tuple]:
    """(key, title, indicator, effective, valid years) of the active evidence register."""
    r = m.EvidenceRecord
    stmt = select(r.key, r.title, r.indicator, r.effective, r.valid_years).where(
        r.instansi_id == instansi_id, r.active.is_(True)
    )
    return [tuple(x) for x in session.execute(stmt)]
