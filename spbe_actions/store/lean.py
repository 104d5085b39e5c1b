"""The lean read path of ``spbe status``: the coordinator's figures in a few SQL statements over one read-only
connection, with SQLAlchemy Core only (no ORM models, no sqlmodel: the models' import is most of a short
command's start-up). The statements mirror the ORM queries of ``plan``, ``checklist`` and ``tracking``; the
tests compare both paths' figures on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Date, Engine, bindparam, text

from spbe_actions.store.engine import reader
from spbe_actions.store.rows import (
    CompletionCounts,
    Published,
    RegisterEntry,
    StandingItem,
    Target,
    VerifiedEvidence,
)


class InstansiInfo(NamedTuple):
    id: int
    code: str
    name: str
    timezone: str
    framework: str
    current_year: int
    target_year: int
    next_evaluation: dt.date | None


class StatusRows(NamedTuple):
    """What ``spbe status`` reads of one instansi."""

    levels: dict[str, int]  # the plan's actual levels in the evaluated year
    items: list[StandingItem]
    external: dict[str, str]  # indicator -> value (exact decimal text) in the evaluated year
    targets: dict[int, list[Target]]  # action id -> active targets
    completion: list[CompletionCounts]  # by OPD code and action
    verified: list[VerifiedEvidence]
    register: list[RegisterEntry]
    history: list[Published]


class FailedMessages(NamedTuple):
    """The instansi's messages that failed: how many wait for a retry, how many were given up, the newest one."""

    waiting: int
    dead: int
    person_key: str
    last_error: str | None


def failed_messages(conn: Connection, instansi_id: int, failed: str, dead: str) -> FailedMessages | None:
    counts = conn.execute(
        text("SELECT status, COUNT(*) FROM outbox WHERE instansi_id = :i AND status IN (:f, :d) GROUP BY status"),
        {"i": instansi_id, "f": failed, "d": dead},
    ).all()
    by = {status: n for status, n in counts}
    if not by:
        return None
    newest = conn.execute(
        text(
            "SELECT p.key, o.last_error FROM outbox o JOIN person p ON p.id = o.person_id "
            "WHERE o.instansi_id = :i AND o.status IN (:f, :d) ORDER BY o.id DESC LIMIT 1"
        ),
        {"i": instansi_id, "f": failed, "d": dead},
    ).one()
    return FailedMessages(by.get(failed, 0), by.get(dead, 0), newest[0], newest[1])


def connect(engine: Engine) -> Connection:
    """A read-only connection (deferred BEGIN on SQLite: it never waits for a writer)."""
    return reader(engine).connect()


def instansi_rows(conn: Connection) -> list[InstansiInfo]:
    sql = text(
        "SELECT id, code, name, timezone, framework, current_year, target_year, next_evaluation "
        "FROM instansi ORDER BY id"
    ).columns(next_evaluation=Date)
    return [InstansiInfo(*r) for r in conn.execute(sql)]


def _in(name: str, values: Sequence[str]) -> Any:
    return bindparam(name, value=list(values), expanding=True)


def status_rows(
    conn: Connection,
    inst: InstansiInfo,
    today: dt.date,
    done: Sequence[str],
    to_do: Sequence[str],
    cancelled: str,
    submitted: str,
    waived: str,
    verified: str,
) -> StatusRows:
    """Every figure ``spbe status`` needs of ``inst``, in eight statements (statuses given by the caller: the
    store does not decide what "done" means)."""
    iid, year = inst.id, inst.current_year
    one = dict(i=iid, y=year)
    levels = {
        ind: lv
        for ind, lv in conn.execute(
            text(
                "SELECT indicator, level FROM indicator_level WHERE instansi_id = :i AND year = :y AND kind = 'actual'"
            ),
            one,
        )
    }
    items = [
        StandingItem(*r)
        for r in conn.execute(
            text(
                "SELECT e.key, e.indicator, e.level, e.title, e.state, o.code FROM evidence_item e "
                "LEFT JOIN opd o ON o.id = e.owner_opd_id WHERE e.instansi_id = :i AND e.active = :t "
                "ORDER BY e.indicator, e.level, e.key"
            ),
            dict(i=iid, t=True),
        )
    ]
    external = {
        ind: value
        for ind, value in conn.execute(
            text("SELECT indicator, value FROM external_value WHERE instansi_id = :i AND year = :y"), one
        )
    }
    targets: dict[int, list[Target]] = {}
    for aid, ind, lv in conn.execute(
        text(
            "SELECT t.action_id, t.indicator, t.level FROM action_target t JOIN action a ON a.id = t.action_id "
            "WHERE a.instansi_id = :i AND t.active = :t ORDER BY t.id"
        ),
        dict(i=iid, t=True),
    ):
        targets.setdefault(aid, []).append(Target(ind, lv))
    counts = text(
        "SELECT opd.code, o.action_id, "
        "SUM(CASE WHEN o.due <= :today OR o.status IN :done THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status IN :done AND o.submitted_on <= o.due THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status IN :to_do AND o.due < :today THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status IN :to_do OR o.status = :submitted THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.status = :waived AND o.due <= :today THEN 1 ELSE 0 END) "
        "FROM occurrence o JOIN opd ON opd.id = o.opd_id "
        "WHERE o.instansi_id = :i AND o.status != :cancelled GROUP BY opd.code, o.action_id"
    ).bindparams(_in("done", sorted(done)), _in("to_do", sorted(to_do)), bindparam("today", type_=Date))
    completion = [
        CompletionCounts(g, a, *(int(n or 0) for n in rest))
        for g, a, *rest in conn.execute(
            counts, dict(i=iid, today=today, submitted=submitted, waived=waived, cancelled=cancelled)
        )
    ]
    evidence = text(
        "SELECT o.instansi_id, o.action_id, o.opd_id, opd.code, a.title, e.title, e.url, e.expires, o.due "
        "FROM evidence e JOIN occurrence o ON o.id = e.occurrence_id JOIN action a ON a.id = o.action_id "
        "JOIN opd ON opd.id = o.opd_id WHERE o.instansi_id = :i AND o.status = :verified "
        "AND e.expires IS NOT NULL"
    ).columns(expires=Date, due=Date)
    found = [VerifiedEvidence(*r) for r in conn.execute(evidence, dict(i=iid, verified=verified))]
    register = [
        RegisterEntry(*r)
        for r in conn.execute(
            text(
                "SELECT instansi_id, key, title, indicator, effective, valid_years FROM evidence_record "
                "WHERE instansi_id = :i AND active = :t"
            ).columns(effective=Date),
            dict(i=iid, t=True),
        )
    ]
    history = sorted(
        Published(*r)
        for r in conn.execute(
            text("SELECT year, value, framework FROM published_index WHERE instansi_id = :i"), dict(i=iid)
        )
    )
    return StatusRows(levels, items, external, targets, completion, found, register, history)
