"""Scale benchmark (issue #8): every phase of the engine, per size and database, each in its own process.

    python bench/run.py                                   # city + province, SQLite + PostgreSQL (make bench)
    python bench/run.py --sizes national                  # opt-in: 600 instansi (make bench-national)
    python bench/run.py --sizes city --backends sqlite    # a quick look

For each size and backend it generates the synthetic plans (bench/generate.py), creates a fresh database (a
SQLite file, or a PostgreSQL database ``bench_<size>`` on 127.0.0.1:5432, prefix from SPBE_BENCH_PG_PREFIX) and
runs the phases in order, each in a new Python process so its peak RSS is its own: plan load, one year of
materialisation, the status mix (set-up), the raw-SQL floors and the daily sweep on a first day, the day
before's sweep (set-up: it stores each item's next step date), the floors and the sweep on an ordinary day,
digest rendering, queueing, the weekly figures; at ``city`` also the naive per-row baseline, dispatch of 1,000
digests to a local SMTP server (sequential and concurrent), the Prefect flows (ours and one task per row) and
the start-up of ``spbe status`` / ``spbe index``. It prints one line per phase and writes every figure to a JSON
file (``--out``); ``--markdown`` prints the table that bench/README.md records. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402

# The benchmark's clock: one year materialised from 1 January, the sweep on a Wednesday morning in October.
YEAR_START = dt.datetime(2025, 1, 1, 1, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2025, 10, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB, 11:00 WITA, 12:00 WIT: in every window
SEED = 1
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SMTP_LATENCY = 0.05  # seconds a relay takes to accept a message (a real one: TLS, checks, disk); 0 = loopback
DISPATCH_N = 1000
CONCURRENCY = 16

# ---------------------------------------------------------------------------------------------- phases
# Each phase runs in its own process: ``phase(url, ctx) -> dict`` with at least seconds and rows.


def _engine(url: str):  # type: ignore[no-untyped-def]
    from spbe_actions.app.common import open_engine

    return open_engine(url, migrate=False)


def _codes(engine) -> list[str]:  # type: ignore[no-untyped-def]
    from spbe_actions import store
    from spbe_actions.store import engine as db

    with db.session(engine) as s:
        return [i.code for i in store.all_instansi(s)]


def _server_cpu(engine) -> Callable[[], float | None]:  # type: ignore[no-untyped-def]
    """CPU seconds the PostgreSQL backend serving this process spends from now (read from /proc: the server runs
    on this machine; the pool hands the one connection back each time), or None (SQLite: in the process)."""
    if engine.dialect.name != "postgresql":
        return lambda: None
    with engine.connect() as conn:
        pid = conn.exec_driver_sql("select pg_backend_pid()").scalar_one()

    def cpu() -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    start = cpu()
    return lambda: None if start is None or cpu() is None else round(cpu() - start, 2)  # type: ignore[operator]


def phase_load(url: str, ctx: dict) -> dict:
    """Plan files -> database: parse and validate each YAML plan, upsert it (one transaction per instansi)."""
    from spbe_actions import store
    from spbe_actions.adapters import config
    from spbe_actions.app.common import open_engine
    from spbe_actions.store import engine as db

    engine = open_engine(url, create=True)  # makes and migrates the fresh database (not timed)
    paths = sorted(Path(ctx["plans"]).glob("*.yaml"))
    start = time.perf_counter()
    rows = 0
    for path in paths:
        plan, _ = config.plan(path)
        with db.session(engine) as session, session.begin():
            c = store.save_plan(session, plan, YEAR_START)
        rows += c.opds + c.people + c.actions
    return dict(seconds=time.perf_counter() - start, rows=rows, instansi=len(paths))


def phase_materialise(url: str, ctx: dict) -> dict:
    """One year of occurrences for every instansi and management domain (``schedule_all``: batches of instansi,
    a few set-based statements each)."""
    from spbe_actions.app.scheduling import schedule_all

    engine = _engine(url)
    server = _server_cpu(engine)
    start, cpu = time.perf_counter(), time.process_time()
    counts = schedule_all(engine, YEAR_START, until=dt.date(2025, 12, 31), since=dt.date(2025, 1, 1))
    created = sum(c.created for c in counts)
    return dict(
        seconds=time.perf_counter() - start,
        rows=created,
        calls=sum(c.domains for c in counts),
        cpu_s=round(time.process_time() - cpu, 2),  # this process
        server_cpu_s=server(),  # its PostgreSQL backend
    )


def phase_outcomes(url: str, ctx: dict) -> dict:
    """Set-up, not engine work: the status mix on the work due before NOW (bench fixture, set-based)."""
    from sqlalchemy import select, update

    from spbe_actions import store
    from spbe_actions.store import engine as db
    from spbe_actions.store import models as m

    engine = _engine(url)
    o = m.Occurrence
    today = NOW.date()
    start = time.perf_counter()
    counts: dict[str, int] = {}
    with db.session(engine) as session, session.begin():
        ids = list(session.execute(select(o.id).where(o.due < today).order_by(o.id)).scalars())
        for i in range(0, len(ids), 20000):
            mix = generate.status_mix(SEED, ids[i : i + 20000])
            by: dict[str, list[int]] = {}
            for oid, outcome in mix.items():
                by.setdefault(outcome, []).append(oid)
            for outcome, chunk in by.items():
                counts[outcome] = counts.get(outcome, 0) + len(chunk)
                values = {
                    "on_time": dict(status="verified", submitted_on=o.due),
                    "late": dict(status="verified", submitted_on=today),
                    "waived": dict(status="waived"),
                    "open": dict(status="open"),
                }[outcome]
                for k in range(0, len(chunk), 5000):
                    session.execute(update(o).where(o.id.in_(chunk[k : k + 5000])).values(**values))
            seen = [oid for oid in by.get("open", []) if oid % 10 == 0]  # one late item in ten was "seen"
            store.add_events(
                session,
                [
                    dict(occurrence_id=oid, event="seen", to_status="open", to_due=today, channel="link", at=NOW)
                    for oid in seen
                ],
            )
    return dict(seconds=time.perf_counter() - start, rows=len(ids), **counts)


def _until(engine) -> dt.date:  # type: ignore[no-untyped-def]
    from spbe_actions import store
    from spbe_actions.app.reminders.sweep import lookahead_days
    from spbe_actions.domain.calendar import local_today
    from spbe_actions.domain.plan import Reminders
    from spbe_actions.store import engine as db

    with db.session(engine) as s:
        return max(
            local_today(NOW, i.timezone)
            + dt.timedelta(days=lookahead_days(Reminders.model_validate(i.reminders or {})))
            for i in store.all_instansi(s)
        )


FLOOR_SQL = """
SELECT {what} FROM occurrence o JOIN action a ON a.id = o.action_id JOIN opd p ON p.id = o.opd_id
WHERE o.status IN ('scheduled', 'open', 'returned') AND a.active = {true} AND {part}
"""
# The rows the sweep must read (store.due_items): work never looked at within the lookahead, and work whose
# stored next step date has come. Before any sweep stored a date the first part is every chased row due by
# ``until`` (the floor of issue #8).
FLOOR_RUNS = 5  # a floor is the fastest of five runs (the strictest; the first one may warm the page cache)
FLOOR_PARTS = ("o.next_step_on IS NULL AND o.due <= '{until}'", "o.next_step_on <= '{today}'")
FLOOR_COLUMNS = (
    "o.instansi_id, o.id, o.opd_id, p.code, a.domain, a.priority, a.title, o.period, o.due, o.status,"
    " a.grace_days, o.action_id"
)


def _raw(url: str, what: str) -> tuple[float, float, int]:
    """(seconds, CPU seconds of this process, rows) of the floor's SQL; on SQLite the database works in this
    process, so its CPU time is the floor's own whatever the machine's load (on PostgreSQL the server's is not
    counted: compare wall times there)."""
    engine = _engine(url)
    true = "true" if "postgresql" in url else "1"
    until, today = _until(engine), NOW.date()  # 10:00 WIB: the same date in every zone
    parts = [FLOOR_SQL.format(what=what, true=true, part=p.format(until=until, today=today)) for p in FLOOR_PARTS]
    counting = what.startswith("count")
    sql = "SELECT " + " + ".join(f"({p})" for p in parts) if counting else " UNION ALL ".join(parts)
    conn = engine.raw_connection()
    times, cpus = [], []
    try:
        cur = conn.cursor()
        for _ in range(FLOOR_RUNS):
            start, cpu = time.perf_counter(), time.process_time()
            cur.execute(sql)
            rows = cur.fetchall()
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
    finally:
        conn.close()
    return min(times), min(cpus), (rows[0][0] if counting else len(rows))


def phase_floor(url: str, ctx: dict) -> dict:
    """The floor: raw SQL that only counts the rows the sweep must read (same predicates, no ORM, no Python)."""
    seconds, cpu, n = _raw(url, "count(*)")
    return dict(seconds=seconds, rows=n, cpu=cpu)


def phase_floor_read(url: str, ctx: dict) -> dict:
    """A second floor: the same rows fetched with the sweep's columns by a raw DB-API cursor."""
    seconds, cpu, n = _raw(url, FLOOR_COLUMNS)
    return dict(seconds=seconds, rows=n, cpu=cpu)


