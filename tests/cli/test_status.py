"""`spbe status`: figures hand-computed on the small plan, and the command never imports Prefect."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

from spbe_actions.app.common import open_engine
from spbe_actions.app.overview import build, projected_levels
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.store.rows import Target
from tests.conftest import REPO
from tests.support.plans import small_plan

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)


def test_projected_levels_take_the_highest_action_target():
    targets = {7: [Target("1", 4)], 8: [Target("1", 5), Target("2", 3)], 9: [Target("99", 5)]}
    assert projected_levels({"1": 3, "2": 4}, targets) == {
        "1": 5,
        "2": 4,
    }


def test_status_figures_by_hand(db_url, plan_file):
    # all 47 indicators at 3 except 21 and 29 at 2 (weight 1.50 each): (300 - 1.5 - 1.5) / 100 = 2.97 Baik;
    # the two actions raise 21 and 29 to 3: projected 3.00 Baik. On 2025-01-23 both owners' 2024-Q4 risk
    # reports (due 2025-01-10) are late: 2 x 1.50/100 x (3 - 2) = 0.03 index points at risk.
    init_database(plan_file(small_plan()), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    s = build(engine, LATER)
    assert (s.current.value, s.current.predicate) == (Decimal("2.97"), "Baik")
    assert (s.projected.value, s.projected.predicate) == (Decimal("3.00"), "Baik")
    assert s.at_risk == Fraction(3, 100)
    assert (s.still_open, s.late_count, s.waived) == (4, 2, 0)
    assert [r.group for r in s.opds[:5]] == ["INSPEKTORAT", "KOMINFO"]
    engine.dispose()


def test_status_cli_shows_the_figures_without_importing_prefect(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 's.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    engine.dispose()
    code = (
        "import sys\nfrom spbe_actions.cli import app\n"
        "try:\n    app(['status'])\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print('PREFECT', sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'))\n"
    )
    env = {**os.environ, "SPBE_DATABASE_URL": url, "SPBE_NOW": LATER.isoformat()}
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())
    for text in ("2,97 Baik", "3,00 Baik", "0,030", "D3 Manajemen SPBE", "INSPEKTORAT", "PREFECT []"):
        assert text in out, text


def test_a_missing_sqlite_file_is_named_and_never_created(tmp_path):
    missing = tmp_path / "volume-not-mounted" / "spbe.db"
    env = {**os.environ, "SPBE_DATABASE_URL": f"sqlite:///{missing}"}
    for args in (["status"], ["tasks"], ["remind", "--dry-run"]):
        res = subprocess.run(
            [sys.executable, "-m", "spbe_actions", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=60,
        )
        assert res.returncode == 2 and str(missing) in res.stderr and "spbe init" in res.stderr, (args, res.stderr)
        assert "Traceback" not in res.stderr and not missing.exists() and not missing.parent.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    env["SPBE_DATABASE_URL"] = f"sqlite:///{blocked / 'spbe.db'}"
    res = subprocess.run(
        [sys.executable, "-m", "spbe_actions", "init"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert res.returncode == 2 and "tidak dapat dibuat" in res.stderr and "Traceback" not in res.stderr, res.stderr
