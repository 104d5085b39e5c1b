"""The range of a stored id, in one place: every id that comes from outside (a CLI argument, a form, a URL, a
spreadsheet cell, a signed link's payload) is checked here before any query, so that an id the database cannot
hold is simply "not found" and never a database error (PostgreSQL's INTEGER ends at 2^31 - 1)."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the primary keys are INTEGER: the largest id PostgreSQL (and so every backend) can hold
_MAX_DIGITS = len(str(MAX_ID))


def in_range(value: object) -> bool:
    """True for an ``int`` (not a bool, not a numeric string) a stored row could have as its id: 1 .. MAX_ID."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def parse_id(value: object) -> int | None:
    """An id from outside: an in-range int, or ASCII digits naming one; None for anything else. Never raises,
    and never converts a long digit string ("9" * 5000 is refused by its length first)."""
    if isinstance(value, str):
        text = value.strip()
        if not (0 < len(text) <= _MAX_DIGITS and text.isascii() and text.isdigit()):
            return None
        value = int(text)
    return value if in_range(value) and isinstance(value, int) else None
