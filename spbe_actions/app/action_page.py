"""What the signed-link pages read and do: the token's person and occurrence, the item's view, the person's list,
"sudah dilihat", and the coordinator's board. The web door renders these; it never reads the store itself.

Ids come only from verified tokens (``domain.links``); a person who is no longer active, or an occurrence their
OPD may not see, binds to nothing, and the page answers with the one refusal that reveals nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters import formats
from spbe_actions.adapters.evidence_store import EvidenceStore
from spbe_actions.app.common import framework_of, require_instansi, stored_id, vocab_of
from spbe_actions.app.evidence import Download, download
from spbe_actions.app.figures import tasks
from spbe_actions.app.tracking import resolve_actor
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.checklist import ChecklistItem, levels_now, summarise
from spbe_actions.domain.framework import Framework, Words
from spbe_actions.domain.i18n import label, t
from spbe_actions.domain.index import Number
from spbe_actions.domain.lifecycle import (
    EXTENSION_REQUESTED,
    RULES,
    SUBMITTED,
    Actor,
    Channel,
    can_see,
    is_late,
)
from spbe_actions.domain.links import Claims
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.store.rows import ActionStanding, EvidenceFileRow, EvidenceRow, Target, TrailRow
from spbe_actions.store.tracking import OccurrenceRow

HTTP = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Bound:
    """A token resolved: its instansi, its person (active, of that instansi) and, for an item, its occurrence."""

    instansi: m.Instansi
    actor: Actor
    person: m.Person
    occurrence: OccurrenceRow | None = None
    binding: store.Binding | None = None  # what the one read brought along (required evidence, OPD name)


def bind_person(session: Session, claims: Claims) -> Bound | None:
    """The token's person as an actor of their instansi, or None when they are unknown or inactive (one read)."""
    found = store.bind_person(session, claims.person_id)
    if found is None or not found.person.active:
        return None
    person = found.person
    return Bound(found.instansi, Actor(person.key, person.role, person.opd_id, person.id), person)


def bind(session: Session, claims: Claims, lock: bool = False) -> Bound | None:
    """The token's occurrence, when its person may see it (same OPD, or a coordinator); None otherwise. One read:
    the person, their instansi, the occurrence, its action's required evidence and its OPD (``Bound.binding``)."""
    if claims.occurrence_id is None:
        return None
    found = store.bind_occurrence(session, claims.person_id, claims.occurrence_id, lock=lock)
    if found is None or found.occurrence is None or not found.person.active:
        return None
    person = found.person
    actor = Actor(person.key, person.role, person.opd_id, person.id)
    if not can_see(actor, found.occurrence.opd_id):
        return None
    return Bound(found.instansi, actor, person, found.occurrence, found)


def standing_levels(fw: Framework, st: ActionStanding) -> dict[str, Number]:
    """The levels the action's indicators stand at now: the plan's, raised by accepted items and external
    values (what the action page and the coordinator's item page both show)."""
    items = [ChecklistItem(i.key, i.indicator, i.level, i.title, i.state, i.owner) for i in st.items]
    external = {ind: Decimal(v) for ind, v in st.external.items() if ind in fw.external}
    return levels_now(fw, st.levels, summarise(fw, items), external)


def indicator_lines(fw: Framework, targets: list[Target], current: Mapping[str, Number]) -> list[str]:
    """The indicators an action serves, with the level it raises them to (or keeps)."""
    out = []
    for tg in targets:
        if tg.indicator not in fw.indicators:
            continue
        now = current.get(tg.indicator)
        if now is not None and now < tg.level:  # an external level may be fractional: 2,5 for Indonesian readers
            step = t("ap_raise", now=formats.exact(now, least=0), level=tg.level)
        else:
            step = t("ap_keep", level=tg.level)
        name = formats.indicator(fw, tg.indicator)
        out.append(t("ap_indicator", indicator=name, step=step, name=fw.level_name(tg.indicator, tg.level)))
    return out


