"""The reminder policy (pure): open work in, decisions out. Who hears about what, and at which step.

For each occurrence the OPD still owes, exactly one step of the ladder applies today:

    H-14, H-7, H-1   before the due date (the nearest threshold passed)     -> focal points
    H                on the due day                                          -> focal points
    L1, L2, ...      every N working days while late, capped                 -> focal points
    E3, E7, E14      escalation by working days late (after grace_days)      -> focal points / head / coordinator

A decision is (subject, step, person). The outbox stores each one under a unique key, so a step reaches
a person once: a rerun, a retry or a concurrent sweep finds it already recorded. Submitting, verifying,
waiving or asking for more time stops the chase; an approved extension restarts the ladder on the new date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from spbe_actions.domain.calendar import WorkCalendar
from spbe_actions.domain.evidence import ExpiringEvidence
from spbe_actions.domain.lifecycle import COORDINATOR, FOCAL_POINT, HEAD, OPEN, RETURNED, SCHEDULED
from spbe_actions.domain.plan import ReminderPolicy, Reminders

CHASED = frozenset({SCHEDULED, OPEN, RETURNED})  # extension_requested waits for the coordinator's decision


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of open work as the sweep sees it."""

    occurrence_id: int
    opd_id: int
    opd_code: str
    domain: str
    priority: str
    title: str
    period: str
    due: dt.date
    status: str
    grace_days: int
    points: Fraction
    indicators: tuple[str, ...] = ()  # "21 Penerapan Manajemen Risiko SPBE (bobot 1,50%) → tingkat 4"
    seen_on: dt.date | None = None  # the last "sudah dilihat" from the link page


@dataclass(frozen=True, slots=True)
class Recipient:
    """A person who may receive reminders (a role of ``lifecycle.Role``)."""

    id: int
    key: str
    name: str
    role: str
    opd_id: int | None


@dataclass(frozen=True, slots=True)
class Decision:
    subject: str  # "occ:<id>"
    step: str
    person: Recipient
    item: Item
    days_late: int  # calendar days
    escalated: bool


