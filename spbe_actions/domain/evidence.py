"""Evidence rules (pure): when bukti dukung goes stale, and which of it matters for the next evaluation.

Reviews expire two years after their effective date (the level-4 pattern of Pedoman MenPANRB 3/2024); an
instansi's evaluation season opens on 1 July unless its plan names another date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExpiringEvidence:
    """Evidence that goes stale before the next evaluation; ``opd_id`` None: the instansi's own register."""

    opd_id: int | None
    opd: str  # OPD code, or "" for the register
    subject: str  # the action (or register entry) the evidence belongs to
    title: str
    expires: dt.date


def next_evaluation(configured: dt.date | None, today: dt.date) -> dt.date:
    """The plan's next evaluation date, or else the next 1 July (when the evaluation season opens)."""
    if configured is not None and configured >= today:
        return configured
    july = dt.date(today.year, 7, 1)
    return july if july > today else dt.date(today.year + 1, 7, 1)


def expiring_before(before: dt.date, items: Iterable[ExpiringEvidence]) -> list[ExpiringEvidence]:
    """The items that expire before ``before``, soonest first."""
    return sorted((i for i in items if i.expires < before), key=lambda i: (i.expires, i.opd, i.subject))
