"""The XLSX round trip of open work on SQLite and PostgreSQL: export, fill in, import all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from spbe_actions import store
from spbe_actions.app.common import open_engine, require_instansi
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.spreadsheet import COLUMNS, export_tasks, import_tasks, read_import
from spbe_actions.app.tracking import EvidenceInput, Request, act, resolve_actor
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.i18n import label
from spbe_actions.domain.lifecycle import STILL_OPEN
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.support.plans import small_plan
from tests.support.tracking import step

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 2025-01-06 08:00 WIB
LATER = dt.datetime(2025, 1, 8, 2, 0, tzinfo=dt.UTC)
HEADERS = [name for name, _ in COLUMNS]
URL = "https://drive.example.go.id/bukti/laporan.pdf"

# a weekday check owned by Kominfo alone: ~220 occurrences in 2025, enough for a 200-row import
DAILY = {
    "id": "cek-cadangan",
    "title": "Pemeriksaan cadangan data harian",
    "domain": "infosec",
    "raises": [{"indicator": "22", "level": 3}],
    "owners": ["KOMINFO"],
    "recurrence": {
        "kind": "rrule",
        "rrule": "DTSTART:20250106T000000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "window_days": 7,
    },
    "evidence": ["Log pencadangan"],
}


@pytest.fixture
def engine(db_url, plan_file):
    """Kota Uji with the quarterly risk report (both OPDs) and Kominfo's weekday check through 2025."""
    data = small_plan()
    data["actions"].append(DAILY)
    init_database(plan_file(data), NOW, url=db_url)
    eng = open_engine(db_url)
    schedule_domain(eng, "risk", NOW, until=dt.date(2025, 4, 30))
    schedule_domain(eng, "infosec", NOW, until=dt.date(2025, 12, 31))
    yield eng
    eng.dispose()


def open_ids(engine, opd: str) -> list[int]:
    o = m.Occurrence
    stmt = (
        select(o.id)
        .join(m.Opd, m.Opd.id == o.opd_id)
        .where(m.Opd.code == opd, o.status.in_(sorted(STILL_OPEN)))
        .order_by(o.id)
    )
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def actor_of(engine, key: str):
    with db.session(engine) as session:
        return resolve_actor(session, require_instansi(session).id, key)[0]


def occurrences(engine, ids: list[int]) -> dict[int, store.OccurrenceRow]:
    with db.session(engine) as session:
        return store.occurrences_by_ids(session, require_instansi(session).id, ids)


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of the tables an import may touch, for a byte-for-byte comparison."""
    out = {}
    with engine.connect() as conn:
        for model in (m.Occurrence, m.Evidence, m.EvidenceRecord):
            out[model.__tablename__] = [tuple(r) for r in conn.execute(select(model).order_by(model.id))]
        out["events"] = [(conn.execute(select(func.count()).select_from(m.OccurrenceEvent)).scalar_one(),)]
    return out


def sheet_rows(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path)["Tugas"]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def fill(src: Path, dst: Path, rows: dict[int, dict[str, object]]) -> Path:
    """Copy an exported workbook, writing ``{sheet row: {column: value}}`` into it (as a user would)."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Tugas"]
    col = {c.value: c.column for c in ws[1]}
    for row, values in rows.items():
        for name, value in values.items():
            ws.cell(row=row, column=col[name], value=value)
    wb.active = wb.sheetnames.index("Petunjuk")  # saved while reading the guide: the import still finds Tugas
    wb.save(dst)
    return dst


