"""schedule_domain: materialise one management domain's recurring work, then say what changed; schedule_all:
every instansi's and domain's at once (one task per batch of instansi), for a large installation's first year
or a catch-up."""

import datetime as dt

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from spbe_flows.common import alert_coordinator, schedule_all_name, schedule_name

from spbe_actions.adapters.prefect_env import artifact_key
from spbe_actions.adapters.render import render
from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import installation
from spbe_actions.app.scheduling import DomainReport, InstansiCounts, schedule_batch, schedule_batches
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


@task(name="schedule-batches")
def batches(codes: list[str] | None) -> list[list[str]]:
    """The instansi cut into batches of bounded work (each one transaction)."""
    engine = open_engine()
    try:
        return schedule_batches(engine, codes)
    finally:
        engine.dispose()


@task(name="materialise-batch", retries=2, retry_delay_seconds=5)
def materialise_batch(
    codes: list[str], now: dt.datetime, until: dt.date | None, since: dt.date | None
) -> list[InstansiCounts]:
    """One coarse task per batch of instansi: idempotent, so a retry is safe."""
    engine = open_engine()
    try:
        return schedule_batch(engine, codes, now, until=until, since=since)
    finally:
        engine.dispose()


@flow(
    name="schedule-all",
    flow_run_name=schedule_all_name,
    on_failure=[alert_coordinator],
    on_crashed=[alert_coordinator],
)
def schedule_all(
    until: dt.date | None = None,
    now: dt.datetime | None = None,
    since: dt.date | None = None,
    codes: list[str] | None = None,
) -> dict[str, int]:
    """Materialise every management domain of every instansi (or of ``codes``) up to each plan's horizon (or
    ``until``), batch after batch; publish one table artifact with each instansi's counts."""
    now = now or dt.datetime.now(dt.UTC)
    counts = [c for batch in batches(codes) for c in materialise_batch(batch, now, until, since)]
    columns = ("created", "moved", "removed", "kept", "unchanged", "opened")
    totals = {k: sum(getattr(c, k) for c in counts) for k in columns}
    headline = (
        f"{totals['created']} dibuat, {totals['moved']} dipindah, {totals['removed']} dihapus, "
        f"{totals['opened']} dibuka — penjadwalan {len(counts)} instansi"
    )
    get_run_logger().info(headline)
    create_table_artifact(
        table=[
            {"instansi": c.instansi, "domain": c.domains, **{k: getattr(c, k) for k in columns}} for c in counts
        ],
        key=artifact_key("schedule-all", installation([c.instansi for c in counts])),
        description=headline,
    )
    return totals
