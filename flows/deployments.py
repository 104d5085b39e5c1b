"""One deployment per management domain, each on its own cron in the instansi's time zone, plus the daily
reminders and the weekly report.

``serve_all`` runs them in this process (``spbe serve``); ``deploy_to_pool`` registers the same deployments
to a Prefect work pool so that ``prefect worker start --pool NAME`` processes on other machines run them.
"""

from __future__ import annotations

from pathlib import Path

from prefect import serve
from prefect.schedules import Cron

from spbe_actions.adapters.prefect_env import sync_result
from spbe_actions.app.common import open_engine, require_instansi
from spbe_actions.app.scheduling import domains_to_schedule
from spbe_actions.domain.plan import Reminders, SchedulePlan
from spbe_actions.store import engine as db
from spbe_actions.store.models import Instansi

from .schedule import artifact_key, schedule_domain

SOURCE_DIR = Path(__file__).resolve().parent.parent
ENTRYPOINT = "flows/schedule.py:schedule_domain"


def deployment_specs(url: str | None = None) -> list[dict]:
    """Name, parameters, schedule and tags of every domain's deployment, from the database."""
    engine = open_engine(url)
    try:
        with db.session(engine) as session:
            inst = require_instansi(session)
        plan = SchedulePlan.model_validate(inst.schedule or {})
        return [
            dict(
                name=artifact_key(domain),
                parameters={"domain": domain},
                schedules=[Cron(plan.cron_for(domain), timezone=inst.timezone)],
                tags=["spbe", inst.code, domain],
                description=f"Penjadwalan {name} untuk {inst.name}",
            )
            for domain, name in domains_to_schedule(engine)
        ]
    finally:
        engine.dispose()


def _instansi(url: str | None) -> Instansi:
    engine = open_engine(url)
    try:
        with db.session(engine) as session:
            return require_instansi(session)
    finally:
        engine.dispose()


def remind_spec(url: str | None = None) -> dict:
    """The daily reminder run at ``reminders.send_time`` in the instansi's zone, every day: the sweep holds
    everything on weekends and holidays, and a daily run lets the "did not happen" automation use 26 hours."""
    inst = _instansi(url)
    hh, mm = Reminders.model_validate(inst.reminders or {}).send_time.split(":")
    return dict(
        name="remind",
        schedules=[Cron(f"{int(mm)} {int(hh)} * * *", timezone=inst.timezone)],
        tags=["spbe", inst.code, "remind"],
        description=f"Pengingat harian untuk {inst.name}",
    )


def report_spec(url: str | None = None) -> dict:
    """The weekly coordinator report, Monday 07:00 in the instansi's zone (also runnable on demand)."""
    inst = _instansi(url)
    return dict(
        name="report",
        schedules=[Cron("0 7 * * 1", timezone=inst.timezone)],
        tags=["spbe", inst.code, "report"],
        description=f"Laporan mingguan koordinator untuk {inst.name}",
    )


def serve_all(url: str | None = None) -> None:
    """Serve every domain's deployment, the daily reminders and the weekly report from this process
    (pauses them on SIGTERM)."""
    from .remind import remind
    from .report import report

    serve(
        *[sync_result(schedule_domain.to_deployment(**spec)) for spec in deployment_specs(url)],
        sync_result(remind.to_deployment(**remind_spec(url))),
        sync_result(report.to_deployment(**report_spec(url))),
    )


def deploy_to_pool(pool: str, url: str | None = None) -> list[str]:
    """Register the deployments to work pool ``pool`` (created as a process pool if missing)."""
    ensure_process_pool(pool)
    source = sync_result(schedule_domain.from_source(source=str(SOURCE_DIR), entrypoint=ENTRYPOINT))
    names = []
    for spec in deployment_specs(url):
        source.deploy(work_pool_name=pool, build=False, push=False, print_next_steps=False, **spec)
        names.append(f"schedule-domain/{spec['name']}")
    reminders = sync_result(
        schedule_domain.from_source(source=str(SOURCE_DIR), entrypoint="flows/remind.py:remind")
    )
    reminders.deploy(work_pool_name=pool, build=False, push=False, print_next_steps=False, **remind_spec(url))
    weekly = sync_result(schedule_domain.from_source(source=str(SOURCE_DIR), entrypoint="flows/report.py:report"))
    weekly.deploy(work_pool_name=pool, build=False, push=False, print_next_steps=False, **report_spec(url))
    return names + ["remind/remind", "report/report"]


def ensure_process_pool(pool: str) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
