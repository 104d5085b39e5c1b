"""``next_step_on``: the day the sweep must look at an item again. Never later than the first day a step appears
that the item does not have today (else a reminder would be missed); on the rungs of the ladder exactly."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_actions.domain.calendar import WorkCalendar
from spbe_actions.domain.plan import EscalationStep, Ladder, ReminderPolicy
from spbe_actions.domain.reminder_policy import Item, next_step_on, step_for

CAL = WorkCalendar()
DUE = dt.date(2025, 3, 26)  # Wed, before Nyepi and Idul Fitri: 27 Mar = 1 working day late, 8 Apr = 2, 9 Apr = 3
POLICY = ReminderPolicy()  # H-14, H-7, H-1, H; L every 3 working days up to L5; E3, E7, E14; pause 3 days


def item(due: dt.date = DUE, status: str = "open", grace: int = 0, seen: dt.date | None = None) -> Item:
    return Item(1, 1, "OPD", "policy", "medium", "Reviu", "2025", due, status, grace, Fraction(1), (), seen)


def test_before_the_due_date_the_next_rung():
    assert next_step_on(item(), POLICY, CAL, DUE - dt.timedelta(days=20)) == DUE - dt.timedelta(days=14)
    assert next_step_on(item(), POLICY, CAL, DUE - dt.timedelta(days=14)) == DUE - dt.timedelta(days=7)
    assert next_step_on(item(), POLICY, CAL, DUE - dt.timedelta(days=1)) == DUE


def test_after_the_due_date_working_days_across_the_holidays():
    assert next_step_on(item(), POLICY, CAL, DUE) == dt.date(2025, 4, 9)  # L1 and E3 at 3 working days late
    assert next_step_on(item(), POLICY, CAL, dt.date(2025, 4, 16)) == dt.date(2025, 4, 17)  # 8 -> 9 (L3)
    assert next_step_on(item(grace=2), POLICY, CAL, dt.date(2025, 4, 9)) == dt.date(2025, 4, 11)  # E3 at 5


def test_a_pause_ends_on_its_day_and_capped_work_never_changes():
    seen = item(seen=dt.date(2025, 4, 14))  # L2 at 6 working days (14 Apr) paused until 17 Apr
    assert next_step_on(seen, POLICY, CAL, dt.date(2025, 4, 15)) == dt.date(2025, 4, 17)
    capped = ReminderPolicy(
        ladder=Ladder(late_max=2), escalation=[EscalationStep(after_working_days=3, notify=["head"])]
    )
    assert next_step_on(item(), capped, CAL, dt.date(2025, 5, 2)) is None  # 18 working days late: L2, E3 for good
    assert next_step_on(item(status="submitted"), POLICY, CAL, DUE) is None


def labels(it: Item, policy: ReminderPolicy, day: dt.date) -> set[str]:
    return {s for s, _ in step_for(it, policy, CAL, day)}


@settings(max_examples=150, deadline=None)
@given(
    before=st.lists(st.integers(1, 30), max_size=4, unique=True),
    on_due=st.booleans(),
    every=st.integers(1, 5),
    late_max=st.integers(0, 6),
    pause=st.integers(0, 5),
    escalation=st.lists(st.integers(1, 20), max_size=3, unique=True),
    grace=st.integers(0, 5),
    due_offset=st.integers(-45, 45),
    seen_offset=st.one_of(st.none(), st.integers(-6, 0)),
    start=st.dates(dt.date(2025, 3, 1), dt.date(2025, 12, 31)),
)
def test_no_new_step_appears_before_the_date(
    before, on_due, every, late_max, pause, escalation, grace, due_offset, seen_offset, start
):
    ladder = Ladder(
        before_days=before, on_due=on_due, late_every_working_days=every, late_max=late_max,
        pause_after_seen_days=pause,
    )  # fmt: skip
    policy = ReminderPolicy(
        ladder=ladder,
        escalation=[EscalationStep(after_working_days=a, notify=["focal_point"]) for a in escalation],
    )
    seen = None if seen_offset is None else start + dt.timedelta(days=seen_offset)
    it = item(due=start + dt.timedelta(days=due_offset), grace=grace, seen=seen)
    nxt = next_step_on(it, policy, CAL, start)
    assert nxt is None or nxt > start
    today = labels(it, policy, start)
    day = start + dt.timedelta(days=1)
    while day < (nxt or start + dt.timedelta(days=120)):
        assert labels(it, policy, day) <= today, (day, nxt)
        day += dt.timedelta(days=1)
