"""remind: the daily reminder run — sweep (decide and queue), dispatch (send and record), then a table artifact."""

import datetime as dt

from prefect import flow, task
from prefect.artifacts import create_table_artifact

from spbe_actions.adapters.prefect_secrets import smtp_password, throttle
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import DispatchReport, dispatch, smtp_from_settings
from spbe_actions.app.reminders.sweep import SweepReport, sweep


@task(name="sweep", retries=2, retry_delay_seconds=10)
def sweep_task(now: dt.datetime) -> SweepReport:
    """Decide and queue today's reminders; idempotent (unique keys), so a retry queues nothing twice."""
    engine = open_engine()
    try:
        return sweep(engine, now, keep_messages=False)  # the flow reports counts, not bodies
    finally:
        engine.dispose()


@task(name="dispatch", retries=1, retry_delay_seconds=30)
def dispatch_task(now: dt.datetime) -> DispatchReport:
    """Send what is queued; outcomes are recorded per message, so a retry only sends what is still queued."""
    engine = open_engine()
    try:
        return dispatch(engine, now, smtp=smtp_from_settings(smtp_password()), throttle=throttle)
    finally:
        engine.dispose()


@flow(name="remind")
def remind(now: dt.datetime | None = None) -> dict[str, int]:
    """Sweep, dispatch, and publish what was sent, held and failed, per OPD."""
    now = now or dt.datetime.now(dt.UTC)
    swept = sweep_task(now)
    sent = dispatch_task(now) if swept.in_window else DispatchReport()
    create_table_artifact(table=_rows(swept, sent), key="remind", description=_summary(swept, sent))
    return {
        "decisions": len(swept.decisions),
        "queued": swept.queued,
        "held": swept.held,
        "sent": sent.sent,
        "failed": sent.failed,
        "dead": sent.dead,
    }


def _rows(swept: SweepReport, sent: DispatchReport) -> list[dict]:
    """One row per OPD (today's decisions) and one per message sent or failed; the same four columns."""
    per_opd: dict[str, list[int]] = {}
    for d in swept.decisions:
        counts = per_opd.setdefault(d.item.opd_code, [0, 0])
        counts[0] += 1
        counts[1] += d.days_late > 0
    rows = [
        {"siapa": opd, "jenis": "OPD", "hasil": f"{n} keputusan", "rincian": f"{late} terlambat"}
        for opd, (n, late) in sorted(per_opd.items())
    ]
    rows += [
        {"siapa": who, "jenis": kind, "hasil": outcome, "rincian": detail}
        for who, kind, outcome, detail in sent.lines
    ]
    return rows


def _summary(swept: SweepReport, sent: DispatchReport) -> str:
    window = "dalam jam kerja" if swept.in_window else f"di luar jam kerja: {swept.held} ditahan"
    return (
        f"Pengingat {swept.now_local:%Y-%m-%d %H:%M} ({window}): {swept.queued} pesan baru, "
        f"{sent.sent} terkirim, {sent.failed} gagal (dicoba lagi), {sent.dead} gagal permanen"
    )
