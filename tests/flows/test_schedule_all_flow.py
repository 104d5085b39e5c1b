"""The schedule_all flow under the Prefect test harness: one task per batch of instansi, the same occurrences and
trail as the per-domain flows' use case, one table artifact with each instansi's counts."""

from __future__ import annotations

import json

import pytest

from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import installation
from spbe_actions.app.setup import init_database
from tests.app.test_schedule_all import NOW, per_domain, state
from tests.support.plans import ZONES, three_instansi


@pytest.mark.prefect
def test_the_schedule_all_flow_writes_what_each_domain_flow_would(prefect_api, plan_file, tmp_path, monkeypatch):
    from prefect.artifacts import Artifact
    from spbe_flows.schedule import schedule_all

    urls = [f"sqlite:///{tmp_path / name}" for name in ("semua.db", "per-domain.db")]
    for url in urls:
        for i, plan in enumerate(three_instansi()):
            init_database(plan_file(plan, f"plan-{i}.yaml"), NOW, url)
    monkeypatch.setenv("SPBE_DATABASE_URL", urls[0])
    totals = schedule_all(now=NOW)
    other = open_engine(urls[1])
    created = per_domain(other, NOW)
    assert totals["created"] == sum(created.values()) > 0
    engine = open_engine(urls[0])
    assert state(engine) == state(other)
    engine.dispose()
    other.dispose()
    again = schedule_all(now=NOW)
    assert again["created"] == 0 and again["unchanged"] == totals["created"]
    rows = json.loads(Artifact.get(f"schedule-all-{installation(list(ZONES))}").data)
    assert [r["instansi"] for r in rows] == list(ZONES) and all(r["unchanged"] for r in rows)
