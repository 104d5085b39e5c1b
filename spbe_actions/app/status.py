"""``spbe status`` on a lean read path: the coordinator's figures from a few Core SQL statements
(``store.lean``, on a DB-API connection), the index arithmetic from the pure core. No SQLAlchemy, no ORM model, no
Prefect is imported here, so the command starts about as fast as ``spbe --help``. The pieces both paths share (``CompletionRow``,
``expiring_from``, ``projected_levels``) live here; ``figures`` and ``overview`` re-export them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from spbe_actions.adapters import config
from spbe_actions.adapters.lean_settings import database_url
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.checklist import (
    ChecklistItem,
    IndicatorItems,
    awaited,
    levels_now,
    open_points,
    summarise,
)
from spbe_actions.domain.choice import choose_instansi
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.evidence import ExpiringEvidence, expiring_before, next_evaluation
from spbe_actions.domain.framework import Framework, Words
from spbe_actions.domain.history import HistoryPoint
from spbe_actions.domain.i18n import t
from spbe_actions.domain.index import IndexResult, Number, compute, points_at_stake
from spbe_actions.domain.lifecycle import DONE, TO_DO, Actor, OutboxStatus, Status, can_see
from spbe_actions.domain.recurrence import expiry
from spbe_actions.store import lean
from spbe_actions.store.lean import FailedMessages

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from spbe_actions.store.rows import RegisterEntry, Target, VerifiedEvidence


@dataclass(frozen=True)
class CompletionRow:
    group: str
    due_so_far: int
    on_time: int
    late: int
    still_open: int
    waived: int
    points_at_risk: Fraction

    @property
    def on_time_rate(self) -> Fraction | None:
        """Share of the work due so far (less waived) that was submitted by its due date."""
        base = self.due_so_far - self.waived
        return Fraction(self.on_time, base) if base > 0 else None


class _Dated(Protocol):
    @property
    def next_evaluation(self) -> dt.date | None: ...
    @property
    def timezone(self) -> str: ...


def expiring_from(
    inst: _Dated,
    now: dt.datetime,
    verified: list[VerifiedEvidence],
    register: list[RegisterEntry],
    actor: Actor | None = None,
) -> tuple[dt.date, list[ExpiringEvidence]]:
    """``expiring_in`` from rows already read (``store.verified_evidence`` and ``store.evidence_records``)."""
    before = next_evaluation(inst.next_evaluation, local_today(now, inst.timezone))
    latest: dict[tuple[int, int], VerifiedEvidence] = {}
    for row in verified:
        key = (row.action_id, row.opd_id)
        if key not in latest or (row.due, row.expires) > (latest[key].due, latest[key].expires):
            latest[key] = row
    items = [ExpiringEvidence(None, "", r.key, r.title, expiry(r.effective, r.valid_years)) for r in register]
    items += [
        ExpiringEvidence(v.opd_id, v.opd_code, v.action_title, v.title, v.expires)
        for v in latest.values()
        if actor is None or can_see(actor, v.opd_id)
    ]
    return before, expiring_before(before, items)


def projected_levels(
    current: dict[str, Number], targets: dict[int, list[Target]], ceilings: dict[str, int] | None = None
) -> dict[str, Number]:
    """Levels once every planned action lands and every listed evidence item is accepted: each indicator at the
    highest of its level now, the levels actions raise it to and its items' ceiling."""
    out = dict(current)
    for raised in targets.values():
        for tg in raised:
            if tg.indicator in out:
                out[tg.indicator] = max(out[tg.indicator], tg.level)
    for ind, level in (ceilings or {}).items():
        if ind in out:
            out[ind] = max(out[ind], level)
    return out


@dataclass(frozen=True)
class StatusFigures:
    """What ``spbe status`` shows (the fields ``cli.views.status_view`` reads, named as in ``Overview``)."""

    instansi: str
    code: str
    framework: str
    today: dt.date
    current_year: int
    current: IndexResult
    projected: IndexResult
    at_risk: Fraction
    opds: list[CompletionRow]  # most points at risk first
    expiring: list[ExpiringEvidence]
    history: list[HistoryPoint]
    items: dict[str, IndicatorItems]
    items_open: Fraction
    awaited: list[str]
    failed: FailedMessages | None = None  # messages that failed (retrying or given up), the newest's error

    def fw(self) -> Framework:
        return config.lean_framework(self.framework)

    def vocab(self, language: str | None = None) -> Words:
        return self.fw().vocab(language)

    @property
    def still_open(self) -> int:
        return sum(r.still_open for r in self.opds)

    @property
    def late_count(self) -> int:
        return sum(r.late for r in self.opds)

    @property
    def waived(self) -> int:
        return sum(r.waived for r in self.opds)


