"""A year in production, on a real `prefect server` and a real `spbe serve`: failed runs alert the coordinator in
words and times people read, served and pooled deployments keep apart, and two installations share one server."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from tests.conftest import REPO
from tests.support.plans import small_plan
from tests.support.processes import spawn, stop
from tests.support.servers import HookServer, SmtpServer, free_port

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
SWEEP = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # Thursday 09:00 WIB: the 2024-Q4 reports are late
UI = "https://prefect.spbe.example.go.id"
CLI = [sys.executable, "-m", "spbe_actions"]

PYTHON_CLIENT = """
import json, sys, time
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment
cmd = sys.argv[1]
with get_client(sync_client=True) as c:
    if cmd == "run":
        r = run_deployment(sys.argv[2], timeout=300, parameters=json.loads(sys.argv[3]))
        print(json.dumps({"state": r.state.type.value, "message": r.state.message, "name": r.name}))
    elif cmd == "deployments":
        out = {}
        for d in c.read_deployments():
            out[c.read_flow(d.flow_id).name + "/" + d.name] = {"paused": d.paused, "tags": d.tags}
        print(json.dumps(out))
"""


def client(env: dict, *args: str) -> dict:
    res = subprocess.run(
        [sys.executable, "-c", PYTHON_CLIENT, *args], env=env, capture_output=True, text=True, timeout=360
    )
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def installation_db(tmp_path: Path, plan_file, code: str = "kota-uji") -> str:  # type: ignore[no-untyped-def]
    data = small_plan()
    data["instansi"]["code"] = code
    url = f"sqlite:///{tmp_path / f'{code}.db'}"
    init_database(plan_file(data, f"{code}.yaml"), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    engine.dispose()
    return url


def wait_for(check, what: str, seconds: float = 120) -> object:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {seconds} s")


@pytest.mark.prefect
def test_failed_remind_and_report_runs_alert_the_coordinator_readably(prefect_server, tmp_path, plan_file):
    url = installation_db(tmp_path, plan_file)
    (tmp_path / "not-a-folder").write_text("x")
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_server,
        "PREFECT_HOME": str(tmp_path / "home"),
        "SPBE_DATABASE_URL": url,
        "SPBE_SMTP_HOST": "127.0.0.1",
        "SPBE_SMTP_PORT": str(free_port()),  # nothing listens: the mail server is down
        "SPBE_PREFECT_UI_URL": UI,
        "SPBE_REPORT_DIR": str(tmp_path / "not-a-folder" / "laporan"),  # the weekly report cannot be written
    }
    with HookServer() as hook:
        done = subprocess.run(
            [*CLI, "setup-automations", "--channel", f"json://127.0.0.1:{hook.port}/alarm"],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        serve = spawn([*CLI, "serve"], tmp_path / "serve.log", env=env, cwd=REPO)
        try:
            wanted = {"remind/kota-uji", "report/kota-uji"}  # serve registers one deployment after another
            wait_for(lambda: wanted <= set(client(env, "deployments")), "serve registering its deployments")
            run = client(env, "run", "remind/kota-uji", json.dumps({"now": SWEEP.isoformat()}))
            assert run["state"] == "FAILED" and run["name"] == "pengingat-2025-01-23", run
            assert "2 gagal" in run["message"] and "kominfo.fp1" in run["message"]
            post = wait_for(lambda: hook.posts, "the remind alert")[0]  # type: ignore[index]
            assert post.path == "/alarm" and post.json["title"] == "SPBE: Pengingat harian gagal"
            body = post.json["message"]
            assert "pengingat-2025-01-23" in body and "WIB" in body and "+00:00" not in body, body
            assert (
                f"{UI}/runs/flow-run/" in body and "insp.fp1 (digest)" in body and "spbe outbox --failed" in body
            )
            report = client(env, "run", "report/kota-uji", json.dumps({"now": SWEEP.isoformat()}))
            assert report["state"] == "FAILED" and report["name"] == "laporan-kota-uji-2025-01-23", report
            second = wait_for(lambda: len(hook.posts) > 1 and hook.posts, "the report alert")[1]  # type: ignore[index]
            assert second.json["title"] == "SPBE kota-uji: Laporan mingguan gagal", second.json
            assert "WIB" in second.json["message"] and f"{UI}/runs/flow-run/" in second.json["message"]
        finally:
            stop(serve)


@pytest.mark.prefect
def test_served_and_pooled_deployments_keep_apart_and_two_installations_share_a_server(
    prefect_server, tmp_path, plan_file
):
    first, second = (
        installation_db(tmp_path, plan_file, "kota-satu"),
        installation_db(tmp_path, plan_file, "kota-dua"),
    )
    env = {**os.environ, "PREFECT_API_URL": prefect_server, "PREFECT_HOME": str(tmp_path / "home")}
    one, two = {**env, "SPBE_DATABASE_URL": first}, {**env, "SPBE_DATABASE_URL": second}
    deployed = subprocess.run(
        [*CLI, "deploy", "--pool", "spbe-ops"], env=one, cwd=REPO, capture_output=True, text=True, timeout=180
    )
    assert deployed.returncode == 0, deployed.stderr
    serve = spawn([*CLI, "serve"], tmp_path / "serve.log", env=one, cwd=REPO)
    try:
        served = {"remind/kota-satu", "schedule-domain/kota-satu-risk"}  # registered one after another
        found = wait_for(lambda: (d := client(one, "deployments")) and served <= set(d) and d, "serve")
        assert isinstance(found, dict)
        assert "remind/kota-satu-pool" in found and "schedule-domain/kota-satu-risk-pool" in found
        assert (
            "spbe-serve" in found["remind/kota-satu"]["tags"]
            and "spbe-pool" in found["remind/kota-satu-pool"]["tags"]
        )
        assert (
            subprocess.run(
                [*CLI, "deploy", "--pool", "spbe-ops"], env=two, cwd=REPO, capture_output=True, timeout=180
            ).returncode
            == 0
        )
    finally:
        stop(serve)  # SIGTERM: serve pauses what it serves, and only that
    after = client(one, "deployments")
    assert after["remind/kota-satu"]["paused"] and after["schedule-domain/kota-satu-risk"]["paused"]
    assert (
        not after["remind/kota-satu-pool"]["paused"] and not after["schedule-domain/kota-satu-risk-pool"]["paused"]
    )
    assert (
        not after["remind/kota-dua-pool"]["paused"] and "remind/kota-dua" not in after
    )  # the other installation's


@pytest.mark.prefect
def test_serve_rides_out_a_prefect_outage_and_the_missed_reminder_slot_runs_once(tmp_path, plan_file):
    """The server goes away across the daily reminder's slot: `spbe serve` keeps running (its runner gives up,
    serve waits and serves again), and when the server is back the slot's run happens exactly once."""
    from tests.support.processes import BIN, wait_healthy

    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    server_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    server_env["PREFECT_HOME"] = str(tmp_path / "server-home")
    start_server = [BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    server = spawn(start_server, tmp_path / "server-1.log", env=server_env)
    wait_healthy(api, server)
    local = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7)))
    slot = (local + dt.timedelta(minutes=2)).replace(second=0, microsecond=0)  # the remind cron, 1-2 min ahead
    data = small_plan()
    data["reminders"] = {"send_time": f"{slot:%H:%M}"}
    url = f"sqlite:///{tmp_path / 'outage.db'}"
    init_database(plan_file(data), NOW, url=url)
    env = {
        **os.environ,
        "PREFECT_API_URL": api,
        "PREFECT_HOME": str(tmp_path / "serve-home"),
        "SPBE_DATABASE_URL": url,
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",  # the runner notices (and gives up on) a dead API within seconds
        "PREFECT_CLIENT_MAX_RETRIES": "0",  # and its last calls fail at once (in production they retry ~3.5 min)
        "SPBE_SERVE_RETRY_MAX_SECONDS": "10",
    }
    mail = SmtpServer().start()  # the mail server stays up: only Prefect goes away
    env |= {"SPBE_SMTP_HOST": mail.host, "SPBE_SMTP_PORT": str(mail.port), "SPBE_SMTP_FROM": "spbe@uji.go.id"}
    serve = spawn([*CLI, "serve"], tmp_path / "serve.log", env=env, cwd=REPO)
    try:
        wait_for(lambda: "remind/kota-uji" in client(env, "deployments"), "serve registering its deployments")
        stop(server)  # the outage begins before the slot ...
        while dt.datetime.now(dt.UTC) < slot + dt.timedelta(seconds=25):
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(1)
        log = tmp_path / "serve.log"  # the runner gives up on the dead API; serve waits and serves again
        wait_for(lambda: serve.poll() is None and "serving again" in log.read_text(), "serve's retry", 150)
        assert serve.poll() is None
        server = spawn(start_server, tmp_path / "server-2.log", env=server_env)  # ... and ends after it
        wait_healthy(api, server)
        runs = wait_for(
            lambda: (r := remind_runs(env)) and all(s == "COMPLETED" for s in r) and r, "the slot's run", 180
        )
        time.sleep(15)  # a duplicate would show up by now
        assert remind_runs(env) == ["COMPLETED"], runs
        assert serve.poll() is None
        assert len(mail.to("sekda@example.go.id")) <= 1  # whatever the day asked of the slot went out at most once
    finally:
        stop(serve)
        mail.stop()
        stop(server)


