"""The occurrence lifecycle (pure): which event may move which status, who may do it, what it needs.

    scheduled -> open -> submitted -> verified
    submitted -> returned -> submitted                     (coordinator asks for changes, reason required)
    open -> extension_requested -> open                   (approved with a new due date, or rejected)
    any state still open -> waived                         (coordinator only, reason required)

Early work is welcome: ``submit`` and ``request_extension`` are allowed before the window opens.
"Late" is never stored: ``is_late`` derives it from ``due`` and today's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from spbe_actions.domain.i18n import label, t


class Status(StrEnum):
    """The status of an occurrence, as stored (people read ``i18n.label("status", code)``)."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VERIFIED = "verified"
    EXTENSION_REQUESTED = "extension_requested"
    WAIVED = "waived"
    CANCELLED = "cancelled"


class Role(StrEnum):
    """Who a person is in the plan (``system``: the engine itself)."""

    COORDINATOR = "coordinator"
    HEAD = "head"
    FOCAL_POINT = "focal_point"
    SYSTEM = "system"


class OutboxStatus(StrEnum):
    """Where a queued message stands: waiting, being sent (claimed), sent, failed (retried later) or dead."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"
    SUPERSEDED = "superseded"  # a newer digest of the same kind for the same person replaced it: never sent


class SmtpProblem(StrEnum):
    """Why the mail server did not take a message, read from its reply (people read
    ``i18n.label("smtp_problem", code)``)."""

    AUTH = "auth"  # the login was refused (535) or is required (530)
    RECIPIENT = "recipient"  # RCPT TO refused (550 ...)
    SENDER = "sender"  # MAIL FROM refused
    MESSAGE = "message"  # DATA refused
    UNREACHABLE = "unreachable"  # no connection: refused, timed out, unknown host, closed early
    TLS = "tls"  # the TLS handshake or STARTTLS failed (wrong mode, certificate)
    OTHER = "other"


class Channel(StrEnum):
    """Through which door a change came: the CLI, a signed link, a spreadsheet import, or a flow."""

    CLI = "cli"
    LINK = "link"
    IMPORT = "import"
    FLOW = "flow"


class ItemState(StrEnum):
    """Where an evidence item (butir bukti dukung) stands with the assessors; only ``diterima`` counts.

    belum: no document yet · draf: a local draft · proses: uploaded, not yet assessed ·
    revisi: assessed, must be redone · diterima: accepted by the assessors.
    """

    BELUM = "belum"
    DRAF = "draf"
    PROSES = "proses"
    REVISI = "revisi"
    DITERIMA = "diterima"


# A verified action hands its items to the assessors: these states move to ``proses`` (the others stay).
MOVED_ON_VERIFY = frozenset({ItemState.BELUM, ItemState.DRAF, ItemState.REVISI})

SCHEDULED, OPEN, SUBMITTED, RETURNED = Status.SCHEDULED, Status.OPEN, Status.SUBMITTED, Status.RETURNED
VERIFIED, EXTENSION_REQUESTED, WAIVED, CANCELLED = (
    Status.VERIFIED,
    Status.EXTENSION_REQUESTED,
    Status.WAIVED,
    Status.CANCELLED,
)
STATUSES = tuple(Status)
TO_DO = frozenset({SCHEDULED, OPEN, RETURNED, EXTENSION_REQUESTED})  # the OPD still owes work
STILL_OPEN = TO_DO | {SUBMITTED}  # not yet closed (verified, waived or cancelled)
DONE = frozenset({SUBMITTED, VERIFIED})
UNTOUCHED = frozenset({SCHEDULED, OPEN})  # nobody acted on it yet: a plan change may still rewrite it

COORDINATOR, HEAD, FOCAL_POINT, SYSTEM_ROLE = Role.COORDINATOR, Role.HEAD, Role.FOCAL_POINT, Role.SYSTEM
OPD_ROLES = frozenset({HEAD, FOCAL_POINT})


@dataclass(frozen=True)
class Actor:
    """Who acts: a person of the plan (by key) with a role and, for OPD people, their OPD."""

    key: str
    role: str
    opd_id: int | None = None
    person_id: int | None = None


SYSTEM = Actor("sistem", SYSTEM_ROLE)


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    roles: frozenset[str]
    needs_reason: bool = False
    needs_due: bool = False  # a date must be given (and be after the current due date)
    moves_due: bool = False  # ... and it becomes the new due date (a request only records it)


RULES: dict[str, Rule] = {
    "submit": Rule(frozenset({SCHEDULED, OPEN, RETURNED}), SUBMITTED, frozenset({FOCAL_POINT, HEAD, COORDINATOR})),
    "verify": Rule(frozenset({SUBMITTED}), VERIFIED, frozenset({COORDINATOR})),
    "return": Rule(frozenset({SUBMITTED}), RETURNED, frozenset({COORDINATOR}), needs_reason=True),
    "request_extension": Rule(
        frozenset({SCHEDULED, OPEN, RETURNED}),
        EXTENSION_REQUESTED,
        frozenset({FOCAL_POINT, HEAD}),
        needs_reason=True,
        needs_due=True,
    ),
    # approve a request, or grant more time directly; a pending request goes back to open
    "extend": Rule(
        frozenset({SCHEDULED, OPEN, RETURNED, EXTENSION_REQUESTED}),
        None,
        frozenset({COORDINATOR}),
        needs_reason=True,
        needs_due=True,
        moves_due=True,
    ),
    "reject_extension": Rule(frozenset({EXTENSION_REQUESTED}), OPEN, frozenset({COORDINATOR}), needs_reason=True),
    "waive": Rule(STILL_OPEN, WAIVED, frozenset({COORDINATOR}), needs_reason=True),
    "open": Rule(frozenset({SCHEDULED}), OPEN, frozenset({SYSTEM_ROLE})),
}
EVENTS = tuple(RULES)


def _ev(event: str) -> str:
    return f"{label('event', event)} ({event})"


def _st(status: str) -> str:
    return f"{label('status', status)} ({status})"


class TransitionError(ValueError):
    """An event that the lifecycle or the actor's rights do not allow; the message is for the user."""


