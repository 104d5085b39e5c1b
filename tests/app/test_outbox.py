"""Reminders end to end against real servers: sweep -> outbox -> dispatch -> a loopback SMTP server (aiosmtpd) and a
loopback JSON webhook. Failover, retries, reruns, crashes, concurrent dispatchers and sweeps in separate processes on
PostgreSQL, secrets that must never leak, the dry-run snapshot, and the Prefect flow. Nothing of our own is mocked.
"""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import json
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from spbe_actions import store
from spbe_actions.adapters import notify
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import LEASE, dispatch
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.store import engine as db
from tests.conftest import SAMPLE_PLAN
from tests.support.plans import person, small_plan
from tests.support.servers import HookServer, SmtpServer, free_port

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 08:00 WIB: occurrences are materialised here
UNTIL = dt.date(2025, 4, 30)
SWEEP = dt.datetime(
    2025, 1, 23, 2, 0, tzinfo=dt.UTC
)  # Thursday 09:00 WIB: the 2024-Q4 report (due Jan 10) is late
SENDER = "spbe@example.go.id"
MONITOR = "Laporan pemantauan risiko SPBE triwulanan"  # small_plan's risk action: 0.015 points
REGISTER = "Register risiko SPBE: pemutakhiran triwulanan"  # added below: 0.045 points, fewer days late
INSP, KOMINFO = "insp-fp1@example.go.id", "kominfo-fp1@example.go.id"


# --- helpers ----------------------------------------------------------------------------------------------------


def setup(url: str, plan_file, data: dict | None = None) -> Engine:  # type: ignore[no-untyped-def]
    """Load the plan and materialise the risk domain's occurrences at NOW."""
    init_database(plan_file(data or small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=UNTIL)
    return engine


def smtp_of(server: SmtpServer, user: str | None = None, password: str | None = None) -> notify.Smtp:
    return notify.Smtp(server.host, server.port, user=user, password=password, sender=SENDER)


def rows(engine: Engine, table: str, order: str = "id") -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(f"select * from {table} order by {order}"))]


def outbox_by_email(engine: Engine) -> dict[str, dict]:
    people = {p["id"]: p["email"] for p in rows(engine, "person")}
    return {people[o["person_id"]]: o for o in rows(engine, "outbox")}


def deliveries(engine: Engine, outbox_id: int) -> list[tuple]:
    return [
        (d["channel"], bool(d["ok"]), d["error"]) for d in rows(engine, "delivery") if d["outbox_id"] == outbox_id
    ]


def utc(value: dt.datetime | str) -> dt.datetime:
    """A raw SQLite row holds the timestamp as text (UTC), PostgreSQL an aware datetime."""
    value = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def arrivals(server: SmtpServer) -> Counter:
    return Counter(r for m in server.mails for r in m.rcpt_tos)


def late_plan() -> dict:
    """small_plan plus a second late risk action worth more index points but fewer days late (due Jan 14)."""
    data = small_plan()
    data["actions"].append(
        {
            "id": "risk-register",
            "title": REGISTER,
            "domain": "risk",
            "raises": [{"indicator": "21", "level": 5}],
            "owners": ["INSPEKTORAT", "KOMINFO"],
            "recurrence": {"kind": "quarterly", "days_after_quarter_end": 14},
            "grace_days": 5,
            "evidence": ["Register risiko"],
        }
    )
    return data


def with_channels(data: dict, opd: int, urls: list[str]) -> dict:
    data["opds"][opd]["focal_points"][0]["channels"] = urls
    return data


def crowded_plan(opds: int = 20) -> dict:
    """small_plan with ``opds`` OPDs, two focal points each, all owning the risk action: 2 x opds digests."""
    data = small_plan()
    data["opds"][0]["focal_points"].append(person("kominfo.fp2", "Operator SPBE Diskominfo 2"))
    data["opds"][1]["focal_points"].append(person("insp.fp2", "Auditor Inspektorat 2"))
    for i in range(3, opds + 1):
        data["opds"].append(
            {
                "code": f"OPD{i:02d}",
                "name": f"Dinas Uji {i}",
                "head": person(f"opd{i:02d}.kepala", f"Kepala Dinas Uji {i}"),
                "focal_points": [person(f"opd{i:02d}.fp{j}", f"Operator Dinas Uji {i}.{j}") for j in (1, 2)],
            }
        )
        data["actions"][0]["owners"].append(f"OPD{i:02d}")
    return data


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def hook():
    with HookServer() as server:
        yield server


# --- 1. email --------------------------------------------------------------------------------------------------


