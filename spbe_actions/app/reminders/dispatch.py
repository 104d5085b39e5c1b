"""The dispatcher: claims queued messages, sends each outside any transaction, records the outcome.

Delivery guarantee: a message is claimed, sent, then recorded; if the process dies between sending and recording,
the claim expires after ``LEASE`` and the message is sent again: at-least-once for that one message, never lost.
The same worker (a Prefect retry of the same flow run: the worker id is the flow run's id) takes its own claims
back at once. A failure is retried after 2, 4, 8, 16 and 32 minutes, then hourly, ``MAX_ATTEMPTS`` attempts in
all (``domain.retry``); the dispatch deployment runs every few minutes inside the working window.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters import notify
from spbe_actions.adapters.render import render
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import every_instansi, require_instansi, stored_id, vocab_of
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t
from spbe_actions.domain.lifecycle import OutboxStatus
from spbe_actions.domain.plan import Reminders, work_calendar
from spbe_actions.domain.reminder_policy import in_window
from spbe_actions.domain.retry import MAX_ATTEMPTS as MAX_ATTEMPTS  # re-exported
from spbe_actions.domain.retry import retry_after
from spbe_actions.store import engine as db
from spbe_actions.store.rows import Address, Claimed, OutboxLine

LEASE = dt.timedelta(minutes=10)  # a claim older than this is taken back (its dispatcher died)


@dataclass
class DispatchReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    lines: list[tuple[str, str, str, str]] = field(default_factory=list)  # (person, kind, outcome code, detail)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


OUTCOME: dict[str, str] = {
    OutboxStatus.SENT: "rs_sent",
    OutboxStatus.FAILED: "rs_failed_retry",
    OutboxStatus.DEAD: "rs_dead",
}


def outcome_word(code: str) -> str:
    """How a send's outcome (an ``OutboxStatus`` code of ``DispatchReport.lines``) reads in the user's language."""
    key = OUTCOME.get(code)
    return t(key) if key else code


def smtp_from_settings(password: str | None = None) -> notify.Smtp:
    s = get_settings()
    return notify.Smtp(
        s.smtp_host, s.smtp_port, s.smtp_user, password or s.smtp_password, s.smtp_from, s.smtp_secure
    )


def dispatch(
    engine: Engine,
    now: dt.datetime,
    smtp: notify.Smtp | None = None,
    limit: int = 1000,
    concurrency: int | None = None,
    worker: str | None = None,
    throttle: Callable[[str], None] | None = None,
    after_send: Callable[[int], None] | None = None,
    in_window_only: bool = False,
) -> DispatchReport:
    """Send what is queued (and due for a retry) in batches; record every outcome. ``worker`` names the claims
    (default: this process and moment); a worker takes its own unrecorded claims back at once, anyone else's only
    after ``LEASE``. ``in_window_only``: only the messages of instansi inside their working window now (the
    dispatch deployment). ``after_send`` is a test hook."""
    smtp = smtp or smtp_from_settings()
    worker = worker or f"{socket.gethostname()}:{id(engine)}:{now.timestamp()}"
    concurrency = concurrency or get_settings().dispatch_concurrency
    redirect = get_settings().chat_redirect
    report = DispatchReport()
    only = open_instansi(engine, now) if in_window_only else None
    if only == []:
        return report
    with db.read(engine) as session:
        names = {stored_id(i): i.name for i in every_instansi(session)}  # the From display name
    while limit > 0:
        with db.write(engine) as session, session.begin():
            claimed = store.claim(session, worker, now, min(limit, 100), LEASE, only)
            people = store.contacts(session, [c.person_id for c in claimed])
        if not claimed:
            break
        limit -= len(claimed)
        jobs = {c.id: _job(c, people[c.person_id], smtp, redirect, names.get(c.instansi_id), now) for c in claimed}
        _send_and_record(engine, claimed, jobs, people, worker, now, concurrency, throttle, after_send, report)
    report.lines.sort()
    return report


def _send_and_record(
    engine: Engine,
    claimed: list[Claimed],
    jobs: dict[int, tuple[notify.Message, list[notify.Channel], set[str]]],
    people: dict[int, Address],
    worker: str,
    now: dt.datetime,
    concurrency: int,
    throttle: Callable[[str], None] | None,
    after_send: Callable[[int], None] | None,
    report: DispatchReport,
) -> None:
    """Each message is recorded as soon as it is sent, so a crash leaves at most the messages in flight unrecorded."""

    def one(c: Claimed) -> None:
        result = notify.send(*jobs[c.id], throttle)
        if after_send:
            after_send(c.id)
        _record(engine, c, result, people[c.person_id].key, worker, now, report)

    if concurrency <= 1:
        for c in claimed:
            one(c)
        return
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(one, c) for c in claimed]:
            future.result()  # re-raises a crash after every other message was sent and recorded


def _job(
    c: Claimed,
    contact: Address,
    smtp: notify.Smtp,
    redirect: str | None,
    sender_name: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[notify.Message, list[notify.Channel], set[str]]:
    channels = notify.channels_for(contact.email, contact.channels, smtp, redirect)
    if c.attachment:  # only email carries the file: try it first, chat stays the fallback
        channels = sorted(channels, key=lambda ch: not ch.is_email)
    message = notify.Message(c.subject, c.body_html, c.body_chat, c.attachment, c.body_text, sender_name, now)
    return message, channels, notify.secrets_of([*contact.channels, redirect or ""], smtp)


def _record(
    engine: Engine,
    c: Claimed,
    result: notify.Result,
    who: str,
    worker: str,
    now: dt.datetime,
    report: DispatchReport,
) -> None:
    oid, kind, attempts = c.id, c.kind, c.attempts
    with report.lock:
        if result.ok:
            values = dict(status=OutboxStatus.SENT, sent_at=now, channel=result.channel, last_error=None)
            report.sent += 1
            report.lines.append((who, kind, OutboxStatus.SENT, result.channel or ""))
        else:
            error = "; ".join(f"{a['channel']}: {a['error']}" for a in result.attempts if a["error"])[:1000]
            wait = retry_after(attempts)
            dead = wait is None
            values = dict(
                status=OutboxStatus.DEAD if dead else OutboxStatus.FAILED,
                last_error=error,
                next_attempt_at=now + (wait or dt.timedelta(0)),
            )
            report.dead += dead
            report.failed += not dead
            report.lines.append((who, kind, OutboxStatus.DEAD if dead else OutboxStatus.FAILED, error))

    with db.write(engine) as session, session.begin():
        store.record_delivery(session, oid, worker, values, [dict(at=now, **a) for a in result.attempts])


def open_instansi(engine: Engine, now: dt.datetime) -> list[int]:
    """The instansi inside their working window at ``now`` (their zone, hours and working days)."""
    with db.read(engine) as session:
        return [
            stored_id(i)
            for i in every_instansi(session)
            if in_window(
                now.astimezone(ZoneInfo(i.timezone)),
                Reminders.model_validate(i.reminders or {}),
                work_calendar(i.calendar),
            )
        ]


def addresses(engine: Engine, person_ids: list[int]) -> dict[int, Address]:
    """Person id -> key, email and channel URLs (as written: ``${VAR}`` references unexpanded)."""
    with db.read(engine) as session:
        return store.contacts(session, person_ids)


def outbox(engine: Engine, failed_only: bool = False, instansi: str | None = None) -> list[OutboxLine]:
    """What was queued, sent and failed (errors already masked), newest first."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        return store.outbox_rows(
            session, stored_id(inst), [OutboxStatus.FAILED, OutboxStatus.DEAD] if failed_only else None
        )


