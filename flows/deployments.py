"""The installation's deployments (``spbe_actions.app.deployments.run_specs``): one per instansi and management
domain, one weekly report per instansi, one daily reminder run for the whole database, one dispatch run every few
minutes inside the working windows (one at a time), and the overseer's weekly league when the database holds
several instansi.

``serve_all`` runs them in this process (``spbe serve``); ``deploy_to_pool`` registers the same deployments
to a Prefect work pool so that ``prefect worker start --pool NAME`` processes on other machines run them. The two
modes never share a deployment: pool deployments are named ``<name>-pool`` (tag ``spbe-pool``), served ones keep
``<name>`` (tag ``spbe-serve``), so stopping ``serve`` pauses only what it serves. ``serve_all`` rides out a
Prefect server outage (it serves again, with backoff) and, each time it starts, catches up a daily reminder slot
that passed without a completed run (the sweep is idempotent: running it late is safe).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

from prefect import Flow, serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from spbe_actions.adapters.prefect_env import sync_result
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import POOL_SUFFIX, RunSpec, run_specs

log = logging.getLogger("spbe_flows.deployments")
SOURCE_DIR = Path(__file__).resolve().parent.parent
RETRY_FIRST = dt.timedelta(seconds=10)
ENTRYPOINTS = {
    "schedule-domain": "flows/schedule.py:schedule_domain",
    "remind": "flows/remind.py:remind",
    "dispatch": "flows/dispatch.py:dispatch",
    "report": "flows/report.py:report",
    "overseer": "flows/overseer.py:overseer",
}


def specs(url: str | None = None) -> list[RunSpec]:
    """Every deployment the database asks for."""
    engine = open_engine(url)
    try:
        return run_specs(engine)
    finally:
        engine.dispose()


def _options(spec: RunSpec, mode: str) -> dict[str, Any]:
    """The deployment's options in ``mode`` (serve | pool): the two never share a name. A concurrency limit is
    Prefect's deployment concurrency limit; a run that would exceed it is cancelled (the next one comes soon)."""
    options: dict[str, Any] = dict(
        name=spec.name + (POOL_SUFFIX if mode == "pool" else ""),
        description=spec.description,
        parameters=spec.parameters,
        schedules=[Cron(s.cron, timezone=s.timezone) for s in spec.schedules],
        tags=[*spec.tags, f"spbe-{mode}"],
    )
    if spec.concurrency:
        options["concurrency_limit"] = ConcurrencyLimitConfig(
            limit=spec.concurrency, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        )
    return options


def _flows() -> dict[str, Flow[Any, Any]]:
    from .dispatch import dispatch
    from .overseer import overseer
    from .remind import remind
    from .report import report
    from .schedule import schedule_domain

    return {
        "schedule-domain": schedule_domain,
        "remind": remind,
        "dispatch": dispatch,
        "report": report,
        "overseer": overseer,
    }


def serve_all(url: str | None = None) -> None:
    """Serve every deployment from this process until SIGTERM/Ctrl-C (``serve`` then pauses them). A Prefect
    server outage never ends it: it serves again with a growing wait (10 s ... 5 min); only a database it cannot
    reach ends it (an InputError naming why: ``spbe serve`` exits 2)."""
    flows, wait = _flows(), RETRY_FIRST
    while True:
        wanted = specs(url)  # the database decides what runs (and must be reachable)
        try:
            catch_up(wanted)
            serve(*[sync_result(flows[s.flow].to_deployment(**_options(s, "serve"))) for s in wanted])
            return  # SIGTERM or Ctrl-C: serve paused its deployments and returned
        except Exception as exc:  # the Prefect API went away (or never came): wait, then serve again
            log.warning("Prefect API unreachable (%s); serving again in %s", exc.__class__.__name__, wait)
            time.sleep(wait.total_seconds())
            wait = min(wait * 2, dt.timedelta(seconds=get_settings().serve_retry_max_seconds))


def catch_up(wanted: list[RunSpec], now: dt.datetime | None = None) -> list[str]:
    """Start a run of each daily reminder deployment whose latest slot passed without a run that completed (or
    is still going) since; returns their names. Nothing to do for a deployment that does not exist yet."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterExpectedStartTime,
    )
    from prefect.exceptions import ObjectNotFound

    now = now or dt.datetime.now(dt.UTC)
    started = []
    with get_client(sync_client=True) as client:
        for spec in (s for s in wanted if s.flow == "remind"):
            try:
                deployment = client.read_deployment_by_name(f"remind/{spec.name}")
            except ObjectNotFound:
                continue
            slot = last_slot(spec, now)
            if slot is None:
                continue
            runs = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                # the slot's runs only: the scheduler's runs of the coming days (it makes them as soon as the
                # server is back) wait too, and must not pass for the slot's
                flow_run_filter=FlowRunFilter(
                    expected_start_time=FlowRunFilterExpectedStartTime(
                        after_=slot - dt.timedelta(seconds=1), before_=now
                    )
                ),
            )
            # the slot's own scheduled run, now late: serve's re-registration of the deployment replaces the
            # scheduled runs it made, so it may never start; the catch-up run stands in for it (and it goes)
            stale = [
                r
                for r in runs
                if r.auto_scheduled and r.state and r.state.is_scheduled() and r.expected_start_time
                if r.expected_start_time <= now
            ]
            # a run for the slot that completed, runs, or waits (not the stale one)
            if not any(
                r.state and not (r.state.is_failed() or r.state.is_crashed() or r.state.is_cancelled())
                for r in runs
                if r not in stale
            ):
                for r in stale:
                    client.delete_flow_run(r.id)
                client.create_flow_run_from_deployment(deployment.id, tags=["spbe-susulan"])
                started.append(spec.name)
                log.info("remind/%s: the %s slot passed without a run; a catch-up run starts now", spec.name, slot)
    return started


def last_slot(spec: RunSpec, now: dt.datetime) -> dt.datetime | None:
    """The most recent scheduled time of ``spec`` at or before ``now`` (any of its schedules)."""
    from zoneinfo import ZoneInfo

    from cronsim import CronSim

    slots = [next(CronSim(s.cron, now.astimezone(ZoneInfo(s.timezone)), reverse=True)) for s in spec.schedules]
    return max(slots) if slots else None


def deploy_to_pool(pool: str, url: str | None = None) -> list[str]:
    """Register every deployment to work pool ``pool`` (created as a process pool if missing); their names."""
    ensure_process_pool(pool)
    flows, names = _flows(), []
    for spec in specs(url):
        source = sync_result(
            flows[spec.flow].from_source(source=str(SOURCE_DIR), entrypoint=ENTRYPOINTS[spec.flow])
        )
        options = _options(spec, "pool")
        source.deploy(work_pool_name=pool, build=False, push=False, print_next_steps=False, **options)
        names.append(f"{spec.flow}/{options['name']}")
    return names


def ensure_process_pool(pool: str) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
