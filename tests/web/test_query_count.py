"""The action page in at most three SQL statements per view (the token's person, instansi, occurrence, OPD and
action in one; the trail and the evidence in one; where the action's indicators stand in one), counted with
SQLAlchemy's ``before_cursor_execute`` over real HTTP, on SQLite and PostgreSQL; the list page filtered in SQL.
The page still shows what the many-query version showed (its indicator lines are checked against ``standing``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy import event, select

from spbe_actions import store
from spbe_actions.app.action_page import indicator_lines, item_view
from spbe_actions.app.checklist import standing
from spbe_actions.app.common import framework_of, open_engine, require_instansi
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.links import Claims, sign, verify
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.web.app import create_app
from tests.support.plans import small_pemdi_plan, small_plan
from tests.support.servers import serve
from tests.web.test_web import NOW, SECRET, TITLE, Web, csrf_of, running, settings_for


@contextmanager
def counted(engine) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The statements the engine runs meanwhile (a transaction's BEGIN is not a query)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _submitted(web: Web) -> str:
    """K4 submitted with two links through the page, then seen again: a trail of several rows, two evidence."""
    links = "https://spbe.example.go.id/a.pdf\nhttps://spbe.example.go.id/b.pdf"
    assert web.form_post("kominfo.fp1", "K4", "kirim", bukti=links, judul="Laporan Q4").status_code == 303
    return web.token("act", "kominfo.fp1", "K4")


def _assert_same_indicators(engine, token: str) -> None:  # type: ignore[no-untyped-def]
    """The page's indicator lines equal those computed from the whole standing (the many-query reads)."""
    view = item_view(engine, verify(SECRET, token, "act", NOW), NOW)
    assert view is not None
    with db.read(engine) as s:
        inst = require_instansi(s)
        targets = store.action_targets(s, inst.id or 0).get(view.occurrence.action_id, [])
        expected = indicator_lines(framework_of(inst), targets, standing(s, inst).levels)
    assert expected and view.indicators == expected


def test_the_item_page_takes_at_most_three_statements(db_url, plan_file):  # type: ignore[no-untyped-def]
    with running(db_url, plan_file(small_plan())) as web:
        token = _submitted(web)
        with counted(web.engine) as statements:
            page = web.client.get(f"/t/{token}")
        assert page.status_code == 200, page.text
        assert TITLE in page.text and "a.pdf" in page.text and "b.pdf" in page.text and "Laporan Q4" in page.text
        assert csrf_of(page)
        assert 1 <= len(statements) <= 3, "\n\n".join(statements)
        view = item_view(web.engine, verify(SECRET, token, "act", NOW), NOW)
        assert view is not None and len(view.evidence) == 2 and len(view.trail) >= 2
        _assert_same_indicators(web.engine, token)


def test_an_item_scored_indicator_reads_its_checklist_in_the_same_three(db_url, plan_file):  # type: ignore[no-untyped-def]
    """Pemdi: the action raises indicator 1, which its checklist items score (and an external value exists)."""
    init_database(plan_file(small_pemdi_plan()), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "policy", NOW, until=dt.date(2026, 12, 31))
    with db.write(engine) as s, s.begin():
        inst = require_instansi(s)
        s.add(
            m.ExternalValue(
                instansi_id=inst.id or 0,
                indicator="5",
                year=inst.current_year,
                value="3.5",
                measured_on=dt.date(2025, 1, 2),
                source="uji",
                entered_by="sekda",
                channel="cli",
                entered_at=NOW,
            )
        )
    with db.read(engine) as s:
        oid = s.execute(select(m.Occurrence.id)).scalars().first()
        pid = s.execute(select(m.Person.id).where(m.Person.key == "kominfo.fp1")).scalar_one()
    assert oid is not None
    token = sign(SECRET, Claims("act", pid, oid, NOW + dt.timedelta(days=30)))
    app = create_app(engine, settings_for(db_url), clock=lambda: NOW)
    try:
        with serve(app) as base, httpx.Client(base_url=base, timeout=20) as client:
            with counted(engine) as statements:
                page = client.get(f"/t/{token}")
            assert page.status_code == 200, page.text
            assert "Perbaikan laporan penerapan tata kelola Pemdi" in page.text
            assert 1 <= len(statements) <= 3, "\n\n".join(statements)
        _assert_same_indicators(engine, token)
    finally:
        engine.dispose()


def test_a_refused_token_reads_one_statement_and_says_nothing(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    with running(f"sqlite:///{tmp_path / 'w.db'}", plan_file()) as web:
        other = web.token("act", "insp.fp1", "K4")  # KOMINFO's work, an INSPEKTORAT focal point's token
        with counted(web.engine) as statements:
            page = web.client.get(f"/t/{other}")
        assert page.status_code == 403 and TITLE not in page.text
        assert len(statements) == 1


def test_the_list_page_reads_only_the_persons_opd_in_sql(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    with running(f"sqlite:///{tmp_path / 'w.db'}", plan_file()) as web:
        with counted(web.engine) as statements:
            page = web.client.get(f"/saya/{web.token('list', 'kominfo.fp1')}")
        assert page.status_code == 200 and TITLE in page.text
        task_reads = [s for s in statements if "FROM occurrence JOIN action" in s]
        assert len(task_reads) == 1 and "occurrence.opd_id = " in task_reads[0], task_reads
        assert "Inspektorat" not in page.text and "INSPEKTORAT" not in page.text
        with counted(web.engine) as statements:
            coordinator = web.client.get(f"/saya/{web.token('list', 'sekda')}")
        assert coordinator.status_code == 200 and "INSPEKTORAT" in coordinator.text


def test_the_coordinators_board_reads_the_same_statements_for_two_items_or_four(db_url, plan_file):  # type: ignore[no-untyped-def]
    """No read per item: the board's statements do not grow with the submitted work and extension requests
    it shows (evidence, files and the last request of every item in one statement each)."""
    from tests.web.test_web import coordinator

    with running(db_url, plan_file(small_plan())) as web:
        client = coordinator(web)
        assert (
            web.form_post("kominfo.fp1", "K4", "kirim", bukti="https://spbe.example.go.id/k.pdf").status_code
            == 303
        )
        sent = web.form_post("kominfo.fp1", "K1", "perpanjangan", tanggal="2025-05-09", alasan="Menunggu data")
        assert sent.status_code == 303
        with counted(web.engine) as two:
            board = client.get("/koordinator")
        assert board.status_code == 200 and board.text.count(TITLE) == 2 and "Menunggu data" in board.text
        assert (
            web.form_post("insp.fp1", "I4", "kirim", bukti="https://spbe.example.go.id/i.pdf").status_code == 303
        )
        sent = web.form_post("insp.fp1", "I1", "perpanjangan", tanggal="2025-05-12", alasan="Data dari pusat")
        assert sent.status_code == 303
        with counted(web.engine) as four:
            board = client.get("/koordinator")
        assert board.status_code == 200 and board.text.count(TITLE) == 4
        assert "i.pdf" in board.text and "k.pdf" in board.text and "Data dari pusat" in board.text
        assert "2025-05-12" in board.text
        assert len(four) == len(two), "\n\n".join(four)
        client.close()
