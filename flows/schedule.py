"""schedule_domain: materialise one management domain's recurring work, then say what changed."""

import datetime as dt

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from spbe_flows.common import alert_coordinator, schedule_name

from spbe_actions.adapters.prefect_env import artifact_key
from spbe_actions.adapters.render import render
from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import DomainReport
from spbe_actions.app.scheduling import schedule_domain as materialise_domain


@task(name="materialise-domain", retries=2, retry_delay_seconds=5)
def materialise(
    domain: str,
    now: dt.datetime,
    until: dt.date | None,
    since: dt.date | None,
    dry_run: bool,
    instansi: str | None,
) -> DomainReport:
    """One coarse task for the whole domain: idempotent, so a retry is safe."""
    engine = open_engine()
    try:
        return materialise_domain(
            engine, domain, now, until=until, since=since, dry_run=dry_run, instansi=instansi
        )
    finally:
        engine.dispose()


@flow(
    name="schedule-domain",
    flow_run_name=schedule_name,
    on_failure=[alert_coordinator],
    on_crashed=[alert_coordinator],
)
def schedule_domain(
    domain: str,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
    since: dt.date | None = None,
    dry_run: bool = False,
    instansi: str | None = None,
) -> dict[str, int]:
    """Materialise ``domain`` of ``instansi`` (its code; optional when the database holds one) from today (or
    ``since``) up to the plan's horizon (or ``until``); publish an artifact keyed by instansi and domain."""
    report = materialise(domain, now or dt.datetime.now(dt.UTC), until, since, dry_run, instansi)
    c = report.counts()
    headline = (
        f"{c['created']} dibuat, {c['moved']} dipindah, {c['removed']} dihapus, {c['opened']} dibuka — "
        f"penjadwalan {report.domain_name}, {report.instansi_name}"
    )
    get_run_logger().info(headline)
    create_markdown_artifact(
        render("schedule_report.md.j2", r=report, limit=50),
        key=artifact_key("schedule", report.instansi, domain),
        description=headline,
    )
    return report.counts()
