"""The sweep's stored next-step dates (issue #17): day after day, with the lifecycle moving under it, the sweep
that reads only the work whose step may change records exactly the decisions that reading everything would
have recorded as new (the naive baseline minus what is recorded), equal in every field; and each transition
that can bring a step earlier (status, due date, extension, "seen", plan change) makes the sweep look again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from sqlalchemy import Engine, text

from spbe_actions import store
from spbe_actions.adapters import config
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.sweep import decide_today, sweep
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.domain.lifecycle import FOCAL_POINT
from spbe_actions.store import engine as db
from tests.support import bench

FIRST = dt.datetime(2025, 10, 1, 3, 0, tzinfo=dt.UTC)  # a Wednesday, 10:00 WIB; the loop crosses two weekends
DAYS = 14


run, naive = bench.run, bench.naive

Key = tuple[str, str, int]


def _recorded(engine: Engine) -> set[Key]:
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text("SELECT subject, step, person_id FROM reminder"))}  # type: ignore[misc]


def _next_step(engine: Engine, occurrence_id: int) -> dt.date | None:
    with engine.connect() as conn:
        value = conn.execute(
            text("SELECT next_step_on FROM occurrence WHERE id = :i"), {"i": occurrence_id}
        ).scalar()
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _full(d) -> tuple:  # type: ignore[no-untyped-def]
    return (naive.decision_key(d), d.item, d.days_late, d.escalated)


def _key(d) -> Key:  # type: ignore[no-untyped-def]
    return (d.subject, d.step, d.person.id)


def _add_focal_point(plans: Path, now: dt.datetime, engine: Engine) -> str:
    """A plan change: a second focal point for the first OPD that has one (saved as `spbe init` saves it)."""
    path = next(plans.glob("*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    opd = data["opds"][0]
    key = f"{opd['code'].lower()}.baru"
    opd["focal_points"].append({"id": key, "name": "Rina Baru", "email": "rina-baru@example.go.id"})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    plan, _ = config.plan(path)
    with db.write(engine) as session, session.begin():
        store.save_plan(session, plan, now)
    return key


def _transitions(engine: Engine, day: int, now: dt.datetime, plans: Path, picks: dict) -> None:
    """The lifecycle moving under the sweep, through the use cases (and the link page's "seen" row)."""
    today = now.date()
    if day == 2:  # a focal point submits late work: no longer chased
        evidence = (EvidenceInput("https://dokumen.example.go.id/laporan.pdf"),)
        act(engine, [Request(picks["submit"], "submit", evidence=evidence)], picks["fp"], "cli", now)
    if day == 3:  # the coordinator extends other late work: a new due date, the ladder starts again
        until = today + dt.timedelta(days=8)
        act(engine, [Request(picks["extend"], "extend", reason="banjir", until=until)], "setda.sekda", "cli", now)
        assert _next_step(engine, picks["extend"]) is None  # the trigger: look again
    if day == 5:  # ... and returns the submitted work: chased again
        act(engine, [Request(picks["submit"], "return", reason="kurang lengkap")], "setda.sekda", "cli", now)
        assert _next_step(engine, picks["submit"]) is None
    if day == 6:  # "sudah dilihat" on late work: its repeats pause, then resume
        with db.write(engine) as s, s.begin():
            store.add_events(
                s,
                [
                    dict(
                        occurrence_id=picks["seen"],
                        at=now,
                        channel="link",
                        event="seen",
                        to_status="open",
                        to_due=today,
                    )
                ],
            )
        assert _next_step(engine, picks["seen"]) is None
    if day == 8:  # a new focal point in the plan: they get every step their OPD's work is at
        picks["new"] = _add_focal_point(plans, now, engine)


def _pick(decisions: list) -> dict:
    """Three different late items with repeats ahead, all of one focal point's OPD."""
    late = [
        d for d in decisions if d.step.startswith("L") and d.person.role == FOCAL_POINT and d.item.status == "open"
    ]
    by_opd: dict[int, list] = {}
    for d in late:
        if d.item.occurrence_id not in {x.item.occurrence_id for x in by_opd.get(d.item.opd_id, [])}:
            by_opd.setdefault(d.item.opd_id, []).append(d)
    group = next(g for g in by_opd.values() if len(g) >= 3)
    return dict(
        fp=group[0].person.key,
        submit=group[0].item.occurrence_id,
        extend=group[1].item.occurrence_id,
        seen=group[2].item.occurrence_id,
    )


def test_day_after_day_the_sweep_records_what_reading_everything_would(db_url, tmp_path):
    plans = bench.city(db_url, tmp_path)["plans"]
    engine = open_engine(db_url)
    picks: dict = {}
    decided, new_per_day = [], []
    for day in range(DAYS):
        now = FIRST + dt.timedelta(days=day)
        if day:
            _transitions(engine, day, now, plans, picks)
        before = _recorded(engine)
        with db.read(engine) as session:
            everything = {_key(d): _full(d) for d in naive.naive_decisions(session, now)}
        report = sweep(engine, now, keep_messages=False)
        new = _recorded(engine) - before
        assert new == (set(everything) - before if report.in_window else set()), now
        for d in report.decisions:  # whatever it decides, reading everything decides the same, in every field
            assert _full(d) == everything[_key(d)]
        decided.append(len({d.item.occurrence_id for d in report.decisions}))
        new_per_day.append(len(new))
        if day == 0:
            picks.update(_pick(report.decisions))
        if day == 8:
            assert any(d.person.key == picks["new"] for d in report.decisions)
    assert sum(1 for n in new_per_day if n) >= 5  # the ladder moved on most working days
    # after the first day only work whose step may change is decided again, except on the plan change day
    assert max(n for day, n in enumerate(decided) if day not in (0, 8)) < decided[0] / 4 < decided[8], decided
    engine.dispose()


def test_a_dry_run_and_a_held_day_store_no_dates(db_url, tmp_path):
    bench.city(db_url, tmp_path)
    engine = open_engine(db_url)
    saturday = dt.datetime(2025, 10, 11, 3, 0, tzinfo=dt.UTC)
    for report in (sweep(engine, run.NOW, dry_run=True), sweep(engine, saturday)):
        assert report.decisions and report.recorded == 0
        with engine.connect() as conn:
            assert (
                conn.execute(text("SELECT count(*) FROM occurrence WHERE next_step_on IS NOT NULL")).scalar() == 0
            )
    with db.read(engine) as session:
        items = sum(day.items for day in decide_today(session, run.NOW))
    first = sweep(engine, run.NOW)
    assert first.recorded == len(first.decisions) > 0
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM occurrence WHERE next_step_on IS NOT NULL")).scalar()
    assert stored == items  # every item read has its date, whether or not it had a decision today
    engine.dispose()