def test_one_indonesian_digest_per_person_by_email_ranked_by_points(db_url, plan_file, smtp_server):
    engine = setup(db_url, plan_file, late_plan())
    swept = sweep(engine, SWEEP)
    # per focal point: the monitoring report (steps L3 and E3) and the register (L2): one digest each
    assert swept.in_window and len(swept.decisions) == 6 and len(swept.messages) == 2
    report = dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    assert (report.sent, report.failed, report.dead) == (2, 0, 0)

    assert sorted(m.rcpt_tos for m in smtp_server.mails) == [[INSP], [KOMINFO]]
    for mail in smtp_server.mails:
        msg = mail.message
        assert mail.mail_from == SENDER and msg["To"] == mail.rcpt_tos[0]
        assert msg["From"] == f"Pemerintah Kota Uji <{SENDER}>"
        opd = "INSPEKTORAT" if mail.rcpt_tos == [INSP] else "KOMINFO"
        assert mail.subject == f"[SPBE] 2 tugas Pemerintah Kota Uji — {opd}: 2 terlambat"
        assert msg.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
        name = "Auditor Inspektorat" if mail.rcpt_tos == [INSP] else "Operator SPBE Diskominfo"
        for body in (mail.part("plain"), mail.part("html")):
            assert f"Yth. {name}," in body
            assert "terlambat 13 hari" in body.lower() and "terlambat 9 hari" in body.lower()
            assert "10 Januari 2025" in body and "periode Triwulan IV 2024" in body
            assert "23 Januari 2025 09.00 WIB" in body
            # most index points first, although it is less late and sorts after the other by title
            assert MONITOR in body and REGISTER in body and body.index(REGISTER) < body.index(MONITOR)
        assert "0,045" in mail.part("html") and "0,015" in mail.part("html")

    for email, row in outbox_by_email(engine).items():
        assert (row["status"], row["attempts"], row["channel"], row["last_error"]) == ("sent", 1, "email", None)
        assert utc(row["sent_at"]) == SWEEP
        assert deliveries(engine, row["id"]) == [("email", True, None)], email
    assert all(r["outbox_id"] for r in rows(engine, "reminder")) and len(rows(engine, "reminder")) == 6
    engine.dispose()


def test_the_mail_plain_text_part_is_the_rendered_text_body(tmp_path, plan_file, smtp_server):
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, late_plan())
    sweep(engine, SWEEP)
    dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    stored = outbox_by_email(engine)[INSP]["body_text"]
    assert "TERLAMBAT 13 hari" in stored  # what the template renders for the plain-text reader
    plain = smtp_server.to(INSP)[0].part("plain")
    assert "TERLAMBAT 13 hari" in plain and "Poin indeks dipertaruhkan: 0,045" in plain


# --- 2. chat first, email as failover ---------------------------------------------------------------------------


def test_chat_first_and_no_email_once_the_chat_accepted(tmp_path, plan_file, smtp_server, hook):
    data = with_channels(small_plan(), 0, [f"json://127.0.0.1:{hook.port}/hook?image=no"])  # kominfo.fp1
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, data)
    sweep(engine, SWEEP)
    report = dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    assert (report.sent, report.failed) == (2, 0)

    assert len(hook.posts) == 1 and hook.posts[0].path == "/hook"
    body = hook.posts[0].json
    assert body["title"] == "[SPBE] 1 tugas Pemerintah Kota Uji — KOMINFO: 1 terlambat" and body["type"] == "info"
    assert "Operator SPBE Diskominfo" in body["message"] and MONITOR in body["message"]
    assert "terlambat 13 hr" in body["message"] and "<" not in body["message"]  # the short chat text, no HTML
    assert smtp_server.to(KOMINFO) == [] and len(smtp_server.to(INSP)) == 1  # failover stopped at the chat

    by_email = outbox_by_email(engine)
    assert (by_email[KOMINFO]["status"], by_email[KOMINFO]["channel"]) == ("sent", "json#1")
    assert deliveries(engine, by_email[KOMINFO]["id"]) == [("json#1", True, None)]
    assert (by_email[INSP]["status"], by_email[INSP]["channel"]) == ("sent", "email")
    engine.dispose()


