"""Every query and write of the engine, set-based. The only module that speaks SQL.

``load_plan`` upserts a validated plan in one transaction: rows present in the plan are inserted or
updated and marked active; rows the plan no longer names are deactivated (kept for history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel

from . import models as m
from .plan import Plan


def upsert(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE for many rows in one statement (SQLite and PostgreSQL)."""
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table).values(list(rows))
    cols = [c for c in rows[0] if c not in keys]
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={c: stmt.excluded[c] for c in cols})
    session.execute(stmt)


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
