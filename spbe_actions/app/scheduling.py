"""Use case: materialise one management domain's occurrences (the body of the ``schedule_domain`` flow)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import TypeAdapter
from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.app.common import framework_of, require_instansi, stored_id
from spbe_actions.domain.calendar import WorkCalendar, local_today
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t
from spbe_actions.domain.occurrences import Changes, Planned, diff
from spbe_actions.domain.plan import SchedulePlan, work_calendar
from spbe_actions.domain.recurrence import Recurrence, dues, expiry
from spbe_actions.store import engine as db
from spbe_actions.store.rows import EvidenceAge

RULE = TypeAdapter(Recurrence)


@dataclass(frozen=True)
class Line:
    action: str
    title: str
    opd: str
    period: str
    due: dt.date
    before: dt.date | None = None  # for moved rows: the due date it had


@dataclass
class DomainReport:
    domain: str
    domain_name: str
    since: dt.date
    until: dt.date
    dry_run: bool
    created: list[Line] = field(default_factory=list)
    moved: list[Line] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)
    kept: list[Line] = field(default_factory=list)
    unchanged: int = 0
    opened: int = 0
    instansi: str = ""  # its code
    instansi_name: str = ""

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "moved": len(self.moved),
            "removed": len(self.removed),
            "kept": len(self.kept),
            "unchanged": self.unchanged,
            "opened": self.opened,
        }


def planned_for(
    actions: list[store.ActionRow],
    since: dt.date,
    until: dt.date,
    cal: WorkCalendar,
    evidence: dict[str, EvidenceAge],
) -> list[Planned]:
    """Every (action, owner OPD, period) the rules want in [since, until]."""
    expiries = {key: expiry(age.effective, age.valid_years) for key, age in evidence.items()}
    out = []
    for action in actions:
        for due in dues(RULE.validate_python(action.recurrence), since, until, cal, expiries):
            out += [
                Planned(action.id, owner.opd_id, due.period, due.scheduled_due, due.window_opens)
                for owner in action.owners
            ]
    return out


def schedule_domain(
    engine: Engine,
    domain: str,
    now: dt.datetime,
    until: dt.date | None = None,
    since: dt.date | None = None,
    dry_run: bool = False,
    instansi: str | None = None,
) -> DomainReport:
    """Create, move or remove the domain's occurrences up to the horizon; idempotent; one transaction.
    ``instansi``: its code (required when the database holds several)."""
    with db.write(engine) as session, session.begin():
        inst = require_instansi(session, instansi)
        fw = framework_of(inst)
        mdom = fw.management_domain(domain)
        if mdom is None:
            known = ", ".join(d.id for d in fw.management_domains)
            raise InputError([Problem("--domain", t("sc_domain_unknown", domain=domain, known=known))])
        today = local_today(now, inst.timezone)
        since = since or today
        until = until or today + dt.timedelta(days=SchedulePlan.model_validate(inst.schedule or {}).horizon_days)
        iid = stored_id(inst)
        actions = store.domain_actions(session, iid, domain)
        planned = planned_for(
            actions, since, until, work_calendar(inst.calendar), store.evidence_expiry_inputs(session, iid)
        )
        lo = min([since] + [p.scheduled_due for p in planned])
        changes = diff(store.occurrences_in(session, iid, domain, lo, until), planned, since, today)
        report = _report(session, iid, domain, mdom.name, since, until, dry_run, changes)
        report.instansi, report.instansi_name = inst.code, inst.name
        if dry_run:
            session.rollback()
            return report
        report.opened = store.apply_occurrence_changes(session, iid, domain, changes, today, now)
    return report


def _report(
    session: Session,
    iid: int,
    domain: str,
    name: str,
    since: dt.date,
    until: dt.date,
    dry_run: bool,
    changes: Changes,
) -> DomainReport:
    actions = store.action_labels(session, iid)
    opds = store.opd_codes(session, iid)

    def line(action_id: int, opd_id: int, period: str, due: dt.date, before: dt.date | None = None) -> Line:
        label = actions[action_id]
        return Line(label.key, label.title, opds[opd_id], period, due, before)

    rep = DomainReport(domain, name, since, until, dry_run, unchanged=changes.unchanged)
    rep.created = [line(p.action_id, p.opd_id, p.period, p.scheduled_due) for p in changes.create]
    rep.moved = [line(p.action_id, p.opd_id, p.period, p.scheduled_due, e.scheduled_due) for e, p in changes.move]
    rep.removed = [line(e.action_id, e.opd_id, e.period, e.scheduled_due) for e in changes.remove]
    rep.kept = [line(e.action_id, e.opd_id, e.period, e.due) for e, _ in changes.kept]
    for items in (rep.created, rep.moved, rep.removed, rep.kept):
        items.sort(key=lambda x: (x.due, x.action, x.opd))
    return rep


def domains_to_schedule(engine: Engine, instansi: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the framework's management domains that have active actions."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        active = store.active_domains(session, stored_id(inst))
        return [(d.id, d.name) for d in framework_of(inst).management_domains if d.id in active]


@dataclass(frozen=True)
class MovedDue:
    action: str
    period: str
    nominal: dt.date  # the date the rule names
    due: dt.date  # the working day it moved to


@dataclass(frozen=True)
class CalendarYear:
    instansi: str
    timezone: str
    calendar: WorkCalendar
    moved: list[MovedDue]


def calendar_year(engine: Engine, year: int, instansi: str | None = None) -> CalendarYear:
    """The working-day calendar of ``year`` and every due date of an active action that it moves."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        cal = work_calendar(inst.calendar)
        iid = stored_id(inst)
        evidence = store.evidence_expiry_inputs(session, iid)
        expiries = {key: expiry(age.effective, age.valid_years) for key, age in evidence.items()}
        moved = []
        for domain in sorted(store.active_domains(session, iid)):
            for action in store.domain_actions(session, iid, domain):
                for due in dues(RULE.validate_python(action.recurrence), start, end, cal, expiries):
                    if due.nominal != due.scheduled_due:
                        moved.append(MovedDue(action.key, due.period, due.nominal, due.scheduled_due))
    return CalendarYear(inst.name, inst.timezone, cal, sorted(moved, key=lambda m: (m.due, m.action)))
