"""``make demo``: the main job end to end on the embedded default (SQLite file + the sample plan)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine, stored_id
from spbe_actions.app.setup import index_pair, init_database
from spbe_actions.cli.setup import print_init
from spbe_actions.cli.views import index_notes, index_table
from spbe_actions.domain.i18n import label, t
from spbe_actions.domain.index import exact_str

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from spbe_actions.domain.calendar import WorkCalendar


# What a demo run writes into its folder; a new run removes these first, so that two runs never mix (old mails
# with dead links, a database whose reminders went out already: "0 surel", "10 dari 4").
DEMO_OUTPUT = (
    "spbe.db", "spbe.db-wal", "spbe.db-shm", "mail", "chat", "prefect", "demo.env", "koordinator.txt",
    "laporan-spbe-*",
)  # fmt: skip


def fresh_output(out_dir: Path) -> list[Path]:
    """Remove the previous run's output from ``out_dir`` (only what the demo writes); the paths removed."""
    import shutil

    gone = [p for pattern in DEMO_OUTPUT for p in sorted(out_dir.glob(pattern))]
    for p in gone:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
    return gone


def run(out_dir: Path, console: Console, now: dt.datetime) -> None:
    """Load the sample plan into ``out_dir/spbe.db`` and print the current and target index (a fresh run: the
    previous run's database, mails, chat posts and reports in ``out_dir`` are removed first)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fresh_output(out_dir)
    url = os.environ.get("SPBE_DATABASE_URL") or f"sqlite:///{(out_dir / 'spbe.db').resolve()}"
    plan_path = get_settings().plan
    console.rule(f"[bold]spbe-actions demo[/] — {plan_path.name}")
    result = init_database(plan_path, now=now, url=url)
    print_init(result)
    engine = open_engine(url)
    try:
        _external_value(engine, console, now)
        pair = index_pair(engine)
        _checklist(engine, console)
    finally:
        engine.dispose()
    console.print(index_table(pair.framework, pair.current, f"{result.name} — {pair.current_year}"))
    for line in index_notes(pair.framework):
        console.print(line, highlight=False)
    if pair.history:
        console.print(f"{t('demo_history')}:", highlight=False)
    for h in pair.history:
        console.print(
            f"  {h.year}  [bold]{h.value} {h.predicate}[/]  ({h.index_name}, {h.regulation})", highlight=False
        )
    gain = pair.target.exact - pair.current.exact
    console.print(
        f"{t('demo_current', year=pair.current_year)}: [bold]{pair.current.value} {pair.current.predicate}[/]"
        f" ({exact_str(pair.current.exact)})",
        highlight=False,
    )
    console.print(
        f"{t('demo_target', year=pair.target_year)}: [bold]{pair.target.value} {pair.target.predicate}[/]"
        f" ({exact_str(pair.target.exact)})",
        highlight=False,
    )
    console.print(f"{t('demo_gain')}: +{exact_str(gain)}", highlight=False)
    _recurring_work(out_dir, url, console, now)


DEMO_VALUE = "3.42"  # an illustrative value for the first external indicator (Bappenas' Satu Data score)


def _external_value(engine: Engine, console: Console, now: dt.datetime) -> None:
    """Enter one external value as the coordinator would (`spbe external set`); the others stay awaited."""
    from spbe_actions import store
    from spbe_actions.app.checklist import set_external
    from spbe_actions.app.common import framework_of, require_instansi
    from spbe_actions.domain.external import ExternalInput
    from spbe_actions.domain.lifecycle import COORDINATOR
    from spbe_actions.store import engine as db

    with db.read(engine) as session:
        inst = require_instansi(session)
        fw = framework_of(inst)
        who = next(p.key for p in store.people_roles(session, stored_id(inst)) if p.role == COORDINATOR)
    if not fw.external:
        return
    ind, source = next(iter(fw.external.items()))
    day = now.date() - dt.timedelta(days=10)
    note = f"{source.source}, {source.measure} {day.year} ({t('demo_example')})"
    set_external(engine, [ExternalInput(ind, Decimal(DEMO_VALUE), day, note)], who, now)
    console.print(t("demo_external", id=ind, value=DEMO_VALUE, source=note, rest=", ".join(list(fw.external)[1:])))


def _checklist(engine: Engine, console: Console) -> None:
    """The item-scored indicators: the level the assessors count now, and once every item is accepted."""
    from spbe_actions.app.checklist import checklist
    from spbe_actions.cli.views import checklist_tables

    view = checklist(engine)
    if view.summary:
        console.print(checklist_tables(view)[0])


def next_quarter_end(today: dt.date) -> dt.date:
    """The last day of the quarter after the one ``today`` is in."""
    q = (today.month - 1) // 3 + 1  # 1..4
    year, nq = (today.year + 1, 1) if q == 4 else (today.year, q + 1)
    last_month = nq * 3
    return dt.date(year, last_month, 31 if last_month in (3, 12) else 30)


LOOKBACK = dt.timedelta(days=120)


def _recurring_work(out_dir: Path, url: str, console: Console, now: dt.datetime) -> None:
    """Schedule as if the engine had run for 120 days, replay the OPDs' work, then run today's schedule."""
    from spbe_actions.app.figures import completion, tasks
    from spbe_actions.cli.schedule import run_schedule
    from spbe_actions.cli.views import completion_table, tasks_table
    from spbe_actions.demo.activity import record_activity

    os.environ.setdefault("PREFECT_HOME", str((out_dir / "prefect").resolve()))
    os.environ["SPBE_DATABASE_URL"] = url
    get_settings.cache_clear()  # settings are read once per process: read them again
    start, until = now - LOOKBACK, next_quarter_end(now.date())
    console.rule(t("demo_rule_schedule", start=start.date(), until=until))
    run_schedule(console, None, until, dry_run=False, now=start, since=start.date())
    engine = open_engine(url)
    try:
        outcomes = record_activity(engine, now)
        console.rule(t("demo_rule_activity"))
        tally = sorted((t(f"do_{code}"), n) for code, n in outcomes.items())
        console.print(", ".join(f"{name}: {n}" for name, n in tally), highlight=False)
        console.rule(t("demo_rule_today"))
        run_schedule(console, None, until, dry_run=False, now=now)
        console.print(completion_table(completion(engine, now, "opd"), "opd"))
        late = tasks(engine, now, late_only=True)
        if late:
            shown = late[:10]
            console.print(tasks_table(shown, t("tt_tasks_late_top", shown=len(shown), n=len(late))))
        _reminders(out_dir, engine, console, now)
    finally:
        engine.dispose()


def reminder_time(now: dt.datetime, zone: str, cal: WorkCalendar) -> dt.datetime:
    """``now`` if it is inside working hours, else 09:00 of the next working day (local time): never before the
    work scheduled at ``now`` opened, so no mail is dated before its task."""
    from zoneinfo import ZoneInfo

    local = now.astimezone(ZoneInfo(zone))
    if cal.is_working_day(local.date()) and dt.time(8) <= local.time() < dt.time(16):
        return now
    day = local.date() if local.time() < dt.time(8) else local.date() + dt.timedelta(days=1)
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9), ZoneInfo(zone)).astimezone(dt.UTC)


def _reminders(out_dir: Path, engine: Engine, console: Console, now: dt.datetime) -> None:
    """Send the day's reminders through a local SMTP server (.eml files) and a local chat webhook."""
    from collections import Counter

    from spbe_flows.remind import remind
    from spbe_flows.report import report

    from spbe_actions.adapters.formats import moment
    from spbe_actions.app.common import require_instansi
    from spbe_actions.app.reminders.dispatch import outbox
    from spbe_actions.demo.servers import start_smtp, start_webhook
    from spbe_actions.domain.plan import work_calendar
    from spbe_actions.store import engine as db

    web_env = _web_env(out_dir, engine)
    smtp, drop = start_smtp(out_dir / "mail")
    hook, posts = start_webhook(out_dir / "chat")
    os.environ.update(
        SPBE_SMTP_HOST="127.0.0.1",
        SPBE_SMTP_PORT=str(smtp.port),
        SPBE_CHAT_REDIRECT=f"json://127.0.0.1:{hook.server_port}/demo?image=no",
    )
    get_settings.cache_clear()
    try:
        with db.read(engine) as session:
            inst = require_instansi(session)
        when = reminder_time(now, inst.timezone, work_calendar(inst.calendar))
        console.rule(t("demo_rule_remind", at=moment(when, inst.timezone)))
        counts = remind(now=when)
        os.environ["SPBE_REPORT_DIR"] = str(out_dir)
        get_settings.cache_clear()
        weekly = report(now=when)  # the coordinator's report, artifacts and the weekly digests (same SMTP)
        rows = outbox(engine, instansi=inst.code)
    finally:
        smtp.stop()
        hook.shutdown()
    console.print(
        t(
            "demo_sent", queued=counts["queued"], sent=counts["sent"], failed=counts["failed"], mails=drop.count,
            mail_dir=out_dir / "mail", posts=len(posts), chat_dir=out_dir / "chat",
        ),
        highlight=False,
    )  # fmt: skip
    html = sorted(out_dir.glob("laporan-spbe-*.html"))
    report_path = html[-1] if html else t("demo_none")
    console.print(
        t("demo_report", path=report_path, digests=weekly["digests"], sent=weekly["sent"]), highlight=False
    )
    per = Counter((r.kind, r.channel or r.status) for r in rows)
    for (kind, channel), n in sorted(per.items()):
        console.print(f"  {label('message', kind):<22} {t('demo_via', channel=channel):<16} {n}", highlight=False)
    for r in sorted(rows, key=lambda r: r.person_key):
        console.print(
            f"  {r.person_key:<22} {label('message', r.kind):<22} {r.channel or r.status:<8} {r.subject}",
            highlight=False,
            markup=False,
            soft_wrap=True,  # one line per message
        )
    _print_link(out_dir, engine, console, when, web_env)


