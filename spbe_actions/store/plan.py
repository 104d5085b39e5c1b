"""Loading a plan (upsert + deactivate, one transaction) and reading the plan's entities back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, col

from spbe_actions.domain.checklist import PlannedItem, item_targets
from spbe_actions.domain.plan import Plan
from spbe_actions.store import models as m
from spbe_actions.store._base import _count_active, _ids, upsert
from spbe_actions.store.checklist import save_items
from spbe_actions.store.models import table
from spbe_actions.store.reminders import forget_next_steps
from spbe_actions.store.rows import PersonRole, Published, RegisterEntry, Target


@dataclass(frozen=True)
class LoadCounts:
    opds: int
    people: int
    actions: int
    deactivated: int


def save_plan(session: Session, plan: Plan, now: dt.datetime, items: Sequence[PlannedItem] = ()) -> LoadCounts:
    """Upsert ``plan`` (and its resolved checklist ``items``) inside the caller's transaction; idempotent."""
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
    i = table(m.Instansi).c
    iid = session.execute(select(i.id).where(i.code == inst.code)).scalar_one()
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
    action_ids = _load_actions(session, iid, plan, opd_ids, items)
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
    save_items(session, iid, items, opd_ids, action_ids, now)
    forget_next_steps(session, iid)  # people, rules, calendar or actions may have changed: look at all again
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
        if ip.current is not None:  # else the items or another agency's value set the level
            levels.append(
                dict(
                    instansi_id=iid,
                    indicator=ind,
                    year=plan.instansi.current_year,
                    kind="actual",
                    level=ip.current,
                )
            )
        levels.append(
            dict(instansi_id=iid, indicator=ind, year=plan.instansi.target_year, kind="target", level=ip.target)
        )
    upsert(session, m.IndicatorOwner, owners, ["instansi_id", "indicator", "opd_id"])
    upsert(session, m.IndicatorLevel, levels, ["instansi_id", "indicator", "year", "kind"])
    upsert(
        session,
        m.PublishedIndex,
        [dict(instansi_id=iid, year=y, value=str(v), framework=f) for y, v, f in plan.instansi.history()],
        ["instansi_id", "year"],
    )


def _load_actions(
    session: Session, iid: int, plan: Plan, opd_ids: dict[str, int], items: Sequence[PlannedItem]
) -> dict[str, int]:
    """Actions, the levels they raise (their own and their items') and their owners; returns key -> id."""
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
    served = item_targets(items)
    targets, owners = [], []
    for a in plan.actions:
        aid = action_ids[a.id]
        levels = dict(served.get(a.id, {}))
        for r in a.raises:
            levels[r.indicator] = max(levels.get(r.indicator, 0), r.level)
        targets += [dict(action_id=aid, indicator=ind, level=lv, active=True) for ind, lv in levels.items()]
        owners += [dict(action_id=aid, opd_id=opd_ids[c], active=True) for c in dict.fromkeys(a.owners)]
    upsert(session, m.ActionTarget, targets, ["action_id", "indicator"])
    upsert(session, m.ActionOwner, owners, ["action_id", "opd_id"])
    return action_ids


_SCOPED = (m.Opd, m.Person, m.IndicatorOwner, m.Action, m.EvidenceRecord, m.EvidenceItem)


def _deactivate_all(session: Session, iid: int) -> None:
    """Mark everything of the instansi inactive; the upserts that follow re-activate what the plan names."""
    for model in _SCOPED:
        t = table(model)
        session.execute(update(t).where(t.c.instansi_id == iid).values(active=False))
    a = table(m.Action).c
    action_ids = select(a.id).where(a.instansi_id == iid)
    for child in (m.ActionTarget, m.ActionOwner, m.ActionItem):
        t = table(child)
        session.execute(update(t).where(t.c.action_id.in_(action_ids)).values(active=False))


def _active_count(session: Session, iid: int) -> int:
    return sum(_count_active(session, model, iid) for model in _SCOPED)


def instansi(session: Session, code: str | None = None) -> m.Instansi | None:
    """The instansi with ``code``, or the only/first one when ``code`` is None."""
    stmt = select(m.Instansi).order_by(col(m.Instansi.id))
    if code:
        stmt = stmt.where(col(m.Instansi.code) == code)
    return session.execute(stmt).scalars().first()


def all_instansi(session: Session) -> list[m.Instansi]:
    """Every instansi in the database (a province or a ministry may hold many), by id."""
    return list(session.execute(select(m.Instansi).order_by(col(m.Instansi.id))).scalars())


def levels(session: Session, instansi_id: int, year: int, kind: str) -> dict[str, int]:
    """Indicator -> level for one year and kind (``actual`` or ``target``)."""
    il = table(m.IndicatorLevel).c
    stmt = select(il.indicator, il.level).where(il.instansi_id == instansi_id, il.year == year, il.kind == kind)
    return {i: lv for i, lv in session.execute(stmt)}


def active_counts(session: Session, instansi_id: int) -> dict[str, int]:
    """How many active OPDs, people and actions an instansi has."""
    return {
        name: _count_active(session, model, instansi_id)
        for name, model in (("opds", m.Opd), ("people", m.Person), ("actions", m.Action))
    }


