"""The occurrence lifecycle as a pure state machine: transitions, permissions, reasons, dues, lateness, replay.

The expected tables below are written out by hand from the module docstring and the issue, not derived from
``lifecycle.RULES``: a change to RULES has to change this file too.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_actions.domain import lifecycle as lc
from spbe_actions.domain.lifecycle import (
    CANCELLED,
    COORDINATOR,
    EXTENSION_REQUESTED,
    FOCAL_POINT,
    HEAD,
    OPEN,
    RETURNED,
    SCHEDULED,
    SUBMITTED,
    SYSTEM_ROLE,
    VERIFIED,
    WAIVED,
    Actor,
    TransitionError,
    can_see,
    is_late,
    replay,
    transition,
)

DUE = dt.date(2025, 1, 10)
NEW_DUE = dt.date(2025, 2, 10)
OPD_A, OPD_B = 1, 2  # the occurrence under test always belongs to OPD A

COORD = Actor("sekda", COORDINATOR)
HEAD_A = Actor("a.kadis", HEAD, OPD_A, 11)
FP_A = Actor("a.fp1", FOCAL_POINT, OPD_A, 12)
HEAD_B = Actor("b.kadis", HEAD, OPD_B, 21)
FP_B = Actor("b.fp1", FOCAL_POINT, OPD_B, 22)
SYSTEM = lc.SYSTEM
ACTORS = (COORD, HEAD_A, FP_A, HEAD_B, FP_B, SYSTEM)

# --- the expected machine, by hand ----------------------------------------------------------------
#   scheduled -> open -> submitted -> verified
#   submitted -> returned -> submitted
#   open -> extension_requested -> open   (extend approves with a new due; reject_extension keeps the due)
#   any still-open state -> waived        (coordinator, reason)
#   submit and request_extension also from scheduled and returned; extend also grants time directly
STILL_OPEN = (SCHEDULED, OPEN, SUBMITTED, RETURNED, EXTENSION_REQUESTED)
TO_DO = {SCHEDULED, OPEN, RETURNED, EXTENSION_REQUESTED}
TERMINAL = {VERIFIED, WAIVED, CANCELLED}

EXPECTED: dict[str, dict[str, str]] = {
    "submit": {SCHEDULED: SUBMITTED, OPEN: SUBMITTED, RETURNED: SUBMITTED},
    "verify": {SUBMITTED: VERIFIED},
    "return": {SUBMITTED: RETURNED},
    "request_extension": {
        SCHEDULED: EXTENSION_REQUESTED,
        OPEN: EXTENSION_REQUESTED,
        RETURNED: EXTENSION_REQUESTED,
    },
    "extend": {SCHEDULED: SCHEDULED, OPEN: OPEN, RETURNED: RETURNED, EXTENSION_REQUESTED: OPEN},
    "reject_extension": {EXTENSION_REQUESTED: OPEN},
    "waive": {s: WAIVED for s in STILL_OPEN},
    "open": {SCHEDULED: OPEN},
}
WHO: dict[str, set[str]] = {
    "submit": {FOCAL_POINT, HEAD, COORDINATOR},
    "verify": {COORDINATOR},
    "return": {COORDINATOR},
    "request_extension": {FOCAL_POINT, HEAD},
    "extend": {COORDINATOR},
    "reject_extension": {COORDINATOR},
    "waive": {COORDINATOR},
    "open": {SYSTEM_ROLE},
}
NEEDS_REASON = {"return", "request_extension", "extend", "reject_extension", "waive"}
NEEDS_DUE = {"request_extension", "extend"}  # a date strictly after the current due must be given
MOVES_DUE = {"extend"}  # only an approval moves the due; a request merely asks for it

ALL_PAIRS = [(event, status) for event in lc.RULES for status in lc.STATUSES]


def names(message: str, word: str) -> bool:
    """Whether a user message names an event or status by its id (labels may surround it)."""
    return re.search(rf"\b{word}\b", message) is not None


def permitted(event: str) -> Actor:
    """An actor the expected table lets do ``event`` on OPD A's occurrence."""
    roles = WHO[event]
    if SYSTEM_ROLE in roles:
        return SYSTEM
    return COORD if COORDINATOR in roles and FOCAL_POINT not in roles else FP_A


def test_statuses_and_events_are_the_ones_we_expect():
    assert set(lc.STATUSES) == {
        SCHEDULED,
        OPEN,
        SUBMITTED,
        RETURNED,
        VERIFIED,
        EXTENSION_REQUESTED,
        WAIVED,
        CANCELLED,
    }
    assert set(lc.RULES) == set(EXPECTED) == set(lc.EVENTS)
    assert lc.TO_DO == TO_DO
    assert set(STILL_OPEN) == lc.STILL_OPEN


