"""Use cases of completion tracking: act on occurrences (CLI, link, import) through one state machine.

``act`` validates every request first — the person, the occurrence, the transition, the evidence — and
applies all of them in one transaction, or none: a batch with one bad row changes nothing and names it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from pydantic import TypeAdapter
from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters.evidence_store import EvidenceStore, StoreUnavailable
from spbe_actions.app.common import require_instansi, stored_id
from spbe_actions.app.evidence import StagedFile, discard, unavailable
from spbe_actions.domain.calendar import local_time, local_today
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import label, lang, t, text_in
from spbe_actions.domain.ids import in_range
from spbe_actions.domain.lifecycle import (
    MOVED_ON_VERIFY,
    SUBMITTED,
    Actor,
    Change,
    ItemState,
    TransitionError,
    can_see,
    transition,
)
from spbe_actions.domain.recurrence import Recurrence, expiry
from spbe_actions.store import engine as db
from spbe_actions.store.models import Evidence
from spbe_actions.store.rows import TrailRow
from spbe_actions.store.tracking import OccurrenceRow

RULE = TypeAdapter(Recurrence)
MAX_TEXT = 1000
CHANNELS = ("cli", "link", "import", "flow")


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str | None = None
    effective: dt.date | None = None  # default: the day it is submitted
    expires: dt.date | None = None  # default: two years after ``effective`` (reviews go stale)


@dataclass(frozen=True)
class Request:
    occurrence_id: int
    event: str
    reason: str | None = None
    until: dt.date | None = None
    evidence: tuple[EvidenceInput, ...] = ()
    files: tuple[StagedFile, ...] = ()  # staged uploads (app.evidence.stage_files): stored with the submission
    file_title: str | None = None  # the title the files are shown under (default: each file's name)
    file_effective: dt.date | None = None
    where: str = ""  # how to name this request in an error: "baris 12" for an import, "" for the CLI


@dataclass
class Outcome:
    changes: list[Change] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # evidence items handed to the assessors by verifications


UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")  # controls, space, markup, quotes, backslash
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _shown(url: str) -> str:
    """A user's link echoed back on one line: at most 200 characters, control characters as '?'."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", url[:200])


def check_url(url: str) -> str | None:
    """None when ``url`` is an http(s) link with a host or a plain file path; else what is wrong.

    Anything else with a scheme (``javascript:``, ``data:``, ``ftp://`` in any letter case), protocol-relative
    links, control characters and markup are refused: evidence links end up in pages and mails.
    """
    url = url.strip()
    if not url or len(url) > 2000:
        return t("a_link_empty")
    scheme = SCHEME.match(url)
    if scheme and not re.match(r"^[a-zA-Z]:[\\/]", url):  # C:\... is a Windows path, not a scheme
        parsed = urlparse(url)
        if scheme.group(1).lower() not in ("http", "https") or not parsed.netloc or UNSAFE_CHARS.search(url):
            return t("a_link_bad", url=_shown(url))
        return None
    if url.startswith("//") or any(c in url for c in '\n\r\t<>"\x00'):
        return t("a_link_neither", url=_shown(url))
    return None


def check_evidence(ev: EvidenceInput, today: dt.date) -> list[str]:
    out = [msg for msg in [check_url(ev.url)] if msg]
    if ev.title is not None and len(ev.title) > 300:
        out.append(t("a_title_long"))
    if ev.effective is not None and not (dt.date(2000, 1, 1) <= ev.effective <= today):
        out.append(t("a_effective_range", date=ev.effective.isoformat()))
    eff = ev.effective or today
    if ev.expires is not None and ev.expires <= eff:
        out.append(t("a_expires_order"))
    return out


def resolve_actor(session: Session, instansi_id: int, key: str) -> tuple[Actor, int]:
    """The plan's person ``key`` as an Actor; InputError naming the option when unknown."""
    p = store.person(session, instansi_id, key)
    if p is None:
        raise InputError([Problem("--as", t("a_person_unknown", key=key))])
    person_id = stored_id(p)
    return Actor(p.key, p.role, p.opd_id, person_id), person_id


