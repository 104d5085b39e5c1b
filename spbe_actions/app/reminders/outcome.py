"""What a reminder run says about itself: the one log line with its counts, the artifact's description (numbers
first, so the Prefect UI's card shows them), its table, and whether any send failed (the run then ends Failed and
the coordinator is alerted with these failures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spbe_actions.adapters.formats import moment
from spbe_actions.app.reminders.dispatch import DispatchReport, outcome_word
from spbe_actions.app.reminders.sweep import SweepReport
from spbe_actions.domain.i18n import t
from spbe_actions.domain.lifecycle import OutboxStatus


@dataclass(frozen=True)
class RunOutcome:
    headline: str  # the run's log line and the artifact's description
    rows: list[dict[str, str]] = field(default_factory=list)  # the artifact's table
    failures: list[str] = field(default_factory=list)  # one line per message that failed
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def _row(who: str, kind: str, outcome: str, detail: str) -> dict[str, str]:
    """One row of the artifact's table (its column names in the user's language)."""
    names = (t("rs_who"), t("rs_kind"), t("rs_outcome"), t("rs_detail"))
    return dict(zip(names, (who, kind, outcome, detail), strict=True))


def _sent_rows(sent: DispatchReport) -> list[dict[str, str]]:
    return [_row(who, kind, outcome_word(outcome), detail) for who, kind, outcome, detail in sent.lines]


def _failures(sent: DispatchReport) -> list[str]:
    return [
        f"{who} ({kind}): {detail}" for who, kind, outcome, detail in sent.lines if outcome != OutboxStatus.SENT
    ]


def remind_outcome(swept: SweepReport, sent: DispatchReport) -> RunOutcome:
    """The daily run: today's decisions per OPD, then every message sent or failed (the same four columns)."""
    per_opd: dict[str, list[int]] = {}
    for d in swept.decisions:
        tally = per_opd.setdefault(d.item.opd_code, [0, 0])
        tally[0] += 1
        tally[1] += d.days_late > 0
    rows = [
        _row(opd, "OPD", t("rs_decisions", n=n), t("rs_late", n=late))
        for opd, (n, late) in sorted(per_opd.items())
    ]
    failed = sent.failed + sent.dead
    held = t("rs_held", n=swept.held) if not swept.in_window else ""
    at, decisions = moment(swept.now_local), len(swept.decisions)
    headline = t(
        "rs_remind", queued=swept.queued, sent=sent.sent, failed=failed, held=held, at=at, decisions=decisions
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
    headline = t("rs_dispatch", sent=sent.sent, failed=failed, dead=sent.dead, at=moment(now_local))
    counts = dict(sent=sent.sent, failed=sent.failed, dead=sent.dead)
    return RunOutcome(headline, _sent_rows(sent), _failures(sent), counts)


SHOWN_FAILURES = 10


def dispatch_markdown(outcome: RunOutcome) -> str:
    """The dispatch run's small artifact: the counts, then at most ``SHOWN_FAILURES`` failures in words."""
    c = outcome.counts
    lines = [
        f"**{outcome.headline}**",
        "",
        t("rs_head"),
        "|---:|---:|---:|",
        f"| {c['sent']} | {c['failed']} | {c['dead']} |",
    ]
    if outcome.failures:
        lines += ["", t("rs_failed")]
        lines += [f"- {f}" for f in outcome.failures[:SHOWN_FAILURES]]
        if len(outcome.failures) > SHOWN_FAILURES:
            lines.append(t("rs_more", n=len(outcome.failures) - SHOWN_FAILURES))
    return "\n".join(lines)
