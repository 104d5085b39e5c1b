"""Tracking reads and writes: occurrences with their action and OPD, transitions, history, figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy import insert as sa_insert
from sqlmodel import Session, col

from spbe_actions.domain.lifecycle import Status
from spbe_actions.store import models as m
from spbe_actions.store._base import add_events
from spbe_actions.store.models import table
from spbe_actions.store.rows import (
    ActionStanding,
    EvidenceRow,
    StandingItem,
    Target,
    TrailRow,
    VerifiedEvidence,
)


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


def _occurrence_select() -> Select[*tuple[Any, ...]]:
    o, a, opd = table(m.Occurrence).c, table(m.Action).c, table(m.Opd).c
    return (
        select(
            o.id,
            o.action_id,
            a.key,
            a.title,
            a.domain,
            o.opd_id,
            opd.code,
            o.period,
            o.scheduled_due,
            o.due,
            o.window_opens,
            o.status,
            o.submitted_on,
        )
        .join(table(m.Action), a.id == o.action_id)
        .join(table(m.Opd), opd.id == o.opd_id)
    )


def occurrences_by_ids(
    session: Session, instansi_id: int, ids: Sequence[int], lock: bool = False
) -> dict[int, OccurrenceRow]:
    """The occurrences among ``ids`` (locked FOR UPDATE on PostgreSQL when ``lock``)."""
    occ = table(m.Occurrence)
    stmt = _occurrence_select().where(occ.c.instansi_id == instansi_id, occ.c.id.in_(list(ids)))
    if lock:
        stmt = stmt.with_for_update(of=occ)
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
    o = table(m.Occurrence).c
    stmt = _occurrence_select().where(o.instansi_id == instansi_id, o.status.in_(list(statuses)))
    if opd_id is not None:
        stmt = stmt.where(o.opd_id == opd_id)
    if domain is not None:
        stmt = stmt.where(table(m.Action).c.domain == domain)
    if due_until is not None:
        stmt = stmt.where(o.due <= due_until)
    return [OccurrenceRow(*r) for r in session.execute(stmt.order_by(o.due, o.id))]


def apply_transitions(
    session: Session,
    updates: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
    evidence: Sequence[dict[str, Any]],
) -> None:
    """Write status/due changes (rows locked by the caller), their trail rows and evidence, set-based."""
    occ = table(m.Occurrence)
    if updates:
        session.execute(update(occ).where(occ.c.id == bindparam("oid")), list(updates))
    if evidence:
        session.execute(sa_insert(m.Evidence), list(evidence))
    add_events(session, events)


def history(session: Session, occurrence_id: int) -> list[TrailRow]:
    """The trail of one occurrence, oldest first."""
    e, p = table(m.OccurrenceEvent).c, table(m.Person).c
    stmt = (
        select(
            e.at,
            func.coalesce(p.key, "sistem"),
            p.name,
            e.channel,
            e.event,
            e.from_status,
            e.to_status,
            e.from_due,
            e.to_due,
            e.reason,
            e.detail,
        )
        .outerjoin(table(m.Person), p.id == e.actor_id)
        .where(e.occurrence_id == occurrence_id)
        .order_by(e.id)
    )
    return [TrailRow(*r) for r in session.execute(stmt)]


def evidence_of(session: Session, occurrence_id: int) -> list[m.Evidence]:
    stmt = select(m.Evidence).where(col(m.Evidence.occurrence_id) == occurrence_id).order_by(col(m.Evidence.id))
    return list(session.execute(stmt).scalars())


def evidence_by_occurrence(session: Session, occurrence_ids: Sequence[int]) -> dict[int, list[m.Evidence]]:
    """The evidence of many occurrences in one statement, each occurrence's in the order it came."""
    out: dict[int, list[m.Evidence]] = {oid: [] for oid in occurrence_ids}
    if occurrence_ids:
        stmt = (
            select(m.Evidence)
            .where(col(m.Evidence.occurrence_id).in_(list(occurrence_ids)))
            .order_by(col(m.Evidence.occurrence_id), col(m.Evidence.id))
        )
        for e in session.execute(stmt).scalars():
            out[e.occurrence_id].append(e)
    return out


def last_events(session: Session, occurrence_ids: Sequence[int], event: str) -> dict[int, tuple[str | None, Any]]:
    """The newest ``event`` of each of these occurrences, in one statement: occurrence id -> (reason, detail)."""
    if not occurrence_ids:
        return {}
    e = table(m.OccurrenceEvent).c
    newest = (
        select(func.max(e.id))
        .where(e.occurrence_id.in_(list(occurrence_ids)), e.event == event)
        .group_by(e.occurrence_id)
    )
    stmt = select(e.occurrence_id, e.reason, e.detail).where(e.id.in_(newest))
    return {oid: (reason, detail) for oid, reason, detail in session.execute(stmt)}


