"""``spbe remind``, ``spbe outbox`` and ``spbe test-channel`` (registered on the main Typer app)."""

from __future__ import annotations

import datetime as dt

import typer
from rich.table import Table

from spbe_actions.cli.main import _now, app, err, fail, out
from spbe_actions.domain.errors import InputError, Problem


def _parse_now(value: str | None) -> dt.datetime:
    if value is None:
        return _now()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        err.print(f"--now '{value}' tidak sah: tulis waktu ISO 8601 dengan zona, mis. 2025-01-23T09:00+07:00")
        raise typer.Exit(2)
    return parsed


@app.command("remind")
def remind_cmd(
    dry_run: bool = typer.Option(False, "--dry-run", help="cetak setiap pesan yang akan dikirim; tidak mengirim"),
    now: str | None = typer.Option(None, "--now", help="waktu acuan ISO 8601, mis. 2025-01-23T09:00+07:00"),
) -> None:
    """Kirim pengingat dan eskalasi hari ini (sekali per langkah per orang)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders import dispatch, sweep

    when = _parse_now(now)
    try:
        engine = open_engine()
        report = sweep(engine, when, dry_run=dry_run)
        if dry_run:
            _print_dry_run(engine, report)
            return
        sent = dispatch(engine, when) if report.in_window else None
    except InputError as exc:
        fail(exc)
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


def _print_dry_run(engine, report) -> None:  # type: ignore[no-untyped-def]
    from spbe_actions import store
    from spbe_actions.adapters import notify
    from spbe_actions.store import engine as db

    with db.session(engine) as session:
        contacts = store.contacts(session, [m.digest.person.id for m in report.messages])
    smtp = notify.Smtp(host="smtp")  # labels only: nothing is sent, no secret is read
    state = "dalam jam kerja" if report.in_window else "di luar jam kerja (akan ditahan)"
    out.print(f"UJI COBA {report.now_local:%Y-%m-%d %H:%M} {state}: {len(report.messages)} pesan", highlight=False)
    for m in report.messages:
        _key, email, urls = contacts[m.digest.person.id]
        labels = " → ".join(c.label for c in notify.channels_for(email, urls, smtp)) or "(tanpa kanal)"
        out.rule()
        out.print(
            f"Kepada: {m.digest.person.key} <{email}> [{m.digest.kind}] kanal: {labels}",
            highlight=False,
            markup=False,
        )
        out.print(f"Subjek: {m.subject}", highlight=False, markup=False)
        out.print(m.text, highlight=False, markup=False)


@app.command("outbox")
def outbox_cmd(failed: bool = typer.Option(False, "--failed", help="hanya yang gagal")) -> None:
    """Isi kotak keluar: status tiap pesan, percobaan, kanal, galat (disamarkan)."""
    from spbe_actions import store
    from spbe_actions.app.common import open_engine, require_instansi
    from spbe_actions.store import engine as db

    try:
        engine = open_engine()
        with db.session(engine) as session:
            rows = store.outbox_rows(session, require_instansi(session).id, ["failed", "dead"] if failed else None)
    except InputError as exc:
        fail(exc)
    table = Table(title=f"Kotak keluar ({len(rows)})", title_justify="left")
    for col in ("ID", "Kepada", "Jenis", "Subjek", "Status", "Coba", "Kanal", "Galat"):
        table.add_column(col, no_wrap=col != "Galat", overflow="ellipsis", max_width=48)
    for oid, who, kind, subject, status, attempts, channel, error, _created, _sent in rows:
        table.add_row(str(oid), who, kind, subject, status, str(attempts), channel or "", error or "")
    out.print(table)


@app.command("test-channel")
def test_channel_cmd(person: str = typer.Argument(..., help="id orang dari rencana")) -> None:
    """Kirim satu pesan uji ke setiap kanal orang ini dan laporkan hasil apprise apa adanya (untuk SMTP)."""
    from spbe_actions import store
    from spbe_actions.adapters import notify
    from spbe_actions.adapters.render import render
    from spbe_actions.app.common import open_engine, require_instansi
    from spbe_actions.app.reminders import smtp_from_settings
    from spbe_actions.store import engine as db

    try:
        engine = open_engine()
        with db.session(engine) as session:
            inst = require_instansi(session)
            found = [p for p in store.people(session, inst.id) if p[1] == person]
        if not found:
            raise InputError([Problem("PERSON", f"orang '{person}' tidak dikenal dalam rencana")])
    except InputError as exc:
        fail(exc)
    _pid, key, name, _role, _opd, email, urls = found[0]
    smtp = smtp_from_settings()
    ctx = dict(person=name, instansi=inst.name, today=_now().date(), kind="test", items=[], late=0)
    msg = notify.Message(
        render("subject.j2", **ctx).strip(), render("test.html.j2", **ctx), render("test.chat.j2", **ctx)
    )
    channels = notify.channels_for(email, list(urls or []), smtp)
    if not channels:
        err.print(f"{key}: tidak ada kanal (atur SPBE_SMTP_HOST untuk surel, atau channels di rencana)")
        raise typer.Exit(2)
    secrets = notify.secrets_of(urls or [], smtp)
    failures = 0
    for ch in channels:
        result = notify.send(msg, [ch], secrets)
        attempt = result.attempts[0]
        failures += not result.ok
        out.print(
            f"{ch.label}: {'BERHASIL' if result.ok else 'GAGAL'}{'' if result.ok else ' — ' + attempt['error']}",
            highlight=False,
            markup=False,
        )
    raise typer.Exit(1 if failures else 0)
