"""``spbe remind``, ``spbe dispatch``, ``spbe outbox`` and ``spbe test-channel``: today's reminders, sending
what is due, what was sent, one test send."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from spbe_actions.cli.main import INSTANSI, app, h, now, out, usage_error
from spbe_actions.cli.views import fixed_column, table_of, text_column
from spbe_actions.domain.calendar import parse_instant
from spbe_actions.domain.i18n import label, t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from spbe_actions.app.reminders.sweep import SweepReport


def _parse_now(value: str | None) -> dt.datetime:
    if value is None:
        return now()
    parsed = parse_instant(value)
    if parsed is None:
        usage_error(t("c_now_bad", what="--now", value=value))
    return parsed


@app.command("remind")
def remind_cmd(
    dry_run: bool = typer.Option(
        False, "--dry-run", help=h("ringkasan pesan yang akan dikirim per instansi dan kanal; tidak mengirim")
    ),
    full: bool = typer.Option(False, "--full", help=h("dengan --dry-run: cetak setiap pesan lengkap")),
    person: str | None = typer.Option(
        None, "--person", help=h("dengan --dry-run: cetak lengkap pesan untuk orang ini saja (id dari rencana)")
    ),
    at: str | None = typer.Option(None, "--now", help=h("waktu acuan ISO 8601, mis. 2025-01-23T09:00+07:00")),
    instansi: str | None = typer.Option(
        None, "--instansi", envvar="SPBE_INSTANSI", help=h("hanya instansi ini (bawaan: semua instansi)")
    ),
) -> None:
    """Kirim pengingat dan eskalasi hari ini (sekali per langkah per orang)."""
    from spbe_actions.adapters.formats import moment
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import dispatch, outcome_word
    from spbe_actions.app.reminders.sweep import sweep

    if (full or person) and not dry_run:
        usage_error(t("c2_full_needs_dry_run"))
    when = _parse_now(at)
    engine = open_engine()
    if dry_run:
        detailed = full or person is not None
        report = sweep(engine, when, dry_run=True, keep_messages=detailed, instansi=instansi)
        if detailed:
            _print_dry_run(engine, report, person)
        else:
            _print_dry_run_summary(engine, report)
        return
    report = sweep(engine, when, instansi=instansi)
    sent = dispatch(engine, when) if report.in_window else None
    window = t("c_in_window") if report.in_window else t("c_held", n=report.held)
    at = moment(report.now_local)
    out.print(
        t("c_remind_line", at=at, window=window, n=len(report.decisions), queued=report.queued), highlight=False
    )
    if sent is not None:
        out.print(t("c_sent_line", sent=sent.sent, failed=sent.failed, dead=sent.dead), highlight=False)
        for who, kind, outcome, detail in sent.lines:
            out.print(f"  {who} ({kind}): {outcome_word(outcome)} {detail}", highlight=False, markup=False)


@app.command("dispatch")
def dispatch_cmd(
    at: str | None = typer.Option(None, "--now", help=h("waktu acuan ISO 8601, mis. 2025-01-23T09:00+07:00")),
    any_time: bool = typer.Option(
        False, "--any-time", help=h("kirim juga untuk instansi yang sedang di luar jam kerja")
    ),
) -> None:
    """Kirim sekarang pesan yang jatuh tempo (baru dan coba ulang), seperti run deployment dispatch tiap 5 menit."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import dispatch, outcome_word

    sent = dispatch(open_engine(), _parse_now(at), in_window_only=not any_time)
    out.print(t("c_sent_line", sent=sent.sent, failed=sent.failed, dead=sent.dead), highlight=False)
    for who, kind, outcome, detail in sent.lines:
        out.print(f"  {who} ({kind}): {outcome_word(outcome)} {detail}", highlight=False, markup=False)


KINDS = ("digest", "escalation", "summary")


