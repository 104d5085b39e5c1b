"""Task lists and completion figures: set-based counts from the store, index points from the pure core."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.app.common import require_instansi
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.framework import load_framework
from spbe_actions.domain.index import points_at_stake
from spbe_actions.domain.lifecycle import STILL_OPEN, Actor, can_see, is_late
from spbe_actions.domain.recurrence import expiry
from spbe_actions.store import engine as db


@dataclass(frozen=True)
class TaskView:
    row: store.OccurrenceRow
    late_days: int  # 0 when not late
    points: Fraction  # index points the action's work carries


@dataclass(frozen=True)
class CompletionRow:
    group: str
    due_so_far: int
    on_time: int
    late: int
    still_open: int
    waived: int
    points_at_risk: Fraction

    @property
    def on_time_rate(self) -> Fraction | None:
        """Share of the work due so far (less waived) that was submitted by its due date."""
        base = self.due_so_far - self.waived
        return Fraction(self.on_time, base) if base > 0 else None


def action_points(session, inst) -> dict[int, Fraction]:  # type: ignore[no-untyped-def]
    fw = load_framework(inst.framework)
    current = store.levels(session, inst.id, inst.current_year, "actual")
    return {
        aid: points_at_stake(fw, targets, current)
        for aid, targets in store.action_targets(session, inst.id).items()
    }


def tasks(
    engine: Engine,
    now: dt.datetime,
    actor: Actor | None = None,
    opd: str | None = None,
    domain: str | None = None,
    late_only: bool = False,
    due_within: int | None = None,
    instansi: str | None = None,
) -> list[TaskView]:
    """Open work: late work first, each group by index points at stake, then days late and due date."""
    with db.session(engine) as session:
        inst = require_instansi(session, instansi)
        today = local_today(now, inst.timezone)
        opd_id = store.opd_id_by_code(session, inst.id, opd) if opd else None
        if opd and opd_id is None:
            return []
        until = today + dt.timedelta(days=due_within) if due_within is not None else None
        rows = store.task_rows(session, inst.id, sorted(STILL_OPEN), opd_id, domain, until)
        points = action_points(session, inst)
    views = [
        TaskView(
            r, (today - r.due).days if is_late(r.status, r.due, today) else 0, points.get(r.action_id, Fraction(0))
        )
        for r in rows
        if actor is None or can_see(actor, r.opd_id)
    ]
    if late_only:
        views = [v for v in views if v.late_days > 0]
    # late work first (its points are at risk now), then by points, days late, due date
    return sorted(views, key=lambda v: (v.late_days == 0, -v.points, -v.late_days, v.row.due, v.row.id))


def completion(
    engine: Engine, now: dt.datetime, by: str = "opd", year: int | None = None, instansi: str | None = None
) -> list[CompletionRow]:
    """Per OPD (or management domain): on-time rate, late, open and waived counts, index points at risk
    (over all tracked work, or the work due in ``year``)."""
    with db.session(engine) as session:
        inst = require_instansi(session, instansi)
        today = local_today(now, inst.timezone)
        points = action_points(session, inst)
        raw = store.completion_counts(session, inst.id, today, by, year)
    acc: dict[str, list] = {}
    for group, aid, due_so_far, on_time, late, still_open, waived in raw:
        a = acc.setdefault(group, [0, 0, 0, 0, 0, Fraction(0)])
        for i, v in enumerate((due_so_far, on_time, late, still_open, waived)):
            a[i] += int(v or 0)
        a[5] += int(late or 0) * points.get(aid, Fraction(0))
    rows = [CompletionRow(g, *a) for g, a in acc.items()]
    return sorted(rows, key=lambda r: (-r.points_at_risk, -r.late, r.group))


@dataclass(frozen=True)
class ExpiringEvidence:
    opd: str  # OPD code, or "" for the instansi's evidence register
    opd_id: int | None
    subject: str  # the action (or register entry) the evidence belongs to
    title: str
    expires: dt.date


def next_evaluation(configured: dt.date | None, today: dt.date) -> dt.date:
    """The plan's next evaluation date, or else the next 1 July (when the evaluation season opens)."""
    if configured is not None and configured >= today:
        return configured
    july = dt.date(today.year, 7, 1)
    return july if july > today else dt.date(today.year + 1, 7, 1)


def expiring_evidence(engine: Engine, now: dt.datetime, actor: Actor | None = None) -> tuple[dt.date, list]:
    """Evidence that turns stale before the next evaluation: the register, and the latest verified
    submission of each action and OPD (older ones are superseded). Returns (evaluation date, items)."""
    with db.session(engine) as session:
        return expiring_in(session, require_instansi(session), now, actor)


def expiring_in(session, inst, now: dt.datetime, actor: Actor | None = None) -> tuple[dt.date, list]:  # type: ignore[no-untyped-def]
    """``expiring_evidence`` inside the caller's session (and transaction)."""
    register = store.evidence_records(session, inst.id) if actor is None or actor.opd_id is None else []
    return expiring_from(inst, now, store.verified_evidence(session, inst.id), register, actor)


def expiring_from(
    inst,  # type: ignore[no-untyped-def]
    now: dt.datetime,
    verified: list[tuple],
    register: list[tuple],
    actor: Actor | None = None,
) -> tuple[dt.date, list]:
    """``expiring_in`` from rows already read (``store.verified_evidence`` and ``store.evidence_records``)."""
    before = next_evaluation(inst.next_evaluation, local_today(now, inst.timezone))
    latest: dict[tuple[int, int], tuple] = {}
    for row in verified:
        key = (row[0], row[1])
        if key not in latest or (row[7], row[6]) > (latest[key][7], latest[key][6]):
            latest[key] = row
    items = [
        ExpiringEvidence("", None, key, title, expiry(eff, years)) for key, title, _ind, eff, years in register
    ]
    items += [
        ExpiringEvidence(code, opd_id, action, title, exp)
        for _a, opd_id, code, action, title, _u, exp, _d in latest.values()
        if actor is None or can_see(actor, opd_id)
    ]
    return before, sorted((i for i in items if i.expires < before), key=lambda i: (i.expires, i.opd, i.subject))