def refresh_evidence_records(session: Session, instansi_id: int, renewals: dict[str, dt.date]) -> None:
    """A verified review renews the evidence record its rule watches (evidence key -> new effective date)."""
    if renewals:
        r = table(m.EvidenceRecord)
        session.execute(
            update(r)
            .where(r.c.instansi_id == instansi_id, r.c.key == bindparam("k"))
            .values(effective=bindparam("eff")),
            [dict(k=k, eff=eff) for k, eff in renewals.items()],
        )


def _verified_evidence() -> Select[*tuple[Any, ...]]:
    o, e, a, opd = table(m.Occurrence).c, table(m.Evidence).c, table(m.Action).c, table(m.Opd).c
    return (
        select(o.instansi_id, o.action_id, o.opd_id, opd.code, a.title, e.title, e.url, e.expires, o.due)
        .join(table(m.Occurrence), o.id == e.occurrence_id)
        .join(table(m.Action), a.id == o.action_id)
        .join(table(m.Opd), opd.id == o.opd_id)
        .where(o.status == Status.VERIFIED, e.expires.is_not(None))
        # few occurrences carry expiring evidence: checking that first spares a walk over every verified row
        .where(o.id.in_(select(e.occurrence_id).where(e.expires.is_not(None))))
        .order_by(e.id)  # the same order whether read for one instansi or for all
    )


def verified_evidence(session: Session, instansi_id: int) -> list[VerifiedEvidence]:
    """Expiring evidence of the instansi's verified occurrences."""
    stmt = _verified_evidence().where(table(m.Occurrence).c.instansi_id == instansi_id)
    return [VerifiedEvidence(*r) for r in session.execute(stmt)]


def verified_evidence_by_instansi(session: Session) -> dict[int, list[VerifiedEvidence]]:
    """``verified_evidence`` of every instansi in one query, by instansi id."""
    out: dict[int, list[VerifiedEvidence]] = {}
    for r in session.execute(_verified_evidence()):
        row = VerifiedEvidence(*r)
        out.setdefault(row.instansi_id, []).append(row)
    return out


def action_and_opd(session: Session, action_id: int, opd_id: int) -> tuple[m.Action | None, m.Opd | None]:
    """The action and the OPD of an occurrence (by primary key), for a page that shows one item."""
    return session.get(m.Action, action_id), session.get(m.Opd, opd_id)


# --- the signed-link pages: a view in three statements ----------------------------------------------------------


class Binding(NamedTuple):
    """A token's person with their instansi and (for an item token) the occurrence, its action's required
    evidence and its OPD's name: one statement."""

    person: m.Person
    instansi: m.Instansi
    occurrence: OccurrenceRow | None = None
    evidence_required: list[str] | None = None
    opd_name: str | None = None


@cache
def _person_stmt() -> Any:
    p = table(m.Person).c
    stmt = select(m.Person, m.Instansi).join(m.Instansi, table(m.Instansi).c.id == p.instansi_id)
    return stmt.where(p.id == bindparam("pid"))


def bind_person(session: Session, person_id: int) -> Binding | None:
    """The person (active or not) with their instansi, in one statement."""
    row = session.execute(_person_stmt(), dict(pid=person_id)).first()
    return Binding(row[0], row[1]) if row else None


@cache
def _binding_stmt(lock: bool) -> Any:
    """Built once (its SQL compiled once): a page view then costs the round trip and the rows only."""
    p, o, a, opd = table(m.Person).c, table(m.Occurrence).c, table(m.Action).c, table(m.Opd).c
    stmt = (
        _occurrence_select()
        .add_columns(a.evidence_required, opd.name, m.Person, m.Instansi)
        .join(m.Person, p.id == bindparam("pid"))
        .join(m.Instansi, table(m.Instansi).c.id == p.instansi_id)
        .where(o.id == bindparam("oid"), o.instansi_id == p.instansi_id)
    )
    return stmt.with_for_update(of=table(m.Occurrence)) if lock else stmt


def bind_occurrence(session: Session, person_id: int, occurrence_id: int, lock: bool = False) -> Binding | None:
    """The person, their instansi and one occurrence of that instansi with its action's required evidence and
    its OPD's name, in one statement (the occurrence locked FOR UPDATE on PostgreSQL when ``lock``)."""
    row = session.execute(_binding_stmt(lock), dict(pid=person_id, oid=occurrence_id)).first()
    if row is None:
        return None
    *occ, required, opd_name, person, inst = row
    return Binding(person, inst, OccurrenceRow(*occ), list(required or []), opd_name)