def test_a_failing_chat_falls_back_to_email_and_both_attempts_are_logged(tmp_path, plan_file, smtp_server, hook):
    hook.fail_with = 500
    data = with_channels(small_plan(), 0, [f"json://127.0.0.1:{hook.port}/hook?image=no"])
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, data)
    sweep(engine, SWEEP)
    report = dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    assert (report.sent, report.failed) == (2, 0)

    assert len(hook.posts) == 1  # the chat was tried once (no apprise retries) ...
    mails = smtp_server.to(KOMINFO)
    assert len(mails) == 1 and mails[0].subject == hook.posts[0].json["title"]  # ... then the same message by mail
    row = outbox_by_email(engine)[KOMINFO]
    assert (row["status"], row["channel"], row["attempts"], row["last_error"]) == ("sent", "email", 1, None)
    (chat, chat_ok, chat_error), email = deliveries(engine, row["id"])
    assert (chat, chat_ok) == ("json#1", False) and "500" in chat_error
    assert email == ("email", True, None)
    engine.dispose()


def test_the_chat_message_starts_with_its_header_line(tmp_path, plan_file, smtp_server, hook):
    data = with_channels(small_plan(), 0, [f"json://127.0.0.1:{hook.port}/hook?image=no"])
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, data)
    sweep(engine, SWEEP)
    dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    lines = hook.posts[0].json["message"].splitlines()
    assert lines[0] == "SPBE Pemerintah Kota Uji: 1 tugas untuk Operator SPBE Diskominfo"
    assert lines[1].startswith("KOMINFO: 1 terlambat, ") and lines[1].endswith("(per 23 Januari 2025 09.00 WIB)")
    assert lines[3].startswith(
        f"1. {MONITOR} (periode Triwulan IV 2024), tenggat 10 Januari 2025, terlambat 13 hr"
    )


def test_each_failed_attempt_records_its_own_error(tmp_path, plan_file):
    server = SmtpServer().start()
    server.stop()  # email fails too, so both messages record every attempt
    with HookServer(delay=0.3) as busy, HookServer(delay=0.3) as down:
        busy.fail_with, down.fail_with = 500, 503
        data = with_channels(small_plan(), 0, [f"json://127.0.0.1:{busy.port}/hook?image=no"])  # kominfo.fp1
        with_channels(data, 1, [f"json://127.0.0.1:{down.port}/hook?image=no"])  # insp.fp1
        engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, data)
        sweep(engine, SWEEP)
        dispatch(engine, SWEEP, smtp=smtp_of(server), concurrency=2)  # both chats are in flight together
    by_email = outbox_by_email(engine)
    kominfo = dict((c, e) for c, _ok, e in deliveries(engine, by_email[KOMINFO]["id"]))
    insp = dict((c, e) for c, _ok, e in deliveries(engine, by_email[INSP]["id"]))
    assert "500" in kominfo["json#1"] and "503" in insp["json#1"]
    assert "503" not in kominfo["json#1"] and "500" not in insp["json#1"]  # each error is its own
    assert "JSON" not in kominfo["email"] and "JSON" not in insp["email"]


# --- 3. SMTP down, then back -------------------------------------------------------------------------------------


def test_smtp_down_keeps_messages_for_a_retry_that_delivers_each_once(db_url, plan_file):
    server = SmtpServer().start()
    server.stop()  # the port is closed: connection refused
    engine = setup(db_url, plan_file)
    assert len(sweep(engine, SWEEP).messages) == 2
    report = dispatch(engine, SWEEP, smtp=smtp_of(server))
    assert (report.sent, report.failed, report.dead) == (0, 2, 0)
    for row in rows(engine, "outbox"):
        assert (row["status"], row["attempts"]) == ("failed", 1)
        assert row["last_error"].startswith("email: ") and "127.0.0.1" in row["last_error"]
        assert utc(row["next_attempt_at"]) == SWEEP + dt.timedelta(minutes=2) > SWEEP
        assert deliveries(engine, row["id"]) == [("email", False, row["last_error"].removeprefix("email: "))]

    server.start()  # back on the same port
    try:
        early = dispatch(engine, SWEEP + dt.timedelta(minutes=1), smtp=smtp_of(server))
        assert (early.sent, early.failed) == (0, 0) and server.mails == []  # not due yet
        later = dispatch(engine, SWEEP + dt.timedelta(minutes=3), smtp=smtp_of(server))
        assert (later.sent, later.failed) == (2, 0)
        assert arrivals(server) == Counter({INSP: 1, KOMINFO: 1})
        again = dispatch(engine, SWEEP + dt.timedelta(hours=1), smtp=smtp_of(server))
        assert (again.sent, again.failed, again.lines) == (0, 0, [])
        assert arrivals(server) == Counter({INSP: 1, KOMINFO: 1})
    finally:
        server.stop()
    for row in rows(engine, "outbox"):
        assert (row["status"], row["attempts"], row["channel"], row["last_error"]) == ("sent", 2, "email", None)
        assert [ok for _c, ok, _e in deliveries(engine, row["id"])] == [False, True]
    engine.dispose()


