"""overseer: the weekly league of every instansi of the database, for a province's or a ministry's overseer —
a keyed table artifact (``spbe-liga-instansi-<installation>``) and a self-contained HTML page."""

from __future__ import annotations

import datetime as dt

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from spbe_flows.common import alert_coordinator, overseer_name

from spbe_actions.adapters.prefect_env import artifact_key
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.overseer import League, league, league_rows, write_league
from spbe_actions.domain.i18n import t

LEAGUE_KEY = "spbe-liga-instansi"


@task(name="league-of-instansi", retries=2, retry_delay_seconds=10)
def figures(now: dt.datetime) -> League:
    """Every instansi's figures for ``now``, ranked (one coarse task for the whole database)."""
    engine = open_engine()
    try:
        return league(engine, now)
    finally:
        engine.dispose()


@flow(name="overseer", flow_run_name=overseer_name, on_failure=[alert_coordinator], on_crashed=[alert_coordinator])
def overseer(now: dt.datetime | None = None) -> dict[str, int]:
    """Rank the instansi, publish the league as an artifact, write the overseer's HTML page."""
    now = now or dt.datetime.now(dt.UTC)
    lg = figures(now)
    headline = t("ov_headline", n=len(lg.rows), late=sum(r.late for r in lg.rows), day=lg.today.isoformat())
    get_run_logger().info(headline)
    create_table_artifact(
        table=league_rows(lg), key=artifact_key(LEAGUE_KEY, lg.installation), description=headline
    )
    write_league(lg, get_settings().report_dir)
    return {"instansi": len(lg.rows)}
