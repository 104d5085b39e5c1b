"""The reminder sweep: today's decisions (for every instansi of the database) turned into queued messages,
exactly once per step and person. ``dispatch`` sends them.

Delivery guarantee: a decision is recorded under a unique key in the same transaction as its message, so a
rerun, a retry or a concurrent sweep queues nothing twice. A message is claimed, sent outside any transaction,
then recorded; if the process dies between sending and recording, the claim expires after ``lease`` and the
message is sent again: at-least-once for that one message, never lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters import formats
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.checklist import levels_of
from spbe_actions.app.common import every_instansi, framework_of, require_instansi, stored_id
from spbe_actions.app.figures import expiring_from, standing_in
from spbe_actions.app.reminders.messages import Extras, Linker, Rendered, render_digest
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.evidence import ExpiringEvidence
from spbe_actions.domain.framework import Framework, Words
from spbe_actions.domain.i18n import text_in
from spbe_actions.domain.index import Number, points_at_stake
from spbe_actions.domain.lifecycle import RETURNED
from spbe_actions.domain.links import make_link
from spbe_actions.domain.plan import Reminders, work_calendar
from spbe_actions.domain.reminder_policy import (
    CHASED,
    Decision,
    Digest,
    Item,
    Recipient,
    digests,
    due_today,
    evidence_decisions,
    in_window,
    next_steps,
)
from spbe_actions.store import engine as db
from spbe_actions.store.models import Instansi
from spbe_actions.store.rows import DueItem, Target


@dataclass
class SweepReport:
    now_local: dt.datetime
    in_window: bool
    decisions: list[Decision] = field(default_factory=list)  # everything due today
    messages: list[Rendered] = field(default_factory=list)  # new messages (queued, or would be in a dry run)
    pending: list[tuple[str, Digest]] = field(default_factory=list)  # dry run or held: (instansi code, digest)
    held: int = 0  # new decisions held outside the working window
    recorded: int = 0  # new decisions recorded by this sweep
    queued: int = 0  # messages queued by this sweep (0 in a dry run)


@dataclass
class InstansiDay:
    """One instansi's today: its clock, its working window and every decision due (what the policy says)."""

    id: int
    code: str
    name: str
    language: str
    vocab: Words  # the framework's words in the instansi's language
    now_local: dt.datetime
    today: dt.date
    in_window: bool
    decisions: list[Decision]
    items: int  # rows of open work read
    next_steps: list[tuple[int, str, dt.date, dt.date | None]]  # what to store once the decisions are recorded


def _indicator_labels(fw: Framework, targets: tuple[Target, ...], language: str) -> tuple[str, ...]:
    """'21 Penerapan Manajemen Risiko SPBE (bobot 1,50%) → tingkat 4', weights in the locale's format."""
    return tuple(
        text_in(language, "sw_indicator", indicator=formats.indicator(fw, tg.indicator, language), level=tg.level)
        for tg in targets
        if tg.indicator in fw.indicators
    )


def lookahead_days(rules: Reminders) -> int:
    """The most days before a due date that any policy of ``rules`` reminds: bounds the rows the sweep reads."""
    overrides = [*rules.per_domain.values(), *rules.per_priority.values()]
    ladders = [rules.ladder] + [o.ladder for o in overrides if o.ladder is not None]
    return max([0] + [d for ladder in ladders for d in ladder.before_days])


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (rows, items, decisions): at
    national size its passes cost ~1.5 of ~6 s of the sweep (bench/README.md). Reference counting still frees."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def decide_today(session: Session, now: dt.datetime, instansi: str | None = None) -> list[InstansiDay]:
    """Today's decisions for every instansi in the database (or only ``instansi``, a code): a handful of
    set-based queries, then the pure policy per instansi (in its own zone, calendar and rules). Reads only the
    work whose reminder step may have changed since a sweep last recorded it: chased work whose stored next
    step date has come, and chased work not looked at yet (within today's lookahead). Work the sweep recorded
    and whose step has not changed since is not read: its decisions are recorded already. Each day also says
    the next step date of every item it read, for ``sweep`` to store."""
    with _no_cyclic_gc():
        return _decide_today(session, now, instansi)