# --- 4. reruns ---------------------------------------------------------------------------------------------------


def test_a_rerun_on_the_same_day_queues_and_sends_nothing_new(db_url, plan_file, smtp_server):
    engine = setup(db_url, plan_file)
    first = sweep(engine, SWEEP)
    dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    assert len(first.messages) == 2 and len(smtp_server.mails) == 2
    for when in (SWEEP, SWEEP + dt.timedelta(hours=4), SWEEP + dt.timedelta(days=1)):  # same steps next day too
        again = sweep(engine, when)  # the first sweep stored each item's next step date: nothing to read
        assert again.in_window and again.decisions == [] and again.messages == []
        with db.write(engine) as s, s.begin():  # as if a sweep had died after recording, before the dates
            store.forget_next_steps(s, 1)
        again = sweep(engine, when)
        assert again.in_window and len(again.decisions) == len(first.decisions) == 4
        assert again.messages == [] and again.recorded == 0
        report = dispatch(engine, when, smtp=smtp_of(smtp_server))
        assert (report.sent, report.failed, report.lines) == (0, 0, [])
    assert len(smtp_server.mails) == 2
    assert len(rows(engine, "outbox")) == 2 and len(rows(engine, "reminder")) == 4
    engine.dispose()


# --- 5. two processes on PostgreSQL ------------------------------------------------------------------------------

CHILD = """
import datetime as dt, json, pathlib, sys, time
from spbe_actions.adapters import notify
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch
from spbe_actions.app.reminders.sweep import sweep

mode, url, port, now, barrier, name = sys.argv[1:7]
now = dt.datetime.fromisoformat(now)
engine = open_engine(url)
smtp = notify.Smtp("127.0.0.1", int(port), sender="spbe@example.go.id")
barrier = pathlib.Path(barrier)
(barrier / f"ready-{name}").touch()
while not (barrier / "go").exists():
    time.sleep(0.002)
if mode == "sweep":
    out = {"queued": len(sweep(engine, now).messages)}
else:
    out = {"sent": 0, "failed": 0, "batches": 0}
    while True:  # small batches, so the two dispatchers interleave their claims
        r = dispatch(engine, now, smtp=smtp, limit=5)
        if not r.lines:
            break
        out["sent"] += r.sent
        out["failed"] += r.failed + r.dead
        out["batches"] += 1
engine.dispose()
print(json.dumps(out))
"""


def run_together(tmp_path: Path, mode: str, url: str, port: int, now: dt.datetime, n: int = 2) -> list[dict]:
    """Start ``n`` Python processes, release them at the same moment, return what each printed."""
    barrier = tmp_path / f"barrier-{mode}"
    barrier.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, mode, url, str(port), now.isoformat(), str(barrier), str(i)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(list(barrier.glob("ready-*"))) < n:
            assert time.monotonic() < deadline, "child processes did not start"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.01)
        (barrier / "go").touch()
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (_stdout, stderr) in zip(procs, outs, strict=True):
        assert p.returncode == 0, stderr[-3000:]
    return [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outs]


def test_two_dispatcher_processes_on_postgresql_send_every_message_once(pg_url, plan_file, tmp_path):
    engine = setup(pg_url, plan_file, crowded_plan(20))
    assert len(sweep(engine, SWEEP).messages) == 40
    with SmtpServer(delay=0.05) as server:  # slow enough that the two dispatchers overlap
        outs = run_together(tmp_path, "dispatch", pg_url, server.port, SWEEP)
        mails = arrivals(server)
    assert sum(o["sent"] for o in outs) == 40 and sum(o["failed"] for o in outs) == 0
    assert all(o["sent"] > 0 for o in outs), outs  # both processes really took part
    assert len(mails) == 40 and set(mails.values()) == {1}
    outbox = rows(engine, "outbox")
    assert [(r["status"], r["attempts"]) for r in outbox] == [("sent", 1)] * 40
    assert Counter(d["outbox_id"] for d in rows(engine, "delivery")) == Counter({r["id"]: 1 for r in outbox})
    engine.dispose()