# Everything else the sweep must read to reach its decisions, at the least: the "seen" events of that work,
# the people of its OPDs and the coordinators, the targets of its actions, every instansi's rules, calendar and
# zone, the current levels (stored, checklist items, external values) and the evidence that may expire (the
# evidence reminders are every instansi's, every day). Each a count in raw SQL; the work itself by its two
# index-friendly parts, as above.
FLOOR_REST = {
    "seen": "SELECT count(*) FROM occurrence_event e WHERE e.event = 'seen' AND e.occurrence_id IN ({work_id})",
    "people": "SELECT count(*) FROM person p WHERE p.active = {true}"
    " AND (p.role = 'coordinator' OR p.opd_id IN ({work_opd_id}))",
    "targets": "SELECT count(*) FROM action_target t WHERE t.active = {true} AND t.action_id IN ({work_action_id})",
    "instansi": "SELECT count(*) FROM instansi",
    "levels": "SELECT count(*) FROM indicator_level v JOIN instansi i ON i.id = v.instansi_id"
    " WHERE v.kind = 'actual' AND v.year = i.current_year",
    "items": "SELECT count(*) FROM evidence_item WHERE active = {true}",
    "external": "SELECT count(*) FROM external_value x JOIN instansi i ON i.id = x.instansi_id"
    " WHERE x.year = i.current_year",
    "register": "SELECT count(*) FROM evidence_record WHERE active = {true}",
    "evidence": "SELECT count(*) FROM evidence e JOIN occurrence o ON o.id = e.occurrence_id"
    " WHERE o.status = 'verified' AND e.expires IS NOT NULL",
}


