"""What a reminder run says about itself: the one log line with its counts, the artifact's description (numbers
first, so the Prefect UI's card shows them), its table, and whether any send failed (the run then ends Failed and
the coordinator is alerted with these failures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spbe_actions.adapters.formats import moment
from spbe_actions.app.reminders.dispatch import DispatchReport
from spbe_actions.app.reminders.sweep import SweepReport


@dataclass(frozen=True)
class RunOutcome:
    headline: str  # the run's log line and the artifact's description
    rows: list[dict[str, str]] = field(default_factory=list)  # the artifact's table
    failures: list[str] = field(default_factory=list)  # one line per message that failed
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def _sent_rows(sent: DispatchReport) -> list[dict[str, str]]:
    return [
        {"siapa": who, "jenis": kind, "hasil": outcome, "rincian": detail}
        for who, kind, outcome, detail in sent.lines
    ]


def _failures(sent: DispatchReport) -> list[str]:
    return [f"{who} ({kind}): {detail}" for who, kind, outcome, detail in sent.lines if outcome != "terkirim"]


def remind_outcome(swept: SweepReport, sent: DispatchReport) -> RunOutcome:
    """The daily run: today's decisions per OPD, then every message sent or failed (the same four columns)."""
    per_opd: dict[str, list[int]] = {}
    for d in swept.decisions:
        tally = per_opd.setdefault(d.item.opd_code, [0, 0])
        tally[0] += 1
        tally[1] += d.days_late > 0
    rows = [
        {"siapa": opd, "jenis": "OPD", "hasil": f"{n} keputusan", "rincian": f"{late} terlambat"}
        for opd, (n, late) in sorted(per_opd.items())
    ]
    failed = sent.failed + sent.dead
    held = f", {swept.held} ditahan (di luar jam kerja)" if not swept.in_window else ""
    headline = (
        f"{swept.queued} pesan baru diantrekan, {sent.sent} terkirim, {failed} gagal{held} — "
        f"pengingat {moment(swept.now_local)}, {len(swept.decisions)} keputusan"
    )
    counts = dict(
        decisions=len(swept.decisions),
        queued=swept.queued,
        held=swept.held,
        sent=sent.sent,
        failed=sent.failed,
        dead=sent.dead,
    )
    return RunOutcome(headline, rows + _sent_rows(sent), _failures(sent), counts)


def dispatch_outcome(sent: DispatchReport, now_local: dt.datetime) -> RunOutcome:
    """A dispatch run: what it sent and what failed (and will be retried, or is dead)."""
    failed = sent.failed + sent.dead
    headline = (
        f"{sent.sent} terkirim, {failed} gagal ({sent.dead} gagal permanen) — pengiriman {moment(now_local)}"
    )
    counts = dict(sent=sent.sent, failed=sent.failed, dead=sent.dead)
    return RunOutcome(headline, _sent_rows(sent), _failures(sent), counts)


SHOWN_FAILURES = 10


def dispatch_markdown(outcome: RunOutcome) -> str:
    """The dispatch run's small artifact: the counts, then at most ``SHOWN_FAILURES`` failures in words."""
    c = outcome.counts
    lines = [
        f"**{outcome.headline}**",
        "",
        "| Terkirim | Gagal, dicoba lagi | Gagal permanen |",
        "|---:|---:|---:|",
        f"| {c['sent']} | {c['failed']} | {c['dead']} |",
    ]
    if outcome.failures:
        lines += ["", "Gagal:"]
        lines += [f"- {f}" for f in outcome.failures[:SHOWN_FAILURES]]
        if len(outcome.failures) > SHOWN_FAILURES:
            lines.append(f"- … dan {len(outcome.failures) - SHOWN_FAILURES} lainnya (`spbe outbox --failed`)")
    return "\n".join(lines)
