"""``make demo``: the main job end to end on the embedded default (SQLite file + the sample plan)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from rich.console import Console

from .i18n import t
from .index import exact_str
from .service import index_pair, init_database, open_engine
from .settings import get_settings
from .views import index_table


def run(out_dir: Path, console: Console, now: dt.datetime) -> None:
    """Load the sample plan into ``out_dir/spbe.db`` and print the current and target index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("SPBE_DATABASE_URL") or f"sqlite:///{(out_dir / 'spbe.db').resolve()}"
    plan_path = get_settings().plan
    console.rule(f"[bold]spbe-actions demo[/] — {plan_path.name}")
    result = init_database(plan_path, now=now, url=url)
    console.print(
        t(
            "cli_init_done",
            url=result.url,
            opds=result.counts.opds,
            people=result.counts.people,
            actions=result.counts.actions,
            name=result.name,
        ),
        highlight=False,
    )
    engine = open_engine(url)
    try:
        pair = index_pair(engine)
    finally:
        engine.dispose()
    console.print(index_table(pair.framework, pair.current, f"{result.name} — {pair.current_year}"))
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


def next_quarter_end(today: dt.date) -> dt.date:
    """The last day of the quarter after the one ``today`` is in."""
    q = (today.month - 1) // 3 + 1  # 1..4
    year, nq = (today.year + 1, 1) if q == 4 else (today.year, q + 1)
    last_month = nq * 3
    return dt.date(year, last_month, 31 if last_month in (3, 12) else 30)


LOOKBACK = dt.timedelta(days=120)


def _recurring_work(out_dir: Path, url: str, console: Console, now: dt.datetime) -> None:
    """Schedule as if the engine had run for 120 days, replay the OPDs' work, then run today's schedule."""
    from .demo_activity import record_activity
    from .figures import completion, tasks
    from .schedule_cli import run_schedule
    from .tracking_cli import completion_table, tasks_table

    os.environ.setdefault("PREFECT_HOME", str((out_dir / "prefect").resolve()))
    os.environ["SPBE_DATABASE_URL"] = url
    start, until = now - LOOKBACK, next_quarter_end(now.date())
    console.rule(f"Penjadwalan tugas berulang {start.date()} s.d. {until} (Prefect, mode ephemeral)")
    run_schedule(console, None, until, dry_run=False, now=start, since=start.date())
    engine = open_engine(url)
    try:
        outcomes = record_activity(engine, now)
        console.rule("Aktivitas OPD selama 120 hari terakhir (simulasi)")
        console.print(", ".join(f"{name}: {n}" for name, n in sorted(outcomes.items())), highlight=False)
        console.rule("Penjadwalan hari ini (membuka jendela tugas)")
        run_schedule(console, None, until, dry_run=False, now=now)
        console.print(completion_table(completion(engine, now, "opd"), "opd"))
        late = tasks(engine, now, late_only=True)
        console.print(
            tasks_table(late[:10], f"Tugas terlambat teratas (10 dari {len(late)}), menurut poin indeks")
        )
    finally:
        engine.dispose()
