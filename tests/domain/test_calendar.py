"""Working days and time zones: hand-checked 2025 dates around Nyepi and Idul Fitri, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_actions.domain.calendar import KIND_JOINT, KIND_LOCAL, KIND_PUBLIC, WorkCalendar, local_today, to_zone

CAL = WorkCalendar()
HARI_JADI = date(2025, 6, 20)  # a Friday: Hari Jadi Kota Mojokerto, a local holiday in the sample plan
SABTU_KERJA = date(2025, 4, 5)  # a Saturday in the Lebaran week, declared a working day by circular


def test_2025_idul_fitri_public_days_and_joint_leave():
    days = CAL.holidays(2025)
    # SKB 3 Menteri 2025: Idul Fitri 1446 H is Mon 31 Mar + Tue 1 Apr, cuti bersama 2, 3, 4 and 7 Apr
    assert days[date(2025, 3, 31)] == ("Hari Raya Idul Fitri", KIND_PUBLIC)
    assert days[date(2025, 4, 1)][1] == KIND_PUBLIC
    for d in (2, 3, 4, 7):
        assert days[date(2025, 4, d)] == ("Cuti Bersama Hari Raya Idul Fitri", KIND_JOINT)
    assert date(2025, 4, 8) not in days  # the Tuesday offices reopen
    assert list(days) == sorted(days)  # sorted by date
    assert not CAL.is_working_day(date(2025, 4, 3))


def test_local_holiday_joins_the_year_and_stops_work():
    cal = WorkCalendar(local_holidays={HARI_JADI: "Hari Jadi Kota Mojokerto"})
    assert cal.holidays(2025)[HARI_JADI] == ("Hari Jadi Kota Mojokerto", KIND_LOCAL)
    assert HARI_JADI not in cal.holidays(2026)  # only the year it falls in
    assert not cal.is_working_day(HARI_JADI)
    assert CAL.is_working_day(HARI_JADI)  # an ordinary Friday without the local holiday


def test_holidays_returns_a_copy():
    CAL.holidays(2025).clear()  # a caller mutating the result must not empty the cache
    assert date(2025, 3, 31) in CAL.holidays(2025)


def test_weekends_are_not_working_days():
    assert not CAL.is_working_day(date(2025, 7, 5))  # Saturday
    assert not CAL.is_working_day(date(2025, 7, 6))  # Sunday
    assert CAL.is_working_day(date(2025, 7, 7))  # Monday, no holiday


def test_extra_working_day_wins_over_weekend_and_holiday():
    cal = WorkCalendar(extra_working_days=[SABTU_KERJA, date(2025, 4, 7)])  # Sat, and a cuti bersama Monday
    assert cal.is_working_day(SABTU_KERJA)
    assert cal.is_working_day(date(2025, 4, 7))
    assert not cal.is_working_day(date(2025, 4, 6))  # the Sunday in between stays off


def test_adjust_walks_through_nyepi_and_lebaran():
    # back from Thu 3 Apr: 2 Apr cuti, 1 Apr + 31 Mar Idul Fitri, 30 Mar Sun, 29 Mar Sat (Nyepi),
    # 28 Mar cuti bersama Nyepi -> Thu 27 Mar is the first working day
    assert CAL.adjust(date(2025, 4, 3)) == date(2025, 3, 27)
    assert CAL.adjust(date(2025, 4, 3), "previous") == date(2025, 3, 27)
    # forward: 4 Apr cuti, 5-6 Apr weekend, 7 Apr cuti -> Tue 8 Apr
    assert CAL.adjust(date(2025, 4, 3), "next") == date(2025, 4, 8)
    assert CAL.adjust(date(2025, 4, 8), "previous") == date(2025, 4, 8)  # already a working day


def test_adjust_next_stops_at_an_extra_working_day():
    cal = WorkCalendar(extra_working_days=[SABTU_KERJA])
    assert cal.adjust(date(2025, 4, 3), "next") == SABTU_KERJA  # Sat 5 Apr now comes before Tue 8 Apr


def test_working_days_between_across_lebaran_week():
    # (Thu 27 Mar, Tue 8 Apr]: 28 Mar .. 7 Apr are all holidays or weekend; only 8 Apr counts
    assert CAL.working_days_between(date(2025, 3, 27), date(2025, 4, 8)) == 1
    # (Mon 24 Mar, Fri 11 Apr]: 25, 26, 27 Mar and 8, 9, 10, 11 Apr
    assert CAL.working_days_between(date(2025, 3, 24), date(2025, 4, 11)) == 7
    cal = WorkCalendar(extra_working_days=[SABTU_KERJA])
    assert cal.working_days_between(date(2025, 3, 24), date(2025, 4, 11)) == 8  # plus Sat 5 Apr
    assert CAL.working_days_between(date(2025, 4, 8), date(2025, 4, 8)) == 0  # empty interval
    assert CAL.working_days_between(date(2025, 4, 9), date(2025, 4, 8)) == 0  # end before start


def test_add_working_days_across_lebaran_week():
    assert CAL.add_working_days(date(2025, 3, 27), 0) == date(2025, 3, 27)
    assert CAL.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 8)  # skips 28 Mar .. 7 Apr
    assert CAL.add_working_days(date(2025, 3, 26), 2) == date(2025, 4, 8)  # 27 Mar, then 8 Apr
    assert CAL.add_working_days(date(2025, 3, 29), 3) == date(2025, 4, 10)  # from Nyepi: 8, 9, 10 Apr
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 3, 27), -1)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        ("WIT", "Asia/Jayapura"),
        ("Asia/Pontianak", "Asia/Pontianak"),  # an IANA name passes through (Kalimantan Barat is WIB)
    ],
)
def test_to_zone_aliases_and_iana_names(name, key):
    assert to_zone(name).key == key


@pytest.mark.parametrize("name", ["WITB", "Mars/Olympus", "", "../etc/passwd"])
def test_to_zone_rejects_unknown_names(name):
    with pytest.raises(ValueError, match="WIB, WITA, WIT"):
        to_zone(name)


def test_local_today_crosses_midnight_east_of_utc():
    now = datetime(2025, 3, 31, 17, 30, tzinfo=UTC)
    assert local_today(now, "WIB") == date(2025, 4, 1)  # 00:30 in Jakarta (UTC+7)
    assert local_today(now, "WITA") == date(2025, 4, 1)  # 01:30 in Makassar (UTC+8)
    assert local_today(now, "UTC") == date(2025, 3, 31)
    assert local_today(datetime(2025, 3, 31, 16, 59, tzinfo=UTC), "WIB") == date(2025, 3, 31)  # 23:59


def test_local_today_rejects_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        local_today(datetime(2025, 3, 31, 17, 30), "WIB")


# ---------------------------------------------------------------- properties against day-by-day counting

EXTRA_CAL = WorkCalendar(
    local_holidays={HARI_JADI: "Hari Jadi Kota Mojokerto", date(2026, 6, 19): "Hari Jadi (geser)"},
    extra_working_days=[SABTU_KERJA, date(2025, 4, 7), date(2026, 3, 21)],  # Sat, cuti Mon, Idul Fitri Sat
)
DAYS = st.dates(min_value=date(2024, 10, 1), max_value=date(2027, 3, 31))


@settings(max_examples=150, deadline=None)
@given(start=DAYS, length=st.integers(min_value=-5, max_value=400), cal=st.sampled_from([CAL, EXTRA_CAL]))
def test_working_days_between_matches_day_by_day_count(start, length, cal):
    end = start + timedelta(days=length)
    brute = sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, length + 1))
    assert cal.working_days_between(start, end) == brute


@settings(max_examples=150, deadline=None)
@given(start=DAYS, n=st.integers(min_value=0, max_value=60), cal=st.sampled_from([CAL, EXTRA_CAL]))
def test_add_working_days_inverts_working_days_between(start, n, cal):
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    if n:  # end is the first day reaching n: a working day, one more than the day before it
        assert cal.is_working_day(end)
        assert cal.working_days_between(start, end - timedelta(days=1)) == n - 1
