"""Recurrence rules of the plan (pure): how often an action's work comes due, and the dues they produce.

Friendly kinds cover the SPBE cadences (monthly, quarterly reports after each Triwulan, yearly, every N
years for biennial audits, N days before a piece of evidence turns stale) and ``rrule`` takes any
RFC 5545 rule. Every rule carries its time zone (default: the instansi's) and a working-day policy.
``dues`` turns a rule into the dated occurrences of a range; it works on calendar dates only.
"""

from __future__ import annotations

import calendar as gregorian
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Annotated, Literal

from dateutil.rrule import rrulebase, rrulestr
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from spbe_actions.domain.calendar import BULAN, MONTHS_EN, WorkCalendar
from spbe_actions.domain.i18n import lang, t

_DAY = timedelta(days=1)
_RRULE_EXAMPLE = '"DTSTART:20250101T000000\\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15"'
_SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")


def _day_in_month(day: int, info: ValidationInfo) -> int:
    """The day must exist in the rule's month of a leap year: Feb 29 is fine, Feb 30 and Apr 31 are not."""
    month = info.data.get("month")
    if isinstance(month, int):  # otherwise the month is itself invalid, and any day up to 31 may pass
        last = gregorian.monthrange(2024, month)[1]  # 2024: a leap year
        if day > last:
            month_name = (MONTHS_EN if lang() == "en" else BULAN)[month - 1]
            raise ValueError(t("rr_day", month=month_name, day=day, last=last))
    return day


MonthDay = Annotated[int, Field(ge=1, le=31), AfterValidator(_day_in_month)]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str | None = None  # None: the instansi's zone (validated by the plan)
    working_day: Literal["previous", "next"] = "previous"
    window_days: int = Field(default=30, ge=0, le=366)  # the occurrence opens this many days before due


class Monthly(_Rule):
    kind: Literal["monthly"]
    day: int = Field(ge=1, le=31)  # clamped to the month's last day
    every: int = Field(default=1, ge=1, le=12)


class Quarterly(_Rule):
    kind: Literal["quarterly"]
    days_after_quarter_end: int = Field(default=10, ge=0, le=90)


class Yearly(_Rule):
    kind: Literal["yearly"]
    month: int = Field(ge=1, le=12)
    day: MonthDay  # Feb 29 falls on Feb 28 in a non-leap year


class EveryNYears(_Rule):
    kind: Literal["every_n_years"]
    every: int = Field(ge=1, le=10)
    start_year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    day: MonthDay


class BeforeEvidenceExpiry(_Rule):
    kind: Literal["before_evidence_expiry"]
    evidence: str
    days_before: int = Field(ge=1, le=730)


def _check_rrule(value: str) -> str:
    """An RFC 5545 rule with DTSTART, at most daily, that fires at least once; errors speak Indonesian."""
    if not re.search(r"(^|\s)DTSTART[:;]", value.upper()):
        raise ValueError(t("rr_dtstart", example=_RRULE_EXAMPLE))
    for params in _rule_params(value.upper()):
        _check_params(params)
    if _first(_parse(value)) is None:
        raise ValueError(t("rr_never"))
    return value


def _rule_params(text: str) -> Iterator[dict[str, str]]:
    """The NAME=VALUE parameters of every RRULE/EXRULE line of an upper-cased rule text."""
    for token in text.split():
        name, sep, body = token.partition(":")
        if name in ("RRULE", "EXRULE") or (not sep and "FREQ=" in token):
            yield dict(part.partition("=")[::2] for part in (body if sep else name).split(";"))


def _check_params(params: dict[str, str]) -> None:
    """Reject what dateutil accepts but cannot serve: sub-daily rules, INTERVAL < 1 (it loops), COUNT+UNTIL."""
    if params.get("FREQ") in _SUB_DAILY:
        raise ValueError(t("rr_sub_daily", freq=params["FREQ"]))
    interval = params.get("INTERVAL", "1")
    if not re.fullmatch(r"[0-9]+", interval) or int(interval) < 1:
        raise ValueError(t("rr_interval", value=repr(interval)))
    if "COUNT" in params and "UNTIL" in params:
        raise ValueError(t("rr_count_until"))


@lru_cache(maxsize=256)
def _parse(value: str) -> rrulebase:
    """The parsed rule set (memoised: a plan asks for the same rule many times)."""
    try:
        return rrulestr(value, forceset=True)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
        raise ValueError(t("rr_invalid", reason=exc)) from None


def _first(rule: rrulebase) -> datetime | None:
    """The first occurrence (at or after DTSTART), None when the rule never fires."""
    try:
        return next(iter(rule), None)
    except (ValueError, IndexError, OverflowError) as exc:
        raise ValueError(t("rr_invalid", reason=exc)) from None


def last_before(value: str, day: date) -> date | None:
    """None when the rule still fires on or after ``day``; else the date it last fired (a rule whose UNTIL or
    COUNT is spent before ``day`` will never create work again)."""
    rule = _parse(value)
    first = _first(rule)
    if first is None:
        return None
    start = datetime.combine(day, time.min, tzinfo=first.tzinfo)
    if rule.after(start, inc=True) is not None:
        return None
    last = rule.before(start)
    return last.date() if last is not None else None


class RRule(_Rule):
    kind: Literal["rrule"]
    rrule: Annotated[str, AfterValidator(_check_rrule)]


