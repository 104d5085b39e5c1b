"""Use case: materialise one management domain's occurrences (the body of the ``schedule_domain`` flow), or
every instansi's and domain's at once in bounded batches (``schedule_all``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter
from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.app.common import every_instansi, framework_of, require_instansi, stored_id
from spbe_actions.domain.calendar import WorkCalendar, local_today
from spbe_actions.domain.choice import choose_instansi
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t
from spbe_actions.domain.occurrences import Changes, Planned, diff
from spbe_actions.domain.plan import SchedulePlan, work_calendar
from spbe_actions.domain.recurrence import Recurrence, dues, expiry
from spbe_actions.store import engine as db
from spbe_actions.store import materialise as mat
from spbe_actions.store.materialise import DomainWork
from spbe_actions.store.models import Instansi
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


BATCH_ACTIONS = 1000  # active actions per batch of ``schedule_all``: ~15,000 occurrences a year, one transaction


@dataclass(frozen=True)
class _Target:
    """What ``schedule_all`` needs of an instansi, read before its batch's transaction."""

    id: int
    code: str
    timezone: str
    calendar: WorkCalendar
    horizon_days: int
    domains: tuple[str, ...]  # the framework's management domains, in its order (as ``domains_to_schedule``)


@dataclass
class InstansiCounts:
    """What ``schedule_all`` did for one instansi, summed over its management domains."""

    instansi: str
    domains: int = 0
    created: int = 0
    moved: int = 0
    removed: int = 0
    kept: int = 0
    unchanged: int = 0
    opened: int = 0


def schedule_all(
    engine: Engine,
    now: dt.datetime,
    until: dt.date | None = None,
    since: dt.date | None = None,
    instansi: Sequence[str] | None = None,
    batch_actions: int = BATCH_ACTIONS,
) -> list[InstansiCounts]:
    """``schedule_domain`` for every management domain with active actions of every instansi (or of the codes
    in ``instansi``): the same occurrences and trail, but each batch of instansi (about ``batch_actions``
    active actions) read in a few statements, diffed in memory and written set-based in its own transaction.
    Idempotent: a batch committed stays; running again after a failure finishes the rest."""
    out: list[InstansiCounts] = []
    for codes in schedule_batches(engine, instansi, batch_actions):
        out += schedule_batch(engine, codes, now, until, since)
    return out


def schedule_batches(
    engine: Engine, instansi: Sequence[str] | None = None, batch_actions: int = BATCH_ACTIONS
) -> list[list[str]]:
    """The codes of every instansi (or of those named; an InputError names an unknown one), by id, cut into
    batches of about ``batch_actions`` active actions: the units of ``schedule_batch``."""
    with db.read(engine) as session:
        found = every_instansi(session)
        chosen = [choose_instansi(found, code) for code in instansi] if instansi is not None else found
        sizes = mat.active_action_counts(session)
    batches: list[list[str]] = [[]]
    load = 0
    for inst in chosen:
        size = sizes.get(stored_id(inst), 0)
        if batches[-1] and load + size > batch_actions:
            batches.append([])
            load = 0
        batches[-1].append(inst.code)
        load += size
    return [b for b in batches if b]


def _target(inst: Instansi) -> _Target:
    horizon = SchedulePlan.model_validate(inst.schedule or {}).horizon_days
    domains = tuple(d.id for d in framework_of(inst).management_domains)
    return _Target(stored_id(inst), inst.code, inst.timezone, work_calendar(inst.calendar), horizon, domains)


def schedule_batch(
    engine: Engine,
    codes: Sequence[str],
    now: dt.datetime,
    until: dt.date | None = None,
    since: dt.date | None = None,
) -> list[InstansiCounts]:
    """One batch of ``schedule_all`` (instansi codes) in one write transaction: read its actions, evidence and
    existing rows, diff each (instansi, domain) as ``schedule_domain`` does, write every change."""
    with db.write(engine) as session, session.begin():
        found = mat.instansi_of(session, codes)
        batch = [_target(choose_instansi(found, code)) for code in codes] if found else []
        ids = [t.id for t in batch]
        counts = {t.id: InstansiCounts(t.code) for t in batch}
        plans = _plan_batch(session, batch, now, until, since)
        if not plans:
            return list(counts.values())
        lo_all, hi_all = min(p[3] for p in plans), max(p[5] for p in plans)
        existing = mat.occurrences_of(session, ids, lo_all, hi_all)
        work = []
        for iid, domain, planned, lo, start, end, today in plans:
            rows = [e for e in existing.get((iid, domain), []) if lo <= e.scheduled_due <= end]
            changes = diff(rows, planned, start, today)
            work.append(DomainWork(iid, domain, changes, today))
            _count(counts[iid], changes)
        for iid, n in mat.apply_batch(session, work, now).items():
            counts[iid].opened = n
    return list(counts.values())


_Plan = tuple[int, str, list[Planned], dt.date, dt.date, dt.date, dt.date]  # instansi, domain, planned, lo, ...


def _plan_batch(
    session: Session, batch: list[_Target], now: dt.datetime, until: dt.date | None, since: dt.date | None
) -> list[_Plan]:
    """What the rules want for each (instansi, domain) of the batch: (instansi id, domain, planned, the lowest
    date to compare from, since, until, today), as ``schedule_domain`` computes them."""
    ids = [inst.id for inst in batch]
    active = mat.active_domains_of(session, ids)
    actions = mat.actions_of(session, ids)
    evidence = mat.evidence_inputs_of(session, ids)
    plans = []
    for inst in batch:
        today = local_today(now, inst.timezone)
        start = since or today
        end = until or today + dt.timedelta(days=inst.horizon_days)
        for domain in (d for d in inst.domains if d in active[inst.id]):
            planned = planned_for(actions.get((inst.id, domain), []), start, end, inst.calendar, evidence[inst.id])
            lo = min([start] + [p.scheduled_due for p in planned])
            plans.append((inst.id, domain, planned, lo, start, end, today))
    return plans


def _count(c: InstansiCounts, changes: Changes) -> None:
    c.domains += 1
    c.created += len(changes.create)
    c.moved += len(changes.move)
    c.removed += len(changes.remove)
    c.kept += len(changes.kept)
    c.unchanged += changes.unchanged


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
