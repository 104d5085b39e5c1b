"""Alerts the coordinator can read: what failed (in Indonesian, with the run's own words), when (on the
instansi's clock, with WIB/WITA/WIT), where to look (the public address of the Prefect UI) and what to do.

``alert`` composes the text; the flows' hooks (``flows/common.py``) send it as a Prefect event that the
``spbe: peringatan`` automation (``spbe setup-automations``) turns into a notification on the coordinator's channel.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters import formats
from spbe_actions.adapters.settings import get_settings
from spbe_actions.domain.i18n import t
from spbe_actions.domain.retry import MAX_ATTEMPTS
from spbe_actions.store import engine as db

FLOWS = ("remind", "dispatch", "report", "schedule-domain", "overseer")  # their words: al_flow_*, al_do_*
STATES = ("FAILED", "CRASHED", "CANCELLED", "TIMEDOUT")  # al_state_*


@dataclass(frozen=True)
class Alert:
    subject: str
    body: str


def ui_address() -> str | None:
    """The Prefect UI as people reach it: ``SPBE_PREFECT_UI_URL``, else Prefect's own ``PREFECT_UI_URL``."""
    url = get_settings().prefect_ui_url or os.environ.get("PREFECT_UI_URL")
    return url.rstrip("/") if url else None


def _zone(engine: Engine | None, instansi: str | None) -> str:
    """The instansi's zone, else the installation's first; WIB when the database cannot be read."""
    if engine is None:
        return "Asia/Jakarta"
    with db.read(engine) as session:
        found = store.all_instansi(session)
    chosen = next((i for i in found if i.code == instansi), found[0] if found else None)
    return chosen.timezone if chosen else "Asia/Jakarta"


def alert(
    engine: Engine | None,
    flow: str,
    run_name: str,
    run_id: str,
    state: str,
    message: str | None,
    at: dt.datetime,
    instansi: str | None = None,
) -> Alert:
    """The alert for a run of ``flow`` that ended in ``state`` (a Prefect state type, e.g. FAILED); ``engine``
    None when the database itself cannot be opened (the time is then shown in WIB)."""
    label = t(f"al_flow_{flow}") if flow in FLOWS else flow
    state_text = t(f"al_state_{state.upper()}") if state.upper() in STATES else state.lower()
    when = formats.moment(at, _zone(engine, instansi))
    link = ui_address()
    lines = [
        t("al_line", flow=label, run=run_name, state=state_text, at=when),
        t("al_what", message=message) if message else "",
        t(f"al_do_{flow}", attempts=MAX_ATTEMPTS) if flow in FLOWS else "",
        t("al_open", url=f"{link}/runs/flow-run/{run_id}") if link else t("al_open_ui"),
    ]
    where = f" {instansi}" if instansi else ""
    return Alert(f"SPBE{where}: {label} {state_text}", "\n".join(line for line in lines if line))
