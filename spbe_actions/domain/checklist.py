"""Evidence items per level (butir bukti dukung) and external values: the level each indicator stands at (pure).

The 2026 method scores an indicator by its items: it is at level L when every item of levels 1..L is accepted
by the assessors (``diterima``); an item still in draft, with the assessors or in revision does not count, and a
level is never scored while a level below it is incomplete. A level with no item listed cannot be claimed
from items. Below every complete level the indicator is at the scale's lowest level.

Indicators another agency evaluates (``external`` in the framework) take the decimal that agency published;
until it is entered they count at the scale's lowest level and people read "menunggu nilai eksternal".
Frameworks and plans without items or external indicators keep the plan's levels unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from spbe_actions.domain.framework import Framework
from spbe_actions.domain.index import Number, points_per_level
from spbe_actions.domain.lifecycle import ItemState

if TYPE_CHECKING:  # the plan's models: only the loader needs them (``spbe status`` does not)
    from spbe_actions.domain.plan import Plan


@dataclass(frozen=True)
class ChecklistItem:
    """One evidence item of an instansi's checklist and where it stands."""

    key: str
    indicator: str
    level: int
    title: str
    state: str  # an ItemState
    owner: str | None = None  # OPD code

    @property
    def accepted(self) -> bool:
        return self.state == ItemState.DITERIMA


@dataclass(frozen=True)
class IndicatorItems:
    """An item-scored indicator: the level the assessors count now, the level once every listed item is
    accepted, and the items not yet accepted up to that level (lowest level first)."""

    indicator: str
    achieved: int
    ceiling: int
    open: tuple[ChecklistItem, ...]


def _by_level(items: Iterable[ChecklistItem]) -> dict[int, list[ChecklistItem]]:
    out: dict[int, list[ChecklistItem]] = {}
    for item in items:
        out.setdefault(item.level, []).append(item)
    return out


def achieved_level(items: Iterable[ChecklistItem], lowest: int, highest: int) -> int:
    """The highest level L such that levels ``lowest``..L each have items and all of them are accepted
    (``lowest`` when the first level is incomplete)."""
    by_level, level = _by_level(items), lowest
    for candidate in range(lowest, highest + 1):
        row = by_level.get(candidate)
        if not row or not all(i.accepted for i in row):
            break
        level = candidate
    return level


def ceiling_level(items: Iterable[ChecklistItem], lowest: int, highest: int) -> int:
    """The level the indicator reaches once every listed item is accepted (levels must follow without gaps)."""
    by_level, level = _by_level(items), lowest
    for candidate in range(lowest, highest + 1):
        if candidate not in by_level:
            break
        level = candidate
    return level


def summarise(fw: Framework, items: Iterable[ChecklistItem]) -> dict[str, IndicatorItems]:
    """Every indicator that has items, in the framework's order."""
    grouped: dict[str, list[ChecklistItem]] = {}
    for item in items:
        grouped.setdefault(item.indicator, []).append(item)
    lo, hi = fw.scale.min, fw.scale.max
    out = {}
    for ind in fw.indicators:
        own = grouped.get(ind)
        if not own:
            continue
        achieved, ceiling = achieved_level(own, lo, hi), ceiling_level(own, lo, hi)
        still = sorted((i for i in own if not i.accepted and i.level <= ceiling), key=lambda i: (i.level, i.key))
        out[ind] = IndicatorItems(ind, achieved, ceiling, tuple(still))
    return out


def item_points(fw: Framework, indicator: IndicatorItems, item: ChecklistItem) -> Fraction:
    """Index points an open item holds back: every level from its own up to the ceiling needs it (the lowest
    level counts anyway, so a missing level-1 item holds back the levels above it)."""
    if item.accepted or item.level > indicator.ceiling:
        return Fraction(0)
    gated = indicator.ceiling - max(item.level - 1, fw.scale.min)
    return points_per_level(fw, item.indicator) * gated


def open_points(fw: Framework, summary: Mapping[str, IndicatorItems]) -> Fraction:
    """Index points the open items hold back in all: the sum over indicators of (ceiling - achieved) levels."""
    return sum(
        (points_per_level(fw, s.indicator) * (s.ceiling - s.achieved) for s in summary.values()), Fraction(0)
    )


def levels_now(
    fw: Framework,
    stored: Mapping[str, int],
    summary: Mapping[str, IndicatorItems],
    external: Mapping[str, Decimal],
) -> dict[str, Number]:
    """The level of every indicator now: the plan's level, the achieved level where items score it, and the
    entered value (or the lowest level while it is awaited) where another agency evaluates it."""
    out: dict[str, Number] = {i: stored[i] for i in fw.indicators if i in stored}
    for ind, s in summary.items():
        out[ind] = s.achieved
    for ind in fw.external:
        out[ind] = external.get(ind, Decimal(fw.scale.min))
    return out


def awaited(fw: Framework, external: Mapping[str, Decimal]) -> list[str]:
    """External indicators whose value has not been entered yet."""
    return [ind for ind in fw.external if ind not in external]


@dataclass(frozen=True)
class PlannedItem:
    """An item of the plan's checklist resolved against its framework (what the store loads)."""

    key: str
    indicator: str
    level: int
    title: str
    state: str
    since: dt.date | None
    owner: str  # OPD code
    actions: tuple[str, ...]
    evidence: tuple[str, ...]
    note: str | None


def planned_items(plan: Plan, fw: Framework) -> list[PlannedItem]:
    """The framework's default items and the plan's own, with the plan's state, owner and links; an action
    naming an item under ``items`` links it like the item naming the action."""
    given = {i.id: i for i in plan.items}
    producers: dict[str, list[str]] = {}
    for a in plan.actions:
        for key in a.items:
            producers.setdefault(key, []).append(a.id)
    from spbe_actions.domain.plan import ItemPlan

    defaults = [ItemPlan(id=x.id, indicator=x.indicator, level=x.level, title=x.title) for x in fw.evidence_items]
    out = []
    for base in defaults + [i for i in plan.items if i.id not in {x.id for x in fw.evidence_items}]:
        own = given.get(base.id, base)
        ind, level, title = base.indicator or "", base.level or fw.scale.min, base.title or ""
        out.append(
            PlannedItem(
                base.id,
                ind,
                level,
                title,
                own.state,
                own.since,
                own.owner or plan.indicators[ind].lead,
                tuple(dict.fromkeys([*own.actions, *producers.get(base.id, [])])),
                tuple(own.evidence),
                own.note,
            )
        )
    return out


def item_targets(items: Iterable[PlannedItem]) -> dict[str, dict[str, int]]:
    """Action id -> indicator -> the highest level its items serve (the levels the action raises)."""
    out: dict[str, dict[str, int]] = {}
    for item in items:
        for action in item.actions:
            levels = out.setdefault(action, {})
            levels[item.indicator] = max(levels.get(item.indicator, 0), item.level)
    return out