@dataclass
class _Reads:
    """What one sweep reads, for every instansi at once (set-based)."""

    rows: dict[int, list[DueItem]]  # instansi id -> the work to look at
    targets: dict[int, list[Target]]  # of the actions of that work only
    current: dict[int, dict[str, Number]]
    people: dict[int, list[Recipient]]  # those who may hear about that work or the evidence, not everyone
    seen_at: dict[int, dt.datetime]
    expiring: dict[int, list[ExpiringEvidence]]


def _read(
    session: Session, insts: list[Instansi], only: list[int] | None, until: dt.date, now: dt.datetime
) -> _Reads:
    ids = [stored_id(i) for i in insts]
    chased, today = sorted(CHASED), max(local_today(now, i.timezone) for i in insts)
    rows: dict[int, list[DueItem]] = {i: [] for i in ids}
    for row in store.due_items(session, only, chased, until, today):
        rows[row.instansi_id].append(row)
    verified, register = store.verified_evidence_by_instansi(session), store.evidence_records_by_instansi(session)
    expiring = {
        iid: expiring_from(inst, now, verified.get(iid, []), register.get(iid, []))[1]
        for iid, inst in zip(ids, insts, strict=True)
    }
    opds = sorted({e.opd_id for found in expiring.values() for e in found if e.opd_id is not None})
    people = {
        iid: [Recipient(p.id, p.key, p.name, p.role, p.opd_id) for p in found]
        for iid, found in store.people_to_tell(session, ids, chased, until, today, opds).items()
    }
    return _Reads(
        rows,
        store.targets_to_look_at(session, only, chased, until, today),
        levels_of(session, insts),
        people,
        store.last_seen(session, only, chased, until, today),
        expiring,
    )


def _shared(cache: dict, key: tuple, make: Callable[[], Any]) -> Any:
    """One value per key for the whole sweep: instansi whose plans say the same share their rules, calendar
    (and its caches of holidays and working days), framework and words."""
    found = cache.get(key)
    if found is None:
        found = cache[key] = make()
    return found


def _section(value: dict | None) -> str:
    return json.dumps(value or {}, sort_keys=True, default=str)


def _decide_today(session: Session, now: dt.datetime, instansi: str | None) -> list[InstansiDay]:
    insts = every_instansi(session) if instansi is None else [require_instansi(session, instansi)]
    ids = [stored_id(i) for i in insts]
    only = None if instansi is None else ids  # None: every instansi (the query then walks the index)
    shared: dict = {}
    rules: dict[int, Reminders] = {
        iid: _shared(
            shared, ("rules", _section(i.reminders)), partial(Reminders.model_validate, i.reminders or {})
        )
        for iid, i in zip(ids, insts, strict=True)
    }
    todays = {iid: local_today(now, i.timezone) for iid, i in zip(ids, insts, strict=True)}
    until = max(todays[i] + dt.timedelta(days=lookahead_days(rules[i])) for i in ids)
    # one date for every zone: a row whose date is a later zone's today is read early, which is no harm
    reads = _read(session, insts, only, until, now)
    memo: dict[tuple, Any] = {}  # points and labels, shared across instansi
    out = []
    for iid, inst in zip(ids, insts, strict=True):
        fw: Framework = _shared(shared, ("fw", inst.framework), partial(framework_of, inst))
        cal = _shared(shared, ("cal", _section(inst.calendar)), partial(work_calendar, inst.calendar))
        vocab = _shared(shared, ("words", inst.framework, inst.language), partial(fw.vocab, inst.language))
        zone, today = ZoneInfo(inst.timezone), todays[iid]
        persons = reads.people.get(iid, [])
        items = _items(inst, fw, reads.rows[iid], reads.targets, reads.current[iid], reads.seen_at, zone, memo)
        policies = _shared(shared, ("policies", _section(inst.reminders)), dict)  # of rules[iid], by domain
        decisions = due_today(items, persons, rules[iid], cal, today, policies)
        decisions += evidence_decisions(reads.expiring[iid], persons, today)
        local = now.astimezone(zone)
        window = in_window(local, rules[iid], cal)
        steps = next_steps(items, rules[iid], cal, today, policies)
        out.append(
            InstansiDay(
                iid, inst.code, inst.name, inst.language, vocab, local, today, window, decisions, len(items), steps
            )
        )
    return out


