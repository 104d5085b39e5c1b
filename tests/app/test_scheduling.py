"""Materialising occurrences into a real database (SQLite and PostgreSQL): idempotent, plan changes safe."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.conftest import SAMPLE_PLAN
from tests.support.plans import small_plan

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 2025-01-06 08:00 WIB
UNTIL = dt.date(2025, 4, 30)


def rows(engine) -> list[tuple]:
    o = m.Occurrence
    stmt = (
        select(m.Action.key, m.Opd.code, o.period, o.scheduled_due, o.due, o.window_opens, o.status)
        .join(m.Action, m.Action.id == o.action_id)
        .join(m.Opd, m.Opd.id == o.opd_id)
        .order_by(m.Action.key, o.period, m.Opd.code)
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def setup(db_url, plan_file, data=None):
    init_database(plan_file(data or small_plan()), NOW, url=db_url)
    return open_engine(db_url)


def test_quarterly_risk_report_rows_and_windows(db_url, plan_file):
    engine = setup(db_url, plan_file)
    rep = schedule_domain(engine, "risk", NOW, until=UNTIL)
    assert rep.counts() == {"created": 4, "moved": 0, "removed": 0, "kept": 0, "unchanged": 0, "opened": 0}
    d = dt.date
    assert rows(engine) == [
        # Q4 2024 is reported 10 days after Dec 31: Friday 2025-01-10; its 30-day window opened 2024-12-11
        ("risk-monitoring", "INSPEKTORAT", "2024-Q4", d(2025, 1, 10), d(2025, 1, 10), d(2024, 12, 11), "open"),
        ("risk-monitoring", "KOMINFO", "2024-Q4", d(2025, 1, 10), d(2025, 1, 10), d(2024, 12, 11), "open"),
        # Q1 2025: Thursday 2025-04-10, window opens 2025-03-11: still scheduled on 2025-01-06
        ("risk-monitoring", "INSPEKTORAT", "2025-Q1", d(2025, 4, 10), d(2025, 4, 10), d(2025, 3, 11), "scheduled"),
        ("risk-monitoring", "KOMINFO", "2025-Q1", d(2025, 4, 10), d(2025, 4, 10), d(2025, 3, 11), "scheduled"),
    ]
    engine.dispose()


def test_rerun_is_idempotent_and_opens_windows_later(db_url, plan_file):
    engine = setup(db_url, plan_file)
    schedule_domain(engine, "risk", NOW, until=UNTIL)
    first = rows(engine)
    again = schedule_domain(engine, "risk", NOW, until=UNTIL)
    assert again.counts()["created"] == 0 and again.counts()["unchanged"] == 4
    assert rows(engine) == first
    later = dt.datetime(2025, 3, 12, 1, 0, tzinfo=dt.UTC)
    rep = schedule_domain(engine, "risk", later, until=UNTIL)
    assert rep.opened == 2 and {r[-1] for r in rows(engine) if r[2] == "2025-Q1"} == {"open"}
    engine.dispose()


def test_rule_change_rewrites_only_untouched_future_occurrences(db_url, plan_file):
    engine = setup(db_url, plan_file)
    schedule_domain(engine, "risk", NOW, until=UNTIL)
    with engine.begin() as conn:  # a focal point already submitted Kominfo's Q1 report early
        conn.execute(
            text(
                "update occurrence set status = 'submitted' where period = '2025-Q1' and opd_id ="
                " (select id from opd where code = 'KOMINFO')"
            )
        )
    data = small_plan()
    data["actions"][0]["recurrence"]["days_after_quarter_end"] = 20
    init_database(plan_file(data), NOW, url=db_url)
    rep = schedule_domain(engine, "risk", NOW, until=UNTIL)
    # Q1 for Inspektorat moves to Apr 20 (a Sunday) -> Friday Apr 18 is Good Friday -> Thursday Apr 17;
    # Kominfo's Q1 was submitted: left alone; Q4 2024 would move to Jan 20, a future untouched row: moved too.
    moved = {(x.opd, x.period): (x.before, x.due) for x in rep.moved}
    assert moved == {
        ("INSPEKTORAT", "2025-Q1"): (dt.date(2025, 4, 10), dt.date(2025, 4, 17)),
        ("INSPEKTORAT", "2024-Q4"): (dt.date(2025, 1, 10), dt.date(2025, 1, 20)),
        ("KOMINFO", "2024-Q4"): (dt.date(2025, 1, 10), dt.date(2025, 1, 20)),
    }
    assert [(x.opd, x.period) for x in rep.kept] == [("KOMINFO", "2025-Q1")]
    by_key = {(r[1], r[2]): r for r in rows(engine)}
    assert by_key[("KOMINFO", "2025-Q1")][3:] == (
        dt.date(2025, 4, 10),
        dt.date(2025, 4, 10),
        dt.date(2025, 3, 11),
        "submitted",
    )
    engine.dispose()


def test_a_deactivated_action_loses_only_its_untouched_future_rows(db_url, plan_file):
    engine = setup(db_url, plan_file)
    schedule_domain(engine, "risk", NOW, until=UNTIL)
    later = dt.datetime(2025, 2, 3, 1, 0, tzinfo=dt.UTC)  # Q4 2024 (due Jan 10) is now past, and late
    data = small_plan()
    data["actions"][0]["active"] = False
    init_database(plan_file(data), later, url=db_url)
    rep = schedule_domain(engine, "risk", later, until=UNTIL)
    assert sorted((x.opd, x.period) for x in rep.removed) == [("INSPEKTORAT", "2025-Q1"), ("KOMINFO", "2025-Q1")]
    # late work stays as it was; the removed future rows are cancelled, not deleted (their trail stays)
    assert [(r[2], r[-1]) for r in rows(engine)] == [
        ("2024-Q4", "open"),
        ("2024-Q4", "open"),
        ("2025-Q1", "cancelled"),
        ("2025-Q1", "cancelled"),
    ]
    init_database(plan_file(small_plan()), later, url=db_url)  # the action comes back: so do its rows
    rep = schedule_domain(engine, "risk", later, until=UNTIL)
    assert len(rep.moved) == 2 and {r[-1] for r in rows(engine)} == {"open", "scheduled"}
    engine.dispose()


def test_dry_run_writes_nothing(db_url, plan_file):
    engine = setup(db_url, plan_file)
    rep = schedule_domain(engine, "risk", NOW, until=UNTIL, dry_run=True)
    assert len(rep.created) == 4 and rows(engine) == []
    engine.dispose()


def test_review_before_evidence_expires(db_url, plan_file):
    # audit-infra-2023 dated 2023-11-20 expires 2025-11-20; 90 days before is Friday 2025-08-22, a working day.
    engine = setup(db_url, plan_file)
    rep = schedule_domain(engine, "ict_audit", NOW, until=dt.date(2025, 12, 31))
    assert [(x.opd, x.period, x.due) for x in rep.created] == [
        ("INSPEKTORAT", "exp-2025-11-20", dt.date(2025, 8, 22))
    ]
    engine.dispose()


def test_sample_plan_next_quarter_touches_every_scheduled_domain(db_url):
    init_database(SAMPLE_PLAN, NOW, url=db_url)
    engine = open_engine(db_url)
    domains = [d for d, _ in domains_to_schedule(engine)]
    assert {"risk", "infosec", "data", "ict_audit", "policy", "coordination"} <= set(domains)
    created = {d: len(schedule_domain(engine, d, NOW, until=dt.date(2025, 6, 30)).created) for d in domains}
    assert created["risk"] >= 2 and sum(created.values()) > 20
    again = {d: len(schedule_domain(engine, d, NOW, until=dt.date(2025, 6, 30)).created) for d in domains}
    assert set(again.values()) == {0}
    with db.session(engine) as s:
        n = s.execute(text("select count(*) from occurrence")).scalar_one()
    assert n == sum(created.values())
    engine.dispose()
