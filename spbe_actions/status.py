"""``spbe status``: the coordinator's one-glance terminal view (index now / projected / at risk, domains, the
worst OPDs). A handful of queries and the pure index arithmetic; never imports Prefect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from sqlalchemy import Engine

from . import db, store
from .calendar import local_today
from .catalogue import load_framework
from .figures import CompletionRow, completion, expiring_in
from .index import IndexResult, compute, exact_str
from .service import require_instansi


@dataclass(frozen=True)
class Status:
    instansi: str
    today: dt.date
    current: IndexResult
    projected: IndexResult  # every active action's target level reached
    at_risk: Fraction  # index points carried by late work
    worst: list[CompletionRow]
    counts: dict[str, int]  # open, late, waived
    expiring: int


def projected_levels(current: dict[str, int], targets: dict[int, list[tuple[str, int]]]) -> dict[str, int]:
    """Levels once every planned action lands: each indicator at the highest level an action raises it to."""
    out = dict(current)
    for pairs in targets.values():
        for ind, level in pairs:
            if ind in out:
                out[ind] = max(out[ind], level)
    return out


def build(engine: Engine, now: dt.datetime) -> Status:
    """Everything the dashboard shows, read once."""
    with db.session(engine) as session:
        inst = require_instansi(session)
        fw = load_framework(inst.framework)
        current = store.levels(session, inst.id, inst.current_year, "actual")
        targets = store.action_targets(session, inst.id)
        expiring = len(expiring_in(session, inst, now)[1])
    rows = completion(engine, now, "opd")
    counts = {
        "belum selesai": sum(r.still_open for r in rows),
        "terlambat": sum(r.late for r in rows),
        "dibebaskan": sum(r.waived for r in rows),
    }
    return Status(
        inst.name,
        local_today(now, inst.timezone),
        compute(fw, current),
        compute(fw, projected_levels(current, targets)),
        sum((r.points_at_risk for r in rows), Fraction(0)),
        rows[:5],
        counts,
        expiring,
    )


def _bar(value: object, width: int = 20) -> str:
    filled = round(float(value) / 5 * width)  # display only: the figures themselves are exact
    return "█" * filled + "░" * (width - filled)


def render(s: Status) -> Group:
    head = Table.grid(padding=(0, 2))
    head.add_row(
        "Indeks sekarang", f"[bold]{s.current.value}[/] {s.current.predicate} ({exact_str(s.current.exact)})"
    )
    head.add_row("Proyeksi (semua aksi tepat waktu)", f"[bold]{s.projected.value}[/] {s.projected.predicate}")
    head.add_row("Poin indeks berisiko (tugas terlambat)", f"[bold red]{exact_str(s.at_risk, 2, 4)}[/]")
    head.add_row("Tugas", ", ".join(f"{k} {v}" for k, v in s.counts.items()))
    head.add_row("Bukti kedaluwarsa sebelum evaluasi", str(s.expiring))
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
    for r in s.worst:
        rate = "—" if r.on_time_rate is None else f"{float(r.on_time_rate) * 100:.0f}%"
        worst.add_row(r.group, str(r.late), str(r.still_open), rate, exact_str(r.points_at_risk, 2, 4))
    title = f"Status SPBE {s.instansi} — {s.today.isoformat()}"
    return Group(Panel(head, title=title, title_align="left"), domains, worst)
