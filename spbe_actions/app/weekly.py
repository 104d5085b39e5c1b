"""Weekly digests through the reminder outbox: the coordinator gets the whole picture (with the HTML report
attached), each Kepala OPD gets their own agency only. One message per person per ISO week (unique key)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters.render import render
from spbe_actions.app.overview import Overview
from spbe_actions.app.overview import build as build_overview
from spbe_actions.domain.index import exact_str
from spbe_actions.store import engine as db


def _late_items(ov: Overview, opd: str | None, limit: int) -> list[dict]:
    rows = [v for v in ov.late if opd is None or v.row.opd_code == opd][:limit]
    return [
        dict(
            title=v.row.title,
            opd=v.row.opd_code,
            period=v.row.period,
            due=v.row.due,
            days_late=v.late_days,
            points=exact_str(v.points, 1, 4),
        )
        for v in rows
    ]


def _context(ov: Overview, name: str, opd: str | None) -> dict:
    rows = [r for r in ov.opds if opd is None or r.group == opd]
    return dict(
        person=name,
        instansi=ov.instansi,
        opd=opd,
        today=ov.today,
        kind="weekly",
        index_now=f"{ov.current.value} {ov.current.predicate}",
        index_projected=f"{ov.projected.value} {ov.projected.predicate}",
        at_risk=exact_str(sum((r.points_at_risk for r in rows), 0) if opd else ov.at_risk, 1, 4),
        late=sum(r.late for r in rows),
        still_open=sum(r.still_open for r in rows),
        items=_late_items(ov, opd, 10),
        league=[(r.group, r.late, exact_str(r.points_at_risk, 1, 4)) for r in rows[:10]],
    )


def queue_weekly(engine: Engine, now: dt.datetime, report: Path | None = None, ov: Overview | None = None) -> int:
    """Queue this week's digests (the coordinator's with ``report`` attached); returns how many are new."""
    ov = ov or build_overview(engine, now)
    year, week, _ = ov.today.isocalendar()
    new = 0
    with db.session(engine) as session, session.begin():
        codes = store.opd_codes(session, ov.instansi_id)
        for pid, _key, name, role, opd_id, _email, _channels in store.people(session, ov.instansi_id):
            if role not in ("coordinator", "head"):
                continue
            opd = codes.get(opd_id) if role == "head" else None
            ctx = _context(ov, name, opd)
            if role == "head" and not ctx["late"] and not ctx["still_open"]:
                continue  # nothing to tell this agency this week
            parts = {p: render(f"weekly.{p}.j2", None, **ctx).strip() for p in ("txt", "html", "chat")}
            row = dict(
                instansi_id=ov.instansi_id,
                key=f"weekly:{pid}:{year}-W{week:02d}",
                person_id=pid,
                kind="weekly",
                subject=render("subject.j2", None, **ctx).strip()[:300],
                body_text=parts["txt"],
                body_html=parts["html"],
                body_chat=parts["chat"],
                attachment=str(report) if report and role == "coordinator" else None,
                status="queued",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            new += store.enqueue(session, row, []) is not None
    return new
