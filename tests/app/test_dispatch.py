"""The dispatcher on the clock, against a real SMTP server (aiosmtpd on loopback): the remind run queues at 08:00
while the mail server is down, the server is back at 08:05, and dispatch runs every five minutes as the deployment
does (the use case called with each ``now``): every message arrives exactly once by 08:15. A longer outage follows
the documented retry timeline and ends dead after the last attempt. A dispatcher killed (SIGKILL, a real
``spbe dispatch`` process) after claiming its batch: the rest go out within the lease plus one dispatch interval.
A retry of the same run (same worker id) takes its own claims back at once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import Engine, text

from spbe_actions.adapters import notify
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import LEASE, dispatch
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.retry import DISPATCH_EVERY, MAX_ATTEMPTS, retry_after, timeline
from tests.support.plans import person, small_plan
from tests.support.servers import SmtpServer

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 08:00 WIB: occurrences are materialised here
AT_8 = dt.datetime(2025, 1, 23, 1, 0, tzinfo=dt.UTC)  # Thursday 08:00 WIB: the window opens, reports are late
EVERY = dt.timedelta(minutes=DISPATCH_EVERY)
SENDER = "spbe@example.go.id"


def setup(url: str, plan_file, data: dict | None = None) -> Engine:  # type: ignore[no-untyped-def]
    init_database(plan_file(data or small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    return engine


def many_people(opds: int) -> dict:
    """small_plan with ``opds`` OPDs owning the late risk report: one digest per focal point."""
    data = small_plan()
    for i in range(3, opds + 1):
        data["opds"].append(
            {
                "code": f"OPD{i:02d}",
                "name": f"Dinas Uji {i}",
                "head": person(f"opd{i:02d}.kepala", f"Kepala Dinas Uji {i}"),
                "focal_points": [person(f"opd{i:02d}.fp1", f"Operator Dinas Uji {i}")],
            }
        )
        data["actions"][0]["owners"].append(f"OPD{i:02d}")
    return data


def smtp_of(server: SmtpServer) -> notify.Smtp:
    return notify.Smtp(server.host, server.port, sender=SENDER)


def arrivals(server: SmtpServer) -> Counter:
    return Counter(r for m in server.mails for r in m.rcpt_tos)


def outbox(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("select status, attempts from outbox order by id"))]


def tick(engine: Engine, at: dt.datetime, server: SmtpServer, **kw):  # type: ignore[no-untyped-def]
    """One run of the dispatch deployment at ``at``."""
    return dispatch(engine, at, smtp=smtp_of(server), in_window_only=True, **kw)


# --- the timeline -----------------------------------------------------------------------------------------------


def test_the_retry_timeline_is_minutes_then_hourly_and_bounded():
    assert [retry_after(n) for n in range(1, 6)] == [dt.timedelta(minutes=m) for m in (2, 4, 8, 16, 32)]
    assert [retry_after(n) for n in range(6, MAX_ATTEMPTS)] == [dt.timedelta(hours=1)] * (MAX_ATTEMPTS - 6)
    assert retry_after(MAX_ATTEMPTS) is None  # the last attempt failed: dead
    exact = [int(t.total_seconds() // 60) for t in timeline(0)]
    assert exact == [0, 2, 6, 14, 30, 62, 122, 182, 242, 302, 362, 422]
    real = [int(t.total_seconds() // 60) for t in timeline()]  # dispatch every 5 minutes
    assert real == [0, 5, 10, 20, 40, 75, 135, 195, 255, 315, 375, 435]  # dead after 7 h 15 min


# --- down at 08:00, back at 08:05 -----------------------------------------------------------------------------------


def test_smtp_down_at_8_up_at_8_05_every_message_arrives_once_by_8_15(db_url, plan_file):
    engine = setup(db_url, plan_file, many_people(6))
    server = SmtpServer()  # not started: its port is closed at 08:00
    swept = sweep(engine, AT_8)  # the daily remind run decides and queues ...
    assert swept.in_window and swept.queued == 6
    first = dispatch(engine, AT_8, smtp=smtp_of(server))  # ... and dispatches once right away: refused
    assert (first.sent, first.failed) == (0, 6)
    assert all("server surel tidak terjangkau" in d for *_, d in first.lines), first.lines
    assert outbox(engine) == [("failed", 1)] * 6
    server.start()  # 08:05: the mail server is back
    try:
        sent = {}
        for minutes in (5, 10, 15):
            at = AT_8 + dt.timedelta(minutes=minutes)
            report = tick(engine, at, server)
            sent[minutes] = (report.sent, report.failed)
        assert sent == {5: (6, 0), 10: (0, 0), 15: (0, 0)}
        mails = arrivals(server)
    finally:
        server.stop()
    assert len(mails) == 6 and set(mails.values()) == {1}  # every message, exactly once
    assert outbox(engine) == [("sent", 2)] * 6
    engine.dispose()


def test_a_longer_outage_follows_the_timeline_and_gives_up_after_the_last_attempt(tmp_path, plan_file):
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file)
    server = SmtpServer()  # down all day
    sweep(engine, AT_8)
    tried: list[int] = []  # minutes after 08:00 at which the messages were tried
    dead_at = None
    at = AT_8
    while at < AT_8 + dt.timedelta(hours=8):  # 08:00 - 16:00 WIB, every five minutes
        report = tick(engine, at, server)
        if report.lines:
            assert len(report.lines) == 2, report.lines
            tried.append(int((at - AT_8).total_seconds() // 60))
        if report.dead:
            dead_at = at
        at += EVERY
    assert tried == [int(t.total_seconds() // 60) for t in timeline()]
    assert dead_at == AT_8 + timeline()[-1] and outbox(engine) == [("dead", MAX_ATTEMPTS)] * 2
    server.start()
    try:
        assert tick(engine, at + dt.timedelta(days=1), server).lines == []  # dead stays dead
        assert server.mails == []
    finally:
        server.stop()
    engine.dispose()


def test_outside_the_working_window_the_dispatch_run_holds(tmp_path, plan_file):
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file)
    sweep(engine, AT_8)
    with SmtpServer() as server:
        assert tick(engine, AT_8 - dt.timedelta(minutes=5), server).lines == []  # 07:55
        assert tick(engine, AT_8 + dt.timedelta(hours=8), server).lines == []  # 16:00: closed
        assert tick(engine, AT_8 + dt.timedelta(days=2, hours=2), server).lines == []  # Saturday 10:00
        assert server.mails == []
        assert tick(engine, AT_8 + dt.timedelta(days=1), server).sent == 2  # Friday 08:00
    engine.dispose()


# --- a retry of the same run takes its own claims back ---------------------------------------------------------------


class Crash(Exception):
    pass


def test_the_same_worker_takes_its_own_claims_back_at_once_another_only_after_the_lease(tmp_path, plan_file):
    engine = setup(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file, many_people(4))
    sweep(engine, AT_8)
    with SmtpServer() as server:

        def crash(_outbox_id: int) -> None:
            raise Crash("the task died after its first send")

        with pytest.raises(Crash):
            tick(engine, AT_8, server, worker="kirim:run-1", concurrency=1, after_send=crash)
        assert sorted(s for s, _ in outbox(engine)) == ["sending"] * 4 and len(server.mails) == 1
        other = tick(engine, AT_8 + dt.timedelta(seconds=30), server, worker="kirim:run-2")
        assert other.lines == []  # someone else's claims hold until the lease ends
        retry = tick(engine, AT_8 + dt.timedelta(seconds=30), server, worker="kirim:run-1")
        assert retry.sent == 4  # the retry of the same run took its claims back at once
        assert outbox(engine) == [("sent", 2)] * 4
        assert sorted(arrivals(server).values()) == [1, 1, 1, 2]  # at-least-once for the one in flight
    engine.dispose()


# --- a dispatcher killed mid-batch -----------------------------------------------------------------------------------


def counts(engine: Engine) -> Counter:
    with engine.connect() as conn:
        return Counter(s for (s,) in conn.execute(text("select status from outbox")))


def test_a_dispatcher_killed_mid_batch_the_rest_go_out_within_the_lease_plus_one_interval(
    pg_url, plan_file, tmp_path
):
    engine = setup(pg_url, plan_file, many_people(10))
    assert sweep(engine, AT_8).queued == 10
    with SmtpServer(delay=0.4) as server:  # slow enough to kill the dispatcher between two sends
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_")}
        env |= dict(
            SPBE_DATABASE_URL=pg_url,
            SPBE_SMTP_HOST="127.0.0.1",
            SPBE_SMTP_PORT=str(server.port),
            SPBE_SMTP_FROM=SENDER,
            SPBE_DISPATCH_CONCURRENCY="1",
        )
        with open(tmp_path / "dispatch.log", "w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "spbe_actions", "dispatch", "--now", AT_8.isoformat()],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 120
            while counts(engine)["sent"] < 2:  # it claimed the whole batch and has sent two
                assert proc.poll() is None, (tmp_path / "dispatch.log").read_text()
                assert time.monotonic() < deadline, "the dispatcher never sent"
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        killed = counts(engine)
        assert proc.returncode == -signal.SIGKILL and killed["sending"] >= 6, killed
        assert killed["queued"] == 0  # the batch was claimed: nothing is left for a newcomer but the lease
        time.sleep(1)  # a message in flight at the kill may still land on the server: count after it
        before = arrivals(server)
        held = [tick(engine, AT_8 + k * EVERY, server).lines for k in (1, 2)]  # 08:05, 08:10: within the lease
        assert held == [[], []] and arrivals(server) == before
        rest = tick(engine, AT_8 + LEASE + EVERY, server)  # 08:15: the lease ended, the rest go out
        assert rest.sent == killed["sending"] and rest.failed == 0
        mails = arrivals(server)
    assert len(mails) == 10  # every message out
    assert sum(mails.values()) - 10 <= 1  # at most the one in flight at the kill went twice
    assert counts(engine) == Counter({"sent": 10})
    engine.dispose()


def test_spbe_dispatch_holds_outside_the_window_unless_told_any_time(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    engine = setup(url, plan_file)
    sweep(engine, AT_8)
    late = (AT_8 + dt.timedelta(hours=8, minutes=30)).isoformat()  # 16:30 WIB: queued at 08:00, the window closed
    with SmtpServer() as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_")}
        env |= dict(SPBE_DATABASE_URL=url, SPBE_SMTP_HOST="127.0.0.1", SPBE_SMTP_PORT=str(server.port))
        run = [sys.executable, "-m", "spbe_actions", "dispatch", "--now", late]
        held = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120)
        assert held.returncode == 0 and "terkirim 0, gagal 0" in held.stdout and server.mails == [], held
        forced = subprocess.run([*run, "--any-time"], env=env, capture_output=True, text=True, timeout=120)
        assert forced.returncode == 0 and "terkirim 2, gagal 0" in forced.stdout, forced
        assert len(server.mails) == 2
        wrong = subprocess.run([*run[:-1], "besok pagi"], env=env, capture_output=True, text=True, timeout=120)
        assert wrong.returncode == 2 and "--now" in wrong.stderr and "Traceback" not in wrong.stderr
    engine.dispose()
