"""An SQLite engine keeps the connections that many threads used at once (the web's thread pool): a second wave of
16 concurrent readers opens no new connection (SQLAlchemy's default pool kept 5 and reopened the rest each time,
each new one paying the PRAGMAs and the schema's parse)."""

from __future__ import annotations

import threading

from sqlalchemy import event, func, select

from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.app.test_outbox import setup

READERS = 16


def _wave(engine) -> None:  # type: ignore[no-untyped-def]
    """READERS read sessions open at the same time, each holding its connection until all have one."""
    together = threading.Barrier(READERS)

    def read() -> None:
        with db.read(engine) as s:
            s.execute(select(func.count()).select_from(m.Occurrence)).scalar_one()
            together.wait(timeout=30)

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_concurrent_readers_reuse_their_connections(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    engine = setup(f"sqlite:///{tmp_path / 'a.db'}", plan_file)
    opened: list[int] = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    _wave(engine)
    first = len(opened)
    assert first >= READERS - 1  # (one may have been in the pool already)
    _wave(engine)
    _wave(engine)
    assert len(opened) == first, "the second and third waves reopened connections"
    engine.dispose()
