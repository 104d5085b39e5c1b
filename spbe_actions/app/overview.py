"""The coordinator's figures, read once: what ``spbe status``, the report, the Prefect artifacts and the weekly
digests show. Index arithmetic comes from the pure core; counts from set-based queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters import config
from spbe_actions.app.checklist import standing_from
from spbe_actions.app.common import every_instansi, framework_of, require_instansi, stored_id
from spbe_actions.app.figures import (
    CompletionRow,
    ExpiringEvidence,
    TaskView,
    completion_rows,
    expiring_from,
    points_of,
    task_views,
)
from spbe_actions.app.status import projected_levels  # noqa: F401  (lean; re-exported)
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.checklist import IndicatorItems, open_points
from spbe_actions.domain.framework import Framework, Words
from spbe_actions.domain.history import HistoryPoint
from spbe_actions.domain.index import IndexResult, compute, exact_str
from spbe_actions.domain.lifecycle import STILL_OPEN
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.store.rows import (
    CompletionCounts,
    ExternalRow,
    ItemRow,
    Published,
    RegisterEntry,
    Target,
    VerifiedEvidence,
)


@dataclass(frozen=True)
class Overview:
    instansi: str
    code: str
    instansi_id: int
    timezone: str
    framework: str
    today: dt.date
    current_year: int
    target_year: int
    current: IndexResult
    projected: IndexResult  # every active action's target level reached
    target: IndexResult  # the plan's target levels
    at_risk: Fraction  # index points carried by late work
    opds: list[CompletionRow]  # most points at risk first
    domains: list[CompletionRow]  # per management domain
    late: list[TaskView]  # late work, most points first
    next_evaluation: dt.date
    expiring: list[ExpiringEvidence]
    history: list[HistoryPoint]  # published index per year, each under its own framework
    trend: list[tuple[dt.date, Decimal, Decimal, Decimal]]  # (day, index now, projected, points at risk)
    items: dict[str, IndicatorItems]  # item-scored indicators: achieved level, ceiling, open items
    items_open: Fraction  # index points the open evidence items hold back
    external: dict[str, ExternalRow]  # external values entered for the evaluated year
    awaited: list[str]  # external indicators still waiting for their value

    def fw(self) -> Framework:
        """The instansi's framework (loaded once per file version)."""
        return config.framework(self.framework)

    def vocab(self, language: str | None = None) -> Words:
        """How the framework names itself, in ``language`` (default: the user's)."""
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

    @property
    def on_time_rate(self) -> Fraction | None:
        base = sum(r.due_so_far - r.waived for r in self.opds)
        return Fraction(sum(r.on_time for r in self.opds), base) if base > 0 else None


