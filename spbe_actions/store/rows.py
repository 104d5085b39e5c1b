"""The typed records the store returns: one per query shape, fields named as the columns they come from.

Callers read fields by name (``row.opd_code``), never by position, so a column added to a query cannot shift
what another module reads. NamedTuples: as cheap to build as the tuples they replace (the sweep builds ~10^5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple


class Target(NamedTuple):
    """An indicator an action raises, and to which level."""

    indicator: str
    level: int


class Owner(NamedTuple):
    opd_id: int
    code: str


class ActionLabel(NamedTuple):
    key: str
    title: str


class PersonRole(NamedTuple):
    key: str
    role: str
    opd_id: int | None


class PersonRow(NamedTuple):
    """An active person as the reminder sweep needs them."""

    instansi_id: int
    id: int
    key: str
    name: str
    role: str
    opd_id: int | None


class Contact(NamedTuple):
    """An active person with the addresses a message can go to (channel URLs as written, ``${VAR}`` kept)."""

    id: int
    key: str
    name: str
    role: str
    opd_id: int | None
    email: str
    channels: list[str]


class Address(NamedTuple):
    key: str
    email: str
    channels: list[str]


class RegisterEntry(NamedTuple):
    """An active record of the instansi's evidence register (``evidence`` in the plan)."""

    instansi_id: int
    key: str
    title: str
    indicator: str
    effective: dt.date
    valid_years: int


class EvidenceAge(NamedTuple):
    effective: dt.date
    valid_years: int


class VerifiedEvidence(NamedTuple):
    """Evidence with an expiry attached to a verified occurrence."""

    instansi_id: int
    action_id: int
    opd_id: int
    opd_code: str
    action_title: str
    title: str
    url: str
    expires: dt.date
    due: dt.date


class Published(NamedTuple):
    year: int
    value: str
    framework: str  # the instrument of that year's evaluation


class ItemRow(NamedTuple):
    """An active evidence item of an instansi's checklist, with its owner's OPD code."""

    instansi_id: int
    id: int
    key: str
    indicator: str
    level: int
    title: str
    owner: str | None
    state: str
    state_on: dt.date | None
    state_channel: str
    state_by: str | None
    note: str | None
    evidence: list[str]


class ExternalRow(NamedTuple):
    """An external indicator's value as entered (the value as exact decimal text)."""

    indicator: str
    year: int
    value: str
    measured_on: dt.date
    source: str
    entered_by: str
    channel: str
    entered_at: dt.datetime


class TrailRow(NamedTuple):
    """One audit-trail row of an occurrence; ``actor`` is the person's key, or "sistem" for the engine."""

    at: dt.datetime
    actor: str
    actor_name: str | None
    channel: str
    event: str
    from_status: str | None
    to_status: str
    from_due: dt.date | None
    to_due: dt.date
    reason: str | None
    detail: dict[str, Any]


class CompletionCounts(NamedTuple):
    """Counts of one group (OPD code or management domain) and action, for completion figures."""

    group: str
    action_id: int
    due_so_far: int
    on_time: int
    late: int
    still_open: int
    waived: int


class DueItem(NamedTuple):
    """Work the reminder sweep looks at."""

    instansi_id: int
    occurrence_id: int
    opd_id: int
    opd_code: str
    domain: str
    priority: str
    title: str
    period: str
    due: dt.date
    status: str
    grace_days: int
    action_id: int


class Claimed(NamedTuple):
    """An outbox message claimed by a dispatcher, with what it needs to send it."""

    id: int
    person_id: int
    kind: str
    subject: str
    body_text: str
    body_html: str
    body_chat: str
    attachment: str | None
    attempts: int
    instansi_id: int = 0


class OutboxLine(NamedTuple):
    id: int
    person_key: str
    kind: str
    subject: str
    status: str
    attempts: int
    channel: str | None
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


class EvidenceRow(NamedTuple):
    """Bukti dukung of one occurrence as a page shows it."""

    id: int
    url: str
    title: str
    effective: dt.date
    expires: dt.date | None


class StandingItem(NamedTuple):
    """An active checklist item of one indicator (what ``domain.checklist.summarise`` needs)."""

    key: str
    indicator: str
    level: int
    title: str
    state: str
    owner: str | None


class ActionStanding(NamedTuple):
    """What an action page needs of where the indicators stand: the action's targets and, for those indicators
    only, the plan's actual levels, the checklist items and the external values (text) of the evaluated year."""

    targets: list[Target]
    levels: dict[str, int]
    items: list[StandingItem]
    external: dict[str, str]


class EvidenceFileRow(NamedTuple):
    """A stored evidence file with its evidence record and the occurrence (OPD, instansi) it belongs to."""

    id: int
    evidence_id: int
    occurrence_id: int
    revision: int
    sha256: str
    size: int
    media_type: str
    filename: str
    uploaded_by: str | None  # the person's key
    uploaded_at: dt.datetime
    title: str
    effective: dt.date
    expires: dt.date | None
    opd_id: int
    instansi_id: int
