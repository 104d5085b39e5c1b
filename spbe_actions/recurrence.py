"""Recurrence rules of the plan (pure): how often an action's work comes due.

Friendly kinds cover the SPBE cadences (monthly, quarterly reports after each Triwulan, yearly, every N
years for biennial audits, N days before a piece of evidence turns stale) and ``rrule`` takes any
RFC 5545 rule. Every rule carries its time zone (default: the instansi's) and a working-day policy.
"""

from __future__ import annotations

from typing import Annotated, Literal

from dateutil.rrule import rrulestr
from pydantic import AfterValidator, BaseModel, ConfigDict, Field


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
    day: int = Field(ge=1, le=31)


class EveryNYears(_Rule):
    kind: Literal["every_n_years"]
    every: int = Field(ge=1, le=10)
    start_year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class BeforeEvidenceExpiry(_Rule):
    kind: Literal["before_evidence_expiry"]
    evidence: str
    days_before: int = Field(ge=1, le=730)


def _check_rrule(value: str) -> str:
    try:
        rrulestr(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"RRULE tidak sah: {exc}") from None
    return value


class RRule(_Rule):
    kind: Literal["rrule"]
    rrule: Annotated[str, AfterValidator(_check_rrule)]


Recurrence = Annotated[
    Monthly | Quarterly | Yearly | EveryNYears | BeforeEvidenceExpiry | RRule,
    Field(discriminator="kind"),
]
