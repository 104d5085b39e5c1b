"""remind: the daily reminder run — sweep (decide and queue), dispatch (send and record), then a table artifact."""

import datetime as dt

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Failed
from spbe_flows.common import SendsFailed, alert_coordinator, remind_name

from spbe_actions.adapters.prefect_secrets import smtp_password, throttle
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import DispatchReport, dispatch, smtp_from_settings
from spbe_actions.app.reminders.outcome import remind_outcome
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
def dispatch_task(now: dt.datetime, worker: str) -> DispatchReport:
    """Send what is queued right away; outcomes are recorded per message, so a retry only sends what is still
    unrecorded (the worker id is the flow run's: the retry takes its own claims back). Whatever fails is retried
    by the dispatch deployment within minutes."""
    engine = open_engine()
    try:
        smtp = smtp_from_settings(smtp_password())
        return dispatch(engine, now, smtp=smtp, throttle=throttle, worker=worker)
    finally:
        engine.dispose()


@flow(name="remind", flow_run_name=remind_name, on_failure=[alert_coordinator], on_crashed=[alert_coordinator])
def remind(now: dt.datetime | None = None) -> dict[str, int] | State:
    """Sweep (decide and queue), dispatch (send and record), publish what was sent, held and failed. A run in
    which any send failed ends Failed, naming the failures (the coordinator is alerted; the dispatch deployment
    retries them)."""
    now = now or dt.datetime.now(dt.UTC)
    swept = sweep_task(now)
    sent = dispatch_task(now, f"pengingat:{flow_run.id}") if swept.in_window else DispatchReport()
    outcome = remind_outcome(swept, sent)
    get_run_logger().info(outcome.headline)
    create_table_artifact(table=outcome.rows, key="remind", description=outcome.headline)
    if not outcome.ok:
        message = f"{outcome.headline}. " + "; ".join(outcome.failures[:10])
        return Failed(
            message=message, data=SendsFailed(message, outcome.counts)
        )  # an exception, so Prefect can raise it
    return outcome.counts