def test_two_sweep_processes_on_postgresql_queue_every_message_once(pg_url, plan_file, tmp_path):
    engine = setup(pg_url, plan_file, crowded_plan(20))
    outs = run_together(tmp_path, "sweep", pg_url, free_port(), SWEEP)
    assert sum(o["queued"] for o in outs) == 40, outs
    outbox = rows(engine, "outbox")
    assert len(outbox) == 40 and len({r["person_id"] for r in outbox}) == 40
    reminders = rows(engine, "reminder")
    assert len(reminders) == 80 and all(r["outbox_id"] for r in reminders)  # E3 + L3 for each focal point
    assert Counter(r["outbox_id"] for r in reminders) == Counter({r["id"]: 2 for r in outbox})
    engine.dispose()


# --- 6. a crash between sending and recording ----------------------------------------------------------------------


class Crash(Exception):
    pass


def three_people() -> dict:
    data = small_plan()
    data["opds"][0]["focal_points"].append(person("kominfo.fp2", "Operator SPBE Diskominfo 2"))
    return data  # digests in person-key order: insp.fp1, kominfo.fp1, kominfo.fp2


def test_a_crash_after_sending_resends_that_one_message_after_the_lease(db_url, plan_file, smtp_server):
    engine = setup(db_url, plan_file, three_people())
    assert len(sweep(engine, SWEEP).messages) == 3
    ids = [r["id"] for r in rows(engine, "outbox")]
    victim = ids[-1]  # the last of the batch: the crash hits after everything else was recorded

    def after_send(outbox_id: int) -> None:
        if outbox_id == victim:
            raise Crash("process died before recording")

    with pytest.raises(Crash):
        dispatch(engine, SWEEP, smtp=smtp_of(smtp_server), after_send=after_send)
    assert len(smtp_server.mails) == 3  # everything went out, one outcome was never recorded
    status = {r["id"]: r["status"] for r in rows(engine, "outbox")}
    assert status == {ids[0]: "sent", ids[1]: "sent", victim: "sending"}

    within = dispatch(engine, SWEEP + LEASE - dt.timedelta(minutes=1), smtp=smtp_of(smtp_server))
    assert (within.sent, within.lines) == (0, []) and len(smtp_server.mails) == 3  # the claim still holds
    after = dispatch(engine, SWEEP + LEASE + dt.timedelta(seconds=1), smtp=smtp_of(smtp_server))
    assert (after.sent, after.failed) == (1, 0)
    assert arrivals(smtp_server) == Counter(
        {INSP: 1, KOMINFO: 1, "kominfo-fp2@example.go.id": 2}  # at-least-once for that one message
    )
    final = {r["id"]: (r["status"], r["attempts"]) for r in rows(engine, "outbox")}
    assert final == {ids[0]: ("sent", 1), ids[1]: ("sent", 1), victim: ("sent", 2)}
    later = dispatch(engine, SWEEP + dt.timedelta(hours=2), smtp=smtp_of(smtp_server))
    assert later.lines == [] and len(smtp_server.mails) == 4
    engine.dispose()


def test_a_crash_on_the_first_message_leaves_only_that_one_unrecorded(tmp_path, plan_file, smtp_server):
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, three_people())
    sweep(engine, SWEEP)
    ids = [r["id"] for r in rows(engine, "outbox")]

    def after_send(outbox_id: int) -> None:
        if outbox_id == ids[0]:
            raise Crash("process died before recording")

    with pytest.raises(Crash):
        dispatch(engine, SWEEP, smtp=smtp_of(smtp_server), after_send=after_send)
    dispatch(engine, SWEEP + LEASE + dt.timedelta(seconds=1), smtp=smtp_of(smtp_server))
    assert arrivals(smtp_server) == Counter({INSP: 2, KOMINFO: 1, "kominfo-fp2@example.go.id": 1})


# --- 7. secrets never leak -------------------------------------------------------------------------------------------

SMTP_PASSWORD = "s3cr3t-pw-XYZ"
CHAT_TOKEN = "tok-9876-SECRET"  # in a chat URL's userinfo: json://spbe:${CHAT_TOKEN}@host/hook
PATH_TOKEN = "path-5555-SECRET"  # in a chat URL's path: json://host/${PATH_TOKEN}
SECRETS = (SMTP_PASSWORD, CHAT_TOKEN, PATH_TOKEN)


def secret_plan(port: int) -> dict:
    data = small_plan()
    with_channels(data, 0, [f"json://spbe:${{CHAT_TOKEN}}@127.0.0.1:{port}/hook?image=no"])  # kominfo.fp1
    with_channels(data, 1, [f"json://127.0.0.1:{port}/${{PATH_TOKEN}}?image=no"])  # insp.fp1
    return data


