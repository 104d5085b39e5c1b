"""Occurrence materialisation across instansi: each read one statement for a batch of instansi (grouped by
instansi and management domain), each kind of write one statement for the whole batch.

``occurrences.py`` holds the per-domain reads and writes of ``schedule_domain``; this module serves
``schedule_all``, which plans the same rows with the same pure diff and writes them in bounded batches.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Table, bindparam, func, insert, literal, select, text, tuple_, update
from sqlmodel import Session

from spbe_actions.domain.lifecycle import Status
from spbe_actions.domain.occurrences import CANCELLED, Changes, Existing, initial_status
from spbe_actions.store import models as m
from spbe_actions.store._base import _insert
from spbe_actions.store.models import table
from spbe_actions.store.occurrences import ActionRow, _new_row, _trail
from spbe_actions.store.rows import EvidenceAge, Owner

CHUNK = 5000  # rows per statement (ids in an IN list, parameter sets of an executemany)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def instansi_of(session: Session, codes: Sequence[str]) -> list[m.Instansi]:
    """The instansi with these codes, by id."""
    stmt = select(m.Instansi).where(table(m.Instansi).c.code.in_(list(codes))).order_by(table(m.Instansi).c.id)
    return list(session.execute(stmt).scalars())


def active_action_counts(session: Session) -> dict[int, int]:
    """Instansi id -> how many active actions it has (to cut the instansi into batches of bounded work)."""
    a = table(m.Action).c
    stmt = select(a.instansi_id, func.count()).where(a.active.is_(True)).group_by(a.instansi_id)
    return {iid: int(n) for iid, n in session.execute(stmt)}


def active_domains_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, set[str]]:
    """Instansi id -> the management domains that have active actions (``active_domains`` of many)."""
    a = table(m.Action).c
    stmt = select(a.instansi_id, a.domain).where(a.instansi_id.in_(list(instansi_ids)), a.active.is_(True))
    out: dict[int, set[str]] = {iid: set() for iid in instansi_ids}
    for iid, domain in session.execute(stmt.distinct()):
        out[iid].add(domain)
    return out


def actions_of(session: Session, instansi_ids: Sequence[int]) -> dict[tuple[int, str], list[ActionRow]]:
    """(instansi id, domain) -> ``domain_actions`` of it (same rows, same order), in one query."""
    a, ao, opd = table(m.Action).c, table(m.ActionOwner).c, table(m.Opd).c
    stmt = (
        select(a.instansi_id, a.domain, a.id, a.key, a.title, a.recurrence, opd.id, opd.code)
        .join(table(m.ActionOwner), ao.action_id == a.id)
        .join(table(m.Opd), opd.id == ao.opd_id)
        .where(
            a.instansi_id.in_(list(instansi_ids)),
            a.active.is_(True),
            ao.active.is_(True),
            opd.active.is_(True),
        )
        .order_by(a.instansi_id, a.domain, a.key, opd.code)
    )
    grouped: dict[tuple[int, str], dict[int, ActionRow]] = {}
    for iid, domain, aid, key, title, rec, opd_id, code in session.execute(stmt):
        rows = grouped.setdefault((iid, domain), {})
        row = rows.get(aid) or ActionRow(aid, key, title, rec, ())
        rows[aid] = ActionRow(aid, key, title, rec, row.owners + (Owner(opd_id, code),))
    return {k: list(v.values()) for k, v in grouped.items()}


def evidence_inputs_of(session: Session, instansi_ids: Sequence[int]) -> dict[int, dict[str, EvidenceAge]]:
    """Instansi id -> ``evidence_expiry_inputs`` of it, in one query."""
    r = table(m.EvidenceRecord).c
    stmt = select(r.instansi_id, r.key, r.effective, r.valid_years).where(
        r.instansi_id.in_(list(instansi_ids)), r.active.is_(True)
    )
    out: dict[int, dict[str, EvidenceAge]] = {iid: {} for iid in instansi_ids}
    for iid, key, eff, years in session.execute(stmt):
        out[iid][key] = EvidenceAge(eff, years)
    return out


def occurrences_of(
    session: Session, instansi_ids: Sequence[int], lo: dt.date, hi: dt.date
) -> dict[tuple[int, str], list[Existing]]:
    """(instansi id, domain) -> its actions' occurrences (active actions or not) with scheduled_due in
    [lo, hi], in one query."""
    a, o = table(m.Action).c, table(m.Occurrence).c
    stmt = (
        select(a.instansi_id, a.domain, o.id, o.action_id, o.opd_id, o.period, o.scheduled_due, o.due)
        .add_columns(o.window_opens, o.status)
        .join(table(m.Action), a.id == o.action_id)
        .where(a.instansi_id.in_(list(instansi_ids)), o.scheduled_due >= lo, o.scheduled_due <= hi)
    )
    out: dict[tuple[int, str], list[Existing]] = {}
    for iid, domain, *row in session.execute(stmt):
        out.setdefault((iid, domain), []).append(Existing(*row))
    return out


@dataclass(frozen=True)
class DomainWork:
    """One instansi's management domain to write: its diff, and its local ``today``."""

    instansi_id: int
    domain: str
    changes: Changes
    today: dt.date


