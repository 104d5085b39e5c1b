"""The checklist (evidence items per level, their states and the actions that produce them) and the values of
external indicators: loading, reading (one instansi, or many at once for the sweep) and changing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from spbe_actions.domain.checklist import PlannedItem
from spbe_actions.store import models as m
from spbe_actions.store._base import _ids, _insert, upsert
from spbe_actions.store.models import table
from spbe_actions.store.rows import ExternalRow, ItemRow

PLAN = "plan"  # state_channel of a state that still comes from the plan


def save_items(
    session: Session,
    iid: int,
    items: Sequence[PlannedItem],
    opd_ids: dict[str, int],
    action_ids: dict[str, int],
    now: dt.datetime,
) -> None:
    """Upsert the checklist and its action links (inside ``save_plan``'s transaction).

    A stored state changed since the plan was loaded (CLI, import, a verified action) is kept, unless the plan
    gives a ``since`` date on or after that change.
    """
    if not items:
        return
    t = table(m.EvidenceItem)
    rows = [
        dict(
            instansi_id=iid,
            key=i.key,
            indicator=i.indicator,
            level=i.level,
            title=i.title,
            owner_opd_id=opd_ids.get(i.owner),
            state=i.state,
            state_on=i.since,
            state_channel=PLAN,
            state_by=None,
            note=i.note,
            evidence=list(i.evidence),
            active=True,
            updated_at=now,
        )
        for i in items
    ]
    stmt = _insert(session)(t).values(rows)
    x = stmt.excluded
    take: ColumnElement[bool] = or_(
        t.c.state_channel == PLAN,
        and_(x.state_on.is_not(None), or_(t.c.state_on.is_(None), x.state_on >= t.c.state_on)),
    )
    new: dict[str, Any] = {c: x[c] for c in rows[0] if c not in ("instansi_id", "key")}
    for c in ("state", "state_on", "state_channel", "state_by", "note"):
        new[c] = _case(take, x[c], t.c[c])
    session.execute(stmt.on_conflict_do_update(index_elements=["instansi_id", "key"], set_=new))
    item_ids = _ids(session, m.EvidenceItem, "key", instansi_id=iid)
    links = [
        dict(action_id=action_ids[a], item_id=item_ids[i.key], active=True)
        for i in items
        for a in i.actions
        if a in action_ids
    ]
    upsert(session, m.ActionItem, links, ["action_id", "item_id"])


def _case(cond: ColumnElement[bool], then: Any, otherwise: Any) -> Any:
    from sqlalchemy import case

    return case((cond, then), else_=otherwise)


def _item_stmt(instansi_ids: Sequence[int]) -> Any:
    e, o = table(m.EvidenceItem).c, table(m.Opd).c
    return (
        select(
            e.instansi_id,
            e.id,
            e.key,
            e.indicator,
            e.level,
            e.title,
            o.code,
            e.state,
            e.state_on,
            e.state_channel,
            e.state_by,
            e.note,
            e.evidence,
        )
        .outerjoin(table(m.Opd), o.id == e.owner_opd_id)
        .where(e.instansi_id.in_(list(instansi_ids)), e.active.is_(True))
        .order_by(e.indicator, e.level, e.key)
    )


def items(session: Session, instansi_id: int) -> list[ItemRow]:
    """The active checklist of one instansi."""
    return items_of(session, [instansi_id]).get(instansi_id, [])


def items_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, list[ItemRow]]:
    """The active checklists of several instansi in one query, by instansi id."""
    out: dict[int, list[ItemRow]] = {}
    for row in session.execute(_item_stmt(instansi_ids)):
        item = ItemRow(*row)
        out.setdefault(item.instansi_id, []).append(item)
    return out


def item_actions(session: Session, instansi_id: int) -> dict[int, list[str]]:
    """Item id -> the keys of the active actions that produce it."""
    ai, a = table(m.ActionItem).c, table(m.Action).c
    stmt = (
        select(ai.item_id, a.key)
        .join(table(m.Action), a.id == ai.action_id)
        .where(a.instansi_id == instansi_id, ai.active.is_(True), a.active.is_(True))
        .order_by(a.key)
    )
    out: dict[int, list[str]] = {}
    for item_id, key in session.execute(stmt):
        out.setdefault(item_id, []).append(key)
    return out


def set_item_states(session: Session, instansi_id: int, changes: Sequence[dict[str, Any]]) -> None:
    """Write new states: each change names the item ``key`` and its ``state``, ``state_on``,
    ``state_channel``, ``state_by``, ``note`` and ``updated_at``."""
    e = table(m.EvidenceItem)
    for change in changes:
        values = {k: v for k, v in change.items() if k != "key"}
        session.execute(update(e).where(e.c.instansi_id == instansi_id, e.c.key == change["key"]).values(**values))


def advance_items(
    session: Session, action_ids: Sequence[int], from_states: Sequence[str], values: dict[str, Any]
) -> list[str]:
    """Move the active items the actions produce from ``from_states`` on (``values``: the new state and who,
    when, through which door); returns the keys of the items moved."""
    if not action_ids:
        return []
    e, ai = table(m.EvidenceItem), table(m.ActionItem).c
    produced = select(ai.item_id).where(ai.action_id.in_(list(action_ids)), ai.active.is_(True))
    where = (e.c.id.in_(produced), e.c.active.is_(True), e.c.state.in_(list(from_states)))
    keys = [k for (k,) in session.execute(select(e.c.key).where(*where))]
    if keys:
        session.execute(update(e).where(*where).values(**values))
    return keys


def save_external(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Upsert external values, one per (instansi, indicator, year)."""
    upsert(session, m.ExternalValue, rows, ["instansi_id", "indicator", "year"])


def external_values(session: Session, instansi_id: int, year: int) -> dict[str, ExternalRow]:
    """Indicator -> the value entered for ``year``."""
    x = table(m.ExternalValue).c
    stmt = select(
        x.indicator, x.year, x.value, x.measured_on, x.source, x.entered_by, x.channel, x.entered_at
    ).where(x.instansi_id == instansi_id, x.year == year)
    return {r.indicator: r for r in (ExternalRow(*row) for row in session.execute(stmt))}


def external_values_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Instansi id -> indicator -> value (text) for its evaluated year (``current_year``), in one query."""
    x, i = table(m.ExternalValue).c, table(m.Instansi).c
    stmt = (
        select(x.instansi_id, x.indicator, x.value)
        .join(table(m.Instansi), i.id == x.instansi_id)
        .where(x.instansi_id.in_(list(instansi_ids)), x.year == i.current_year)
    )
    out: dict[int, dict[str, str]] = {iid: {} for iid in instansi_ids}
    for iid, ind, value in session.execute(stmt):
        out[iid][ind] = value
    return out
