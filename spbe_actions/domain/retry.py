"""When a message that failed is tried again (pure): 2, 4, 8, 16 and 32 minutes after each of its first five
failures, then every hour, ``MAX_ATTEMPTS`` attempts in all; then it is dead (``spbe outbox --failed`` shows it
and the dispatch run that gave up ends Failed, which alerts the coordinator).

The dispatch deployment runs every ``DISPATCH_EVERY`` minutes inside the instansi's working window, so a retry
really happens at the first dispatch run at or after its time, and a retry due outside the window waits for the
next working day's window."""

from __future__ import annotations

import datetime as dt

FIRST_RETRIES = (2, 4, 8, 16, 32)  # minutes after the 1st ... 5th failure
THEN_EVERY = dt.timedelta(hours=1)
MAX_ATTEMPTS = 12  # about 7 hours of trying: the first attempt, five quick retries, six hourly ones
DISPATCH_EVERY = 5  # minutes between dispatch runs inside the working window


def retry_after(attempts: int) -> dt.timedelta | None:
    """How long after its ``attempts``-th failed attempt a message is tried again; None: it is dead."""
    if attempts >= MAX_ATTEMPTS:
        return None
    if 1 <= attempts <= len(FIRST_RETRIES):
        return dt.timedelta(minutes=FIRST_RETRIES[attempts - 1])
    return THEN_EVERY


def timeline(every: int = DISPATCH_EVERY) -> list[dt.timedelta]:
    """When each attempt of a message that keeps failing happens, after the first one, with dispatch runs every
    ``every`` minutes (0: at the exact retry times); the last one is where it is given up."""
    at, out = dt.timedelta(0), [dt.timedelta(0)]
    for attempts in range(1, MAX_ATTEMPTS):
        wait = retry_after(attempts)
        assert wait is not None
        at += wait
        if every:
            step = dt.timedelta(minutes=every)
            at = -(-at // step) * step  # the first dispatch run at or after the retry time
        out.append(at)
    return out
