"""Hostile files and ids against the real `spbe` command, each run as a subprocess: exit 2, a located message, no
traceback, the database unchanged (every row of every table compared), and the child's peak memory bounded.

The memory bound (400 MB) is generous on purpose: before issue #16 the alias bomb reached 2.2 GB and the 38 MB
levels table 4.5 GB. How fast they answer is measured in bench/bench_hostile.py, not asserted here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from sqlalchemy import create_engine, inspect, text

from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import tasks
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.ids import MAX_ID
from tests.conftest import SAMPLE_PLAN
from tests.support.plans import small_plan
from tests.support.processes import Finished, run_measured

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 2025-01-06 08:00 WIB
MEMORY_MB = 400

# 342 bytes: nine anchors of nine aliases each, 9^9 (387 million) strings once expanded
BOMB = "".join(
    f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9 if prev else ['"lol"'] * 9) + "]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


def spbe(*args: object, env: dict | None = None, cwd: Path | None = None) -> Finished:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_")}
    return run_measured(
        [sys.executable, "-m", "spbe_actions", *args],
        env={**base, "SPBE_NOW": NOW.isoformat(), **(env or {})},
        cwd=cwd,
    )


def refused(res: Finished, *located: str) -> str:
    """Exit 2, no traceback, nothing on stdout, memory bounded; every ``located`` piece in stderr."""
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr[-3000:])
    assert "Traceback" not in res.stderr, res.stderr[-3000:]
    assert res.stdout == "", res.stdout
    assert res.peak_rss_mb < MEMORY_MB, res.peak_rss_mb
    for piece in located:
        assert piece in res.stderr, (piece, res.stderr)
    return res.stderr


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version included), sorted: the whole database, to compare."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted(tuple(map(repr, row)) for row in conn.execute(text(f'SELECT * FROM "{name}"')))
                for name in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def plan_text() -> str:
    return SAMPLE_PLAN.read_text(encoding="utf-8")


def first_line_of(source: str, needle: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), start=1) if needle in line)


def _block_nesting(depth: int) -> str:
    """Mappings nested ``depth`` deep in block style (one key per line, each indented one more)."""
    return "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "x\n"


def hostile_plans() -> dict[str, tuple[str, str]]:
    """name -> (file content, a piece the message must hold: file:line, or the cap that was passed)."""
    sample = plan_text()
    line = first_line_of(sample, "effective: 2025-03-14")
    lines = sample.splitlines()
    lines[9] += "\x00"
    return {
        "bomb": (BOMB, "bomb.yaml:6: YAML terlalu besar setelah alias"),
        "month": (sample.replace("effective: 2025-03-14", "effective: 2025-13-01", 1), f"month.yaml:{line}: "),
        "day": (sample.replace("effective: 2025-03-14", "effective: 2025-02-30", 1), f"day.yaml:{line}: "),
        "nul": ("\n".join(lines), "nul.yaml:10: berkas memuat karakter NUL"),
        "deep": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml:1: "),  # libyaml or our cap
        "digits": (
            sample.replace("current_year: 2024", "current_year: " + "9" * 5000, 1),
            f"digits.yaml:{first_line_of(sample, 'current_year: 2024')}: instansi.current_year: ",
        ),
        "deep-block": (_block_nesting(100), "deep-block.yaml:65: YAML bersarang terlalu dalam"),
        "huge": ("# " + "x" * (6 * 1024 * 1024) + "\n", "huge.yaml: berkas terlalu besar (6,0 MB; batas 5,0 MB)"),
    }


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory) -> str:
    """An SQLite database holding the small plan and its scheduled work (what a hostile init must not touch)."""
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'spbe.db'}"
    plan = folder / "plan.yaml"
    plan.write_text(yaml.safe_dump(small_plan(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    init_database(plan, NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    engine.dispose()
    return url


@pytest.mark.parametrize("name", list(hostile_plans()))
def test_a_hostile_plan_is_refused_by_validate_and_init_with_its_line(name, tmp_path, loaded_db):
    content, located = hostile_plans()[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(content, encoding="utf-8")
    err = refused(spbe("validate", path, cwd=tmp_path), located)
    if name in ("month", "day"):
        assert "evidence[0].effective: '2025-" in err and "bukan tanggal yang ada" in err
        assert "tulis tanggal YYYY-MM-DD yang benar" in err
    before = dump(loaded_db)
    refused(spbe("init", "--plan", path, env={"SPBE_DATABASE_URL": loaded_db}, cwd=tmp_path), located)
    assert dump(loaded_db) == before


def test_the_impossible_dates_say_what_is_wrong(tmp_path):
    plans = hostile_plans()
    for name, reason in (
        ("month", "tidak ada bulan 13"),
        ("day", "bulan 2 tahun 2025 hanya sampai tanggal 28, tidak ada tanggal 30"),
    ):
        path = tmp_path / f"{name}.yaml"
        path.write_text(plans[name][0], encoding="utf-8")
        assert reason in refused(spbe("validate", path, cwd=tmp_path))


def test_a_plan_with_anchors_within_the_cap_still_validates(tmp_path):
    plan = small_plan()
    twin = {**plan["actions"][0], "id": "risk-monitoring-2", "title": "Laporan risiko kedua"}
    plan["actions"].append(twin)  # shares its recurrence and owners: the dumper writes &id00N / *id00N
    path = tmp_path / "anchors.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert "&id001" in path.read_text(encoding="utf-8")
    res = spbe("validate", path, cwd=tmp_path)
    assert res.returncode == 0, res.stderr


def test_an_rrule_that_can_no_longer_fire_is_a_validate_error(tmp_path):
    sample = plan_text()
    old = 'DTSTART:20250101T000000\\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15"'
    assert old in sample
    spent = 'DTSTART:20240101T000000\\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15;UNTIL=20240601T000000"'
    path = tmp_path / "until.yaml"
    path.write_text(sample.replace(old, spent, 1), encoding="utf-8")
    line = first_line_of(sample, old)
    err = refused(spbe("validate", path, cwd=tmp_path), f"until.yaml:{line}: actions[")
    assert ".recurrence.rrule: RRULE ini tidak akan terjadi lagi: terakhir pada 2024-05-15" in err
    assert "sebelum hari ini (2025-01-06)" in err
    # the same rule is fine while it can still fire
    early = {"SPBE_NOW": "2024-03-01T08:00:00+07:00"}
    assert spbe("validate", path, env=early, cwd=tmp_path).returncode == 0


# --- levels tables --------------------------------------------------------------------------------------


def big_levels(path: Path, megabytes: int) -> int:
    """A levels CSV of ``megabytes`` MB, every row wrong; returns the number of data rows."""
    row = "99999,7" + "x" * 60 + "\n"
    n = megabytes * 1024 * 1024 // len(row)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("indicator,level\n")
        for _ in range(n // 1000):
            fh.write(row * 1000)
    return n // 1000 * 1000


def test_a_38_mb_levels_table_is_refused_by_its_size(tmp_path):
    path = tmp_path / "besar.csv"
    big_levels(path, 38)
    refused(
        spbe("index", "--levels", path, cwd=tmp_path), "besar.csv: berkas terlalu besar (37,9 MB; batas 1,0 MB)"
    )


def test_a_38_mb_levels_table_allowed_in_streams_and_lists_20_problems(tmp_path):
    path = tmp_path / "besar.csv"
    rows = big_levels(path, 38)
    env = {"SPBE_MAX_INPUT_MB": "50", "SPBE_MAX_ROWS": "1000000"}  # let it in: now it must stream
    err = refused(spbe("index", "--levels", path, env=env, cwd=tmp_path))
    listed = [line for line in err.splitlines() if "besar.csv:" in line]
    assert len(listed) == 20 and "besar.csv:2: " in listed[0]
    # every bad row is counted, plus the missing indicators, and none of them kept in memory
    assert f"… dan {rows - 20 + 1} masalah lain" in err, err[-500:]


def test_a_levels_table_with_more_rows_than_the_cap_stops_there(tmp_path):
    path = tmp_path / "baris.csv"
    path.write_text("indicator,level\n" + "1,3\n" * 60_000, encoding="utf-8")
    refused(spbe("index", "--levels", path, cwd=tmp_path), "baris.csv:50001: lebih dari 50000 baris")


def test_problems_beyond_the_setting_are_counted(tmp_path):
    path = tmp_path / "salah.csv"
    path.write_text("indicator,level\n" + "".join(f"{i},9\n" for i in range(1, 48)), encoding="utf-8")
    err = refused(spbe("index", "--levels", path, env={"SPBE_MAX_PROBLEMS": "5"}, cwd=tmp_path))
    assert len([ln for ln in err.splitlines() if "salah.csv:" in ln]) == 5
    assert "… dan 42 masalah lain" in err and "47 masalah ditemukan." in err


def test_binary_and_broken_levels_files_are_named(tmp_path):
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"indicator,level\n1,3\n2,\x003\n")
    refused(spbe("index", "--levels", nul, cwd=tmp_path), "nul.csv:3: ", "berkas biner")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"indicator,level\n1,3\n\xff\xfe,3\n")
    refused(spbe("index", "--levels", latin, cwd=tmp_path), "latin.csv: ", "bukan teks UTF-8")


# --- workbooks and ids against the database -----------------------------------------------------------------


def scheduled(url: str, plan: Path) -> tuple[str, list[int]]:
    """The small plan with its scheduled work; the open occurrences' ids."""
    init_database(plan, NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    ids = sorted(v.row.id for v in tasks(engine, NOW))
    engine.dispose()
    return url, ids


@pytest.fixture
def work_db(db_url, plan_file) -> tuple[str, list[int]]:
    """On SQLite and PostgreSQL: where an id meets the database's range."""
    return scheduled(db_url, plan_file())


@pytest.fixture
def lite_db(tmp_path, plan_file) -> tuple[str, list[int]]:
    """On SQLite only: the file checks come before any query, whatever the database."""
    return scheduled(f"sqlite:///{tmp_path / 'spbe.db'}", plan_file())


def workbook(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tugas"
    ws.append(["ID", "Tindakan", "Tautan bukti"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


OUT_OF_RANGE = [str(MAX_ID + 1), "99999999999", "9" * 18, str(10**30)]


def test_out_of_range_ids_are_not_found_on_the_cli(work_db, tmp_path):
    url, ids = work_db
    env = {"SPBE_DATABASE_URL": url}
    before = dump(url)
    for oid in OUT_OF_RANGE[:3]:
        sub = spbe("submit", oid, "--evidence", "https://spbe.example.go.id/b.pdf", "--as", "kominfo.fp1", env=env)
        refused(sub, f"tugas #{oid}: tugas tidak ditemukan")
    for oid in OUT_OF_RANGE[1::2]:
        refused(spbe("history", oid, env=env), f"tugas #{oid}: tugas tidak ditemukan")
    assert dump(url) == before
    # an id in range still works, so the refusals above were about the range
    ok = spbe("history", ids[0], env=env)
    assert ok.returncode == 0, ok.stderr


def test_an_import_with_an_id_of_10_to_the_30_is_not_found_and_changes_nothing(work_db, tmp_path):
    url, ids = work_db
    link = "https://spbe.example.go.id/b.pdf"
    path = workbook(
        tmp_path / "tugas.xlsx",
        [[ids[0], "kirim", link], [10**30, "kirim", link], [float(MAX_ID + 1), "kirim", link]],
    )
    before = dump(url)
    err = refused(spbe("import", path, "--as", "kominfo.fp1", env={"SPBE_DATABASE_URL": url}, cwd=tmp_path))
    assert re.search(r"tugas\.xlsx:3: .*tidak ditemukan", err) and re.search(
        r"tugas\.xlsx:4: .*tidak ditemukan", err
    )
    assert dump(url) == before  # the good first row is not applied either: all or nothing


def test_an_import_with_many_bad_rows_lists_20_and_counts_the_rest(lite_db, tmp_path):
    url, _ = lite_db
    huge_id = ["9" * 5000, "kirim", "https://spbe.example.go.id/b.pdf"]  # text digits: never converted to an int
    path = workbook(tmp_path / "salah.xlsx", [huge_id] + [[i, "terbang", ""] for i in range(1, 121)])
    before = dump(url)
    err = refused(spbe("import", path, "--as", "kominfo.fp1", env={"SPBE_DATABASE_URL": url}, cwd=tmp_path))
    listed = [ln for ln in err.splitlines() if "salah.xlsx:" in ln]
    assert len(listed) == 20 and "salah.xlsx:2: baris 2: tugas #" + "9" * 20 + "… tidak ditemukan" in listed[0]
    assert "… dan 101 masalah lain" in err and "121 masalah ditemukan." in err
    assert dump(url) == before


def test_an_oversized_or_inflating_workbook_is_refused_before_it_is_opened(lite_db, tmp_path):
    url, _ = lite_db
    env = {"SPBE_DATABASE_URL": url}
    before = dump(url)
    bomb = tmp_path / "bom.xlsx"
    chunk = b"<row/>" * 100_000
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh,
    ):
        for _ in range(210 * 1024 * 1024 // len(chunk)):
            fh.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk, 210 MB inflated
    refused(spbe("import", bomb, "--as", "kominfo.fp1", env=env, cwd=tmp_path), "bom.xlsx: ", "terurai menjadi")
    small = workbook(tmp_path / "kecil.xlsx", [[1, "kirim", "https://spbe.example.go.id/b.pdf"]])
    capped = {**env, "SPBE_MAX_INPUT_MB": "0.001"}
    refused(
        spbe("import", small, "--as", "kominfo.fp1", env=capped, cwd=tmp_path), "kecil.xlsx: berkas terlalu besar"
    )
    assert dump(url) == before
