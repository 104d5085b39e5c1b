"""The coordinator's report: one self-contained HTML page (inline CSS, charts as inline SVG data) and an XLSX
workbook with the same tables, both from ``overview.build``. Figures stay exact (``Fraction``/``Decimal``) in
every table; the workbook also stores them as numbers so they can be sorted and summed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from spbe_actions.adapters import config
from spbe_actions.adapters.render import environment
from spbe_actions.app.overview import Overview, build
from spbe_actions.domain.calendar import ZONE_ALIASES, to_zone
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import lang
from spbe_actions.domain.index import IndexResult, exact_str, round_half_up

FORMATS = ("html", "xlsx")
LATE_SHOWN = 20  # late items listed in the HTML report (the workbook has them all)

TEXT: dict[str, dict[str, Any]] = {
    "id": {
        "sheets": ("Ringkasan", "Liga OPD", "Terlambat", "Bukti kedaluwarsa", "Domain"),
        "summary": ("Ukuran", "Nilai", "Teks", "Nilai tepat (belum dibulatkan)", "Keterangan"),
        "league": (
            "OPD",
            "Jatuh tempo s.d. kini",
            "Tepat waktu",
            "% tepat waktu",
            "Terlambat",
            "Belum selesai",
            "Dibebaskan",
            "Poin berisiko",
        ),
        "late": ("OPD", "Aksi", "Periode", "Tenggat", "Hari terlambat", "Poin", "ID"),
        "expiring": ("OPD / register", "Untuk", "Bukti dukung", "Kedaluwarsa"),
        "groups": ("ID", "Nama", "Jenis", "Bobot", "Sekarang", "Proyeksi", "Target"),
        "register": "register",
        "kind": {"domain": "domain", "aspect": "aspek"},
        "rows": (
            "Instansi",
            "Kode",
            "Tanggal",
            "Kerangka",
            "Indeks sekarang",
            "Proyeksi bila semua aksi selesai",
            "Target rencana",
            "Poin indeks berisiko",
            "Tepat waktu",
            "Belum selesai",
            "Terlambat",
            "Dibebaskan",
            "Bukti kedaluwarsa sebelum evaluasi",
            "Evaluasi berikutnya",
        ),
        "bad_format": "format tidak dikenal: {bad}; pilih dari {known} (pisahkan dengan koma)",
    },
    "en": {
        "sheets": ("Summary", "OPD league", "Late", "Expiring evidence", "Domains"),
        "summary": ("Figure", "Value", "Text", "Exact value (unrounded)", "Note"),
        "league": ("OPD", "Due so far", "On time", "% on time", "Late", "Open", "Waived", "Points at risk"),
        "late": ("OPD", "Action", "Period", "Due", "Days late", "Points", "ID"),
        "expiring": ("OPD / register", "For", "Evidence", "Expires"),
        "groups": ("ID", "Name", "Kind", "Weight", "Now", "Projected", "Target"),
        "register": "register",
        "kind": {"domain": "domain", "aspect": "aspect"},
        "rows": (
            "Instansi",
            "Code",
            "Date",
            "Framework",
            "Index now",
            "Projected, all actions done",
            "Plan target",
            "Index points at risk",
            "On time",
            "Open",
            "Late",
            "Waived",
            "Evidence expiring before the evaluation",
            "Next evaluation",
        ),
        "bad_format": "unknown format: {bad}; choose from {known} (comma-separated)",
    },
}


@dataclass(frozen=True)
class Cell:
    """One table cell: the exact text the HTML shows and the value (and number format) the workbook stores."""

    text: str
    value: object
    fmt: str | None = None
    num: bool = False  # right-aligned
    wide: bool = False  # long text that may wrap


def txt(value: str, wide: bool = False) -> Cell:
    return Cell(value, value, wide=wide)


def count(value: int) -> Cell:
    return Cell(str(value), value, "0", True)


def places(values: Iterable[Fraction], least: int = 2, most: int = 4) -> int:
    """Decimal places that show every value of a column exactly (so the column's points line up)."""
    return max((len(exact_str(v, least, most).partition(".")[2]) for v in values), default=least)


def points(value: Fraction, digits: int = 2) -> Cell:
    return Cell(exact_str(value, digits, max(digits, 4)), float(value), "0.00##", True)


def index_cell(value: Decimal) -> Cell:
    return Cell(str(value), float(value), "0.00", True)


def percent(value: Fraction | None) -> Cell:
    if value is None:
        return Cell("—", None, None, True)
    return Cell(f"{round_half_up(value * 100, 1)}%", float(value), "0.0%", True)


def day(value: dt.date) -> Cell:
    return Cell(value.isoformat(), value, "yyyy-mm-dd", True)


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: Sequence[str]
    rows: list[list[Cell]]
    marks: Sequence[str] = ()  # a CSS class per row (HTML only)


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"html,xlsx"`` (or a sequence) -> ("html", "xlsx"); InputError naming the unknown ones."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = tuple(dict.fromkeys(i.strip().lower() for i in items if i.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        msg = TEXT[lang()]["bad_format"].format(bad=", ".join(bad) or "(kosong)", known=", ".join(FORMATS))
        raise InputError([Problem("--format", msg)])
    return wanted


def league_table(ov: Overview, text: dict[str, Any]) -> Table:
    digits = places(r.points_at_risk for r in ov.opds)
    rows = [
        [
            txt(r.group),
            count(r.due_so_far),
            count(r.on_time),
            percent(r.on_time_rate),
            count(r.late),
            count(r.still_open),
            count(r.waived),
            points(r.points_at_risk, digits),
        ]
        for r in ov.opds
    ]
    return Table(text["sheets"][1], text["league"], rows)


def late_table(ov: Overview, text: dict[str, Any]) -> Table:
    digits = places(v.points for v in ov.late)
    rows = [
        [
            txt(v.row.opd_code),
            txt(v.row.title, wide=True),
            txt(v.row.period),
            day(v.row.due),
            count(v.late_days),
            points(v.points, digits),
            count(v.row.id),
        ]
        for v in ov.late
    ]
    return Table(text["sheets"][2], text["late"], rows)


def expiring_table(ov: Overview, text: dict[str, Any]) -> Table:
    rows = [
        [txt(e.opd or text["register"]), txt(e.subject, wide=True), txt(e.title, wide=True), day(e.expires)]
        for e in ov.expiring
    ]
    return Table(text["sheets"][3], text["expiring"], rows)


def groups_table(ov: Overview, text: dict[str, Any]) -> Table:
    projected = {g.id: g for g in ov.projected.groups}
    target = {g.id: g for g in ov.target.groups}
    rows = [
        [
            txt(g.id),
            txt(g.name, wide=True),
            txt(text["kind"].get(g.kind, g.kind)),
            Cell(str(g.weight), float(g.weight), "0.00", True),
            index_cell(g.value),
            index_cell(projected[g.id].value),
            index_cell(target[g.id].value),
        ]
        for g in ov.current.groups
    ]
    marks = ["kelompok" if g.kind == "domain" else "" for g in ov.current.groups]
    return Table(text["sheets"][4], text["groups"], rows, marks)


def summary_table(ov: Overview, fw: Framework, code: str, text: dict[str, Any]) -> Table:
    """The key figures, each as a number, as its exact text and (where rounding happened) unrounded."""
    label = text["rows"]

    def row(name: str, value: Cell, exact: str = "", note: str = "") -> list[Cell]:
        return [txt(name), value, txt(value.text if value.value is not None else ""), txt(exact), txt(note)]

    def idx(name: str, year: int, r: IndexResult) -> list[Cell]:
        return row(f"{name} ({year})", index_cell(r.value), exact_str(r.exact), r.predicate)

    rate = ov.on_time_rate  # on time / (due so far - waived), unreduced in the text: "22/39"
    on_time, base = sum(r.on_time for r in ov.opds), sum(r.due_so_far - r.waived for r in ov.opds)
    counts = [ov.still_open, ov.late_count, ov.waived]
    rows = [
        row(label[0], txt(ov.instansi)),
        row(label[1], txt(code)),
        row(label[2], day(ov.today)),
        row(label[3], txt(fw.name), note=fw.id),
        idx(label[4], ov.current_year, ov.current),
        idx(label[5], ov.target_year, ov.projected),
        idx(label[6], ov.target_year, ov.target),
        row(label[7], points(ov.at_risk), exact_str(ov.at_risk, 2, 10)),
        row(label[8], percent(rate), "" if rate is None else f"{on_time}/{base}"),
        *(row(label[9 + i], count(n)) for i, n in enumerate(counts)),
        row(label[12], count(len(ov.expiring))),
        row(label[13], day(ov.next_evaluation)),
    ]
    return Table(text["sheets"][0], text["summary"], rows)


def tables(ov: Overview, fw: Framework, code: str, language: str) -> list[Table]:
    """Every table of the report, in sheet order."""
    text = TEXT[language]
    return [
        summary_table(ov, fw, code, text),
        league_table(ov, text),
        late_table(ov, text),
        expiring_table(ov, text),
        groups_table(ov, text),
    ]


def render_html(ov: Overview, fw: Framework, code: str, generated: dt.datetime, zone: str, language: str) -> str:
    """The self-contained HTML report."""
    from spbe_actions.app.report_charts import chart_groups, charts

    league, late, expiring, groups = tables(ov, fw, code, language)[1:]
    return (
        environment(language)
        .get_template("report.html.j2")
        .render(
            ov=ov,
            fw=fw,
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
            exact_str=exact_str,
            on_time=percent(ov.on_time_rate).text,
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