@dataclass(frozen=True)
class EvidenceLine:
    url: str
    title: str
    effective: dt.date
    expires: dt.date | None
    is_link: bool
    file_id: int | None = None  # a stored file (downloaded through the page), else a link or a path
    filename: str = ""
    size: int = 0
    revision: int = 0  # the submission the file came with (1, 2 after a return, ...)
    latest: bool = True  # of the latest revision (earlier ones are kept, shown apart)

    @property
    def host(self) -> str:
        """Where a link points, shown next to its title ("dokumen.example.go.id"); '' for a file path."""
        return (urlsplit(self.url).hostname or "") if self.is_link else ""

    @property
    def name(self) -> str:
        """The link's or path's last part ("risiko-q4.pdf", at most 40 characters): two links with one title
        and one host still read apart."""
        path = urlsplit(self.url).path if self.is_link else self.url
        last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
        return last if len(last) <= 40 else last[:39] + "…"


@dataclass(frozen=True)
class PageLine:
    """One trail row as the page says it: what happened, by whom and how in words, the evidence by title."""

    at: str
    what: str
    status: str
    who: str  # "Operator SPBE Bappeda, melalui halaman tautan" or "Otomatis oleh sistem"
    due: str
    note: str
    evidence: list[EvidenceLine]


@dataclass(frozen=True)
class Returned:
    """Why the coordinator sent the work back (shown at the top of the page until it is sent again)."""

    by: str
    at: str
    reason: str


def day_text(iso: str) -> str:
    """A stored ISO date (a trail row's detail) in the reader's words; the text as stored when it is no date."""
    try:
        return formats.date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


HOW = {"link": "ap_how_link", "cli": "ap_how_cli", "import": "ap_how_import"}  # catalogue keys


def page_lines(trail: list[TrailRow], evidence: list[EvidenceLine], zone: str) -> list[PageLine]:
    """The trail in people's words: the person's name (never a key), how they acted, the evidence by title."""
    by_url = {e.url: e for e in evidence}
    out = []
    for r in trail:
        if r.channel == Channel.FLOW or r.actor_name is None:
            who = t("ap_system")
        else:
            how = HOW.get(r.channel)
            who = f"{r.actor_name}, {t(how)}" if how else r.actor_name
        notes = [r.reason] if r.reason else []
        if r.detail.get("requested_until"):
            notes.append(t("a_asked_until", date=day_text(str(r.detail["requested_until"]))))
        status = label("status", r.to_status)
        if r.from_status not in (None, r.to_status):
            status = f"{label('status', r.from_status)} → {status}"
        due = formats.date(r.to_due)
        if r.from_due is not None and r.from_due != r.to_due:
            due = f"{formats.date(r.from_due)} → {due}"
        links = [
            by_url.get(url) or EvidenceLine(url, url, r.to_due, None, bool(HTTP.match(url)))
            for url in r.detail.get("evidence", [])
        ]
        what = label("event", r.event)
        out.append(
            PageLine(
                formats.moment(r.at, zone), what[:1].upper() + what[1:], status, who, due, "; ".join(notes), links
            )
        )
    return out


def returned_why(trail: list[TrailRow], status: str, zone: str) -> Returned | None:
    """The latest return's reason while the work is still returned; None otherwise."""
    if status != "returned":
        return None
    last = next((r for r in reversed(trail) if r.event == "return"), None)
    if last is None:
        return None
    by = last.actor_name or label("role", "coordinator")
    return Returned(by, formats.moment(last.at, zone), last.reason or "")


@dataclass(frozen=True)
class ItemView:
    """Everything the occurrence page shows."""

    instansi: str
    person: str
    occurrence: OccurrenceRow
    opd_name: str
    status: str
    days_late: int
    evidence_required: list[str]
    indicators: list[str]
    trail: list[PageLine]
    evidence: list[EvidenceLine]
    can_submit: bool
    can_request: bool
    today: dt.date
    vocab: Words  # the framework's words ("Koordinator Pemdi")
    returned: Returned | None = None  # why the coordinator sent it back, while it is returned