AnyRule = Monthly | Quarterly | Yearly | EveryNYears | BeforeEvidenceExpiry | RRule
Recurrence = Annotated[AnyRule, Field(discriminator="kind")]


@dataclass(frozen=True)
class Due:
    """One occurrence of a rule: its period label, the date the rule names, and when it is actually due."""

    period: str  # unique per rule: "2025-04", "2025-Q1", "2025", "exp-2027-08-15", "2025-03-15"
    nominal: date  # the date the rule names, before the working-day policy
    scheduled_due: date  # nominal moved to a working day by the rule's working_day policy
    window_opens: date  # scheduled_due - window_days (calendar days)


def expiry(effective: date, valid_years: int) -> date:
    """The same day ``valid_years`` later; Feb 29 becomes Feb 28 in a non-leap year."""
    return _clamped(effective.year + valid_years, effective.month, effective.day)


def dues(
    rule: AnyRule,
    since: date,
    until: date,
    cal: WorkCalendar,
    evidence_expiry: Mapping[str, date] | None = None,
) -> list[Due]:
    """Every occurrence of ``rule`` with since <= scheduled_due <= until, sorted by scheduled_due.

    monthly: day clamped to the month's end; ``every`` N picks the months with (year*12 + month-1) % N == 0
    (every 3: Jan, Apr, Jul, Oct). quarterly: the quarter's last day + N days, labelled with the quarter
    reported on. yearly / every_n_years: years start_year + k*every. rrule: the date part of each
    occurrence. before_evidence_expiry: expiry - days_before, kept while expiry >= since even when the due
    date has passed (scheduled_due <= until still applies); an evidence missing from ``evidence_expiry``
    gives no due.
    """
    if isinstance(rule, BeforeEvidenceExpiry):
        return _expiry_dues(rule, since, until, cal, evidence_expiry or {})
    if until < since:
        return []
    lo, hi = _nominal_range(cal, rule.working_day, since, until)
    found = [
        _due(rule, period, nominal, cal) for period, nominal in _nominals(rule, lo, hi) if lo <= nominal <= hi
    ]
    return sorted(found, key=lambda d: (d.scheduled_due, d.nominal))


def _nominal_range(cal: WorkCalendar, policy: str, since: date, until: date) -> tuple[date, date]:
    """The nominal dates the policy moves into [since, until]: an interval, since adjust() is monotonic."""
    if policy == "previous":
        return cal.adjust(since, "next"), cal.add_working_days(until, 1) - _DAY
    return cal.adjust(since - _DAY, "previous") + _DAY, cal.adjust(until, "previous")


def _nominals(rule: AnyRule, lo: date, hi: date) -> Iterator[tuple[str, date]]:
    """(period, nominal) candidates covering [lo, hi]; the caller drops those outside."""
    if isinstance(rule, Monthly):
        for index in range(lo.year * 12 + lo.month - 1, hi.year * 12 + hi.month):
            year, month0 = divmod(index, 12)
            if index % rule.every == 0:
                yield f"{year}-{month0 + 1:02d}", _clamped(year, month0 + 1, rule.day)
    elif isinstance(rule, Quarterly):
        after = timedelta(days=rule.days_after_quarter_end)
        first = lo - after
        for index in range(first.year * 4 + (first.month - 1) // 3, hi.year * 4 + (hi.month - 1) // 3 + 1):
            year, quarter0 = divmod(index, 4)
            yield f"{year}-Q{quarter0 + 1}", _clamped(year, quarter0 * 3 + 3, 31) + after
    elif isinstance(rule, Yearly | EveryNYears):
        for year in range(lo.year, hi.year + 1):
            if isinstance(rule, Yearly) or (
                year >= rule.start_year and (year - rule.start_year) % rule.every == 0
            ):
                yield str(year), _clamped(year, rule.month, rule.day)
    elif isinstance(rule, RRule):
        yield from ((day.isoformat(), day) for day in _rrule_dates(rule.rrule, lo, hi))


def _rrule_dates(value: str, lo: date, hi: date) -> list[date]:
    """The distinct dates (in DTSTART's zone) on which the rule fires within [lo, hi]."""
    rule = _parse(value)
    first = _first(rule)
    if first is None:
        return []
    tz = first.tzinfo  # bounds must be aware exactly when the rule's datetimes are
    start, end = datetime.combine(lo, time.min, tzinfo=tz), datetime.combine(hi, time.max, tzinfo=tz)
    return sorted({moment.date() for moment in rule.between(start, end, inc=True)})


def _expiry_dues(
    rule: BeforeEvidenceExpiry, since: date, until: date, cal: WorkCalendar, evidence_expiry: Mapping[str, date]
) -> list[Due]:
    """The one before-expiry due, kept until the evidence expires even when its due date has passed."""
    expires = evidence_expiry.get(rule.evidence)
    if expires is None or expires < since:
        return []
    due = _due(rule, f"exp-{expires.isoformat()}", expires - timedelta(days=rule.days_before), cal)
    return [due] if due.scheduled_due <= until else []


def _due(rule: AnyRule, period: str, nominal: date, cal: WorkCalendar) -> Due:
    """The Due of one nominal date under the rule's working-day policy and window."""
    scheduled = cal.adjust(nominal, rule.working_day)
    return Due(period, nominal, scheduled, scheduled - timedelta(days=rule.window_days))


def _clamped(year: int, month: int, day: int) -> date:
    """date(year, month, day) with day cut to the month's last day."""
    return date(year, month, min(day, gregorian.monthrange(year, month)[1]))
