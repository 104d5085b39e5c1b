"""Login throttling (pure): how many wrong passwords an account name or a client address may try, and for how
long it is locked out after that.

Each scope counts failures in a one-minute window. The attempt that reaches the limit (10 for an account, 30 for
an address, which may be a whole office behind one NAT) locks the key for five minutes; each further lockout in a
row lasts twice as long, up to an hour. A locked key is refused without checking its password. A success resets
the account's count (never the address's: one right password must not clear a guessing client).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

WINDOW = dt.timedelta(minutes=1)
LOCK = dt.timedelta(minutes=5)
MAX_LOCK = dt.timedelta(hours=1)
LIMITS = {"user": 10, "address": 30}


@dataclass(frozen=True)
class Throttle:
    failures: int
    window_start: dt.datetime
    locked_until: dt.datetime | None = None
    lockouts: int = 0


def fresh(now: dt.datetime) -> Throttle:
    return Throttle(0, now)


def refused_until(state: Throttle, now: dt.datetime) -> dt.datetime | None:
    """Until when the key is locked out (None: it may try now)."""
    return state.locked_until if state.locked_until is not None and state.locked_until > now else None


def after_failure(state: Throttle, scope: str, now: dt.datetime) -> Throttle:
    """The state after one more wrong password (checked) for a key of ``scope``."""
    failures = state.failures + 1 if now - state.window_start < WINDOW else 1
    start = state.window_start if failures > 1 else now
    if failures < LIMITS[scope]:
        return replace(state, failures=failures, window_start=start)
    lock = min(LOCK * 2**state.lockouts, MAX_LOCK)
    return Throttle(0, now, now + lock, state.lockouts + 1)


def after_success(state: Throttle, now: dt.datetime) -> Throttle:
    """An account that logged in starts afresh."""
    return fresh(now)
