"""Where the indicators stand now (the plan's levels, the checklist's achieved levels, external values), the
checklist as people read it, and the coordinator's two inputs: an item's state and an external value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.app.common import framework_of, require_instansi, stored_id
from spbe_actions.app.tracking import resolve_actor
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.checklist import (
    ChecklistItem,
    IndicatorItems,
    awaited,
    item_points,
    levels_now,
    open_points,
    summarise,
)
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.external import ExternalInput, check_external
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.index import Number
from spbe_actions.domain.lifecycle import COORDINATOR, ItemState
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.store.rows import ExternalRow, ItemRow

MAX_NOTE = 1000


def _checklist_items(rows: Sequence[ItemRow]) -> list[ChecklistItem]:
    return [ChecklistItem(r.key, r.indicator, r.level, r.title, r.state, r.owner) for r in rows]


@dataclass(frozen=True)
class Standing:
    """The indicators now: every level (plan, items, external), the item-scored indicators, external values."""

    levels: dict[str, Number]
    items: list[ItemRow]
    summary: dict[str, IndicatorItems]
    external: dict[str, ExternalRow]
    awaited: list[str]  # external indicators still waiting for their value

    @property
    def ceilings(self) -> dict[str, int]:
        """Item-scored indicator -> its level once every listed item is accepted."""
        return {ind: s.ceiling for ind, s in self.summary.items()}


def standing(session: Session, inst: m.Instansi, fw: Framework | None = None) -> Standing:
    """Where ``inst``'s indicators stand in its evaluated year (``current_year``)."""
    fw = fw or framework_of(inst)
    iid = stored_id(inst)
    stored = store.levels(session, iid, inst.current_year, "actual")
    external = store.external_values(session, iid, inst.current_year)
    return standing_from(fw, stored, store.items(session, iid), external)


def standing_from(
    fw: Framework, stored: dict[str, int], rows: list[ItemRow], external: dict[str, ExternalRow]
) -> Standing:
    """``standing`` from its rows read already: the plan's actual levels, the checklist, the external values
    (all of the evaluated year)."""
    summary = summarise(fw, _checklist_items(rows))
    values = {ind: Decimal(r.value) for ind, r in external.items() if ind in fw.external}
    return Standing(levels_now(fw, stored, summary, values), rows, summary, external, awaited(fw, values))


def levels_of(session: Session, insts: Sequence[m.Instansi]) -> dict[int, dict[str, Number]]:
    """``standing(...).levels`` of many instansi in a few set-based queries (the reminder sweep)."""
    ids = [stored_id(i) for i in insts]
    stored, rows, values = (
        store.actual_levels(session, ids),
        store.items_of(session, ids),
        store.external_values_of(session, ids),
    )
    out, frameworks = {}, {}
    for iid, inst in zip(ids, insts, strict=True):
        if inst.framework not in frameworks:  # the framework file is checked once, not once per instansi
            frameworks[inst.framework] = framework_of(inst)
        fw = frameworks[inst.framework]
        summary = summarise(fw, _checklist_items(rows.get(iid, [])))
        external = {ind: Decimal(v) for ind, v in values.get(iid, {}).items() if ind in fw.external}
        out[iid] = levels_now(fw, stored.get(iid, {}), summary, external)
    return out


# --- the checklist as people read it -------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    row: ItemRow
    actions: list[str]
    points: Fraction  # index points it holds back (0 when accepted or beyond the reachable levels)


@dataclass(frozen=True)
class ChecklistView:
    framework: Framework
    summary: dict[str, IndicatorItems]
    lines: list[ItemLine]  # most points held back first
    open_points: Fraction
    external: dict[str, ExternalRow]
    awaited: list[str]
    year: int


def checklist(engine: Engine, instansi: str | None = None) -> ChecklistView:
    """Every evidence item with the points it holds back, and the external values (entered and awaited)."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        fw = framework_of(inst)
        st = standing(session, inst, fw)
        producers = store.item_actions(session, stored_id(inst))
    items = {i.key: i for i in _checklist_items(st.items)}
    lines = [
        ItemLine(r, producers.get(r.id, []), item_points(fw, st.summary[r.indicator], items[r.key]))
        for r in st.items
        if r.indicator in st.summary
    ]
    lines.sort(key=lambda x: (-x.points, x.row.indicator.zfill(4), x.row.level, x.row.key))
    return ChecklistView(
        fw, st.summary, lines, open_points(fw, st.summary), st.external, st.awaited, inst.current_year
    )


# --- the coordinator's inputs ----------------------------------------------------------------------


def _coordinator(session: Session, iid: int, key: str) -> str:
    actor, _ = resolve_actor(session, iid, key)
    if actor.role != COORDINATOR:
        raise InputError([Problem("--as", t("ck_coordinator_only", who=key))])
    return actor.key


def set_item_state(
    engine: Engine,
    key: str,
    state: str,
    actor_key: str,
    now: dt.datetime,
    note: str | None = None,
    channel: str = "cli",
    instansi: str | None = None,
) -> tuple[str, str]:
    """Record the assessors' verdict (or any state) of item ``key``; returns (from, to)."""
    if state not in set(ItemState):
        raise InputError([Problem("STATE", t("ck_state", value=state, known=", ".join(ItemState)))])
    if note is not None and len(note) > MAX_NOTE:
        raise InputError([Problem("--note", t("ck_note_long", limit=MAX_NOTE))])
    with db.write(engine) as session, session.begin():
        inst = require_instansi(session, instansi)
        iid = stored_id(inst)
        who = _coordinator(session, iid, actor_key)
        row = next((r for r in store.items(session, iid) if r.key == key), None)
        if row is None:
            known = ", ".join(r.key for r in store.items(session, iid)[:12])
            raise InputError([Problem(key, t("ck_unknown", key=key, known=known or "—"))])
        change = dict(
            key=key,
            state=state,
            state_on=local_today(now, inst.timezone),
            state_channel=channel,
            state_by=who,
            note=note if note is not None else row.note,
            updated_at=now,
        )
        store.set_item_states(session, iid, [change])
    return row.state, state


def set_external(
    engine: Engine,
    entries: Sequence[ExternalInput],
    actor_key: str,
    now: dt.datetime,
    channel: str = "cli",
    instansi: str | None = None,
) -> int:
    """Enter external values (all or none; every bad entry named); returns how many were written."""
    with db.write(engine) as session, session.begin():
        inst = require_instansi(session, instansi)
        iid = stored_id(inst)
        who = _coordinator(session, iid, actor_key)
        fw, today = framework_of(inst), local_today(now, inst.timezone)
        problems = [p for e in entries for p in check_external(fw, e, today)]
        if problems:
            raise InputError(problems)
        rows = [
            dict(
                instansi_id=iid,
                indicator=e.indicator,
                year=e.year or inst.current_year,
                value=str(e.value),
                measured_on=e.measured_on,
                source=e.source.strip(),
                entered_by=who,
                channel=channel,
                entered_at=now,
            )
            for e in entries
        ]
        store.save_external(session, rows)
    return len(rows)
