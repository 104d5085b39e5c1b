"""The report's charts as self-contained SVG data URIs (matplotlib, no pyplot, no GUI, deterministic output).

Figures are built with ``matplotlib.figure.Figure`` directly: no global pyplot state to leak or close, and no
interactive backend is ever chosen. Text is drawn as paths (no font needed by the reader) and the SVG ids are
salted with a constant, so the same figures always give the same bytes. Float conversion happens here only,
for drawing; every number printed on a chart comes from the exact Decimal figures.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

os.environ.setdefault("MPLBACKEND", "Agg")  # in case anything in the process reaches for pyplot

import matplotlib  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from spbe_actions.adapters import config  # noqa: E402
from spbe_actions.adapters.formats import index_value  # noqa: E402
from spbe_actions.app.overview import Overview  # noqa: E402
from spbe_actions.domain.calendar import BULAN, MONTHS_EN  # noqa: E402
from spbe_actions.domain.framework import Framework  # noqa: E402
from spbe_actions.domain.history import HistoryPoint, breaks, segments  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "spbe-actions-report",
    "svg.fonttype": "path",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9aa5b1",
    "axes.labelcolor": "#1b1f24",
    "xtick.color": "#4b5563",
    "ytick.color": "#4b5563",
    "legend.frameon": False,
}
CURRENT, PROJECTED, TARGET, HISTORY, RISK = "#1d4ed8", "#15803d", "#6b7280", "#1b1f24", "#b42318"
HISTORY_COLOURS = (HISTORY, "#7c3aed")  # one per instrument, alternating
BAND_COLOURS = ["#fde2e1", "#fdebd3", "#fef6c8", "#e4f4e0", "#d2eee2", "#c5e8d8"]  # lowest band first

LABELS = {
    "id": {
        "published": "Indeks terpublikasi",
        "current": "Sekarang",
        "projected": "Proyeksi",
        "projected_long": "Proyeksi (semua aksi selesai)",
        "target": "Target rencana",
        "index_any": "Indeks (menurut instrumen tahun itu)",
        "break": "instrumen berganti mulai {year}: {name}",
        "at_risk": "Poin berisiko",
        "history_alt": "Riwayat {index} {instansi}: {points}. Pita latar menandai predikat tiap instrumen.",
        "groups_alt": "Indeks per {kind} sekarang dan target: {points}.",
        "trend_alt": "Tren mingguan: indeks sekarang, proyeksi dan poin indeks berisiko, {points}.",
        "domain": "domain",
        "aspect": "aspek",
    },
    "en": {
        "published": "Published index",
        "current": "Now",
        "projected": "Projected",
        "projected_long": "Projected (all actions done)",
        "target": "Plan target",
        "index_any": "Index (by that year's instrument)",
        "break": "the instrument changes from {year}: {name}",
        "at_risk": "Points at risk",
        "history_alt": "{index} history of {instansi}: {points}. Background bands mark each instrument's predikat.",
        "groups_alt": "Index per {kind}, now and target: {points}.",
        "trend_alt": "Weekly trend: index now, projected and index points at risk, {points}.",
        "domain": "domain",
        "aspect": "aspect",
    },
}


@dataclass(frozen=True)
class Chart:
    id: str  # the element id in the HTML report
    alt: str  # alt text: what the chart shows, with its figures
    uri: str  # data:image/svg+xml;base64,...
    width: int  # intrinsic size in CSS pixels
    height: int


def _svg(fig: Figure) -> tuple[str, int, int]:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    raw = buf.getvalue()
    svg = raw[raw.index("<svg") :]  # drop the XML prolog and DOCTYPE
    w_in, h_in = fig.get_size_inches()
    return svg, round(w_in * 96), round(h_in * 96)  # CSS pixels


def _chart(chart_id: str, alt: str, fig: Figure) -> Chart:
    svg, width, height = _svg(fig)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Chart(chart_id, alt, uri, width, height)


def _shade_bands(
    ax: Axes, fw: Framework, span: tuple[float, float] | None = None, last: bool = True, language: str = "id"
) -> None:
    """Shade each predicate band of ``fw`` (over the years in ``span``, or the whole width) and name it: at the
    right edge for the whole width, inside the span otherwise (at its right end for an earlier instrument,
    where the break leaves room, at its left end for the last one)."""
    for i, band in enumerate(sorted(fw.bands, key=lambda b: b.min)):
        lo, hi = float(band.min), float(band.max)
        colour = BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)]
        if span is None:
            ax.axhspan(lo, hi, color=colour, zorder=0, lw=0)
            where, x, align = ax.get_yaxis_transform(), 1.0, "left"
        else:
            ax.fill_between(span, lo, hi, color=colour, zorder=0, lw=0)
            where = ax.transData
            x, align = (span[0] + 0.05, "left") if last else (span[1] - 0.08, "right")
        ax.text(
            x,
            (lo + hi) / 2,
            f" {band.named(language)}",
            transform=where,
            va="center",
            ha=align,
            fontsize=8,
            color="#4b5563",
        )


def _label(ax: Axes, x: int, value: Decimal, colour: str, below: bool = False) -> None:
    """Print the exact figure above (or below) its marker."""
    ax.annotate(
        str(value),
        (x, float(value)),
        xytext=(0, -15 if below else 8),
        textcoords="offset points",
        ha="center",
        fontsize=9,
        color=colour,
    )


def history_chart(ov: Overview, fw: Framework, language: str) -> Chart:
    """Published index per year, each year under its own instrument (its bands shaded over its years, a dashed
    line where the instrument changed), today's figure and the projected / target figures for the target year."""
    text = LABELS[language]
    fig = Figure(figsize=(6.4, 3.8), layout="constrained")
    ax = fig.add_subplot()
    cy, ty = ov.current_year, ov.target_year
    runs = segments(ov.history)
    shown = [p.year for p in ov.history]
    xs = sorted({*shown, cy, ty})
    changed = any(f != fw.id for f, _ in runs)
    if changed:
        _instrument_bands(ax, ov, fw, runs, (xs[0] - 0.5, xs[-1] + 0.5), language)
    else:
        _shade_bands(ax, fw, language=language)
    for i, (fid, run) in enumerate(runs):
        words = config.framework(fid).vocab(language)
        name = f"{text['published']} ({words.index_short})" if changed else text["published"]
        ax.plot(
            [p.year for p in run],
            [float(p.value) for p in run],
            "-o",
            color=HISTORY_COLOURS[i % 2],
            lw=2,
            ms=5,
            label=name,
        )
        for p in run:
            _label(ax, p.year, p.value, HISTORY_COLOURS[i % 2])
    now, proj, tgt = ov.current.value, ov.projected.value, ov.target.value
    ax.plot([cy, ty], [float(now), float(proj)], "--", color=PROJECTED, lw=1.5)
    ax.plot([cy], [float(now)], "o", ms=9, mfc="none", mec=CURRENT, mew=2, label=f"{text['current']} ({cy})")
    ax.plot([ty], [float(proj)], "o", ms=7, color=PROJECTED, label=f"{text['projected']} ({ty})")
    ax.plot([ty], [float(tgt)], "D", ms=6, color=TARGET, label=f"{text['target']} ({ty})")
    if {p.year: p.value for p in ov.history}.get(cy) != now:
        _label(ax, cy, now, CURRENT, below=True)
    _label(ax, ty, proj, PROJECTED, below=proj < tgt)  # the lower of the two under its marker
    if tgt != proj:
        _label(ax, ty, tgt, TARGET, below=tgt < proj)
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_xlim(xs[0] - 0.5, xs[-1] + 0.5)
    ax.set_ylim(float(fw.scale.min), float(fw.scale.max) + 0.15)
    ax.set_ylabel(fw.vocab(language).index_short if not changed else text["index_any"])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=9)
    return _chart("grafik-riwayat", _history_alt(ov, fw, runs, changed, language), fig)


