"""Recurrence rules -> dues: hand-checked 2025-2028 dates, validation through the plan loader, properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from spbe_actions.adapters import config
from spbe_actions.domain.calendar import WorkCalendar
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.recurrence import Due, Recurrence, dues, expiry
from tests.conftest import SAMPLE_PLAN
from tests.support.plans import small_plan

CAL = WorkCalendar()
RULE = TypeAdapter(Recurrence)
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


def rule(**fields):
    return RULE.validate_python(fields)


def scheduled(r, since, until, **kw) -> dict[str, date]:
    return {d.period: d.scheduled_due for d in dues(r, since, until, CAL, **kw)}


def test_quarterly_ten_days_after_each_triwulan():
    r = rule(kind="quarterly", days_after_quarter_end=10, window_days=20)
    got = dues(r, date(2025, 1, 11), date(2026, 1, 31), CAL)
    assert [d.period for d in got] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert got[0] == Due("2025-Q1", date(2025, 4, 10), date(2025, 4, 10), date(2025, 3, 21))  # Thu, no holiday
    assert got[1].scheduled_due == date(2025, 7, 10)  # Thursday
    assert got[2].scheduled_due == date(2025, 10, 10)  # Friday
    # Q4 2025 is reported on 31 Dec + 10 = Sat 10 Jan 2026; the default policy "previous" moves it to
    # Fri 9 Jan (no holiday that week: Tahun Baru is Thu 1 Jan, Isra Mikraj Fri 16 Jan). "next" gives Mon 12 Jan.
    assert got[3] == Due("2025-Q4", date(2026, 1, 10), date(2026, 1, 9), date(2025, 12, 20))
    later = rule(kind="quarterly", days_after_quarter_end=10, working_day="next")
    assert scheduled(later, date(2026, 1, 1), date(2026, 1, 31)) == {"2025-Q4": date(2026, 1, 12)}


def test_selection_is_on_the_scheduled_date_not_the_nominal_one():
    r = rule(kind="quarterly", days_after_quarter_end=10)
    # nominal Sat 10 Jan 2026 lies outside [1 Jan, 9 Jan] but its scheduled Fri 9 Jan lies inside
    assert scheduled(r, date(2026, 1, 1), date(2026, 1, 9)) == {"2025-Q4": date(2026, 1, 9)}
    # and the other way round: nominal 10 Jan is inside [10 Jan, 31 Jan], its scheduled 9 Jan is not
    assert scheduled(r, date(2026, 1, 10), date(2026, 1, 31)) == {}


def test_monthly_day_31_clamps_to_the_months_end():
    got = scheduled(rule(kind="monthly", day=31), *YEAR_2025)
    assert len(got) == 12
    assert got["2025-02"] == date(2025, 2, 28)  # Friday, 2025 is not a leap year
    assert got["2025-04"] == date(2025, 4, 30)  # April has 30 days; a Wednesday
    assert got["2025-03"] == date(2025, 3, 27)  # Mon 31 Mar is Idul Fitri; back past Nyepi to Thu 27 Mar
    assert got["2025-08"] == date(2025, 8, 29)  # 31 Aug is a Sunday -> Fri 29 Aug
    nominals = {d.period: d.nominal for d in dues(rule(kind="monthly", day=31), *YEAR_2025, CAL)}
    assert nominals["2025-02"] == date(2025, 2, 28) and nominals["2025-03"] == date(2025, 3, 31)


def test_monthly_every_three_months_is_anchored_on_january():
    # (year*12 + month - 1) % 3 == 0 picks Jan, Apr, Jul, Oct every year
    got = scheduled(rule(kind="monthly", day=31, every=3), *YEAR_2025)
    assert got == {
        "2025-01": date(2025, 1, 31),  # Friday
        "2025-04": date(2025, 4, 30),  # Wednesday
        "2025-07": date(2025, 7, 31),  # Thursday
        "2025-10": date(2025, 10, 31),  # Friday
    }


def test_yearly_feb_29_in_a_common_and_a_leap_year():
    got = dues(rule(kind="yearly", month=2, day=29), date(2027, 1, 1), date(2028, 12, 31), CAL)
    # 2027: Feb 29 does not exist -> nominal Sun 28 Feb -> Fri 26 Feb
    assert got[0] == Due("2027", date(2027, 2, 28), date(2027, 2, 26), date(2027, 1, 27))
    # 2028 is a leap year: Tue 29 Feb, a working day (the estimated Idul Fitri is 27-28 Feb)
    assert got[1] == Due("2028", date(2028, 2, 29), date(2028, 2, 29), date(2028, 1, 30))


def test_a_due_on_lebaran_moves_to_the_working_day_before_or_after():
    # 1 Apr 2025 is the second day of Idul Fitri
    assert scheduled(rule(kind="yearly", month=4, day=1), *YEAR_2025) == {"2025": date(2025, 3, 27)}
    assert scheduled(rule(kind="yearly", month=4, day=1, working_day="next"), *YEAR_2025) == {
        "2025": date(2025, 4, 8)  # 2-4 Apr cuti, 5-6 weekend, 7 Apr cuti
    }
    # 3 Apr 2025 is cuti bersama: the monthly report of the 3rd moves the same way
    assert scheduled(rule(kind="monthly", day=3), date(2025, 3, 20), date(2025, 4, 30)) == {
        "2025-04": date(2025, 3, 27)
    }
    assert scheduled(rule(kind="monthly", day=3, working_day="next"), date(2025, 3, 20), date(2025, 4, 30)) == {
        "2025-04": date(2025, 4, 8)
    }


def test_biennial_audit_every_two_years_from_2025():
    r = rule(kind="every_n_years", every=2, start_year=2025, month=11, day=20)
    got = scheduled(r, date(2023, 1, 1), date(2028, 12, 31))
    # 2023 is before start_year; 2026 and 2028 are off-years; 20 Nov 2027 is a Saturday -> Fri 19 Nov
    assert got == {"2025": date(2025, 11, 20), "2027": date(2027, 11, 19)}


def test_expiry_is_the_same_day_later():
    assert expiry(date(2023, 11, 20), 2) == date(2025, 11, 20)
    assert expiry(date(2024, 2, 29), 1) == date(2025, 2, 28)  # 2025 has no Feb 29
    assert expiry(date(2024, 2, 29), 4) == date(2028, 2, 29)  # 2028 does


def test_before_evidence_expiry_keeps_work_until_the_evidence_expires():
    r = rule(kind="before_evidence_expiry", evidence="audit-infra-2023", days_before=90, window_days=60)
    expires = {"audit-infra-2023": expiry(date(2023, 11, 20), 2)}  # 20 Nov 2025
    # 20 Nov 2025 - 90 days = Fri 22 Aug 2025 (10 days of Nov, 31 of Oct, 30 of Sep, 19 of Aug)
    due = Due("exp-2025-11-20", date(2025, 8, 22), date(2025, 8, 22), date(2025, 6, 23))
    assert dues(r, *YEAR_2025, CAL, expires) == [due]
    # the due date has passed on 1 Oct but the evidence is valid until 20 Nov: still work to do
    assert dues(r, date(2025, 10, 1), date(2025, 12, 31), CAL, expires) == [due]
    assert dues(r, date(2025, 11, 20), date(2025, 12, 31), CAL, expires) == [due]  # the last day
    # from 21 Nov the evidence has expired: nothing left to schedule for it
    assert dues(r, date(2025, 11, 21), date(2025, 12, 31), CAL, expires) == []
    # a range that ends before the due date does not include it yet
    assert dues(r, date(2025, 1, 1), date(2025, 8, 21), CAL, expires) == []
    assert dues(r, *YEAR_2025, CAL, {}) == [] and dues(r, *YEAR_2025, CAL) == []  # unknown expiry


def test_rrule_every_second_month_on_the_15th():
    r = rule(kind="rrule", rrule="DTSTART:20250101T000000\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15")
    got = scheduled(r, date(2024, 1, 1), date(2025, 12, 31))  # nothing before DTSTART
    assert got == {
        "2025-01-15": date(2025, 1, 15),  # Wednesday
        "2025-03-15": date(2025, 3, 14),  # Saturday -> Friday
        "2025-05-15": date(2025, 5, 15),  # Thursday (Waisak was 12 May, its cuti bersama 13 May)
        "2025-07-15": date(2025, 7, 15),  # Tuesday
        "2025-09-15": date(2025, 9, 15),  # Monday
        "2025-11-15": date(2025, 11, 14),  # Saturday -> Friday
    }


def test_rrule_with_a_time_zone_uses_the_local_date():
    # 20:00 UTC on the 14th is already 05:00 on the 15th in Jayapura (WIT, UTC+9): the date part is local
    text = "DTSTART;TZID=Asia/Jayapura:20250114T050000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=5;COUNT=2"
    assert [d.nominal for d in dues(rule(kind="rrule", rrule=text), *YEAR_2025, CAL)] == [
        date(2025, 1, 15),
        date(2025, 2, 15),  # COUNT=2 stops here
    ]


def test_rrule_firing_twice_a_day_gives_one_due_per_date():
    text = "DTSTART:20250106T080000\nRRULE:FREQ=DAILY;BYHOUR=8,14;COUNT=4"  # Mon 6 and Tue 7 Jan, twice each
    assert [d.period for d in dues(rule(kind="rrule", rrule=text), *YEAR_2025, CAL)] == [
        "2025-01-06",
        "2025-01-07",
    ]


def test_empty_and_reversed_ranges():
    r = rule(kind="monthly", day=10)
    assert dues(r, date(2025, 6, 11), date(2025, 6, 10), CAL) == []
    assert scheduled(r, date(2025, 6, 10), date(2025, 6, 10)) == {"2025-06": date(2025, 6, 10)}  # a Tuesday


def test_every_rule_of_the_sample_plan_gives_working_day_dues():
    plan, _ = config.plan(SAMPLE_PLAN)
    cal = WorkCalendar(
        {h.date: h.name for h in plan.calendar.local_holidays}, [d.date for d in plan.calendar.extra_working_days]
    )
    expires = {e.id: expiry(e.effective, e.valid_years) for e in plan.evidence}
    for action in plan.actions:
        got = dues(action.recurrence, date(2025, 1, 1), date(2027, 12, 31), cal, expires)
        assert got, action.id  # every action has work within three years (reviews come every two)
        assert all(cal.is_working_day(d.scheduled_due) for d in got), action.id


# ---------------------------------------------------------------- validation through the real plan loader


def problems_for(plan_file, recurrence: dict) -> dict[str, str]:
    data = small_plan()
    data["actions"][0]["recurrence"] = recurrence
    with pytest.raises(InputError) as info:
        config.plan(plan_file(data))
    problems = info.value.problems
    assert len(problems) == 1, problems  # one mistake, one problem (no duplicate from the plan checks)
    return {p.path: p.message for p in problems}


def rrule_text(rrule_line: str) -> dict:
    return {"kind": "rrule", "rrule": f"DTSTART:20250101T000000\nRRULE:{rrule_line}"}


@pytest.mark.parametrize(
    ("recurrence", "path", "words"),
    [
        ({"kind": "monthly", "day": 5, "every": 0}, "every", "minimal 1"),  # every 0 months
        (rrule_text("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), "rrule", "tidak pernah terjadi"),
        (
            rrule_text("FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29"),
            "rrule",
            "tidak pernah terjadi",
        ),  # odd years
        ({"kind": "rrule", "rrule": "FREQ=MONTHLY;BYMONTHDAY=15"}, "rrule", "DTSTART"),
        ({"kind": "rrule", "rrule": "RRULE:FREQ=MONTHLY;DTSTART=20250101"}, "rrule", "DTSTART"),
        (rrule_text("FREQ=MONTHLY;INTERVAL=0"), "rrule", "INTERVAL"),  # dateutil would loop forever
        (rrule_text("FREQ=HOURLY"), "rrule", "DAILY, WEEKLY"),
        (rrule_text("FREQ=MONTHLY;COUNT=3;UNTIL=20260101T000000"), "rrule", "COUNT dan UNTIL"),
        (rrule_text("FREQ=FORTNIGHTLY"), "rrule", "RRULE tidak sah"),
        (rrule_text("FREQ=MONTHLY;BYDAY=+9MO"), "rrule", "RRULE tidak sah"),  # an IndexError inside dateutil
        ({"kind": "monthly", "day": 5, "timezone": "Mars/Olympus"}, "timezone", "WIB, WITA, WIT"),
        ({"kind": "yearly", "month": 2, "day": 30}, "day", "Februari tidak punya tanggal 30"),
        ({"kind": "every_n_years", "every": 2, "start_year": 2025, "month": 4, "day": 31}, "day", "April"),
    ],
)
def test_bad_rules_are_located_problems(plan_file, recurrence, path, words):
    problems = problems_for(plan_file, recurrence)
    assert list(problems) == [f"actions[0].recurrence.{path}"]
    assert words in problems[f"actions[0].recurrence.{path}"]


@pytest.mark.parametrize(
    "recurrence",
    [
        {"kind": "yearly", "month": 2, "day": 29},  # exists in leap years; clamped otherwise
        {"kind": "every_n_years", "every": 2, "start_year": 2025, "month": 4, "day": 30},
        {"kind": "rrule", "rrule": "dtstart:20250101t000000 rrule:freq=weekly;byday=mo"},  # one line, any case
        {"kind": "monthly", "day": 31, "timezone": "WITA"},
    ],
)
def test_good_rules_load(plan_file, recurrence):
    data = small_plan()
    data["actions"][0]["recurrence"] = recurrence
    plan, _ = config.plan(plan_file(data))
    assert plan.actions[0].recurrence.kind == recurrence["kind"]


# ---------------------------------------------------------------- properties of monthly and quarterly dues

MONTHLY = st.builds(
    dict,
    kind=st.just("monthly"),
    day=st.integers(1, 31),
    every=st.integers(1, 12),
    working_day=st.sampled_from(["previous", "next"]),
    window_days=st.integers(0, 366),
)
QUARTERLY = st.builds(
    dict,
    kind=st.just("quarterly"),
    days_after_quarter_end=st.integers(0, 90),
    working_day=st.sampled_from(["previous", "next"]),
    window_days=st.integers(0, 366),
)
PROP_CAL = WorkCalendar({date(2025, 6, 20): "Hari Jadi"}, [date(2025, 4, 5)])  # a local holiday, a work Saturday


@settings(max_examples=200, deadline=None)
@given(
    fields=st.one_of(MONTHLY, QUARTERLY),
    a=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    lengths=st.tuples(st.integers(0, 500), st.integers(0, 500)),
)
def test_dues_are_working_days_in_range_and_split_cleanly(fields, a, lengths):
    r = rule(**fields)
    b, c = a + timedelta(days=lengths[0]), a + timedelta(days=lengths[0] + lengths[1])
    whole = dues(r, a, c, PROP_CAL)
    for d in whole:
        assert PROP_CAL.is_working_day(d.scheduled_due)
        assert a <= d.scheduled_due <= c
        assert d.window_opens == d.scheduled_due - timedelta(days=r.window_days) <= d.scheduled_due
        assert d.scheduled_due == PROP_CAL.adjust(d.nominal, r.working_day)
    assert len({d.period for d in whole}) == len(whole)
    assert whole == dues(r, a, b, PROP_CAL) + dues(r, b + timedelta(days=1), c, PROP_CAL)
