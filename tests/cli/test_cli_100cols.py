"""The CLI's tables at 100 columns (issue #14): titles wrap, the ID, dates and figures are never cut, titles say
what is shown, empty sections are left out, codes are shown by their labels.

The snapshots (tests/cli/snapshots/*.txt) are the exact text at 100 columns; after a deliberate change of a
table, regenerate them with ``SPBE_UPDATE_SNAPSHOTS=1`` and read the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from spbe_actions.adapters.formats import points as points_str
from spbe_actions.app.figures import CompletionRow, TaskView
from spbe_actions.app.tracking import History, TrailLine
from spbe_actions.cli.views import completion_table, history_tables, tasks_table, tasks_title
from spbe_actions.store.tracking import OccurrenceRow
from tests.cli.test_cli import spbe
from tests.support.plans import small_plan

SNAPSHOTS = Path(__file__).parent / "snapshots"
WIDTH = 100
LONG_TITLE = (
    "Penyusunan dan penetapan dokumen arsitektur pemerintahan digital daerah beserta peta rencana "
    "dan reviu tahunan oleh tim koordinasi"
)


def render(*renderables: object) -> str:
    console = Console(width=WIDTH, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
    for r in renderables:
        console.print(r)
    return console.export_text()


def snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("SPBE_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (SPBE_UPDATE_SNAPSHOTS=1 to accept)"


def fits(text: str) -> None:
    wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not wide, wide


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[\w.,\-/:%]+", text))


def row(i: int, title: str, status: str, due: dt.date, period: str = "2026-Q3", opd: str = "DISKOMINFO"):
    return OccurrenceRow(
        id=i,
        action_id=1,
        action_key="arsitektur",
        title=title,
        domain="policy",
        opd_id=1,
        opd_code=opd,
        period=period,
        scheduled_due=due,
        due=due,
        window_opens=due - dt.timedelta(days=30),
        status=status,
        submitted_on=None,
    )


def late_views() -> list[TaskView]:
    return [
        TaskView(row(123456, LONG_TITLE, "extension_requested", dt.date(2026, 7, 10)), 144, Fraction(6, 25)),
        TaskView(row(7, "Audit TIK", "open", dt.date(2026, 11, 20), "exp-2027-02-03", "BAPPEDA"), 12, Fraction(1)),
        TaskView(row(98765, LONG_TITLE + " (ulang)", "returned", dt.date(2026, 10, 1)), 3, Fraction(1, 8)),
    ]


def test_late_tasks_fit_100_columns_and_keep_ids_dates_and_figures_whole():
    views = late_views()
    text = render(tasks_table(views, tasks_title(len(views), late=True)))
    fits(text)
    assert text.splitlines()[0].startswith("Tugas terlambat (3)") and "Tugas terbuka" not in text
    words = words_of(text)
    figures = [points_str(v.points) for v in views]  # whatever the number style, one token each
    for whole in ("123456", "98765", "2026-07-10", "2026-11-20", "exp-2027-02-03", *figures):
        assert whole in words, whole  # never cut, never split over two lines
    assert "144 hari" in text and "12 hari" in text and "…" not in text
    for word in LONG_TITLE.split():  # the title wraps: every word is there
        assert word in words, word
    assert {"minta", "perpanjangan", "dikembalikan"} <= words and "extension_requested" not in text
    snapshot("tasks_late_100", text)


def test_task_list_titles_say_what_is_shown():
    assert tasks_title(4).startswith("Tugas terbuka (4)")
    assert tasks_title(2, late=True).startswith("Tugas terlambat (2)")
    assert tasks_title(5, due_within=14) == "Tugas jatuh tempo dalam 14 hari (5)"
    assert tasks_title(1, late=True, scope="OPD BAPPEDA").endswith("— OPD BAPPEDA")


def test_history_without_evidence_prints_no_empty_table_and_uses_labels():
    occ = row(42, LONG_TITLE, "submitted", dt.date(2026, 11, 30))
    lines = [
        TrailLine("2026-11-01 08:00 WIB", "sistem", "otomatis", "dibuat", "terjadwal", "2026-11-30", ""),
        TrailLine(
            "2026-11-20 09:15 WIB",
            "Operator SPBE Bappeda",
            "halaman tautan",
            "kirim",
            "terbuka → dikirim",
            "2026-11-30",
            "bukti: https://dokumen.example.go.id/arsitektur/2026/dokumen-final-ttd.pdf",
        ),
    ]
    tables = history_tables(History(occ, lines, []))
    assert len(tables) == 1
    text = render(*tables)
    fits(text)
    assert "Bukti dukung" not in text and "2026-11-30" in words_of(text)
    assert "dokumen-final-ttd.pdf" in text.replace("\n", "").replace(" ", "").replace("│", "")  # folded, not cut
    snapshot("history_100", text)


def test_completion_by_domain_shows_names_not_keys():
    rows = [
        CompletionRow("hr_competency", 12, 7, 3, 2, 0, Fraction(3, 40)),
        CompletionRow("coordination", 4, 3, 0, 0, 1, Fraction(0)),
    ]
    names = {"hr_competency": "SDM Pemerintah Digital", "coordination": "Kolaborasi Pemerintah Digital"}
    text = render(completion_table(rows, "domain", names))
    fits(text)
    assert "SDM Pemerintah Digital" in text and "hr_competency" not in text and "coordination" not in text
    assert {"Poin", "berisiko", points_str(Fraction(3, 40))} <= words_of(text)
    snapshot("completion_domain_100", text)


@pytest.fixture
def long_plan(tmp_path):
    """The small plan with a long action title, scheduled on 2025-01-06 (Q4 reports late on 2025-02-03)."""
    from spbe_actions import store
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.scheduling import schedule_domain
    from spbe_actions.app.setup import init_database
    from spbe_actions.store import engine as db

    data = small_plan()
    data["actions"][0]["title"] = LONG_TITLE
    url = f"sqlite:///{tmp_path / 't.db'}"
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data))
    now = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
    init_database(plan, now, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", now, until=dt.date(2025, 4, 30))
    with db.session(engine) as s:
        ids = {(r.opd_code, r.period): r.id for r in store.task_rows(s, 1, ["open", "scheduled"])}
    engine.dispose()
    env = {"SPBE_DATABASE_URL": url, "SPBE_NOW": "2025-02-03T09:00:00+07:00", "COLUMNS": str(WIDTH)}
    return env, ids


def test_the_commands_at_100_columns(long_plan):
    """The real `spbe` in a subprocess with COLUMNS=100: tasks --late, history, completion --by domain."""
    env, ids = long_plan
    res = spbe("tasks", "--late", env=env)
    assert res.returncode == 0, res.stderr
    fits(res.stdout)
    assert res.stdout.startswith("Tugas terlambat (2)") and "Tugas terbuka" not in res.stdout
    words = words_of(res.stdout)
    assert {str(ids[("KOMINFO", "2024-Q4")]), str(ids[("INSPEKTORAT", "2024-Q4")]), "2025-01-10"} <= words
    assert "24 hari" in res.stdout and "…" not in res.stdout
    assert all(w in words for w in LONG_TITLE.split())
    hist = spbe("history", ids[("KOMINFO", "2024-Q4")], env=env)
    assert hist.returncode == 0, hist.stderr
    fits(hist.stdout)
    assert "Bukti dukung" not in hist.stdout  # no evidence yet: no empty evidence table
    assert "dibuat" in hist.stdout and "create" not in hist.stdout and "open" not in hist.stdout
    comp = spbe("completion", "--by", "domain", env=env)
    fits(comp.stdout)
    assert "Manajemen Risiko SPBE" in comp.stdout and "risk" not in comp.stdout
    none = spbe("tasks", "--late", "--opd", "KOMINFO", env={**env, "SPBE_NOW": "2025-01-07T09:00:00+07:00"})
    assert none.returncode == 0 and none.stdout.strip() == "Tidak ada tugas terlambat."
