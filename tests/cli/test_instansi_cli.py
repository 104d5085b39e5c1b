"""Every command that reads or changes an instansi's data, on a database of three instansi: without --instansi it
exits 2 listing the codes; with it (or SPBE_INSTANSI) it acts on that instansi only."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import tasks
from spbe_actions.cli import app
from tests.app.test_instansi import NOW, setup_three
from tests.support.plans import ZONES

runner = CliRunner()
CODE = "kota-tengah"


@pytest.fixture
def env(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'tiga.db'}"
    setup_three(url, plan_file)
    engine = open_engine(url)
    ids = {  # each instansi's work, KOMINFO's first (its focal point kominfo.fp1 may act on those)
        code: sorted((v.row.opd_code != "KOMINFO", v.row.id) for v in tasks(engine, NOW, instansi=code))
        for code in ZONES
    }
    ids = {code: [i for _, i in rows] for code, rows in ids.items()}
    engine.dispose()
    return {"SPBE_DATABASE_URL": url, "SPBE_NOW": NOW.isoformat()}, ids, tmp_path


def run(env: dict, *args: object) -> tuple[int, str, str]:
    res = runner.invoke(app, [str(a) for a in args], env=env)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout, res.stderr


def commands(ids: dict[str, list[int]], tmp) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    a, b, c = ids[CODE][:3]
    until = (NOW + dt.timedelta(days=120)).date().isoformat()
    return [
        ("tasks",),
        ("completion", "--by", "domain"),
        ("history", a),
        ("submit", a, "--evidence", "https://e.example.go.id/a.pdf", "--as", "kominfo.fp1"),
        ("verify", a, "--as", "sekda"),
        ("request-extension", b, "--until", until, "--reason", "menunggu data", "--as", "kominfo.fp1"),
        ("extend", b, "--until", until, "--reason", "disetujui", "--as", "sekda"),
        ("waive", c, "--reason", "tidak relevan", "--as", "sekda"),
        ("export", tmp / "tugas.xlsx"),
        ("schedule", "--dry-run"),
        ("calendar", "--year", "2025"),
        ("status",),
        ("report", "--out", tmp / "laporan"),
        ("outbox",),
    ]


def test_every_command_needs_the_instansi_and_then_acts_on_it(env):
    base, ids, tmp = env
    for args in commands(ids, tmp):
        code, out, err = run(base, *args)
        assert code == 2 and "--instansi" in err and all(c in err for c in ZONES), (args, code, out, err)
        assert "Traceback" not in err and out == "", args
        code, out, err = run(base, *args, "--instansi", CODE)
        assert code == 0, (args, out, err)
    # SPBE_INSTANSI means the same as --instansi
    assert run({**base, "SPBE_INSTANSI": CODE}, "status")[0] == 0
    assert "Kota Tengah" in run({**base, "SPBE_INSTANSI": CODE}, "status")[1]


def test_commands_show_and_change_only_that_instansi(env):
    base, ids, tmp = env
    listed = run(base, "tasks", "--instansi", "kota-timur")[1]
    first = {line.split()[0] for line in listed.splitlines() if line.strip()}  # the ID opens a task's row
    assert all(str(i) in first for i in ids["kota-timur"][:2])
    assert not any(str(i) in first for i in ids["kota-barat"])
    # an occurrence of another instansi is not found, even for a person with the same key there
    code, _, err = run(base, "submit", ids["kota-barat"][0], "--evidence", "https://e.example.go.id/b.pdf",
                       "--as", "kominfo.fp1", "--instansi", "kota-timur")  # fmt: skip
    assert code == 2 and "tidak ditemukan" in err
    assert "Kota Timur" in run(base, "calendar", "--year", "2025", "--instansi", "kota-timur")[1]
    paths = run(base, "report", "--out", tmp / "laporan", "--instansi", "kota-timur")[1]
    assert "laporan-spbe-kota-timur-" in paths and "kota-barat" not in paths


def test_remind_covers_every_instansi_and_names_people_with_theirs(env):
    base, _, _ = env
    friday = (NOW + dt.timedelta(days=4)).isoformat()
    code, out, _ = run(base, "remind", "--dry-run", "--full", "--now", friday)
    assert code == 0
    for who, when in (("kominfo.fp1@kota-barat", "08.00 WIB"), ("kominfo.fp1@kota-timur", "10.00 WIT")):
        assert any(who in line and when in line for line in out.splitlines()), (who, out[:2000])
    code, out, _ = run(base, "remind", "--dry-run", "--full", "--now", friday, "--instansi", CODE)
    assert code == 0 and "kota-barat" not in out and "Kota Tengah" in out