def _print_dry_run_summary(engine: Engine, report: SweepReport) -> None:
    """One line per instansi and channel chain: how many messages of each kind would go (no bodies rendered)."""
    from rich.table import Table

    from spbe_actions.adapters import notify
    from spbe_actions.adapters.formats import moment  # Babel: only when printing
    from spbe_actions.app.reminders.dispatch import addresses

    contacts = addresses(engine, sorted({d.person.id for _, d in report.pending}))
    smtp = notify.Smtp(host="smtp")  # labels only: nothing is sent, no secret is read
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for code, d in report.pending:
        contact = contacts[d.person.id]
        kinds = [c.label.split("#")[0] for c in notify.channels_for(contact.email, contact.channels, smtp)]
        row = counts.setdefault((code, " → ".join(kinds) or t("c_no_channel")), dict.fromkeys(KINDS, 0))
        row[d.kind] = row.get(d.kind, 0) + 1
    state = t("c_dry_state_in") if report.in_window else t("c_dry_state_out")
    people = len({d.person.id for _, d in report.pending})
    head = t(
        "c_dry_summary",
        at=moment(report.now_local),
        state=state,
        n=len(report.pending),
        people=people,
        instansi=len({c for c, _ in report.pending}),
    )
    out.print(head, highlight=False)
    if not counts:
        return
    table = Table(title=t("c_dry_table"), title_justify="left")
    for col in ("Instansi", t("c_dry_channels")):
        table.add_column(col, overflow="fold")
    for col in (*(label("message", k) for k in KINDS), t("c_dry_total")):
        table.add_column(col, justify="right", no_wrap=True)
    for (code, chain), n in sorted(counts.items()):
        table.add_row(code, chain, *(str(n.get(k, 0)) for k in KINDS), str(sum(n.values())))
    out.print(table)
    out.print(t("c_dry_more"), highlight=False)


def _print_dry_run(engine: Engine, report: SweepReport, person: str | None = None) -> None:
    from spbe_actions.adapters import notify
    from spbe_actions.adapters.formats import moment  # Babel: only when printing
    from spbe_actions.app.reminders.dispatch import addresses

    messages = report.messages
    if person is not None:  # "key" or, with several instansi, "key@instansi"
        messages = [m for m in messages if person in (m.digest.person.key, f"{m.digest.person.key}@{m.instansi}")]
    contacts = addresses(engine, [m.digest.person.id for m in messages])
    smtp = notify.Smtp(host="smtp")  # labels only: nothing is sent, no secret is read
    state = t("c_dry_state_in") if report.in_window else t("c_dry_state_out")
    several = len({m.instansi for m in report.messages}) > 1  # person keys are unique per instansi only
    at = moment(report.now_local)
    out.print(t("c_dry_head", at=at, state=state, n=len(messages)), highlight=False)
    for m in messages:
        contact = contacts[m.digest.person.id]
        channels = notify.channels_for(contact.email, contact.channels, smtp)
        labels = " → ".join(c.label for c in channels) or t("c_no_channel")
        out.rule()
        local = f" {moment(m.now_local)}" if several and m.now_local else ""
        who = f"{m.digest.person.key}@{m.instansi}" if several else m.digest.person.key
        kind = label("message", m.digest.kind)
        out.print(
            t("c_dry_to", who=who, email=contact.email, kind=kind, channels=labels, local=local),
            highlight=False,
            markup=False,
            soft_wrap=True,  # one line per recipient, whatever the width
        )
        out.print(t("c_dry_subject", subject=m.subject), highlight=False, markup=False, soft_wrap=True)
        out.print(m.text, highlight=False, markup=False)


@app.command("outbox")
def outbox_cmd(
    failed: bool = typer.Option(False, "--failed", help=h("hanya yang gagal")), instansi: str | None = INSTANSI
) -> None:
    """Isi kotak keluar: status tiap pesan, percobaan, kanal, galat (disamarkan)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import outbox

    rows = outbox(open_engine(), failed_only=failed, instansi=instansi)
    if not rows:
        out.print(t("none_outbox"), highlight=False)
        return
    table = table_of(t("tt_outbox_failed" if failed else "tt_outbox", n=len(rows)))
    fixed_column(table, t("h_id"), right=True)
    text_column(table, t("h_to"))
    text_column(table, t("h_kind"))
    text_column(table, t("h_subject"), ratio=3)
    text_column(table, t("h_status"))
    fixed_column(table, t("h_attempts"), right=True)
    text_column(table, t("h_channel"))
    text_column(table, t("h_error"), ratio=2)
    for r in rows:
        table.add_row(
            str(r.id),
            escape(r.person_key),
            label("message", r.kind),
            escape(r.subject),
            label("outbox", r.status),
            str(r.attempts),
            escape(r.channel or ""),
            escape(r.last_error or ""),
        )
    out.print(table)


@app.command("test-channel")
def test_channel_cmd(
    person: str = typer.Argument(..., help=h("id orang dari rencana")), instansi: str | None = INSTANSI
) -> None:
    """Kirim satu pesan uji ke setiap kanal orang ini dan laporkan hasil apprise apa adanya (untuk SMTP)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.reminders.dispatch import test_channel

    results = test_channel(open_engine(), person, now().date(), instansi)
    for r in results:
        outcome = t("c_ok") if r.ok else t("c_failed", error=r.error or "")
        out.print(f"{r.label}: {outcome}", highlight=False, markup=False)
    raise typer.Exit(1 if any(not r.ok for r in results) else 0)