def new_workbook(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


# --- export ---------------------------------------------------------------------------------------


def test_export_one_opd_writes_exactly_its_open_rows_and_imports_as_nothing(engine, tmp_path):
    path = tmp_path / "tugas-insp.xlsx"
    n = export_tasks(engine, path, NOW, opd="INSPEKTORAT")
    rows = sheet_rows(path)
    assert n == len(rows) == 2 and sorted(r["ID"] for r in rows) == open_ids(engine, "INSPEKTORAT")
    assert list(rows[0]) == HEADERS
    assert {(r["OPD"], r["Periode"]) for r in rows} == {("INSPEKTORAT", "2024-Q4"), ("INSPEKTORAT", "2025-Q1")}
    first = next(r for r in rows if r["Periode"] == "2024-Q4")
    assert first["Aksi"] == "Laporan pemantauan risiko SPBE triwulanan"
    assert first["Tenggat"].date() == dt.date(2025, 1, 10) and first["Status"] == label("status", "open")
    assert first["Poin"] > 0 and all(first[c] is None for c in HEADERS[8:])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tugas", "Petunjuk"] and wb["Tugas"].freeze_panes == "A2"
    guide = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "kirim" in guide and "Tautan bukti" in guide and "Semua atau tidak sama sekali" in guide
    (dv,) = wb["Tugas"].data_validations.dataValidation
    assert dv.type == "list" and "minta_perpanjangan" in dv.formula1 and "verifikasi" in dv.formula1
    before = snapshot(engine)
    assert read_import(path) == []
    assert import_tasks(engine, path, "insp.fp1", LATER).changes == []
    assert snapshot(engine) == before
    with pytest.raises(InputError) as exc:
        export_tasks(engine, tmp_path / "x.xlsx", NOW, opd="DISHUB")
    assert "DISHUB" in str(exc.value) and "KOMINFO" in str(exc.value) and not (tmp_path / "x.xlsx").exists()
    for bad, says in ((tmp_path / "x.xls", "berakhiran .xlsx"), (tmp_path / "tidak-ada" / "x.xlsx", "tidak ada")):
        with pytest.raises(InputError, match=says):
            export_tasks(engine, bad, NOW)


def test_focal_point_export_shows_own_work_and_only_their_words(engine, tmp_path):
    fp = actor_of(engine, "kominfo.fp1")
    path = tmp_path / "semua.xlsx"
    n = export_tasks(engine, path, NOW, actor=fp)  # no --opd: still only Kominfo's rows
    assert n == len(open_ids(engine, "KOMINFO")) > 200
    assert {r["OPD"] for r in sheet_rows(path)} == {"KOMINFO"}
    (dv,) = openpyxl.load_workbook(path)["Tugas"].data_validations.dataValidation
    assert dv.formula1 == '"kirim,minta_perpanjangan"'


# --- import ---------------------------------------------------------------------------------------


def test_focal_point_submits_with_links(engine, tmp_path):
    src = tmp_path / "kominfo.xlsx"
    export_tasks(engine, src, NOW, opd="KOMINFO")
    ids = [r["ID"] for r in sheet_rows(src)]
    filled = fill(
        src,
        tmp_path / "isi.xlsx",
        {
            2: {"Tindakan": "kirim", "Tautan bukti": f"{URL}\nhttps://opd.example.go.id/b.pdf"},
            3: {"Tindakan": " Kirim ", "Tautan bukti": URL, "Judul bukti": "Log", "Tanggal berlaku": "03/01/2025"},
        },
    )
    outcome = import_tasks(engine, filled, "kominfo.fp1", LATER)
    assert [(c.event, c.to_status) for c in outcome.changes] == [("submit", "submitted")] * 2
    assert [o.status for o in occurrences(engine, ids[:3]).values()].count("submitted") == 2
    with db.session(engine) as s:
        first, second = store.evidence_of(s, ids[0]), store.evidence_of(s, ids[1])
        trail = store.history(s, ids[0])
    assert [(e.url, e.channel) for e in first] == [(URL, "import"), ("https://opd.example.go.id/b.pdf", "import")]
    assert [(e.title, e.effective) for e in second] == [("Log", dt.date(2025, 1, 3))]
    assert step(trail[-1])[:3] == ("kominfo.fp1", "import", "submit")


def test_coordinator_verifies_returns_extends_rejects_and_waives(engine, tmp_path):
    a, b, c, d, e = open_ids(engine, "KOMINFO")[:5]
    due = {i: o.due for i, o in occurrences(engine, [c, e]).items()}
    act(engine, [Request(x, "submit", evidence=(EvidenceInput(URL),)) for x in (a, b)], "kominfo.fp1", "cli", NOW)
    act(
        engine,
        [Request(e, "request_extension", "Menunggu", due[e] + dt.timedelta(days=7))],
        "kominfo.fp1",
        "cli",
        NOW,
    )
    src = tmp_path / "semua.xlsx"
    export_tasks(engine, src, NOW, actor=actor_of(engine, "sekda"))
    row = {r["ID"]: n for n, r in enumerate(sheet_rows(src), start=2)}
    new_due = due[c] + dt.timedelta(days=14)
    filled = fill(
        src,
        tmp_path / "isi.xlsx",
        {
            row[a]: {"Tindakan": "verifikasi"},
            row[b]: {"Tindakan": "kembalikan", "Alasan": "Lampirkan log bulan Januari"},
            row[c]: {"Tindakan": "perpanjang", "Tenggat baru": new_due, "Alasan": "Server sedang dipindah"},
            row[d]: {"Tindakan": "Bebaskan", "Alasan": "Tidak relevan"},
            row[e]: {"Tindakan": "tolak perpanjangan", "Alasan": "Tenggat tetap"},
        },
    )
    changes = import_tasks(engine, filled, "sekda", LATER).changes
    assert sorted((ch.event, ch.to_status) for ch in changes) == [
        ("extend", "open"),
        ("reject_extension", "open"),
        ("return", "returned"),
        ("verify", "verified"),
        ("waive", "waived"),
    ]
    now = occurrences(engine, [a, b, c, d, e])
    assert [now[x].status for x in (a, b, c, d, e)] == ["verified", "returned", "open", "waived", "open"]
    assert (now[c].due, now[c].scheduled_due, now[e].due) == (new_due, due[c], due[e])
    with db.session(engine) as s:
        trail = store.history(s, b)
    assert step(trail[-1])[1:3] == ("import", "return") and trail[-1].reason == "Lampirkan log bulan Januari"


# --- all or nothing: 200 rows, one bad ------------------------------------------------------------

BAD_ROW = 137  # a sheet row in the middle of the 200 filled ones
FILLED = range(2, 202)  # sheet rows 2..201: the first 200 tasks of the export


def _unknown_id(engine, ids):
    return {"ID": 987654}, "tugas tidak ditemukan"


def _other_opd(engine, ids):
    return {"ID": open_ids(engine, "INSPEKTORAT")[0]}, "tugas tidak ditemukan"


def _verify_by_focal_point(engine, ids):
    return {"Tindakan": "verifikasi"}, "tidak berhak"


def _submit_verified(engine, ids):
    last = ids[-1]  # the export's last row, beyond the 200 filled in
    act(engine, [Request(last, "submit", evidence=(EvidenceInput(URL),))], "kominfo.fp1", "cli", NOW)
    act(engine, [Request(last, "verify")], "sekda", "cli", NOW)
    return {"ID": last}, "tidak dapat"


def _bad_url(engine, ids):
    return {"Tautan bukti": "https:///tanpa-host"}, "tidak sah"


def _bad_date(engine, ids):
    return {"Tanggal berlaku": "31/02/2025"}, "bukan tanggal"


def _duplicate_id(engine, ids):
    return {"ID": ids[0]}, "dua kali"  # the task of sheet row 2 again


SPOILERS = (_unknown_id, _other_opd, _verify_by_focal_point, _submit_verified, _bad_url, _bad_date, _duplicate_id)


def test_200_rows_with_one_bad_change_nothing_and_name_the_row(engine, tmp_path, subtests):
    """Each kind of bad row is its own import (a subtest) against one database, which must stay as it was."""
    src = tmp_path / "kominfo.xlsx"
    assert export_tasks(engine, src, NOW, opd="KOMINFO") >= 202
    ids = [r["ID"] for r in sheet_rows(src)]
    good = {r: {"Tindakan": "kirim", "Tautan bukti": f"{URL}?r={r}"} for r in FILLED}
    for spoil in SPOILERS:
        with subtests.test(kind=spoil.__name__.strip("_")):
            bad, expected = spoil(engine, ids)
            filled = fill(src, tmp_path / f"isi{spoil.__name__}.xlsx", {**good, BAD_ROW: {**good[BAD_ROW], **bad}})
            before = snapshot(engine)
            with pytest.raises(InputError) as exc:
                import_tasks(engine, filled, "kominfo.fp1", LATER)
            (problem,) = exc.value.problems
            assert problem.file == str(filled) and problem.line == BAD_ROW
            assert problem.message.startswith(f"baris {BAD_ROW}: ") and expected in problem.message
            if spoil is _other_opd:  # nothing about the other OPD's work leaks
                assert "INSPEKTORAT" not in str(exc.value) and "risiko" not in str(exc.value)
            assert snapshot(engine) == before
    # the row fixed, the same 200 rows apply together
    outcome = import_tasks(engine, fill(src, tmp_path / "isi.xlsx", good), "kominfo.fp1", LATER)
    assert len(outcome.changes) == 200
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(m.Evidence).where(m.Evidence.channel == "import"))
        assert n.scalar_one() == 200


