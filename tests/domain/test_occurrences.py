"""The pure occurrence diff: only untouched future rows are rewritten when the plan changes."""

from __future__ import annotations

import datetime as dt

from spbe_actions.domain.occurrences import Existing, Planned, diff, initial_status

D = dt.date
TODAY = D(2025, 5, 1)


def planned(period: str, due: D, opd: int = 1, action: int = 7) -> Planned:
    return Planned(action, opd, period, due, due - dt.timedelta(days=30))


def existing(period: str, due: D, status: str = "open", moved_to: D | None = None, opd: int = 1) -> Existing:
    return Existing(99, 7, opd, period, due, moved_to or due, due - dt.timedelta(days=30), status)


def test_new_periods_are_created_and_identical_ones_left_unchanged():
    ch = diff(
        [existing("2025-Q1", D(2025, 4, 10))],
        [planned("2025-Q1", D(2025, 4, 10)), planned("2025-Q2", D(2025, 7, 10))],
        D(2025, 4, 1),
        TODAY,
    )
    assert [p.period for p in ch.create] == ["2025-Q2"]
    assert ch.unchanged == 1 and not ch.move and not ch.remove and not ch.kept


def test_rule_change_moves_untouched_future_rows_only():
    rows = [
        existing("2025-Q2", D(2025, 7, 10)),  # untouched, future -> moved
        existing("2025-Q3", D(2025, 10, 10), status="submitted"),  # acted on -> left alone
        existing("2025-Q4", D(2026, 1, 12), moved_to=D(2026, 2, 1)),  # extended -> left alone
        existing("2025-Q1", D(2025, 4, 10)),  # past (before today) -> left alone
    ]
    plan = [
        planned("2025-Q1", D(2025, 4, 15)),
        planned("2025-Q2", D(2025, 7, 15)),
        planned("2025-Q3", D(2025, 10, 15)),
        planned("2025-Q4", D(2026, 1, 15)),
    ]
    ch = diff(rows, plan, D(2025, 4, 1), TODAY)
    assert [(e.period, p.scheduled_due) for e, p in ch.move] == [("2025-Q2", D(2025, 7, 15))]
    assert sorted(e.period for e, _ in ch.kept) == ["2025-Q1", "2025-Q3", "2025-Q4"]
    assert not ch.create and not ch.remove


def test_no_longer_planned_rows_are_removed_only_if_untouched_and_future():
    rows = [
        existing("2025-06", D(2025, 6, 5)),
        existing("2025-07", D(2025, 7, 5), status="verified"),
        existing("2025-04", D(2025, 4, 5)),
        existing("2025-03", D(2025, 3, 5)),
    ]
    ch = diff(rows, [], since=D(2025, 4, 1), today=TODAY)
    assert [e.period for e in ch.remove] == ["2025-06"]
    assert sorted(e.period for e, _ in ch.kept) == ["2025-04", "2025-07"]  # 2025-03 is before `since`: ignored


def test_a_new_owner_opd_gets_its_own_row():
    ch = diff(
        [existing("2025-Q2", D(2025, 7, 10), opd=1)],
        [planned("2025-Q2", D(2025, 7, 10), opd=1), planned("2025-Q2", D(2025, 7, 10), opd=2)],
        D(2025, 4, 1),
        TODAY,
    )
    assert [(p.opd_id, p.period) for p in ch.create] == [(2, "2025-Q2")]


def test_initial_status_follows_the_window():
    assert initial_status(D(2025, 5, 1), TODAY) == "open"
    assert initial_status(D(2025, 5, 2), TODAY) == "scheduled"