def _evidence_lines(
    evidence: Sequence[EvidenceRow | m.Evidence], files: list[EvidenceFileRow]
) -> list[EvidenceLine]:
    """Links and files, in the order they came; files carry their revision (the latest is marked)."""
    by_evidence = {f.evidence_id: f for f in files}
    newest = max((f.revision for f in files), default=0)
    out = []
    for e in evidence:
        f = by_evidence.get(e.id or 0)
        if f is None:
            out.append(EvidenceLine(e.url, e.title, e.effective, e.expires, bool(HTTP.match(e.url))))
            continue
        line = EvidenceLine(
            e.url,
            e.title,
            e.effective,
            e.expires,
            False,
            f.id,
            f.filename,
            f.size,
            f.revision,
            f.revision == newest,
        )
        out.append(line)
    return out


def item_view(engine: Engine, claims: Claims, now: dt.datetime) -> ItemView | None:
    """The occurrence page of a token, or None when the token does not bind a visible occurrence. Three reads:
    the binding, the trail with the evidence, and where the action's indicators stand."""
    with db.read(engine) as s:
        bound = bind(s, claims)
        if bound is None or bound.occurrence is None or bound.binding is None:
            return None
        inst, actor, occ = bound.instansi, bound.actor, bound.occurrence
        trail, evidence = store.trail_and_evidence(s, occ.id)
        # files: one more read, only when the occurrence has a stored file (their evidence URL is sha256:...)
        files = store.files_of(s, [occ.id]) if any(e.url.startswith("sha256:") for e in evidence) else []
        st = store.action_standing(s, stored_id(inst), inst.current_year, occ.action_id)
    fw = framework_of(inst)
    current = standing_levels(fw, st)
    today = local_today(now, inst.timezone)
    late = is_late(occ.status, occ.due, today)
    lines = _evidence_lines(evidence, files)
    return ItemView(
        inst.name,
        bound.person.name,
        occ,
        bound.binding.opd_name or occ.opd_code,
        label("status", occ.status),
        (today - occ.due).days if late else 0,
        list(bound.binding.evidence_required or []),
        indicator_lines(fw, st.targets, current),
        page_lines(trail, lines, inst.timezone),
        lines,
        occ.status in RULES["submit"].sources and actor.role in RULES["submit"].roles,
        occ.status in RULES["request_extension"].sources and actor.role in RULES["request_extension"].roles,
        today,
        fw.vocab(None),
        returned_why(trail, occ.status, inst.timezone),
    )


def person_key(engine: Engine, claims: Claims) -> str | None:
    """The key of the token's person when the token binds a visible occurrence (who acts through the page)."""
    with db.read(engine) as s:
        bound = bind(s, claims)
    return bound.actor.key if bound else None


def mark_seen(engine: Engine, claims: Claims, now: dt.datetime) -> bool:
    """A trail row "seen" (status and due unchanged), in one transaction with the occurrence locked."""
    with db.write(engine) as s, s.begin():
        bound = bind(s, claims, lock=True)
        if bound is None or bound.occurrence is None:
            return False
        occ = bound.occurrence
        row = dict(
            occurrence_id=occ.id,
            at=now,
            actor_id=bound.actor.person_id,
            channel=Channel.LINK,
            event="seen",
            from_status=occ.status,
            to_status=occ.status,
            from_due=occ.due,
            to_due=occ.due,
        )
        store.add_events(s, [row])
    return True


@dataclass(frozen=True)
class ListItem:
    occurrence_id: int
    title: str
    opd: str
    period: str
    due: dt.date
    status: str
    days_late: int
    points: Fraction


@dataclass(frozen=True)
class PersonList:
    instansi: str
    person: str
    person_id: int
    today: dt.date
    vocab: Words
    items: list[ListItem] = field(default_factory=list)


