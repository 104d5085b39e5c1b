"""Tracking helpers shared by the tests: the small plan's occurrence names, and what a request may change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.links import Claims, sign
from spbe_actions.store import engine as db
from spbe_actions.store import models as m

# (OPD, period) -> the short names the tests use for the small plan's occurrences (tests/support/plans.py)
NAMES = {
    ("KOMINFO", "2024-Q4"): "K4",
    ("INSPEKTORAT", "2024-Q4"): "I4",
    ("KOMINFO", "2025-Q1"): "K1",
    ("INSPEKTORAT", "2025-Q1"): "I1",
    ("INSPEKTORAT", "exp-2025-11-20"): "AUDIT",
}


def states(engine) -> dict[int, tuple]:  # type: ignore[no-untyped-def]
    """Occurrence id -> (status, due, submitted_on)."""
    o = m.Occurrence
    with engine.connect() as conn:
        return {i: (s, d, sub) for i, s, d, sub in conn.execute(select(o.id, o.status, o.due, o.submitted_on))}


def snapshot(engine) -> dict:  # type: ignore[no-untyped-def]
    """Everything a request may change: occurrences, trail, evidence, evidence records."""
    o, e = m.Occurrence, m.Evidence
    with engine.connect() as conn:
        return dict(
            occurrences=sorted(tuple(r) for r in conn.execute(select(o.id, o.status, o.due, o.submitted_on))),
            events=conn.execute(select(func.count()).select_from(m.OccurrenceEvent)).scalar_one(),
            evidence=sorted(tuple(r) for r in conn.execute(select(e.id, e.occurrence_id, e.url, e.effective))),
            records=sorted(
                tuple(r) for r in conn.execute(select(m.EvidenceRecord.key, m.EvidenceRecord.effective))
            ),
        )


def step(row) -> tuple:  # type: ignore[no-untyped-def]
    """A trail row as (who, channel, event, from status, to status, from due, to due), to compare in tests."""
    return (row.actor, row.channel, row.event, row.from_status, row.to_status, row.from_due, row.to_due)


def kominfo_link(url: str, plan: Path, secret: str, now: dt.datetime) -> tuple[str, int]:
    """``url`` set up from ``plan`` (the small plan) with its risk work scheduled; a signed token, valid 30 days
    by the real clock (a served page reads it), for kominfo.fp1's open KOMINFO task, and that task's id."""
    init_database(plan, now, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", now, until=dt.date(2025, 4, 30))
    with db.read(engine) as s:
        pid = s.execute(select(m.Person.id).where(m.Person.key == "kominfo.fp1")).scalar_one()
        oid = s.execute(
            select(m.Occurrence.id).join(m.Opd).where(m.Opd.code == "KOMINFO", m.Occurrence.status == "open")
        ).scalar_one()
    engine.dispose()
    return sign(secret, Claims("act", pid, oid, dt.datetime.now(dt.UTC) + dt.timedelta(days=30))), oid
