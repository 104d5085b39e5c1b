"""The overseer's view (a province or a ministry hosting many instansi): every instansi's figures, read-only, as a
league ranked by index, then projected index, then fewest index points at risk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sqlalchemy import Engine

from spbe_actions.adapters import formats
from spbe_actions.adapters.render import render
from spbe_actions.app.deployments import installation, slug
from spbe_actions.app.overview import Overview, build_all
from spbe_actions.domain.i18n import t


@dataclass(frozen=True)
class InstansiRow:
    code: str
    name: str
    framework: str
    index: Decimal
    predicate: str
    projected: Decimal
    projected_predicate: str
    at_risk: Fraction
    late: int
    still_open: int
    on_time_rate: Fraction | None

    @property
    def at_risk_text(self) -> str:
        return formats.points(self.at_risk)

    @property
    def on_time_text(self) -> str:
        return "—" if self.on_time_rate is None else formats.percent(self.on_time_rate)


@dataclass(frozen=True)
class League:
    installation: str
    today: dt.date
    rows: list[InstansiRow]


def _row(ov: Overview) -> InstansiRow:
    return InstansiRow(
        ov.code,
        ov.instansi,
        ov.framework,
        ov.current.value,
        ov.current.predicate,
        ov.projected.value,
        ov.projected.predicate,
        ov.at_risk,
        ov.late_count,
        ov.still_open,
        ov.on_time_rate,
    )


def league(engine: Engine, now: dt.datetime) -> League:
    """Every instansi of the database, best index first (ties: projected index, then fewer points at risk)."""
    overviews = build_all(engine, now)  # one statement per figure for every instansi
    rows = sorted((_row(ov) for ov in overviews), key=lambda r: (-r.index, -r.projected, r.at_risk, r.code))
    today = min(ov.today for ov in overviews)
    return League(installation([ov.code for ov in overviews]), today, rows)


def league_columns() -> tuple[str, ...]:
    """The league table's column names in the user's language (the artifact's keys)."""
    return tuple(t("ov_columns").split("|"))


def league_rows(lg: League) -> list[dict[str, object]]:
    """The table artifact: one row per instansi, in league order; figures in the reader's number format."""
    return [
        dict(
            zip(
                league_columns(),
                (
                    r.name,
                    r.code,
                    formats.index_value(r.index),
                    r.predicate,
                    formats.index_value(r.projected),
                    r.at_risk_text,
                    r.late,
                    r.still_open,
                    r.on_time_text,
                ),
                strict=True,
            )
        )
        for r in lg.rows
    ]


def write_league(lg: League, out_dir: Path, language: str | None = None) -> Path:
    """The overseer's self-contained HTML league, ``laporan-pengawas-<installation>-<date>.html``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"laporan-pengawas-{slug(lg.installation)}-{lg.today.isoformat()}.html"
    path.write_text(render("overseer.html.j2", language, lg=lg), encoding="utf-8")
    return path