def secret_env(monkeypatch) -> None:
    monkeypatch.setenv("SMTP_TEST_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("CHAT_TOKEN", CHAT_TOKEN)
    monkeypatch.setenv("PATH_TOKEN", PATH_TOKEN)


def all_rows_text(engine: Engine) -> str:
    """Every column of every row of every table, as text."""
    with engine.connect() as conn:
        return "\n".join(
            repr(tuple(r))
            for t in inspect(engine).get_table_names()
            for r in conn.execute(text(f"select * from {t}"))
        )


def log_text(records: list[logging.LogRecord], level: int = logging.DEBUG) -> str:
    return "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in records if r.levelno >= level
    )


def assert_no_secret(where: str, text_: str, secrets=SECRETS) -> None:  # type: ignore[no-untyped-def]
    leaked = [s for s in secrets if s in text_]
    assert not leaked, f"{where} leaks {leaked}"


def assert_hook_got_the_secrets(hook: HookServer) -> None:
    """The secrets were really expanded and used (so the leak checks are not vacuous)."""
    basic = "Basic " + base64.b64encode(f"spbe:{CHAT_TOKEN}".encode()).decode()
    assert any(p.headers.get("Authorization") == basic for p in hook.posts)
    assert any(p.path == f"/{PATH_TOKEN}" for p in hook.posts)


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spbe_actions", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_secrets_never_leak_into_logs_rows_reports_or_cli_output(tmp_path, plan_file, hook, monkeypatch, caplog):
    secret_env(monkeypatch)
    caplog.set_level(logging.DEBUG)
    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    engine = setup(url, plan_file, secret_plan(hook.port))
    smtp = SmtpServer(credentials=("spbe", "another-password")).start()  # our password is refused: 535
    try:
        sweep(engine, SWEEP)
        hook.fail_with = 500
        failing = dispatch(engine, SWEEP, smtp=smtp_of(smtp, "spbe", os.environ["SMTP_TEST_PASSWORD"]))
        assert (failing.sent, failing.failed) == (0, 2) and smtp.mails == []
        assert_hook_got_the_secrets(hook)
        smtp.credentials = ("spbe", SMTP_PASSWORD)  # now the login is right: chat still fails, mail goes out
        ok = dispatch(engine, SWEEP + dt.timedelta(minutes=3), smtp=smtp_of(smtp, "spbe", SMTP_PASSWORD))
        assert (ok.sent, ok.failed) == (2, 0) and arrivals(smtp) == Counter({INSP: 1, KOMINFO: 1})
        assert [m.login for m in smtp.mails] == ["spbe", "spbe"]  # the password was expanded and accepted
        failed = [(r["channel"], r["error"]) for r in rows(engine, "delivery") if not r["ok"]]
        assert any(c == "email" and "127.0.0.1" in e for c, e in failed), failed  # the refused login (535)
        assert any(c == "json#1" and "500" in e for c, e in failed), failed

        env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_")}
        env |= dict(
            SPBE_DATABASE_URL=url,
            SPBE_SMTP_HOST="127.0.0.1",
            SPBE_SMTP_PORT=str(smtp.port),
            SPBE_SMTP_USER="spbe",
            SPBE_SMTP_PASSWORD=SMTP_PASSWORD,
            SPBE_SMTP_FROM=SENDER,
        )
        outbox_cli = cli(["outbox"], env)
        assert outbox_cli.returncode == 0 and "Kotak keluar (2)" in outbox_cli.stdout, outbox_cli.stderr
        tested = [cli(["test-channel", who], env) for who in ("kominfo.fp1", "insp.fp1")]
        assert [t.returncode for t in tested] == [1, 1]  # chat GAGAL (500), email BERHASIL
        assert all("json#1: GAGAL" in t.stdout and "email: BERHASIL" in t.stdout for t in tested), tested
        smtp.credentials = ("spbe", "another-password")
        refused = cli(["test-channel", "kominfo.fp1"], env)
        assert "email: GAGAL" in refused.stdout, refused
    finally:
        smtp.stop()

    assert_no_secret("the database", all_rows_text(engine))
    assert_no_secret("the dispatch reports", repr(failing) + repr(ok))
    for run in (outbox_cli, *tested, refused):
        assert_no_secret(f"spbe {run.args[3:]}", run.stdout + run.stderr)
    assert_no_secret("WARNING+ logs", log_text(caplog.records, logging.WARNING))
    assert_no_secret("DEBUG logs", log_text(caplog.records))
    for mail in smtp.mails:
        assert_no_secret("a delivered mail", mail.raw.decode())
    engine.dispose()


