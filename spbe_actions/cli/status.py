"""``spbe status``: the coordinator's one-glance terminal view (index now / projected / at risk, domains, the
worst OPDs). A handful of queries and the pure index arithmetic; never imports Prefect."""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from sqlalchemy import Engine

from spbe_actions.app.overview import Overview
from spbe_actions.app.overview import build as build_overview
from spbe_actions.domain.index import exact_str, percent_str


def build(engine: Engine, now: dt.datetime) -> Overview:
    """The figures the dashboard shows (the same Overview the report and the artifacts use)."""
    return build_overview(engine, now)


def _bar(value: object, width: int = 20) -> str:
    filled = round(float(value) / 5 * width)  # display only: the figures themselves are exact
    return "█" * filled + "░" * (width - filled)


def render(s: Overview) -> Group:
    head = Table.grid(padding=(0, 2))
    head.add_row(
        "Indeks sekarang", f"[bold]{s.current.value}[/] {s.current.predicate} ({exact_str(s.current.exact)})"
    )
    head.add_row("Proyeksi (semua aksi tepat waktu)", f"[bold]{s.projected.value}[/] {s.projected.predicate}")
    head.add_row("Poin indeks berisiko (tugas terlambat)", f"[bold red]{exact_str(s.at_risk, 2, 4)}[/]")
    head.add_row("Tugas", ", ".join(f"{k} {v}" for k, v in s.counts.items()))
    head.add_row("Bukti kedaluwarsa sebelum evaluasi", str(len(s.expiring)))
    domains = Table(title="Per domain: sekarang → proyeksi", title_justify="left")
    for col in ("Domain", "Sekarang", "", "Proyeksi"):
        domains.add_column(col)
    projected = {g.id: g for g in s.projected.groups}
    for g in s.current.groups:
        if g.kind == "domain" or not any(x.kind == "domain" for x in s.current.groups):
            domains.add_row(f"{g.id} {g.name}", str(g.value), _bar(g.value), str(projected[g.id].value))
    worst = Table(title="OPD dengan poin berisiko terbanyak", title_justify="left")
    for col in ("OPD", "Terlambat", "Belum selesai", "% tepat waktu", "Poin berisiko"):
        worst.add_column(col, justify="left" if col == "OPD" else "right")
    for r in s.opds[:5]:
        rate = "—" if r.on_time_rate is None else percent_str(r.on_time_rate)
        worst.add_row(r.group, str(r.late), str(r.still_open), rate, exact_str(r.points_at_risk, 2, 4))
    title = f"Status SPBE {s.instansi} — {s.today.isoformat()}"
    return Group(Panel(head, title=title, title_align="left"), domains, worst)
