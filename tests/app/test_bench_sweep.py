"""The scale benchmark's fast path and its naive baseline reach the same decisions (``city`` size, both
databases), on a year of synthetic work with the benchmark's status mix. Nothing here is timed."""

from __future__ import annotations

from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.sweep import decide_today, sweep
from spbe_actions.store import engine as db
from tests.support import bench

run, naive = bench.run, bench.naive
_city = bench.city


def _full(d) -> tuple:  # type: ignore[no-untyped-def]
    return (naive.decision_key(d), d.item, d.days_late, d.escalated)


def test_fast_sweep_and_naive_baseline_decide_the_same(db_url, tmp_path):
    setup = _city(db_url, tmp_path)
    assert setup["loaded"]["instansi"] == 1 and setup["made"]["rows"] > 500
    assert {"on_time", "late", "waived", "open"} <= set(setup["mixed"])
    engine = open_engine(db_url)
    with db.session(engine) as session:
        fast = [d for day in decide_today(session, run.NOW) for d in day.decisions]
        slow = naive.naive_decisions(session, run.NOW)
    steps = {d.step[:1] for d in fast}
    assert {"H", "L", "E"} <= steps, steps  # the mix reaches every rung: before due, late, escalated
    assert any(d.item.seen_on for d in fast)  # and some late work was "seen" (pauses the repeats)
    assert sorted(map(_full, fast)) == sorted(map(_full, slow))
    assert len(fast) == len(slow) > 100


def test_floor_counts_exactly_the_rows_the_sweep_reads(db_url, tmp_path):
    _city(db_url, tmp_path)
    engine = open_engine(db_url)
    with db.session(engine) as session:
        items = sum(day.items for day in decide_today(session, run.NOW))
    assert run.phase_floor(db_url, {})["rows"] == items == run.phase_floor_read(db_url, {})["rows"]
    report = sweep(engine, run.NOW)  # and the real sweep records what it decided, once
    assert report.recorded == len(report.decisions) and report.queued > 0
    assert sweep(engine, run.NOW).recorded == 0
