"""Reads never wait for writers: read sessions BEGIN deferred on SQLite (WAL lets them read while a writer holds
the lock), write sessions BEGIN IMMEDIATE, a read session refuses to write, and the sweep commits in parts that a
rerun after a crash completes without sending anything twice."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, text

from spbe_actions.app.reminders import sweep as sweeping
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.app.test_outbox import SWEEP, rows, setup


def _begins(engine) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda c, cur, stmt, *a: seen.append(stmt) if stmt.startswith("BEGIN") else None,
    )
    return seen


def test_read_sessions_begin_deferred_and_write_sessions_immediate(tmp_path, plan_file):
    engine = setup(f"sqlite:///{tmp_path / 'a.db'}", plan_file)
    begins = _begins(engine)
    with db.read(engine) as s:
        s.execute(select(func.count()).select_from(m.Occurrence)).scalar_one()
    with db.write(engine) as s, s.begin():
        s.execute(select(func.count()).select_from(m.Occurrence)).scalar_one()
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]


def test_a_read_goes_on_while_a_writer_holds_the_lock(tmp_path, plan_file):
    engine = setup(f"sqlite:///{tmp_path / 'a.db'}", plan_file)
    with db.write(engine) as w, w.begin():
        w.execute(text("UPDATE instansi SET name = 'Sedang ditulis'"))  # the write lock is held from here
        with db.read(engine) as r:  # a BEGIN IMMEDIATE here would wait for the writer, then fail "locked"
            assert r.execute(text("SELECT name FROM instansi")).scalar_one() != "Sedang ditulis"
    with db.read(engine) as r:
        assert r.execute(text("SELECT name FROM instansi")).scalar_one() == "Sedang ditulis"


def test_a_read_session_refuses_to_write(db_url, plan_file):
    engine = setup(db_url, plan_file)
    with db.read(engine) as s, pytest.raises(db.ReadOnly):
        s.execute(text("UPDATE instansi SET name = 'x'"))
    with db.read(engine) as s:
        assert s.execute(text("SELECT name FROM instansi")).scalar_one() != "x"


def test_the_sweep_commits_in_parts_and_a_rerun_after_a_crash_finishes_the_job(
    db_url, plan_file, monkeypatch, tmp_path
):
    clean = setup(f"sqlite:///{tmp_path / 'clean.db'}", plan_file)  # the same plan swept in one go
    expected = sweeping.sweep(clean, SWEEP).queued
    assert expected >= 2, "the sample needs at least two messages to split"
    keys = sorted(r["key"] for r in rows(clean, "outbox"))
    engine = setup(db_url, plan_file)

    monkeypatch.setattr(sweeping, "CHUNK", 1)  # one person per transaction
    calls = []
    real = sweeping._record_and_queue

    def crash_on_second(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the worker died")
        return real(*args, **kwargs)

    monkeypatch.setattr(sweeping, "_record_and_queue", crash_on_second)
    with pytest.raises(RuntimeError):
        sweeping.sweep(engine, SWEEP)
    assert len(rows(engine, "outbox")) == 1  # the first part was committed on its own
    monkeypatch.setattr(sweeping, "_record_and_queue", real)
    again = sweeping.sweep(engine, SWEEP)
    assert again.queued == expected - 1
    assert sorted(r["key"] for r in rows(engine, "outbox")) == keys
    assert sweeping.sweep(engine, SWEEP).queued == 0
