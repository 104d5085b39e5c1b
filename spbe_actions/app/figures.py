"""Task lists and completion figures: set-based counts from the store, index points from the pure core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.app.checklist import standing
from spbe_actions.app.common import framework_of, require_instansi, stored_id
from spbe_actions.app.status import CompletionRow, expiring_from  # noqa: F401  (lean; re-exported)
from spbe_actions.domain.calendar import local_today, to_zone
from spbe_actions.domain.evidence import ExpiringEvidence, expiring_before, next_evaluation  # noqa: F401
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.index import Number, points_at_stake
from spbe_actions.domain.lifecycle import OPD_ROLES, STILL_OPEN, Actor, can_see, is_late
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.store.rows import CompletionCounts


@dataclass(frozen=True)
class TaskView:
    row: store.OccurrenceRow
    late_days: int  # 0 when not late
    points: Fraction  # index points the action's work carries


def action_points(session: Session, inst: m.Instansi) -> dict[int, Fraction]:
    fw, iid = framework_of(inst), stored_id(inst)
    return points_of(fw, store.action_targets(session, iid), standing(session, inst, fw).levels)


def points_of(
    fw: Framework, targets: Mapping[int, Iterable[tuple[str, int]]], current: Mapping[str, Number]
) -> dict[int, Fraction]:
    """Action id -> the index points its targets carry, from levels the caller has read already."""
    return {aid: points_at_stake(fw, t, current) for aid, t in targets.items()}


def task_views(rows: list[store.OccurrenceRow], today: dt.date, points: Mapping[int, Fraction]) -> list[TaskView]:
    """Rows as ``TaskView``: late work first, each group by index points at stake, then days late and due date."""
    views = [
        TaskView(
            r, (today - r.due).days if is_late(r.status, r.due, today) else 0, points.get(r.action_id, Fraction(0))
        )
        for r in rows
    ]
    return sorted(views, key=lambda v: (v.late_days == 0, -v.points, -v.late_days, v.row.due, v.row.id))


def tasks(
    engine: Engine,
    now: dt.datetime,
    actor: Actor | None = None,
    opd: str | None = None,
    domain: str | None = None,
    late_only: bool = False,
    due_within: int | None = None,
    instansi: str | None = None,
    statuses: frozenset[str] | None = None,
) -> list[TaskView]:
    """Open work (or the work in ``statuses``): late work first, each group by index points at stake, then days
    late and due date."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        iid, today = stored_id(inst), local_today(now, inst.timezone)
        opd_id = store.opd_id_by_code(session, iid, opd) if opd else None
        if opd and opd_id is None:
            return []
        if actor is not None and actor.role in OPD_ROLES:  # an OPD's people see their own OPD's work: in SQL
            if opd_id is not None and opd_id != actor.opd_id:
                return []
            opd_id = actor.opd_id
        until = today + dt.timedelta(days=due_within) if due_within is not None else None
        rows = store.task_rows(session, iid, sorted(statuses or STILL_OPEN), opd_id, domain, until)
        points = action_points(session, inst)
    views = task_views([r for r in rows if actor is None or can_see(actor, r.opd_id)], today, points)
    return [v for v in views if v.late_days > 0] if late_only else views


def completion(
    engine: Engine, now: dt.datetime, by: str = "opd", year: int | None = None, instansi: str | None = None
) -> list[CompletionRow]:
    """Per OPD (or management domain): on-time rate, late, open and waived counts, index points at risk
    (over all tracked work, or the work due in ``year``)."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        today = local_today(now, inst.timezone)
        points = action_points(session, inst)
        raw = store.completion_counts(session, stored_id(inst), today, by, year)
    return completion_rows(raw, points)


def completion_rows(raw: list[CompletionCounts], points: Mapping[int, Fraction]) -> list[CompletionRow]:
    """``store.completion_counts`` summed per group, late work weighted by its action's points: the one
    definition of late, open and points at risk that every message, page and report of a run shows."""
    acc: dict[str, list] = {}
    for c in raw:
        a = acc.setdefault(c.group, [0, 0, 0, 0, 0, Fraction(0)])
        for i, v in enumerate((c.due_so_far, c.on_time, c.late, c.still_open, c.waived)):
            a[i] += v
        a[5] += c.late * points.get(c.action_id, Fraction(0))
    rows = [CompletionRow(g, *a) for g, a in acc.items()]
    return sorted(rows, key=lambda r: (-r.points_at_risk, -r.late, r.group))


@dataclass(frozen=True)
class Standing:
    """A run's figures per OPD as of one instant: what every message of that run (digest, escalation,
    coordinator summary, weekly) says about late work, open work and points at risk."""

    as_of: dt.datetime  # on the instansi's clock
    zone: str
    opds: dict[str, CompletionRow]

    def of(self, opd: str | None = None) -> CompletionRow:
        """One OPD's row (zeros when it has no work), or the whole instansi's (``opd`` None)."""
        if opd is not None:
            return self.opds.get(opd) or CompletionRow(opd, 0, 0, 0, 0, 0, Fraction(0))
        rows = list(self.opds.values())
        return CompletionRow(
            "",
            sum(r.due_so_far for r in rows),
            sum(r.on_time for r in rows),
            sum(r.late for r in rows),
            sum(r.still_open for r in rows),
            sum(r.waived for r in rows),
            sum((r.points_at_risk for r in rows), Fraction(0)),
        )


def standing_of(rows: list[CompletionRow], now: dt.datetime, zone: str) -> Standing:
    """The ``Standing`` of completion rows computed for ``now`` (an aware instant)."""
    return Standing(now.astimezone(to_zone(zone)), zone, {r.group: r for r in rows})


def standing_in(
    session: Session, inst: m.Instansi, now: dt.datetime, points: Mapping[int, Fraction] | None = None
) -> Standing:
    """``completion(..., "opd")`` as a ``Standing``, inside the caller's session (``points``: the actions' points
    when the caller has them already)."""
    today = local_today(now, inst.timezone)
    raw = store.completion_counts(session, stored_id(inst), today, "opd", None)
    pts = points if points is not None else action_points(session, inst)
    return standing_of(completion_rows(raw, pts), now, inst.timezone)


def expiring_evidence(
    engine: Engine, now: dt.datetime, actor: Actor | None = None, instansi: str | None = None
) -> tuple[dt.date, list[ExpiringEvidence]]:
    """Evidence that turns stale before the next evaluation: the register, and the latest verified
    submission of each action and OPD (older ones are superseded). Returns (evaluation date, items)."""
    with db.read(engine) as session:
        return expiring_in(session, require_instansi(session, instansi), now, actor)


def expiring_in(
    session: Session, inst: m.Instansi, now: dt.datetime, actor: Actor | None = None
) -> tuple[dt.date, list[ExpiringEvidence]]:
    """``expiring_evidence`` inside the caller's session (and transaction)."""
    iid = stored_id(inst)
    register = store.evidence_records(session, iid) if actor is None or actor.opd_id is None else []
    return expiring_from(inst, now, store.verified_evidence(session, iid), register, actor)
