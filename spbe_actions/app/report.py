"""The coordinator's report: one self-contained HTML page (inline CSS, charts as inline SVG data) and an XLSX
workbook with the same tables, both from ``overview.build``. Figures stay exact (``Fraction``/``Decimal``) in
every table; the workbook also stores them as numbers so they can be sorted and summed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from spbe_actions.adapters import config, formats
from spbe_actions.adapters.render import environment
from spbe_actions.app.overview import Overview, build
from spbe_actions.app.report_tables import TEXT, Table, tables
from spbe_actions.domain.calendar import ZONE_ALIASES, to_zone
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.history import breaks
from spbe_actions.domain.i18n import lang

FORMATS = ("html", "xlsx")
LATE_SHOWN = 20  # late items listed in the HTML report (the workbook has them all)


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"html,xlsx"`` (or a sequence) -> ("html", "xlsx"); InputError naming the unknown ones."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = tuple(dict.fromkeys(i.strip().lower() for i in items if i.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        msg = TEXT[lang()]["bad_format"].format(bad=", ".join(bad) or "—", known=", ".join(FORMATS))
        raise InputError([Problem("--format", msg)])
    return wanted


def render_html(ov: Overview, fw: Framework, code: str, generated: dt.datetime, zone: str, language: str) -> str:
    """The self-contained HTML report."""
    from spbe_actions.app.report_charts import chart_groups, charts

    every = tables(ov, fw, code, language)
    league, late, expiring, groups, history = every[1:6]
    more = {t.sheet: t for t in every[6:]}
    sheets = TEXT[language]["more_sheets"]
    return (
        environment(language)
        .get_template("report.html.j2")
        .render(
            ov=ov,
            fw=fw,
            vocab=fw.vocab(language),
            note=fw.provisional_note(language),
            code=code,
            generated=generated,
            charts={c.id: c for c in charts(ov, fw, language)},
            group_kind=chart_groups(ov)[0],
            league=league,
            late=Table(late.sheet, late.columns[:-1], [r[:-1] for r in late.rows[:LATE_SHOWN]]),
            zone=zone,
            late_total=len(late.rows),
            expiring=expiring,
            groups=groups,
            history=history,
            changes=breaks(ov.history, fw.id, ov.current_year),
            items=more.get(sheets[1]),
            items_open=sum(len(s.open) for s in ov.items.values()),
            external=more.get(sheets[2]),
            on_time="—" if ov.on_time_rate is None else formats.percent(ov.on_time_rate, language),
        )
    )


def write_xlsx(path: Path, sheets: list[Table]) -> None:
    """One sheet per table: a bold header row, frozen below it, filters, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    default = wb.active
    assert default is not None  # a new workbook has one sheet, the active one
    wb.remove(default)
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1D4ED8")
    for table in sheets:
        ws = wb.create_sheet(table.sheet)
        ws.append(list(table.columns))
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in table.rows:
            ws.append([c.value for c in row])
            for cell, c in zip(ws[ws.max_row], row, strict=True):
                if c.fmt:
                    cell.number_format = c.fmt
        ws.freeze_panes = "B2"
        if table.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{ws.max_row}"
        for i, name in enumerate(table.columns, start=1):
            longest = max([len(name), *(len(r[i - 1].text) for r in table.rows)])
            ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)
    wb.save(path)


def report_stem(code: str, today: dt.date) -> str:
    """The report's file name (without suffix): a stable name that scripts and the weekly mail rely on."""
    slug = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-") or "instansi"
    return f"laporan-spbe-{slug}-{today.isoformat()}"


def write_report(
    engine: Engine,
    now: dt.datetime,
    out_dir: Path,
    formats: str | Iterable[str] = FORMATS,
    language: str | None = None,
    instansi: str | None = None,
) -> list[Path]:
    """Write ``laporan-spbe-<instansi>-<date>.html`` / ``.xlsx`` into ``out_dir``; returns the paths written."""
    wanted = parse_formats(formats)
    language = language or lang()
    ov = build(engine, now, instansi)
    code, zone = ov.code, ov.timezone
    zone_name = next((short for short, iana in ZONE_ALIASES.items() if zone in (short, iana)), zone)
    fw = config.framework(ov.framework)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_stem(code, ov.today)
    written = []
    for fmt in wanted:
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "html":
            path.write_text(
                render_html(ov, fw, code, now.astimezone(to_zone(zone)), zone_name, language), encoding="utf-8"
            )
        else:
            write_xlsx(path, tables(ov, fw, code, language))
        written.append(path)
    return written