def apply_batch(session: Session, work: Sequence[DomainWork], now: dt.datetime) -> dict[int, int]:
    """Write every diff of a batch set-based (with the trail), then open every window that has opened in the
    batch's scheduled domains; returns instansi id -> occurrences opened. The same writes as
    ``apply_occurrence_changes`` once per domain, in a few statements for the whole batch."""
    _create_all(session, work, now)
    _move_all(session, work, now)
    _remove_all(session, work, now)
    return _open_all(session, work, now)


def bulk_insert(
    session: Session, tbl: Table, rows: Sequence[dict[str, Any]], skip_conflicts: bool = False
) -> None:
    """Insert many rows (all with the same keys) in statements of ``CHUNK`` rows (with ``skip_conflicts``, rows
    that hit a unique constraint are skipped).

    On PostgreSQL each chunk is one ``INSERT ... SELECT FROM unnest(arrays)``: one parameter per column (one
    value for a column that is the same in every row), where a multi-row VALUES costs psycopg a parse of
    thousands of placeholders and an executemany one statement a row.
    """
    pg = session.get_bind().dialect.name == "postgresql"
    stmt: Any = _insert(session)(tbl)
    if skip_conflicts and not pg:
        stmt = stmt.on_conflict_do_nothing()
    for part in _chunks(rows):
        if pg:
            sql, params = _unnest_insert(session, tbl, part, (), skip_conflicts)
            session.execute(text(sql), params)
        else:
            session.execute(stmt, list(part))


def _unnest_insert(
    session: Session, tbl: Table, rows: Sequence[dict[str, Any]], returning: Sequence[str], skip_conflicts: bool
) -> tuple[str, dict[str, Any]]:
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    values = {k: [json.dumps(r[k]) if isinstance(tbl.c[k].type, JSON) else r[k] for r in rows] for k in rows[0]}
    same = [k for k, v in values.items() if v.count(v[0]) == len(v)]
    arrays = [k for k in values if k not in same] or same[:1]  # unnest needs one array, for the row count
    scalars = [k for k in values if k not in arrays]
    typed = {k: tbl.c[k].type.compile(dialect) for k in values}
    sql = (
        f"INSERT INTO {quote(tbl.name)} ({', '.join(quote(k) for k in arrays + scalars)}) "
        f"SELECT u.*{''.join(f', CAST(:{k} AS {typed[k]})' for k in scalars)} "
        f"FROM unnest({', '.join(f'CAST(:{k} AS {typed[k]}[])' for k in arrays)}) AS u"
        + (" ON CONFLICT DO NOTHING" if skip_conflicts else "")
        + (f" RETURNING {', '.join(returning)}" if returning else "")
    )
    return sql, {k: values[k] if k in arrays else values[k][0] for k in values}


# The trail row ``_trail(id, "create", None, status, None, due, now)`` of each occurrence the CTE inserted.
_CREATE_TRAIL = (
    "WITH created AS ({insert}) INSERT INTO occurrence_event "
    "(occurrence_id, event, from_status, to_status, from_due, to_due, at, channel, actor_id, detail) "
    "SELECT id, 'create', NULL, status, NULL, due, CAST(:trail_at AS TIMESTAMP WITH TIME ZONE), 'flow', NULL, "
    "CAST('{{}}' AS JSON) FROM created"
)


def _events(session: Session, rows: list[dict[str, Any]]) -> None:
    bulk_insert(session, table(m.OccurrenceEvent), [{**r, "detail": {}} for r in rows])