def phase_floor_all(url: str, ctx: dict) -> dict:
    """The complete floor: the work to look at (``floor``) and everything else the sweep must read with it,
    counted in raw SQL, one statement each."""
    engine = _engine(url)
    true = "true" if "postgresql" in url else "1"
    parts = [p.format(until=_until(engine), today=NOW.date()) for p in FLOOR_PARTS]
    chased = "o.status IN ('scheduled', 'open', 'returned')"
    work = {
        f"work_{col}": " UNION ALL ".join(
            f"SELECT o.{col} FROM occurrence o WHERE {chased} AND {p}" for p in parts
        )
        for col in ("id", "opd_id", "action_id")
    }
    statements = {
        f"work_{n}": FLOOR_SQL.format(what="count(*)", true=true, part=p)
        for n, p in zip(("new", "due"), parts, strict=True)
    }
    statements |= {name: sql.format(true=true, **work) for name, sql in FLOOR_REST.items()}
    conn = engine.raw_connection()
    counts, times, cpus = {}, [], []
    try:
        cur = conn.cursor()
        for _ in range(FLOOR_RUNS):
            start, cpu = time.perf_counter(), time.process_time()
            for name, sql in statements.items():
                cur.execute(sql)
                counts[name] = cur.fetchall()[0][0]
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
    finally:
        conn.close()
    return dict(seconds=min(times), rows=sum(counts.values()), cpu=min(cpus), **counts)


