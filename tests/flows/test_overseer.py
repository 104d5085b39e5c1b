"""The overseer's weekly league under the Prefect test harness: one keyed table artifact ranking every instansi of
the database, and the self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import installation
from spbe_actions.app.overseer import league
from tests.app.test_instansi import NOW, setup_three
from tests.support.plans import ZONES


@pytest.mark.prefect
def test_the_overseer_flow_ranks_every_instansi(prefect_api, plan_file, tmp_path, monkeypatch):
    from prefect.artifacts import Artifact
    from spbe_flows.overseer import LEAGUE_KEY, overseer

    url = f"sqlite:///{tmp_path / 'tiga.db'}"
    setup_three(url, plan_file)
    monkeypatch.setenv("SPBE_DATABASE_URL", url)
    monkeypatch.setenv("SPBE_REPORT_DIR", str(tmp_path / "laporan"))
    later = NOW + dt.timedelta(days=17)  # the 2024-Q4 reports are late everywhere
    assert overseer(now=later) == {"instansi": 3}
    name = installation(list(ZONES))
    rows = json.loads(Artifact.get(f"{LEAGUE_KEY}-{name}").data)
    assert sorted(r["Kode"] for r in rows) == sorted(ZONES)
    engine = open_engine(url)
    expected = league(engine, later)
    engine.dispose()
    assert [r["Kode"] for r in rows] == [r.code for r in expected.rows]  # the same order as the use case's
    assert all(r["Poin berisiko"] == "0,030" and r["Terlambat"] == 2 for r in rows)
    (page,) = (tmp_path / "laporan").glob("laporan-pengawas-*.html")
    html = page.read_text(encoding="utf-8")
    assert all(f"Pemerintah {c.replace('-', ' ').title()}" in html for c in ZONES) and 'id="liga-instansi"' in html
