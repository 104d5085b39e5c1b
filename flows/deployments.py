"""The installation's deployments (``spbe_actions.app.deployments.run_specs``): one per instansi and management
domain, one weekly report per instansi, one daily reminder run for the whole database, and the overseer's weekly
league when the database holds several instansi.

``serve_all`` runs them in this process (``spbe serve``); ``deploy_to_pool`` registers the same deployments
to a Prefect work pool so that ``prefect worker start --pool NAME`` processes on other machines run them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import Flow, serve
from prefect.schedules import Cron

from spbe_actions.adapters.prefect_env import sync_result
from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import RunSpec, run_specs

SOURCE_DIR = Path(__file__).resolve().parent.parent
ENTRYPOINTS = {
    "schedule-domain": "flows/schedule.py:schedule_domain",
    "remind": "flows/remind.py:remind",
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


def _options(spec: RunSpec) -> dict[str, Any]:
    return dict(
        name=spec.name,
        description=spec.description,
        parameters=spec.parameters,
        schedules=[Cron(s.cron, timezone=s.timezone) for s in spec.schedules],
        tags=list(spec.tags),
    )


def _flows() -> dict[str, Flow[Any, Any]]:
    from .overseer import overseer
    from .remind import remind
    from .report import report
    from .schedule import schedule_domain

    return {"schedule-domain": schedule_domain, "remind": remind, "report": report, "overseer": overseer}


def serve_all(url: str | None = None) -> None:
    """Serve every deployment from this process (``serve`` pauses them on SIGTERM)."""
    flows = _flows()
    serve(*[sync_result(flows[s.flow].to_deployment(**_options(s))) for s in specs(url)])


def deploy_to_pool(pool: str, url: str | None = None) -> list[str]:
    """Register every deployment to work pool ``pool`` (created as a process pool if missing); their names."""
    ensure_process_pool(pool)
    flows, names = _flows(), []
    for spec in specs(url):
        source = sync_result(
            flows[spec.flow].from_source(source=str(SOURCE_DIR), entrypoint=ENTRYPOINTS[spec.flow])
        )
        source.deploy(work_pool_name=pool, build=False, push=False, print_next_steps=False, **_options(spec))
        names.append(f"{spec.flow}/{spec.name}")
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