def _instrument_bands(
    ax: Axes,
    ov: Overview,
    fw: Framework,
    runs: list[tuple[str, list[HistoryPoint]]],
    edges: tuple[float, float],
    language: str,
) -> None:
    """Each instrument's bands over its own years (the plan's from its first year to the right edge), named at
    the top of its region, and a dashed line at every change."""
    cuts = [(year, after) for year, _before, after in breaks(ov.history, fw.id, ov.current_year)]
    starts = [edges[0]] + [year - 0.5 for year, _ in cuts]
    owners = [runs[0][0]] + [after for _, after in cuts]
    top = float(fw.scale.max) + 0.1
    for i, (start, fid) in enumerate(zip(starts, owners, strict=True)):
        end = starts[i + 1] if i + 1 < len(starts) else edges[1]
        _shade_bands(ax, config.framework(fid), (start, end), last=i == len(starts) - 1, language=language)
        name = config.framework(fid).vocab(language).index_short
        ax.text(start + 0.05, top, name, fontsize=8, va="top", ha="left", color=HISTORY, fontweight="bold")
    for year, _after in cuts:
        ax.axvline(year - 0.5, color=HISTORY, lw=1.2, ls=(0, (4, 3)), zorder=3)


def _history_alt(
    ov: Overview, fw: Framework, runs: list[tuple[str, list[HistoryPoint]]], changed: bool, language: str
) -> str:
    """What the history chart shows, in words: each instrument's years, the change, now, projected, target."""
    text = LABELS[language]
    parts = []
    for fid, run in runs:
        figures = ", ".join(f"{p.year} {index_value(p.value, language)}" for p in run)
        parts.append(f"{config.framework(fid).vocab(language).index_short} {figures}" if changed else figures)
    if changed:
        parts += [
            text["break"].format(year=year, name=config.framework(after).vocab(language).index_short)
            for year, _b, after in breaks(ov.history, fw.id, ov.current_year)
        ]
    now, proj, tgt = (index_value(r.value, language) for r in (ov.current, ov.projected, ov.target))
    points = "; ".join(parts)
    points += (
        f"; {text['current'].lower()} {now}; {text['projected'].lower()} {proj}; {text['target'].lower()} {tgt}"
    )
    index = fw.vocab(language).index_short
    name = index[:1].lower() + index[1:] if language != "en" else index
    return text["history_alt"].format(index=name, instansi=ov.instansi, points=points)