def step_for(
    item: Item, policy: ReminderPolicy, cal: WorkCalendar, today: dt.date
) -> list[tuple[str, tuple[str, ...]]]:
    """The steps that apply to ``item`` today, each with the roles it goes to (empty when nothing is due)."""
    if item.status not in CHASED:
        return []
    lead = (item.due - today).days
    if lead > 0:
        passed = [d for d in policy.ladder.before_days if lead <= d]
        return [(f"H-{min(passed)}", (FOCAL_POINT,))] if passed else []
    if lead == 0:
        return [("H", (FOCAL_POINT,))] if policy.ladder.on_due else []
    late_wd = cal.working_days_between(item.due, today)
    out: list[tuple[str, tuple[str, ...]]] = []
    repeat = min(late_wd // policy.ladder.late_every_working_days, policy.ladder.late_max)
    paused = item.seen_on is not None and (today - item.seen_on).days < policy.ladder.pause_after_seen_days
    if repeat >= 1 and not paused:  # "sudah dilihat" pauses the repeats, never the escalation
        out.append((f"L{repeat}", (FOCAL_POINT,)))
    reached = [e for e in policy.escalation if late_wd - item.grace_days >= e.after_working_days]
    if reached:
        top = max(reached, key=lambda e: e.after_working_days)
        out.append((f"E{top.after_working_days}", tuple(top.notify)))
    return out


def due_today(
    items: Iterable[Item],
    people: Sequence[Recipient],
    rules: Reminders,
    cal: WorkCalendar,
    today: dt.date,
    policies: dict[tuple[str, str], ReminderPolicy] | None = None,
) -> list[Decision]:
    """Every (subject, step, person) due today, in a stable order. ``policies`` may carry ``rules``' policies
    by (domain, priority) from one call to the next."""
    by_opd: dict[tuple[int | None, str], list[Recipient]] = {}
    for p in people:
        by_opd.setdefault((p.opd_id if p.role != COORDINATOR else None, p.role), []).append(p)
    out = []
    policies = {} if policies is None else policies
    for item in items:
        policy = policies.get((item.domain, item.priority))
        if policy is None:
            policy = policies[item.domain, item.priority] = rules.policy_for(item.domain, item.priority)
        steps = step_for(item, policy, cal, today)
        if not steps:
            continue
        subject, late = f"occ:{item.occurrence_id}", max((today - item.due).days, 0)
        for step, roles in steps:
            escalated = step.startswith("E")
            for role in roles:
                for person in by_opd.get((None if role == COORDINATOR else item.opd_id, role), ()):
                    out.append(Decision(subject, step, person, item, late, escalated))
    out.sort(key=lambda d: (d.person.key, d.subject, d.step))
    return out


def next_step_on(item: Item, policy: ReminderPolicy, cal: WorkCalendar, today: dt.date) -> dt.date | None:
    """The first day after ``today`` on which ``step_for`` may give ``item`` a step it does not have today, while
    nothing about the item changes (None: never). Until then every step it has is one it has today, which
    today's sweep records, so the sweep need not read it. It may say a day too early (the sweep looks, finds
    nothing new and asks again), never too late."""
    if item.status not in CHASED:
        return None
    ladder = policy.ladder
    if item.due > today:  # the next rung before the due date, or the due date itself
        return min(
            [
                item.due - dt.timedelta(days=d)
                for d in ladder.before_days
                if item.due - dt.timedelta(days=d) > today
            ]
            + [item.due]
        )
    late_wd = cal.working_days_between(item.due, today)
    wanted = [item.grace_days + e.after_working_days for e in policy.escalation]
    if late_wd // ladder.late_every_working_days < ladder.late_max:
        wanted.append((late_wd // ladder.late_every_working_days + 1) * ladder.late_every_working_days)
    ahead = [w for w in wanted if w > late_wd]
    out = [cal.nth_working_day_after(today, min(ahead) - late_wd)] if ahead else []
    if item.seen_on is not None and (today - item.seen_on).days < ladder.pause_after_seen_days:
        out.append(item.seen_on + dt.timedelta(days=ladder.pause_after_seen_days))  # the repeats resume
    return min(out) if out else None


def next_steps(
    items: Iterable[Item],
    rules: Reminders,
    cal: WorkCalendar,
    today: dt.date,
    policies: dict[tuple[str, str], ReminderPolicy] | None = None,
) -> list[tuple[int, str, dt.date, dt.date | None]]:
    """(occurrence id, status, due, ``next_step_on``) of each item, for the sweep to store (``policies``: as
    ``due_today``)."""
    policies = {} if policies is None else policies
    out = []
    for item in items:
        policy = policies.get((item.domain, item.priority))
        if policy is None:
            policy = policies[item.domain, item.priority] = rules.policy_for(item.domain, item.priority)
        out.append((item.occurrence_id, item.status, item.due, next_step_on(item, policy, cal, today)))
    return out


def evidence_decisions(
    expiring: Iterable[ExpiringEvidence], people: Sequence[Recipient], today: dt.date
) -> list[Decision]:
    """One reminder per expiry date and person: the OPD's focal points, or the coordinators for the register."""
    out = []
    for ev in expiring:
        item = Item(
            0,
            ev.opd_id or 0,
            ev.opd or "register",
            "evidence",
            "medium",
            f"Perbarui bukti: {ev.title}",
            ev.subject,
            ev.expires,
            OPEN,
            0,
            Fraction(0),
        )
        role = COORDINATOR if ev.opd_id is None else FOCAL_POINT
        for person in people:
            if person.role == role and (ev.opd_id is None or person.opd_id == ev.opd_id):
                out.append(
                    Decision(
                        f"ev:{ev.opd or 'register'}:{ev.subject}"[:60],
                        f"EXP-{ev.expires}",
                        person,
                        item,
                        0,
                        False,
                    )
                )
    return sorted(out, key=lambda d: (d.person.key, d.subject))


def in_window(now_local: dt.datetime, rules: Reminders, cal: WorkCalendar) -> bool:
    """True on a working day between the working hours; outside, everything is held for the next window."""
    start = dt.time.fromisoformat(rules.working_hours_start)
    end = dt.time.fromisoformat(rules.working_hours_end)
    return cal.is_working_day(now_local.date()) and start <= now_local.time().replace(tzinfo=None) < end


@dataclass(frozen=True)
class Digest:
    """One message for one person: their items, most index points at risk first."""

    person: Recipient
    kind: str  # digest (focal point) | escalation (head) | summary (coordinator)
    decisions: tuple[Decision, ...]

    @property
    def items(self) -> list[Decision]:
        """One line per occurrence (a person may hit two steps of it), ranked for the reader."""
        seen: dict[str, Decision] = {}
        for d in self.decisions:
            if d.subject not in seen or d.escalated:
                seen[d.subject] = d
        return sorted(seen.values(), key=lambda d: (-d.item.points, -d.days_late, d.item.due, d.item.title))


KIND_BY_ROLE: Mapping[str, str] = {FOCAL_POINT: "digest", HEAD: "escalation", COORDINATOR: "summary"}


def digests(decisions: Iterable[Decision]) -> list[Digest]:
    """Group decisions into one digest per person."""
    grouped: dict[int, list[Decision]] = {}
    for d in decisions:
        grouped.setdefault(d.person.id, []).append(d)
    return [
        Digest(ds[0].person, KIND_BY_ROLE[ds[0].person.role], tuple(ds))
        for ds in sorted(grouped.values(), key=lambda ds: ds[0].person.key)
    ]
