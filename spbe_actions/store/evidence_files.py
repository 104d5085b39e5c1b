"""Evidence files: rows of the files kept in the evidence store (content by SHA-256), revisions, lookups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy import insert as sa_insert
from sqlmodel import Session

from spbe_actions.store import models as m
from spbe_actions.store.models import table
from spbe_actions.store.rows import EvidenceFileRow


def submission_counts(session: Session, occurrence_ids: Sequence[int]) -> dict[int, int]:
    """How many times each occurrence was submitted so far (the next submission is revision count + 1)."""
    e = table(m.OccurrenceEvent).c
    stmt = (
        select(e.occurrence_id, func.count())
        .where(e.occurrence_id.in_(list(occurrence_ids)), e.event == "submit")
        .group_by(e.occurrence_id)
    )
    return {oid: int(n) for oid, n in session.execute(stmt)}


def add_files(session: Session, evidence: Sequence[dict[str, Any]], files: Sequence[dict[str, Any]]) -> None:
    """Insert one evidence row per file and the file rows that point at them (``files[i]`` with ``evidence[i]``)."""
    if not evidence:
        return
    ev = table(m.Evidence)
    stmt = sa_insert(ev).returning(ev.c.id, sort_by_parameter_order=True)
    ids = [row[0] for row in session.execute(stmt, list(evidence))]
    session.execute(sa_insert(m.EvidenceFile), [{**f, "evidence_id": i} for f, i in zip(files, ids, strict=True)])


def _file_select() -> Select[Any]:
    f, e, o, p = table(m.EvidenceFile).c, table(m.Evidence).c, table(m.Occurrence).c, table(m.Person).c
    return (
        select(
            f.id,
            f.evidence_id,
            f.occurrence_id,
            f.revision,
            f.sha256,
            f.size,
            f.media_type,
            f.filename,
            p.key,
            f.uploaded_at,
            e.title,
            e.effective,
            e.expires,
            o.opd_id,
            o.instansi_id,
        )
        .join(table(m.Evidence), e.id == f.evidence_id)
        .join(table(m.Occurrence), o.id == f.occurrence_id)
        .outerjoin(table(m.Person), p.id == f.uploaded_by)
    )


def files_of(session: Session, occurrence_ids: Sequence[int]) -> list[EvidenceFileRow]:
    """The files of these occurrences, every revision, in upload order."""
    f = table(m.EvidenceFile).c
    stmt = _file_select().where(f.occurrence_id.in_(list(occurrence_ids))).order_by(f.occurrence_id, f.id)
    return [EvidenceFileRow(*r) for r in session.execute(stmt)]


def links_of(session: Session, occurrence_ids: Sequence[int]) -> list[tuple[int, str, str, Any, Any]]:
    """The evidence of these occurrences recorded as links (no file): (occurrence id, url, title, effective,
    expires), in the order they came."""
    e, f = table(m.Evidence).c, table(m.EvidenceFile).c
    stmt = (
        select(e.occurrence_id, e.url, e.title, e.effective, e.expires)
        .outerjoin(table(m.EvidenceFile), f.evidence_id == e.id)
        .where(e.occurrence_id.in_(list(occurrence_ids)), f.id.is_(None))
        .order_by(e.occurrence_id, e.id)
    )
    return [tuple(r) for r in session.execute(stmt)]


def file_by_id(session: Session, file_id: int) -> EvidenceFileRow | None:
    row = session.execute(_file_select().where(table(m.EvidenceFile).c.id == file_id)).first()
    return EvidenceFileRow(*row) if row else None


def sha_referenced(session: Session, sha256: str) -> bool:
    f = table(m.EvidenceFile).c
    return session.execute(select(f.id).where(f.sha256 == sha256).limit(1)).first() is not None


def file_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(table(m.EvidenceFile))).scalar_one())


def verifiers(session: Session, occurrence_ids: Sequence[int]) -> dict[int, str]:
    """Who verified each occurrence last (the person's name; their key when they have none)."""
    e, p = table(m.OccurrenceEvent).c, table(m.Person).c
    stmt = (
        select(e.occurrence_id, func.coalesce(p.name, p.key))
        .outerjoin(table(m.Person), p.id == e.actor_id)
        .where(e.occurrence_id.in_(list(occurrence_ids)), e.event == "verify")
        .order_by(e.occurrence_id, e.id)
    )
    return {oid: name or "" for oid, name in session.execute(stmt)}