def chart_groups(ov: Overview) -> tuple[str, list[tuple[str, str, Decimal, Decimal]]]:
    """The groups chart 2 compares: domains, or aspects for a framework without domains."""
    kind = "domain" if any(g.kind == "domain" for g in ov.current.groups) else "aspect"
    target = {g.id: g.value for g in ov.target.groups}
    return kind, [(g.id, g.name, g.value, target[g.id]) for g in ov.current.groups if g.kind == kind]


def groups_chart(ov: Overview, fw: Framework, language: str) -> Chart:
    """Each domain (or aspect) now and at the plan's target, as horizontal grouped bars."""
    text = LABELS[language]
    kind, rows = chart_groups(ov)
    fig = Figure(figsize=(6.4, 0.9 + 0.62 * len(rows)), layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(rows)))
    h = 0.38
    bars_now = ax.barh(
        [y - h / 2 for y in ys], [float(r[2]) for r in rows], h, color=CURRENT, label=text["current"]
    )
    bars_tgt = ax.barh(
        [y + h / 2 for y in ys], [float(r[3]) for r in rows], h, color="#93a3b8", label=text["target"]
    )
    for bars, values in ((bars_now, [r[2] for r in rows]), (bars_tgt, [r[3] for r in rows])):
        ax.bar_label(bars, labels=[str(v) for v in values], padding=3, fontsize=9)
    names = [textwrap.fill(f"{gid} {name}", 24) for gid, name, _, _ in rows]
    ax.set_yticks(ys, names, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, float(fw.scale.max) + 0.45)
    ax.set_xticks([x for x in range(int(fw.scale.max) + 1)])
    ax.grid(axis="x", color="#e5e7eb", lw=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=9)
    points = "; ".join(f"{gid} {name} {now} → {tgt}" for gid, name, now, tgt in rows)
    return _chart("grafik-domain", text["groups_alt"].format(kind=text[kind], points=points), fig)


def weekly(
    trend: Sequence[tuple[dt.date, Decimal, Decimal, Decimal]],
) -> list[tuple[dt.date, Decimal, Decimal, Decimal]]:
    """One point per ISO week: the week's latest daily snapshot."""
    last: dict[tuple[int, int], tuple[dt.date, Decimal, Decimal, Decimal]] = {}
    for row in sorted(trend):
        last[row[0].isocalendar()[:2]] = row
    return list(last.values())


def _day_label(day: dt.date, language: str) -> str:
    months = MONTHS_EN if language == "en" else BULAN
    return f"{day.day} {months[day.month - 1][:3]}"


def trend_chart(ov: Overview, language: str) -> Chart | None:
    """Weekly index now / projected (top) and index points at risk (bottom); None with fewer than 2 weeks."""
    points = weekly(ov.trend)
    if len(points) < 2:
        return None
    text = LABELS[language]
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    xs = list(range(len(points)))
    top.plot(xs, [float(p[1]) for p in points], "-o", color=CURRENT, ms=4, label=text["current"])
    top.plot(xs, [float(p[2]) for p in points], "--o", color=PROJECTED, ms=4, label=text["projected_long"])
    top.set_ylabel(ov.vocab(language).index_short)
    top.margins(y=0.35)
    top.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=9)
    bottom.bar(xs, [float(p[3]) for p in points], 0.6, color=RISK, label=text["at_risk"])
    bottom.set_ylabel(text["at_risk"])
    bottom.set_ylim(0, max(float(p[3]) for p in points) * 1.25 or 1)
    step = max(1, len(points) // 12)  # at most a dozen date labels
    bottom.set_xticks(xs[::step], [_day_label(p[0], language) for p in points[::step]], fontsize=9)
    for ax in (top, bottom):
        ax.grid(axis="y", color="#e5e7eb", lw=0.8)
        ax.set_axisbelow(True)
    first, last = points[0], points[-1]
    figures = f"{first[0].isoformat()} {first[1]} / {first[2]} / {first[3]}, {last[0].isoformat()} {last[1]} / {last[2]} / {last[3]}"
    return _chart("grafik-tren", text["trend_alt"].format(points=figures), fig)


def charts(ov: Overview, fw: Framework, language: str = "id") -> list[Chart]:
    """Every chart of the report, in order (the trend only once two weeks of snapshots exist)."""
    with matplotlib.rc_context(RC):
        out = [history_chart(ov, fw, language), groups_chart(ov, fw, language)]
        trend = trend_chart(ov, language)
    return out + ([trend] if trend else [])
