"""``schedule_all`` (every instansi and domain, in batches, set-based) writes exactly what ``schedule_domain``
writes once per instansi and domain: the same occurrences and the same audit trail, through creation, a rule
change, a deactivated action, touched work and opening windows, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, select, text

from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import domains_to_schedule, schedule_all, schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.errors import InputError
from spbe_actions.store import models as m
from tests.conftest import fresh_pg_database
from tests.support.plans import ZONES, instansi_plan, three_instansi

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # 08:00 WIB, 09:00 WITA, 10:00 WIT
LATER = dt.datetime(2025, 2, 3, 1, 0, tzinfo=dt.UTC)
OPENING = dt.datetime(2025, 3, 12, 1, 0, tzinfo=dt.UTC)  # the first quarter's windows have opened


@pytest.fixture
def twin_url(db_url, tmp_path):  # type: ignore[no-untyped-def]
    """A second fresh database on the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    with fresh_pg_database() as url:
        yield url


def state(engine) -> tuple[list[tuple], list[tuple]]:  # type: ignore[no-untyped-def]
    """Every occurrence and trail row, by natural keys (ids differ with the order of the writes)."""
    o, a, opd, i, e = m.Occurrence, m.Action, m.Opd, m.Instansi, m.OccurrenceEvent
    key = (i.code, a.key, opd.code, o.period)
    occ = (
        select(*key, o.scheduled_due, o.due, o.window_opens, o.status, o.created_at, o.updated_at)
        .join(a, a.id == o.action_id)
        .join(opd, opd.id == o.opd_id)
        .join(i, i.id == o.instansi_id)
    )
    trail = select(*key, e.event, e.from_status, e.to_status, e.from_due, e.to_due, e.at, e.channel).join(
        o, o.id == e.occurrence_id
    )
    trail = trail.join(a, a.id == o.action_id).join(opd, opd.id == o.opd_id).join(i, i.id == o.instansi_id)
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(occ))), sorted(map(tuple, conn.execute(trail)))


def per_domain(engine, now: dt.datetime) -> dict[str, int]:  # type: ignore[no-untyped-def]
    created: dict[str, int] = {}
    for code in ZONES:
        for domain, _ in domains_to_schedule(engine, code):
            rep = schedule_domain(engine, domain, now, instansi=code)
            created[code] = created.get(code, 0) + len(rep.created)
    return created


def change_plans(url: str, plan_file, now: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """A rule change in kota-barat (with one row already submitted), an owner dropped in kota-tengah, the only
    action of a domain dropped in kota-timur (its domain is no longer scheduled: its rows stay as they are)."""
    with create_engine(url).begin() as conn:
        conn.execute(
            text(
                "update occurrence set status = 'submitted' where period = '2025-Q1' and opd_id in"
                " (select o.id from opd o join instansi i on i.id = o.instansi_id"
                " where o.code = 'KOMINFO' and i.code = 'kota-barat')"
            )
        )
    barat, tengah, timur = (instansi_plan(code, zone) for code, zone in ZONES.items())
    barat["actions"][0]["recurrence"]["days_after_quarter_end"] = 20
    tengah["actions"][0]["owners"] = ["INSPEKTORAT"]
    timur["actions"][1]["active"] = False
    for name, plan in (("barat", barat), ("tengah", tengah), ("timur", timur)):
        init_database(plan_file(plan, f"{name}.yaml"), now, url)


def test_schedule_all_writes_what_schedule_domain_writes(db_url, twin_url, plan_file):  # type: ignore[no-untyped-def]
    for url in (db_url, twin_url):
        for i, plan in enumerate(three_instansi()):
            init_database(plan_file(plan, f"plan-{i}.yaml"), NOW, url)
    one, other = open_engine(db_url), open_engine(twin_url)

    created = per_domain(one, NOW)
    counts = schedule_all(other, NOW)
    assert {c.instansi: c.created for c in counts} == created and all(created.values())
    assert state(one) == state(other)
    assert sum(c.created for c in schedule_all(other, NOW)) == 0  # idempotent

    for url in (db_url, twin_url):
        change_plans(url, plan_file, LATER)
    per_domain(one, LATER)
    counts = schedule_all(other, LATER, batch_actions=1)  # one instansi per batch, each its own transaction
    assert [(c.instansi, c.domains, c.moved, c.removed, c.kept) for c in counts] == [
        ("kota-barat", 2, 1, 0, 1),
        ("kota-tengah", 2, 0, 1, 0),
        ("kota-timur", 1, 0, 0, 0),
    ]
    assert state(one) == state(other)

    per_domain(one, OPENING)
    counts = schedule_all(other, OPENING)
    # kota-barat's first quarter moved (its window opens later) or was submitted; kota-tengah kept one owner
    assert [c.opened for c in counts] == [0, 1, 2]
    assert state(one) == state(other)
    one.dispose()
    other.dispose()


def test_schedule_all_for_chosen_instansi_only(db_url, plan_file):  # type: ignore[no-untyped-def]
    for i, plan in enumerate(three_instansi()):
        init_database(plan_file(plan, f"plan-{i}.yaml"), NOW, db_url)
    engine = open_engine(db_url)
    counts = schedule_all(engine, NOW, instansi=["kota-timur"])
    assert [c.instansi for c in counts] == ["kota-timur"] and counts[0].created > 0
    occurrences, _ = state(engine)
    assert {r[0] for r in occurrences} == {"kota-timur"}
    with pytest.raises(InputError, match="kota-selatan"):
        schedule_all(engine, NOW, instansi=["kota-selatan"])
    engine.dispose()
