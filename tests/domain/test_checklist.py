"""Evidence items per level (pure): the achieved level from item states, the ceiling, the index points open
items hold back, external values — every expected figure computed by hand in a comment."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from spbe_actions.adapters import config
from spbe_actions.domain.checklist import (
    ChecklistItem,
    achieved_level,
    awaited,
    ceiling_level,
    item_points,
    levels_now,
    open_points,
    planned_items,
    summarise,
)
from spbe_actions.domain.index import compute
from spbe_actions.domain.plan import Plan
from tests.support.plans import small_pemdi_plan, small_plan

IPD = config.framework("pemdi-2026")  # indicator 1 and 13 weigh 5: 0.05 index points per level


def items(*spec: tuple[int, str], indicator: str = "1") -> list[ChecklistItem]:
    return [ChecklistItem(f"b{n}", indicator, level, f"butir {n}", state) for n, (level, state) in enumerate(spec)]


def test_every_item_of_every_level_accepted_reaches_the_top():
    full = items(*((lv, "diterima") for lv in range(1, 6)))
    assert (achieved_level(full, 1, 5), ceiling_level(full, 1, 5)) == (5, 5)


def test_an_item_in_revision_caps_the_level():
    # L1, L2, L3 accepted; L4 has one accepted and one in revision; L5 accepted (but tiered: never counted)
    row = items((1, "diterima"), (2, "diterima"), (3, "diterima"), (4, "diterima"), (4, "revisi"), (5, "diterima"))
    assert achieved_level(row, 1, 5) == 3
    assert ceiling_level(row, 1, 5) == 5
    (s,) = summarise(IPD, row).values()
    assert [i.state for i in s.open] == ["revisi"]
    # the revision holds back levels 4 and 5: 2 x 0.05 = 0.10; the indicator as a whole (5 - 3) x 0.05 = 0.10
    assert item_points(IPD, s, s.open[0]) == Fraction(10, 100)
    assert open_points(IPD, {"1": s}) == Fraction(10, 100)


@pytest.mark.parametrize("state", ["belum", "draf", "proses", "revisi"])
def test_only_accepted_items_count(state):
    row = items((1, "diterima"), (2, state), (3, "diterima"))
    assert achieved_level(row, 1, 5) == 1  # level 2 incomplete: only level 1 stands


def test_a_missing_level_one_item_gives_the_lowest_level():
    # level 1 not accepted: whatever is accepted above it, the indicator is at the scale's lowest level
    row = items((1, "belum"), (2, "diterima"), (3, "diterima"))
    assert achieved_level(row, 1, 5) == 1
    (s,) = summarise(IPD, row).values()
    assert (s.achieved, s.ceiling) == (1, 3)
    # level 1 counts anyway, so the level-1 item holds back levels 2 and 3: 2 x 0.05 = 0.10
    assert item_points(IPD, s, s.open[0]) == Fraction(10, 100)
    # no level-1 item listed at all: nothing above it can count, and the ceiling stays at the lowest level
    none = items((2, "diterima"), (3, "diterima"))
    assert (achieved_level(none, 1, 5), ceiling_level(none, 1, 5)) == (1, 1)


def test_small_pemdi_plan_by_hand():
    plan = Plan.model_validate(small_pemdi_plan())
    planned = planned_items(plan, IPD)
    checklist = [ChecklistItem(p.key, p.indicator, p.level, p.title, p.state, p.owner) for p in planned]
    summary = summarise(IPD, checklist)
    assert {k: (s.achieved, s.ceiling) for k, s in summary.items()} == {"1": (2, 4), "13": (1, 2)}
    # "1": the revision at level 3 holds back levels 3-4 (0.10), the level-4 item level 4 (0.05);
    # "13": the missing level-1 item holds back level 2 (0.05)
    points = {i.key: item_points(IPD, summary[i.indicator], i) for s in summary.values() for i in s.open}
    assert points == {"tk-3b": Fraction(10, 100), "tk-4a": Fraction(5, 100), "ap-1a": Fraction(5, 100)}
    assert open_points(IPD, summary) == Fraction(15, 100)
    stored = {k: v.current for k, v in plan.indicators.items() if v.current is not None}
    now = levels_now(IPD, stored, summary, {})
    assert (now["1"], now["13"], now["5"], now["18"]) == (2, 1, Decimal(1), Decimal(1))
    # 76 x 3 + 5 x 2 + 5 x 1 + 14 x 1 = 257 -> 2.57 Baik
    result = compute(IPD, now)
    assert (str(result.value), result.predicate) == ("2.57", "Baik")
    # every listed item accepted: + 5 x 2 + 5 x 1 = 272 -> 2.72
    ceiling = {**now, **{k: s.ceiling for k, s in summary.items()}}
    assert str(compute(IPD, ceiling).value) == "2.72"
    assert compute(IPD, ceiling).exact - result.exact == open_points(IPD, summary)
    # an external value enters exactly: 5 at 2.87 adds 5 x 1.87 = 9.35 -> 266.35 -> 2.6635, published 2.66
    with_value = levels_now(IPD, stored, summary, {"5": Decimal("2.87")})
    assert compute(IPD, with_value).exact == Fraction(26635, 10000)
    assert awaited(IPD, {"5": Decimal("2.87")}) == ["6", "7", "18"]


def test_items_link_to_the_actions_that_produce_them():
    plan = Plan.model_validate(small_pemdi_plan())
    by_key = {p.key: p for p in planned_items(plan, IPD)}
    assert by_key["tk-3b"].actions == ("tk-laporan",)  # named by the action's `items`
    assert by_key["tk-4a"].evidence == ("reviu-tk-2025",)
    assert by_key["ap-1a"].owner == "KOMINFO"  # the indicator's lead by default


def test_frameworks_without_items_keep_the_plan_levels():
    spbe = config.framework("permenpanrb-59-2020")
    plan = Plan.model_validate(small_plan())
    stored = {k: v.current for k, v in plan.indicators.items() if v.current is not None}
    assert planned_items(plan, spbe) == []
    assert levels_now(spbe, stored, summarise(spbe, []), {}) == stored