@pytest.mark.parametrize("event", sorted(EXPECTED))
def test_rules_match_the_hand_written_table(event):
    rule = lc.RULES[event]
    assert set(rule.sources) == set(EXPECTED[event])
    assert set(rule.roles) == WHO[event]
    assert rule.needs_reason == (event in NEEDS_REASON)
    assert rule.needs_due == (event in NEEDS_DUE)
    assert getattr(rule, "moves_due", event in NEEDS_DUE) == (event in MOVES_DUE)


@pytest.mark.parametrize(("event", "status"), ALL_PAIRS)
def test_every_event_from_every_status(event, status):
    actor = permitted(event)
    legal = EXPECTED[event]
    if status in legal:
        change = transition(event, status, DUE, OPD_A, actor, reason="alasan uji", new_due=NEW_DUE)
        assert (change.event, change.from_status, change.to_status) == (event, status, legal[status])
        assert change.from_due == DUE
        assert change.to_due == (NEW_DUE if event in MOVES_DUE else DUE)
    else:
        with pytest.raises(TransitionError) as exc:
            transition(event, status, DUE, OPD_A, actor, reason="alasan uji", new_due=NEW_DUE)
        assert names(str(exc.value), event) and names(str(exc.value), status), str(exc.value)


def test_unknown_event_is_named_with_the_known_ones():
    with pytest.raises(TransitionError, match="'selesai' tidak dikenal") as exc:
        transition("selesai", OPEN, DUE, OPD_A, FP_A)
    assert "submit" in str(exc.value)


# --- permissions ----------------------------------------------------------------------------------


def _source(event: str) -> str:
    return OPEN if OPEN in EXPECTED[event] else sorted(EXPECTED[event])[0]


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.key)
@pytest.mark.parametrize("event", sorted(EXPECTED))
def test_permission_matrix(event, actor):
    own_opd = actor.role not in (HEAD, FOCAL_POINT) or actor.opd_id == OPD_A
    allowed = actor.role in WHO[event] and own_opd
    args = (event, _source(event), DUE, OPD_A, actor, "alasan uji", NEW_DUE)
    if allowed:
        assert transition(*args).to_status == EXPECTED[event][_source(event)]
        return
    with pytest.raises(TransitionError) as exc:
        transition(*args)
    msg = str(exc.value)
    assert actor.key in msg
    if actor.role in WHO[event]:  # the right role, the wrong OPD
        assert "OPD-nya sendiri" in msg
    else:
        assert "tidak berhak" in msg and names(msg, event)


@pytest.mark.parametrize("event", ["submit", "request_extension"])
@pytest.mark.parametrize("actor", [HEAD_B, FP_B], ids=lambda a: a.key)
def test_opd_people_act_on_their_own_opd_only(event, actor):
    with pytest.raises(TransitionError, match="hanya dapat bertindak atas tugas OPD-nya sendiri"):
        transition(event, OPEN, DUE, OPD_A, actor, "alasan uji", NEW_DUE)
    # the same person on their own OPD's occurrence may
    assert transition(event, OPEN, DUE, OPD_B, actor, "alasan uji", NEW_DUE).from_status == OPEN


@pytest.mark.parametrize("event", ["verify", "return", "extend", "reject_extension", "waive", "open"])
@pytest.mark.parametrize("actor", [HEAD_A, FP_A], ids=lambda a: a.key)
def test_opd_people_cannot_decide_even_on_their_own_opd(event, actor):
    with pytest.raises(TransitionError, match="tidak berhak"):
        transition(event, _source(event), DUE, OPD_A, actor, "alasan uji", NEW_DUE)


@pytest.mark.parametrize("actor", [COORD, HEAD_A, FP_A, HEAD_B, FP_B], ids=lambda a: a.key)
def test_only_the_system_opens_a_window(actor):
    with pytest.raises(TransitionError, match=r"tidak berhak melakukan .*\bopen\b"):
        transition("open", SCHEDULED, DUE, OPD_A, actor)
    assert transition("open", SCHEDULED, DUE, OPD_A, SYSTEM).to_status == OPEN


def test_can_see():
    assert can_see(COORD, OPD_A) and can_see(COORD, OPD_B) and can_see(SYSTEM, OPD_A)
    assert can_see(FP_A, OPD_A) and can_see(HEAD_A, OPD_A)
    assert not can_see(FP_B, OPD_A) and not can_see(HEAD_B, OPD_A)


# --- reasons and new due dates --------------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   ", "\t\n"])
@pytest.mark.parametrize("event", sorted(NEEDS_REASON))
def test_reason_required(event, reason):
    with pytest.raises(TransitionError, match="memerlukan alasan"):
        transition(event, _source(event), DUE, OPD_A, permitted(event), reason, NEW_DUE)


@pytest.mark.parametrize("event", sorted(set(EXPECTED) - NEEDS_REASON))
def test_no_reason_needed(event):
    assert transition(event, _source(event), DUE, OPD_A, permitted(event)).to_status


