"""What every flow shares: run names that say what and when (``pengingat-2026-12-02``), and the hooks that alert
the coordinator when a run fails or crashes (an ``spbe.peringatan`` event, turned into a notification by the
automation ``spbe setup-automations`` creates). Imported by the flow files as ``spbe_flows.common``."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from prefect import Flow
from prefect.client.schemas.objects import FlowRun, State
from prefect.events import emit_event
from prefect.runtime import flow_run

from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.alerts import alert
from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import installation_of, slug

ALERT_EVENT = "spbe.peringatan"
NAMING_ZONE = ZoneInfo("Asia/Jakarta")  # run names carry the date in WIB (a name, not a figure)
log = logging.getLogger("spbe_flows")


def _when() -> dt.datetime:
    now = flow_run.parameters.get("now")
    if isinstance(now, str):
        now = dt.datetime.fromisoformat(now)
    return (now or dt.datetime.now(dt.UTC)).astimezone(NAMING_ZONE)


def _instansi() -> str:
    code = flow_run.parameters.get("instansi")
    return f"-{slug(code)}" if code else ""


def remind_name() -> str:
    return f"pengingat-{_when():%Y-%m-%d}"


def dispatch_name() -> str:
    return f"kirim-{_when():%Y-%m-%d-%H%M}"


def report_name() -> str:
    return f"laporan{_instansi()}-{_when():%Y-%m-%d}"


def schedule_name() -> str:
    domain = slug(str(flow_run.parameters.get("domain", "")))
    return f"jadwal-{domain}{_instansi()}-{_when():%Y-%m-%d}"


def schedule_all_name() -> str:
    return f"jadwal-semua-{_when():%Y-%m-%d}"


def overseer_name() -> str:
    return f"liga-instansi-{_when():%Y-%m-%d}"


class SendsFailed(Exception):
    """What a run whose sends failed raises to whoever waits on its result; ``counts`` are the run's figures."""

    def __init__(self, message: str, counts: dict[str, int]) -> None:
        super().__init__(message)
        self.counts = counts


def alert_coordinator(flow: Flow[Any, Any], run: FlowRun, state: State) -> None:
    """A Failed or Crashed run: tell the coordinator what failed, when (their clock), where and what to do."""
    instansi = (run.parameters or {}).get("instansi")
    at = state.timestamp
    try:
        engine = open_engine(migrate=False)
    except Exception:  # the database itself may be what failed: still say that the run failed
        log.warning("the alert is written without the database (it cannot be opened)")
        engine = None
    try:
        text = alert(engine, flow.name, run.name, str(run.id), state.type.value, state.message, at, instansi)
        name = installation_of(engine) if engine is not None else slug(get_settings().installation or "spbe")
    finally:
        if engine is not None:
            engine.dispose()
    emit_event(  # the installation's "spbe ...: peringatan" automation sends it to the coordinator's channel
        event=ALERT_EVENT,
        resource={"prefect.resource.id": f"spbe.{name}.flow-run.{run.id}", "prefect.resource.name": run.name},
        related=[{"prefect.resource.id": f"prefect.flow-run.{run.id}", "prefect.resource.role": "flow-run"}],
        payload={"subject": text.subject, "body": text.body},
    )
