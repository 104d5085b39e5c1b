"""What runs when: the deployments an installation needs, read from its database.

One deployment per instansi and management domain (its plan's cron, in its zone), one weekly report per instansi,
one daily reminder run for the whole database (at each distinct send time of its instansi), one dispatch run
every ``DISPATCH_EVERY`` minutes inside the instansi's working windows (one run at a time: its concurrency
limit), and, when the database holds several instansi, the overseer's weekly league of instansi. ``flows/deployments.py`` turns these
into Prefect deployments (served by ``spbe serve`` or registered to a work pool by ``spbe deploy``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import every_instansi, framework_of, stored_id
from spbe_actions.domain.i18n import t
from spbe_actions.domain.plan import CalendarPlan, Reminders, SchedulePlan
from spbe_actions.domain.retry import DISPATCH_EVERY
from spbe_actions.store import engine as db

WEEKLY_REPORT_CRON = "0 7 * * 1"  # Monday 07:00 in the instansi's zone
POOL_SUFFIX = "-pool"  # a deployment registered to a work pool; a served one keeps the plain name
OVERSEER_CRON = "30 7 * * 1"  # after the instansi's own reports


@dataclass(frozen=True)
class Schedule:
    cron: str
    timezone: str


@dataclass(frozen=True)
class RunSpec:
    """One deployment: the flow it runs, its name (unique within the flow), parameters, schedules and tags."""

    flow: str  # schedule-domain | remind | dispatch | report | overseer
    name: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    schedules: tuple[Schedule, ...] = ()
    tags: tuple[str, ...] = ()
    concurrency: int | None = None  # at most this many runs at once (a newer one is cancelled meanwhile)


def slug(text: str) -> str:
    """Lowercase letters, digits and dashes (Prefect artifact keys; readable deployment names)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def installation(codes: list[str]) -> str:
    """The installation's name: ``SPBE_INSTALLATION``, else the only instansi's code, else a short stable name
    from the codes (two installations with different instansi never share deployment names)."""
    configured = get_settings().installation
    if configured:
        return slug(configured)
    if len(codes) == 1:
        return slug(codes[0])
    return "spbe-" + hashlib.sha256("|".join(sorted(codes)).encode()).hexdigest()[:8]


def run_specs(engine: Engine) -> list[RunSpec]:
    """Every deployment of the installation, in a stable order."""
    with db.read(engine) as session:
        insts = every_instansi(session)
        active = {stored_id(i): store.active_domains(session, stored_id(i)) for i in insts}
    specs: list[RunSpec] = []
    send_times: dict[tuple[str, str], None] = {}
    windows: dict[tuple[str, str], None] = {}
    for inst in insts:
        plan = SchedulePlan.model_validate(inst.schedule or {})
        code = inst.code
        for d in framework_of(inst).management_domains:
            if d.id not in active[stored_id(inst)]:
                continue
            specs.append(
                RunSpec(
                    "schedule-domain",
                    f"{slug(code)}-{slug(d.id)}",
                    t("dep_schedule", domain=d.name, instansi=inst.name),
                    {"domain": d.id, "instansi": code},
                    (Schedule(plan.cron_for(d.id), inst.timezone),),
                    ("spbe", code, d.id),
                )
            )
        specs.append(
            RunSpec(
                "report",
                slug(code),
                t("dep_report", instansi=inst.name),
                {"instansi": code},
                (Schedule(WEEKLY_REPORT_CRON, inst.timezone),),
                ("spbe", code, "report"),
            )
        )
        rules = Reminders.model_validate(inst.reminders or {})
        hh, mm = rules.send_time.split(":")
        send_times[(f"{int(mm)} {int(hh)} * * *", inst.timezone)] = None
        windows[(window_cron(rules, inst.calendar), inst.timezone)] = None
    name = installation([i.code for i in insts])
    specs.append(
        RunSpec(
            "remind",
            name,
            t("dep_remind_many", n=len(insts)) if len(insts) > 1 else t("dep_remind", instansi=insts[0].name),
            {},
            tuple(Schedule(cron, tz) for cron, tz in send_times),
            ("spbe", name, "remind"),
        )
    )
    specs.append(
        RunSpec(
            "dispatch",
            name,
            t("dep_dispatch", minutes=DISPATCH_EVERY),
            {},
            tuple(Schedule(cron, tz) for cron, tz in windows),
            ("spbe", name, "dispatch"),
            concurrency=1,
        )
    )
    if len(insts) > 1:
        specs.append(
            RunSpec(
                "overseer",
                name,
                t("dep_overseer", n=len(insts)),
                {},
                (Schedule(OVERSEER_CRON, insts[0].timezone),),
                ("spbe", name, "overseer"),
            )
        )
    return specs


def window_cron(rules: Reminders, calendar: dict[str, Any] | None) -> str:
    """Every ``DISPATCH_EVERY`` minutes through the working hours, Monday to Friday plus the weekdays of the
    plan's extra working days; the dispatch run itself skips holidays and minutes outside the window."""
    start, end = (
        tuple(int(x) for x in t.split(":")) for t in (rules.working_hours_start, rules.working_hours_end)
    )
    last = end[0] if end[1] else end[0] - 1
    hours = f"{start[0]}-{last}" if last > start[0] else str(start[0])
    days = {1, 2, 3, 4, 5} | {
        (d.date.weekday() + 1) % 7 for d in CalendarPlan.model_validate(calendar or {}).extra_working_days
    }
    return f"*/{DISPATCH_EVERY} {hours} * * {','.join(str(d) for d in sorted(days))}"


def names_in_both_modes(specs: list[RunSpec], flow: str) -> list[str]:
    """The deployment names of ``flow`` as served and as registered to a pool."""
    return [n for s in specs if s.flow == flow for n in (s.name, s.name + POOL_SUFFIX)]


def installation_of(engine: Engine) -> str:
    with db.read(engine) as session:
        return installation([i.code for i in every_instansi(session)])