def _choose(found: list[lean.InstansiInfo], code: str | None, url: str) -> lean.InstansiInfo:
    """``common.require_instansi`` over the lean rows (the same messages)."""
    if not found:
        from spbe_actions.app.common import safe_url

        raise InputError([Problem("SPBE_DATABASE_URL", t("no_instansi", url=safe_url(url)))])
    return choose_instansi(found, code)


def _connect(source: Engine | str | None) -> tuple[lean.LeanConnection, str]:
    """A lean read-only connection on ``source`` (an engine, a URL, or None for ``SPBE_DATABASE_URL``) and the
    URL; a database the lean path cannot open alone (not migrated yet, another driver) goes through the engine,
    which migrates it when it is behind, as every read-only command does."""
    if source is not None and not isinstance(source, str):
        return lean.from_engine(source), str(source.url)
    url = source or database_url()  # as Settings reads it, without importing pydantic-settings
    try:
        conn = lean.open_url(url)
    except lean.MissingFile as missing:
        raise InputError([Problem("SPBE_DATABASE_URL", t("db_missing", path=str(missing)))]) from None
    except lean.Unreachable as exc:
        from spbe_actions.app.common import safe_url

        raise InputError(
            [Problem("SPBE_DATABASE_URL", t("cli_db_error", url=safe_url(url), reason=str(exc)))]
        ) from None
    if conn is None:
        from spbe_actions.app.common import open_engine

        engine = open_engine(url, migrate=False)
        return _Owned(lean.from_engine(engine), engine), url
    return conn, url


class _Owned(lean.LeanConnection):
    """A lean connection on an engine opened for it: closing it disposes of the engine too."""

    def __init__(self, conn: lean.LeanConnection, engine: Engine) -> None:
        super().__init__(conn.raw, conn.sqlite, conn._close)
        self._engine = engine

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._engine.dispose()


def status(source: Engine | str | None, now: dt.datetime, instansi: str | None = None) -> StatusFigures:
    """The figures of ``spbe status`` for ``now`` (in the instansi's zone), read in one read-only transaction
    from ``source``: an engine, a database URL, or None for ``SPBE_DATABASE_URL``."""
    conn, url = _connect(source)
    with conn:
        inst = _choose(lean.instansi_rows(conn), instansi, url)
        today = local_today(now, inst.timezone)
        rows = lean.status_rows(
            conn,
            inst,
            today,
            sorted(DONE),
            sorted(TO_DO),
            Status.CANCELLED,
            Status.SUBMITTED,
            Status.WAIVED,
            Status.VERIFIED,
        )
        failed = lean.failed_messages(conn, inst.id, OutboxStatus.FAILED, OutboxStatus.DEAD)
    fw = config.lean_framework(inst.framework)
    items = [ChecklistItem(i.key, i.indicator, i.level, i.title, i.state, i.owner) for i in rows.items]
    summary = summarise(fw, items)
    values = {ind: Decimal(v) for ind, v in rows.external.items() if ind in fw.external}
    current = levels_now(fw, rows.levels, summary, values)
    points = {aid: points_at_stake(fw, targets, current) for aid, targets in rows.targets.items()}
    acc: dict[str, list] = {}
    for c in rows.completion:
        a = acc.setdefault(c.group, [0, 0, 0, 0, 0, Fraction(0)])
        for i, v in enumerate((c.due_so_far, c.on_time, c.late, c.still_open, c.waived)):
            a[i] += v
        a[5] += c.late * points.get(c.action_id, Fraction(0))
    opds = sorted(
        (CompletionRow(g, *a) for g, a in acc.items()), key=lambda r: (-r.points_at_risk, -r.late, r.group)
    )
    ceilings = {ind: s.ceiling for ind, s in summary.items()}
    return StatusFigures(
        inst.name,
        inst.code,
        fw.id,
        today,
        inst.current_year,
        compute(fw, current),
        compute(fw, projected_levels(current, rows.targets, ceilings)),
        sum((r.points_at_risk for r in opds), Fraction(0)),
        opds,
        expiring_from(inst, now, rows.verified, rows.register)[1],
        [HistoryPoint(h.year, Decimal(h.value), h.framework or inst.framework) for h in rows.history],
        summary,
        open_points(fw, summary),
        awaited(fw, values),
        failed,
    )