def phase_day_before(url: str, ctx: dict) -> dict:
    """Set-up: the remind flow's sweep of the day before (a first day: it records every step due and stores each
    item's next step date), so that the phases after it measure an ordinary day."""
    from spbe_actions.app.reminders.sweep import sweep

    engine = _engine(url)
    start = time.perf_counter()
    report = sweep(engine, NOW - dt.timedelta(days=1), keep_messages=False)
    return dict(seconds=time.perf_counter() - start, rows=report.recorded, messages=report.queued)


def phase_sweep(url: str, ctx: dict) -> dict:
    """The daily sweep's decisions for every instansi (set-based reads, pure policy); read-only."""
    from spbe_actions.app.reminders.sweep import decide_today
    from spbe_actions.store import engine as db

    engine = _engine(url)
    start, cpu = time.perf_counter(), time.process_time()
    with db.session(engine) as session:
        days = decide_today(session, NOW)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rows, decisions = sum(d.items for d in days), sum(len(d.decisions) for d in days)
    del days  # the peak RSS is one sweep's, not two
    warm = []  # the same call again in the same process: without the one-time costs (holidays, compiled SQL)
    for _ in range(3):
        again = time.perf_counter()
        with db.session(engine) as session:
            decide_today(session, NOW)
        warm.append(time.perf_counter() - again)
    return dict(seconds=seconds, rows=rows, decisions=decisions, cpu=cpu, warm=min(warm))


def phase_naive(url: str, ctx: dict) -> dict:
    """Baseline: the same decisions by an ORM loop per row."""
    from naive import naive_decisions

    from spbe_actions.store import engine as db

    engine = _engine(url)
    start = time.perf_counter()
    with db.session(engine) as session:
        decisions = naive_decisions(session, NOW)
    return dict(seconds=time.perf_counter() - start, rows=ctx.get("sweep_rows", 0), decisions=len(decisions))


def phase_render(url: str, ctx: dict) -> dict:
    """Render every digest of today's decisions (subject, text, HTML, chat) in the instansi's language."""
    from spbe_actions.app.reminders.sweep import decide_today, render_digest
    from spbe_actions.domain.reminder_policy import digests
    from spbe_actions.store import engine as db

    engine = _engine(url)
    with db.session(engine) as session:
        days = decide_today(session, NOW)
    start = time.perf_counter()
    n = size = 0
    for day in days:
        for g in digests(day.decisions):
            msg = render_digest(g, day.name, day.today, day.vocab, day.language)
            n += 1
            size += len(msg.text) + len(msg.html) + len(msg.chat)
    return dict(seconds=time.perf_counter() - start, rows=n, bytes=size)


def phase_queue(url: str, ctx: dict) -> dict:
    """The daily sweep as the remind flow runs it: decide, record each decision once, render, queue."""
    from spbe_actions.app.reminders.sweep import sweep

    engine = _engine(url)
    start = time.perf_counter()
    report = sweep(engine, NOW, keep_messages=False)  # as the remind flow runs it
    return dict(seconds=time.perf_counter() - start, rows=report.recorded, messages=report.queued)


def phase_weekly(url: str, ctx: dict) -> dict:
    """The weekly report's figures for every instansi: index, projection, completion per OPD and domain,
    late work, expiring evidence, history."""
    from spbe_actions.app.overview import build_all

    engine = _engine(url)
    server = _server_cpu(engine)
    start, cpu = time.perf_counter(), time.process_time()
    late = sum(len(ov.late) for ov in build_all(engine, NOW))
    return dict(
        seconds=time.perf_counter() - start,
        rows=ctx.get("occurrences", 0),
        late=late,
        cpu_s=round(time.process_time() - cpu, 2),
        server_cpu_s=server(),
    )