# --- reading the workbook -------------------------------------------------------------------------


def test_every_bad_row_is_listed_at_once(tmp_path):
    path = new_workbook(
        tmp_path / "salah.xlsx",
        ["ID", "Tindakan", "Tautan bukti", "Tanggal berlaku", "Tenggat baru", "Alasan"],
        [
            [1, "kirim", URL, None, None, None],
            ["x", "kirim", URL, None, None, None],
            [3, "hapus", None, None, None, None],
            [4, "kirim", None, None, None, None],
            [5, "perpanjang", None, None, "besok", None],
            [None, None, URL, None, None, None],
            [None, None, None, None, None, None],
        ],
    )
    with pytest.raises(InputError) as exc:
        read_import(path)
    lines = [(p.line, p.message.split(":")[0]) for p in exc.value.problems]
    assert lines == [
        (3, "baris 3"),
        (4, "baris 4"),
        (5, "baris 5"),
        (6, "baris 6"),
        (6, "baris 6"),
        (7, "baris 7"),
    ]
    text = str(exc.value)
    assert "'x' bukan bilangan bulat" in text and "'hapus' tidak dikenal" in text
    assert "memerlukan minimal satu tautan bukti" in text and "'besok', bukan tanggal" in text
    assert "Tindakan kosong" in text