RUNS = """
import datetime as dt, json
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName
now = dt.datetime.now(dt.timezone.utc)
with get_client(sync_client=True) as c:
    runs = c.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["remind"])))
    # the runs due by now (Prefect's scheduler also holds the coming days' runs, still Scheduled)
    print(json.dumps([r.state.type.value for r in runs if r.state and r.expected_start_time <= now]))
"""


def remind_runs(env: dict) -> list[str]:
    res = subprocess.run([sys.executable, "-c", RUNS], env=env, capture_output=True, text=True, timeout=60)
    return json.loads(res.stdout.strip().splitlines()[-1]) if res.returncode == 0 and res.stdout.strip() else []


@pytest.mark.prefect
def test_the_one_machine_recipe_on_another_port_shows_the_deployments_in_the_prefect_ui(tmp_path, plan_file):
    """README's "One machine" steps with the server on port 18xxx: the API URL is set before the server starts,
    so the UI (in Chromium) talks to this port, not 4200, and lists the served deployments."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
    from tests.support.processes import BIN, wait_healthy

    if not CHROMIUM:
        pytest.skip(NO_CHROMIUM)
    port = next(p for p in range(18000, 19000) if _free(p))
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "home"), "PREFECT_API_URL": api}  # exported first
    server = spawn([BIN / "prefect", "server", "start", "--port", str(port)], tmp_path / "server.log", env=env)
    serve = None
    try:
        wait_healthy(api, server)
        env["SPBE_DATABASE_URL"] = installation_db(tmp_path, plan_file)
        serve = spawn([*CLI, "serve"], tmp_path / "serve.log", env=env, cwd=REPO)
        wait_for(lambda: "remind/kota-uji" in client(env, "deployments"), "serve registering its deployments")
        with sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            calls: list[str] = []
            page.on("request", lambda r: calls.append(r.url))
            page.goto(f"http://127.0.0.1:{port}/deployments")
            page.get_by_text("kota-uji-risk").first.wait_for(timeout=60_000)
            (REPO / "test-artifacts").mkdir(exist_ok=True)
            page.screenshot(path=str(REPO / "test-artifacts" / "prefect-ui-deployments.png"))
            browser.close()
        assert not [u for u in calls if ":4200/" in u], "the UI called the default port"
    finally:
        if serve:
            stop(serve)
        stop(server)


def _free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
