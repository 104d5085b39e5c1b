"""The instansi plan (one YAML file): OPDs, people, indicator owners and levels, actions, reminder policy.

``load_plan`` returns a validated ``Plan`` or raises ``InputError`` listing *every* problem with file,
line and field path: structural ones from pydantic, references (unknown OPD, indicator, domain, evidence)
from ``plan_checks`` which reads the raw data tolerantly so both kinds show up in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from spbe_actions.domain import calendar, yamlsrc
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.lifecycle import ItemState, Role
from spbe_actions.domain.limits import DEFAULT, Limits
from spbe_actions.domain.plan_checks import reference_problems
from spbe_actions.domain.recurrence import Recurrence, RRule, last_before

SLUG = r"^[a-z0-9][a-z0-9._-]*$"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")
ENV_REF = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*\}$")
SECRET_PARAMS = {"pass", "password", "pwd", "token", "secret", "apikey", "api_key", "key"}


def zone_name(value: str) -> str:
    """WIB/WITA/WIT or an IANA name -> the IANA name; anything else is an error naming the choices."""
    return calendar.to_zone(value).key


def check_email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise ValueError(t("pl_email", value=value))
    return value


def check_channel(url: str) -> str:
    """An apprise URL whose secrets (password, token) are ``${ENV_VAR}`` references, never inline."""
    if not URL_RE.match(url):
        raise ValueError(t("pl_url", value=url))
    if inline_secret(url):
        raise ValueError(t("pl_secret_inline"))
    return url


def inline_secret(url: str) -> bool:
    """True when a credential is written into the URL instead of referencing an environment variable."""
    scheme, rest = url.split("://", 1)
    netloc, _, tail = rest.partition("/")
    path, _, query = tail.partition("?")
    if "?" in netloc:
        netloc, _, query = netloc.partition("?")
    userinfo = netloc.rpartition("@")[0] if "@" in netloc else ""
    if ":" in userinfo and not ENV_REF.match(userinfo.split(":", 1)[1]):
        return True
    for pair in filter(None, query.split("&")):
        key, _, val = pair.partition("=")
        if key.lower() in SECRET_PARAMS and val and not ENV_REF.match(val):
            return True
    if scheme in ("tgram", "discord", "slack") and not ENV_REF.match(netloc.rpartition("@")[2]):
        return True  # these carry the bot token / webhook secret in the host part
    segments = [s for s in path.split("/") if s]
    return scheme in ("mmost", "mmosts") and bool(segments) and not ENV_REF.match(segments[-1])


def check_cron(value: str) -> str:
    """A five-field cron expression (minute hour day month weekday), evaluated in the instansi's zone."""
    from cronsim import CronSim, CronSimError

    try:
        CronSim(value, dt.datetime(2025, 1, 1))
    except CronSimError as exc:
        raise ValueError(t("pl_cron", value=value, reason=exc)) from None
    if len(value.split()) != 5:
        raise ValueError(t("pl_cron", value=value, reason=t("cron_fields")))
    return value


Zone = Annotated[str, AfterValidator(zone_name)]
CronExpr = Annotated[str, AfterValidator(check_cron)]
Email = Annotated[str, AfterValidator(check_email)]
Channel = Annotated[str, AfterValidator(check_channel)]
Level = Annotated[int, Field(ge=1, le=5)]
# Indicator ids are strings ("21"); an unquoted 21 in YAML means the same.
IndicatorId = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
Hhmm = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonPlan(Strict):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    title: str | None = None
    email: Email
    channels: list[Channel] = []


class OpdPlan(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_-]*$")
    name: str = Field(min_length=1)
    head: PersonPlan
    focal_points: list[PersonPlan] = Field(min_length=1)


class HistoryEntry(Strict):
    """A published index of a year under the instrument of that year (``{value: "4.32", framework: ...}``)."""

    value: Decimal
    framework: str