def test_words_dates_and_links_in_their_variants(tmp_path):
    path = new_workbook(
        tmp_path / "varian.xlsx",
        ["id", " TINDAKAN ", "Tautan  bukti", "Judul bukti", "Tanggal berlaku", "Tenggat baru", "Alasan"],
        [
            [7.0, "Minta Perpanjangan", None, None, None, dt.datetime(2025, 3, 31), "Menunggu anggaran"],
            ["8", "minta-perpanjangan", None, None, None, "2025-04-01", "x"],
            [9, "KIRIM", f"{URL} https://b.example.go.id/x", "Satu\nDua", dt.date(2025, 1, 2), None, None],
            [10, "kirim", "\\\\server\\Bukti SPBE\\laporan 2025.pdf", None, 45658, None, None],
        ],
    )
    reqs = read_import(path)
    assert [(r.occurrence_id, r.event, r.until, r.where) for r in reqs] == [
        (7, "request_extension", dt.date(2025, 3, 31), "baris 2"),
        (8, "request_extension", dt.date(2025, 4, 1), "baris 3"),
        (9, "submit", None, "baris 4"),
        (10, "submit", None, "baris 5"),
    ]
    assert [(e.url, e.title, e.effective) for e in reqs[2].evidence] == [
        (URL, "Satu", dt.date(2025, 1, 2)),
        ("https://b.example.go.id/x", "Dua", dt.date(2025, 1, 2)),
    ]
    assert [(e.url, e.effective) for e in reqs[3].evidence] == [
        ("\\\\server\\Bukti SPBE\\laporan 2025.pdf", dt.date(2025, 1, 1))
    ]


def test_a_file_that_is_not_xlsx_is_named(tmp_path):
    for name, content in (("tugas.xlsx", b"ID;Tindakan\n1;kirim\n"), ("tugas.csv", b"ID,Tindakan\n")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(InputError) as exc:
            read_import(path)
        (problem,) = exc.value.problems
        assert problem.file == str(path) and "bukan berkas Excel .xlsx" in problem.message
    with pytest.raises(InputError, match="berkas tidak ditemukan"):
        read_import(tmp_path / "tidak-ada.xlsx")


def test_a_workbook_without_the_required_columns_is_named(tmp_path):
    path = new_workbook(tmp_path / "lain.xlsx", ["Nomor", "Tindakan", "Tautan bukti"], [[1, "kirim", URL]])
    with pytest.raises(InputError) as exc:
        read_import(path)
    (problem,) = exc.value.problems
    assert problem.file == str(path) and problem.line == 1
    assert problem.message.startswith("baris 1: kolom wajib 'ID' tidak ditemukan")
