"""The `spbe` CLI contract, run as a real subprocess: exit codes, stdout/stderr discipline, JSON shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from openpyxl import Workbook

from spbe_actions.adapters import config
from tests.conftest import REPO, SAMPLE_PLAN
from tests.support.plans import small_plan

# pytest-xdist gives its workers COLUMNS=80 and the CLI honours COLUMNS: the subprocess gets the pipe default
# (140) unless a test sets COLUMNS itself (tests/cli/test_cli_100cols.py runs at 100).
INHERITED = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}


def spbe(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spbe_actions", *map(str, args)],
        capture_output=True,
        text=True,
        env={**INHERITED, **(env or {})},
        timeout=600,  # a bound for a hung command, not a timing: the demo takes ~60 s on an idle machine
        cwd=REPO,
    )


def write_levels(path, rows, header="indicator,level"):
    path.write_text(header + "\n" + "".join(f"{i},{lv}\n" for i, lv in rows), encoding="utf-8")
    return path


def sample_levels() -> dict[str, int]:
    plan, _ = config.plan(SAMPLE_PLAN)
    return {k: v.current for k, v in plan.indicators.items()}


def test_index_json_reproduces_the_sample_2024_result(tmp_path):
    path = write_levels(tmp_path / "lv.csv", sample_levels().items())
    res = spbe("index", "--levels", path, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data == {
        "framework": "permenpanrb-59-2020",
        "index": "4.32",
        "index_exact": "4.315",
        "predicate": "Memuaskan",
        "domains": {"D1": "5.00", "D2": "3.80", "D3": "3.00", "D4": "4.88"},
        "aspects": data["aspects"],
        # keys added by issue #13 (the contract allows new keys): the framework's own words
        "index_name": "Indeks SPBE",
        "provisional": False,
        "external": [],
    }
    assert list(data["aspects"]) == [f"A{i}" for i in range(1, 9)]
    assert res.stdout.count("\n") == 1  # exactly one JSON object


def test_index_json_reproduces_the_regulation_examples(tmp_path):
    # Aspect 2 with levels 3, 4, 3, 2 -> 3.00; domain 2 with aspects 3.00, 4.00, 3.00 -> 3.40.
    # (The third example, domains 3.70/3.40/3.00/3.20 -> 3.28, has no integer levels behind D4 = 3.20;
    #  it is checked on the arithmetic itself in test_index.py.)
    levels = {str(i): 3 for i in range(1, 48)} | {"11": 3, "12": 4, "13": 3, "14": 2}
    data = json.loads(spbe("index", "--levels", write_levels(tmp_path / "a.csv", levels.items()), "--json").stdout)
    assert data["aspects"]["A2"] == "3.00"
    levels = {str(i): 3 for i in range(1, 48)} | {str(i): 4 for i in range(15, 19)}
    data = json.loads(spbe("index", "--levels", write_levels(tmp_path / "d.csv", levels.items()), "--json").stdout)
    assert (data["aspects"]["A2"], data["aspects"]["A3"], data["aspects"]["A4"]) == ("3.00", "4.00", "3.00")
    assert data["domains"]["D2"] == "3.40"


def test_index_accepts_xlsx_and_semicolon_csv(tmp_path):
    wb = Workbook()
    wb.active.append(["indicator", "level"])
    for ind, lv in sample_levels().items():
        wb.active.append([int(ind), lv])
    wb.save(tmp_path / "lv.xlsx")
    assert json.loads(spbe("index", "--levels", tmp_path / "lv.xlsx", "--json").stdout)["index"] == "4.32"
    semi = tmp_path / "semi.csv"
    semi.write_text("indicator;level\n" + "".join(f"{i};{lv}\n" for i, lv in sample_levels().items()))
    assert json.loads(spbe("index", "--levels", semi, "--json").stdout)["index"] == "4.32"


def test_predicate_basis_is_selectable(tmp_path):
    # 59/2020, every indicator at 3 (300) plus 9 service indicators of weight 2.75 raised by 2: 300 + 49.5
    # -> exact 3.495, published 3.50. Basis 'exact' reads Baik (< 3.5), basis 'rounded' reads Sangat Baik.
    levels = {str(i): 3 for i in range(1, 48)}
    for i in range(32, 41):
        levels[str(i)] = 5  # +2 each: 9 * 2 = 18 levels gained
    path = write_levels(tmp_path / "b.csv", levels.items())
    exact = json.loads(spbe("index", "--levels", path, "--json", "--predicate-basis", "exact").stdout)
    rounded = json.loads(spbe("index", "--levels", path, "--json", "--predicate-basis", "rounded").stdout)
    assert exact["index_exact"] == "3.495" and exact["index"] == "3.50"
    assert (exact["predicate"], rounded["predicate"]) == ("Baik", "Sangat Baik")


def test_index_pemdi_has_no_domains(tmp_path):
    path = write_levels(tmp_path / "p.csv", [(str(i), 4) for i in range(1, 21)])
    data = json.loads(spbe("index", "--levels", path, "--framework", "pemdi-2026", "--json").stdout)
    assert data["domains"] == {} and len(data["aspects"]) == 7 and data["predicate"] == "Memuaskan"


def test_index_pemdi_names_itself_its_levels_and_that_it_is_provisional(tmp_path):
    """ACCEPTANCE (#13): the Pemdi name, the regulation's level names and the provisional note."""
    path = write_levels(tmp_path / "p.csv", [(str(i), 3) for i in range(1, 21)])
    res = spbe("index", "--levels", path, "--framework", "pemdi-2026")
    assert res.returncode == 0, res.stderr
    text = " ".join(res.stdout.split())
    assert "Indeks Pemerintah Digital" in text and "Indeks SPBE" not in text
    assert "1 Merintis · 2 Membangun · 3 Berkembang · 4 Melembaga · 5 Unggul" in text
    assert "Kerangka SEMENTARA" in text and "sumber sekunder" in text and "PermenPANRB 8/2026" in text
    assert "5 (Bappenas)" in text and "Rintisan" not in text
    data = json.loads(spbe("index", "--levels", path, "--framework", "pemdi-2026", "--json").stdout)
    assert data["index_name"] == "Indeks Pemerintah Digital" and data["provisional"] is True
    assert "SEMENTARA" in data["provisional_note"] and data["external"] == ["5", "6", "7", "18"]


def test_index_takes_decimals_for_external_indicators_only(tmp_path):
    # 5 (weight 5) at 2.87 and 6 (weight 3) at "3,5" (Excel in id-ID); the rest at 3:
    # (3 x 92 + 2.87 x 5 + 3.5 x 3) / 100 = (276 + 14.35 + 10.5) / 100 = 3.0085 -> 3.01, exactly
    rows = [(str(i), 3) for i in range(1, 21)]
    rows[4], rows[5] = ("5", "2.87"), ("6", '"3,5"')
    data = json.loads(
        spbe(
            "index", "--levels", write_levels(tmp_path / "x.csv", rows), "--framework", "pemdi-2026", "--json"
        ).stdout
    )
    assert (data["index"], data["index_exact"]) == ("3.01", "3.0085")
    rows[0] = ("1", "3.5")  # not external: whole levels only
    rows[6] = ("7", "5.2")  # external but beyond the scale
    res = spbe("index", "--levels", write_levels(tmp_path / "y.csv", rows), "--framework", "pemdi-2026")
    assert res.returncode == 2 and res.stdout == "" and "Traceback" not in res.stderr
    assert "baris 2" in res.stderr and "desimal hanya untuk indikator eksternal: 5, 6, 7, 18" in res.stderr
    assert "baris 8" in res.stderr and "'5.2'" in res.stderr and "eksternal '7'" in res.stderr
    # on 59/2020 nothing is external: 3.5 stays a mistake, with no hint about decimals
    spbe_rows = [(k, v) for k, v in sample_levels().items()]
    spbe_rows[0] = ("1", "3.5")
    res = spbe("index", "--levels", write_levels(tmp_path / "z.csv", spbe_rows))
    assert res.returncode == 2 and "bilangan bulat" in res.stderr and "desimal" not in res.stderr


def test_index_bad_rows_exit_2_one_line_each(tmp_path):
    rows = [(str(i), 3) for i in range(1, 45)]  # 45-47 missing
    rows[4] = ("5", 0)  # row 6: level out of range
    rows[5] = ("6", "x")  # row 7: not a number
    rows[9] = ("99", 3)  # row 11: unknown id (and 10 becomes missing)
    rows.append(("3", 4))  # row 46: duplicate of row 4
    res = spbe("index", "--levels", write_levels(tmp_path / "bad.csv", rows), "--json")
    assert res.returncode == 2 and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert "Traceback" not in res.stderr
    problems = lines[:-1]
    assert len(problems) == 5, lines
    assert any("baris 6" in x and "'0'" in x for x in problems)
    assert any("baris 7" in x and "'x'" in x for x in problems)
    assert any("baris 11" in x and "'99'" in x for x in problems)
    assert any("baris 46" in x and "baris 4" in x for x in problems)
    assert any("10, 45, 46, 47" in x for x in problems)


@pytest.mark.parametrize(
    "content, expect",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "CSV/XLSX"),
        (b"indikator,tingkat\n1,3\n", "indicator,level"),
        (b"", "indicator,level"),
    ],
)
def test_index_rejects_non_tables(tmp_path, content, expect):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    res = spbe("index", "--levels", path)
    assert res.returncode == 2 and res.stdout == "" and expect in res.stderr and "Traceback" not in res.stderr