@dataclass(frozen=True)
class Change:
    event: str
    from_status: str
    to_status: str
    from_due: dt.date
    to_due: dt.date


def transition(
    event: str,
    status: str,
    due: dt.date,
    opd_id: int,
    actor: Actor,
    reason: str | None = None,
    new_due: dt.date | None = None,
) -> Change:
    """The change ``event`` makes to an occurrence in ``status``; TransitionError if it is not allowed."""
    rule = RULES.get(event)
    if rule is None:
        raise TransitionError(t("lc_unknown_event", event=event, known=", ".join(EVENTS)))
    authorize(event, rule, actor, opd_id)
    if status not in rule.sources:
        allowed = ", ".join(_st(x) for x in sorted(rule.sources))
        raise TransitionError(t("lc_from", event=_ev(event), status=_st(status), allowed=allowed))
    if rule.needs_reason and not (reason and reason.strip()):
        raise TransitionError(t("lc_reason", event=_ev(event)))
    if rule.needs_due and (new_due is None or new_due <= due):
        raise TransitionError(t("lc_due_after", due=due.isoformat()))
    to_due = new_due if rule.moves_due and new_due is not None else due
    target = rule.target or (OPEN if status == EXTENSION_REQUESTED else status)
    return Change(event, status, target, due, to_due)


def authorize(event: str, rule: Rule, actor: Actor, opd_id: int) -> None:
    """Focal points and heads act only on their own OPD's work; coordinators decide."""
    if actor.role not in rule.roles:
        allowed = t("lc_or").join(label("role", r) for r in sorted(rule.roles))
        raise TransitionError(t("lc_not_allowed", who=actor.key, event=_ev(event), allowed=allowed))
    if actor.role in OPD_ROLES and actor.opd_id != opd_id:
        raise TransitionError(t("lc_own_opd", who=actor.key))


def can_see(actor: Actor, opd_id: int) -> bool:
    """OPD people see their own OPD's work only; coordinators and the system see everything."""
    return actor.role not in OPD_ROLES or actor.opd_id == opd_id


def is_late(status: str, due: dt.date, today: dt.date) -> bool:
    """Derived, never stored: work the OPD still owes whose due date has passed."""
    return status in TO_DO and today > due


def replay(events: list[tuple[str | None, str, dt.date]]) -> tuple[str, dt.date]:
    """Status and due after a trail of (from_status, to_status, to_due) rows, checking each one follows."""
    status: str | None = None
    due: dt.date | None = None
    for from_status, to_status, to_due in events:
        if from_status != status:
            raise ValueError(f"trail broken: expected from {status}, found {from_status}")
        status, due = to_status, to_due
    if status is None or due is None:
        raise ValueError("empty trail")
    return status, due
