"""``spbe remind``, ``spbe dispatch``, ``spbe outbox`` and ``spbe test-channel``: today's reminders, sending
what is due, what was sent, one test send."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from spbe_actions.cli.main import INSTANSI, app, now, out, usage_error
from spbe_actions.domain.calendar import parse_instant

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from spbe_actions.app.reminders.sweep import SweepReport


def _parse_now(value: str | None) -> dt.datetime:
    if value is None:
        return now()
    parsed = parse_instant(value)
    if parsed is None:
        usage_error(f"--now '{value}' tidak sah: tulis waktu ISO 8601 dengan zona, mis. 2025-01-23T09:00+07:00")
    return parsed


@app.command("remind")
def remind_cmd(
    dry_run: bool = typer.Option(False, "--dry-run", help="cetak setiap pesan yang akan dikirim; tidak mengirim"),
    at: str | None = typer.Option(None, "--now", help="waktu acuan ISO 8601, mis. 2025-01-23T09:00+07:00"),
    instansi: str | None = typer.Option(
        None, "--instansi", envvar="SPBE_INSTANSI", help="hanya instansi ini (bawaan: semua instansi)"
    ),
) -> None:
    """Kirim pengingat dan eskalasi hari ini (sekali per langkah per orang)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import dispatch
    from spbe_actions.app.reminders.sweep import sweep

    when = _parse_now(at)
    engine = open_engine()
    report = sweep(engine, when, dry_run=dry_run, instansi=instansi)
    if dry_run:
        _print_dry_run(engine, report)
        return
    sent = dispatch(engine, when) if report.in_window else None
    window = "dalam jam kerja" if report.in_window else f"di luar jam kerja/hari libur: {report.held} ditahan"
    out.print(
        f"{report.now_local:%Y-%m-%d %H:%M} ({window}): {len(report.decisions)} keputusan, "
        f"{report.queued} pesan baru diantrekan",
        highlight=False,
    )
    if sent is not None:
        out.print(
            f"terkirim {sent.sent}, gagal {sent.failed} (dicoba lagi), gagal permanen {sent.dead}", highlight=False
        )
        for who, kind, outcome, detail in sent.lines:
            out.print(f"  {who} ({kind}): {outcome} {detail}", highlight=False, markup=False)


@app.command("dispatch")
def dispatch_cmd(
    at: str | None = typer.Option(None, "--now", help="waktu acuan ISO 8601, mis. 2025-01-23T09:00+07:00"),
    any_time: bool = typer.Option(
        False, "--any-time", help="kirim juga untuk instansi yang sedang di luar jam kerja"
    ),
) -> None:
    """Kirim sekarang pesan yang jatuh tempo (baru dan coba ulang), seperti run deployment dispatch tiap 5 menit."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import dispatch

    sent = dispatch(open_engine(), _parse_now(at), in_window_only=not any_time)
    out.print(
        f"terkirim {sent.sent}, gagal {sent.failed} (dicoba lagi), gagal permanen {sent.dead}", highlight=False
    )
    for who, kind, outcome, detail in sent.lines:
        out.print(f"  {who} ({kind}): {outcome} {detail}", highlight=False, markup=False)


def _print_dry_run(engine: Engine, report: SweepReport) -> None:
    from spbe_actions.adapters import notify
    from spbe_actions.app.reminders.dispatch import addresses

    contacts = addresses(engine, [m.digest.person.id for m in report.messages])
    smtp = notify.Smtp(host="smtp")  # labels only: nothing is sent, no secret is read
    state = "dalam jam kerja" if report.in_window else "di luar jam kerja (akan ditahan)"
    several = len({m.instansi for m in report.messages}) > 1  # person keys are unique per instansi only
    out.print(f"UJI COBA {report.now_local:%Y-%m-%d %H:%M} {state}: {len(report.messages)} pesan", highlight=False)
    for m in report.messages:
        contact = contacts[m.digest.person.id]
        channels = notify.channels_for(contact.email, contact.channels, smtp)
        labels = " → ".join(c.label for c in channels) or "(tanpa kanal)"
        out.rule()
        local = f" {m.now_local:%Y-%m-%d %H:%M %Z}" if several and m.now_local else ""
        who = f"{m.digest.person.key}@{m.instansi}" if several else m.digest.person.key
        out.print(
            f"Kepada: {who} <{contact.email}> [{m.digest.kind}] kanal: {labels}{local}",
            highlight=False,
            markup=False,
        )
        out.print(f"Subjek: {m.subject}", highlight=False, markup=False)
        out.print(m.text, highlight=False, markup=False)


@app.command("outbox")
def outbox_cmd(
    failed: bool = typer.Option(False, "--failed", help="hanya yang gagal"), instansi: str | None = INSTANSI
) -> None:
    """Isi kotak keluar: status tiap pesan, percobaan, kanal, galat (disamarkan)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import outbox

    rows = outbox(open_engine(), failed_only=failed, instansi=instansi)
    table = Table(title=f"Kotak keluar ({len(rows)})", title_justify="left")
    for col in ("ID", "Kepada", "Jenis", "Subjek", "Status", "Coba", "Kanal", "Galat"):
        table.add_column(col, no_wrap=col != "Galat", overflow="ellipsis", max_width=48)
    for r in rows:
        table.add_row(
            str(r.id),
            r.person_key,
            r.kind,
            r.subject,
            r.status,
            str(r.attempts),
            r.channel or "",
            r.last_error or "",
        )
    out.print(table)


@app.command("test-channel")
def test_channel_cmd(
    person: str = typer.Argument(..., help="id orang dari rencana"), instansi: str | None = INSTANSI
) -> None:
    """Kirim satu pesan uji ke setiap kanal orang ini dan laporkan hasil apprise apa adanya (untuk SMTP)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import test_channel

    results = test_channel(open_engine(), person, now().date(), instansi)
    for r in results:
        out.print(
            f"{r.label}: {'BERHASIL' if r.ok else 'GAGAL — ' + (r.error or '')}", highlight=False, markup=False
        )
    raise typer.Exit(1 if any(not r.ok for r in results) else 0)