def person_list(engine: Engine, claims: Claims, now: dt.datetime) -> PersonList | None:
    """The open work a list token's person may see, late work first; None for an unknown person."""
    with db.read(engine) as s:
        bound = bind_person(s, claims)
    if bound is None:
        return None
    inst = bound.instansi
    views = tasks(engine, now, actor=bound.actor, instansi=inst.code)
    items = [
        ListItem(
            v.row.id,
            v.row.title,
            v.row.opd_code,
            v.row.period,
            v.row.due,
            label("status", v.row.status),
            v.late_days,
            v.points,
        )
        for v in views
    ]
    today = local_today(now, inst.timezone)
    return PersonList(inst.name, bound.person.name, stored_id(bound.person), today, vocab_of(inst), items)


@dataclass(frozen=True)
class BoardItem:
    id: int
    title: str
    opd: str
    period: str
    due: dt.date
    submitted_on: dt.date | None = None
    evidence: list[EvidenceLine] = field(default_factory=list)
    requested_until: str = ""  # ISO, as the date field takes it
    reason: str = ""

    @property
    def requested_text(self) -> str:
        """The date asked for, in the reader's words."""
        return day_text(self.requested_until) if self.requested_until else ""


@dataclass(frozen=True)
class Board:
    instansi: str  # its name
    submitted: list[BoardItem]
    requests: list[BoardItem]
    vocab: Words | None = None  # the framework's words (None while the database holds no instansi)
    person: str = ""  # the name of the coordinator who decides (shown on the page)


def coordinator_board(
    engine: Engine, now: dt.datetime, instansi: str | None = None, person_key: str | None = None
) -> Board:
    """Submitted work (with its evidence) and extension requests (with the date asked for and why); the name of
    the coordinator ``person_key`` who is looking."""
    views = tasks(engine, now, instansi=instansi, statuses=frozenset((SUBMITTED, EXTENSION_REQUESTED)))
    submitted, requests = [], []
    with db.read(engine) as s:  # a fixed number of statements, however many items the board shows
        inst = require_instansi(s, instansi)
        sub_ids = [v.row.id for v in views if v.row.status == SUBMITTED]
        evidence = store.evidence_by_occurrence(s, sub_ids)
        files: dict[int, list[EvidenceFileRow]] = {}
        for f in store.files_of(s, sub_ids) if sub_ids else []:
            files.setdefault(f.occurrence_id, []).append(f)
        asked = store.last_events(s, [v.row.id for v in views if v.row.status != SUBMITTED], "request_extension")
        name = next((p.name for p in store.people(s, stored_id(inst)) if p.key == person_key), "")
    for v in views:
        r = v.row
        if r.status == SUBMITTED:
            lines = _evidence_lines(evidence[r.id], files.get(r.id, []))
            submitted.append(BoardItem(r.id, r.title, r.opd_code, r.period, r.due, r.submitted_on, lines))
            continue
        reason, detail = asked.get(r.id, (None, None))
        until = str((detail or {}).get("requested_until", ""))
        requests.append(
            BoardItem(r.id, r.title, r.opd_code, r.period, r.due, requested_until=until, reason=reason or "")
        )
    return Board(inst.name, submitted, requests, vocab_of(inst), name)


def link_download(
    engine: Engine, files_store: EvidenceStore, claims: Claims, file_id: int, now: dt.datetime
) -> Download | None:
    """A file for the token's person: only of an occurrence their OPD may see (None otherwise: 403)."""
    with db.read(engine) as s:
        bound = bind_person(s, claims)
    if bound is None:
        return None
    return download(engine, files_store, file_id, bound.actor, stored_id(bound.instansi), now)


def coordinator_download(
    engine: Engine,
    files_store: EvidenceStore,
    instansi: str | None,
    person_key: str | None,
    file_id: int,
    now: dt.datetime,
) -> Download | None:
    """A file of the logged-in coordinator's instansi, any revision (None: not theirs, or no coordinator)."""
    if instansi is None or person_key is None:
        return None
    with db.read(engine) as s:
        iid = stored_id(require_instansi(s, instansi))
        actor = resolve_actor(s, iid, person_key)[0]
    return download(engine, files_store, file_id, actor, iid, now)