class Relay:
    """bench/smtp_sink.py in its own process: the relay's CPU is not ours, as on a real network."""

    def __init__(self, latency: float) -> None:
        from tests.servers import free_port

        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "bench" / "smtp_sink.py"),
                "--port",
                str(self.port),
                "--latency",
                str(latency),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout and self.proc.stdout.readline().strip() == "ready"

    def stop(self) -> int:
        """Stop the relay; how many messages it accepted."""
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=30)
        return int(out.split()[-1])


def _smtp_dispatch(url: str, latency: float) -> dict:
    from sqlalchemy import select

    from spbe_actions import store
    from spbe_actions.adapters import notify
    from spbe_actions.app.reminders.dispatch import dispatch
    from spbe_actions.store import engine as db
    from spbe_actions.store import models as m

    engine = _engine(url)
    relay = Relay(latency)
    smtp = notify.Smtp("127.0.0.1", relay.port)
    out: dict = {}
    try:
        dispatch(engine, NOW, smtp=smtp, limit=10**6, concurrency=CONCURRENCY)  # drain what the queue phase left
        with db.session(engine) as s:
            template = s.execute(select(m.Outbox).order_by(m.Outbox.id).limit(20)).scalars().all()
            people = [p[0] for p in store.people(s, template[0].instansi_id) if p[5]]
        for label, workers in (("sequential", 1), ("concurrent", CONCURRENCY)):
            rows = [
                (
                    store.outbox_row(
                        t.instansi_id,
                        f"bench:{label}:{latency}:{k}",
                        people[k % len(people)],
                        t.kind,
                        t.subject,
                        t.body_text,
                        t.body_html,
                        t.body_chat,
                        NOW,
                    ),
                    [],
                )
                for k, t in ((k, template[k % len(template)]) for k in range(DISPATCH_N))
            ]
            with db.session(engine) as s, s.begin():
                store.enqueue_many(s, rows)
            start = time.perf_counter()
            rep = dispatch(engine, NOW, smtp=smtp, limit=DISPATCH_N, concurrency=workers)
            out[label] = time.perf_counter() - start
            out[f"{label}_sent"] = rep.sent
    finally:
        out["relay_accepted"] = relay.stop()
    return out


def phase_dispatch(url: str, ctx: dict) -> dict:
    """1,000 digests to a local SMTP server whose relay takes SMTP_LATENCY s per message: sequential, concurrent."""
    r = _smtp_dispatch(url, SMTP_LATENCY)
    return dict(seconds=r["concurrent"], rows=DISPATCH_N, latency=SMTP_LATENCY, workers=CONCURRENCY, **r)


def phase_dispatch_loopback(url: str, ctx: dict) -> dict:
    """The same with no relay latency at all: what bounds dispatch is then the CPU (2 cores)."""
    r = _smtp_dispatch(url, 0.0)
    return dict(seconds=r["concurrent"], rows=DISPATCH_N, latency=0.0, workers=CONCURRENCY, **r)


def _copy_db(url: str, name: str) -> str:
    """A copy of the benchmark database (a file copy, or CREATE DATABASE ... TEMPLATE)."""
    if url.startswith("sqlite"):
        import shutil

        src = Path(url.removeprefix("sqlite:///"))
        dst = src.with_name(f"{src.stem}-{name}.db")
        shutil.copyfile(src, dst)
        return f"sqlite:///{dst}"
    base = url.rsplit("/", 1)[1]
    _pg_admin(f"DROP DATABASE IF EXISTS {base}_{name}", f"CREATE DATABASE {base}_{name} TEMPLATE {base}")
    return url.rsplit("/", 1)[0] + f"/{base}_{name}"


def _task_runs(flow_run_id) -> int:  # type: ignore[no-untyped-def]
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return len(runs)


