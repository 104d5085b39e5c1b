"""A deterministic, realistic mix of OPD work for the demo: on-time and late submissions, verifications,
a returned report, an approved extension, a waiver, and work left late. Everything goes through the same
use case (``tracking.act``) as the CLI, each step at its own moment in the past."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.app.common import require_instansi, stored_id
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.lifecycle import COORDINATOR, FOCAL_POINT, TO_DO
from spbe_actions.store import engine as db


def _at(day: dt.date, zone: ZoneInfo, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone).astimezone(dt.UTC)


def record_activity(engine: Engine, now: dt.datetime, seed: int = 2024) -> Counter[str]:
    """Act on every occurrence already due by ``now``; returns how many got each outcome (its words: ``do_*``)."""
    with db.read(engine) as session:
        inst = require_instansi(session)
        rows = store.task_rows(session, stored_id(inst), sorted(TO_DO))
        people = store.people_roles(session, stored_id(inst))
    zone, today = ZoneInfo(inst.timezone), local_today(now, inst.timezone)
    coordinator = next(p.key for p in people if p.role == COORDINATOR)
    focal: dict[int | None, str] = {}
    for p in people:
        if p.role == FOCAL_POINT:
            focal.setdefault(p.opd_id, p.key)
    rng, outcomes = random.Random(seed), Counter[str]()
    for row in (r for r in rows if r.due < today):
        outcome = _simulate(engine, row, focal[row.opd_id], coordinator, rng, zone, today)
        outcomes[outcome] += 1
    return outcomes


def _simulate(
    engine: Engine,
    row: store.OccurrenceRow,
    fp: str,
    coord: str,
    rng: random.Random,
    zone: ZoneInfo,
    today: dt.date,
) -> str:
    """One occurrence's story; the roll decides which."""
    roll = rng.random()
    last = today - dt.timedelta(days=1)
    evidence = (
        EvidenceInput(
            f"https://dokumen.example.go.id/{row.opd_code.lower()}/{row.action_key}/{row.period}.pdf",
            f"{row.title} {row.period}",
        ),
    )
    if roll < 0.60:  # submitted: mostly on time, some late; most of them verified
        late = roll >= 0.48
        day = (
            min(row.due + dt.timedelta(days=rng.randint(2, 9)), last)
            if late
            else row.due - dt.timedelta(days=rng.randint(1, 6))
        )
        _do(engine, row, "submit", fp, day, zone, evidence=evidence)
        if rng.random() < 0.7 and day + dt.timedelta(days=2) <= last:
            _do(engine, row, "verify", coord, day + dt.timedelta(days=2), zone)
            return "verified_late" if late else "verified"
        return "submitted_late" if late else "submitted"
    if roll < 0.66:
        day = row.due - dt.timedelta(days=2)
        _do(engine, row, "submit", fp, day, zone, evidence=evidence)
        _do(
            engine,
            row,
            "return",
            coord,
            day + dt.timedelta(days=1),
            zone,
            reason="Lampirkan notulen yang sudah ditandatangani",
        )
        return "returned"
    if roll < 0.72:
        until = max(row.due + dt.timedelta(days=21), today + dt.timedelta(days=7))
        _do(
            engine,
            row,
            "request_extension",
            fp,
            row.due - dt.timedelta(days=3),
            zone,
            until=until,
            reason="Menunggu tanda tangan Kepala OPD",
        )
        _do(
            engine,
            row,
            "extend",
            coord,
            row.due - dt.timedelta(days=2),
            zone,
            until=until,
            reason="Disetujui: tanda tangan sedang diproses",
        )
        return "extended"
    if roll < 0.75:
        _do(
            engine,
            row,
            "waive",
            coord,
            row.due - dt.timedelta(days=1),
            zone,
            reason="Aplikasi dihentikan; tidak relevan periode ini",
        )
        return "waived"
    return "late"


def _do(
    engine: Engine, row: store.OccurrenceRow, event: str, who: str, day: dt.date, zone: ZoneInfo, **kw: Any
) -> None:
    act(engine, [Request(row.id, event, **kw)], who, "cli", _at(day, zone))