def _web_env(out_dir: Path, engine: Engine) -> dict[str, str]:
    """A fresh link secret and the web settings, kept in demo-output/demo.env for `spbe web`."""
    import secrets

    from spbe_actions.domain.passwords import hash_password

    password = secrets.token_urlsafe(12)  # a local demo login, written next to the demo database
    env = {
        "SPBE_DATABASE_URL": str(engine.url),
        "SPBE_BASE_URL": "http://127.0.0.1:8080",
        "SPBE_LINK_SECRET": secrets.token_urlsafe(32),
        "SPBE_COORDINATOR_PASSWORD_HASH": hash_password(password),
    }
    (out_dir / "koordinator.txt").write_text(f"koordinator / {password}\n", encoding="utf-8")
    os.environ.update(env)
    get_settings.cache_clear()
    (out_dir / "demo.env").write_text("".join(f"{k}='{v}'\n" for k, v in env.items()), encoding="utf-8")
    return env


def _print_link(out_dir: Path, engine: Engine, console: Console, when: dt.datetime, env: dict[str, str]) -> None:
    """One working signed link of a sample focal point, and how to open it."""
    from spbe_actions import store
    from spbe_actions.app.common import require_instansi
    from spbe_actions.app.figures import tasks
    from spbe_actions.domain.lifecycle import FOCAL_POINT, Actor
    from spbe_actions.domain.links import make_link
    from spbe_actions.store import engine as db

    with db.read(engine) as session:
        inst = require_instansi(session)
        focal = [p for p in store.people(session, stored_id(inst)) if p.role == FOCAL_POINT]
    for p in focal:
        views = tasks(engine, when, Actor(p.key, FOCAL_POINT, p.opd_id, p.id))
        if views:
            link = make_link(env["SPBE_BASE_URL"], env["SPBE_LINK_SECRET"], "act", p.id, views[0].row.id, when, 30)
            console.rule(t("demo_rule_link"))
            console.print(
                t("demo_link_for", name=p.name, key=p.key, id=views[0].row.id, title=views[0].row.title),
                highlight=False,
            )
            console.print(link, highlight=False, markup=False, soft_wrap=True)
            console.print(t("demo_open_with", env=out_dir / "demo.env"), highlight=False)
            console.print(
                t("demo_coordinator_page", login=out_dir / "koordinator.txt"),
                highlight=False,
            )
            return