def phase_prefect(url: str, ctx: dict) -> dict:
    """City size under a real Prefect API: our remind flow (coarse tasks) against one task per row, and our
    work called directly (no Prefect) on an identical copy: the difference is Prefect's overhead."""
    from naive import naive_flow
    from prefect.testing.utilities import prefect_test_harness

    from spbe_actions.app.reminders.dispatch import dispatch
    from spbe_actions.app.reminders.sweep import sweep
    from tests.support.servers import SmtpServer

    ours_url, naive_url, direct_url = (_copy_db(url, n) for n in ("ours", "naive", "direct"))
    server = SmtpServer()
    server.start()
    os.environ.update(SPBE_SMTP_HOST="127.0.0.1", SPBE_SMTP_PORT=str(server.port), SPBE_DATABASE_URL=ours_url)
    from spbe_actions.adapters.settings import get_settings

    get_settings.cache_clear()  # settings are read once per process
    from spbe_actions.adapters.notify import Smtp

    try:
        engine = _engine(direct_url)
        start = time.perf_counter()
        sweep(engine, NOW)
        dispatch(engine, NOW, smtp=Smtp("127.0.0.1", server.port))
        direct = time.perf_counter() - start
        with prefect_test_harness(server_startup_timeout=180):
            from spbe_flows.remind import remind

            start = time.perf_counter()
            state = remind(now=NOW, return_state=True)
            ours = time.perf_counter() - start
            ours_tasks = _task_runs(state.state_details.flow_run_id)
            flow = naive_flow(naive_url, NOW)
            start = time.perf_counter()
            state = flow(return_state=True)
            naive = time.perf_counter() - start
            naive_tasks = _task_runs(state.state_details.flow_run_id)
    finally:
        server.stop()
    return dict(
        seconds=ours,
        rows=ctx.get("sweep_rows", 0),
        direct=direct,
        task_runs=ours_tasks,
        naive_seconds=naive,
        naive_task_runs=naive_tasks,
    )


def phase_startup(url: str, ctx: dict) -> dict:
    """``spbe status`` and ``spbe index --json`` as a user runs them: new processes, median of 7."""
    env = {**os.environ, "SPBE_DATABASE_URL": url}
    levels = Path(ctx["work"]) / "levels.csv"
    levels.write_text("indicator,level\n" + "".join(f"{i},3\n" for i in range(1, 48)))
    out = {}
    for label, args in (("status", ["status"]), ("index", ["index", "--levels", str(levels), "--json"])):
        times = []
        for _ in range(8):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "spbe_actions", *args], env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        out[label] = statistics.median(times[1:])  # the first run only warms the page cache
    return dict(seconds=out["status"], rows=0, **out)


def phase_instansi(url: str, ctx: dict) -> dict:
    """One instansi of many (a middle one): ``spbe status --instansi X`` and ``spbe report --instansi X`` as a
    coordinator runs them (new processes, median of 5), and the overseer's league of every instansi."""
    from spbe_actions.app.overseer import league

    engine = _engine(url)
    codes = _codes(engine)
    code = codes[len(codes) // 2]
    env = {**os.environ, "SPBE_DATABASE_URL": url, "SPBE_NOW": NOW.isoformat()}
    out: dict = {"instansi": code}
    for label, args in (
        ("status", ["status", "--instansi", code]),
        ("report", ["report", "--instansi", code, "--out", str(Path(ctx["work"]) / "laporan")]),
    ):
        times = []
        for _ in range(6):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "spbe_actions", *args], env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        out[label] = statistics.median(times[1:])  # the first run only warms the page cache
    start = time.perf_counter()
    rows = len(league(engine, NOW).rows)
    out["league"] = time.perf_counter() - start
    engine.dispose()
    return dict(seconds=out["league"], rows=rows, **out)


