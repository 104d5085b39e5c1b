"""Terminal side of ``spbe schedule`` and ``spbe calendar``: Rich output over the scheduling use case."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spbe_actions.adapters.render import tanggal
from spbe_actions.app.common import open_engine, require_instansi
from spbe_actions.app.scheduling import (
    DomainReport,
    domains_to_schedule,
    moved_dues,
    schedule_domain,
    work_calendar,
)
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.store import engine as db

COLUMNS = [
    ("created", "Dibuat"),
    ("moved", "Dipindah"),
    ("removed", "Dihapus"),
    ("kept", "Dibiarkan"),
    ("unchanged", "Tetap"),
    ("opened", "Dibuka"),
]


def _domains(engine, domain: str | None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    known = domains_to_schedule(engine)
    if domain is None:
        return known
    match = [d for d in known if d[0] == domain]
    if not match:
        names = ", ".join(d for d, _ in known)
        raise InputError(
            [
                Problem(
                    "--domain", f"domain '{domain}' tidak punya aksi aktif atau tidak dikenal; yang ada: {names}"
                )
            ]
        )
    return match


def run_schedule(
    console: Console,
    domain: str | None,
    until: dt.date | None,
    dry_run: bool,
    now: dt.datetime,
    since: dt.date | None = None,
) -> dict[str, dict[str, int]]:
    """Materialise each domain (as a Prefect flow run, or without Prefect for a dry run); print a summary."""
    engine = open_engine()
    domains = _domains(engine, domain)
    results: dict[str, dict[str, int]] = {}
    reports: list[DomainReport] = []
    if dry_run:
        reports = [schedule_domain(engine, d, now, until=until, since=since, dry_run=True) for d, _ in domains]
        results = {r.domain: r.counts() for r in reports}
    else:
        results = _run_flows(console, [d for d, _ in domains], until, now, since)
    engine.dispose()
    console.print(summary_table(domains, results, dry_run))
    for r in reports:
        _print_dry_run_items(console, r)
    return results


def _run_flows(
    console: Console, domains: list[str], until: dt.date | None, now: dt.datetime, since: dt.date | None
) -> dict:
    from spbe_actions.adapters import prefect_env

    prefect_env.apply(quiet=True)
    from spbe_flows.schedule import schedule_domain as flow  # imported here: Prefect is slow to import

    results = {}
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("Menyiapkan Prefect…", total=len(domains))
        for d in domains:
            progress.update(bar, description=f"Menjadwalkan {d}")
            results[d] = flow(domain=d, until=until, now=now, since=since)
            progress.advance(bar)
    return results


def summary_table(domains: list[tuple[str, str]], results: dict[str, dict[str, int]], dry_run: bool) -> Table:
    title = "Penjadwalan (uji coba, tidak disimpan)" if dry_run else "Penjadwalan"
    table = Table(title=title, title_justify="left")
    table.add_column("Domain manajemen", min_width=26, overflow="fold")
    for _, label in COLUMNS:
        table.add_column(label, justify="right")
    for d, name in domains:
        table.add_row(name, *[str(results[d][k]) for k, _ in COLUMNS])
    return table


def _print_dry_run_items(console: Console, r: DomainReport) -> None:
    for label, items in (("akan dibuat", r.created), ("akan dipindah", r.moved), ("akan dihapus", r.removed)):
        for x in items:
            before = f" (sebelumnya {x.before})" if x.before else ""
            console.print(
                f"  {r.domain}: {label}: {x.action} · {x.opd} · {x.period} · tenggat {x.due}{before}",
                highlight=False,
            )


def show_calendar(console: Console, year: int) -> None:
    """Holidays and cuti bersama of ``year``, local holidays, extra working days, and due dates moved."""
    engine = open_engine()
    with db.session(engine) as session:
        inst = require_instansi(session)
    cal = work_calendar(inst.calendar)
    table = Table(title=f"Kalender kerja {year} — {inst.name} ({inst.timezone})", title_justify="left")
    for col in ("Tanggal", "Nama", "Jenis"):
        table.add_column(col)
    for day, (name, kind) in cal.holidays(year).items():
        table.add_row(tanggal(day), name, kind)
    for day in sorted(d for d in cal.extra_working_days if d.year == year):
        table.add_row(tanggal(day), "hari kerja tambahan", "masuk kerja")
    console.print(table)
    moved = Table(title=f"Tenggat yang digeser ke hari kerja ({year})", title_justify="left")
    for col in ("Aksi", "Periode", "Menurut aturan", "Tenggat"):
        moved.add_column(col)
    for key, period, nominal, due in moved_dues(engine, year):
        moved.add_row(key, period, tanggal(nominal), tanggal(due))
    engine.dispose()
    console.print(moved)
