"""Occurrence materialisation as a pure diff: planned dues vs existing rows -> what to create, move, remove.

The rule for plan changes: only *untouched future* occurrences are rewritten. Untouched means nobody acted
on it (status ``scheduled`` or ``open``) and no extension moved it (``due == scheduled_due``); future means
its scheduled due date is today or later. Everything else is left alone and reported as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from spbe_actions.domain.lifecycle import CANCELLED, OPEN, SCHEDULED, UNTOUCHED

# CANCELLED: removed from the plan while untouched: kept (with its trail), revived if planned again

Key = tuple[int, int, str]  # (action_id, opd_id, period)


@dataclass(frozen=True)
class Planned:
    action_id: int
    opd_id: int
    period: str
    scheduled_due: dt.date
    window_opens: dt.date

    @property
    def key(self) -> Key:
        return (self.action_id, self.opd_id, self.period)


@dataclass(frozen=True)
class Existing:
    id: int
    action_id: int
    opd_id: int
    period: str
    scheduled_due: dt.date
    due: dt.date
    window_opens: dt.date
    status: str

    @property
    def key(self) -> Key:
        return (self.action_id, self.opd_id, self.period)

    def rewritable(self, today: dt.date) -> bool:
        """Untouched (or cancelled by the plan) and not yet due: the plan may still change it."""
        untouched = self.status in UNTOUCHED or self.status == CANCELLED
        return untouched and self.due == self.scheduled_due and self.scheduled_due >= today


@dataclass
class Changes:
    create: list[Planned] = field(default_factory=list)
    move: list[tuple[Existing, Planned]] = field(default_factory=list)
    remove: list[Existing] = field(default_factory=list)
    kept: list[tuple[Existing, Planned | None]] = field(default_factory=list)  # differs, but touched or past
    unchanged: int = 0


def diff(existing: Iterable[Existing], planned: Iterable[Planned], since: dt.date, today: dt.date) -> Changes:
    """Compare what the rules plan now with what the database holds (rows with scheduled_due >= since)."""
    out = Changes()
    wanted = {p.key: p for p in planned}
    have = {e.key: e for e in existing}
    for key, p in wanted.items():
        e = have.get(key)
        if e is None:
            out.create.append(p)
        elif e.status == CANCELLED:
            (out.move if e.rewritable(today) else out.kept).append((e, p))  # revive what the plan wants again
        elif (e.scheduled_due, e.window_opens) == (p.scheduled_due, p.window_opens):
            out.unchanged += 1
        elif e.rewritable(today):
            out.move.append((e, p))
        else:
            out.kept.append((e, p))
    for key, e in have.items():
        if key in wanted or e.scheduled_due < since or e.status == CANCELLED:
            continue
        if e.rewritable(today):
            out.remove.append(e)
        else:
            out.kept.append((e, None))
    return out


def initial_status(window_opens: dt.date, today: dt.date) -> str:
    """A new occurrence is ``open`` once its window has opened, ``scheduled`` before."""
    return OPEN if window_opens <= today else SCHEDULED