PHASES: dict[str, Callable[[str, dict], dict]] = {
    "load": phase_load,
    "materialise": phase_materialise,
    "outcomes": phase_outcomes,
    "floor_first": phase_floor,  # a first day: no next step date stored yet
    "floor_read_first": phase_floor_read,
    "floor_all_first": phase_floor_all,
    "sweep_first": phase_sweep,
    "day_before": phase_day_before,
    "floor": phase_floor,  # an ordinary day: the day before stored the dates
    "floor_read": phase_floor_read,
    "floor_all": phase_floor_all,
    "sweep": phase_sweep,
    "naive_sweep": phase_naive,
    "render": phase_render,
    "prefect": phase_prefect,
    "queue": phase_queue,
    "dispatch": phase_dispatch,
    "dispatch_loopback": phase_dispatch_loopback,
    "weekly": phase_weekly,
    "startup": phase_startup,
    "instansi": phase_instansi,
}
CITY_ONLY = {"naive_sweep", "prefect", "dispatch", "dispatch_loopback", "startup"}
MANY_ONLY = {"instansi"}  # needs several instansi

# ---------------------------------------------------------------------------------------------- driver


def _pg_admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def fresh_db(backend: str, size: str, work: Path) -> str:
    if backend == "sqlite":
        path = work / f"bench-{size}.db"
        for p in work.glob(f"bench-{size}*.db*"):
            p.unlink()
        return f"sqlite:///{path}"
    name = f"{os.environ.get('SPBE_BENCH_PG_PREFIX', 'bench')}_{size}"  # apart when two runs share the server
    _pg_admin(
        *(f"DROP DATABASE IF EXISTS {name}_{n}" for n in ("ours", "naive", "direct")),
        f"DROP DATABASE IF EXISTS {name}",
        f"CREATE DATABASE {name}",
    )
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def run_phase(name: str, url: str, ctx: dict) -> dict:
    """Run one phase in a new process; its figures and its own peak RSS come back as JSON."""
    proc = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--url", url, "--ctx", json.dumps(ctx)],
        capture_output=True,
        text=True,
        env={**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"},
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"phase {name} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child(name: str, url: str, ctx: dict) -> None:
    result = PHASES[name](url, ctx)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, default=str))


def bench(size: str, backend: str, work: Path, only: set[str] | None) -> list[dict]:
    plans = work / f"plans-{size}"
    if not plans.exists():
        generate.write_plans(size, SEED, plans)
    url = fresh_db(backend, size, work)
    ctx: dict = {"plans": str(plans), "work": str(work)}
    out = []
    for name in PHASES:
        if name in CITY_ONLY and size != "city" or name in MANY_ONLY and size == "city":
            continue
        if only and name not in only and name != "load":
            continue
        r = run_phase(name, url, ctx)
        r.update(phase=name, size=size, backend=backend)
        if name == "materialise":
            ctx["occurrences"] = r["rows"]
        if name == "sweep":
            ctx["sweep_rows"] = r["rows"]
        out.append(r)
        rate = f"{r['rows'] / r['seconds']:>10.0f}" if r["rows"] and r["seconds"] else f"{'':>10}"
        extra = {k: v for k, v in r.items() if k not in {"phase", "size", "backend", "seconds", "rows", "rss_mb"}}
        print(
            f"{size:<9}{backend:<11}{name:<18}{r['seconds']:>9.3f} s {r['rows']:>9} rows {rate} rows/s"
            f" {r['rss_mb']:>7.0f} MB  {json.dumps(extra, default=str)}",
            flush=True,
        )
    return out