def test_index_usage_errors_exit_2(tmp_path):
    assert spbe("index", "--levels", tmp_path / "nope.csv").returncode == 2
    path = write_levels(tmp_path / "ok.csv", sample_levels().items())
    assert spbe("index", "--levels", path, "--predicate-basis", "fuzzy").returncode == 2
    res = spbe("index", "--levels", path, "--framework", "no-such")
    assert res.returncode == 2 and "permenpanrb-59-2020" in res.stderr


def test_index_human_output_is_a_table(tmp_path):
    res = spbe("index", "--levels", write_levels(tmp_path / "lv.csv", sample_levels().items()))
    assert res.returncode == 0
    for text in ("D1", "A8", "Layanan Publik Berbasis Elektronik", "4.32", "Memuaskan", "Indeks SPBE"):
        assert text in res.stdout


def test_index_and_validate_never_import_prefect(tmp_path):
    path = write_levels(tmp_path / "lv.csv", sample_levels().items())
    code = (
        "import sys\nfrom spbe_actions.cli import app\n"
        "for argv in (['index', '--levels', sys.argv[1], '--json'], ['validate', sys.argv[2]]):\n"
        "    try:\n        app(argv)\n    except SystemExit as e:\n        assert e.code in (0, None), e.code\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'prefect')\n"
        "print('PREFECT', bad)\n"
    )
    res = subprocess.run([sys.executable, "-c", code, str(path), str(SAMPLE_PLAN)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "PREFECT []" in res.stdout


def test_validate_reports_every_problem_and_exits_2(tmp_path):
    import yaml

    data = small_plan()
    data["opds"][0]["focal_points"][0]["email"] = "x"
    data["actions"][0]["owners"].append("DISHUB")
    data["actions"][1]["priority"] = "urgent"
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    res = spbe("validate", path)
    assert res.returncode == 2 and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 4 and lines[-1] == "3 masalah ditemukan."
    assert all(line.startswith(f"{path}:") for line in lines[:3])


def test_validate_ok_and_init_twice(tmp_path):
    res = spbe("validate", SAMPLE_PLAN)
    assert res.returncode == 0 and "15 OPD" in res.stdout
    env = {"SPBE_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    for _ in range(2):
        res = spbe("init", "--plan", SAMPLE_PLAN, env=env)
        assert res.returncode == 0, res.stderr
        assert "Pemerintah Kota Mojokerto" in res.stdout


def test_init_with_a_broken_database_url_exits_2(tmp_path):
    res = spbe("init", "--plan", SAMPLE_PLAN, env={"SPBE_DATABASE_URL": "postgresql://u:pw-123@127.0.0.1:1/x"})
    assert res.returncode == 2 and "pw-123" not in res.stderr + res.stdout and "Traceback" not in res.stderr


def test_demo_prints_current_and_target_index(tmp_path):
    # the demo runs the Indeks Pemdi sample (issue #13) and still shows the published 2024 SPBE result
    res = spbe("demo", "--out", tmp_path / "demo", env={"SPBE_NOW": "2026-12-01T09:00+07:00"})
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "2024 4.32 Memuaskan (Indeks SPBE, PermenPANRB 59/2020)" in out
    assert "Indeks saat ini (2026)" in out and "Indeks target (2027)" in out
    assert "Indeks Pemerintah Digital" in out and "Kerangka SEMENTARA" in out
    assert (tmp_path / "demo" / "spbe.db").exists()


def _init(tmp_path) -> dict:
    env = {"SPBE_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    assert spbe("init", "--plan", SAMPLE_PLAN, env=env).returncode == 0
    return env


def test_schedule_dry_run_lists_changes_and_writes_nothing(tmp_path):
    env = _init(tmp_path)
    res = spbe("schedule", "--dry-run", "--domain", "risk", "--until", "2027-06-30", env=env)
    assert res.returncode == 0, res.stderr
    assert "uji coba" in res.stdout and "risk: akan dibuat: risk-" in res.stdout
    res2 = spbe("schedule", "--dry-run", "--domain", "risk", "--until", "2027-06-30", env=env)
    assert res2.stdout == res.stdout  # nothing was saved, so the same changes are still pending


def test_schedule_bad_input_exits_2(tmp_path):
    env = _init(tmp_path)
    res = spbe("schedule", "--dry-run", "--domain", "risiko", env=env)
    assert (
        res.returncode == 2 and "risiko" in res.stderr and "risk" in res.stderr and "Traceback" not in res.stderr
    )
    assert spbe("schedule", "--dry-run", "--until", "30-06-2027", env=env).returncode == 2


def test_calendar_lists_holidays_cuti_bersama_and_moved_dues(tmp_path):
    env = _init(tmp_path)
    res = spbe("calendar", "--year", "2025", env=env)
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "Senin, 31 Maret 2025" in out and "libur nasional" in out  # Idul Fitri
    assert "Kamis, 3 April 2025" in out and "cuti bersama" in out
    assert "Jumat, 20 Juni 2025" in out and "libur daerah" in out  # Hari Jadi Kota Mojokerto (sample plan)
    assert "Tenggat yang digeser" in out


def test_schedule_dry_run_does_not_import_prefect(tmp_path):
    env = _init(tmp_path)
    code = (
        "import sys\nfrom spbe_actions.cli import app\n"
        "try:\n    app(['schedule', '--dry-run', '--domain', 'risk'])\nexcept SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "print('PREFECT', sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env})
    assert res.returncode == 0, res.stderr
    assert "PREFECT []" in res.stdout


def _tracked(tmp_path) -> tuple[dict, dict]:
    """A small plan with the risk domain materialised on 2025-01-06; returns env and {(opd, period): id}."""
    import datetime as dt

    import yaml

    from spbe_actions import store
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.scheduling import schedule_domain
    from spbe_actions.app.setup import init_database
    from spbe_actions.store import engine as db

    url = f"sqlite:///{tmp_path / 't.db'}"
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(small_plan()))
    now = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
    init_database(plan, now, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", now, until=dt.date(2025, 4, 30))
    with db.session(engine) as s:
        ids = {(r.opd_code, r.period): r.id for r in store.task_rows(s, 1, ["open", "scheduled"])}
    engine.dispose()
    return {"SPBE_DATABASE_URL": url, "SPBE_NOW": "2025-02-03T09:00:00+07:00"}, ids


def test_tracking_commands_end_to_end(tmp_path):
    env, ids = _tracked(tmp_path)
    kom, insp = ids[("KOMINFO", "2024-Q4")], ids[("INSPEKTORAT", "2024-Q4")]
    res = spbe("tasks", "--as", "insp.fp1", env=env)
    assert res.returncode == 0 and "INSPEKTORAT" in res.stdout and "KOMINFO" not in res.stdout
    late = spbe("tasks", "--late", env=env).stdout
    assert "24 hari" in late and "2025-Q1" not in late  # Q4 reports were due 2025-01-10; Q1 is not due yet
    assert "2025-Q1" not in spbe("tasks", "--due-within", "14d", env=env).stdout
    assert "2025-Q1" in spbe("tasks", "--due-within", "70", env=env).stdout
    res = spbe(
        "submit", kom, "--evidence", "https://dokumen.example.go.id/risiko-q4.pdf", "--as", "kominfo.fp1", env=env
    )
    assert res.returncode == 0 and "terbuka → dikirim" in res.stdout, res.stderr  # labels, not codes
    res = spbe("verify", kom, "--as", "kominfo.fp1", env=env)
    assert res.returncode == 2 and "tidak berhak" in res.stderr and "Traceback" not in res.stderr
    assert spbe("verify", kom, "--as", "sekda", env=env).returncode == 0
    res = spbe("submit", insp, "--evidence", "https://x.example.go.id/a.pdf", "--as", "kominfo.fp1", env=env)
    assert res.returncode == 2 and "tidak ditemukan" in res.stderr and "INSPEKTORAT" not in res.stderr
    res = spbe("extend", insp, "--until", "2025-02-20", "--reason", "rapat ditunda", "--as", "sekda", env=env)
    assert res.returncode == 0 and "2025-02-20" in res.stdout
    hist = " ".join(spbe("history", kom, env=env).stdout.split())
    for text in (
        "dibuat",
        "kirim",
        "verifikasi",
        "Operator",
        "Sekretaris",
        "risiko-q4.pdf",
        "terverifikasi",
    ):
        assert text in hist
    res = spbe("history", kom, "--as", "insp.fp1", env=env)
    assert res.returncode == 2 and "tidak ditemukan" in res.stderr
    comp = spbe("completion", "--by", "domain", env=env)
    assert comp.returncode == 0 and "Manajemen Risiko SPBE" in comp.stdout and "risk " not in comp.stdout


def test_tracking_usage_errors_exit_2(tmp_path):
    env, ids = _tracked(tmp_path)
    kom = ids[("KOMINFO", "2024-Q4")]
    assert spbe("return", kom, "--as", "sekda", env=env).returncode == 2  # --reason is required
    assert spbe("submit", kom, "--as", "kominfo.fp1", env=env).returncode == 2  # --evidence is required
    res = spbe("submit", kom, "--evidence", "ftp://x/y", "--as", "kominfo.fp1", env=env)
    assert res.returncode == 2 and "http" in res.stderr
    res = spbe("tasks", "--due-within", "dua minggu", env=env)
    assert res.returncode == 2 and "14d" in res.stderr
    res = spbe("tasks", env={**env, "SPBE_NOW": "kemarin"})
    assert res.returncode == 2 and "SPBE_NOW" in res.stderr
    res = spbe("verify", kom, "--as", "siapa", env=env)
    assert res.returncode == 2 and "siapa" in res.stderr


def test_export_then_import_round_trip(tmp_path):
    from openpyxl import load_workbook

    env, ids = _tracked(tmp_path)
    xlsx = tmp_path / "kominfo.xlsx"
    res = spbe("export", xlsx, "--opd", "KOMINFO", "--as", "kominfo.fp1", env=env)
    assert res.returncode == 0 and "2 tugas" in res.stdout, res.stderr
    wb = load_workbook(xlsx)
    ws = wb["Tugas"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in ("ID", "Tindakan", "Tautan bukti")}
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col["ID"]).value == ids[("KOMINFO", "2024-Q4")]:
            ws.cell(row, col["Tindakan"]).value = "kirim"
            ws.cell(row, col["Tautan bukti"]).value = "https://dokumen.example.go.id/q4.pdf"
    wb.save(xlsx)
    res = spbe("import", xlsx, "--as", "kominfo.fp1", env=env)
    assert res.returncode == 0 and "1 perubahan" in res.stdout, res.stderr
    hist = spbe("history", ids[("KOMINFO", "2024-Q4")], env=env).stdout
    assert "impor Excel" in hist and "q4.pdf" in hist
    res = spbe("import", xlsx, "--as", "kominfo.fp1", env=env)  # the same sheet again: now an illegal transition
    assert res.returncode == 2 and "baris" in res.stderr and "Traceback" not in res.stderr


def test_plan_migrate_writes_a_pemdi_plan_that_validates(tmp_path):
    """ACCEPTANCE (#13): `spbe plan migrate` on the 59/2020 sample gives a plan `spbe validate` accepts."""
    new = tmp_path / "kota-pemdi.yaml"
    res = spbe("plan", "migrate", SAMPLE_PLAN, "--to", "pemdi-2026", "-o", new)
    assert res.returncode == 0, res.stderr
    out = " ".join(
        res.stdout.split()
    )  # Rich wraps at the pipe's 80 columns; a long temporary path moves the break
    assert "indikator diperkirakan" in out and "Pelindungan Data Pribadi" in out  # listed: no source
    ok = spbe("validate", new)
    assert ok.returncode == 0, ok.stderr
    assert "Pemerintah Kota Mojokerto, 15 OPD" in ok.stdout
    plan, fw = config.plan(new)
    assert fw.id == "pemdi-2026" and plan.instansi.current_year == 2026
    assert plan.instansi.history()[-1] == (2024, plan.instansi.history()[-1][1], "permenpanrb-59-2020")
    assert str(plan.instansi.history()[-1][1]) == "4.32"
    assert (
        plan.indicators["1"].estimate and plan.indicators["1"].current == 4
    )  # floor of the mean of 1, 2, 10-13, 19
    assert plan.indicators["5"].current is None  # external: Bappenas gives it
    text = new.read_text(encoding="utf-8")
    assert "PERKIRAAN dari tingkat lama" in text and "SEMENTARA" in text
    again = spbe("plan", "migrate", SAMPLE_PLAN, "--to", "pemdi-2026", "-o", new)
    assert again.returncode == 2 and "sudah ada" in again.stderr  # never overwritten without --force
    same = spbe("plan", "migrate", new, "--to", "pemdi-2026", "-o", tmp_path / "x.yaml")
    assert same.returncode == 2 and "sudah memakai" in same.stderr and not (tmp_path / "x.yaml").exists()


def test_checklist_and_external_commands(tmp_path, plan_file):
    from tests.support.plans import small_pemdi_plan

    env = {"SPBE_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}", "SPBE_NOW": "2026-12-01T09:00+07:00"}
    assert spbe("init", "--plan", plan_file(small_pemdi_plan()), env=env).returncode == 0
    res = spbe(
        "external",
        "set",
        "5",
        "2,87",
        "--date",
        "2026-11-20",
        "--source",
        "Bappenas, SDI 2026",
        "--as",
        "sekda",
        env=env,
    )
    assert res.returncode == 0, res.stderr
    bad = spbe("external", "set", "1", "3.5", "--date", "2026-11-20", "--source", "x", "--as", "sekda", env=env)
    assert bad.returncode == 2 and "bukan indikator eksternal" in bad.stderr and "Traceback" not in bad.stderr
    items = " ".join(spbe("items", env=env).stdout.split())
    assert "tk-3b" in items and "perlu revisi" in items and "menunggu nilai eksternal" in items and "2.87" in items
    state = spbe("item-state", "tk-3b", "diterima", "--as", "sekda", env=env)
    assert state.returncode == 0 and "perlu revisi → diterima" in state.stdout
    denied = spbe("item-state", "tk-4a", "diterima", "--as", "kominfo.fp1", env=env)
    assert denied.returncode == 2 and "bukan koordinator" in denied.stderr
    status = " ".join(spbe("status", env=env).stdout.split())
    # 266.35 (see test_pemdi) + tk-3b accepted (level 3 for indicator 1: + 5) = 271.35 -> 2.71
    assert "Status Pemdi" in status and "Indeks Pemdi sekarang (2026)" in status and "2,71 Baik" in status
    assert "Kerangka SEMENTARA" in status and "Terakhir dengan instrumen lama 2024: Indeks SPBE 3,36" in status