class InstansiPlan(Strict):
    code: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    timezone: Zone = "Asia/Jakarta"
    framework: str
    language: Literal["id", "en"] = "id"
    current_year: int = Field(ge=2018, le=2100)
    target_year: int = Field(ge=2018, le=2100)
    # year -> published index: "4.32" (under the plan's framework) or {value: "4.32", framework: ID}
    index_history: dict[int, Decimal | HistoryEntry] = {}
    # evidence expiring before this date shows up as work; default: the next 1 July (evaluation season)
    next_evaluation: dt.date | None = None
    coordinators: list[PersonPlan] = Field(min_length=1)

    def history(self) -> list[tuple[int, Decimal, str]]:
        """(year, published index, framework id) oldest first; a plain value is under the plan's framework."""
        return [
            (y, v.value, v.framework) if isinstance(v, HistoryEntry) else (y, v, self.framework)
            for y, v in sorted(self.index_history.items())
        ]


class IndicatorPlan(Strict):
    lead: str
    support: list[str] = []
    # the evaluated level; left out where the plan's items score the indicator or another agency evaluates it
    current: Level | None = None
    target: Level
    estimate: bool = False  # `current` is an estimate (e.g. carried over from the previous instrument)


class Raise(Strict):
    indicator: IndicatorId
    level: Level


