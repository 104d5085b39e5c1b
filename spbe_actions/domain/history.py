"""The published index over the years, each year under its own instrument (pure).

An instansi's history may span instruments (the SPBE years under PermenPANRB 59/2020, then the Indeks Pemdi):
each point names its framework, and a run of consecutive years under one framework is a segment. Charts and
tables draw each segment with its own name and bands and mark the break between segments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    value: Decimal
    framework: str  # the id of the framework that year was evaluated under


def segments(points: Iterable[HistoryPoint]) -> list[tuple[str, list[HistoryPoint]]]:
    """Runs of consecutive points (by year) under the same framework, oldest first."""
    out: list[tuple[str, list[HistoryPoint]]] = []
    for p in sorted(points, key=lambda p: p.year):
        if out and out[-1][0] == p.framework:
            out[-1][1].append(p)
        else:
            out.append((p.framework, [p]))
    return out


def breaks(points: Iterable[HistoryPoint], current: str, current_year: int) -> list[tuple[int, str, str]]:
    """Where the instrument changes, as (first year under the new one, old framework, new framework); the
    plan's own years (``current_year`` on, under ``current``) continue the last segment."""
    runs = segments([*points, HistoryPoint(current_year, Decimal(0), current)])
    return [(run[0].year, before, after) for (before, _), (after, run) in zip(runs, runs[1:], strict=False)]
