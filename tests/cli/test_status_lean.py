"""`spbe status` on the lean read path: the same figures as the ORM overview (on SQLite and PostgreSQL, with and
without a checklist, external values and expiring evidence), without importing sqlmodel, the ORM or Prefect."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import tasks
from spbe_actions.app.overview import build
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.status import status
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.domain.errors import InputError
from tests.conftest import REPO
from tests.support.plans import small_pemdi_plan, small_plan

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)
SAME = ("instansi", "code", "today", "current_year", "current", "projected", "at_risk", "opds", "expiring")
MORE = ("history", "items", "items_open", "awaited", "still_open", "late_count", "waived")


@pytest.mark.parametrize("plan", [small_plan, small_pemdi_plan], ids=["spbe", "pemdi"])
def test_the_lean_figures_equal_the_overview(db_url, plan_file, plan):  # type: ignore[no-untyped-def]
    init_database(plan_file(plan()), NOW, url=db_url)
    engine = open_engine(db_url)
    for domain, _name in domains_to_schedule(engine):
        schedule_domain(engine, domain, NOW, until=dt.date(2025, 12, 31))
    lean, full = status(engine, LATER), build(engine, LATER)
    by_url = status(db_url, LATER)  # the command's own path: a DB-API connection of its own, no engine
    for name in SAME + MORE:
        assert getattr(lean, name) == getattr(full, name), name
        assert getattr(by_url, name) == getattr(full, name), name
    assert full.opds and lean.current.value == full.current.value
    engine.dispose()


def test_expiring_evidence_and_work_in_every_state_agree(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 's.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    rows = {v.row.opd_code: v.row for v in tasks(engine, NOW)}
    kominfo = rows["KOMINFO"]
    proof = EvidenceInput("https://spbe.example.go.id/r.pdf", "Laporan", dt.date(2025, 1, 3), dt.date(2025, 6, 1))
    act(engine, [Request(kominfo.id, "submit", evidence=(proof,))], "kominfo.fp1", "cli", NOW)
    act(engine, [Request(kominfo.id, "verify")], "sekda", "cli", NOW)
    lean, full, by_url = status(engine, LATER), build(engine, LATER), status(url, LATER)
    assert full.expiring, "the verified report's evidence expires before the next evaluation"
    for name in SAME + MORE:
        assert getattr(lean, name) == getattr(full, name), name
        assert getattr(by_url, name) == getattr(full, name), name  # dates read back from SQLite's ISO text
    with pytest.raises(InputError, match="BUKAN.*tidak ada di basis data ini"):
        status(engine, LATER, "BUKAN")
    engine.dispose()


def test_status_imports_no_orm_no_prefect_no_pydantic_settings(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 's.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    engine.dispose()
    code = (
        "import sys\nfrom spbe_actions.cli import app\n"
        "try:\n    app(['status'])\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "heavy = ('sqlmodel', 'prefect', 'alembic', 'sqlalchemy', 'spbe_actions.store.models', 'pydantic_settings')\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    env = {**os.environ, "SPBE_DATABASE_URL": url, "SPBE_NOW": LATER.isoformat()}
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())
    for text in ("2,97 Baik", "3,00 Baik", "0,030", "INSPEKTORAT", "LOADED []"):
        assert text in out, (text, out[-400:])


def test_a_missing_file_an_unreachable_server_and_an_empty_database_are_clear_errors(tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="tidak ada"):
        status(f"sqlite:///{tmp_path / 'nowhere.db'}", LATER)
    assert not (tmp_path / "nowhere.db").exists(), "status never creates a database"
    with pytest.raises(InputError, match="127.0.0.1"):
        status("postgresql://spbe@127.0.0.1:1/test", LATER)  # nothing listens on port 1
    # an in-memory database cannot be read on the lean path alone: the engine opens (and migrates) it
    with pytest.raises(InputError, match="spbe init"):
        status("sqlite://", LATER)