def ratios(runs: list[dict]) -> None:
    """Our time / floor for the sweep; naive / ours at city size (added to the runs in place)."""
    by = {(r["size"], r["backend"], r["phase"]): r for r in runs}
    for (size, backend, phase), r in by.items():
        first = "_first" if phase.endswith("_first") else ""
        floor = by.get((size, backend, f"floor{first}"))
        read = by.get((size, backend, f"floor_read{first}"))
        every = by.get((size, backend, f"floor_all{first}"))
        if phase in {"sweep", "sweep_first", "naive_sweep"} and floor:
            r["ratio_floor"] = r["seconds"] / floor["seconds"]
            r["ratio_floor_read"] = r["seconds"] / read["seconds"] if read else None
            r["ratio_floor_all"] = r["seconds"] / every["seconds"] if every else None
            if backend == "sqlite" and r.get("cpu") and floor.get("cpu") and every and every.get("cpu"):
                r["ratio_floor_cpu"] = r["cpu"] / floor["cpu"]
                r["ratio_floor_all_cpu"] = r["cpu"] / every["cpu"]
        naive = by.get((size, backend, "naive_sweep"))
        if phase == "sweep" and naive:
            r["naive_over_ours"] = naive["seconds"] / r["seconds"]
        if phase == "prefect":
            r["naive_over_ours"] = r["naive_seconds"] / r["seconds"]
        if phase.startswith("dispatch"):
            r["sequential_over_concurrent"] = r["sequential"] / r["concurrent"]


def markdown(runs: list[dict]) -> str:
    lines = [
        "| size | backend | phase | time s | rows | rows/s | peak RSS MB | ours / floor (count; read) | naive / ours |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        rate = f"{r['rows'] / r['seconds']:,.0f}" if r["rows"] and r["seconds"] else ""
        floor = ""
        if r.get("ratio_floor") is not None:
            floor = f"{r['ratio_floor']:.1f}×; {r['ratio_floor_read']:.1f}×"
            if r.get("ratio_floor_all") is not None:
                floor += f"; all {r['ratio_floor_all']:.1f}×"
            if r.get("ratio_floor_cpu") is not None:
                floor += f" (CPU: {r['ratio_floor_cpu']:.1f}×; all {r['ratio_floor_all_cpu']:.1f}×)"
        naive = f"{r['naive_over_ours']:.1f}×" if r.get("naive_over_ours") else ""
        if r["phase"].startswith("dispatch"):
            naive = f"seq/conc {r['sequential_over_concurrent']:.1f}× (seq {r['sequential']:.2f} s)"
        if r["phase"] == "prefect":
            naive += f" ({r['task_runs']} vs {r['naive_task_runs']} task runs; direct {r['direct']:.2f} s)"
        if r["phase"] == "startup":
            naive = f"status {r['status']:.3f} s, index {r['index']:.3f} s"
        if r["phase"] == "instansi":
            naive = f"status --instansi {r['status']:.3f} s, report --instansi {r['report']:.3f} s"
        lines.append(
            f"| {r['size']} | {r['backend']} | {r['phase']} | {r['seconds']:.3f} | {r['rows']:,} | {rate} |"
            f" {r['rss_mb']:.0f} | {floor} | {naive} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="city,province", help="comma-separated: city, province, national")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--only", default="", help="comma-separated phases (load always runs)")
    parser.add_argument("--work", type=Path, help="folder for plans and SQLite files (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="JSON result file (default: bench/results/<sizes>.json)")
    parser.add_argument("--markdown", action="store_true", help="also print the table for bench/README.md")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--ctx", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        child(args.phase, args.url, json.loads(args.ctx))
        return 0
    sizes = [s for s in args.sizes.split(",") if s]
    backends = [b for b in args.backends.split(",") if b]
    unknown = [s for s in sizes if s not in generate.SIZES] + [
        b for b in backends if b not in {"sqlite", "postgresql"}
    ]
    if unknown:
        print(f"bench/run.py: tidak dikenal / unknown: {', '.join(unknown)}", file=sys.stderr)
        return 2
    only = {p for p in args.only.split(",") if p} or None
    started = time.perf_counter()
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="spbe-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for backend in backends:
                runs += bench(size, backend, work, only)
    ratios(runs)
    result = dict(
        date=dt.date.today().isoformat(),
        command=" ".join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        machine=f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        seconds=time.perf_counter() - started,
        runs=runs,
    )
    out = args.out or REPO / "bench" / "results" / f"{'-'.join(sizes)}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(f"\n{result['machine']}; {result['seconds']:.0f} s in all; figures in {out}")
    if args.markdown:
        print(markdown(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
