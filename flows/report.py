"""report: the weekly coordinator report — figures and today's snapshot, three keyed artifacts, the report file
and the weekly digests.

Keyed artifacts keep every version, so the Prefect UI shows their history week by week:
``spbe-liga-opd-<instansi>`` (table), ``spbe-ringkasan-<instansi>`` (markdown) and
``spbe-tahun-evaluasi-<instansi>`` (progress).
"""

from __future__ import annotations

import datetime as dt

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, create_table_artifact
from prefect.runtime import flow_run
from spbe_flows.common import alert_coordinator, report_name

from spbe_actions.adapters.prefect_env import artifact_key
from spbe_actions.adapters.prefect_secrets import smtp_password
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch, smtp_from_settings
from spbe_actions.app.weekly import WeeklyRun, prepare_weekly, publish_weekly

LEAGUE_KEY = "spbe-liga-opd"
SUMMARY_KEY = "spbe-ringkasan"
PROGRESS_KEY = "spbe-tahun-evaluasi"


@task(name="figures-and-snapshot", retries=2, retry_delay_seconds=10)
def figures(now: dt.datetime, instansi: str | None) -> WeeklyRun:
    """Every figure for ``now``, and today's snapshot stored (one row per day: a rerun replaces it)."""
    engine = open_engine()
    try:
        return prepare_weekly(engine, now, instansi)
    finally:
        engine.dispose()


@task(name="report-and-weekly-digests", retries=1, retry_delay_seconds=30)
def report_and_digests(now: dt.datetime, run: WeeklyRun) -> dict[str, int]:
    """Write the HTML/XLSX report, queue this week's digests (the coordinator's with the report), send them."""
    engine = open_engine()
    try:
        queued = publish_weekly(engine, now, run, get_settings().report_dir)
        smtp = smtp_from_settings(smtp_password())
        sent = dispatch(engine, now, smtp=smtp, worker=f"laporan:{flow_run.id}")  # a retry takes its claims back
        return {"digests": queued, "sent": sent.sent, "failed": sent.failed}
    finally:
        engine.dispose()


@flow(name="report", flow_run_name=report_name, on_failure=[alert_coordinator], on_crashed=[alert_coordinator])
def report(now: dt.datetime | None = None, instansi: str | None = None) -> dict[str, int]:
    """For ``instansi`` (its code; optional when the database holds one): build the figures, store today's
    snapshot, publish the OPD league, the summary and the year's progress, write the report, send the digests."""
    now = now or dt.datetime.now(dt.UTC)
    run = figures(now, instansi)
    code = run.overview.code
    create_table_artifact(table=run.league, key=artifact_key(LEAGUE_KEY, code), description=run.league_title)
    create_markdown_artifact(run.summary, key=artifact_key(SUMMARY_KEY, code), description=run.summary_title)
    create_progress_artifact(
        float(run.progress * 100), key=artifact_key(PROGRESS_KEY, code), description=run.progress_title
    )
    digests = report_and_digests(now, run)
    ov = run.overview
    return {
        **digests,
        "opds": len(ov.opds),
        "late": ov.late_count,
        "still_open": ov.still_open,
        "waived": ov.waived,
    }