def _items(
    inst: Instansi,
    fw: Framework,
    rows: list[DueItem],
    targets: dict[int, list[Target]],
    current: dict[str, Number],
    seen_at: dict[int, dt.datetime],
    zone: ZoneInfo,
    memo: dict[tuple, Any],
) -> list[Item]:
    """Rows of ``due_items`` as the policy's items, with index points, indicator labels and the last "seen".
    Points (by targets and current levels) and labels (by targets and language) are shared across instansi."""
    out = []
    per_action: dict[int, tuple[Fraction, tuple[str, ...]]] = {}
    for r in rows:
        if r.action_id not in per_action:
            tg = tuple(targets.get(r.action_id, ()))
            levels = tuple(current.get(t.indicator) for t in tg)
            key = (inst.framework, tg, levels)
            if key not in memo:
                have = {t.indicator: lv for t, lv in zip(tg, levels, strict=True) if lv is not None}
                memo[key] = points_at_stake(fw, tg, have)
            said = (inst.framework, tg, inst.language)
            if said not in memo:
                memo[said] = _indicator_labels(fw, tg, inst.language)
            per_action[r.action_id] = (memo[key], memo[said])
        points, labels = per_action[r.action_id]
        at = seen_at.get(r.occurrence_id)
        seen = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(zone).date() if at else None
        out.append(
            Item(
                r.occurrence_id,
                r.opd_id,
                r.opd_code,
                r.domain,
                r.priority,
                r.title,
                r.period,
                r.due,
                r.status,
                r.grace_days,
                points,
                labels,
                seen,
            )
        )
    return out


def linker(now: dt.datetime) -> Linker | None:
    """Signed links for reminders when ``SPBE_BASE_URL`` and ``SPBE_LINK_SECRET`` are set (else no links)."""
    s = get_settings()
    base_url, secret = s.base_url, s.link_secret
    if not (base_url and secret):
        return None
    return lambda purpose, person, occ: make_link(base_url, secret, purpose, person, occ, now, s.link_days)


def board_url() -> str | None:
    """The coordinator's board; it asks for the coordinator's login first (``SPBE_BASE_URL`` unset: None)."""
    base = get_settings().base_url
    return f"{base.rstrip('/')}/koordinator" if base else None


def extras_of(session: Session, day: InstansiDay, fresh: list[Decision], now: dt.datetime) -> Extras:
    """What the day's messages share: the run's figures (one definition, as of ``now``), the reasons of returned
    work, the coordinator's board and each person's chat URLs (after a staging redirect)."""
    inst = require_instansi(session, day.code)
    returned = sorted({d.item.occurrence_id for d in fresh if d.item.status == RETURNED})
    contacts = store.contacts(session, sorted({d.person.id for d in fresh}))
    redirect = get_settings().chat_redirect
    chats = {pid: [redirect or u for u in c.channels] for pid, c in contacts.items()}
    return Extras(standing_in(session, inst, now), store.return_reasons(session, returned), board_url(), chats)