def _create_all(session: Session, work: Sequence[DomainWork], now: dt.datetime) -> None:
    rows = [_new_row(w.instansi_id, p, w.today, now) for w in work for p in w.changes.create]
    occ = table(m.Occurrence)
    if session.get_bind().dialect.name == "postgresql":  # the rows and their trail in one statement a chunk
        for part in _chunks(rows):
            sql, params = _unnest_insert(session, occ, part, ("id", "status", "due"), skip_conflicts=True)
            session.execute(text(_CREATE_TRAIL.format(insert=sql)), {**params, "trail_at": now})
        return
    # SQLite: the batch holds the write lock (BEGIN IMMEDIATE), so the rows inserted now are those above the
    # highest id before; their trail rows are copied inside the database, not fetched and sent back
    before = session.execute(select(func.coalesce(func.max(occ.c.id), 0))).scalar_one()
    bulk_insert(session, occ, rows, skip_conflicts=True)
    ev, o = table(m.OccurrenceEvent), occ.c
    trail = _trail(0, "create", None, "", None, dt.date.min, now) | {"detail": {}}
    fixed = {
        k: literal(v, ev.c[k].type) for k, v in trail.items() if k not in ("occurrence_id", "to_status", "to_due")
    }
    source = select(o.id, o.status, o.due, *fixed.values()).where(o.id > before)
    session.execute(insert(ev).from_select(["occurrence_id", "to_status", "to_due", *fixed], source))


def _move_all(session: Session, work: Sequence[DomainWork], now: dt.datetime) -> None:
    moves = [(e, p, initial_status(p.window_opens, w.today)) for w in work for e, p in w.changes.move]
    occ = table(m.Occurrence)
    stmt = update(occ).where(occ.c.id == bindparam("oid"))
    for part in _chunks(moves):
        session.execute(
            stmt,
            [
                dict(oid=e.id, scheduled_due=p.scheduled_due, due=p.scheduled_due)
                | dict(window_opens=p.window_opens, status=st, updated_at=now)
                for e, p, st in part
            ],
        )
    _events(session, [_trail(e.id, "reschedule", e.status, st, e.due, p.scheduled_due, now) for e, p, st in moves])


def _remove_all(session: Session, work: Sequence[DomainWork], now: dt.datetime) -> None:
    removed = [e for w in work for e in w.changes.remove]
    occ = table(m.Occurrence)
    for part in _chunks(removed):
        ids = [e.id for e in part]
        session.execute(update(occ).where(occ.c.id.in_(ids)).values(status=CANCELLED, updated_at=now))
    _events(session, [_trail(e.id, "cancel", e.status, CANCELLED, e.due, e.due, now) for e in removed])


def _open_all(session: Session, work: Sequence[DomainWork], now: dt.datetime) -> dict[int, int]:
    """Open the scheduled work whose window has opened, one statement per local date (instansi in zones
    either side of midnight have different todays), limited to the (instansi, domain) pairs scheduled."""
    occ, a = table(m.Occurrence), table(m.Action).c
    o = occ.c
    by_day: dict[dt.date, list[tuple[int, str]]] = {}
    for w in work:
        by_day.setdefault(w.today, []).append((w.instansi_id, w.domain))
    opened: dict[int, int] = {w.instansi_id: 0 for w in work}
    for today, pairs in sorted(by_day.items()):
        ids = sorted({iid for iid, _ in pairs})
        action_ids = select(a.id).where(a.instansi_id.in_(ids), tuple_(a.instansi_id, a.domain).in_(pairs))
        rows = session.execute(
            update(occ)
            # ``status || ''``: not the status index, which holds every instansi's scheduled rows (SQLite, without
            # statistics, would walk them all for each batch: quadratic); the instansi's and actions' indexes
            .where(o.instansi_id.in_(ids), o.action_id.in_(action_ids), (o.status + "") == Status.SCHEDULED)
            .where(o.window_opens <= today)
            .values(status=Status.OPEN, updated_at=now)
            .returning(o.id, o.due, o.instansi_id)
        ).all()
        _events(session, [_trail(i, "open", Status.SCHEDULED, Status.OPEN, due, due, now) for i, due, _ in rows])
        for _, _, iid in rows:
            opened[iid] += 1
    return opened
