"""The reminder policy (pure): ladder, late steps and escalation on the real Indonesian calendar, who receives
what, policy precedence, the working window, digests and their rendering in Indonesian and English.

No database: Items and Persons are built by hand; every expected date is checked by hand in a comment.
Reference calendar (WorkCalendar() with the ``holidays`` package), March-May 2025:
    Fri 28 Mar  cuti bersama Nyepi          Sat 29 Mar  Nyepi (a weekend anyway)
    Mon 31 Mar  Idul Fitri                  Tue  1 Apr  Idul Fitri, second day
    Wed 2, Thu 3, Fri 4, Mon 7 Apr  cuti bersama Idul Fitri
    Fri 18 Apr  Wafat Yesus Kristus         Thu  1 May  Hari Buruh
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from spbe_actions.adapters import config, formats
from spbe_actions.adapters.render import render
from spbe_actions.app.reminders.sweep import render_digest
from spbe_actions.domain.calendar import WorkCalendar, tanggal
from spbe_actions.domain.plan import (
    DEFAULT_ESCALATION,
    EscalationStep,
    Ladder,
    PolicyOverride,
    ReminderPolicy,
    Reminders,
)
from spbe_actions.domain.reminder_policy import Decision, Item, Recipient, digests, due_today, in_window, step_for

CAL = WorkCalendar()
SPBE_WORDS = {lang: config.framework("permenpanrb-59-2020").vocab(lang) for lang in ("id", "en")}  # "[SPBE]"
WIB = ZoneInfo("Asia/Jakarta")
FP, HEAD, COORD = ("focal_point",), ("focal_point", "head"), ("focal_point", "head", "coordinator")

# Due on Wed 26 Mar 2025, just before Nyepi and Idul Fitri. Working days late (counted in (due, today]):
#   Thu 27 Mar = 1; then 28 Mar - 7 Apr are all weekends, holidays or cuti bersama; Tue 8 Apr = 2,
#   Wed 9 Apr = 3, Fri 11 Apr = 5, Mon 14 Apr = 6, Tue 15 Apr = 7, Wed 16 Apr = 8,
#   Thu 24 Apr = 13 (Fri 18 Apr Good Friday skipped), Fri 25 Apr = 14, Fri 2 May = 18 (1 May skipped).
LEBARAN_DUE = dt.date(2025, 3, 26)
TODAY = dt.date(2025, 4, 16)  # a Wednesday: 8 working days (21 calendar days) after LEBARAN_DUE


def item(**kw) -> Item:
    base = dict(
        occurrence_id=1,
        opd_id=1,
        opd_code="DISKOMINFO",
        domain="policy",
        priority="medium",
        title="Reviu Kebijakan Internal SPBE",
        period="2025",
        due=LEBARAN_DUE,
        status="open",
        grace_days=0,
        points=Fraction(3, 2),
    )
    return Item(**{**base, **kw})


def steps(it: Item, policy: ReminderPolicy, today: dt.date, cal: WorkCalendar = CAL) -> list[str]:
    return [s for s, _roles in step_for(it, policy, cal, today)]


# --- the ladder before and on the due date (calendar days, focal points only) -----------------------------

LADDER = ReminderPolicy(ladder=Ladder(before_days=[14, 7, 1]))


@pytest.mark.parametrize(
    ("days_ahead", "expected"),
    [
        (20, []),  # further out than the first threshold: nothing yet
        (15, []),
        (14, ["H-14"]),
        (10, ["H-14"]),  # 14 passed, 7 not yet: the nearest threshold passed is 14
        (8, ["H-14"]),
        (7, ["H-7"]),
        (3, ["H-7"]),  # still H-7 (the outbox dedupes it, so nobody hears it twice)
        (1, ["H-1"]),
        (0, ["H"]),  # the due day itself
    ],
)
def test_ladder_before_the_due_date(days_ahead, expected):
    it = item(due=TODAY + dt.timedelta(days=days_ahead))
    out = step_for(it, LADDER, CAL, TODAY)
    assert [s for s, _ in out] == expected
    assert all(roles == FP for _, roles in out)  # only focal points hear about work not yet late


def test_no_due_day_step_when_on_due_is_false():
    policy = ReminderPolicy(ladder=Ladder(before_days=[14, 7, 1], on_due=False))
    assert steps(item(due=TODAY), policy, TODAY) == []
    assert steps(item(due=TODAY + dt.timedelta(days=1)), policy, TODAY) == ["H-1"]  # the rest stays


def test_ladder_thresholds_need_not_be_sorted():
    policy = ReminderPolicy(ladder=Ladder(before_days=[1, 14, 7]))
    assert steps(item(due=TODAY + dt.timedelta(days=5)), policy, TODAY) == ["H-7"]


# --- late reminders: every N working days on the holiday calendar, capped ---------------------------------

LATE_ONLY = ReminderPolicy(ladder=Ladder(late_every_working_days=3, late_max=5), escalation=[])


@pytest.mark.parametrize(
    ("today", "working_days_late", "expected"),
    [
        (dt.date(2025, 3, 27), 1, []),  # Thu: 1 working day late
        (dt.date(2025, 4, 7), 1, []),  # Mon, cuti bersama: 12 calendar days, still 1 working day
        (dt.date(2025, 4, 8), 2, []),  # Tue, offices reopen: 2 (Mon-Fri alone would count 9)
        (dt.date(2025, 4, 9), 3, ["L1"]),  # Wed: 3 -> L1 (Mon-Fri alone: 10 -> L3)
        (dt.date(2025, 4, 11), 5, ["L1"]),  # Fri: 5 // 3 = 1
        (dt.date(2025, 4, 14), 6, ["L2"]),  # Mon: 6 // 3 = 2
        (dt.date(2025, 4, 25), 14, ["L4"]),  # Fri: Good Friday 18 Apr skipped, 14 // 3 = 4
        (dt.date(2025, 5, 2), 18, ["L5"]),  # Fri: 1 May skipped, 18 // 3 = 6, capped at late_max 5
        (dt.date(2025, 7, 1), None, ["L5"]),  # months late: still L5
    ],
)
def test_late_steps_count_working_days_with_holidays(today, working_days_late, expected):
    if working_days_late is not None:
        assert CAL.working_days_between(LEBARAN_DUE, today) == working_days_late
    out = step_for(item(), LATE_ONLY, CAL, today)
    assert [s for s, _ in out] == expected
    assert all(roles == FP for _, roles in out)


def test_late_max_zero_means_no_late_reminders():
    policy = ReminderPolicy(ladder=Ladder(late_max=0), escalation=[])
    assert steps(item(), policy, dt.date(2025, 5, 2)) == []


def test_late_on_the_weekend_after_a_friday_due_date_is_not_yet_a_working_day_late():
    # due Fri 11 Apr; Sat 12 and Sun 13 add no working day, Mon 14 is the first
    it = item(due=dt.date(2025, 4, 11))
    assert CAL.working_days_between(it.due, dt.date(2025, 4, 13)) == 0
    assert steps(it, ReminderPolicy(), dt.date(2025, 4, 13)) == []


# --- escalation: working days late minus grace_days, only the highest step reached ------------------------

DEFAULT = ReminderPolicy()  # ladder [14, 7, 1], L every 3 working days up to 5, escalation 3/7/14


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 4, 8), []),  # 2 working days late: nothing yet
        (dt.date(2025, 4, 9), [("L1", FP), ("E3", FP)]),  # 3: E3 goes to the focal point
        (dt.date(2025, 4, 14), [("L2", FP), ("E3", FP)]),  # 6: still E3
        (dt.date(2025, 4, 15), [("L2", FP), ("E7", HEAD)]),  # 7: the head joins
        (dt.date(2025, 4, 16), [("L2", FP), ("E7", HEAD)]),  # 8: E7 only, not E3 as well
        (dt.date(2025, 4, 24), [("L4", FP), ("E7", HEAD)]),  # 13
        (dt.date(2025, 4, 25), [("L4", FP), ("E14", COORD)]),  # 14: the coordinator joins
        (dt.date(2025, 5, 2), [("L5", FP), ("E14", COORD)]),  # 18
    ],
)
def test_escalation_by_working_days_late(today, expected):
    assert step_for(item(), DEFAULT, CAL, today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 4, 15), [("L2", FP)]),  # 7 - 5 = 2: no escalation (L steps ignore grace)
        (dt.date(2025, 4, 16), [("L2", FP), ("E3", FP)]),  # 8 - 5 = 3
        (dt.date(2025, 4, 24), [("L4", FP), ("E7", HEAD)]),  # 13 - 5 = 8
        (dt.date(2025, 4, 25), [("L4", FP), ("E7", HEAD)]),  # 14 - 5 = 9: E14 not yet
        (dt.date(2025, 5, 2), [("L5", FP), ("E7", HEAD)]),  # 18 - 5 = 13
    ],
)
def test_grace_days_postpone_escalation(today, expected):
    assert step_for(item(grace_days=5), DEFAULT, CAL, today) == expected


def test_escalation_steps_need_not_be_sorted():
    policy = ReminderPolicy(escalation=list(reversed(DEFAULT_ESCALATION)))
    assert steps(item(), policy, TODAY) == ["L2", "E7"]


# --- statuses ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "verified", "waived", "cancelled", "extension_requested"])
@pytest.mark.parametrize("days", [-21, -1, 0, 1, 7])  # late, due today, before the due date
def test_statuses_that_stop_the_chase(status, days):
    assert step_for(item(status=status, due=TODAY - dt.timedelta(days=days)), DEFAULT, CAL, TODAY) == []


@pytest.mark.parametrize("status", ["scheduled", "open", "returned"])
def test_statuses_that_are_chased(status):
    assert steps(item(status=status), DEFAULT, TODAY) == ["L2", "E7"]
    assert steps(item(status=status, due=TODAY + dt.timedelta(days=7)), DEFAULT, TODAY) == ["H-7"]


def test_an_extension_that_moved_the_due_date_restarts_the_ladder():
    late = item()  # due 26 Mar: 8 working days late on TODAY
    assert steps(late, DEFAULT, TODAY) == ["L2", "E7"]
    # the same occurrence after the coordinator approved a new due date: H-steps again, no escalation
    assert steps(item(due=dt.date(2025, 4, 30)), DEFAULT, TODAY) == ["H-14"]  # 14 days ahead
    assert steps(item(due=dt.date(2025, 4, 23)), DEFAULT, TODAY) == ["H-7"]  # 7 days ahead
    assert steps(item(due=dt.date(2025, 4, 17)), DEFAULT, TODAY) == ["H-1"]
    assert steps(item(due=TODAY), DEFAULT, TODAY) == ["H"]
    # and if the new date passes too, the late count starts from it: Thu 17 -> Wed 23 Apr is 3 working days
    # (Fri 18 Good Friday and the weekend skipped: Mon 21, Tue 22, Wed 23), so L1 and E3, not the old E7
    assert steps(item(due=dt.date(2025, 4, 17)), DEFAULT, dt.date(2025, 4, 22)) == []  # only 2 so far
    assert steps(item(due=dt.date(2025, 4, 17)), DEFAULT, dt.date(2025, 4, 23)) == ["L1", "E3"]


# --- due_today(): who receives what --------------------------------------------------------------------------

FP1 = Recipient(11, "ani", "Ani Lestari", "focal_point", 1)
FP1B = Recipient(12, "budi", "Budi Santoso", "focal_point", 1)
HEAD1 = Recipient(13, "kadis-kominfo", "Dr. Hendra Wijaya", "head", 1)
FP2 = Recipient(21, "citra", "Citra Dewi", "focal_point", 2)
HEAD2 = Recipient(22, "kepala-bappeda", "Ir. Sri Rahayu", "head", 2)
COORD1 = Recipient(1, "sekda", "Drs. Agus Salim", "coordinator", None)
PEOPLE = [FP1, FP1B, HEAD1, FP2, HEAD2, COORD1]

ITEM_A = item(occurrence_id=1, title="Audit TIK", due=dt.date(2025, 3, 26), points=Fraction(5, 2))  # 8 wd late
ITEM_B = item(
    occurrence_id=2, opd_id=2, opd_code="BAPPEDA", title="Arsitektur SPBE", due=dt.date(2025, 4, 23)
)  # due in 7 days
ITEM_C = item(occurrence_id=3, opd_id=2, opd_code="BAPPEDA", title="Peta Rencana SPBE", due=dt.date(2025, 3, 5))
# ITEM_C: Wed 5 Mar -> Wed 16 Apr is 23 working days: 6-7 Mar (2), 10-14 (5), 17-21 (5), 24-27 (4; 28 Mar
# cuti bersama Nyepi), 31 Mar - 7 Apr none (Idul Fitri), 8-11 Apr (4), 14-16 Apr (3): L5 (7 capped), E14


def triples(decisions: list[Decision]) -> list[tuple[str, str, str]]:
    return [(d.person.key, d.subject, d.step) for d in decisions]


def test_decide_sends_each_step_to_the_right_people_in_a_stable_order():
    assert CAL.working_days_between(ITEM_C.due, TODAY) == 23
    out = due_today([ITEM_A, ITEM_B, ITEM_C], PEOPLE, Reminders(), CAL, TODAY)
    assert triples(out) == [
        ("ani", "occ:1", "E7"),
        ("ani", "occ:1", "L2"),
        ("budi", "occ:1", "E7"),  # every focal point of the OPD
        ("budi", "occ:1", "L2"),
        ("citra", "occ:2", "H-7"),
        ("citra", "occ:3", "E14"),
        ("citra", "occ:3", "L5"),
        ("kadis-kominfo", "occ:1", "E7"),  # a head only for escalations of their own OPD
        ("kepala-bappeda", "occ:3", "E14"),  # not for occ:2, which is not late
        ("sekda", "occ:3", "E14"),  # the coordinator only from E14, for every OPD
    ]
    # another OPD's person never receives an item; coordinators are not bound to an OPD
    assert all(d.person.role == "coordinator" or d.person.opd_id == d.item.opd_id for d in out)
    # same answer whatever order the rows arrive in
    assert out == due_today([ITEM_C, ITEM_B, ITEM_A], list(reversed(PEOPLE)), Reminders(), CAL, TODAY)
    by = {(d.person.key, d.subject, d.step): d for d in out}
    assert by["ani", "occ:1", "E7"].days_late == 21  # calendar days, for people to read
    assert by["ani", "occ:1", "E7"].escalated and not by["ani", "occ:1", "L2"].escalated
    assert by["citra", "occ:2", "H-7"].days_late == 0


def test_decide_reaches_no_one_for_an_opd_without_people():
    orphan = item(occurrence_id=9, opd_id=99, opd_code="DINKES")  # 8 wd late: L2 and E7 to fp and head
    assert due_today([orphan], PEOPLE, Reminders(), CAL, TODAY) == []


def test_a_coordinator_hears_about_every_opd():
    other = item(occurrence_id=9, opd_id=99, opd_code="DINKES", due=dt.date(2025, 3, 5))  # 23 wd late: E14
    assert triples(due_today([other], PEOPLE, Reminders(), CAL, TODAY)) == [("sekda", "occ:9", "E14")]


# --- policy precedence ------------------------------------------------------------------------------------

E2 = EscalationStep(after_working_days=2, notify=["focal_point"])
E4 = EscalationStep(after_working_days=4, notify=["focal_point", "coordinator"])
E5 = EscalationStep(after_working_days=5, notify=["focal_point", "head"])
PLAN_RULES = Reminders(
    ladder=Ladder(before_days=[30]),
    escalation=[E5],  # the plan's own default, unlike the built-in 3/7/14
    per_domain={"risk": PolicyOverride(ladder=Ladder(before_days=[10]), escalation=[E2])},
    per_priority={
        "high": PolicyOverride(ladder=Ladder(before_days=[3])),  # no escalation: inherited
        "low": PolicyOverride(escalation=[E4]),  # no ladder: inherited
    },
)


@pytest.mark.parametrize(
    ("domain", "priority", "before_days", "escalation"),
    [
        ("policy", "medium", [30], [E5]),  # no override: the plan's defaults
        ("risk", "medium", [10], [E2]),  # the domain's override
        ("risk", "high", [3], [E2]),  # priority beats domain on the ladder; escalation still the domain's
        ("risk", "low", [10], [E4]),  # priority beats domain on escalation; ladder still the domain's
        ("policy", "high", [3], [E5]),  # omitted escalation: the plan's default, not DEFAULT_ESCALATION
        ("policy", "low", [30], [E4]),
    ],
)
def test_policy_precedence(domain, priority, before_days, escalation):
    policy = PLAN_RULES.policy_for(domain, priority)
    assert policy.ladder.before_days == before_days
    assert policy.escalation == escalation


def test_an_override_without_escalation_inherits_the_plans_escalation_when_loaded_from_yaml_data():
    rules = Reminders.model_validate(
        {
            "escalation": [{"after_working_days": 5, "notify": ["focal_point", "head"]}],
            "per_priority": {"high": {"ladder": {"before_days": [3]}}},
        }
    )
    policy = rules.policy_for("policy", "high")
    assert policy.escalation == [E5]
    assert policy.escalation != list(DEFAULT_ESCALATION)
    # end to end: 5 working days late (Fri 11 Apr) is E5 to focal point and head; the built-in would say E3
    assert step_for(item(priority="high"), policy, CAL, dt.date(2025, 4, 11)) == [("L1", FP), ("E5", HEAD)]
    # and due_today() applies it per item
    out = due_today([item(priority="high")], PEOPLE, rules, CAL, dt.date(2025, 4, 11))
    assert triples(out) == [
        ("ani", "occ:1", "E5"),
        ("ani", "occ:1", "L1"),
        ("budi", "occ:1", "E5"),
        ("budi", "occ:1", "L1"),
        ("kadis-kominfo", "occ:1", "E5"),
    ]


# --- the working window -----------------------------------------------------------------------------------


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=WIB)


MONDAY = dt.date(2025, 6, 2)


@pytest.mark.parametrize(
    ("now", "inside"),
    [
        (at(MONDAY, 7, 59), False),
        (at(MONDAY, 8, 0), True),
        (at(MONDAY, 12, 0), True),
        (at(MONDAY, 15, 59), True),
        (at(MONDAY, 16, 0), False),  # the end is exclusive
        (at(dt.date(2025, 6, 7), 10), False),  # a Saturday
        (at(dt.date(2025, 3, 31), 10), False),  # Idul Fitri (public holiday, a Monday)
        (at(dt.date(2025, 4, 3), 10), False),  # cuti bersama Idul Fitri (a Thursday)
    ],
)
def test_in_window(now, inside):
    assert in_window(now, Reminders(), CAL) is inside


def test_an_extra_working_day_is_inside_the_window():
    saturday = dt.date(2025, 4, 5)  # Sat in the Lebaran week, made a working day by circular
    cal = WorkCalendar(extra_working_days=[saturday])
    assert in_window(at(saturday, 9), Reminders(), cal)
    assert not in_window(at(saturday, 16), Reminders(), cal)  # but still within working hours only
    assert not in_window(at(saturday, 9), Reminders(), CAL)


def test_custom_working_hours():
    rules = Reminders(working_hours_start="07:30", working_hours_end="15:30")
    assert in_window(at(MONDAY, 7, 30), rules, CAL)
    assert not in_window(at(MONDAY, 15, 30), rules, CAL)


# --- digests ----------------------------------------------------------------------------------------------


def test_one_digest_per_person_with_its_kind_by_role():
    out = digests(due_today([ITEM_A, ITEM_B, ITEM_C], PEOPLE, Reminders(), CAL, TODAY))
    assert [(g.person.key, g.kind) for g in out] == [
        ("ani", "digest"),
        ("budi", "digest"),
        ("citra", "digest"),
        ("kadis-kominfo", "escalation"),
        ("kepala-bappeda", "escalation"),
        ("sekda", "summary"),
    ]
    ani = out[0]
    assert len(ani.decisions) == 2  # L2 and E7 of occ:1: both are recorded ...
    assert [(d.subject, d.step) for d in ani.items] == [("occ:1", "E7")]  # ... one line, the escalated one
    citra = out[2]
    assert [(d.subject, d.step) for d in citra.items] == [("occ:3", "E14"), ("occ:2", "H-7")]


def test_digest_keeps_the_escalated_step_whatever_the_order_of_decisions():
    ds = due_today([ITEM_A], [FP1], Reminders(), CAL, TODAY)
    for order in (ds, list(reversed(ds))):
        (g,) = digests(order)
        assert [d.step for d in g.items] == ["E7"]


# One focal point's work, to rank: points first, then days late (calendar days on TODAY, Wed 16 Apr)
RANKED = [
    item(occurrence_id=41, title="Low points, very late", due=dt.date(2025, 3, 5), points=Fraction(1, 2)),  # E14
    item(occurrence_id=42, title="Not late yet", due=dt.date(2025, 4, 23), points=Fraction(3)),
    item(occurrence_id=43, title="Eight working days late", due=dt.date(2025, 3, 26), points=Fraction(3)),
    item(occurrence_id=44, title="Three working days late", due=dt.date(2025, 4, 10), points=Fraction(3)),
    item(occurrence_id=45, title="Most points", due=dt.date(2025, 4, 17), points=Fraction(17, 4)),
]
# days late: 41 -> 42 calendar days, 42 -> 0 (H-7), 43 -> 21, 44 -> 6 (10 Apr -> 16 Apr: 11, 14, 15, 16 =
# 4 working days: L1, E3), 45 -> 0 (due tomorrow, H-1)
RANKED_ORDER = [
    "Most points",
    "Eight working days late",
    "Three working days late",
    "Not late yet",
    "Low points, very late",
]


def test_digest_items_are_ranked_by_points_then_days_late():
    (g,) = digests(due_today(RANKED, [FP1], Reminders(), CAL, TODAY))
    assert [d.item.title for d in g.items] == RANKED_ORDER
    assert [d.step for d in g.items] == ["H-1", "E7", "E3", "H-7", "E14"]
    assert [d.days_late for d in g.items] == [0, 21, 6, 0, 42]


# --- rendering --------------------------------------------------------------------------------------------

INSTANSI = "Pemerintah Kota Mojokerto"
INDONESIAN = re.compile(
    r"\b(yth|tenggat|terlambat|tugas|poin|pesan|mohon|berikut|periode|indikator|hari|hr|lagi|eskalasi"
    r"|ringkasan|laporkan|dipertaruhkan|koordinator|bapak|ibu|untuk|dan|yang|uji|kanal|dikirim)\b",
    re.IGNORECASE,
)
# tanggal() spelled out by hand for the due dates used below
DATES = {
    "id": {
        dt.date(2025, 3, 10): "10 Maret 2025",
        dt.date(2025, 3, 12): "12 Maret 2025",
        dt.date(2025, 3, 26): "26 Maret 2025",
        dt.date(2025, 4, 10): "10 April 2025",
        dt.date(2025, 4, 17): "17 April 2025",
        dt.date(2025, 4, 23): "23 April 2025",
    },
    "en": {
        dt.date(2025, 3, 10): "10 March 2025",
        dt.date(2025, 3, 12): "12 March 2025",
        dt.date(2025, 3, 26): "26 March 2025",
        dt.date(2025, 4, 10): "10 April 2025",
        dt.date(2025, 4, 17): "17 April 2025",
        dt.date(2025, 4, 23): "23 April 2025",
    },
}


def late_words(language: str, days: int) -> str:
    return f"terlambat {days} h" if language == "id" else f"late by {days} day"


def rendered_digests(items: list[Item], people: list[Recipient], language: str):
    return [
        render_digest(g, INSTANSI, TODAY, SPBE_WORDS[language], language)
        for g in digests(due_today(items, people, Reminders(), CAL, TODAY))
    ]


RENDER_ITEMS = [x for x in RANKED if x.occurrence_id != 41]  # due dates with two-digit days only
SENIOR = [
    item(occurrence_id=51, title="Penyusunan Arsitektur SPBE", due=dt.date(2025, 3, 26), points=Fraction(5, 4)),
    item(occurrence_id=52, title="Reviu Peta Rencana SPBE", due=dt.date(2025, 3, 26), points=Fraction(9, 4)),
    item(occurrence_id=53, title="Sudah dikirim", status="submitted", points=Fraction(9)),
]  # 8 working days late: E7 to the head (not the submitted one)
# Coordinator's summary: E14 needs 14 working days. Mon 10 Mar -> Wed 16 Apr: 11-14 Mar (4), 17-21 (5),
# 24-27 (4; 28 Mar cuti bersama), 8-11 Apr (4), 14-16 Apr (3) = 20; Wed 12 Mar -> 16 Apr = 18.
SUMMARY = [
    item(occurrence_id=61, title="Manajemen Risiko SPBE", due=dt.date(2025, 3, 10), points=Fraction(1)),
    item(
        occurrence_id=62,
        opd_id=2,
        opd_code="BAPPEDA",
        title="Manajemen Data",
        due=dt.date(2025, 3, 12),
        points=Fraction(7, 2),
    ),
    ITEM_A,  # 8 working days late: E7, below the coordinator's step
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("person", "items", "kind"),
    [(FP1, RENDER_ITEMS, "digest"), (HEAD1, SENIOR, "escalation"), (COORD1, SUMMARY, "summary")],
)
def test_render_each_kind(language, person, items, kind):
    assert CAL.working_days_between(dt.date(2025, 3, 10), TODAY) == 20
    assert CAL.working_days_between(dt.date(2025, 3, 12), TODAY) == 18
    (msg,) = [m for m in rendered_digests(items, PEOPLE, language) if m.digest.person == person]
    assert msg.digest.kind == kind
    assert msg.subject.startswith("[SPBE]") and "\n" not in msg.subject
    assert len(msg.digest.items) == {"digest": 4, "escalation": 2, "summary": 2}[kind]
    assert "Sudah dikirim" not in msg.text  # submitted: not chased
    assert kind != "summary" or "Audit TIK" not in msg.text  # only E14 reaches the coordinator
    assert str(len(msg.digest.items)) in msg.subject
    for body in (msg.text, msg.html):
        assert person.name in body
        assert INSTANSI in body
    if kind == "digest":
        assert person.name in msg.chat
    for d in msg.digest.items:
        x = d.item
        points = formats.points(x.points, language)  # always 3 decimals: 4,250 / 4.250
        for body in (msg.text, msg.html, msg.chat):
            assert x.title in body
            assert points in body
            if d.days_late:
                assert late_words(language, d.days_late) in body.lower()
        for body in (msg.text, msg.html):
            assert DATES[language][x.due] in body
        if kind == "digest":
            assert DATES[language][x.due] in msg.chat
    # the text body lists the items in points order
    positions = [msg.text.index(d.item.title) for d in msg.digest.items]
    assert positions == sorted(positions)
    late_count = sum(1 for d in msg.digest.items if d.days_late)
    if kind == "digest":
        assert ("terlambat" if language == "id" else "late") in msg.subject.lower()
        assert str(late_count) in msg.subject
    if language == "en":
        for part in (msg.subject, msg.text, msg.html, msg.chat):
            assert not INDONESIAN.search(part), INDONESIAN.search(part)


def test_digest_text_wording_by_language():
    (fp_id,) = rendered_digests(RENDER_ITEMS, [FP1], "id")
    (fp_en,) = rendered_digests(RENDER_ITEMS, [FP1], "en")
    assert fp_id.subject == f"[SPBE] 4 tugas {INSTANSI}, 2 terlambat"
    assert fp_en.subject == f"[SPBE] 4 tasks for {INSTANSI}, 2 late"
    assert fp_id.text.startswith(f"Yth. {FP1.name},")
    assert fp_en.text.startswith(f"Dear {FP1.name},")
    # the due-tomorrow item (points 4.25) leads; 'hari lagi' / 'left' for work not yet late
    assert "- Most points (DISKOMINFO, periode 2025)\n  Tenggat 17 April 2025 — 1 hari lagi" in fp_id.text
    assert "- Most points (DISKOMINFO, period 2025)\n  Due 17 April 2025 — 1 day left" in fp_en.text
    assert "Poin indeks dipertaruhkan: 4,250" in fp_id.text
    assert "Index points at stake: 4.250" in fp_en.text
    assert "TERLAMBAT 21 hari" in fp_id.text and "LATE by 21 days" in fp_en.text


def test_due_today_wording():
    (msg_id,) = rendered_digests([item(due=TODAY)], [FP1], "id")
    (msg_en,) = rendered_digests([item(due=TODAY)], [FP1], "en")
    assert "— hari ini" in msg_id.text
    assert "— due today" in msg_en.text


def test_indicators_are_listed():
    ind = "21 Penerapan Manajemen Risiko SPBE (bobot 1.50%) → tingkat 4"
    for language, label in (("id", "Indikator"), ("en", "Indicator")):
        (msg,) = rendered_digests([item(indicators=(ind,))], [FP1], language)
        assert f"{label} {ind}" in msg.text
        assert f"{label} {ind}" in msg.html


@pytest.mark.parametrize("language", ["id", "en"])
def test_html_escapes_titles(language):
    evil = item(title='<script>alert("x")</script> Reviu & Audit')
    for msg in rendered_digests([evil], PEOPLE, language):  # digest, escalation (E7) for DISKOMINFO
        assert "&lt;script&gt;" in msg.html
        assert "<script>" not in msg.html
        assert "&amp; Audit" in msg.html
        assert "<script>" in msg.text  # plain text and chat are not HTML: left as written


@pytest.mark.parametrize("language", ["id", "en"])
def test_channel_test_message(language):
    ctx = dict(
        person="Ani Lestari",
        instansi=INSTANSI,
        today=TODAY,
        kind="test",
        items=[],
        late=0,
        vocab=SPBE_WORDS[language],
    )
    subject = render("subject.j2", language, **ctx).strip()
    bodies = [render(f"test.{p}.j2", language, **ctx) for p in ("txt", "html", "chat")]
    assert subject == ("[SPBE] Pesan uji kanal" if language == "id" else "[SPBE] Channel test message")
    day = "16 April 2025"  # the one Babel date style of every mail and page
    for body in bodies:
        assert "Ani Lestari" in body and INSTANSI in body and day in body
    if language == "en":
        for part in [subject, *bodies]:
            assert not INDONESIAN.search(part), INDONESIAN.search(part)


def test_tanggal_indonesian():
    assert tanggal(dt.date(2025, 4, 3)) == "Kamis, 3 April 2025"
    assert tanggal(dt.date(2025, 3, 26), "en") == "Wednesday, 26 March 2025"


def test_tanggal_english_does_not_zero_pad_the_day():
    assert tanggal(dt.date(2025, 4, 3), "en") == "Thursday, 3 April 2025"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("items", [RENDER_ITEMS, [item(due=TODAY + dt.timedelta(days=7))]])  # late and not
def test_chat_lists_one_item_per_line_under_the_header(language, items):
    (msg,) = rendered_digests(items, [FP1], language)
    lines = msg.chat.splitlines()
    assert lines[0].startswith("SPBE ") and lines[0].endswith(FP1.name)
    numbered = [line for line in lines[1:] if line]
    assert [line.split(" ", 1)[0] for line in numbered] == [f"{i}." for i in range(1, len(items) + 1)]


def test_a_partial_ladder_override_inherits_the_other_ladder_fields():
    # the plan repeats late reminders every 2 working days; the ict_audit override only changes the lead time
    rules = Reminders.model_validate(
        {"ladder": {"late_every_working_days": 2}, "per_domain": {"ict_audit": {"ladder": {"before_days": [30]}}}}
    )
    ladder = rules.policy_for("ict_audit", "medium").ladder
    assert (ladder.before_days, ladder.late_every_working_days) == ([30], 2)
    assert rules.policy_for("risk", "medium").ladder.before_days == [14, 7, 1]


def test_seen_pauses_the_repeats_but_not_the_escalation():
    # due Friday 2025-01-10; on Thursday 2025-01-23 it is 9 working days late: L3 and E7
    policy = Reminders().policy_for("risk", "medium")
    late = Item(
        1, 10, "KOMINFO", "risk", "medium", "Laporan", "2024-Q4", dt.date(2025, 1, 10), "open", 0, Fraction(3, 200)
    )
    today = dt.date(2025, 1, 23)
    assert [s for s, _ in step_for(late, policy, WorkCalendar(), today)] == ["L3", "E7"]
    seen_yesterday = replace(late, seen_on=dt.date(2025, 1, 22))
    assert [s for s, _ in step_for(seen_yesterday, policy, WorkCalendar(), today)] == ["E7"]
    seen_long_ago = replace(late, seen_on=dt.date(2025, 1, 17))  # 6 days ago: the 3-day pause is over
    assert [s for s, _ in step_for(seen_long_ago, policy, WorkCalendar(), today)] == ["L3", "E7"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_messages_speak_the_plans_framework(language):
    """Under the Indeks Pemdi the same messages say [Pemdi] and Koordinator Pemdi, never SPBE."""
    words = config.framework("pemdi-2026").vocab(language)
    found = [
        render_digest(g, INSTANSI, TODAY, words, language)
        for g in digests(due_today(SUMMARY, PEOPLE, Reminders(), CAL, TODAY))
    ]
    summary = next(m for m in found if m.digest.kind == "summary")
    assert summary.subject.startswith("[Pemdi]")
    coordinator = "Koordinator Pemdi" if language == "id" else "Pemdi Coordinator"
    assert coordinator in summary.text and coordinator in summary.html
    assert summary.chat.startswith(coordinator.upper())
    for m in found:
        for part in (m.subject, m.text, m.html, m.chat):
            assert "SPBE" not in part.replace("Manajemen Risiko SPBE", ""), part


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_coordinator_summary_links_each_item_to_its_page_beside_the_board(language):
    """Every part of the coordinator's summary (HTML, text, chat) links each item to its page under the board;
    no board URL (SPBE_BASE_URL unset): no item links either. Focal points and heads keep their signed links."""
    from spbe_actions.app.reminders.messages import Extras

    board = "https://spbe.kota.go.id/koordinator"
    words = config.framework("pemdi-2026").vocab(language)
    groups = digests(due_today(SUMMARY, PEOPLE, Reminders(), CAL, TODAY))
    summary = next(g for g in groups if g.kind == "summary")
    ids = [x.item.occurrence_id for x in summary.items]
    with_board = render_digest(summary, INSTANSI, TODAY, words, language, extras=Extras(board=board))
    open_it = "Buka tugas" if language == "id" else "Open the task"
    for part in (with_board.html, with_board.text, with_board.chat):
        assert all(f"{board}/tugas/{oid}" in part for oid in ids), part
    assert re.findall(rf'<a href="{board}/tugas/\d+">([^<]+)</a>', with_board.html) == [open_it] * len(ids)
    bare = render_digest(summary, INSTANSI, TODAY, words, language)
    assert "/tugas/" not in bare.html + bare.text + bare.chat
    head = next(g for g in groups if g.kind == "escalation")
    escalation = render_digest(head, INSTANSI, TODAY, words, language, extras=Extras(board=board))
    assert "/koordinator" not in escalation.html + escalation.text + escalation.chat
