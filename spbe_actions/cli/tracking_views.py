"""Terminal side of completion tracking: Rich tables for tasks, history and completion figures."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rich.table import Table

from spbe_actions import store
from spbe_actions.app.common import require_instansi
from spbe_actions.app.figures import CompletionRow, TaskView
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.index import percent_str, points_str
from spbe_actions.domain.lifecycle import LABEL_ID, Actor, can_see
from spbe_actions.store import engine as db


def tasks_table(views: list[TaskView], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("ID", "OPD", "Aksi", "Periode", "Tenggat", "Status", "Terlambat", "Poin"):
        # one line per task; a long title is cut (`spbe history ID` shows it whole)
        table.add_column(
            col,
            justify="right" if col in ("ID", "Terlambat", "Poin") else "left",
            no_wrap=True,
            overflow="ellipsis",
            max_width=50 if col == "Aksi" else None,
        )
    for v in views:
        r = v.row
        late = f"[red]{v.late_days} hari[/]" if v.late_days else ""
        table.add_row(
            str(r.id),
            r.opd_code,
            r.title,
            r.period,
            r.due.isoformat(),
            LABEL_ID.get(r.status, r.status),
            late,
            points_str(v.points),
        )
    return table


def completion_table(rows: list[CompletionRow], by: str) -> Table:
    table = Table(title=f"Penyelesaian per {'OPD' if by == 'opd' else 'domain manajemen'}", title_justify="left")
    for col in (
        "OPD" if by == "opd" else "Domain",
        "Jatuh tempo",
        "Tepat waktu",
        "% tepat",
        "Terlambat",
        "Belum selesai",
        "Dibebaskan",
        "Poin berisiko",
    ):
        table.add_column(col, justify="left" if col in ("OPD", "Domain") else "right")
    for r in rows:
        rate = r.on_time_rate
        table.add_row(
            r.group,
            str(r.due_so_far),
            str(r.on_time),
            "—" if rate is None else percent_str(rate),
            f"[red]{r.late}[/]" if r.late else "0",
            str(r.still_open),
            str(r.waived),
            points_str(r.points_at_risk),
        )
    return table


def history_tables(engine, occurrence_id: int, actor: Actor | None) -> list[Table]:  # type: ignore[no-untyped-def]
    """The occurrence's trail and evidence; another OPD's task is reported as not found."""
    with db.session(engine) as session:
        inst = require_instansi(session)
        occ = store.occurrences_by_ids(session, inst.id, [occurrence_id]).get(occurrence_id)
        if occ is None or (actor is not None and not can_see(actor, occ.opd_id)):
            raise InputError([Problem(f"tugas #{occurrence_id}", "tugas tidak ditemukan")])
        trail = store.history(session, occurrence_id)
        evidence = store.evidence_of(session, occurrence_id)
    zone = ZoneInfo(inst.timezone)
    head = Table(
        title=f"#{occ.id} {occ.title} — {occ.opd_code} {occ.period} (tenggat {occ.due})", title_justify="left"
    )
    for col in ("Waktu", "Oleh", "Kanal", "Peristiwa", "Status", "Tenggat", "Alasan"):
        head.add_column(col)
    for at, who, channel, event, frm, to, from_due, to_due, reason, _detail in trail:
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC
        due = to_due.isoformat() if from_due in (None, to_due) else f"{from_due} → {to_due}"
        head.add_row(
            at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            who,
            channel,
            event,
            f"{LABEL_ID.get(frm, frm or '—')} → {LABEL_ID.get(to, to)}",
            due,
            reason or "",
        )
    ev = Table(title="Bukti dukung", title_justify="left")
    for col in ("Tautan", "Judul", "Berlaku", "Kedaluwarsa"):
        ev.add_column(col)
    for e in evidence:
        ev.add_row(e.url, e.title, e.effective.isoformat(), e.expires.isoformat() if e.expires else "—")
    return [head, ev]


def expiring_table(before: dt.date, items: list) -> Table:  # type: ignore[type-arg]
    """Evidence that goes stale before the next evaluation: work to renew it."""
    table = Table(
        title=f"Bukti dukung kedaluwarsa sebelum evaluasi {before.isoformat()} ({len(items)})",
        title_justify="left",
    )
    for col in ("OPD", "Untuk", "Bukti", "Kedaluwarsa"):
        table.add_column(col, no_wrap=True, overflow="ellipsis", max_width=50)
    for i in items:
        table.add_row(i.opd or "register", i.subject, i.title, i.expires.isoformat())
    return table
