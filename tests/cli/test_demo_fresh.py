"""`make demo` twice never mixes two runs (issue #14), and `make clean` keeps .venv while `make distclean` does not."""

from __future__ import annotations

import subprocess

from spbe_actions.demo.run import fresh_output
from tests.conftest import REPO


def test_a_demo_run_removes_the_previous_runs_output_and_nothing_else(tmp_path):
    out = tmp_path / "demo-output"
    (out / "mail").mkdir(parents=True)
    (out / "mail" / "001-kominfo.eml").write_text("old mail with a dead link")
    (out / "chat").mkdir()
    (out / "chat" / "001.json").write_text("{}")
    (out / "prefect").mkdir()
    for name in ("spbe.db", "demo.env", "koordinator.txt", "laporan-spbe-kota-2026-12-01.html"):
        (out / name).write_text("old")
    (out / "catatan-saya.txt").write_text("the user's own file")
    gone = fresh_output(out)
    assert len(gone) == 7
    assert sorted(p.name for p in out.iterdir()) == ["catatan-saya.txt"]
    assert fresh_output(out) == []  # nothing left to remove: a first run works the same


def make_n(target: str) -> str:
    res = subprocess.run(["make", "-n", target], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_make_demo_starts_fresh_and_clean_keeps_the_venv():
    demo = make_n("demo").splitlines()
    wipe = next(i for i, line in enumerate(demo) if line.strip() == "rm -rf demo-output")
    run = next(i for i, line in enumerate(demo) if "spbe demo --out demo-output" in line)
    assert wipe < run
    clean, distclean = make_n("clean"), make_n("distclean")
    assert "demo-output" in clean and ".venv" not in clean
    assert "rm -rf .venv" in distclean and "demo-output" in distclean
