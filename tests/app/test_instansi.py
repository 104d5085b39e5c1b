"""Many instansi in one database: every use case acts on the instansi it is told (or the only one), never on
another's data; the deployments cover each instansi and domain. Three instansi in WIB, WITA and WIT."""

from __future__ import annotations

import datetime as dt

import pytest

from spbe_actions.app.common import open_engine
from spbe_actions.app.deployments import run_specs
from spbe_actions.app.figures import completion, tasks
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import EvidenceInput, Request, act, actor_of
from spbe_actions.domain.errors import InputError
from tests.support.plans import ZONES, three_instansi

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # 08:00 WIB, 09:00 WITA, 10:00 WIT


def setup_three(url: str, plan_file) -> None:  # type: ignore[no-untyped-def]
    for i, plan in enumerate(three_instansi()):
        init_database(plan_file(plan, f"plan-{i}.yaml"), NOW, url)
    engine = open_engine(url)
    for code in ZONES:
        for domain, _ in domains_to_schedule(engine, code):
            schedule_domain(engine, domain, NOW, instansi=code)
    engine.dispose()


@pytest.fixture
def three(db_url, plan_file):  # type: ignore[no-untyped-def]
    setup_three(db_url, plan_file)
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


def test_without_a_code_a_database_of_several_instansi_asks_which(three):
    with pytest.raises(InputError) as err:
        tasks(three, NOW)
    message = str(err.value)
    assert "--instansi" in message and all(code in message for code in ZONES)
    with pytest.raises(InputError, match="kota-selatan"):
        tasks(three, NOW, instansi="kota-selatan")


def test_each_instansi_sees_only_its_own_work_and_people(three):
    ids = {code: {v.row.id for v in tasks(three, NOW, instansi=code)} for code in ZONES}
    assert (
        all(ids.values())
        and not (ids["kota-barat"] & ids["kota-tengah"])
        and not (ids["kota-tengah"] & ids["kota-timur"])
    )
    # the same person key in another instansi is another person: kota-barat's focal point cannot act on a
    # kota-timur occurrence (it is simply not found), and acting in the right instansi works
    timur = min(ids["kota-timur"])
    submit = Request(timur, "submit", evidence=(EvidenceInput("https://e.example.go.id/a.pdf"),))
    with pytest.raises(InputError, match="tidak ditemukan"):
        act(three, [submit], "kominfo.fp1", "cli", NOW, "kota-barat")
    fp = actor_of(three, "kominfo.fp1", "kota-timur")
    mine = [v.row.id for v in tasks(three, NOW, fp, instansi="kota-timur")]
    done = act(
        three, [Request(mine[0], "submit", evidence=submit.evidence)], "kominfo.fp1", "cli", NOW, "kota-timur"
    )
    assert done.changes[0].to_status == "submitted"
    assert {r.group for r in completion(three, NOW, instansi="kota-timur")} == {"KOMINFO", "INSPEKTORAT"}


def test_the_sweep_decides_each_instansi_on_its_own_clock(three):
    report = sweep(three, NOW + dt.timedelta(days=4), dry_run=True)  # Friday 2025-01-10: the Q4 reports are due
    by_code = {m.instansi: m.now_local for m in report.messages}
    assert set(by_code) == set(ZONES)
    assert {code: t.strftime("%H:%M %Z") for code, t in by_code.items()} == {
        "kota-barat": "08:00 WIB",
        "kota-tengah": "09:00 WITA",
        "kota-timur": "10:00 WIT",
    }
    only = sweep(three, NOW + dt.timedelta(days=4), dry_run=True, instansi="kota-tengah")
    assert {m.instansi for m in only.messages} == {"kota-tengah"}


def test_deployments_per_instansi_and_domain_one_reminder_run_and_the_overseer(three):
    specs = run_specs(three)
    schedule = sorted(s.name for s in specs if s.flow == "schedule-domain")
    assert schedule == sorted(f"{code}-{d}" for code in ZONES for d in ("ict-audit", "risk"))
    assert all(s.parameters["instansi"] in ZONES for s in specs if s.flow in ("schedule-domain", "report"))
    assert sorted(s.name for s in specs if s.flow == "report") == sorted(ZONES)
    (remind,) = [s for s in specs if s.flow == "remind"]
    # 08:00 in each instansi's own zone: three schedules, one run each, each sweeping the whole database
    assert sorted((s.cron, s.timezone) for s in remind.schedules) == sorted(
        ("0 8 * * *", tz) for tz in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
    )
    assert [s.flow for s in specs].count("overseer") == 1
    assert all(s.tags[1] in ZONES or s.flow in ("remind", "dispatch", "overseer") for s in specs)


def test_every_instansis_overview_at_once_equals_each_built_alone(three):  # type: ignore[no-untyped-def]
    """``build_all`` (one read transaction, each figure read once) gives each instansi the overview that
    ``build`` gives it alone, on SQLite and PostgreSQL, with late work in one of them."""
    from spbe_actions.app.overview import build, build_all

    later = NOW + dt.timedelta(days=120)  # some of the first quarter's work is late by now
    together = build_all(three, later)
    assert [o.code for o in together] == list(ZONES)
    assert any(o.late_count for o in together)
    for overview in together:
        assert overview == build(three, later, overview.code), overview.code