class ActionPlan(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    domain: str
    raises: list[Raise] = []
    items: list[str] = []  # evidence items (``items[].id``) the action produces: verifying it moves them on
    owners: list[str] = Field(min_length=1)
    recurrence: Recurrence
    grace_days: int = Field(default=0, ge=0, le=90)
    evidence: list[str] = Field(min_length=1)
    priority: Literal["high", "medium", "low"] = "medium"
    active: bool = True

    @model_validator(mode="after")
    def _serves_something(self) -> ActionPlan:
        if not self.raises and not self.items:
            raise ValueError(t("pl_action_serves"))
        return self


class ItemPlan(Strict):
    """One evidence item (butir bukti dukung) of the checklist: the framework's (by id) or the instansi's own
    (with indicator, level and title), its state with the assessors, its owner OPD and what produces it."""

    id: str = Field(pattern=SLUG)
    indicator: IndicatorId | None = None
    level: Level | None = None
    title: str | None = Field(default=None, min_length=1)
    state: ItemState = ItemState.BELUM
    since: dt.date | None = None  # when the state was set; a later date here overrides a change made since
    owner: str | None = None  # OPD code; default: the indicator's lead
    actions: list[str] = []  # actions that produce it (in addition to those naming it under `items`)
    evidence: list[str] = []  # records of the evidence register that support it
    note: str | None = None


class EvidencePlan(Strict):
    """A piece of bukti dukung already on record whose age matters (e.g. a review that expires)."""

    id: str = Field(pattern=SLUG)
    title: str
    indicator: IndicatorId
    effective: dt.date
    valid_years: int = Field(default=2, ge=1, le=10)


class Ladder(Strict):
    before_days: list[Annotated[int, Field(ge=1, le=90)]] = [14, 7, 1]
    on_due: bool = True
    late_every_working_days: int = Field(default=3, ge=1, le=30)
    late_max: int = Field(default=5, ge=0, le=50)
    pause_after_seen_days: int = Field(default=3, ge=0, le=30)  # "sudah dilihat" quiets the L-steps this long


class EscalationStep(Strict):
    after_working_days: int = Field(ge=1, le=120)
    notify: list[Literal["focal_point", "head", "coordinator"]] = Field(min_length=1)


DEFAULT_ESCALATION = (
    EscalationStep(after_working_days=3, notify=["focal_point"]),
    EscalationStep(after_working_days=7, notify=["focal_point", "head"]),
    EscalationStep(after_working_days=14, notify=["focal_point", "head", "coordinator"]),
)


class ReminderPolicy(Strict):
    ladder: Ladder = Ladder()
    escalation: list[EscalationStep] = list(DEFAULT_ESCALATION)


class PolicyOverride(Strict):
    """A per-domain or per-priority override: what it leaves out is inherited from the plan's defaults."""

    ladder: Ladder | None = None
    escalation: list[EscalationStep] | None = None


class Reminders(ReminderPolicy):
    working_hours_start: Hhmm = "08:00"
    working_hours_end: Hhmm = "16:00"
    send_time: Hhmm = "08:00"  # when the daily `remind` flow runs (instansi zone; it holds on days off)
    per_domain: dict[str, PolicyOverride] = {}
    per_priority: dict[Literal["high", "medium", "low"], PolicyOverride] = {}

    def policy_for(self, domain: str, priority: str) -> ReminderPolicy:
        """Defaults, then the domain's override, then the priority's (the most specific wins)."""
        ladder, escalation = self.ladder, self.escalation
        # the stored priority is any str; one outside the Literal keys simply has no override
        by_priority = self.per_priority.get(priority)  # type: ignore[call-overload]  # str, not the Literal keys
        for override in (self.per_domain.get(domain), by_priority):
            if override is not None:
                if override.ladder is not None:  # field by field: what the override leaves out is inherited
                    ladder = ladder.model_copy(
                        update={k: getattr(override.ladder, k) for k in override.ladder.model_fields_set}
                    )
                escalation = override.escalation if override.escalation is not None else escalation
        return ReminderPolicy(ladder=ladder, escalation=escalation)


class LocalDay(Strict):
    date: dt.date
    name: str


class CalendarPlan(Strict):
    local_holidays: list[LocalDay] = []
    extra_working_days: list[LocalDay] = []


def work_calendar(section: dict[str, Any] | None) -> calendar.WorkCalendar:
    """The working-day calendar of an instansi from its stored ``calendar`` plan section."""
    cfg = CalendarPlan.model_validate(section or {})
    return calendar.WorkCalendar(
        {d.date: d.name for d in cfg.local_holidays}, [d.date for d in cfg.extra_working_days]
    )


class SchedulePlan(Strict):
    """When each management domain's ``schedule_domain`` flow runs (cron in the instansi's zone)."""

    cron: CronExpr = "0 6 * * 1-5"
    per_domain: dict[str, CronExpr] = {}
    horizon_days: int = Field(default=120, ge=7, le=730)

    def cron_for(self, domain: str) -> str:
        return self.per_domain.get(domain, self.cron)


class Plan(Strict):
    instansi: InstansiPlan
    opds: list[OpdPlan] = Field(min_length=1)
    indicators: dict[IndicatorId, IndicatorPlan]
    evidence: list[EvidencePlan] = []
    items: list[ItemPlan] = []
    actions: list[ActionPlan] = []
    reminders: Reminders = Reminders()
    calendar: CalendarPlan = CalendarPlan()
    schedule: SchedulePlan = SchedulePlan()

    def people(self) -> list[tuple[PersonPlan, str | None, str]]:
        """Every person with their OPD code (None for coordinators) and role."""
        out: list[tuple[PersonPlan, str | None, str]] = [
            (p, None, Role.COORDINATOR) for p in self.instansi.coordinators
        ]
        for opd in self.opds:
            out.append((opd.head, opd.code, Role.HEAD))
            out += [(p, opd.code, Role.FOCAL_POINT) for p in opd.focal_points]
        return out


def _spent_rules(src: yamlsrc.Source, plan: Plan, today: dt.date) -> list[Problem]:
    """Each action whose RRULE last fired before ``today`` (UNTIL or COUNT spent): it would never create work."""
    out = []
    for i, action in enumerate(plan.actions):
        rule = action.recurrence
        last = last_before(rule.rrule, today) if isinstance(rule, RRule) else None
        if last is not None:
            loc = ("actions", i, "recurrence", "rrule")
            out.append(src.problem(loc, t("pl_rrule_spent", last=last.isoformat(), today=today.isoformat())))
    return out


def load_plan(
    path: str | Path, frameworks: Path, limits: Limits = DEFAULT, now: dt.datetime | None = None
) -> tuple[Plan, Framework]:
    """Validate a plan file completely (its framework id names a file in ``frameworks``); raise InputError with
    every located problem. Given ``now`` (``spbe validate``), a rule that can no longer fire is one of them."""
    src = yamlsrc.load(path, limits)
    plan, problems = yamlsrc.validate(Plan, src)
    fw_problems, fw = reference_problems(src, frameworks)
    problems += fw_problems
    if plan is not None and now is not None:
        problems += _spent_rules(src, plan, calendar.local_today(now, plan.instansi.timezone))
    if problems or plan is None or fw is None:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return plan, fw