def build(engine: Engine, now: dt.datetime, instansi: str | None = None) -> Overview:
    """All figures for ``now`` (in the instansi's zone); ``instansi``: its code when the database holds several."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        return _compose(inst, now, _reads_of_one(session, inst, now))


def build_all(engine: Engine, now: dt.datetime) -> list[Overview]:
    """``build`` for every instansi of the database, by id, in one read transaction: each figure read in one
    statement grouped by instansi (not one per instansi), then composed per instansi as ``build`` does."""
    with db.read(engine) as session:
        insts = every_instansi(session)
        reads = _reads_of_all(session, insts, now)
    return [_compose(inst, now, r) for inst, r in zip(insts, reads, strict=True)]


@dataclass(frozen=True)
class _Reads:
    """Everything an ``Overview`` is computed from, as the store returns it."""

    actual: dict[str, int]  # the plan's levels in the evaluated year
    items: list[ItemRow]
    external: dict[str, ExternalRow]
    target: dict[str, int]  # the plan's target levels
    targets: dict[int, list[Target]]  # per action
    verified: list[VerifiedEvidence]
    register: list[RegisterEntry]
    published: list[Published]
    snapshots: list[Any]
    by_opd: list[CompletionCounts]
    by_domain: list[CompletionCounts]
    still_open: list[store.OccurrenceRow]  # due before today: the candidates for late work


def _reads_of_one(session: Session, inst: m.Instansi, now: dt.datetime) -> _Reads:
    iid, today = stored_id(inst), local_today(now, inst.timezone)
    return _Reads(
        store.levels(session, iid, inst.current_year, "actual"),
        store.items(session, iid),
        store.external_values(session, iid, inst.current_year),
        store.levels(session, iid, inst.target_year, "target"),
        store.action_targets(session, iid),
        store.verified_evidence(session, iid),
        store.evidence_records(session, iid),
        store.published_history(session, iid),
        store.snapshots(session, iid),
        store.completion_counts(session, iid, today, "opd", None),
        store.completion_counts(session, iid, today, "domain", None),
        store.task_rows(session, iid, sorted(STILL_OPEN), None, None, today - dt.timedelta(days=1)),
    )


def _reads_of_all(session: Session, insts: list[m.Instansi], now: dt.datetime) -> list[_Reads]:
    """``_reads_of_one`` of every instansi in one statement per figure (two for the completion counts)."""
    ids = [stored_id(i) for i in insts]
    todays = {stored_id(i): local_today(now, i.timezone) for i in insts}
    fig = store.figures
    actual, items = store.actual_levels(session, ids), store.items_of(session, ids)
    external, target = fig.external_rows_of(session, ids), fig.target_levels_of(session, ids)
    targets = fig.action_targets_by_instansi(session, ids)
    verified, register = store.verified_evidence_by_instansi(session), store.evidence_records_by_instansi(session)
    published, snapshots = fig.published_history_of(session, ids), fig.snapshots_of(session, ids)
    by_opd = fig.completion_counts_of(session, todays, "opd")
    by_domain = fig.completion_counts_of(session, todays, "domain")
    still_open = fig.task_rows_of(session, ids, sorted(STILL_OPEN), max(todays.values(), default=dt.date.min))
    return [
        _Reads(
            actual[iid],
            items.get(iid, []),
            external[iid],
            target[iid],
            targets[iid],
            verified.get(iid, []),
            register.get(iid, []),
            published[iid],
            snapshots[iid],
            by_opd[iid],
            by_domain[iid],
            [r for r in still_open[iid] if r.due < todays[iid]],
        )
        for iid in ids
    ]


def _compose(inst: m.Instansi, now: dt.datetime, r: _Reads) -> Overview:
    """The figures of one instansi from its rows: index arithmetic and lists from the pure core."""
    fw = framework_of(inst)
    today = local_today(now, inst.timezone)
    st = standing_from(fw, r.actual, r.items, r.external)
    current = st.levels
    target = {**current, **r.target}
    points = points_of(fw, r.targets, current)
    before, expiring = expiring_from(inst, now, r.verified, r.register)
    history = [HistoryPoint(h.year, Decimal(h.value), h.framework or inst.framework) for h in r.published]
    trend = [
        (s.day, Decimal(s.index_current), Decimal(s.index_projected), Decimal(s.at_risk)) for s in r.snapshots
    ]
    opds = completion_rows(r.by_opd, points)
    late = [v for v in task_views(r.still_open, today, points) if v.late_days > 0]
    return Overview(
        inst.name,
        inst.code,
        stored_id(inst),
        inst.timezone,
        fw.id,
        today,
        inst.current_year,
        inst.target_year,
        compute(fw, current),
        compute(fw, projected_levels(current, r.targets, st.ceilings)),
        compute(fw, target),
        sum((row.points_at_risk for row in opds), Fraction(0)),
        opds,
        completion_rows(r.by_domain, points),
        late,
        before,
        expiring,
        history,
        trend,
        st.summary,
        open_points(fw, st.summary),
        st.external,
        st.awaited,
    )


def snapshot(engine: Engine, ov: Overview, now: dt.datetime) -> None:
    """Store today's figures (idempotent per day) so the trend survives plan changes."""
    rate = ov.on_time_rate
    row = dict(
        instansi_id=ov.instansi_id,
        day=ov.today,
        index_current=exact_str(ov.current.exact, 2, 6),
        index_projected=exact_str(ov.projected.exact, 2, 6),
        at_risk=exact_str(ov.at_risk, 2, 6),
        late=ov.late_count,
        still_open=ov.still_open,
        on_time_rate=None if rate is None else exact_str(rate, 2, 6),
        created_at=now,
    )
    with db.write(engine) as session, session.begin():
        store.record_snapshot(session, row)
