"""The evaluation bundle's layout (pure): which verified file goes where, under which name, and what is missing.

One folder per indicator, and per level where the framework lists evidence items for it
(``<indicator>/level-<n>/``). Files are named ``<indicator>-<level>-<OPD>-<effective date>-<title>.<ext>``;
the same name twice gets ``-2``, ``-3``... The order is fixed by the data alone, so the same data gives the same
bundle. Missing: an item with no verified file, or work of the year verified for nobody; expiring: a file whose
expiry falls before the evaluation date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """A file of the latest verified submission of one piece of work, with what that work serves."""

    action: str  # the action's title
    opd: str  # OPD code
    period: str
    targets: tuple[tuple[str, int], ...]  # (indicator, level) the action raises
    items: tuple[tuple[str, int, str], ...]  # (indicator, level, item title) the action produces
    title: str
    suffix: str
    sha256: str
    size: int
    effective: dt.date
    expires: dt.date | None
    verifier: str
    file_id: int
    url: str = ""  # evidence recorded as a link: no file, a .url shortcut in the bundle


@dataclass(frozen=True)
class Entry:
    """One file in the bundle: its path, and the columns of the register."""

    path: str
    indicator: str
    level: int
    item: str
    source: Source
    expiring: bool


@dataclass(frozen=True)
class Gap:
    indicator: str
    level: int | None
    item: str
    opd: str
    what: str


@dataclass
class Layout:
    entries: list[Entry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


def slug(text: str, limit: int = 60) -> str:
    """ASCII letters, digits and dashes only (a name every unzip tool and the national portal accept)."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    flat = re.sub(r"[^A-Za-z0-9]+", "-", flat).strip("-")
    return flat[:limit].rstrip("-") or "bukti"


def _indicator_key(indicator: str) -> tuple[int, str]:
    return (int(indicator), "") if indicator.isdigit() else (10**6, indicator)


def _places(src: Source, levels_with_items: set[tuple[str, int]]) -> list[tuple[str, int, str]]:
    """(indicator, level, item) places of one source: its items, else its targets."""
    if src.items:
        return sorted(set(src.items), key=lambda p: (_indicator_key(p[0]), p[1], p[2]))
    out = []
    for ind, level in src.targets:
        out.append((ind, level, ""))
    return sorted(set(out), key=lambda p: (_indicator_key(p[0]), p[1]))


def layout(
    sources: Iterable[Source],
    items: Sequence[tuple[str, int, str, str]],  # every listed item: (indicator, level, title, owner OPD)
    unverified: Iterable[
        tuple[str, str, tuple[tuple[str, int], ...]]
    ],  # (action, OPD, targets) with nothing verified
    evaluation: dt.date,
) -> Layout:
    """Where every file goes, and the gaps (missing, expiring before ``evaluation``)."""
    by_level = {(ind, lv) for ind, lv, _, _ in items}
    out, used = Layout(), set[str]()
    ordered = sorted(sources, key=lambda s: (s.opd, s.action, s.period, s.title, s.sha256, s.file_id))
    covered: set[tuple[str, int, str]] = set()
    for src in ordered:
        for ind, level, item in _places(src, by_level):
            folder = f"{slug(ind)}/level-{level}" if (ind, level) in by_level else slug(ind)
            stem = f"{slug(ind)}-{level}-{slug(src.opd)}-{src.effective.isoformat()}-{slug(src.title)}"
            path, n = f"{folder}/{stem}.{src.suffix}", 2
            while path in used:
                path, n = f"{folder}/{stem}-{n}.{src.suffix}", n + 1
            used.add(path)
            expiring = src.expires is not None and src.expires < evaluation
            out.entries.append(Entry(path, ind, level, item, src, expiring))
            covered.add((ind, level, item))
            if expiring:
                what = f"kedaluwarsa {src.expires.isoformat() if src.expires else ''} sebelum evaluasi"
                out.gaps.append(Gap(ind, level, item or src.action, src.opd, f"{src.title}: {what}"))
    for ind, level, title, owner in items:
        if (ind, level, title) not in covered:
            out.gaps.append(Gap(ind, level, title, owner, "belum ada berkas bukti terverifikasi"))
    for action, opd, targets in unverified:
        for ind, level in targets:
            out.gaps.append(Gap(ind, level, action, opd, "pekerjaan tahun ini belum terverifikasi"))
    out.entries.sort(key=lambda e: (_indicator_key(e.indicator), e.level, e.path))
    out.gaps.sort(key=lambda g: (_indicator_key(g.indicator), g.level or 0, g.item, g.opd, g.what))
    return out
