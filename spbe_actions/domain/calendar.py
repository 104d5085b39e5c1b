"""Working days and time zones of an Indonesian instansi (pure).

National holidays (libur nasional) and joint leave days (cuti bersama) come from the ``holidays`` package;
the plan adds local holidays (libur daerah) and extra working days (a Saturday made a working day by a
circular wins over any holiday). Nothing here reads the clock: callers pass dates and ``now``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spbe_actions.domain.i18n import t

KIND_PUBLIC = "libur nasional"
KIND_JOINT = "cuti bersama"
KIND_LOCAL = "libur daerah"
KIND_KEYS = {KIND_PUBLIC: "cal_public", KIND_JOINT: "cal_joint", KIND_LOCAL: "cal_local"}  # their catalogue keys

# Day and month names for people (Python's strftime would follow the process locale).
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

_DAY = timedelta(days=1)
_MAX_SEARCH = 400  # days adjust() walks before giving up (a calendar without working days is a bug)


class WorkCalendar:
    """Working days of one instansi: Mon-Fri minus national, joint-leave and local holidays, plus extras."""

    def __init__(
        self, local_holidays: Mapping[date, str] | None = None, extra_working_days: Iterable[date] = ()
    ) -> None:
        self._local = dict(local_holidays or {})
        self._extra = frozenset(extra_working_days)
        self._years: dict[int, dict[date, tuple[str, str]]] = {}
        self._ords: dict[int, tuple[list[int], list[int]]] = {}
        self._nth: dict[tuple[date, int], date] = {}
        self._between: dict[tuple[date, date], int] = {}

    @property
    def extra_working_days(self) -> frozenset[date]:
        """Days worked although they are weekends or holidays (e.g. a Saturday make-up day)."""
        return self._extra

    def holidays(self, year: int) -> dict[date, tuple[str, str]]:
        """Every holiday of ``year``, sorted by date: date -> (Indonesian name, kind)."""
        return dict(self._year(year))

    def _year(self, year: int) -> dict[date, tuple[str, str]]:
        """The cached holidays of ``year``; on a date in several sources national beats joint beats local."""
        if year not in self._years:
            days: dict[date, tuple[str, str]] = {
                d: (n, KIND_LOCAL) for d, n in self._local.items() if d.year == year
            }
            days.update((d, (n, KIND_JOINT)) for d, n in _national(year, "government").items())
            days.update((d, (n, KIND_PUBLIC)) for d, n in _national(year, "public").items())
            self._years[year] = dict(sorted(days.items()))
        return self._years[year]

    def is_working_day(self, d: date) -> bool:
        """True for Mon-Fri that is no holiday of any kind, and for every extra working day."""
        return d in self._extra or (d.weekday() < 5 and d not in self._year(d.year))

    def adjust(self, d: date, policy: Literal["previous", "next"] = "previous") -> date:
        """``d`` if it is a working day, else the nearest working day before (previous) or after (next) it."""
        step = -_DAY if policy == "previous" else _DAY
        for _ in range(_MAX_SEARCH):
            if self.is_working_day(d):
                return d
            d += step
        raise ValueError(f"no working day within {_MAX_SEARCH} days ({policy})")

    def nth_working_day_after(self, start: date, n: int) -> date:
        """The day on which ``working_days_between(start, day)`` first reaches ``n`` (>= 1): the n-th working day
        after ``start`` (remembered: the sweep asks the same few questions for thousands of items)."""
        found = self._nth.get((start, n))
        if found is None:
            found, left = start, n
            for _ in range(_MAX_SEARCH + n * 7):
                found += _DAY
                left -= self.is_working_day(found)
                if left <= 0:
                    break
            else:
                raise ValueError(f"no {n} working days within {_MAX_SEARCH + n * 7} days")
            self._nth[start, n] = found
        return found

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in (start, end]; 0 when end <= start (remembered: the sweep asks it for
        thousands of items that share a few due dates and one today)."""
        if end <= start:
            return 0
        found = self._between.get((start, end))
        if found is None:
            found = self._between[start, end] = self._count(start, end)
        return found

    def _count(self, start: date, end: date) -> int:
        count = _weekdays_through(end) - _weekdays_through(start)
        lo, hi = start.toordinal(), end.toordinal()
        for year in range(start.year, end.year + 1):
            off, extra = self._ordinals(year)  # weekday holidays not worked; weekend days worked
            count -= bisect_right(off, hi) - bisect_right(off, lo)
            count += bisect_right(extra, hi) - bisect_right(extra, lo)
        return count

    def _ordinals(self, year: int) -> tuple[list[int], list[int]]:
        """Sorted ordinals of ``year``'s weekday holidays (not extra working days) and worked weekend days."""
        if year not in self._ords:
            off = sorted(h.toordinal() for h in self._year(year) if h.weekday() < 5 and h not in self._extra)
            extra = sorted(x.toordinal() for x in self._extra if x.year == year and x.weekday() >= 5)
            self._ords[year] = (off, extra)
        return self._ords[year]

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (n >= 0); ``d`` itself when n == 0."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        while n:
            d += _DAY
            if self.is_working_day(d):
                n -= 1
        return d


@lru_cache(maxsize=64)
def _national(year: int, category: str, language: str = "id") -> dict[date, str]:
    """National holidays of one ``holidays`` category for ``year``, named in Indonesian (or ``en_US``; computed
    once per process: the ``holidays`` package takes milliseconds a year, and every instansi's calendar asks)."""
    import holidays as holidays_lib  # imported on first use: commands that need no calendar start faster

    return dict(holidays_lib.Indonesia(years=year, categories=(category,), language=language))


def holiday_label(day: date, name: str, kind: str, language: str) -> tuple[str, str]:
    """A holiday's name and kind as people read them in ``language`` (a local holiday keeps the plan's name)."""
    if language == "en" and kind != KIND_LOCAL:
        name = _national(day.year, "public" if kind == KIND_PUBLIC else "government", "en_US").get(day, name)
    return name, t(KIND_KEYS[kind]) if kind in KIND_KEYS else kind


def _weekdays_through(d: date) -> int:
    """How many Mon-Fri lie in [0001-01-01, d] (day 1 of the proleptic calendar is a Monday)."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def to_zone(name: str) -> ZoneInfo:
    """WIB / WITA / WIT (any case) or an IANA name -> its ZoneInfo; ValueError naming the choices otherwise."""
    key = ZONE_ALIASES.get(name.upper(), name)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(t("pl_tz", value=name)) from None


def local_today(now: datetime, zone: str) -> date:
    """The date on the wall calendar of ``zone`` at the aware instant ``now``; ValueError for a naive one."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(to_zone(zone)).date()


def tanggal(value: date, language: str = "id") -> str:
    """A date for people: 'Kamis, 10 April 2025' (or 'Thursday, 10 April 2025'); never the process locale."""
    if language == "en":
        return f"{DAYS_EN[value.weekday()]}, {value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{HARI[value.weekday()]}, {value.day} {BULAN[value.month - 1]} {value.year}"


def local_time(at: datetime, zone: str) -> str:
    """An instant on the instansi's wall clock ('2025-01-06 08:00 WIB'); a naive one is UTC (SQLite's)."""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(to_zone(zone)).strftime("%Y-%m-%d %H:%M %Z").strip()


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 instant with its offset ('2025-01-06T08:00+07:00'); None when malformed or naive."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo is not None and value.utcoffset() is not None else None