@pytest.mark.parametrize(
    "new_due",
    [None, DUE, DUE - dt.timedelta(days=1), dt.date(2024, 1, 1)],
    ids=["none", "same", "day-before", "past"],
)
@pytest.mark.parametrize("event", sorted(NEEDS_DUE))
def test_new_due_must_be_after_the_current_one(event, new_due):
    with pytest.raises(TransitionError, match=r"tenggat baru harus setelah tenggat sekarang \(2025-01-10\)"):
        transition(event, OPEN, DUE, OPD_A, permitted(event), "alasan uji", new_due)


@pytest.mark.parametrize("event", sorted(NEEDS_DUE))
def test_the_day_after_is_enough(event):
    change = transition(event, OPEN, DUE, OPD_A, permitted(event), "alasan uji", DUE + dt.timedelta(days=1))
    assert change.to_due == (DUE + dt.timedelta(days=1) if event in MOVES_DUE else DUE)


def test_a_rejected_request_leaves_the_due_as_it_was():
    asked = transition("request_extension", OPEN, DUE, OPD_A, FP_A, "rapat tertunda", NEW_DUE)
    rejected = transition("reject_extension", asked.to_status, asked.to_due, OPD_A, COORD, "tidak cukup alasan")
    assert (rejected.to_status, rejected.to_due) == (OPEN, DUE)


def test_an_approved_request_moves_the_due():
    asked = transition("request_extension", OPEN, DUE, OPD_A, FP_A, "rapat tertunda", NEW_DUE)
    approved = transition("extend", asked.to_status, asked.to_due, OPD_A, COORD, "disetujui", NEW_DUE)
    assert (approved.to_status, approved.to_due) == (OPEN, NEW_DUE)


# --- lateness -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", lc.STATUSES)
@pytest.mark.parametrize("offset", [-30, -1, 0, 1, 30])
def test_is_late_only_for_work_owed_after_the_due_day(status, offset):
    today = DUE + dt.timedelta(days=offset)
    assert is_late(status, DUE, today) == (status in TO_DO and offset > 0)


# --- replay ---------------------------------------------------------------------------------------


def test_replay_of_a_correct_trail():
    trail = [
        (None, SCHEDULED, DUE),
        (SCHEDULED, OPEN, DUE),
        (OPEN, EXTENSION_REQUESTED, DUE),
        (EXTENSION_REQUESTED, OPEN, NEW_DUE),
        (OPEN, SUBMITTED, NEW_DUE),
        (SUBMITTED, RETURNED, NEW_DUE),
        (RETURNED, SUBMITTED, NEW_DUE),
        (SUBMITTED, VERIFIED, NEW_DUE),
    ]
    assert replay(trail) == (VERIFIED, NEW_DUE)
    assert replay(trail[:1]) == (SCHEDULED, DUE)


@pytest.mark.parametrize(
    "trail",
    [
        [(None, OPEN, DUE), (SCHEDULED, SUBMITTED, DUE)],  # the second row does not start where the first ended
        [(None, OPEN, DUE), (OPEN, SUBMITTED, DUE), (OPEN, SUBMITTED, DUE)],
        [(OPEN, SUBMITTED, DUE)],  # the first row must create the occurrence (from nothing)
    ],
)
def test_replay_of_a_broken_trail_raises(trail):
    with pytest.raises(ValueError, match="trail broken"):
        replay(trail)


def test_replay_of_an_empty_trail_raises():
    with pytest.raises(ValueError, match="empty trail"):
        replay([])


# --- random walks ---------------------------------------------------------------------------------

STEP = st.tuples(
    st.sampled_from((*lc.EVENTS, "bogus")),
    st.sampled_from(ACTORS),
    st.sampled_from((None, "", "  ", "alasan uji")),
    st.sampled_from((None, -1, 0, 1, 20)),  # new due: days after the current due (None: not given)
)


@settings(max_examples=300, deadline=None)
@given(start=st.sampled_from((SCHEDULED, OPEN)), steps=st.lists(STEP, max_size=30))
def test_random_walk_replays_to_the_final_state(start, steps):
    status, due = start, DUE
    trail: list[tuple[str | None, str, dt.date]] = [(None, start, DUE)]
    for event, actor, reason, days in steps:
        new_due = None if days is None else due + dt.timedelta(days=days)
        closed = status in TERMINAL
        try:
            change = transition(event, status, due, OPD_A, actor, reason, new_due)
        except TransitionError:
            continue
        assert not closed, f"{event} succeeded on a closed occurrence ({status})"
        assert (change.from_status, change.from_due) == (status, due)
        assert change.to_due >= due  # a due date only ever moves later
        assert change.to_status == EXPECTED[event][status]
        assert actor.role in WHO[event] and can_see(actor, OPD_A)
        trail.append((change.from_status, change.to_status, change.to_due))
        status, due = change.to_status, change.to_due
    assert replay(trail) == (status, due)
