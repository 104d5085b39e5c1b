"""Bukti dukung as files: where they are kept, what may be uploaded, who may download them back.

An upload is staged (streamed into a local temporary file, hashed, its type read from its bytes), then handed
to ``tracking.act`` with the submission; ``act`` writes the rows, places the files in the store as its last step
and commits — a failed commit takes the files back. Each upload is in the submission's trail row (names, hashes)
and each download is a trail row of its own (event ``download``: who, when, which file, its hash).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters.evidence_check import media_type
from spbe_actions.adapters.evidence_store import (
    EvidenceStore,
    Staged,
    StoreUnavailable,
    Swept,
    TooLarge,
    open_store,
)
from spbe_actions.adapters.settings import Settings, get_settings
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.evidence import clean_filename
from spbe_actions.domain.i18n import t
from spbe_actions.domain.lifecycle import Actor, can_see
from spbe_actions.store import engine as db
from spbe_actions.store.rows import EvidenceFileRow

MB = 1024 * 1024
MAX_FILES = 20  # files in one submission


@dataclass(frozen=True)
class Limits:
    file: int  # bytes
    submission: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.evidence_max_file_mb * MB, settings.evidence_max_submission_mb * MB)


class UploadTooLarge(Exception):
    """A file or a submission over its size limit; the message is Indonesian (the web answers 413)."""


@dataclass
class StagedFile:
    """An upload ready to be stored: its staging file, hash, real media type and cleaned name."""

    staged: Staged
    media_type: str
    filename: str

    @property
    def sha256(self) -> str:
        return self.staged.sha256

    @property
    def size(self) -> int:
        return self.staged.size


def store_url(settings: Settings) -> str:
    """SPBE_EVIDENCE_STORE, or the folder ``bukti`` beside the SQLite database; InputError for a server
    database without a store set (the folder would differ from one machine to the next)."""
    if settings.evidence_store:
        return settings.evidence_store
    path = db.sqlite_path(settings.database_url)
    if path is None:
        raise InputError(
            [
                Problem(
                    "SPBE_EVIDENCE_STORE",
                    t("ev_store_unset"),
                )
            ]
        )
    return str(path.resolve().parent / "bukti")


def evidence_store(settings: Settings | None = None) -> EvidenceStore:
    settings = settings or get_settings()
    return open_store(store_url(settings), settings.evidence_store_options)


def unavailable(exc: StoreUnavailable) -> InputError:
    return InputError([Problem("SPBE_EVIDENCE_STORE", str(exc))])


def _mb(limit: int) -> str:
    return f"{limit / MB:g} MB"


def stage_files(
    evidence_store: EvidenceStore, uploads: Sequence[tuple[str, IO[bytes]]], limits: Limits
) -> list[StagedFile]:
    """Stage ``(name, stream)`` uploads: all accepted, or none kept. UploadTooLarge past a limit; InputError for
    a type refused (by content), too many files, or an unreachable store."""
    if len(uploads) > MAX_FILES:
        raise InputError([Problem(t("ev_files"), t("ev_too_many", limit=MAX_FILES, n=len(uploads)))])
    out: list[StagedFile] = []
    try:
        evidence_store.check()
        total, problems = 0, []
        for name, stream in uploads:
            shown = clean_filename(name, "application/pdf").rsplit(".", 1)[0]
            try:
                staged = evidence_store.stage(stream, name, limits.file)
            except TooLarge:
                raise UploadTooLarge(t("ev_file_large", name=shown, limit=_mb(limits.file))) from None
            total += staged.size
            if total > limits.submission:
                staged.discard()
                raise UploadTooLarge(t("ev_total_large", limit=_mb(limits.submission)))
            kind = media_type(staged.path, staged.head)
            if kind is None or staged.size == 0:
                staged.discard()
                problems.append(t("ev_refused", name=shown, allowed=t("ev_allowed")))
                continue
            out.append(StagedFile(staged, kind, clean_filename(name, kind)))
        if problems:
            raise InputError([Problem(t("ev_files"), p) for p in problems])
    except StoreUnavailable as exc:
        discard(out)
        raise unavailable(exc) from None
    except BaseException:
        discard(out)
        raise
    return out


def stage_paths(paths: Sequence[Path], settings: Settings | None = None) -> tuple[EvidenceStore, list[StagedFile]]:
    """The CLI's ``--file PATH`` uploads, staged; InputError naming a path that cannot be read or is too large."""
    settings = settings or get_settings()
    target = evidence_store(settings)
    handles: list[tuple[str, IO[bytes]]] = []
    try:
        for p in paths:
            try:
                handles.append((p.name, p.open("rb")))
            except OSError as exc:
                raise InputError([Problem(str(p), t("ev_unreadable", reason=exc.strerror or exc))]) from None
        try:
            return target, stage_files(target, handles, Limits.of(settings))
        except UploadTooLarge as exc:
            raise InputError([Problem("--file", str(exc))]) from None
    finally:
        for _, h in handles:
            h.close()


def sweep_temporaries(now: dt.datetime, hours: int | None = None, settings: Settings | None = None) -> Swept:
    """Remove the temporaries of uploads that crashed (staging files; unfinished multipart uploads on object
    storage) older than ``hours`` (SPBE_EVIDENCE_TEMP_HOURS, 24) before ``now``, which must be the real clock:
    ages are the file system's and the object store's times. InputError for a threshold under one hour (it
    could remove an upload still running) or a store that cannot be reached."""
    settings = settings or get_settings()
    hours = settings.evidence_temp_hours if hours is None else hours
    if hours < 1:
        raise InputError([Problem("SPBE_EVIDENCE_TEMP_HOURS", t("ev_temp_hours", hours=hours))])
    try:
        return evidence_store(settings).sweep_temporaries(now, dt.timedelta(hours=hours))
    except StoreUnavailable as exc:
        raise unavailable(exc) from None


def discard(files: Sequence[StagedFile]) -> None:
    for f in files:
        f.staged.discard()


@dataclass(frozen=True)
class Download:
    """A file that may be sent: its row, and its bytes in chunks (the store is already open)."""

    row: EvidenceFileRow
    chunks: Iterator[bytes]


def download(
    engine: Engine, evidence_store: EvidenceStore, file_id: int, actor: Actor, instansi_id: int, now: dt.datetime
) -> Download | None:
    """The file ``file_id`` when ``actor`` (of ``instansi_id``) may see its occurrence, with a trail row
    ``download``; None otherwise (the door answers 403). InputError when the store cannot be read."""
    with db.session(engine) as s, s.begin():
        row = store.file_by_id(s, file_id)
        if row is None or row.instansi_id != instansi_id or not can_see(actor, row.opd_id):
            return None
        try:
            chunks = evidence_store.read(row.sha256)
        except StoreUnavailable as exc:
            raise unavailable(exc) from None
        occ = store.occurrences_by_ids(s, instansi_id, [row.occurrence_id])[row.occurrence_id]
        detail = {"file": row.id, "name": row.filename, "sha256": row.sha256, "revision": row.revision}
        event = dict(
            occurrence_id=row.occurrence_id,
            at=now,
            actor_id=actor.person_id,
            channel="link",
            event="download",
            from_status=occ.status,
            to_status=occ.status,
            from_due=occ.due,
            to_due=occ.due,
            detail=detail,
        )
        store.add_events(s, [event])
    return Download(row, chunks)
