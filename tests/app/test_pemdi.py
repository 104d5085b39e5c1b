"""The Indeks Pemdi end to end on a real database (SQLite file and PostgreSQL): the checklist scores indicators,
a verified action hands its items to the assessors, the coordinator records verdicts and external values
exactly, a reloaded plan keeps what changed since, an old database upgrades, and the sample plans load."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from spbe_actions import store
from spbe_actions.app.checklist import checklist, set_external, set_item_state
from spbe_actions.app.common import open_engine, require_instansi
from spbe_actions.app.overview import build
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import index_pair, init_database
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.external import ExternalInput, read_external
from spbe_actions.store import engine as db
from tests.conftest import REPO, SAMPLE_PLAN
from tests.support.plans import small_pemdi_plan, small_plan

NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)  # Tuesday 09:00 WIB
PEMDI_SAMPLE = REPO / "config" / "instansi" / "kota-mojokerto-pemdi.example.yaml"


def pemdi_engine(db_url: str, plan_file, data: dict | None = None):  # type: ignore[no-untyped-def]
    init_database(plan_file(data or small_pemdi_plan()), NOW, url=db_url)
    return open_engine(db_url)


def item_state(engine, key: str) -> str:  # type: ignore[no-untyped-def]
    with db.session(engine) as s:
        return next(r.state for r in store.items(s, require_instansi(s).id) if r.key == key)  # type: ignore[arg-type]


def test_items_and_external_values_set_the_figures(db_url, plan_file):
    engine = pemdi_engine(db_url, plan_file)
    ov = build(engine, NOW)
    # see tests/support/plans.py: 257 -> 2.57; every item accepted 272, and the audit raises 9 from 3 to 4
    # (weight 4): 276 -> 2.76. The open items hold back 0.15 index points; all four external values awaited.
    assert (str(ov.current.value), ov.current.predicate) == ("2.57", "Baik")
    assert str(ov.projected.value) == "2.76"
    assert ov.items_open == Fraction(15, 100)
    assert {k: (s.achieved, s.ceiling) for k, s in ov.items.items()} == {"1": (2, 4), "13": (1, 2)}
    assert ov.awaited == ["5", "6", "7", "18"]
    assert [(p.year, str(p.value), p.framework) for p in ov.history] == [
        (2023, "3.10", "permenpanrb-59-2020"),
        (2024, "3.36", "permenpanrb-59-2020"),
    ]
    view = checklist(engine)
    assert [(x.row.key, x.points) for x in view.lines[:3]] == [  # most points first, then by indicator
        ("tk-3b", Fraction(10, 100)),
        ("tk-4a", Fraction(5, 100)),
        ("ap-1a", Fraction(5, 100)),
    ]
    assert next(x for x in view.lines if x.row.key == "tk-3b").actions == ["tk-laporan"]
    # 5 at 2.87 (weight 5): + 5 x 1.87 = 9.35 -> 266.35 -> exactly 2.6635, published 2.66 (never a float)
    set_external(
        engine, [ExternalInput("5", Decimal("2.87"), dt.date(2026, 11, 20), "Bappenas, SDI 2026")], "sekda", NOW
    )
    ov = build(engine, NOW)
    assert ov.current.exact == Fraction(26635, 10000) and str(ov.current.value) == "2.66"
    assert ov.awaited == ["6", "7", "18"] and ov.external["5"].value == "2.87"
    engine.dispose()


def test_a_verified_action_hands_its_items_to_the_assessors(db_url, plan_file):
    engine = pemdi_engine(db_url, plan_file)
    schedule_domain(engine, "policy", NOW - dt.timedelta(days=300), until=dt.date(2026, 3, 31))
    with db.session(engine) as s:
        (occ,) = store.task_rows(s, require_instansi(s).id, ["scheduled", "open"], domain="policy")  # type: ignore[arg-type]
    evidence = (EvidenceInput("https://dokumen.example.go.id/tk/laporan-revisi.pdf"),)
    act(engine, [Request(occ.id, "submit", evidence=evidence)], "kominfo.fp1", "cli", NOW)
    assert item_state(engine, "tk-3b") == "revisi"  # a submission alone changes nothing for the assessors
    outcome = act(engine, [Request(occ.id, "verify")], "sekda", "cli", NOW)
    assert outcome.items == ["tk-3b"] and item_state(engine, "tk-3b") == "proses"
    assert build(engine, NOW).items["1"].achieved == 2  # with the assessors is not accepted yet
    # the assessors accept it: levels 1-3 complete -> level 3, + 5 x 1 = 262 -> 2.62
    assert set_item_state(engine, "tk-3b", "diterima", "sekda", NOW, note="diterima asesor") == (
        "proses",
        "diterima",
    )
    ov = build(engine, NOW)
    assert (ov.items["1"].achieved, str(ov.current.value)) == (3, "2.62")
    # reloading the plan (which still says "revisi") keeps the verdict recorded since...
    init_database(plan_file(small_pemdi_plan()), NOW, url=db_url)
    assert item_state(engine, "tk-3b") == "diterima"
    # ... unless the plan dates its state on or after that change
    data = small_pemdi_plan()
    data["items"][3].update(state="revisi", since="2026-12-02")
    init_database(plan_file(data), NOW, url=db_url)
    assert item_state(engine, "tk-3b") == "revisi"
    engine.dispose()


def test_coordinator_inputs_are_checked_all_or_nothing(tmp_path, plan_file):
    engine = pemdi_engine(f"sqlite:///{tmp_path / 'p.db'}", plan_file)
    good = ExternalInput("6", Decimal("3.5"), dt.date(2026, 10, 1), "BIG, simpul JIGD 2026")
    bad = [
        ExternalInput("1", Decimal("3"), dt.date(2026, 10, 1), "bukan eksternal"),  # not external
        ExternalInput("7", Decimal("5.5"), dt.date(2027, 1, 1), " "),  # beyond the scale, future date, no source
    ]
    with pytest.raises(InputError) as exc:
        set_external(engine, [good, *bad], "sekda", NOW)
    messages = " | ".join(p.message for p in exc.value.problems)
    assert len(exc.value.problems) == 4, messages
    assert "bukan indikator eksternal" in messages and "5.5" in messages and "2027-01-01" in messages
    with pytest.raises(InputError, match="bukan koordinator"):
        set_external(engine, [good], "kominfo.fp1", NOW)
    with pytest.raises(InputError, match="tidak dikenal"):
        set_item_state(engine, "tk-3b", "lulus", "sekda", NOW)
    with pytest.raises(InputError, match="tk-9z"):
        set_item_state(engine, "tk-9z", "diterima", "sekda", NOW)
    assert build(engine, NOW).awaited == ["5", "6", "7", "18"]  # nothing was written
    # the XLSX the coordinator fills in: values as Excel stores them (floats) come back as their exact decimals
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["indicator", "value", "date", "source"])
    ws.append(["6", 3.5, dt.datetime(2026, 10, 1), "BIG, simpul JIGD 2026"])
    ws.append([7, 2.87, "2026-10-15", "BPS, EPSS 2026"])
    wb.save(tmp_path / "eksternal.xlsx")
    entries = read_external(tmp_path / "eksternal.xlsx")
    assert [(e.indicator, e.value, e.measured_on) for e in entries] == [
        ("6", Decimal("3.5"), dt.date(2026, 10, 1)),
        ("7", Decimal("2.87"), dt.date(2026, 10, 15)),
    ]
    assert set_external(engine, entries, "sekda", NOW, channel="import") == 2
    assert build(engine, NOW).awaited == ["5", "18"]
    engine.dispose()


def downgrade(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_an_old_database_upgrades_with_each_year_under_the_plans_framework(db_url, plan_file):
    """Migration 0009 on a database from revision 0008: history rows get the instansi's framework."""
    init_database(plan_file(small_plan()), NOW, url=db_url)
    engine = db.make_engine(db_url)
    downgrade(engine, "0011")  # the later revisions through their own downgrades, the rest by hand below
    with engine.begin() as conn:  # as a database at revision 0008 looks
        for table in (
            "evidence_file",
            "account",
            "web_session",
            "login_throttle",
            "action_item",
            "evidence_item",
            "external_value",
        ):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE published_index DROP COLUMN framework"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    engine.dispose()
    engine = open_engine(db_url)
    with db.session(engine) as s:
        rows = store.published_history(s, require_instansi(s).id)  # type: ignore[arg-type]
    assert [(r.year, r.value, r.framework) for r in rows] == [
        (2023, "3.10", "permenpanrb-59-2020"),
        (2024, "3.36", "permenpanrb-59-2020"),
    ]
    assert build(engine, NOW).items == {}
    engine.dispose()


def test_the_two_samples_load(tmp_path):
    """The 59/2020 sample still reproduces 4.32 (exactly 4.315); the Pemdi sample shows 2024 as SPBE history."""
    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    init_database(SAMPLE_PLAN, NOW, url=url)
    engine = open_engine(url)
    pair = index_pair(engine)
    assert (str(pair.current.value), pair.current.predicate, pair.current.exact) == (
        "4.32",
        "Memuaskan",
        Fraction(4315, 1000),
    )
    engine.dispose()
    url = f"sqlite:///{tmp_path / 'pemdi.db'}"
    init_database(PEMDI_SAMPLE, NOW, url=url)
    engine = open_engine(url)
    pair = index_pair(engine)
    assert (pair.framework.id, pair.current_year) == ("pemdi-2026", 2026)
    last = pair.history[-1]
    assert (last.year, str(last.value), last.predicate, last.index_name) == (
        2024,
        "4.32",
        "Memuaskan",
        "Indeks SPBE",
    )
    assert len(checklist(engine).summary) >= 3
    engine.dispose()