def sweep(
    engine: Engine,
    now: dt.datetime,
    dry_run: bool = False,
    keep_messages: bool = True,
    instansi: str | None = None,
) -> SweepReport:
    """Decide today's reminders for every instansi (or only ``instansi``, a code) and queue one message per
    person for the new ones (nothing when dry). Instansi outside their working window hold their new decisions.

    Deciding reads in one read transaction (SQLite: no write lock, so pages and submits go on); recording and
    queueing then commit in parts of about ``CHUNK`` decisions (one person's never split), each its own short
    write transaction and each safe to resume: a sweep stopped half-way and run again queues only the rest.
    Once an instansi's decisions are all recorded, the next step date of each item read is stored (a dry run
    and an instansi holding its decisions store none: their work is read again next time), so tomorrow's
    sweep reads only the work whose step may change.

    ``keep_messages=False`` (the daily flow, the dry run's summary) renders nothing it does not queue and keeps
    only ``pending`` digests (dry run, held) and counts of what was queued, not the rendered bodies, so
    memory stays bounded by one instansi's messages whatever the number of instansi.
    """
    with db.read(engine) as session:  # deciding only reads: pages and submits go on meanwhile
        days = decide_today(session, now, instansi)
        keys = {d.id: [(x.subject, x.step, x.person.id) for x in d.decisions] for d in days}
        recorded = store.recorded(session, [k for d in days for k in keys[d.id]]) if dry_run else set()
    report = SweepReport(days[0].now_local, days[0].in_window)
    for day in days:
        report.decisions += day.decisions
        if dry_run or not day.in_window:
            new = set(keys[day.id]) - recorded
            fresh = [x for x in day.decisions if (x.subject, x.step, x.person.id) in new]
            report.held += 0 if day.in_window else len(fresh)
            waiting = digests(fresh)
            report.pending += [(day.code, g) for g in waiting]
            if keep_messages and waiting:  # what would be sent, for the reader; a summary and the flow: counts
                with db.read(engine) as session:
                    extras = extras_of(session, day, fresh, now)
                report.messages += [_render(g, day, now, extras) for g in waiting]
            continue
        shared: list[Extras] = []  # the day's figures and links, read once, when a first part has news
        for part in _person_chunks(day.decisions, CHUNK):
            _record_and_queue(engine, day, part, now, report, keep_messages, shared)
        for i in range(0, len(day.next_steps), STEP_CHUNK):  # only once every decision is recorded
            with db.write(engine) as session, session.begin():
                store.advance_next_steps(session, day.next_steps[i : i + STEP_CHUNK])
    return report


CHUNK = 500  # decisions written per transaction: the write lock is held for a fraction of a second
STEP_CHUNK = 5000  # next step dates stored per transaction


def _person_chunks(decisions: list[Decision], size: int) -> list[list[Decision]]:
    """The decisions in parts of about ``size``, never splitting one person's (their digest is one message)."""
    by_person: dict[int, list[Decision]] = {}
    for d in decisions:
        by_person.setdefault(d.person.id, []).append(d)
    parts: list[list[Decision]] = [[]]
    for group in by_person.values():
        if parts[-1] and len(parts[-1]) + len(group) > size:
            parts.append([])
        parts[-1] += group
    return [p for p in parts if p]


def _record_and_queue(
    engine: Engine,
    day: InstansiDay,
    part: list[Decision],
    now: dt.datetime,
    report: SweepReport,
    keep: bool,
    shared: list[Extras],
) -> None:
    """Record one part's decisions and queue the digests of the new ones, in one short transaction. Safe to
    resume: a rerun after a crash records (and queues) only what no earlier part did (unique keys)."""
    with db.write(engine) as session, session.begin():
        new = store.record_reminders(session, day.id, [(x.subject, x.step, x.person.id) for x in part], now)
        report.recorded += len(new)
        fresh = [x for x in part if (x.subject, x.step, x.person.id) in new]
        queue = []
        if fresh and not shared:  # one definition of the figures for every message of the run (all parts)
            shared.append(extras_of(session, day, day.decisions, now))
        for g in digests(fresh):
            msg = _render(g, day, now, shared[0])
            queue.append((_outbox_row(day.id, msg, day.today, now), _keys(g)))
            if keep:
                report.messages.append(msg)
        store.enqueue_many(session, queue)
    report.queued += len(queue)


def _render(g: Digest, day: InstansiDay, now: dt.datetime, extras: Extras) -> Rendered:
    msg = render_digest(g, day.name, day.today, day.vocab, day.language, linker(now), extras)
    msg.instansi, msg.now_local = day.code, day.now_local
    return msg


def _keys(g: Digest) -> list[tuple[str, str, int]]:
    return [(d.subject, d.step, d.person.id) for d in g.decisions]


def _outbox_row(iid: int, msg: Rendered, today: dt.date, now: dt.datetime) -> dict:
    digest = hashlib.sha1("|".join(sorted(f"{s}/{st}" for s, st, _ in _keys(msg.digest))).encode()).hexdigest()[
        :12
    ]
    key = f"{msg.digest.kind}:{msg.digest.person.id}:{today}:{digest}"
    d = msg.digest
    return store.outbox_row(iid, key, d.person.id, d.kind, msg.subject, msg.text, msg.html, msg.chat, now)