@dataclass(frozen=True)
class ChannelTest:
    label: str
    ok: bool
    error: str | None


def test_channel(
    engine: Engine, person_key: str, today: dt.date, instansi: str | None = None
) -> list[ChannelTest]:
    """One test message on each of a person's channels, with apprise's result; InputError for an unknown person
    or one without any channel."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        found = [p for p in store.people(session, stored_id(inst)) if p.key == person_key]
    if not found:
        raise InputError([Problem("PERSON", t("dp_person_unknown", key=person_key))])
    person, smtp = found[0], smtp_from_settings()
    channels = notify.channels_for(person.email, person.channels, smtp)
    if not channels:
        raise InputError([Problem(person.key, t("dp_no_channel"))])
    ctx: dict[str, Any] = dict(
        person=person.name, instansi=inst.name, today=today, kind="test", items=[], late=0, vocab=vocab_of(inst)
    )
    msg = notify.Message(
        render("subject.j2", **ctx).strip(), render("test.html.j2", **ctx), render("test.chat.j2", **ctx)
    )
    secrets = notify.secrets_of(person.channels, smtp)
    out = []
    for ch in channels:
        result = notify.send(msg, [ch], secrets)
        out.append(ChannelTest(ch.label, result.ok, None if result.ok else result.attempts[0]["error"]))
    return out
