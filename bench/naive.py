"""The naive baselines of the scale benchmark (issue #8): what the engine would be without set-based reads.

``naive_decisions`` is the reminder sweep written as an ORM loop per row: it reads every occurrence of the
instansi as an object and, for each one the policy chases, fetches its action, OPD, targets, current levels
and "seen" events with their own queries, then asks the pure policy about that one item. It must reach the
very same decisions as ``reminding.decide_today`` (a test checks this at ``city`` size); only the data access
differs.

``naive_flow`` is the per-row Prefect design: one task run per chased occurrence.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from spbe_actions.adapters import config
from spbe_actions.app.figures import expiring_in
from spbe_actions.app.reminders.sweep import _indicator_labels
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.index import points_at_stake
from spbe_actions.domain.plan import Reminders, work_calendar
from spbe_actions.domain.reminder_policy import CHASED, Decision, Item, Recipient, due_today, evidence_decisions
from spbe_actions.store import models as m
from spbe_actions.store.rows import Target


def naive_item(session: Session, inst: m.Instansi, occ: m.Occurrence) -> Item | None:
    """One occurrence as the policy's item, fetched row by row (None when its action is inactive)."""
    action = session.get(m.Action, occ.action_id)
    if action is None or not action.active:
        return None
    opd = session.get(m.Opd, occ.opd_id)
    targets = session.exec(
        select(m.ActionTarget)
        .where(m.ActionTarget.action_id == action.id, m.ActionTarget.active)
        .order_by(m.ActionTarget.id)
    ).all()
    levels = session.exec(
        select(m.IndicatorLevel).where(
            m.IndicatorLevel.instansi_id == inst.id,
            m.IndicatorLevel.year == inst.current_year,
            m.IndicatorLevel.kind == "actual",
        )
    ).all()
    seen = session.exec(
        select(m.OccurrenceEvent).where(
            m.OccurrenceEvent.occurrence_id == occ.id, m.OccurrenceEvent.event == "seen"
        )
    ).all()
    pairs = tuple(Target(t.indicator, t.level) for t in targets)
    current = {lv.indicator: lv.level for lv in levels}
    seen_on = None
    if seen:
        at = max(e.at for e in seen)
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        seen_on = at.astimezone(ZoneInfo(inst.timezone)).date()
    return Item(
        occ.id,  # type: ignore[arg-type]
        occ.opd_id,
        opd.code,  # type: ignore[union-attr]
        action.domain,
        action.priority,
        action.title,
        occ.period,
        occ.due,
        occ.status,
        action.grace_days,
        points_at_stake(config.framework(inst.framework), pairs, current),
        _indicator_labels(config.framework(inst.framework), pairs, inst.language),
        seen_on,
    )


def naive_decisions(session: Session, now: dt.datetime) -> list[Decision]:
    """Every decision due today, for every instansi, one row at a time."""
    out: list[Decision] = []
    for inst in session.exec(select(m.Instansi).order_by(m.Instansi.id)).all():
        rules = Reminders.model_validate(inst.reminders or {})
        cal = work_calendar(inst.calendar)
        today = local_today(now, inst.timezone)
        people = [
            Recipient(p.id, p.key, p.name, p.role, p.opd_id)  # type: ignore[arg-type]
            for p in session.exec(
                select(m.Person).where(m.Person.instansi_id == inst.id, m.Person.active).order_by(m.Person.key)
            ).all()
        ]
        for occ in session.exec(select(m.Occurrence).where(m.Occurrence.instansi_id == inst.id)).all():
            if occ.status not in CHASED:
                continue
            item = naive_item(session, inst, occ)
            if item is not None:
                out += due_today([item], people, rules, cal, today)
        expiring = expiring_in(session, inst, now)[1]
        out += evidence_decisions(expiring, people, today)
    return out


def decision_key(d: Decision) -> tuple:
    """A total order on decisions, for comparing two sweeps."""
    return (d.person.key, d.subject, d.step, d.person.id)


def chased_ids(session: Session) -> list[int]:
    """Ids of the occurrences the policy chases (the per-row flow submits one task for each)."""
    o = m.Occurrence
    return list(session.exec(select(o.id).where(o.status.in_(sorted(CHASED))).order_by(o.id)).all())  # type: ignore[attr-defined]


def naive_flow(url: str, now: dt.datetime):  # type: ignore[no-untyped-def]
    """A Prefect flow with one task run per chased occurrence; returns the flow (imported lazily: Prefect)."""
    from prefect import flow, task

    from spbe_actions.store import engine as db

    engine = db.make_engine(url)

    @task(name="decide-one")
    def decide_one(occurrence_id: int) -> int:
        with Session(engine) as session:
            occ = session.get(m.Occurrence, occurrence_id)
            inst = session.get(m.Instansi, occ.instansi_id)  # type: ignore[union-attr]
            item = naive_item(session, inst, occ)  # type: ignore[arg-type]
            if item is None:
                return 0
            rules = Reminders.model_validate(inst.reminders or {})  # type: ignore[union-attr]
            people = [
                Recipient(p.id, p.key, p.name, p.role, p.opd_id)  # type: ignore[arg-type]
                for p in session.exec(select(m.Person).where(m.Person.instansi_id == inst.id, m.Person.active))  # type: ignore[union-attr]
            ]
            today = local_today(now, inst.timezone)  # type: ignore[union-attr]
            return len(due_today([item], people, rules, work_calendar(inst.calendar), today))  # type: ignore[union-attr]

    @flow(name="remind-per-row")
    def remind_per_row() -> int:
        with Session(engine) as session:
            ids = chased_ids(session)
        return sum(f.result() for f in [decide_one.submit(i) for i in ids])

    return remind_per_row