def act(
    engine: Engine,
    requests: list[Request],
    actor_key: str,
    channel: str,
    now: dt.datetime,
    instansi: str | None = None,
    files_store: EvidenceStore | None = None,
) -> Outcome:
    """Apply every request or none; InputError lists each bad one (never revealing other OPDs' work).

    Staged files of the requests go into ``files_store`` as the last step before the commit; a failed commit
    takes back what this call placed, so neither a row without its file nor a file without its row remains.
    The staging files are gone afterwards either way."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel}")
    staged = [f for r in requests for f in r.files]
    if staged and files_store is None:
        raise ValueError("files need an evidence store")
    placed: list[str] = []
    try:
        outcome = _act(engine, requests, actor_key, channel, now, instansi, files_store, placed)
    except BaseException:
        if files_store is not None:
            _take_back(engine, files_store, placed)
        raise
    finally:
        discard(staged)
    return outcome


def _take_back(engine: Engine, files_store: EvidenceStore, placed: list[str]) -> None:
    """Remove files this call placed whose commit failed, unless another committed row holds the same bytes."""
    with db.read(engine) as session:
        for sha in placed:
            if not store.sha_referenced(session, sha):
                files_store.take_back(sha)


def _act(
    engine: Engine,
    requests: list[Request],
    actor_key: str,
    channel: str,
    now: dt.datetime,
    instansi: str | None,
    files_store: EvidenceStore | None,
    placed: list[str],
) -> Outcome:
    with db.write(engine) as session, session.begin():
        inst = require_instansi(session, instansi)
        iid = stored_id(inst)
        actor, person_id = resolve_actor(session, iid, actor_key)
        today = local_today(now, inst.timezone)
        ids = [r.occurrence_id for r in requests if in_range(r.occurrence_id)]  # others: "tidak ditemukan"
        occs = store.occurrences_by_ids(session, iid, ids, lock=True)
        problems, decided = _decide_all(requests, occs, actor, today)
        if problems:
            raise InputError(problems)
        _write(session, iid, decided, occs, person_id, channel, now, today)
        moved = _advance_items(session, decided, occs, actor.key, channel, now, today)
        if files_store is not None:
            _place(files_store, [f for r in requests for f in r.files], placed)
    return Outcome([c for _, c in decided], moved)


def _decide_all(
    requests: list[Request], occs: dict[int, OccurrenceRow], actor: Actor, today: dt.date
) -> tuple[list[Problem], list[tuple[Request, Change]]]:
    problems, decided, seen = [], [], set()
    for req in requests:
        where = f"{req.where}: " if req.where else ""
        occ = occs.get(req.occurrence_id)
        if occ is None or not can_see(actor, occ.opd_id):
            problems.append(Problem(t("a_task", id=req.occurrence_id), t("a_task_not_found", where=where)))
            continue
        if req.occurrence_id in seen:
            problems.append(Problem(t("a_task", id=req.occurrence_id), t("a_task_twice", where=where)))
            continue
        seen.add(req.occurrence_id)
        errors = _request_errors(req, today)
        try:
            decided.append(
                (req, transition(req.event, occ.status, occ.due, occ.opd_id, actor, req.reason, req.until))
            )
        except TransitionError as exc:
            errors.insert(0, str(exc))
        problems += [Problem(t("a_task", id=req.occurrence_id), f"{where}{msg}") for msg in errors]
    return problems, decided


def _request_errors(req: Request, today: dt.date) -> list[str]:
    errors = [msg for ev in req.evidence for msg in check_evidence(ev, today)]
    if req.event == "submit" and not req.evidence and not req.files:
        errors.append(t("a_need_evidence"))
    if req.files and req.event != "submit":
        errors.append(t("a_files_on_submit"))
    if req.reason is not None and len(req.reason) > MAX_TEXT:
        errors.append(t("a_reason_long", limit=MAX_TEXT))
    if req.until is not None and req.until > today + dt.timedelta(days=366):
        errors.append(t("a_until_far"))
    return errors


def _write(
    session: Session,
    iid: int,
    decided: list[tuple[Request, Change]],
    occs: dict[int, OccurrenceRow],
    person_id: int,
    channel: str,
    now: dt.datetime,
    today: dt.date,
) -> None:
    updates, events, evidence = [], [], []
    revisions = store.submission_counts(session, [req.occurrence_id for req, _ in decided])
    file_evidence: list[dict] = []
    file_rows: list[dict] = []
    for req, ch in decided:
        updates.append(
            dict(
                oid=req.occurrence_id,
                status=ch.to_status,
                due=ch.to_due,
                updated_at=now,
                submitted_on=today if ch.to_status == SUBMITTED else occs[req.occurrence_id].submitted_on,
            )
        )
        items = [_evidence_row(req.occurrence_id, ev, person_id, channel, now, today) for ev in req.evidence]
        evidence += items
        revision = revisions.get(req.occurrence_id, 0) + 1
        for f in req.files:
            file_evidence.append(_file_evidence_row(req, f, person_id, channel, now, today))
            file_rows.append(_file_row(req.occurrence_id, revision, f, person_id, now))
        events.append(
            dict(
                occurrence_id=req.occurrence_id,
                at=now,
                actor_id=person_id,
                channel=channel,
                event=ch.event,
                from_status=ch.from_status,
                to_status=ch.to_status,
                from_due=ch.from_due,
                to_due=ch.to_due,
                reason=req.reason,
                detail=_detail(req, items),
            )
        )
    store.apply_transitions(session, updates, events, evidence)
    store.add_files(session, file_evidence, file_rows)
    store.refresh_evidence_records(session, iid, _renewals(session, decided, occs))


def _advance_items(
    session: Session,
    decided: list[tuple[Request, Change]],
    occs: dict[int, OccurrenceRow],
    who: str,
    channel: str,
    now: dt.datetime,
    today: dt.date,
) -> list[str]:
    """A verified action hands the evidence items it produces to the assessors (``proses``); accepted items
    and items already with the assessors stay where they are."""
    actions = sorted({occs[req.occurrence_id].action_id for req, ch in decided if ch.event == "verify"})
    values = dict(state=ItemState.PROSES, state_on=today, state_channel=channel, state_by=who, updated_at=now)
    return store.advance_items(session, actions, sorted(MOVED_ON_VERIFY), values)


def _detail(req: Request, items: list[dict]) -> dict:
    """What the trail keeps beyond status and due: evidence links, a requested (not yet granted) date."""
    out: dict = {}
    if items:
        out["evidence"] = [e["url"] for e in items]
    if req.files:
        out["files"] = [{"name": f.filename, "sha256": f.sha256, "size": f.size} for f in req.files]
    if req.event == "request_extension" and req.until is not None:
        out["requested_until"] = req.until.isoformat()
    return out


def _evidence_row(
    occ_id: int, ev: EvidenceInput, person_id: int, channel: str, now: dt.datetime, today: dt.date
) -> dict:
    eff = ev.effective or today
    return dict(
        occurrence_id=occ_id,
        url=ev.url.strip(),
        title=(ev.title or ev.url.strip())[:300],
        effective=eff,
        expires=ev.expires or expiry(eff, 2),
        added_by=person_id,
        channel=channel,
        added_at=now,
    )


def _file_evidence_row(
    req: Request, f: StagedFile, person_id: int, channel: str, now: dt.datetime, today: dt.date
) -> dict:
    eff = req.file_effective or today
    title = f.filename.rsplit(".", 1)[0]
    if req.file_title:
        title = req.file_title if len(req.files) == 1 else f"{req.file_title} — {title}"
    return dict(
        occurrence_id=req.occurrence_id,
        url=f"sha256:{f.sha256}",
        title=title[:300],
        effective=eff,
        expires=expiry(eff, 2),
        added_by=person_id,
        channel=channel,
        added_at=now,
    )


def _file_row(occ_id: int, revision: int, f: StagedFile, person_id: int, now: dt.datetime) -> dict:
    return dict(
        occurrence_id=occ_id,
        revision=revision,
        sha256=f.sha256,
        size=f.size,
        media_type=f.media_type,
        filename=f.filename,
        uploaded_by=person_id,
        uploaded_at=now,
    )


def _place(files_store: EvidenceStore, files: list[StagedFile], placed: list[str]) -> None:
    """Put the staged files in the store (the same bytes twice: once); ``placed`` collects what was created."""
    try:
        for f in files:
            if files_store.place(f.staged):
                placed.append(f.sha256)
    except StoreUnavailable as exc:
        raise unavailable(exc) from None


def _renewals(
    session: Session, decided: list[tuple[Request, Change]], occs: dict[int, OccurrenceRow]
) -> dict[str, dt.date]:
    """Verifying a review that a ``before_evidence_expiry`` rule watches renews that evidence record."""
    out: dict[str, dt.date] = {}
    for req, ch in decided:
        if ch.event != "verify":
            continue
        rule = RULE.validate_python(store.action_recurrence(session, occs[req.occurrence_id].action_id))
        items = store.evidence_of(session, req.occurrence_id)
        if rule.kind == "before_evidence_expiry" and items:
            out[rule.evidence] = max(e.effective for e in items)
    return out


@dataclass(frozen=True)
class TrailLine:
    """One audit-trail row as people read it (labels, the person's name, local time with the zone)."""

    at: str
    who: str
    channel: str
    event: str
    status: str
    due: str
    note: str


def trail_lines(trail: list[TrailRow], zone: str, language: str | None = None) -> list[TrailLine]:
    """The trail of an occurrence for the CLI and the page: the same words in both."""
    language = language or lang()
    out = []
    for r in trail:
        notes = [r.reason] if r.reason else []
        if r.detail.get("requested_until"):
            notes.append(text_in(language, "a_asked_until", date=r.detail["requested_until"]))
        notes += [text_in(language, "a_note_evidence", url=url) for url in r.detail.get("evidence", [])]
        notes += [
            text_in(language, "a_note_file", name=f["name"], sha=f["sha256"][:12])
            for f in r.detail.get("files", [])
        ]
        if r.event == "download":
            sha = str(r.detail.get("sha256", ""))[:12]
            notes.append(text_in(language, "a_note_download", name=r.detail.get("name", ""), sha=sha))
        status = label("status", r.to_status, language)
        if r.from_status not in (None, r.to_status):
            status = f"{label('status', r.from_status, language)} → {status}"
        due = r.to_due.isoformat() if r.from_due in (None, r.to_due) else f"{r.from_due} → {r.to_due}"
        out.append(
            TrailLine(
                local_time(r.at, zone),
                r.actor_name or label("role", "system", language),
                label("channel", r.channel, language),
                label("event", r.event, language),
                status,
                due,
                "; ".join(notes),
            )
        )
    return out


@dataclass(frozen=True)
class History:
    occurrence: OccurrenceRow
    lines: list[TrailLine]
    evidence: list[Evidence]


def history(engine: Engine, occurrence_id: int, actor: Actor | None, instansi: str | None = None) -> History:
    """An occurrence's trail and evidence; another OPD's task is reported as not found."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        found = (
            store.occurrences_by_ids(session, stored_id(inst), [occurrence_id]) if in_range(occurrence_id) else {}
        )
        occ = found.get(occurrence_id)
        if occ is None or (actor is not None and not can_see(actor, occ.opd_id)):
            raise InputError([Problem(t("a_task", id=occurrence_id), t("a_task_not_found", where=""))])
        trail = store.history(session, occurrence_id)
        evidence = store.evidence_of(session, occurrence_id)
    return History(occ, trail_lines(trail, inst.timezone), evidence)


def actor_of(engine: Engine, key: str | None, instansi: str | None = None) -> Actor | None:
    """The plan's person ``key`` as an Actor (None when no key is given); InputError when unknown."""
    if not key:
        return None
    with db.read(engine) as session:
        return resolve_actor(session, stored_id(require_instansi(session, instansi)), key)[0]
