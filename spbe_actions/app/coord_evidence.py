"""The coordinator's evidence page for one occurrence of their instansi: what it is, the evidence it holds, and
(through ``tracking.act`` as the coordinator, channel ``link``) files and links added from the coordinator side."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.app.action_page import EvidenceLine, _evidence_lines
from spbe_actions.app.common import require_instansi, stored_id
from spbe_actions.domain.i18n import label
from spbe_actions.store import engine as db
from spbe_actions.store.tracking import OccurrenceRow


@dataclass(frozen=True)
class CoordinatorItem:
    occurrence: OccurrenceRow
    evidence: list[EvidenceLine]
    status: str = ""  # the status in the reader's words ("terbuka", "dikembalikan", ...)
    instansi: str = ""  # its name, shown at the top of the page
    person: str = ""  # the coordinator's name ('' when the plan does not name them)


def coordinator_item(
    engine: Engine, instansi: str | None, occurrence_id: int, person_key: str | None = None
) -> CoordinatorItem | None:
    """The occurrence ``occurrence_id`` of the coordinator's instansi with its evidence, the instansi's name and
    the coordinator ``person_key``'s; None when it is not theirs (the door answers 403)."""
    with db.read(engine) as s:
        inst = require_instansi(s, instansi)
        occ = store.occurrences_by_ids(s, stored_id(inst), [occurrence_id]).get(occurrence_id)
        if occ is None:
            return None
        lines = _evidence_lines(store.evidence_of(s, occ.id), store.files_of(s, [occ.id]))
        name = (
            next((p.name for p in store.people(s, stored_id(inst)) if p.key == person_key), "")
            if person_key
            else ""
        )
    return CoordinatorItem(occ, lines, label("status", occ.status), inst.name, name)