@cache
def _trail_evidence_stmt() -> Any:
    e, p, ev = table(m.OccurrenceEvent).c, table(m.Person).c, table(m.Evidence).c
    text_, date_ = lambda: cast(null(), String), lambda: cast(null(), Date)  # noqa: E731
    trail = (
        select(
            literal_column("0", Integer).label("part"),
            e.id.label("n"),
            e.at,
            func.coalesce(p.key, "sistem").label("actor"),
            p.name,
            e.channel,
            e.event,
            e.from_status,
            e.to_status,
            e.from_due,
            e.to_due,
            e.reason,
            e.detail,
            text_().label("url"),
            text_().label("title"),
            date_().label("effective"),
            date_().label("expires"),
        )
        .outerjoin(table(m.Person), p.id == e.actor_id)
        .where(e.occurrence_id == bindparam("oid"))
    )
    evidence = select(
        literal_column("1", Integer),
        ev.id,
        *(null() for _ in range(11)),
        ev.url,
        ev.title,
        ev.effective,
        ev.expires,
    ).where(ev.occurrence_id == bindparam("oid"))
    both = union_all(trail, evidence).subquery()
    return select(both).order_by(both.c.part, both.c.n)


def trail_and_evidence(session: Session, occurrence_id: int) -> tuple[list[TrailRow], list[EvidenceRow]]:
    """``history`` and the evidence of one occurrence (oldest first) in one statement (UNION ALL)."""
    trail_rows: list[TrailRow] = []
    evidence_rows: list[EvidenceRow] = []
    for r in session.connection().execute(_trail_evidence_stmt(), dict(oid=occurrence_id)):  # Core: no ORM
        if r[0] == 0:
            trail_rows.append(TrailRow(*r[2:13]))
        else:
            evidence_rows.append(EvidenceRow(r[1], *r[13:]))
    return trail_rows, evidence_rows


@cache
def _standing_stmt() -> Any:
    t, lv, it, x, o = (
        table(m.ActionTarget).c,
        table(m.IndicatorLevel).c,
        table(m.EvidenceItem).c,
        table(m.ExternalValue).c,
        table(m.Opd).c,
    )
    inds = select(t.indicator).where(t.action_id == bindparam("aid"), t.active.is_(True))
    text_ = lambda: cast(null(), String)  # noqa: E731
    targets = select(
        literal_column("0", Integer).label("part"),
        t.id.label("n"),
        t.indicator,
        t.level,
        text_().label("key"),
        text_().label("title"),
        text_().label("state"),
        text_().label("owner"),
        text_().label("value"),
    ).where(t.action_id == bindparam("aid"), t.active.is_(True))
    levels = select(
        literal_column("1", Integer), lv.id, lv.indicator, lv.level, *(null() for _ in range(5))
    ).where(
        lv.instansi_id == bindparam("iid"),
        lv.year == bindparam("year"),
        lv.kind == "actual",
        lv.indicator.in_(inds),
    )
    items = (
        select(
            literal_column("2", Integer), it.id, it.indicator, it.level, it.key, it.title, it.state, o.code, null()
        )
        .outerjoin(table(m.Opd), o.id == it.owner_opd_id)
        .where(it.instansi_id == bindparam("iid"), it.active.is_(True), it.indicator.in_(inds))
    )
    external = select(
        literal_column("3", Integer), x.id, x.indicator, null(), *(null() for _ in range(4)), x.value
    ).where(x.instansi_id == bindparam("iid"), x.year == bindparam("year"), x.indicator.in_(inds))
    every = union_all(targets, levels, items, external).subquery()
    return select(every).order_by(every.c.part, every.c.n)


def action_standing(session: Session, instansi_id: int, year: int, action_id: int) -> ActionStanding:
    """An action's targets and, for its indicators only, the actual levels, the active checklist items and the
    external values of ``year``: one statement (UNION ALL of four parts), built once."""
    out = ActionStanding([], {}, [], {})
    params = dict(aid=action_id, iid=instansi_id, year=year)
    for part, _n, ind, level, key, title, state, owner, value in session.connection().execute(
        _standing_stmt(), params
    ):
        if part == 0:
            out.targets.append(Target(ind, level))
        elif part == 1:
            out.levels[ind] = level
        elif part == 2:
            out.items.append(StandingItem(key, ind, level, title, state, owner))
        else:
            out.external[ind] = value
    return out
