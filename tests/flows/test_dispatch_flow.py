"""The dispatch flow and deployment on a real Prefect API (the session's test harness) and a real SMTP server:
the deployment exists with its window schedule and a concurrency limit of one run, a run sends what is due and
publishes its numbers first, a retry of its task takes the run's own claims back at once, and a run that gives a
message up ends Failed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import text

from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import run_specs
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.retry import MAX_ATTEMPTS
from tests.support.plans import person, small_plan
from tests.support.servers import SmtpServer

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
AT_8 = dt.datetime(2025, 1, 23, 1, 0, tzinfo=dt.UTC)  # Thursday 08:00 WIB
SENDER = "spbe@example.go.id"


def four_people() -> dict:
    data = small_plan()
    data["opds"][0]["focal_points"].append(person("kominfo.fp2", "Operator SPBE Diskominfo 2"))
    data["opds"][1]["focal_points"].append(person("insp.fp2", "Auditor Inspektorat 2"))
    return data


@pytest.fixture
def installation(tmp_path, plan_file, monkeypatch):
    url = f"sqlite:///{tmp_path / 'flow.db'}"
    init_database(plan_file(four_people()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    assert sweep(engine, AT_8).queued == 4
    server = SmtpServer().start()
    monkeypatch.setenv("SPBE_DATABASE_URL", url)
    monkeypatch.setenv("SPBE_SMTP_HOST", server.host)
    monkeypatch.setenv("SPBE_SMTP_PORT", str(server.port))
    monkeypatch.setenv("SPBE_SMTP_FROM", SENDER)
    monkeypatch.setenv("SPBE_DISPATCH_CONCURRENCY", "1")
    yield engine, server
    server.stop()
    engine.dispose()


def outbox(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(text("select status, attempts, claimed_by from outbox order by id"))
        ]


@pytest.mark.prefect
def test_the_dispatch_deployment_has_its_window_schedule_and_one_run_at_a_time(prefect_api, installation):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy
    from spbe_flows.deployments import _flows, _options

    engine, _server = installation
    (spec,) = [s for s in run_specs(engine) if s.flow == "dispatch"]
    assert spec.name == "kota-uji" and spec.concurrency == 1
    assert [(s.cron, s.timezone) for s in spec.schedules] == [("*/5 8-15 * * 1,2,3,4,5", "Asia/Jakarta")]
    deployment_id = _flows()["dispatch"].to_deployment(**_options(spec, "serve")).apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
    assert stored.name == "kota-uji" and "spbe-serve" in stored.tags
    assert stored.global_concurrency_limit is not None and stored.global_concurrency_limit.limit == 1
    assert stored.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert [s.schedule.cron for s in stored.schedules] == ["*/5 8-15 * * 1,2,3,4,5"]
    # the limit at work: while one run holds the slot, the next one due is cancelled instead of piling up
    from prefect.states import Pending

    with get_client(sync_client=True) as client:
        first, second = (client.create_flow_run_from_deployment(deployment_id) for _ in range(2))
        assert client.set_flow_run_state(first.id, Pending()).state.is_pending()
        refused = client.set_flow_run_state(second.id, Pending())
        assert refused.state.is_cancelled() and "concurrency limit" in (refused.state.message or ""), refused


@pytest.mark.prefect
def test_a_dispatch_run_sends_what_is_due_and_publishes_its_numbers_first(prefect_api, installation):
    from prefect.artifacts import Artifact
    from spbe_flows.dispatch import dispatch

    engine, server = installation
    state = dispatch(now=AT_8 + dt.timedelta(minutes=5), return_state=True)
    assert state.is_completed(), state
    assert state.result() == {"sent": 4, "failed": 0, "dead": 0}
    run_id = str(state.state_details.flow_run_id)
    assert outbox(engine) == [("sent", 1, f"kirim:{run_id}")] * 4
    assert len(server.mails) == 4
    artifact = Artifact.get("dispatch")
    assert artifact is not None and artifact.data.startswith("**4 terkirim, 0 gagal (0 gagal permanen)")
    assert "| 4 | 0 | 0 |" in artifact.data
    outside = dispatch(now=AT_8 - dt.timedelta(minutes=5), return_state=True)  # 07:55: the window is closed
    assert outside.result() == {"sent": 0, "failed": 0, "dead": 0} and len(server.mails) == 4


class Crash(Exception):
    pass


@pytest.mark.prefect
def test_a_retry_of_the_task_takes_the_runs_own_claims_back_at_once(prefect_api, installation, monkeypatch):
    import spbe_flows.dispatch as flow_module

    from spbe_actions.app.reminders import dispatch as sender

    engine, server = installation
    real, calls = sender.dispatch, []

    def crashing_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["worker"])
        if len(calls) == 1:  # the first attempt dies right after its first send, with the whole batch claimed

            def die(_outbox_id: int) -> None:
                raise Crash("the process died before recording")

            kwargs["after_send"] = die
        return real(*args, **kwargs)

    monkeypatch.setattr(sender, "dispatch", crashing_once)
    monkeypatch.setattr(flow_module, "send_due", flow_module.send_due.with_options(retry_delay_seconds=1))
    state = flow_module.dispatch(now=AT_8 + dt.timedelta(minutes=5), return_state=True)
    assert state.is_completed(), state
    run_id = str(state.state_details.flow_run_id)
    assert calls == [f"kirim:{run_id}"] * 2  # the retry ran as the same worker ...
    assert state.result() == {"sent": 4, "failed": 0, "dead": 0}  # ... and took its claims back at once
    assert outbox(engine) == [("sent", 2, f"kirim:{run_id}")] * 4  # within the 10-minute lease
    assert sorted(Counter(r for m in server.mails for r in m.rcpt_tos).values()) == [1, 1, 1, 2]


@pytest.mark.prefect
def test_a_run_that_gives_a_message_up_ends_failed(prefect_api, installation):
    from spbe_flows.dispatch import dispatch

    engine, server = installation
    server.stop()  # refused from now on
    with engine.begin() as conn:  # two messages on their last attempt, the others on their first
        conn.execute(
            text(f"update outbox set attempts = {MAX_ATTEMPTS - 1} where id in (select id from outbox limit 2)")
        )
    state = dispatch(now=AT_8 + dt.timedelta(minutes=5), return_state=True)
    assert state.is_failed() and "0 terkirim, 4 gagal (2 gagal permanen)" in state.message, state
    assert "server surel tidak terjangkau" in state.message
    assert sorted(s for s, *_ in outbox(engine)) == ["dead", "dead", "failed", "failed"]


@pytest.mark.prefect
def test_spbe_deploy_registers_the_dispatch_deployment_to_a_pool_with_its_limit(prefect_api, installation):
    from prefect.client.orchestration import get_client
    from spbe_flows.deployments import deploy_to_pool

    names = deploy_to_pool("spbe-kirim-uji")
    assert "dispatch/kota-uji-pool" in names and "remind/kota-uji-pool" in names
    with get_client(sync_client=True) as client:
        stored = client.read_deployment_by_name("dispatch/kota-uji-pool")
    assert stored.work_pool_name == "spbe-kirim-uji" and "spbe-pool" in stored.tags
    assert stored.entrypoint == "flows/dispatch.py:dispatch"
    assert stored.global_concurrency_limit is not None and stored.global_concurrency_limit.limit == 1
