"""dispatch: every few minutes inside the working window — send what is due (new messages and retries), take back
the claims of a dispatcher that died, and end with a small artifact, numbers first.

One run at a time (the deployment's concurrency limit: a run due while another still sends is cancelled, the next
one comes minutes later). The worker id is the flow run's id, so a retry of the dispatch task — or of the whole run
from the Prefect UI — takes its own unrecorded claims back at once; claims of a run that died are taken back by a
later run after the lease (10 minutes). The run ends Failed only when a message was given up (dead): a failure that
will be retried is the normal course of an outage, not an alarm.
"""

import datetime as dt

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Failed
from spbe_flows.common import NAMING_ZONE, SendsFailed, alert_coordinator, dispatch_name

from spbe_actions.adapters.prefect_secrets import smtp_password, throttle
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders import dispatch as sender
from spbe_actions.app.reminders.outcome import dispatch_markdown, dispatch_outcome


@task(name="send-due", retries=2, retry_delay_seconds=20)
def send_due(now: dt.datetime, worker: str) -> sender.DispatchReport:
    """One batch task for everything due (never one task per message); outcomes are recorded per message, so a
    retry sends only what is still unrecorded (its own claims included)."""
    engine = open_engine()
    try:
        smtp = sender.smtp_from_settings(smtp_password())
        return sender.dispatch(engine, now, smtp=smtp, worker=worker, throttle=throttle, in_window_only=True)
    finally:
        engine.dispose()


@flow(name="dispatch", flow_run_name=dispatch_name, on_failure=[alert_coordinator], on_crashed=[alert_coordinator])
def dispatch(now: dt.datetime | None = None) -> dict[str, int] | State:
    """Send what is due in the instansi whose working window is open now; publish what was sent and failed."""
    now = now or dt.datetime.now(dt.UTC)
    sent = send_due(now, f"kirim:{flow_run.id}")
    outcome = dispatch_outcome(sent, now.astimezone(NAMING_ZONE))
    get_run_logger().info(outcome.headline)
    create_markdown_artifact(dispatch_markdown(outcome), key="dispatch", description=outcome.headline)
    if sent.dead:
        message = f"{outcome.headline}. " + "; ".join(outcome.failures[:10])
        return Failed(
            message=message, data=SendsFailed(message, outcome.counts)
        )  # an exception, so Prefect can raise it
    return outcome.counts