def people_roles(session: Session, instansi_id: int) -> list[PersonRole]:
    """Key, role and OPD id of every active person, in key order."""
    p = table(m.Person).c
    stmt = select(p.key, p.role, p.opd_id).where(p.instansi_id == instansi_id, p.active.is_(True)).order_by(p.key)
    return [PersonRole(*r) for r in session.execute(stmt)]


def person(session: Session, instansi_id: int, key: str) -> m.Person | None:
    stmt = select(m.Person).where(
        col(m.Person.instansi_id) == instansi_id, col(m.Person.key) == key, col(m.Person.active).is_(True)
    )
    return session.execute(stmt).scalars().first()


def opd_id_by_code(session: Session, instansi_id: int, code: str) -> int | None:
    o = table(m.Opd).c
    stmt = select(o.id).where(o.instansi_id == instansi_id, o.code == code, o.active.is_(True))
    return session.execute(stmt).scalar_one_or_none()


def opd_codes(session: Session, instansi_id: int) -> dict[int, str]:
    o = table(m.Opd).c
    return {i: c for i, c in session.execute(select(o.id, o.code).where(o.instansi_id == instansi_id))}


def evidence_records(session: Session, instansi_id: int) -> list[RegisterEntry]:
    """The active evidence register of one instansi."""
    return evidence_records_by_instansi(session, instansi_id).get(instansi_id, [])


def evidence_records_by_instansi(
    session: Session, instansi_id: int | None = None
) -> dict[int, list[RegisterEntry]]:
    """``evidence_records`` of one instansi (or of every one, None) in one query, by instansi id."""
    r = table(m.EvidenceRecord).c
    stmt = select(r.instansi_id, r.key, r.title, r.indicator, r.effective, r.valid_years)
    stmt = stmt.where(r.active.is_(True)).order_by(r.id)  # the same order for one instansi or for all
    if instansi_id is not None:
        stmt = stmt.where(r.instansi_id == instansi_id)
    out: dict[int, list[RegisterEntry]] = {}
    for row in session.execute(stmt):
        entry = RegisterEntry(*row)
        out.setdefault(entry.instansi_id, []).append(entry)
    return out


def action_targets(session: Session, instansi_id: int) -> dict[int, list[Target]]:
    """Action id -> the indicators it raises, with the level (active targets)."""
    return action_targets_of(session, [instansi_id])


def action_targets_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, list[Target]]:
    """``action_targets`` of several instansi in one query (action ids are unique across instansi)."""
    t, a = table(m.ActionTarget).c, table(m.Action).c
    stmt = (
        select(t.action_id, t.indicator, t.level)
        .join(table(m.Action), a.id == t.action_id)
        .where(a.instansi_id.in_(list(instansi_ids)), t.active.is_(True))
        .order_by(t.id)
    )
    out: dict[int, list[Target]] = {}
    for aid, ind, level in session.execute(stmt):
        out.setdefault(aid, []).append(Target(ind, level))
    return out


def actual_levels(session: Session, instansi_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Instansi id -> indicator -> level in its evaluated year (``current_year``), in one query."""
    return levels_by_instansi(session, instansi_ids, "actual")


def levels_by_instansi(session: Session, instansi_ids: Sequence[int], kind: str) -> dict[int, dict[str, int]]:
    """Instansi id -> indicator -> level of ``kind``: 'actual' in the evaluated year (``current_year``),
    'target' in the ``target_year``; one query for all of them."""
    lv, i = table(m.IndicatorLevel).c, table(m.Instansi).c
    year = i.target_year if kind == "target" else i.current_year
    stmt = (
        select(lv.instansi_id, lv.indicator, lv.level)
        .join(table(m.Instansi), i.id == lv.instansi_id)
        .where(lv.instansi_id.in_(list(instansi_ids)), lv.kind == kind, lv.year == year)
    )
    out: dict[int, dict[str, int]] = {iid: {} for iid in instansi_ids}
    for iid, ind, level in session.execute(stmt):
        out[iid][ind] = level
    return out


def action_recurrence(session: Session, action_id: int) -> dict[str, Any]:
    a = table(m.Action).c
    return session.execute(select(a.recurrence).where(a.id == action_id)).scalar_one()


def record_snapshot(session: Session, row: dict[str, Any]) -> None:
    """Today's figures (one row per instansi and day; a later run the same day replaces it)."""
    upsert(session, m.IndexSnapshot, [row], ["instansi_id", "day"])


def snapshots(session: Session, instansi_id: int) -> list[m.IndexSnapshot]:
    """Every stored daily snapshot, oldest first."""
    s = m.IndexSnapshot
    stmt = select(s).where(col(s.instansi_id) == instansi_id).order_by(col(s.day))
    return list(session.execute(stmt).scalars())


def published_history(session: Session, instansi_id: int) -> list[Published]:
    """The published index per year as the plan records it, oldest first."""
    p = table(m.PublishedIndex).c
    stmt = select(p.year, p.value, p.framework).where(p.instansi_id == instansi_id)
    return sorted(Published(*r) for r in session.execute(stmt))
