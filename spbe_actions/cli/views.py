"""Rich renderings for the terminal (no Prefect, no database): the index table, the coordinator's status, task
lists, completion figures, a task's history and expiring evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from spbe_actions.domain.evidence import ExpiringEvidence
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import label, t
from spbe_actions.domain.index import IndexResult, exact_str, percent_str, points_str

if TYPE_CHECKING:  # the use cases' types only: `spbe index` must not pay for importing the database layers
    from spbe_actions.app.checklist import ChecklistView
    from spbe_actions.app.figures import CompletionRow, TaskView
    from spbe_actions.app.overview import Overview
    from spbe_actions.app.status import StatusFigures
    from spbe_actions.app.tracking import History


def index_table(fw: Framework, result: IndexResult, title: str | None = None) -> Table:
    """Domains and aspects with weight and index, closing with the overall index (by the framework's own name)
    and its predikat (``index_notes`` says what goes with it)."""
    table = Table(title=title or fw.name, title_justify="left")
    table.add_column(t("col_group"))
    table.add_column(t("col_weight"), justify="right")
    table.add_column(t("col_index"), justify="right")
    for g in result.groups:
        indent = "  " if g.kind != "domain" and any(x.kind == "domain" for x in result.groups) else ""
        label = f"{indent}{g.id} {g.name}"
        table.add_row(f"[bold]{label}[/]" if g.kind == "domain" else label, f"{g.weight}", str(g.value))
    table.add_section()
    table.add_row(
        f"[bold]{fw.vocab().index_name}[/]", "100", f"[bold]{result.value}[/] ({exact_str(result.exact)})"
    )
    table.add_row(t("col_predicate"), "", f"[bold]{result.predicate}[/]")
    return table


def index_notes(fw: Framework) -> list[str]:
    """What is printed under the index table: the level names per scale, the external indicators and, for a
    provisional framework, its note (Rich markup)."""
    lines = [
        t("idx_levels", names=names) if scale is None else t(f"idx_levels_{scale}", names=names)
        for scale, names in fw.level_legend()
    ]
    if fw.external:
        items = ", ".join(f"{i} ({e.source})" for i, e in fw.external.items())
        lines.append(t("idx_external", items=items))
    note = fw.provisional_note()
    return lines + ([f"[bold yellow]{escape(note)}[/]"] if note else [])


def index_json(fw: Framework, result: IndexResult) -> dict[str, object]:
    """``spbe index --json``: the stable shape of ``IndexResult.to_json`` plus the framework's own words."""
    extra: dict[str, object] = {
        "index_name": fw.vocab().index_name,
        "provisional": fw.provisional,
        "external": list(fw.external),
    }
    if fw.provisional:
        extra["provisional_note"] = fw.provisional_note()
    return {**result.to_json(), **extra}


def _bar(value: Decimal, width: int = 20) -> str:
    filled = round(float(value) / 5 * width)  # display only: the figures themselves are exact
    return "█" * filled + "░" * (width - filled)


def status_view(s: Overview | StatusFigures) -> Group:
    words, fw = s.vocab(), s.fw()
    head = Table.grid(padding=(0, 2))
    head.add_row(
        f"{words.index_short} sekarang ({s.current_year})",
        f"[bold]{s.current.value}[/] {s.current.predicate} ({exact_str(s.current.exact)})",
    )
    head.add_row("Proyeksi (semua aksi tepat waktu)", f"[bold]{s.projected.value}[/] {s.projected.predicate}")
    head.add_row("Poin indeks berisiko (tugas terlambat)", f"[bold red]{exact_str(s.at_risk, 2, 4)}[/]")
    head.add_row("Tugas", f"belum selesai {s.still_open}, terlambat {s.late_count}, dibebaskan {s.waived}")
    head.add_row("Bukti kedaluwarsa sebelum evaluasi", str(len(s.expiring)))
    if s.items:
        still = sum(len(x.open) for x in s.items.values())
        head.add_row(
            "Butir bukti dukung terbuka", f"{still} (menahan {exact_str(s.items_open, 2, 4)} poin indeks)"
        )
    if fw.external:
        awaited = ", ".join(s.awaited) if s.awaited else "—"
        head.add_row(t("ex_awaited").capitalize(), f"{len(s.awaited)} dari {len(fw.external)} ({awaited})")
    last = s.history[-1] if s.history else None
    if last is not None and last.framework != fw.id:
        before = _index_short_of(last.framework)
        head.add_row("Terakhir dengan instrumen lama", f"{last.year}: {before} {last.value}")
    note = fw.provisional_note()
    if note:
        head.add_row("[yellow]Kerangka sementara[/]", f"[yellow]{escape(note)}[/]")
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
    title = f"Status {words.program} {s.instansi} — {s.today.isoformat()}"
    return Group(Panel(head, title=title, title_align="left"), domains, worst)


def _index_short_of(framework_id: str) -> str:
    """The index name of another framework (a history year under the previous instrument)."""
    from spbe_actions.adapters import config

    return config.framework(framework_id).vocab().index_short


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
            label("status", r.status),
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


def history_tables(h: History) -> list[Table]:
    """The occurrence's trail and, when there is any, its evidence."""
    occ = h.occurrence
    head = Table(
        title=f"#{occ.id} {occ.title} — {occ.opd_code} {occ.period} (tenggat {occ.due})", title_justify="left"
    )
    for col in ("Waktu", "Oleh", "Kanal", "Peristiwa", "Status", "Tenggat", "Alasan"):
        head.add_column(col)
    for line in h.lines:
        head.add_row(line.at, line.who, line.channel, line.event, line.status, line.due, line.note)
    if not h.evidence:
        return [head]
    ev = Table(title="Bukti dukung", title_justify="left")
    for col in ("Tautan", "Judul", "Berlaku", "Kedaluwarsa"):
        ev.add_column(col)
    for e in h.evidence:
        ev.add_row(e.url, e.title, e.effective.isoformat(), e.expires.isoformat() if e.expires else "—")
    return [head, ev]


def expiring_table(before: dt.date, items: list[ExpiringEvidence]) -> Table:
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


def checklist_tables(v: ChecklistView, only_open: bool = False) -> list[Table]:
    """Per item-scored indicator its level now and reachable, every item (or the open ones) with the index
    points it holds back, and the external indicators with their value or 'menunggu nilai eksternal'."""
    fw, out = v.framework, []
    if v.summary:
        head = Table(
            title=f"Indikator dinilai per butir (poin tertahan {points_str(v.open_points)})", title_justify="left"
        )
        for col in ("Indikator", "Tingkat sekarang", "Bila semua butir diterima", "Butir terbuka"):
            head.add_column(col)
        for ind, s in v.summary.items():
            now, top = (
                f"{s.achieved} {fw.level_name(ind, s.achieved)}",
                f"{s.ceiling} {fw.level_name(ind, s.ceiling)}",
            )
            head.add_row(fw.indicator_text(ind), now, top, str(len(s.open)))
        items = Table(title="Butir bukti dukung", title_justify="left")
        for col in ("ID", "Ind.", "Tingkat", "Butir", "OPD", "Status", "Poin", "Aksi"):
            items.add_column(col, no_wrap=col != "Butir", max_width=48 if col == "Butir" else None)
        for line in v.lines:
            r = line.row
            if only_open and r.state == "diterima":
                continue
            state = label("item_state", r.state)
            items.add_row(
                r.key,
                r.indicator,
                str(r.level),
                r.title,
                r.owner or "—",
                f"[red]{state}[/]" if r.state == "revisi" else state,
                points_str(line.points),
                ", ".join(line.actions) or "—",
            )
        out += [head, items]
    if fw.external:
        ext = Table(title=f"Indikator eksternal ({v.year})", title_justify="left")
        for col in ("Indikator", "Sumber", "Nilai", "Tanggal hasil", "Dimasukkan oleh"):
            ext.add_column(col)
        for ind, source in fw.external.items():
            got = v.external.get(ind)
            value = got.value if got else f"[yellow]{t('ex_awaited')}[/]"
            ext.add_row(
                fw.indicator_text(ind),
                f"{source.source}: {source.measure}" + (f" ({got.source})" if got else ""),
                value,
                got.measured_on.isoformat() if got else "—",
                got.entered_by if got else "—",
            )
        out.append(ext)
    return out
