"""Loading a plan into a real database (SQLite file and PostgreSQL): transactional, idempotent, history kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from spbe_actions import store
from spbe_actions.app.common import open_engine
from spbe_actions.app.setup import index_pair, init_database
from spbe_actions.domain.errors import InputError
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.conftest import SAMPLE_PLAN
from tests.support.plans import small_plan

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)


def counts(url: str) -> dict[str, int]:
    engine = db.make_engine(url)
    try:
        with db.session(engine) as s:
            return {
                model.__tablename__: s.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (
                    m.Instansi,
                    m.Opd,
                    m.Person,
                    m.IndicatorOwner,
                    m.IndicatorLevel,
                    m.Action,
                    m.ActionTarget,
                    m.ActionOwner,
                    m.EvidenceRecord,
                    m.PublishedIndex,
                )
            }
    finally:
        engine.dispose()


def active(url: str, model, key: str) -> dict[str, bool]:
    engine = db.make_engine(url)
    try:
        with db.session(engine) as s:
            return dict(s.execute(select(getattr(model, key), model.active)).all())
    finally:
        engine.dispose()


def test_init_loads_every_part_of_the_plan(db_url, plan_file):
    result = init_database(plan_file(), NOW, url=db_url)
    assert (result.counts.opds, result.counts.people, result.counts.actions) == (2, 5, 2)
    assert counts(db_url) == {
        "instansi": 1,
        "opd": 2,
        "person": 5,
        "indicator_owner": 47,
        "indicator_level": 94,
        "action": 2,
        "action_target": 2,
        "action_owner": 3,
        "evidence_record": 1,
        "published_index": 2,
    }


def test_init_is_idempotent(db_url, plan_file):
    path = plan_file()
    init_database(path, NOW, url=db_url)
    first = counts(db_url)
    ids_before = active(db_url, m.Opd, "code")
    init_database(path, NOW + dt.timedelta(days=1), url=db_url)
    assert counts(db_url) == first
    assert active(db_url, m.Opd, "code") == ids_before == {"KOMINFO": True, "INSPEKTORAT": True}


def test_removed_items_are_deactivated_not_deleted_and_come_back(db_url, plan_file):
    init_database(plan_file(), NOW, url=db_url)
    data = small_plan()
    data["actions"] = data["actions"][:1]
    data["opds"][0]["focal_points"].append({"id": "kominfo.fp2", "name": "Staf", "email": "fp2@example.go.id"})
    init_database(plan_file(data), NOW, url=db_url)
    assert active(db_url, m.Action, "key") == {"risk-monitoring": True, "audit-infra": False}
    assert active(db_url, m.Person, "key")["kominfo.fp2"] is True
    init_database(plan_file(small_plan()), NOW, url=db_url)
    assert active(db_url, m.Action, "key") == {"risk-monitoring": True, "audit-infra": True}
    assert active(db_url, m.Person, "key")["kominfo.fp2"] is False


def test_levels_change_is_an_update_not_a_new_row(db_url, plan_file):
    init_database(plan_file(), NOW, url=db_url)
    data = small_plan()
    data["indicators"]["21"]["current"] = 4
    init_database(plan_file(data), NOW, url=db_url)
    engine = open_engine(db_url)
    with db.session(engine) as s:
        inst = store.instansi(s)
        assert store.levels(s, inst.id, 2024, "actual")["21"] == 4
    engine.dispose()
    assert counts(db_url)["indicator_level"] == 94


def test_a_failure_midway_writes_nothing(db_url, plan_file, monkeypatch):
    init_database(plan_file(), NOW, url=db_url)
    before = counts(db_url)
    data = small_plan()
    data["opds"].append(
        {
            "code": "BAPPEDA",
            "name": "Bappeda",
            "head": {"id": "bappeda.k", "name": "K", "email": "k@example.go.id"},
            "focal_points": [{"id": "bappeda.fp", "name": "F", "email": "f@example.go.id"}],
        }
    )

    def boom(*_a, **_k):  # fault injection after OPDs and people were written in the same transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.plan, "_load_actions", boom)
    with pytest.raises(RuntimeError):
        init_database(plan_file(data), NOW, url=db_url)
    assert counts(db_url) == before
    assert "BAPPEDA" not in active(db_url, m.Opd, "code")


def test_invalid_plan_never_touches_the_database(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'untouched.db'}"
    data = small_plan()
    data["opds"][0]["code"] = "lowercase"
    with pytest.raises(InputError):
        init_database(plan_file(data), NOW, url=url)
    assert not (tmp_path / "untouched.db").exists()


def test_sqlite_uses_wal(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    init_database(plan_file(), NOW, url=url)
    engine = db.make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_sample_plan_gives_the_published_2024_index(db_url):
    init_database(SAMPLE_PLAN, NOW, url=db_url)
    engine = open_engine(db_url)
    try:
        pair = index_pair(engine)
    finally:
        engine.dispose()
    assert (str(pair.current.value), pair.current.predicate) == ("4.32", "Memuaskan")
    assert pair.current.by_kind("domain") == {"D1": "5.00", "D2": "3.80", "D3": "3.00", "D4": "4.88"}
    assert pair.target.exact > pair.current.exact
    assert (pair.current_year, pair.target_year) == (2024, 2025)


def test_unreachable_database_is_a_clear_error_without_the_password(plan_file):
    url = "postgresql://spbe:s3cr3t-pw@127.0.0.1:1/spbe"
    with pytest.raises(InputError) as info:
        init_database(plan_file(), NOW, url=url)
    text_ = str(info.value)
    assert "s3cr3t-pw" not in text_ and "127.0.0.1:1" in text_ and "tidak dapat dipakai" in text_


def test_read_only_commands_bring_an_old_schema_up_to_date(tmp_path, plan_file):
    from sqlalchemy import inspect

    url = f"sqlite:///{tmp_path / 'old.db'}"
    init_database(plan_file(), NOW, url=url)
    engine = db.make_engine(url)
    with engine.begin() as conn:  # as a database from before revision 0007 (outbox attachments) looks
        for trigger in ("occurrence_next_step_reset", "occurrence_seen_next_step_reset"):  # (0012)
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        conn.execute(text("DROP INDEX ix_occurrence_next_step"))
        conn.execute(text("DROP INDEX ix_outbox_person_kind"))
        conn.execute(text("ALTER TABLE occurrence DROP COLUMN next_step_on"))
        conn.execute(text("DROP TABLE evidence_file"))  # (0011)
        for table in ("account", "web_session", "login_throttle"):  # (0010)
            conn.execute(text(f"DROP TABLE {table}"))
        for table in ("action_item", "evidence_item", "external_value"):  # (0009)
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE published_index DROP COLUMN framework"))
        conn.execute(text("DROP INDEX ix_occurrence_event_kind"))  # (0008)
        conn.execute(text("ALTER TABLE outbox DROP COLUMN attachment"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0006'"))
    assert not db.is_current(engine)
    engine.dispose()
    engine = open_engine(url, migrate=False)  # what `spbe status` does
    assert db.is_current(engine) and "attachment" in {c["name"] for c in inspect(engine).get_columns("outbox")}
    engine.dispose()
