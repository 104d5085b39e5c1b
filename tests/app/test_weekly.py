"""Weekly digests: the coordinator gets the whole picture with the report attached, each Kepala OPD only their
own agency; once per ISO week per person."""

from __future__ import annotations

import datetime as dt

from spbe_actions.adapters.notify import Smtp
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.weekly import queue_weekly
from tests.support.plans import small_plan
from tests.support.servers import SmtpServer

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
MONDAY = dt.datetime(2025, 1, 27, 0, 0, tzinfo=dt.UTC)  # Monday 07:00 WIB, ISO week 2025-W05


def test_weekly_digests_reach_the_coordinator_with_the_report_and_heads_with_their_agency(
    db_url, plan_file, tmp_path
):
    init_database(plan_file(small_plan()), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    report = tmp_path / "laporan-spbe.html"
    report.write_text("<html><body><h1>Laporan SPBE</h1></body></html>", encoding="utf-8")
    assert queue_weekly(engine, MONDAY, report) == 3  # sekda + the heads of KOMINFO and INSPEKTORAT
    assert queue_weekly(engine, MONDAY + dt.timedelta(hours=5), report) == 0  # same week: nothing new
    with SmtpServer() as smtp:
        assert dispatch(engine, MONDAY, smtp=Smtp("127.0.0.1", smtp.port, sender="spbe@example.go.id")).sent == 3
        (coord,) = smtp.to("sekda@example.go.id")
        (kadis,) = smtp.to("kominfo-kadis@example.go.id")
    assert "Ringkasan mingguan" in coord.subject and "2,97 Baik" in coord.subject
    names = [part.get_filename() for part in coord.message.iter_attachments()]
    assert names == ["laporan-spbe.html"]
    body = kadis.part("plain")
    assert "untuk KOMINFO" in body and "KOMINFO: Laporan pemantauan risiko" in body
    assert "INSPEKTORAT" not in body  # a Kepala OPD sees their own agency only
    assert list(kadis.message.iter_attachments()) == []
    assert queue_weekly(engine, MONDAY + dt.timedelta(days=7), report) == 3  # the next week: new digests
    engine.dispose()