def test_a_path_token_stays_out_of_debug_logs(tmp_path, plan_file, hook, smtp_server, monkeypatch, caplog):
    secret_env(monkeypatch)
    caplog.set_level(logging.DEBUG)
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, secret_plan(hook.port))
    sweep(engine, SWEEP)
    dispatch(engine, SWEEP, smtp=smtp_of(smtp_server))
    assert_hook_got_the_secrets(hook)
    assert_no_secret("DEBUG logs", log_text(caplog.records), (PATH_TOKEN,))


# --- 8. the dry-run snapshot --------------------------------------------------------------------------------------

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "remind_dry_run.txt"
DRY_NOW = "2025-02-12T09:00+07:00"  # Wednesday: focal-point digests, escalations to heads, coordinator summaries


@pytest.fixture
def sample_db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'sample.db'}"
    init_database(SAMPLE_PLAN, NOW, url=url)
    engine = open_engine(url)
    for domain, _name in domains_to_schedule(engine):
        schedule_domain(engine, domain, NOW, until=dt.date(2025, 6, 30))
    engine.dispose()
    return url


def dry_run(url: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    skip = ("SPBE_", "FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TERM")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env |= {"SPBE_DATABASE_URL": url, **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "spbe_actions", "remind", "--dry-run", "--full", "--now", DRY_NOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_snapshot(actual: str) -> None:
    if os.environ.get("SPBE_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(actual, encoding="utf-8")
        return
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing: run with SPBE_UPDATE_SNAPSHOTS=1 once and review it")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "snapshot", "spbe remind --dry-run", lineterm=""
        )
        pytest.fail("dry run differs from the snapshot:\n" + "\n".join(list(diff)[:200]))


def count(url: str, table: str) -> int:
    engine = open_engine(url, migrate=False)
    with engine.connect() as conn:
        n = conn.execute(text(f"select count(*) from {table}")).scalar_one()
    engine.dispose()
    return n


def test_remind_dry_run_matches_its_snapshot_and_writes_and_sends_nothing(sample_db):
    run = dry_run(sample_db)
    assert run.returncode == 0 and run.stderr == "", run.stderr[-3000:]
    check_snapshot(run.stdout)
    assert run.stdout.startswith(
        f"UJI COBA 12 Februari 2025 09.00 WIB dalam jam kerja: {run.stdout.count('Kepada: ')} pesan"
    )
    assert all(f"[{k}]" in run.stdout for k in ("pengingat", "eskalasi", "ringkasan koordinator"))  # by label
    assert (
        count(sample_db, "outbox") == 0 and count(sample_db, "reminder") == 0 and count(sample_db, "delivery") == 0
    )
    with SmtpServer() as server:  # even with mail configured, a dry run sends nothing and prints the same
        again = dry_run(sample_db, extra_env={"SPBE_SMTP_HOST": "127.0.0.1", "SPBE_SMTP_PORT": str(server.port)})
        assert again.stdout == run.stdout and server.mails == []
    assert count(sample_db, "outbox") == 0 and count(sample_db, "reminder") == 0


def test_remind_dry_run_cli_runs(sample_db):
    run = dry_run(sample_db)
    assert run.returncode == 0, run.stderr[-3000:]
    check_snapshot(run.stdout)


# --- 9 (and 7). the Prefect flow ----------------------------------------------------------------------------------


def flow_env(monkeypatch, url: str, smtp: SmtpServer, password: str | None = None) -> None:
    monkeypatch.setenv("SPBE_DATABASE_URL", url)
    monkeypatch.setenv("SPBE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SPBE_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("SPBE_SMTP_FROM", SENDER)
    if password:
        monkeypatch.setenv("SPBE_SMTP_USER", "spbe")
        monkeypatch.setenv("SPBE_SMTP_PASSWORD", password)


@pytest.mark.prefect
def test_remind_flow_sends_and_publishes_its_table(prefect_api, tmp_path, plan_file, smtp_server, monkeypatch):
    from prefect.artifacts import Artifact
    from spbe_flows.remind import remind

    url = f"sqlite:///{tmp_path / 'flow.db'}"
    setup(url, plan_file).dispose()
    flow_env(monkeypatch, url, smtp_server)
    counts = remind(now=SWEEP)
    assert counts == {"decisions": 4, "queued": 2, "held": 0, "sent": 2, "failed": 0, "dead": 0}
    assert arrivals(smtp_server) == Counter({INSP: 1, KOMINFO: 1})

    artifact = Artifact.get("remind")
    assert artifact is not None and artifact.type == "table"
    table = json.loads(artifact.data)
    assert table == [
        {"siapa": "INSPEKTORAT", "jenis": "OPD", "hasil": "2 keputusan", "rincian": "2 terlambat"},
        {"siapa": "KOMINFO", "jenis": "OPD", "hasil": "2 keputusan", "rincian": "2 terlambat"},
        {"siapa": "insp.fp1", "jenis": "digest", "hasil": "terkirim", "rincian": "email"},
        {"siapa": "kominfo.fp1", "jenis": "digest", "hasil": "terkirim", "rincian": "email"},
    ]
    assert artifact.description == (  # the numbers first: the UI's artifact card shows them
        "2 pesan baru diantrekan, 2 terkirim, 0 gagal — pengingat 23 Januari 2025 09.00 WIB, 4 keputusan"
    )

    again = remind(now=SWEEP)  # a rerun (or a Prefect retry) on the same day: nothing new
    assert (again["queued"], again["sent"]) == (0, 0) and len(smtp_server.mails) == 2


@pytest.mark.prefect
def test_secrets_stay_out_of_the_flow_artifact_and_logs(
    prefect_api, tmp_path, plan_file, hook, monkeypatch, caplog
):
    from prefect.artifacts import Artifact
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler
    from spbe_flows.remind import remind

    secret_env(monkeypatch)
    caplog.set_level(logging.DEBUG)
    hook.fail_with = 500
    url = f"sqlite:///{tmp_path / 'flow.db'}"
    setup(url, plan_file, secret_plan(hook.port)).dispose()
    with SmtpServer(credentials=("spbe", "another-password")) as smtp:  # refuses our login: everything fails
        flow_env(monkeypatch, url, smtp, password=SMTP_PASSWORD)
        state = remind(now=SWEEP, return_state=True)
    assert state.is_failed() and "2 gagal" in (state.message or "")  # a run whose sends failed says so
    counts = state.result(raise_on_failure=False).counts  # a SendsFailed: the run's figures with it
    assert (counts["sent"], counts["failed"]) == (0, 2)
    assert_no_secret("the run's state message", state.message or "")
    assert_hook_got_the_secrets(hook)

    artifact = Artifact.get("remind")
    assert artifact is not None and "gagal, dicoba lagi" in artifact.data and "500" in artifact.data
    assert_no_secret("the remind artifact", artifact.data + (artifact.description or ""))
    APILogHandler().flush()  # push what the run logged to the API before reading it back
    with get_client(sync_client=True) as client:
        flow_run_id = state.state_details.flow_run_id
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    assert logs, "the flow run logged nothing to the API"
    assert_no_secret("the flow run's logs", "\n".join(entry.message for entry in logs))
    assert_no_secret("WARNING+ logs", log_text(caplog.records, logging.WARNING))
    assert_no_secret("DEBUG logs", log_text(caplog.records), (SMTP_PASSWORD, CHAT_TOKEN))
    engine = open_engine(url, migrate=False)
    assert_no_secret("the database", all_rows_text(engine))
    engine.dispose()


# --- a newer digest supersedes an unsent older one -----------------------------------------------------------


def test_a_digest_that_failed_yesterday_is_superseded_by_todays(tmp_path, plan_file):
    engine = setup(f"sqlite:///{tmp_path / 'sup.db'}", plan_file)
    down = notify.Smtp("127.0.0.1", free_port(), sender=SENDER)  # nothing listens: every send fails
    first = sweep(engine, SWEEP)  # Thursday: the 2024-Q4 reports are late (L-step) for both focal points
    assert first.queued and dispatch(engine, SWEEP, smtp=down).failed == first.queued
    friday_next = SWEEP + dt.timedelta(days=8)  # a later working day: new steps for the same people
    second = sweep(engine, friday_next)
    assert second.queued
    with SmtpServer() as server:
        sent = dispatch(engine, friday_next + dt.timedelta(hours=7), smtp=smtp_of(server))
        got = arrivals(server)
        assert got[INSP] == got[KOMINFO] == 1  # the focal points get today's digest only, once each
    statuses = Counter((o["kind"], o["status"]) for o in rows(engine, "outbox"))
    assert statuses[("digest", "superseded")] == 2 and statuses[("digest", "sent")] == 2
    assert sent.sent == sum(got.values()) and not sent.failed
    old = [o for o in rows(engine, "outbox") if o["status"] == "superseded"]
    assert all(o["last_error"].startswith("digantikan pesan #") for o in old)
    engine.dispose()
