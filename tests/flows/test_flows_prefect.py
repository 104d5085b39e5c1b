"""schedule_domain under a real Prefect API: the test harness, and a real server + process worker + pool."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from spbe_actions.app.setup import init_database
from tests.conftest import REPO
from tests.support.plans import small_plan
from tests.support.processes import BIN, spawn, stop

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 08:00 WIB
UNTIL = dt.date(2025, 4, 30)


def occurrence_rows(url: str) -> list[tuple]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select a.key, o.period, o.scheduled_due, o.status from occurrence o join action a on a.id = o.action_id"
                " order by a.key, o.period, o.opd_id"
            )
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


@pytest.mark.prefect
def test_schedule_domain_flow_publishes_its_artifact(prefect_api, plan_file, tmp_path, monkeypatch):
    from prefect.artifacts import Artifact
    from spbe_flows.schedule import schedule_domain

    url = f"sqlite:///{tmp_path / 'flow.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    monkeypatch.setenv("SPBE_DATABASE_URL", url)
    counts = schedule_domain(domain="risk", until=UNTIL, now=NOW)
    # quarterly +10 days, two owner OPDs: Q4-2024 (due 2025-01-10) and Q1-2025 (due 2025-04-10)
    assert counts["created"] == 4 and counts["moved"] == 0
    assert len(occurrence_rows(url)) == 4
    again = schedule_domain(domain="risk", until=UNTIL, now=NOW)
    assert again["created"] == 0 and again["unchanged"] == 4
    artifact = Artifact.get("schedule-kota-uji-risk")  # keyed by instansi and domain
    assert artifact is not None and artifact.type == "markdown"
    assert "Penjadwalan Manajemen Risiko SPBE" in artifact.data
    assert "| Tidak berubah | 4 |" in artifact.data


@pytest.mark.prefect
def test_a_missed_reminder_slot_is_caught_up_though_the_coming_days_runs_wait(prefect_api, plan_file, tmp_path):
    """After an outage the server's scheduler makes the coming days' runs at once; they are not the passed
    slot's run, so `spbe serve`'s catch-up still starts one (and only one)."""
    from prefect.client.orchestration import get_client
    from prefect.states import Scheduled
    from spbe_flows.deployments import _flows, _options, catch_up, specs

    url = f"sqlite:///{tmp_path / 'catch-up.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    wanted = [s for s in specs(url) if s.flow == "remind"]
    deployment = _flows()["remind"].to_deployment(**_options(wanted[0], "serve"))
    deployment_id = deployment.apply()  # type: ignore[union-attr]
    now = dt.datetime.now(dt.UTC)
    with get_client(sync_client=True) as client:  # tomorrow's run, waiting
        client.create_flow_run_from_deployment(
            deployment_id, state=Scheduled(scheduled_time=now + dt.timedelta(days=1))
        )
    assert catch_up(wanted, now) == [wanted[0].name]
    assert catch_up(wanted, dt.datetime.now(dt.UTC)) == []  # the catch-up run stands for the slot now


RUN = (
    "import json, sys\nfrom prefect.deployments import run_deployment\n"
    "r = run_deployment(sys.argv[1], timeout=300, parameters=json.loads(sys.argv[2]))\n"
    "print(r.state.type.value)\n"
)


@pytest.mark.prefect
def test_deploy_to_a_pool_and_a_worker_runs_one_instansis_work_into_postgresql(
    prefect_server, pg_url, plan_file, tmp_path
):
    """`spbe deploy --pool` on a database of three instansi; a `prefect worker` on loopback runs one instansi's
    domain deployment and its weekly report; the occurrences land in PostgreSQL and the artifacts carry it."""
    from tests.support.plans import ZONES, three_instansi

    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": prefect_server,
        "SPBE_DATABASE_URL": pg_url,
        "SPBE_REPORT_DIR": str(tmp_path / "laporan"),
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    for i, plan in enumerate(three_instansi()):
        init_database(plan_file(plan, f"plan-{i}.yaml"), NOW, url=pg_url)
    worker = None
    try:
        deployed = subprocess.run(
            [sys.executable, "-m", "spbe_actions", "deploy", "--pool", "spbe-test"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert deployed.returncode == 0, deployed.stderr + deployed.stdout
        for code in ZONES:
            assert (
                f"schedule-domain/{code}-risk-pool" in deployed.stdout and f"report/{code}-pool" in deployed.stdout
            )
        worker = spawn(
            [BIN / "prefect", "worker", "start", "--pool", "spbe-test", "--type", "process"],
            tmp_path / "worker.log",
            env=env,
            cwd=tmp_path,
        )
        for name, params in (
            ("schedule-domain/kota-tengah-risk-pool", {"until": UNTIL.isoformat(), "now": NOW.isoformat()}),
            ("report/kota-tengah-pool", {"now": (NOW + dt.timedelta(days=17)).isoformat()}),
        ):
            run = subprocess.run(
                [sys.executable, "-c", RUN, name, json.dumps(params)],
                env=env,
                capture_output=True,
                text=True,
                timeout=360,
            )
            assert run.stdout.strip().endswith("COMPLETED"), (
                name,
                run.stdout,
                run.stderr[-3000:],
                (tmp_path / "worker.log").read_text()[-3000:],
            )
        keys = subprocess.run(
            [sys.executable, "-c", ARTIFACT_KEYS], env=env, capture_output=True, text=True, timeout=60
        ).stdout.split()
    finally:
        if worker:
            stop(worker)
    rows = occurrence_rows(pg_url)
    assert [(k, p, d.isoformat()) for k, p, d, _ in rows] == [
        ("risk-monitoring", "2024-Q4", "2025-01-10"),
        ("risk-monitoring", "2024-Q4", "2025-01-10"),
        ("risk-monitoring", "2025-Q1", "2025-04-10"),
        ("risk-monitoring", "2025-Q1", "2025-04-10"),
    ]  # only kota-tengah's: the other two instansi were not scheduled
    assert {"schedule-kota-tengah-risk", "spbe-liga-opd-kota-tengah", "spbe-ringkasan-kota-tengah"} <= set(keys)
    assert not any("kota-barat" in k or "kota-timur" in k for k in keys), keys
    assert [p.name.startswith("laporan-spbe-kota-tengah-") for p in (tmp_path / "laporan").glob("*.html")] == [
        True
    ]


ARTIFACT_KEYS = (
    "from prefect.client.orchestration import get_client\n"
    "with get_client(sync_client=True) as c:\n"
    "    print(' '.join(sorted({a.key for a in c.read_artifacts() if a.key})))\n"
)


@pytest.mark.prefect
def test_serve_registers_one_cron_deployment_per_domain_in_the_instansi_zone(prefect_server, plan_file, tmp_path):
    data = small_plan()
    data["instansi"]["timezone"] = "WITA"
    data["schedule"] = {"cron": "0 6 * * 1-5", "per_domain": {"ict_audit": "0 7 1 * *"}}
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    init_database(plan_file(data), NOW, url=url)
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "h"),
        "PREFECT_API_URL": prefect_server,
        "SPBE_DATABASE_URL": url,
    }
    serve = spawn([sys.executable, "-m", "spbe_actions", "serve"], tmp_path / "serve.log", env=env, cwd=REPO)
    probe = (
        "import json\nfrom prefect.client.orchestration import get_client\n"
        "with get_client(sync_client=True) as c:\n"
        "    out = {}\n"
        "    for d in c.read_deployments():\n"
        "        name = c.read_flow(d.flow_id).name + '/' + d.name\n"
        "        out[name] = [(s.schedule.cron, s.schedule.timezone) for s in d.schedules]\n"
        "print(json.dumps(out))\n"
    )
    try:
        # the deploy test may have registered deployments of the same names (another zone): wait for serve's
        expected = {
            "schedule-domain/kota-uji-risk": [["0 6 * * 1-5", "Asia/Makassar"]],
            "schedule-domain/kota-uji-ict-audit": [["0 7 1 * *", "Asia/Makassar"]],
            "remind/kota-uji": [["0 8 * * *", "Asia/Makassar"]],  # daily; the sweep holds on days off
            "report/kota-uji": [["0 7 * * 1", "Asia/Makassar"]],  # Monday 07:00 local
        }
        deadline = time.monotonic() + 120
        found: dict = {}
        while time.monotonic() < deadline and {k: found.get(k) for k in expected} != expected:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(1)
            res = subprocess.run(
                [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
            )
            found = json.loads(res.stdout or "{}")
        assert {k: found.get(k) for k in expected} == expected, found
    finally:
        stop(serve)
