"""The coordinator's page of one item (``/koordinator/tugas/<id>``): what the work is, whose it is, when it is
due, what it carries for the index, what happened to it and the evidence it holds, and which decisions the
coordinator may take on it now. Only the coordinator's own instansi; read in a fixed number of statements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.app.action_page import (
    EvidenceLine,
    PageLine,
    Returned,
    _evidence_lines,
    day_text,
    indicator_lines,
    page_lines,
    returned_why,
    standing_levels,
)
from spbe_actions.app.common import framework_of, require_instansi, stored_id, vocab_of
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.framework import Words
from spbe_actions.domain.i18n import label
from spbe_actions.domain.index import points_at_stake
from spbe_actions.domain.lifecycle import COORDINATOR, EXTENSION_REQUESTED, RULES, is_late
from spbe_actions.store import engine as db
from spbe_actions.store.rows import TrailRow
from spbe_actions.store.tracking import OccurrenceRow

DECISIONS = ("verify", "return", "extend", "reject_extension")  # what the board decides, in the board's order


@dataclass(frozen=True)
class CoordinatorItemView:
    """Everything the coordinator's item page shows."""

    instansi: str
    person: str  # the coordinator's name ('' when the plan does not name them)
    occurrence: OccurrenceRow
    opd_name: str
    status: str  # in the reader's words
    days_late: int
    points: Fraction  # index points the work carries
    evidence_required: list[str]
    indicators: list[str]
    trail: list[PageLine]
    evidence: list[EvidenceLine]
    decisions: tuple[str, ...]  # lifecycle events the coordinator may take now (of DECISIONS)
    today: dt.date
    vocab: Words
    returned: Returned | None = None
    requested_until: str = ""  # an open extension request: the date asked for and why
    request_reason: str = ""

    @property
    def requested_text(self) -> str:
        """The date asked for, in the reader's words."""
        return day_text(self.requested_until) if self.requested_until else ""


def _request(trail: list[TrailRow], status: str) -> tuple[str, str]:
    """The pending extension request's date and reason (('', '') when none is pending)."""
    if status != EXTENSION_REQUESTED:
        return "", ""
    last = next((r for r in reversed(trail) if r.event == "request_extension"), None)
    if last is None:
        return "", ""
    return str(last.detail.get("requested_until", "")), last.reason or ""


def coordinator_item_view(
    engine: Engine, instansi: str | None, person_key: str | None, occurrence_id: int, now: dt.datetime
) -> CoordinatorItemView | None:
    """The page of ``occurrence_id`` for a coordinator of ``instansi``; None when it is not that instansi's.

    Four or five statements whatever the item holds: the instansi, the occurrence with its action's required
    evidence, OPD and the coordinator's name, the trail with the evidence, the files (only when a file was
    stored), and where the action's indicators stand."""
    with db.read(engine) as s:
        inst = require_instansi(s, instansi)
        found = store.coordinator_occurrence(s, stored_id(inst), occurrence_id, person_key)
        if found is None:
            return None
        occ = found.occurrence
        trail, evidence = store.trail_and_evidence(s, occ.id)
        files = store.files_of(s, [occ.id]) if any(e.url.startswith("sha256:") for e in evidence) else []
        st = store.action_standing(s, stored_id(inst), inst.current_year, occ.action_id)
    fw = framework_of(inst)
    current = standing_levels(fw, st)
    targets = [(t.indicator, t.level) for t in st.targets if t.indicator in fw.indicators]
    today = local_today(now, inst.timezone)
    lines = _evidence_lines(evidence, files)
    until, why = _request(trail, occ.status)
    return CoordinatorItemView(
        inst.name,
        found.person_name or "",
        occ,
        found.opd_name or occ.opd_code,
        label("status", occ.status),
        (today - occ.due).days if is_late(occ.status, occ.due, today) else 0,
        points_at_stake(fw, targets, current),
        found.evidence_required,
        indicator_lines(fw, st.targets, current),
        page_lines(trail, lines, inst.timezone),
        lines,
        tuple(e for e in DECISIONS if occ.status in RULES[e].sources and COORDINATOR in RULES[e].roles),
        today,
        vocab_of(inst),
        returned_why(trail, occ.status, inst.timezone),
        until,
        why,
    )
