"""The report's tables (HTML and XLSX alike): every cell keeps the exact text people read and the value the
workbook stores, so the two never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from spbe_actions.adapters import config, formats
from spbe_actions.app.overview import Overview
from spbe_actions.domain.checklist import item_points
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import label
from spbe_actions.domain.index import IndexResult, Number, predicate

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
        "more_sheets": ("Riwayat", "Butir bukti dukung", "Nilai eksternal"),
        "history": ("Tahun", "Indeks", "Predikat", "Instrumen", "Peraturan"),
        "now": "{year} (sekarang)",
        "items": ("Indikator", "Tingkat", "Butir bukti dukung", "OPD", "Status", "Poin tertahan", "ID"),
        "external": ("Indikator", "Sumber", "Nilai", "Tanggal hasil", "Keterangan"),
        "awaited": "menunggu nilai eksternal",
        "extra_rows": (
            "Butir bukti dukung terbuka",
            "Poin indeks tertahan butir terbuka",
            "Menunggu nilai eksternal",
        ),
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
        "more_sheets": ("History", "Evidence items", "External values"),
        "history": ("Year", "Index", "Predicate", "Instrument", "Regulation"),
        "now": "{year} (now)",
        "items": ("Indicator", "Level", "Evidence item", "OPD", "State", "Points held back", "ID"),
        "external": ("Indicator", "Source", "Value", "Result date", "Note"),
        "awaited": "awaiting the external value",
        "extra_rows": ("Open evidence items", "Index points held back by open items", "Awaiting external values"),
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


# the report's language while ``tables`` builds it (the cell helpers below format for it)
_LANGUAGE: ContextVar[str | None] = ContextVar("report_language", default=None)


def count(value: int) -> Cell:
    return Cell(formats.count(value, _LANGUAGE.get()), value, "0", True)


def points(value: Fraction) -> Cell:
    """Index points: always three decimals, as in every message (0,015)."""
    return Cell(formats.points(value, _LANGUAGE.get()), float(value), "0.000", True)


def exact(value: Fraction, most: int = 10) -> str:
    return formats.exact(value, _LANGUAGE.get(), 2, most)


def index_cell(value: Decimal) -> Cell:
    return Cell(formats.index_value(value, _LANGUAGE.get()), float(value), "0.00", True)


def weight_cell(value: Number) -> Cell:
    return Cell(formats.index_value(value, _LANGUAGE.get()), float(value), "0.00", True)


def percent(value: Fraction | None) -> Cell:
    if value is None:
        return Cell("—", None, None, True)
    return Cell(formats.percent(value, _LANGUAGE.get()), float(value), "0%", True)


def day(value: dt.date) -> Cell:
    return Cell(formats.date(value, _LANGUAGE.get()), value, "yyyy-mm-dd", True)


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: Sequence[str]
    rows: list[list[Cell]]
    marks: Sequence[str] = ()  # a CSS class per row (HTML only)


def league_table(ov: Overview, text: dict[str, Any]) -> Table:
    rows = [
        [
            txt(r.group),
            count(r.due_so_far),
            count(r.on_time),
            percent(r.on_time_rate),
            count(r.late),
            count(r.still_open),
            count(r.waived),
            points(r.points_at_risk),
        ]
        for r in ov.opds
    ]
    return Table(text["sheets"][1], text["league"], rows)


def late_table(ov: Overview, text: dict[str, Any]) -> Table:
    rows = [
        [
            txt(v.row.opd_code),
            txt(v.row.title, wide=True),
            txt(v.row.period),
            day(v.row.due),
            count(v.late_days),
            points(v.points),
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
            weight_cell(g.weight),
            index_cell(g.value),
            index_cell(projected[g.id].value),
            index_cell(target[g.id].value),
        ]
        for g in ov.current.groups
    ]
    marks = ["kelompok" if g.kind == "domain" else "" for g in ov.current.groups]
    return Table(text["sheets"][4], text["groups"], rows, marks)


def summary_table(ov: Overview, fw: Framework, code: str, text: dict[str, Any], language: str) -> Table:
    """The key figures, each as a number, as its exact text and (where rounding happened) unrounded."""
    label = text["rows"]

    def row(name: str, value: Cell, exact: str = "", note: str = "") -> list[Cell]:
        return [txt(name), value, txt(value.text if value.value is not None else ""), txt(exact), txt(note)]

    def idx(name: str, year: int, r: IndexResult) -> list[Cell]:
        return row(f"{name} ({year})", index_cell(r.value), exact(r.exact), r.predicate)

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
        row(label[7], points(ov.at_risk), exact(ov.at_risk)),
        row(label[8], percent(rate), "" if rate is None else f"{on_time}/{base}"),
        *(row(label[9 + i], count(n)) for i, n in enumerate(counts)),
        row(label[12], count(len(ov.expiring))),
        row(label[13], day(ov.next_evaluation)),
    ]
    rows[3] = row(label[3], txt(fw.name), note=" — ".join(filter(None, [fw.id, fw.provisional_note(language)])))
    extra = text["extra_rows"]
    if ov.items:
        still = sum(len(s.open) for s in ov.items.values())
        rows += [
            row(extra[0], count(still)),
            row(extra[1], points(ov.items_open), exact(ov.items_open)),
        ]
    if fw.external:
        rows.append(row(extra[2], count(len(ov.awaited)), note=", ".join(ov.awaited)))
    return Table(text["sheets"][0], text["summary"], rows)


def history_table(ov: Overview, fw: Framework, text: dict[str, Any], language: str) -> Table:
    """Each published year under its own instrument (name, predikat by that instrument's bands), then the plan's
    year now; the first row under a new instrument is marked ``putus`` (the break)."""
    rows, marks, before = [], [], None
    points: list[tuple[str, Decimal, Framework, str | None]] = [
        (str(p.year), p.value, config.framework(p.framework), None) for p in ov.history
    ]
    if ov.current_year not in {p.year for p in ov.history}:
        points.append((text["now"].format(year=ov.current_year), ov.current.value, fw, ov.current.predicate))
    for year, value, year_fw, named in points:
        words = year_fw.vocab(language)
        rows.append(
            [
                txt(year),
                index_cell(value),
                txt(named or predicate(year_fw, Fraction(value), language=language)),
                txt(words.index_short),
                txt(year_fw.vocabulary.regulation),
            ]
        )
        marks.append(
            " ".join(
                c for c in ("putus" if before not in (None, year_fw.id) else "", "sekarang" if named else "") if c
            )
        )
        before = year_fw.id
    return Table(text["more_sheets"][0], text["history"], rows, marks)


def items_table(ov: Overview, fw: Framework, text: dict[str, Any], language: str) -> Table:
    """The open evidence items, most index points held back first."""
    lines = [(item_points(fw, s, i), s, i) for s in ov.items.values() for i in s.open]
    lines.sort(key=lambda x: (-x[0], x[2].indicator.zfill(4), x[2].level, x[2].key))
    rows = [
        [
            txt(formats.indicator(fw, i.indicator, language), wide=True),
            txt(f"{i.level} {fw.level_name(i.indicator, i.level, language)}"),
            txt(i.title, wide=True),
            txt(i.owner or "—"),
            txt(label("item_state", i.state, language)),
            points(p),
            txt(i.key),
        ]
        for p, _s, i in lines
    ]
    return Table(
        text["more_sheets"][1], text["items"], rows, ["revisi" if i.state == "revisi" else "" for _, _, i in lines]
    )


def external_table(ov: Overview, fw: Framework, text: dict[str, Any], language: str) -> Table:
    """Every external indicator: its source and the value entered, or that it is awaited."""
    rows = []
    for ind, ext in fw.external.items():
        got = ov.external.get(ind)
        value = Cell(got.value, float(Decimal(got.value)), "0.00##", True) if got else Cell("—", None, None, True)
        when = day(got.measured_on) if got else Cell("—", None, None, True)
        note = got.source if got else text["awaited"]
        rows.append(
            [
                txt(formats.indicator(fw, ind, language), wide=True),
                txt(f"{ext.source}: {ext.measure}", wide=True),
                value,
                when,
                txt(note, wide=True),
            ]
        )
    return Table(
        text["more_sheets"][2],
        text["external"],
        rows,
        ["" if ov.external.get(i) else "menunggu" for i in fw.external],
    )


def tables(ov: Overview, fw: Framework, code: str, language: str) -> list[Table]:
    """Every table of the report, in sheet order: the five of every report, the history, then the evidence
    items and the external values where the framework or the plan has them."""
    text = TEXT[language]
    token = _LANGUAGE.set(language)
    try:
        return _tables(ov, fw, code, language, text)
    finally:
        _LANGUAGE.reset(token)


def _tables(ov: Overview, fw: Framework, code: str, language: str, text: dict[str, Any]) -> list[Table]:
    out = [
        summary_table(ov, fw, code, text, language),
        league_table(ov, text),
        late_table(ov, text),
        expiring_table(ov, text),
        groups_table(ov, text),
        history_table(ov, fw, text, language),
    ]
    if ov.items:
        out.append(items_table(ov, fw, text, language))
    if fw.external:
        out.append(external_table(ov, fw, text, language))
    return out
