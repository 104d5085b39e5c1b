"""SQLModel tables. Rows removed from the plan are deactivated (``active = False``), never deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

from spbe_actions.domain.lifecycle import ItemState, OutboxStatus, Status


def table(model: type[SQLModel]) -> Table:
    """The Core table of a model, typed for SQL expressions (``table(Occurrence).c.status.in_(...)``)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]  # SQLModel sets it at class creation


def _ts(**kw: Any) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False, **kw))


class Instansi(SQLModel, table=True):
    __tablename__ = "instansi"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=80)
    name: str
    timezone: str
    framework: str
    language: str = "id"
    current_year: int
    target_year: int
    next_evaluation: dt.date | None = None
    # the plan's policy sections, kept as validated JSON so flows on any worker need only the database
    calendar: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    schedule: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    reminders: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    updated_at: dt.datetime = _ts()


class Opd(SQLModel, table=True):
    __tablename__ = "opd"
    __table_args__ = (UniqueConstraint("instansi_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    code: str = Field(max_length=40)
    name: str
    active: bool = True


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("instansi_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    key: str = Field(max_length=80)  # the plan's person id, used by --as PERSON
    opd_id: int | None = Field(default=None, foreign_key="opd.id")
    role: str = Field(max_length=20)  # coordinator | head | focal_point
    name: str
    title: str | None = None
    email: str
    channels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True


class IndicatorOwner(SQLModel, table=True):
    __tablename__ = "indicator_owner"
    __table_args__ = (UniqueConstraint("instansi_id", "indicator", "opd_id"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    indicator: str = Field(max_length=20)
    opd_id: int = Field(foreign_key="opd.id")
    role: str = Field(max_length=10)  # lead | support
    active: bool = True


class IndicatorLevel(SQLModel, table=True):
    """A level per indicator and year: ``actual`` (evaluated) or ``target``."""

    __tablename__ = "indicator_level"
    __table_args__ = (UniqueConstraint("instansi_id", "indicator", "year", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    indicator: str = Field(max_length=20)
    year: int
    kind: str = Field(max_length=10)  # actual | target
    level: int


class PublishedIndex(SQLModel, table=True):
    __tablename__ = "published_index"
    __table_args__ = (UniqueConstraint("instansi_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    year: int
    value: str = Field(max_length=10)  # a decimal as published, e.g. "4.32"
    framework: str = Field(default="", max_length=80)  # the instrument of that year's evaluation


class Action(SQLModel, table=True):
    __tablename__ = "action"
    __table_args__ = (UniqueConstraint("instansi_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    key: str = Field(max_length=80)
    title: str
    domain: str = Field(max_length=40, index=True)
    recurrence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    grace_days: int = 0
    evidence_required: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    priority: str = Field(default="medium", max_length=10)
    active: bool = True


class ActionTarget(SQLModel, table=True):
    """An indicator an action raises, and to which level."""

    __tablename__ = "action_target"
    __table_args__ = (UniqueConstraint("action_id", "indicator"),)
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    indicator: str = Field(max_length=20)
    level: int
    active: bool = True


class ActionOwner(SQLModel, table=True):
    __tablename__ = "action_owner"
    __table_args__ = (UniqueConstraint("action_id", "opd_id"),)
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    opd_id: int = Field(foreign_key="opd.id")
    active: bool = True


class EvidenceRecord(SQLModel, table=True):
    """Bukti dukung on record whose age matters (the plan's ``evidence`` register)."""

    __tablename__ = "evidence_record"
    __table_args__ = (UniqueConstraint("instansi_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    key: str = Field(max_length=80)
    title: str
    indicator: str = Field(max_length=20)
    effective: dt.date
    valid_years: int = 2
    active: bool = True


class EvidenceItem(SQLModel, table=True):
    """An evidence item (butir bukti dukung) of the checklist: indicator and level, owner, state.

    ``state_channel`` says where the state came from (``plan``, or the door of a later change); a reloaded plan
    replaces only a state that still comes from the plan, or one older than the plan's ``since``.
    """

    __tablename__ = "evidence_item"
    __table_args__ = (UniqueConstraint("instansi_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    key: str = Field(max_length=80)
    indicator: str = Field(max_length=20)
    level: int
    title: str
    owner_opd_id: int | None = Field(default=None, foreign_key="opd.id")
    state: str = Field(default=ItemState.BELUM, max_length=12)  # lifecycle.ItemState
    state_on: dt.date | None = None
    state_channel: str = Field(default="plan", max_length=10)
    state_by: str | None = Field(default=None, max_length=80)  # the person's key
    note: str | None = Field(default=None, max_length=1000)
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # register keys
    active: bool = True
    updated_at: dt.datetime = _ts()


class ActionItem(SQLModel, table=True):
    """An evidence item an action produces (verifying the action hands the item to the assessors)."""

    __tablename__ = "action_item"
    __table_args__ = (UniqueConstraint("action_id", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    item_id: int = Field(foreign_key="evidence_item.id", index=True)
    active: bool = True


class ExternalValue(SQLModel, table=True):
    """An indicator's value from another agency's evaluation, for one evaluation year (exact decimal text)."""

    __tablename__ = "external_value"
    __table_args__ = (UniqueConstraint("instansi_id", "indicator", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    indicator: str = Field(max_length=20)
    year: int
    value: str = Field(max_length=12)
    measured_on: dt.date  # the date of the agency's result
    source: str = Field(max_length=300)
    entered_by: str = Field(max_length=80)
    channel: str = Field(max_length=10)
    entered_at: dt.datetime = _ts()


class Occurrence(SQLModel, table=True):
    """One piece of recurring work: an action, for one responsible OPD, in one period.

    ``scheduled_due`` is what the rule says (moved to a working day); ``due`` starts equal and only an
    approved extension moves it. ``status`` is ``scheduled`` until ``window_opens``. "Late" is never
    stored: it is derived from ``due`` and the clock.

    ``next_step_on`` is the first day the reminder sweep must look at the row again (its reminder step may
    change then); NULL: look as soon as it is within reach of the reminders. The sweep sets it after recording
    the day's decisions; database triggers (migration 0012) reset it to NULL whenever ``status`` or ``due``
    changes or a "seen" event is added, and a plan save resets the instansi's rows.
    """

    __tablename__ = "occurrence"
    __table_args__ = (
        UniqueConstraint("action_id", "opd_id", "period"),
        Index("ix_occurrence_sweep", "status", "due", "opd_id"),
        Index("ix_occurrence_next_step", "status", "next_step_on", "due"),
    )
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    opd_id: int = Field(foreign_key="opd.id")
    period: str = Field(max_length=40)
    scheduled_due: dt.date
    due: dt.date
    window_opens: dt.date
    status: str = Field(default=Status.SCHEDULED, max_length=24)
    submitted_on: dt.date | None = None  # local date of the latest submission (for on-time rates)
    next_step_on: dt.date | None = None  # when the sweep looks again (see above)
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()


class Evidence(SQLModel, table=True):
    """Bukti dukung attached to an occurrence: a link or file path, the date it takes effect, its expiry."""

    __tablename__ = "evidence"
    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    url: str = Field(max_length=2000)
    title: str = Field(max_length=300)
    effective: dt.date
    expires: dt.date | None = None
    added_by: int | None = Field(default=None, foreign_key="person.id")
    channel: str = Field(max_length=10)
    added_at: dt.datetime = _ts()


class OccurrenceEvent(SQLModel, table=True):
    """The append-only audit trail: every change of status, due date or evidence of an occurrence."""

    __tablename__ = "occurrence_event"
    __table_args__ = (Index("ix_occurrence_event_kind", "event", "occurrence_id"),)  # the sweep's "seen" lookup
    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    at: dt.datetime = _ts()
    actor_id: int | None = Field(default=None, foreign_key="person.id")  # None: the engine itself
    channel: str = Field(max_length=10)  # cli | link | import | flow
    event: str = Field(max_length=24)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str = Field(max_length=24)
    from_due: dt.date | None = None
    to_due: dt.date
    reason: str | None = Field(default=None, max_length=1000)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Reminder(SQLModel, table=True):
    """A reminder decision: step ``step`` about ``subject`` reached ``person`` (once, by the unique key)."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("subject", "step", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    subject: str = Field(max_length=60)  # "occ:<occurrence id>"
    step: str = Field(max_length=20)
    person_id: int = Field(foreign_key="person.id")
    outbox_id: int | None = Field(default=None, foreign_key="outbox.id")
    created_at: dt.datetime = _ts()


class Outbox(SQLModel, table=True):
    """One message to one person, rendered once; the dispatcher claims, sends and records it."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_ready", "status", "next_attempt_at"),
        Index("ix_outbox_person_kind", "person_id", "kind"),  # a new digest supersedes the person's older ones
    )
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    key: str = Field(max_length=160, unique=True)
    person_id: int = Field(foreign_key="person.id")
    kind: str = Field(max_length=20)  # digest | escalation | summary | test
    subject: str = Field(max_length=300)
    body_text: str
    body_html: str
    body_chat: str
    attachment: str | None = Field(default=None, max_length=500)  # a file sent with the email (the weekly report)
    status: str = Field(default=OutboxStatus.QUEUED, max_length=12)  # lifecycle.OutboxStatus
    attempts: int = 0
    next_attempt_at: dt.datetime = _ts()
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    sent_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    channel: str | None = Field(default=None, max_length=60)  # the channel that delivered it
    last_error: str | None = Field(default=None, max_length=1000)  # masked: never a secret
    created_at: dt.datetime = _ts()


class Delivery(SQLModel, table=True):
    """The delivery log: every attempt on every channel, with the (masked) outcome."""

    __tablename__ = "delivery"
    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int = Field(foreign_key="outbox.id", index=True)
    at: dt.datetime = _ts()
    channel: str = Field(max_length=60)
    ok: bool
    error: str | None = Field(default=None, max_length=1000)


class Account(SQLModel, table=True):
    """A login of the web pages: a coordinator of one instansi (deciding as one of its plan's coordinators) or an
    installation-wide overseer (read-only). Only a PBKDF2 hash of the password is kept."""

    __tablename__ = "account"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)
    password_hash: str = Field(max_length=300)
    role: str = Field(max_length=20)  # coordinator | overseer
    instansi_id: int | None = Field(default=None, foreign_key="instansi.id")
    person_key: str | None = Field(default=None, max_length=80)  # the coordinator who decides (plan person id)
    active: bool = True
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()


class WebSession(SQLModel, table=True):
    """A logged-in browser: only the SHA-256 of its cookie is kept; a logout revokes it (in every process)."""

    __tablename__ = "web_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    username: str = Field(max_length=80)
    fingerprint: str = Field(max_length=64)  # of the password hash: changing the password ends the session
    created_at: dt.datetime = _ts()
    expires_at: dt.datetime = _ts()
    revoked_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class LoginThrottle(SQLModel, table=True):
    """Failed logins per account name or client address: a growing lockout, shared by every web process."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("scope", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=10)  # user | address
    key: str = Field(max_length=200)
    failures: int = 0  # in the current window
    window_start: dt.datetime = _ts()
    locked_until: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    lockouts: int = 0  # consecutive lockouts: each one lasts twice as long
    updated_at: dt.datetime = _ts()


class IndexSnapshot(SQLModel, table=True):
    """One row per instansi and day: the figures as they were, so trends survive plan changes."""

    __tablename__ = "index_snapshot"
    __table_args__ = (UniqueConstraint("instansi_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    day: dt.date
    index_current: str = Field(max_length=12)  # exact decimals as text
    index_projected: str = Field(max_length=12)
    at_risk: str = Field(max_length=12)
    late: int
    still_open: int
    on_time_rate: str | None = Field(default=None, max_length=12)
    created_at: dt.datetime = _ts()


class EvidenceFile(SQLModel, table=True):
    """A file of bukti dukung: one revision of an occurrence's evidence (its n-th submission) holds several.

    The content lives in the evidence store under its SHA-256 (the same bytes are stored once); ``filename`` is
    the cleaned name the person gave it. Rows are never updated or deleted: a resubmission adds a revision.
    """

    __tablename__ = "evidence_file"
    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    revision: int  # 1 for the first submission, 2 after a return and a resubmission, ...
    sha256: str = Field(max_length=64, index=True)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    media_type: str = Field(max_length=100)
    filename: str = Field(max_length=255)
    uploaded_by: int | None = Field(default=None, foreign_key="person.id")
    uploaded_at: dt.datetime = _ts()
