"""The coordinator's page of one item: the occurrence of their instansi with what the page shows beside it, in
one statement (the trail, the evidence and where the indicators stand come from ``tracking``'s shared reads)."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlmodel import Session

from spbe_actions.store import models as m
from spbe_actions.store.models import table
from spbe_actions.store.tracking import OccurrenceRow, _occurrence_select


class CoordinatorOccurrence(NamedTuple):
    """An occurrence of one instansi, its action's required evidence, its OPD's name and the name of the
    coordinator who is looking (None when the plan does not name them)."""

    occurrence: OccurrenceRow
    evidence_required: list[str]
    opd_name: str
    person_name: str | None


@cache
def _coordinator_occurrence_stmt() -> Any:
    """Built once (its SQL compiled once)."""
    o, a, opd, p = table(m.Occurrence).c, table(m.Action).c, table(m.Opd).c, table(m.Person).c
    name = (
        select(p.name).where(p.instansi_id == o.instansi_id, p.key == bindparam("pkey")).limit(1).scalar_subquery()
    )
    return (
        _occurrence_select()
        .add_columns(a.evidence_required, opd.name, name)
        .where(o.id == bindparam("oid"), o.instansi_id == bindparam("iid"))
    )


def coordinator_occurrence(
    session: Session, instansi_id: int, occurrence_id: int, person_key: str | None
) -> CoordinatorOccurrence | None:
    """The occurrence ``occurrence_id`` when it belongs to ``instansi_id`` (else None), in one statement."""
    params = dict(oid=occurrence_id, iid=instansi_id, pkey=person_key or "")
    row = session.execute(_coordinator_occurrence_stmt(), params).first()
    if row is None:
        return None
    *occ, required, opd_name, person_name = row
    return CoordinatorOccurrence(OccurrenceRow(*occ), list(required or []), opd_name or "", person_name)
