"""Setting up: a plan loaded into the database (all or nothing), and the index it gives now and at its target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters import config
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.checklist import standing
from spbe_actions.app.common import framework_of, open_engine, require_instansi, safe_url, stored_id
from spbe_actions.domain.checklist import planned_items
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.index import IndexResult, compute, predicate
from spbe_actions.store import engine as db


@dataclass(frozen=True)
class InitResult:
    url: str
    name: str
    counts: store.LoadCounts


def init_database(plan_path: Path | None, now: dt.datetime, url: str | None = None) -> InitResult:
    """Validate the plan, migrate the database and load the plan in one transaction (all or nothing)."""
    settings = get_settings()
    plan, fw = config.plan(plan_path or settings.plan)
    engine = open_engine(url, create=True)  # the one place a new database is made
    try:
        with db.write(engine) as session, session.begin():
            counts = store.save_plan(session, plan, now, planned_items(plan, fw))
    finally:
        engine.dispose()
    return InitResult(safe_url(url or settings.database_url), plan.instansi.name, counts)


@dataclass(frozen=True)
class HistoryLine:
    """A published year as people read it: under its own instrument, with that instrument's predikat."""

    year: int
    value: Decimal
    predicate: str
    index_name: str  # that instrument's short index name, from its framework file
    regulation: str


@dataclass(frozen=True)
class IndexPair:
    framework: Framework
    current_year: int
    target_year: int
    current: IndexResult
    target: IndexResult
    history: list[HistoryLine]


def index_pair(engine: Engine, instansi: str | None = None) -> IndexPair:
    """The instansi's index for its evaluated year and for its target year, from the database."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        fw = framework_of(inst)
        current = standing(session, inst, fw).levels
        target = {**current, **store.levels(session, stored_id(inst), inst.target_year, "target")}
        published = store.published_history(session, stored_id(inst))
    history = [_history_line(h.year, Decimal(h.value), h.framework or fw.id) for h in published]
    return IndexPair(fw, inst.current_year, inst.target_year, compute(fw, current), compute(fw, target), history)


def _history_line(year: int, value: Decimal, framework_id: str) -> HistoryLine:
    fw = config.framework(framework_id)
    words = fw.vocab()
    return HistoryLine(year, value, predicate(fw, Fraction(value)), words.index_short, fw.vocabulary.regulation)
