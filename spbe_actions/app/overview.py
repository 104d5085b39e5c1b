"""The coordinator's figures, read once: what ``spbe status``, the report, the Prefect artifacts and the weekly
digests show. Index arithmetic comes from the pure core; counts from set-based queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters import config
from spbe_actions.app.checklist import standing
from spbe_actions.app.common import every_instansi, framework_of, require_instansi, stored_id
from spbe_actions.app.figures import (
    CompletionRow,
    ExpiringEvidence,
    TaskView,
    completion_rows,
    expiring_in,
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
from spbe_actions.store.rows import ExternalRow


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
        return _build_in(session, require_instansi(session, instansi), now)


def build_all(engine: Engine, now: dt.datetime) -> list[Overview]:
    """``build`` for every instansi of the database, by id, in one read transaction: the instansi are read once
    and each one's standing, targets and points once (``build`` alone reads the instansi list and the standing
    several times)."""
    with db.read(engine) as session:
        return [_build_in(session, inst, now) for inst in every_instansi(session)]


def _build_in(session: Session, inst: m.Instansi, now: dt.datetime) -> Overview:
    """``build`` inside the caller's session: each figure read once (standing, targets, points shared)."""
    fw = framework_of(inst)
    iid = stored_id(inst)
    today = local_today(now, inst.timezone)
    st = standing(session, inst, fw)
    current = st.levels
    target = {**current, **store.levels(session, iid, inst.target_year, "target")}
    targets = store.action_targets(session, iid)
    points = points_of(fw, targets, current)
    before, expiring = expiring_in(session, inst, now)
    history = [
        HistoryPoint(h.year, Decimal(h.value), h.framework or inst.framework)
        for h in store.published_history(session, iid)
    ]
    trend = [
        (s.day, Decimal(s.index_current), Decimal(s.index_projected), Decimal(s.at_risk))
        for s in store.snapshots(session, iid)
    ]
    opds = completion_rows(store.completion_counts(session, iid, today, "opd", None), points)
    domains = completion_rows(store.completion_counts(session, iid, today, "domain", None), points)
    late = [
        v
        for v in task_views(store.task_rows(session, iid, sorted(STILL_OPEN), None, None, None), today, points)
        if v.late_days > 0
    ]
    return Overview(
        inst.name,
        inst.code,
        iid,
        inst.timezone,
        fw.id,
        today,
        inst.current_year,
        inst.target_year,
        compute(fw, current),
        compute(fw, projected_levels(current, targets, st.ceilings)),
        compute(fw, target),
        sum((r.points_at_risk for r in opds), Fraction(0)),
        opds,
        domains,
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
