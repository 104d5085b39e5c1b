"""``spbe schedule``, ``spbe calendar``, ``spbe serve`` and ``spbe deploy``: recurring work and its deployments.

``schedule`` runs each domain's flow once in Prefect's ephemeral mode (``--dry-run``: without Prefect); ``serve``
and ``deploy`` register the deployments of ``flows/`` (imported only here, lazily: Prefect is slow to import).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from spbe_actions.cli.main import INSTANSI, app, h, now, out, usage_error
from spbe_actions.cli.views import CliTable, fixed_column, table_of, text_column
from spbe_actions.domain.calendar import holiday_label, tanggal
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import lang, t

if TYPE_CHECKING:  # imported inside the commands: every `spbe` call loads this module
    from sqlalchemy import Engine

    from spbe_actions.app.scheduling import DomainReport

COLUMNS = ["created", "moved", "removed", "kept", "unchanged", "opened"]  # heads: sch_<name> in the catalogue


def _domains(engine: Engine, domain: str | None, instansi: str | None) -> list[tuple[str, str]]:
    from spbe_actions.app.scheduling import domains_to_schedule

    known = domains_to_schedule(engine, instansi)
    if domain is None:
        return known
    match = [d for d in known if d[0] == domain]
    if not match:
        names = ", ".join(d for d, _ in known)
        raise InputError([Problem("--domain", t("c_domain_unknown", domain=domain, known=names))])
    return match


def run_schedule(
    console: Console,
    domain: str | None,
    until: dt.date | None,
    dry_run: bool,
    now: dt.datetime,
    since: dt.date | None = None,
    instansi: str | None = None,
) -> dict[str, dict[str, int]]:
    """Materialise each domain (as a Prefect flow run, or without Prefect for a dry run); print a summary."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.scheduling import schedule_domain

    engine = open_engine()
    domains = _domains(engine, domain, instansi)
    results: dict[str, dict[str, int]] = {}
    reports: list[DomainReport] = []
    if dry_run:
        reports = [
            schedule_domain(engine, d, now, until=until, since=since, dry_run=True, instansi=instansi)
            for d, _ in domains
        ]
        results = {r.domain: r.counts() for r in reports}
    else:
        results = _run_flows(console, domains, until, now, since, instansi)
    engine.dispose()
    console.print(summary_table(domains, results, dry_run))
    for r in reports:
        _print_dry_run_items(console, r)
    return results


def _run_flows(
    console: Console,
    domains: list[tuple[str, str]],
    until: dt.date | None,
    now: dt.datetime,
    since: dt.date | None,
    instansi: str | None,
) -> dict:
    from spbe_actions.adapters import prefect_env

    prefect_env.apply(quiet=True)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from spbe_flows.schedule import schedule_domain as flow  # imported here: Prefect is slow to import

    results = {}
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task(t("c_preparing"), total=len(domains))
        for d, name in domains:  # the domain's name, never its key
            progress.update(bar, description=t("c_scheduling", domain=escape(name)))
            results[d] = flow(domain=d, until=until, now=now, since=since, instansi=instansi)
            progress.advance(bar)
    return results


def summary_table(domains: list[tuple[str, str]], results: dict[str, dict[str, int]], dry_run: bool) -> CliTable:
    table = table_of(t("tt_schedule_dry") if dry_run else t("tt_schedule"))
    text_column(table, t("h_mgmt_domain"))
    for k in COLUMNS:
        fixed_column(table, t(f"sch_{k}"), right=True)
    for d, name in domains:
        table.add_row(escape(name), *[str(results[d][k]) for k in COLUMNS])
    return table


def _print_dry_run_items(console: Console, r: DomainReport) -> None:
    for key, items in (("c_will_create", r.created), ("c_will_move", r.moved), ("c_will_remove", r.removed)):
        for x in items:
            before = t("c_before", date=x.before) if x.before else ""
            line = t(
                "c_dry_item", domain=r.domain, what=t(key), action=x.action, opd=x.opd, period=x.period, due=x.due,
                before=before,
            )  # fmt: skip
            console.print(line, highlight=False, markup=False)


def show_calendar(console: Console, year: int, instansi: str | None = None) -> None:
    """Holidays and cuti bersama of ``year``, local holidays, extra working days, and due dates moved."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.scheduling import calendar_year

    engine = open_engine()
    cy = calendar_year(engine, year, instansi)
    engine.dispose()
    table = table_of(t("tt_calendar", year=year, instansi=cy.instansi, zone=cy.timezone))
    fixed_column(table, t("h_date"))
    text_column(table, t("h_name"), ratio=2)
    text_column(table, t("h_kind"), ratio=1)
    language = lang()
    for day, (name, kind) in cy.calendar.holidays(year).items():
        name, kind = holiday_label(day, name, kind, language)
        table.add_row(tanggal(day, language), escape(name), escape(kind))
    for day in sorted(d for d in cy.calendar.extra_working_days if d.year == year):
        table.add_row(tanggal(day, language), t("c_extra_day"), t("c_extra_kind"))
    console.print(table)
    if not cy.moved:
        console.print(t("none_moved", year=year), highlight=False)
        return
    moved = table_of(t("tt_moved", year=year))
    text_column(moved, t("h_action"), ratio=2)
    fixed_column(moved, t("h_period"))
    fixed_column(moved, t("h_by_rule"))
    fixed_column(moved, t("h_due"))
    for m in cy.moved:
        moved.add_row(escape(m.action), m.period, tanggal(m.nominal, language), tanggal(m.due, language))
    console.print(moved)


@app.command("schedule")
def schedule_cmd(
    domain: str | None = typer.Option(None, "--domain", help=h("satu domain manajemen (bawaan: semua)")),
    until: dt.datetime | None = typer.Option(None, "--until", formats=["%Y-%m-%d"], help=h("tenggat terakhir")),
    dry_run: bool = typer.Option(
        False, "--dry-run", help=h("tampilkan perubahan tanpa menyimpan (tanpa Prefect)")
    ),
    instansi: str | None = INSTANSI,
) -> None:
    """Bentuk kejadian tugas berulang per domain manajemen (sekali jalan, mode ephemeral Prefect)."""
    run_schedule(out, domain, until.date() if until else None, dry_run, now(), instansi=instansi)


@app.command("calendar")
def calendar_cmd(
    year: int = typer.Option(..., "--year", min=2000, max=2100, help=h("tahun kalender")),
    instansi: str | None = INSTANSI,
) -> None:
    """Kalender hari kerja yang dipakai: libur nasional, cuti bersama, libur daerah, tenggat yang digeser."""
    show_calendar(out, year, instansi)


@app.command("serve")
def serve_cmd() -> None:
    """Layani semua deployment domain dalam satu proses jangka panjang (prefect.serve)."""
    from spbe_actions.adapters import prefect_env

    prefect_env.apply()
    from spbe_flows.deployments import serve_all

    serve_all()


@app.command("deploy")
def deploy_cmd(pool: str = typer.Option(..., "--pool", help=h("nama work pool Prefect"))) -> None:
    """Daftarkan deployment tiap domain ke work pool, untuk dijalankan `prefect worker start --pool`."""
    if not os.environ.get("PREFECT_API_URL"):
        usage_error(t("c_prefect_api"))
    from spbe_actions.adapters import prefect_env

    prefect_env.apply()
    from spbe_flows.deployments import deploy_to_pool

    for name in deploy_to_pool(pool):
        out.print(t("c_registered", name=name, pool=pool), highlight=False)
