"""The coordinator's figures for many instansi at once: each read one statement for every instansi asked,
grouped by instansi (the weekly report and the overseer's league, where one statement per instansi and figure
cost a round trip each on PostgreSQL).

Each function returns what its one-instansi counterpart returns (same rows, same order), keyed by instansi id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlmodel import Session

from spbe_actions.domain.lifecycle import DONE, TO_DO, Status
from spbe_actions.store import models as m
from spbe_actions.store.models import table
from spbe_actions.store.plan import levels_by_instansi
from spbe_actions.store.rows import CompletionCounts, ExternalRow, Published, Target
from spbe_actions.store.tracking import OccurrenceRow, _occurrence_select


def _by_instansi(instansi_ids: Sequence[int]) -> dict[int, Any]:
    return {iid: [] for iid in instansi_ids}


def target_levels_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Instansi id -> indicator -> target level for its ``target_year`` (``levels(..., "target")``)."""
    return levels_by_instansi(session, instansi_ids, "target")


def external_rows_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, dict[str, ExternalRow]]:
    """Instansi id -> ``external_values`` for its evaluated year (``current_year``)."""
    x, i = table(m.ExternalValue).c, table(m.Instansi).c
    stmt = (
        select(x.instansi_id, x.indicator, x.year, x.value, x.measured_on, x.source, x.entered_by)
        .add_columns(x.channel, x.entered_at)
        .join(table(m.Instansi), i.id == x.instansi_id)
        .where(x.instansi_id.in_(list(instansi_ids)), x.year == i.current_year)
    )
    out: dict[int, dict[str, ExternalRow]] = {iid: {} for iid in instansi_ids}
    for iid, *row in session.execute(stmt):
        out[iid][row[0]] = ExternalRow(*row)
    return out


def action_targets_by_instansi(
    session: Session, instansi_ids: Sequence[int]
) -> dict[int, dict[int, list[Target]]]:
    """Instansi id -> ``action_targets`` of it."""
    t, a = table(m.ActionTarget).c, table(m.Action).c
    stmt = (
        select(a.instansi_id, t.action_id, t.indicator, t.level)
        .join(table(m.Action), a.id == t.action_id)
        .where(a.instansi_id.in_(list(instansi_ids)), t.active.is_(True))
        .order_by(t.id)
    )
    out: dict[int, dict[int, list[Target]]] = {iid: {} for iid in instansi_ids}
    for iid, aid, ind, level in session.execute(stmt):
        out[iid].setdefault(aid, []).append(Target(ind, level))
    return out


def published_history_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, list[Published]]:
    """Instansi id -> ``published_history`` of it, oldest first."""
    p = table(m.PublishedIndex).c
    stmt = select(p.instansi_id, p.year, p.value, p.framework).where(p.instansi_id.in_(list(instansi_ids)))
    out = _by_instansi(instansi_ids)
    for iid, *row in session.execute(stmt):
        out[iid].append(Published(*row))
    return {iid: sorted(rows) for iid, rows in out.items()}


def snapshots_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Instansi id -> its daily snapshots (rows with ``day``, ``index_current``, ``index_projected``,
    ``at_risk``), oldest first."""
    s = table(m.IndexSnapshot).c
    stmt = (
        select(s.instansi_id, s.day, s.index_current, s.index_projected, s.at_risk)
        .where(s.instansi_id.in_(list(instansi_ids)))
        .order_by(s.instansi_id, s.day)
    )
    out = _by_instansi(instansi_ids)
    for row in session.execute(stmt):
        out[row.instansi_id].append(row)
    return out


def completion_counts_of(
    session: Session, todays: Mapping[int, dt.date], by: str
) -> dict[int, list[CompletionCounts]]:
    """Instansi id -> ``completion_counts(..., today, by)`` with each instansi's own ``today`` (one statement
    per distinct local date: instansi either side of midnight differ)."""
    out = _by_instansi(list(todays))
    days: dict[dt.date, list[int]] = {}
    for iid, today in todays.items():
        days.setdefault(today, []).append(iid)
    for today, ids in sorted(days.items()):
        for iid, *row in session.execute(completion_stmt(ids, today, by)):
            out[iid].append(CompletionCounts(row[0], row[1], *(int(n or 0) for n in row[2:])))
    return out


def completion_counts(
    session: Session, instansi_id: int, today: dt.date, by: str, year: int | None = None
) -> list[CompletionCounts]:
    """Per OPD code or management domain (``by``: "opd" | "domain") and action: counts for completion figures
    (only work due in ``year`` when given). One grouped query.
    """
    rows = session.execute(completion_stmt([instansi_id], today, by, year))
    return [CompletionCounts(g, a, *(int(n or 0) for n in counts)) for _, g, a, *counts in rows]


def completion_stmt(instansi_ids: Sequence[int], today: dt.date, by: str, year: int | None = None) -> Any:
    """``completion_counts`` of several instansi sharing one local ``today``, each row led by its instansi id."""
    o, a, opd = table(m.Occurrence).c, table(m.Action).c, table(m.Opd).c
    group = opd.code if by == "opd" else a.domain
    done = o.status.in_(sorted(DONE))
    to_do = o.status.in_(sorted(TO_DO))

    def count(cond: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((cond, 1), else_=0))

    stmt = (
        select(
            o.instansi_id,
            group,
            o.action_id,
            count(or_(o.due <= today, done)),
            count(and_(done, o.submitted_on <= o.due)),
            count(and_(to_do, o.due < today)),
            count(or_(to_do, o.status == Status.SUBMITTED)),
            count(and_(o.status == Status.WAIVED, o.due <= today)),
        )
        .join(table(m.Action), a.id == o.action_id)
        .join(table(m.Opd), opd.id == o.opd_id)
        .where(o.instansi_id.in_(list(instansi_ids)), o.status != Status.CANCELLED)
        .group_by(o.instansi_id, group, o.action_id)
    )
    if year is not None:
        stmt = stmt.where(o.due.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return stmt


def task_rows_of(
    session: Session, instansi_ids: Sequence[int], statuses: Sequence[str], due_before: dt.date
) -> dict[int, list[OccurrenceRow]]:
    """Instansi id -> ``task_rows(..., statuses)`` of it due before ``due_before``, by due date and id."""
    o = table(m.Occurrence).c
    stmt = (
        _occurrence_select()
        .add_columns(o.instansi_id)
        .where(o.instansi_id.in_(list(instansi_ids)), o.status.in_(list(statuses)), o.due < due_before)
        .order_by(o.due, o.id)
    )
    out = _by_instansi(instansi_ids)
    for *row, iid in session.execute(stmt):
        out[iid].append(OccurrenceRow(*row))
    return out
