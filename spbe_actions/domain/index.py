"""Exact index arithmetic (SPBE, Indeks Pemdi) (pure): weighted means over the framework tree, half-up rounding, predikat.

Regulation: aspect = sum(level * w) / w_aspect; domain = sum(aspect * w_aspect) / w_domain;
index = sum(level * w) / 100. Published figures are rounded half-up to 2 decimals from the *unrounded*
value. Everything here is ``Fraction``; rounding happens once, at the edge, with ``round_half_up``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from spbe_actions.domain.framework import Framework, PredicateBasis

Number = int | Decimal | Fraction


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> Fraction:
    """sum(value * weight) / sum(weight), exactly."""
    num, den = Fraction(0), Fraction(0)
    for value, weight in pairs:
        num += Fraction(value) * Fraction(weight)
        den += Fraction(weight)
    if den == 0:
        raise ValueError("weights sum to zero")
    return num / den


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact value half-up (4.765 -> 4.77; 4.315 -> 4.32), never through a float."""
    scale = 10**places
    scaled = value * scale
    sign = -1 if scaled < 0 else 1
    q = (abs(scaled) * 2 + 1) // 2  # floor(|x| + 1/2)
    return (Decimal(sign * int(q)) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def exact_str(value: Fraction, min_places: int = 2, max_places: int = 10) -> str:
    """The exact decimal expansion of ``value`` (at least ``min_places``), cut at ``max_places`` if it recurs."""
    for places in range(min_places, max_places + 1):
        if (value * 10**places).denominator == 1:
            return str(round_half_up(value, places))
    return str(round_half_up(value, max_places))


def predicate(
    fw: Framework, exact: Fraction, basis: PredicateBasis | None = None, language: str | None = None
) -> str:
    """The predikat band of an index in ``language`` (default: the user's); ``basis`` 'rounded' reads it from
    the published (rounded) figure."""
    basis = basis or fw.predicate_basis
    value = Fraction(round_half_up(exact, fw.decimals)) if basis == "rounded" else exact
    for band in sorted(fw.bands, key=lambda b: b.min, reverse=True):
        if value >= Fraction(band.min):
            return band.named(language)
    return sorted(fw.bands, key=lambda b: b.min)[0].named(language)


@dataclass(frozen=True)
class GroupScore:
    id: str
    kind: str
    name: str
    weight: Decimal
    exact: Fraction
    value: Decimal


@dataclass(frozen=True)
class IndexResult:
    framework: str
    exact: Fraction
    value: Decimal
    predicate: str
    groups: tuple[GroupScore, ...]

    def by_kind(self, kind: str) -> dict[str, str]:
        return {g.id: str(g.value) for g in self.groups if g.kind == kind}

    def to_json(self) -> dict[str, object]:
        """The stable CLI JSON shape: decimals as strings with 2 places, ``index_exact`` unrounded."""
        return {
            "framework": self.framework,
            "index": str(self.value),
            "index_exact": exact_str(self.exact),
            "predicate": self.predicate,
            "domains": self.by_kind("domain"),
            "aspects": self.by_kind("aspect"),
        }


def compute(fw: Framework, levels: Mapping[str, Number], basis: PredicateBasis | None = None) -> IndexResult:
    """Index, every group's index and the predikat from a level for each indicator of ``fw``."""
    missing = [i for i in fw.indicators if i not in levels]
    if missing:
        raise ValueError(f"levels missing for indicators {', '.join(missing)}")
    groups = []
    for gid, (group, leaves) in fw.groups.items():
        exact = weighted_mean((levels[n.id], n.weight) for n in leaves)
        groups.append(
            GroupScore(gid, group.kind, group.name, group.weight, exact, round_half_up(exact, fw.decimals))
        )
    total = sum((Fraction(levels[i]) * Fraction(n.weight) for i, n in fw.indicators.items()), Fraction(0))
    exact = total / Fraction(fw.total_weight)
    return IndexResult(fw.id, exact, round_half_up(exact, fw.decimals), predicate(fw, exact, basis), tuple(groups))


def projected(
    fw: Framework, current: Mapping[str, Number], target: Mapping[str, Number], basis: PredicateBasis | None = None
) -> IndexResult:
    """The index once every target level is reached (indicators without a target keep their level)."""
    return compute(fw, {i: target.get(i, lvl) for i, lvl in current.items()}, basis)


def points_per_level(fw: Framework, indicator: str) -> Fraction:
    """Index points one level of ``indicator`` is worth: weight / total weight (1.30% -> 0.013)."""
    return Fraction(fw.indicators[indicator].weight) / Fraction(fw.total_weight)


def points_gain(fw: Framework, indicator: str, from_level: int, to_level: int) -> Fraction:
    """Index points gained by moving ``indicator`` from one level to another (negative if it drops)."""
    return points_per_level(fw, indicator) * (to_level - from_level)


def points_at_stake(fw: Framework, targets: Iterable[tuple[str, int]], current: Mapping[str, Number]) -> Fraction:
    """Index points an action's work carries: the levels it raises, at least one level per indicator it keeps.

    Work that only keeps a level (fresh evidence, a renewed policy) still protects that level, so it counts
    as one level at stake rather than zero.
    """
    return sum(
        (
            points_per_level(fw, ind) * max(Fraction(level) - Fraction(current.get(ind, level)), Fraction(1))
            for ind, level in targets
        ),
        Fraction(0),
    )


def points_str(value: Fraction | int) -> str:
    """Index points for people, exactly: 0.015, 0.0275, 0 (weights have 2 decimals, so 4 places always suffice)."""
    return exact_str(Fraction(value), 0, 4)


def percent_str(share: Fraction) -> str:
    """A share as a whole percentage, rounded half-up: 2/3 -> '67%'."""
    return f"{round_half_up(share * 100, 0)}%"
